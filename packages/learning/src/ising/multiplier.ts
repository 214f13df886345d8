import { SpecError, type Rng } from '@spinsnn/core';
import { annealMachine } from './anneal.js';
import { PbitMachine } from './machine.js';
import { IsingModel } from '@spinsnn/backends';
import { parallelTempering } from './tempering.js';
import { isingFromQubo } from './model.js';
import { addInto, multiply, variable, type Polynomial } from './polynomial.js';

/**
 * Invertible multiplier circuit (Camsari et al., PRX 7, 031014 (2017); docs/ising.md §3b): an array
 * multiplier p × q built from gates, each a small Boltzmann machine whose ground states are its
 * truth table — AND: x y − 2xz − 2yz + 3z (0 iff z = x∧y); half/full adder: (Σ inputs − s − 2c)²
 * (0 iff s, c are the sum and carry). The circuit's energy is the sum of gate energies; clamping the
 * product bits to N and sampling the free p-bits runs the multiplier backwards: its ground states
 * (E = 0) are exactly the factorisations. Everything is pairwise (a plain p-bit fabric).
 */
export interface MultiplierCircuit {
  readonly n: number;
  readonly model: IsingModel;
  /** Variable ids of p's and q's bits (LSB first). */
  readonly pVars: readonly number[];
  readonly qVars: readonly number[];
  /** Product bit k is variable outVars[k]; clamped to bit k of N. */
  readonly outVars: readonly number[];
  readonly gates: { readonly and: number; readonly halfAdders: number; readonly fullAdders: number };
  /** Clamped p-bits (product bits, and the LSBs of p and q for odd N) and their ±1 values. */
  readonly clampIdx: readonly number[];
  readonly clampVal: readonly number[];
  /** Free p-bits (all minus clamped). */
  readonly freePbits: number;
}

/** The invertible multiplier circuit of p-bits that factors N when its output is clamped. */
export function multiplierCircuit(N: number, widths?: { pBits: number; qBits: number }): MultiplierCircuit {
  if (!Number.isSafeInteger(N) || N < 4 || N > 2 ** 30) throw new SpecError('multiplier.n', 'a whole number in [4, 2^30]', N);
  const bitLength = (v: number): number => Math.floor(Math.log2(v)) + 1;
  const odd = N % 2 === 1;
  const pBits = widths?.pBits ?? bitLength(Math.floor(Math.sqrt(N)));
  const qBits = widths?.qBits ?? bitLength(Math.floor(N / (odd ? 3 : 2)));
  let next = 0;
  const pVars = Array.from({ length: pBits }, () => next++);
  const qVars = Array.from({ length: qBits }, () => next++);
  const cost: Polynomial = new Map();
  let and = 0,
    half = 0,
    full = 0;
  // columns[k]: variables of weight 2^k still to be summed
  const columns: number[][] = Array.from({ length: pBits + qBits + 1 }, () => []);
  for (let i = 0; i < pBits; i++) {
    for (let j = 0; j < qBits; j++) {
      const z = next++;
      addInto(cost, multiply(variable(pVars[i]), variable(qVars[j]), 'binary'));
      addInto(cost, multiply(variable(pVars[i]), variable(z), 'binary'), -2);
      addInto(cost, multiply(variable(qVars[j]), variable(z), 'binary'), -2);
      addInto(cost, variable(z), 3);
      and++;
      columns[i + j].push(z);
    }
  }
  const adder = (inputs: number[], k: number): void => {
    const s = next++,
      c = next++;
    const lin: Polynomial = new Map();
    for (const v of inputs) addInto(lin, variable(v));
    addInto(lin, variable(s), -1);
    addInto(lin, variable(c), -2);
    addInto(cost, multiply(lin, lin, 'binary'));
    columns[k].push(s);
    columns[k + 1].push(c);
  };
  const outVars: number[] = [];
  for (let k = 0; k < columns.length; k++) {
    const col = columns[k];
    // reduce the column to one bit, carries go to column k+1
    while (col.length > 1) {
      if (col.length >= 3) {
        adder(col.splice(0, 3), k);
        full++;
      } else {
        adder(col.splice(0, 2), k);
        half++;
      }
    }
    if (col.length === 1) outVars.push(col[0]);
    else outVars.push(-1); // empty column: the bit is 0 by construction
  }
  const entries: [number, number, number][] = [];
  let c0 = 0;
  for (const [key, c] of cost) {
    const v = key === '' ? [] : key.split(',').map(Number);
    if (v.length === 0) c0 += c;
    else if (v.length === 1) entries.push([v[0], v[0], c]);
    else entries.push([v[0], v[1], c]);
  }
  const model = isingFromQubo(next, entries, c0);
  const clampIdx: number[] = [],
    clampVal: number[] = [];
  outVars.forEach((v, k) => {
    if (v < 0) {
      if (Math.floor(N / 2 ** k) % 2 === 1) throw new SpecError('multiplier', `product width covering N = ${N}`, `${pBits}+${qBits} bits`);
      return;
    }
    clampIdx.push(v);
    clampVal.push(Math.floor(N / 2 ** k) % 2 === 1 ? 1 : -1);
  });
  if (odd) {
    clampIdx.push(pVars[0], qVars[0]);
    clampVal.push(1, 1);
  }
  return { n: N, model, pVars, qVars, outVars, gates: { and, halfAdders: half, fullAdders: full }, clampIdx, clampVal, freePbits: next - clampIdx.length };
}

/** Decodes p and q from ±1 spins. */
export function decodeMultiplier(c: MultiplierCircuit, spins: ArrayLike<number>): { p: number; q: number } {
  let p = 0,
    q = 0;
  c.pVars.forEach((v, k) => (p += spins[v] > 0 ? 2 ** k : 0));
  c.qVars.forEach((v, k) => (q += spins[v] > 0 ? 2 ** k : 0));
  return { p, q };
}

/** A model over the free spins of `model` with spins idx[k] fixed to val[k] (see `clampedModel`). */
export interface ClampedModel {
  readonly model: IsingModel;
  /** free[r] = the original index of reduced spin r. */
  readonly free: Int32Array;
  /** The full state (fixed spins at their values) of a reduced state. */
  full(reduced: ArrayLike<number>, out?: Int8Array): Int8Array;
}

/**
 * Fixes spins idx[k] = val[k] (±1) of `model` and keeps the rest: a coupling J_ij to a fixed j
 * becomes a field J_ij m_j on i, fixed–fixed couplings and fields go into the offset. Every state
 * of the free spins has the energy of its completion in the original model, so any sampler (e.g.
 * parallel tempering, which has no clamps) runs the clamped problem.
 */
export function clampedModel(model: IsingModel, idx: ArrayLike<number>, val: ArrayLike<number>): ClampedModel {
  const n = model.n;
  const fixed = new Int8Array(n);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new SpecError(`clampedModel idx[${k}]`, `a spin in 0…${n - 1}`, i);
    if (val[k] !== 1 && val[k] !== -1) throw new SpecError(`clampedModel val[${k}]`, '+1 or −1', val[k]);
    fixed[i] = val[k];
  }
  const at = new Int32Array(n).fill(-1);
  const freeList: number[] = [];
  for (let i = 0; i < n; i++) if (fixed[i] === 0) at[i] = freeList.push(i) - 1;
  const free = Int32Array.from(freeList);
  if (free.length === 0) throw new SpecError('clampedModel', 'at least one free spin', 'every spin fixed');
  const h = new Float64Array(free.length);
  const from: number[] = [],
    to: number[] = [],
    J: number[] = [];
  let offset = model.offset;
  for (let i = 0; i < n; i++) {
    if (fixed[i]) offset -= model.h[i] * fixed[i];
    else h[at[i]] += model.h[i];
    for (let k = model.rowPtr[i]; k < model.rowPtr[i + 1]; k++) {
      const j = model.col[k];
      if (j <= i) continue;
      const w = model.val[k];
      if (fixed[i] && fixed[j]) offset -= w * fixed[i] * fixed[j];
      else if (fixed[i]) h[at[j]] += w * fixed[i];
      else if (fixed[j]) h[at[i]] += w * fixed[j];
      else {
        from.push(at[i]);
        to.push(at[j]);
        J.push(w);
      }
    }
  }
  return {
    model: IsingModel.fromEdges(free.length, from, to, J, h, offset),
    free,
    full(reduced, out = new Int8Array(n)) {
      for (let i = 0; i < n; i++) out[i] = fixed[i] !== 0 ? fixed[i] : reduced[at[i]];
      return out;
    },
  };
}

/** Options of `factoriseWithMultiplier`. */
export interface MultiplierFactorOptions {
  /** Annealing: sweeps per restart (default 2000). */
  readonly sweepsPerRun?: number;
  /** Give up after this many sweeps (tempering: of every replica; default 10^6). */
  readonly maxSweeps?: number;
  /** Annealing: β at the end of each restart (default 3). */
  readonly beta1?: number;
  /** Parallel tempering with this many replicas on a geometric β ladder instead of annealing restarts (0 or absent: annealing). */
  readonly replicas?: number;
  /** Tempering ladder ends (default 0.3 and 5). */
  readonly beta0?: number;
  readonly betaMax?: number;
  /**
   * Balanced widths: p and q of ⌈b/2⌉ bits each for a b-bit N, so only factorisations with both
   * factors below 2^⌈b/2⌉ are representable (a semiprime of two b/2-bit primes), for a circuit of
   * about a quarter of the default AND gates (p ≤ √N, q ≤ N/3).
   */
  readonly balanced?: boolean;
}

/**
 * Factorises N by sampling the clamped invertible multiplier with p-bits until a zero-energy state
 * (all gates consistent) is found: annealing restarts, or (`replicas`) parallel tempering on the
 * clamped model (`clampedModel`); p·q = N is then checked by multiplying back.
 */
export function factoriseWithMultiplier(N: number, rng: Rng, o: MultiplierFactorOptions = {}) {
  const t0 = performance.now();
  const bits = Math.floor(Math.log2(N)) + 1;
  const c = multiplierCircuit(N, o.balanced ? { pBits: Math.ceil(bits / 2), qBits: Math.ceil(bits / 2) } : undefined);
  const sweepsPerRun = o.sweepsPerRun ?? 2000;
  const maxSweeps = o.maxSweeps ?? 1_000_000;
  let sweeps = 0,
    restarts = 0,
    updates = 0;
  let found: { p: number; q: number } | null = null;
  const R = o.replicas ?? 0;
  if (R > 0) {
    if (!(Number.isInteger(R) && R >= 2)) throw new SpecError('multiplier replicas', 'a whole number ≥ 2 (or 0 for annealing)', R);
    const b0 = o.beta0 ?? 0.3,
      b1 = o.betaMax ?? 5;
    if (!(b0 > 0 && b1 > b0)) throw new SpecError('multiplier tempering β', '0 < beta0 < betaMax', `${b0}, ${b1}`);
    const red = clampedModel(c.model, c.clampIdx, c.clampVal);
    const betas = Array.from({ length: R }, (_, k) => b0 * (b1 / b0) ** (k / (R - 1)));
    const r = parallelTempering(red.model, rng, { betas, sweeps: maxSweeps, targetEnergy: 0.5, quenchEvery: 10 });
    sweeps = r.sweeps;
    updates = r.updates;
    restarts = 1;
    if (r.bestEnergy < 0.5) {
      const cand = decodeMultiplier(c, red.full(r.bestSpins));
      if (cand.p * cand.q === N) found = cand;
    }
  } else {
    const machine = new PbitMachine(c.model, rng);
    machine.clamp(c.clampIdx, c.clampVal);
    while (!found && sweeps < maxSweeps) {
      machine.randomize();
      restarts++;
      const r = annealMachine(machine, {
        sweeps: Math.min(sweepsPerRun, maxSweeps - sweeps),
        schedule: { kind: 'linear', beta0: 0.1, beta1: o.beta1 ?? 3 },
        targetEnergy: 0.5,
      });
      sweeps += r.sweeps;
      if (r.bestEnergy < 0.5) {
        const cand = decodeMultiplier(c, r.bestSpins);
        if (cand.p * cand.q === N) found = cand;
      }
    }
    updates = machine.updates;
  }
  const p = found ? Math.min(found.p, found.q) : 0;
  const q = found ? Math.max(found.p, found.q) : 0;
  return {
    n: N,
    p,
    q,
    correct: found !== null && p > 1 && q < N && p * q === N,
    pbits: c.model.n,
    freePbits: c.freePbits,
    gates: c.gates,
    sweeps,
    updates,
    restarts,
    wallS: (performance.now() - t0) / 1000,
  };
}
