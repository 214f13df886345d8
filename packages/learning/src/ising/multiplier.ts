import { SpecError, type Rng } from '@spinsnn/core';
import { annealMachine } from './anneal.js';
import { PbitMachine } from './machine.js';
import type { IsingModel } from '@spinsnn/backends';
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

/**
 * Factorises N by annealing the clamped invertible multiplier with p-bits, restarting until a
 * zero-energy state (all gates consistent) is found; p·q = N is then checked by multiplying back.
 */
export function factoriseWithMultiplier(N: number, rng: Rng, o: { sweepsPerRun?: number; maxSweeps?: number; beta1?: number } = {}) {
  const t0 = performance.now();
  const c = multiplierCircuit(N);
  const sweepsPerRun = o.sweepsPerRun ?? 2000;
  const maxSweeps = o.maxSweeps ?? 1_000_000;
  let sweeps = 0,
    restarts = 0;
  let found: { p: number; q: number } | null = null;
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
    updates: machine.updates,
    restarts,
    wallS: (performance.now() - t0) / 1000,
  };
}
