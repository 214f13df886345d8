import { SpecError, type Rng } from '@spinsnn/core';
import { HuboMachine, HuboModel } from './hubo.js';
import { anneal } from './anneal.js';
import type { IsingModel, PbitParams } from '@spinsnn/backends';
import { isingFromQubo } from './model.js';
import { addInto, binaryToSpin, constant, multiply, variable, type Polynomial } from './polynomial.js';
import { betaSequence } from './schedule.js';

/**
 * Factorisation as an energy minimum (docs/ising.md §3a): p and q in binary with free bits as binary
 * variables, E = (N − p·q)², which is 0 exactly at factorisations. For odd N both factors are odd,
 * so their lowest bit is fixed to 1 (Borders et al. 2019). Widths make trivial answers
 * unrepresentable: p ≤ √N, q ≤ N/3 (odd N) or N/2 (even N), so E = 0 ⇔ N = p·q with 1 < p ≤ q < N.
 */
export interface FactorEncoding {
  readonly n: number;
  /** Bits of p and q (including a fixed LSB). */
  readonly pBits: number;
  readonly qBits: number;
  /** Whether the lowest bits are fixed to 1 (odd N). */
  readonly oddFixed: boolean;
  /** Number of p-bits (free binary variables): x for p's bits, then y for q's. */
  readonly pbits: number;
  /** E = (N − pq)² over the binary variables. */
  readonly cost: Polynomial;
  /** p and q from the values (0/1) of the variables. */
  decode(x: ArrayLike<number>): { p: number; q: number };
}

const bitLength = (v: number): number => (v <= 0 ? 0 : Math.floor(Math.log2(v)) + 1);

/** Bit widths and layout of the factoring problem N = p·q. */
export function factorEncoding(N: number, widths?: { pBits: number; qBits: number }): FactorEncoding {
  if (!Number.isSafeInteger(N) || N < 4 || N > 2 ** 40) throw new SpecError('factor.n', 'a whole number in [4, 2^40]', N);
  const odd = N % 2 === 1;
  const pBits = widths?.pBits ?? bitLength(Math.floor(Math.sqrt(N)));
  const qBits = widths?.qBits ?? bitLength(Math.floor(N / (odd ? 3 : 2)));
  const first = odd ? 1 : 0; // lowest free bit
  const nx = pBits - first,
    ny = qBits - first;
  const p = bitsPoly(first, pBits, 0, odd);
  const q = bitsPoly(first, qBits, nx, odd);
  const diff = addInto(constant(N), multiply(p, q, 'binary'), -1);
  const cost = multiply(diff, diff, 'binary');
  return {
    n: N,
    pBits,
    qBits,
    oddFixed: odd,
    pbits: nx + ny,
    cost,
    decode(x) {
      let pv = odd ? 1 : 0,
        qv = odd ? 1 : 0;
      for (let k = 0; k < nx; k++) pv += x[k] * 2 ** (k + first);
      for (let k = 0; k < ny; k++) qv += x[nx + k] * 2 ** (k + first);
      return { p: pv, q: qv };
    },
  };
}

/** Σ_{k=first}^{bits−1} 2^k v_{base+k−first} (+1 when the LSB is fixed). */
function bitsPoly(first: number, bits: number, base: number, fixedOne: boolean): Polynomial {
  const p: Polynomial = fixedOne ? constant(1) : new Map();
  for (let k = first; k < bits; k++) addInto(p, variable(base + k - first, 2 ** k));
  return p;
}

/** The cost in spins (x = (1 + m)/2) as a higher-order Ising model. */
export function factorHubo(enc: FactorEncoding): HuboModel {
  return new HuboModel(enc.pbits, binaryToSpin(enc.cost));
}

/**
 * Pairwise version for a 2-body p-bit fabric (docs/ising.md §3a): each product x_i y_j becomes an
 * auxiliary z_ij, which makes N − pq linear and its square quadratic, plus the Rosenberg penalty
 * λ(x y − 2xz − 2yz + 3z) (0 iff z = xy, else ≥ 1). Returns the model and the auxiliaries count.
 */
export function factorQuadratic(enc: FactorEncoding, lambda?: number): { model: IsingModel; auxiliaries: number } {
  const first = enc.oddFixed ? 1 : 0;
  const nx = enc.pBits - first;
  // N − pq with pq = Σ_{a,b} 2^{a+b} X_a Y_b, X_a ∈ {1 (fixed), x}, Y_b likewise; x·y → z.
  const lin: Polynomial = constant(enc.n);
  const quads: [number, number, number][] = []; // (x var, y var, z var)
  let next = enc.pbits;
  for (let a = 0; a < enc.pBits; a++) {
    for (let b = 0; b < enc.qBits; b++) {
      const w = 2 ** (a + b);
      const xa = a >= first ? a - first : -1; // −1: the fixed 1
      const yb = b >= first ? nx + b - first : -1;
      if (xa < 0 && yb < 0) addInto(lin, constant(-w));
      else if (xa < 0) addInto(lin, variable(yb, -w));
      else if (yb < 0) addInto(lin, variable(xa, -w));
      else {
        quads.push([xa, yb, next]);
        addInto(lin, variable(next++, -w));
      }
    }
  }
  const cost = multiply(lin, lin, 'binary');
  // λ must exceed what a wrong z could save in (N − pq)²; N² bounds that cost, so λ = N² is safe.
  const lam = lambda ?? Math.max(1, enc.n) ** 2;
  for (const [x, y, z] of quads) {
    addInto(cost, multiply(variable(x), variable(y), 'binary'), lam);
    addInto(cost, multiply(variable(x), variable(z), 'binary'), -2 * lam);
    addInto(cost, multiply(variable(y), variable(z), 'binary'), -2 * lam);
    addInto(cost, variable(z), 3 * lam);
  }
  const entries: [number, number, number][] = [];
  let c0 = 0;
  for (const [k, c] of cost) {
    const v = k === '' ? [] : k.split(',').map(Number);
    if (v.length === 0) c0 += c;
    else if (v.length === 1) entries.push([v[0], v[0], c]);
    else entries.push([v[0], v[1], c]);
  }
  return { model: isingFromQubo(next, entries, c0), auxiliaries: quads.length };
}

/** Outcome of factoring: N, the factors found, sweeps and runs used. */
export interface FactorResult {
  readonly n: number;
  readonly p: number;
  readonly q: number;
  /** p·q = N with 1 < p ≤ q < N. */
  readonly correct: boolean;
  readonly pbits: number;
  readonly terms: number;
  readonly sweeps: number;
  readonly updates: number;
  readonly restarts: number;
  readonly wallS: number;
}

/** Options of `factorise`: sweeps per run, budget, schedule, seed. */
export interface FactorOptions {
  /** Sweeps per annealing run. */
  readonly sweepsPerRun?: number;
  /** Give up after this many sweeps in total. */
  readonly maxSweeps?: number;
  readonly encoding?: 'hubo' | 'quadratic';
  readonly device?: PbitParams;
}

/**
 * Anneals the factorisation cost with p-bits, restarting until E = 0 (a factorisation) or the
 * sweep budget is spent. β is scaled by the cost's size: the hot end makes a typical single-bit
 * energy change ~1 kT, the cold end makes the smallest nonzero gap (≥ 4: N − pq is even for odd
 * factors, ≥ 1 in general) ≫ kT.
 */
export function factorise(N: number, rng: Rng, o: FactorOptions = {}): FactorResult {
  const t0 = performance.now();
  const enc = factorEncoding(N);
  const sweepsPerRun = o.sweepsPerRun ?? Math.max(200, 20 * enc.pbits * enc.pbits);
  const maxSweeps = o.maxSweeps ?? 1_000_000;
  const betaHot = 1 / (N * N);
  const betaCold = 4;
  let sweeps = 0,
    updates = 0,
    restarts = 0,
    terms = 0,
    pbits = enc.pbits;
  let found: { p: number; q: number } | null = null;
  const binOf = (m: ArrayLike<number>): number[] => Array.from({ length: enc.pbits }, (_, i) => (m[i] > 0 ? 1 : 0));
  if (o.encoding === 'quadratic') {
    const { model, auxiliaries } = factorQuadratic(enc);
    pbits = enc.pbits + auxiliaries;
    terms = model.edges + pbits;
    while (!found && sweeps < maxSweeps) {
      const r = anneal(model, rng, {
        sweeps: sweepsPerRun,
        schedule: { kind: 'geometric', beta0: betaHot / 4, beta1: betaCold },
        targetEnergy: 0.5,
        device: o.device,
      });
      sweeps += r.sweeps;
      updates += r.updates;
      restarts++;
      if (r.bestEnergy < 0.5) found = enc.decode(binOf(r.bestSpins));
    }
  } else {
    const model = factorHubo(enc);
    terms = model.terms;
    const machine = new HuboMachine(model, rng, { device: o.device });
    const betas = betaSequence({ kind: 'geometric', beta0: betaHot, beta1: betaCold }, sweepsPerRun);
    while (!found && sweeps < maxSweeps) {
      machine.randomize();
      restarts++;
      for (let k = 0; k < betas.length && sweeps < maxSweeps; k++) {
        machine.sweep(betas[k]);
        sweeps++;
        if (machine.energy < 0.5) {
          // The running energy sums terms of size ~N²; confirm by multiplying back, and resync
          // the energy from scratch when rounding produced a false zero.
          const cand = enc.decode(binOf(machine.spins));
          if (cand.p * cand.q === N) {
            found = cand;
            break;
          }
          machine.resync();
        }
      }
    }
    updates = machine.updates;
  }
  const p = found ? Math.min(found.p, found.q) : 0;
  const q = found ? Math.max(found.p, found.q) : 0;
  // checked by multiplying back, independently of the energy that stopped the search
  const correct = found !== null && p * q === N && p > 1 && q < N;
  return { n: N, p, q, correct, pbits, terms, sweeps, updates, restarts, wallS: (performance.now() - t0) / 1000 };
}
