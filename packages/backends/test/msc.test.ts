/**
 * The multi-spin-coded Metropolis sampler (docs/probabilistic.md §5): the wasm kernel is
 * bit-identical to the TypeScript reference, every replica samples the exact Boltzmann
 * distribution of enumerable ±1 models, and unsupported models are refused.
 */
import { describe, expect, test } from 'vitest';
import { Rng, SpecError } from '@spinsnn/core';
import { IsingModel, MscSampler, mscThresholds, popcount } from '@spinsnn/backends';
import { pmTorus } from '../../../test/support/ising.js';

/** Random ±1 graph: each pair an edge with probability p. */
function randomGraph(n: number, p: number, seed: number): IsingModel {
  const rng = new Rng(seed);
  const from: number[] = [],
    to: number[] = [],
    J: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      if (rng.uniform() < p) {
        from.push(i);
        to.push(j);
        J.push(rng.uniform() < 0.5 ? 1 : -1);
      }
  return IsingModel.fromEdges(n, from, to, J);
}

describe('MscSampler', () => {
  test('the wasm kernel is bit-identical to the TypeScript reference (replicas, flips, generator state)', () => {
    const m = randomGraph(300, 0.04, 1); // degrees ~12: both the 3-plane and the 6-plane counter paths
    let low = 0,
      high = 0;
    for (let i = 0; i < m.n; i++) m.rowPtr[i + 1] - m.rowPtr[i] <= 7 ? low++ : high++;
    expect(low).toBeGreaterThan(10);
    expect(high).toBeGreaterThan(10);
    const run = (kernel: 'wasm' | 'js') => {
      const rng = new Rng(2);
      const s = new MscSampler(m, rng, { kernel });
      s.randomise();
      let flips = 0;
      for (let k = 0; k < 60; k++) flips += s.sweep(0.1 + 0.05 * k);
      return { kernel: s.kernel, s: Array.from(s.s), flips, next: rng.nextUint32() };
    };
    const w = run('wasm'),
      j = run('js');
    expect(w.kernel).toBe('wasm');
    expect(j.kernel).toBe('js');
    expect(w.s).toEqual(j.s);
    expect(w.flips).toBe(j.flips);
    expect(w.next).toBe(j.next);
  });

  test('the 128-replica v128 kernel (words 4) is bit-identical to its TypeScript twin on both counter paths', () => {
    // degrees ~15: the ripple path (d ≤ 7) and the carry-save one (four neighbours at a time, then
    // the d mod 4 rest one by one), against the TypeScript twin's ripple per neighbour
    const m = randomGraph(300, 0.05, 7);
    const deg = Array.from({ length: m.n }, (_, i) => m.rowPtr[i + 1] - m.rowPtr[i]);
    expect(deg.filter((d) => d <= 7).length).toBeGreaterThan(3);
    expect(deg.filter((d) => d > 7 && d <= 15).length).toBeGreaterThan(10);
    expect(deg.filter((d) => d > 15).length).toBeGreaterThan(10);
    for (let r = 0; r < 4; r++) expect(deg.filter((d) => d > 7 && d % 4 === r).length).toBeGreaterThan(10);
    const run = (kernel: 'wasm' | 'js') => {
      const rng = new Rng(3);
      const s = new MscSampler(m, rng, { kernel, words: 4 });
      s.randomise();
      let flips = 0;
      for (let k = 0; k < 40; k++) flips += s.sweep(0.1 + 0.06 * k);
      return { kernel: s.kernel, s: Array.from(s.s), flips, next: rng.nextUint32(), e: s.energy(100) };
    };
    const w = run('wasm'),
      j = run('js');
    expect(w.kernel).toBe('wasm');
    expect(w.s).toEqual(j.s);
    expect(w.flips).toBe(j.flips);
    expect(w.next).toBe(j.next);
    expect(w.e).toBe(j.e);
  });

  test('words 4: the four 32-replica groups draw their own random numbers (they decorrelate from equal starts)', () => {
    const m = pmTorus(8, 9);
    const s = new MscSampler(m, new Rng(4), { words: 4 });
    for (let i = 0; i < m.n; i++) s.s.fill(0, 4 * i, 4 * i + 4); // all 128 replicas start equal
    s.sweep(0.4, 20);
    // replicas of one word share r and stay equal; words differ
    for (let w = 0; w < 4; w++) for (let i = 0; i < m.n; i++) expect([0, 0xffffffff]).toContain(s.s[4 * i + w]);
    let differ = 0;
    for (let i = 0; i < m.n; i++) if (s.s[4 * i] !== s.s[4 * i + 1]) differ++;
    expect(differ).toBeGreaterThan(5);
  });

  test('thresholds are 2^32·min(1, e^(−2β(2a − d))), non-increasing in a', () => {
    const t = mscThresholds(4, 0.7);
    for (let a = 0; a <= 4; a++) expect(t[4 * 5 + a]).toBeCloseTo(4294967296 * Math.min(1, Math.exp(-0.7 * 2 * (2 * a - 4))), 3);
    expect(popcount(0xffffffff)).toBe(32);
    expect(popcount(0x80000001)).toBe(2);
  });

  test.each([
    ['random graph, 11 spins, edge probability 1/2', randomGraph(11, 0.5, 3), 0.45, 1],
    ['4×4 torus (degree 4)', pmTorus(4, 4), 0.6, 1],
    ['random graph, 11 spins, 128 replicas (words 4)', randomGraph(11, 0.5, 3), 0.45, 4],
    ['4×4 torus, 128 replicas (words 4)', pmTorus(4, 4), 0.6, 4],
  ] as const)('every replica samples exp(−βE): pair correlations ⟨m_i m_j⟩ of %s within 5 SE of enumeration', (_name, m, beta, words) => {
    const n = m.n;
    // exact ⟨m_i m_j⟩ by enumerating 2^n states
    const exact = new Float64Array(n * n);
    let z = 0;
    const spin = new Int8Array(n);
    for (let c = 0; c < 1 << n; c++) {
      for (let i = 0; i < n; i++) spin[i] = (c >> i) & 1 ? 1 : -1;
      const w = Math.exp(-beta * m.energy(spin));
      z += w;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) exact[i * n + j] += w * spin[i] * spin[j];
    }
    for (let k = 0; k < exact.length; k++) exact[k] /= z;
    const s = new MscSampler(m, new Rng(5), { words });
    s.randomise();
    s.sweep(beta, 200);
    const W = words;
    // batch means over 20 batches of the replica- and sweep-averaged correlations (replicas share
    // random numbers and successive sweeps are correlated: the batch spread carries both)
    const B = 20,
      per = 1000;
    const batch = Array.from({ length: B }, () => new Float64Array(n * n));
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < per; t++) {
        s.sweep(beta);
        for (let i = 0; i < n; i++)
          for (let j = i + 1; j < n; j++) {
            let agree = 0;
            for (let w = 0; w < W; w++) agree += 32 - popcount((s.s[i * W + w] ^ s.s[j * W + w]) >>> 0);
            batch[b][i * n + j] += (2 * agree - 32 * W) / (32 * W) / per;
          }
      }
    }
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const k = i * n + j;
        const mean = batch.reduce((a, x) => a + x[k], 0) / B;
        const sd = Math.sqrt(batch.reduce((a, x) => a + (x[k] - mean) ** 2, 0) / (B - 1));
        expect(Math.abs(mean - exact[k]), `⟨m${i} m${j}⟩`).toBeLessThan(5 * (sd / Math.sqrt(B)) + 1e-9);
      }
  });

  test('refuses fields, weights other than ±1 and degrees above 63 (SpecError)', () => {
    expect(() => new MscSampler(IsingModel.fromEdges(2, [0], [1], 2), new Rng(1))).toThrow(SpecError);
    expect(() => new MscSampler(IsingModel.fromEdges(2, [0], [1], 1, [0.5, 0]), new Rng(1))).toThrow(/h = 0/);
    const n = 70;
    expect(
      () =>
        new MscSampler(
          IsingModel.fromEdges(
            n,
            Array(n - 1).fill(0),
            Array.from({ length: n - 1 }, (_, k) => k + 1),
            1,
          ),
          new Rng(1),
        ),
    ).toThrow(/degrees ≤ 63/);
  });
});
