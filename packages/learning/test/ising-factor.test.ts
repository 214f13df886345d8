import { describe, expect, it } from 'vitest';
import { Rng } from '@spinsnn/core';
import {
  PbitMachine,
  binaryToSpin,
  decodeMultiplier,
  evaluatePolynomial as evaluate,
  factorEncoding,
  factorHubo,
  factorQuadratic,
  factorise,
  clampedModel,
  factoriseWithMultiplier,
  monomialVars,
  multiplierCircuit,
  semiprimes,
  spinsFromCode,
} from '@spinsnn/learning';

describe('factorisation on p-bits', () => {
  it('N = 35 with 3-bit factors gives the spin polynomial worked out in docs/ising.md §3a', () => {
    const enc = factorEncoding(35, { pBits: 3, qBits: 3 });
    expect(enc.pbits).toBe(4); // x1, x2, y1, y2
    const spin = binaryToSpin(enc.cost);
    // docs/ising.md: E = 546 − 112(m_x1+m_y1) − 224(m_x2+m_y2) + 84(m_x1m_x2 + m_y1m_y2) − 6 m_x1m_y1
    //   − 12(m_x1m_y2 + m_x2m_y1) − 24 m_x2m_y2 + 32(m_x1m_x2m_y1 + m_x1m_y1m_y2)
    //   + 64(m_x1m_x2m_y2 + m_x2m_y1m_y2) + 16 m_x1m_x2m_y1m_y2, with x1,x2,y1,y2 = vars 0,1,2,3
    const expected: Record<string, number> = {
      '': 546,
      '0': -112,
      '2': -112,
      '1': -224,
      '3': -224,
      '0,1': 84,
      '2,3': 84,
      '0,2': -6,
      '0,3': -12,
      '1,2': -12,
      '1,3': -24,
      '0,1,2': 32,
      '0,2,3': 32,
      '0,1,3': 64,
      '1,2,3': 64,
      '0,1,2,3': 16,
    };
    expect(Object.fromEntries([...spin].filter(([, c]) => c !== 0))).toEqual(expected);
    // ground states: E = 0 only at 5 × 7 and 7 × 5; the next level is 100 (pq = 25)
    const model = factorHubo(enc);
    const levels = Array.from({ length: 16 }, (_, c) => model.energy(spinsFromCode(c, 4))).sort((a, b) => a - b);
    expect(levels.slice(0, 3)).toEqual([0, 0, 100]);
  });

  it('N = 161 = 7 × 23 with 3 + 5 bits: 6 p-bits and 44 HUBO terms, unique ground state (docs/ising.md §3a)', () => {
    const enc = factorEncoding(161, { pBits: 3, qBits: 5 });
    expect(enc.pbits).toBe(6);
    const model = factorHubo(enc);
    expect(model.terms).toBe(43); // 44 terms counting the constant
    const zeros = Array.from({ length: 64 }, (_, c) => c).filter((c) => model.energy(spinsFromCode(c, 6)) === 0);
    expect(zeros.length).toBe(1);
    const x = Array.from(spinsFromCode(zeros[0], 6), (m) => (m + 1) / 2);
    expect(enc.decode(x)).toEqual({ p: 7, q: 23 });
  });

  it('the quadratised (pairwise) model has its zero-energy states exactly at the factorisations', () => {
    const enc = factorEncoding(35, { pBits: 3, qBits: 3 });
    const { model, auxiliaries } = factorQuadratic(enc);
    expect(auxiliaries).toBe(4); // 4 + 4 = 8 p-bits as in docs/ising.md
    expect(model.n).toBe(8);
    const found: string[] = [];
    for (let c = 0; c < 256; c++) {
      const m = spinsFromCode(c, 8);
      const e = model.energy(m);
      expect(e).toBeGreaterThanOrEqual(-1e-9);
      if (Math.abs(e) < 1e-9) {
        const { p, q } = enc.decode(Array.from(m, (s) => (s + 1) / 2));
        found.push(`${p}x${q}`);
      }
    }
    expect(found.sort()).toEqual(['5x7', '7x5']);
  });

  it("binary → spin rewriting preserves the polynomial's value at every point", () => {
    const enc = factorEncoding(221);
    const spin = binaryToSpin(enc.cost);
    for (let c = 0; c < 1 << enc.pbits; c += 7) {
      const m = spinsFromCode(c, enc.pbits);
      const x = Array.from(m, (s) => (s + 1) / 2);
      expect(evaluate(spin, m)).toBeCloseTo(evaluate(enc.cost, x), 6);
    }
    for (const k of spin.keys()) expect(monomialVars(k).length).toBeLessThanOrEqual(4); // at most 4-body terms
  });

  it('every semiprime up to 945 (283 of them, as Borders et al. 2019 reached 945) multiplies back to N', () => {
    const picked = semiprimes(4, 945);
    expect(picked.length).toBe(283);
    for (const N of picked) {
      const r = factorise(N, new Rng(1, N));
      expect(r.correct, `N = ${N}`).toBe(true);
      expect(r.p * r.q).toBe(N);
      expect(r.p).toBeGreaterThan(1);
      expect(r.q).toBeLessThan(N);
    }
  });

  it('a prime has no zero-energy state: factorise reports failure instead of a wrong answer', () => {
    const r = factorise(941, new Rng(2), { maxSweeps: 3000 });
    expect(r.correct).toBe(false);
  });

  it('invertible multiplier for N = 15: with the product clamped, the only zero-energy state is 3 × 5', () => {
    const c = multiplierCircuit(15);
    const free = Array.from({ length: c.model.n }, (_, i) => i).filter((i) => !c.clampIdx.includes(i));
    expect(free.length).toBe(c.freePbits);
    expect(free.length).toBeLessThanOrEqual(12); // enumerable
    const m = new Int8Array(c.model.n);
    c.clampIdx.forEach((v, k) => (m[v] = c.clampVal[k]));
    const zeros: string[] = [];
    let second = Infinity;
    for (let code = 0; code < 1 << free.length; code++) {
      free.forEach((v, b) => (m[v] = (code >>> b) & 1 ? 1 : -1));
      const e = c.model.energy(m);
      if (Math.abs(e) < 1e-9) {
        const { p, q } = decodeMultiplier(c, m);
        zeros.push(`${p}x${q}`);
      } else second = Math.min(second, e);
    }
    expect(zeros).toEqual(['3x5']);
    expect(second).toBeGreaterThanOrEqual(1 - 1e-9); // integer gate penalties: a gap of at least 1
  });

  it('clampedModel: every state of the free spins has the energy of its completion in the clamped circuit', () => {
    const c = multiplierCircuit(143);
    const red = clampedModel(c.model, c.clampIdx, c.clampVal);
    expect(red.model.n).toBe(c.freePbits);
    const rng = new Rng(12);
    const m = new Int8Array(red.model.n);
    for (let t = 0; t < 200; t++) {
      for (let i = 0; i < m.length; i++) m[i] = rng.uniform() < 0.5 ? -1 : 1;
      const full = red.full(m);
      c.clampIdx.forEach((v, k) => expect(full[v]).toBe(c.clampVal[k]));
      expect(red.model.energy(m)).toBeCloseTo(c.model.energy(full), 9);
    }
    expect(() => clampedModel(c.model, [0], [0])).toThrow(/\+1 or −1/);
  });

  it('parallel tempering on the clamped multiplier with balanced widths factors 16-bit 251 × 241 (product checked)', () => {
    const r = factoriseWithMultiplier(60491, new Rng(2), { replicas: 24, balanced: true, maxSweeps: 200_000 });
    expect(r.correct).toBe(true);
    expect([r.p, r.q]).toEqual([241, 251]);
    // balanced widths: 8 × 8 AND gates instead of 8 × 15
    expect(r.gates.and).toBe(64);
    expect(multiplierCircuit(60491).gates.and).toBe(8 * 15);
  });

  it('the clamped multiplier run backwards on p-bits factors odd semiprimes (products checked)', () => {
    for (const N of [15, 35, 143, 221, 943]) {
      const r = factoriseWithMultiplier(N, new Rng(3, N), { maxSweeps: 200_000 });
      expect(r.correct, `N = ${N}`).toBe(true);
      expect(r.p * r.q).toBe(N);
    }
    // a clamped p-bit never moves
    const c = multiplierCircuit(35);
    const machine = new PbitMachine(c.model, new Rng(4));
    machine.clamp(c.clampIdx, c.clampVal);
    for (let s = 0; s < 20; s++) machine.sweep(0.5);
    c.clampIdx.forEach((v, k) => expect(machine.spins[v]).toBe(c.clampVal[k]));
  });
});
