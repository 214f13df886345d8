import { SpecError, type Rng } from '@spinsnn/core';
import type { Colouring } from './colouring.js';
import { houdayerMove } from './cluster.js';
import { PbitMachine, type UpdateOrder } from './machine.js';
import type { IsingModel, PbitParams } from '@spinsnn/backends';

/** Options of parallel tempering: replica βs, sweeps, swaps, cluster moves, seed. */
export interface TemperingOptions {
  /** Inverse temperatures of the replicas, ascending (hot first). */
  readonly betas: ArrayLike<number>;
  readonly sweeps: number;
  readonly order?: UpdateOrder;
  readonly colouring?: Colouring;
  readonly device?: PbitParams;
  /**
   * Adaptive ladder: every `adaptEvery` sweeps during the first half, move the inner β values so
   * that the swap acceptance of neighbouring pairs evens out (0 = fixed ladder).
   */
  readonly adaptEvery?: number;
  /**
   * Two replicas per temperature with Houdayer cluster moves between them after every sweep,
   * applied at the coldest `houdayerFraction` of the ladder (default 0.5): isoenergetic cluster
   * moves (ICM, Zhu et al. 2015).
   */
  readonly houdayer?: boolean;
  readonly houdayerFraction?: number;
  /** Every this many sweeps, descend a copy of each coldest replica to its local minimum and keep it if best (0 = off). */
  readonly quenchEvery?: number;
  readonly traceEvery?: number;
  readonly targetEnergy?: number;
  readonly onSweep?: (sweep: number, bestEnergy: number) => boolean | void;
}

/** Outcome of parallel tempering: best state and energy, sweeps, swap rates. */
export interface TemperingResult {
  readonly bestSpins: Int8Array;
  readonly bestEnergy: number;
  readonly sweeps: number;
  readonly bestSweep: number;
  readonly updates: number;
  readonly flips: number;
  readonly edgeVisits: number;
  /** Swap acceptance per neighbouring β pair. */
  readonly swapAcceptance: Float64Array;
  readonly betas: Float64Array;
  /** [sweep, energy of the coldest replica]. */
  readonly trace: readonly (readonly [number, number])[];
}

/**
 * Parallel tempering (replica exchange): R p-bit machines at fixed β_1 < … < β_R each sweep, then
 * neighbouring temperatures swap states with probability min(1, e^{(β_k+1 − β_k)(E_k+1 − E_k)}),
 * which keeps every replica at its Boltzmann distribution. Swaps permute the β assignment, not the
 * states, so no spin array is copied.
 */
export function parallelTempering(model: IsingModel, rng: Rng, o: TemperingOptions): TemperingResult {
  const R = o.betas.length;
  if (R < 2) throw new SpecError('tempering.betas', 'at least 2 replicas', R);
  const betas = Float64Array.from(o.betas);
  for (let k = 1; k < R; k++)
    if (!(betas[k] > betas[k - 1])) throw new SpecError('tempering.betas', 'strictly ascending β values', Array.from(betas).join(', '));
  if ((o.adaptEvery ?? 0) > 0 && !(betas[0] > 0)) throw new SpecError('tempering.betas', 'β_1 > 0 for an adaptive (log-spaced) ladder', betas[0]);
  for (let k = 0; k < R; k++) if (!Number.isFinite(betas[k])) throw new SpecError(`tempering.betas[${k}]`, 'a finite β', betas[k]);
  const hf = o.houdayerFraction;
  // out of [0, 1] the ICM start index leaves the ladder (a negative or past-the-end replica)
  if (hf !== undefined && !(Number.isFinite(hf) && hf >= 0 && hf <= 1))
    throw new SpecError('tempering.houdayerFraction', 'a fraction of the ladder in [0, 1]', hf);
  for (const key of ['sweeps', 'adaptEvery', 'quenchEvery', 'traceEvery'] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new SpecError(`tempering.${key}`, 'a whole number ≥ 0', v);
  }
  const order = o.order ?? 'sequential';
  const copies = o.houdayer ? 2 : 1;
  const replicas = Array.from({ length: R * copies }, (_, r) => new PbitMachine(model, rng.fork(r + 1), { device: o.device, colouring: o.colouring }));
  // atBeta[c][k] = replica index of copy c at temperature k (swaps permute it, states stay put)
  const atBeta = Array.from({ length: copies }, (_, c) => Int32Array.from({ length: R }, (_, k) => c * R + k));
  const accepted = new Float64Array(R - 1);
  const tried = new Float64Array(R - 1);
  const best = Int8Array.from(replicas[0].spins);
  let bestEnergy = Infinity;
  let bestSweep = 0;
  const trace: [number, number][] = [];
  const traceEvery = o.traceEvery ?? 0;
  const adaptEvery = o.adaptEvery ?? 0;
  const icmFrom = Math.floor(R * (1 - (o.houdayerFraction ?? 0.5)));
  const stack = new Int32Array(model.n);
  const mark = new Uint8Array(model.n);
  const quenchEvery = o.quenchEvery ?? 0;
  const quenched = quenchEvery > 0 ? new Int8Array(model.n) : null;
  let s = 0;
  while (s < o.sweeps) {
    for (let c = 0; c < copies; c++) for (let k = 0; k < R; k++) replicas[atBeta[c][k]].sweep(betas[k], order);
    s++;
    if (copies === 2) for (let k = icmFrom; k < R; k++) houdayerMove(replicas[atBeta[0][k]], replicas[atBeta[1][k]], rng, stack, mark);
    for (const rep of replicas) {
      if (rep.energy < bestEnergy) {
        bestEnergy = rep.energy;
        bestSweep = s;
        best.set(rep.spins);
      }
    }
    if (quenched && (s % quenchEvery === 0 || s === o.sweeps)) {
      for (let c = 0; c < copies; c++) {
        const eq = replicas[atBeta[c][R - 1]].quench(quenched);
        if (eq < bestEnergy) {
          bestEnergy = eq;
          bestSweep = s;
          best.set(quenched);
        }
      }
    }
    // Even/odd alternation so each pair is tried every other sweep without bias.
    for (let c = 0; c < copies; c++) {
      const at = atBeta[c];
      for (let k = s & 1; k + 1 < R; k += 2) {
        const a = replicas[at[k]],
          b = replicas[at[k + 1]];
        const logAcc = (betas[k + 1] - betas[k]) * (b.energy - a.energy);
        tried[k]++;
        if (logAcc >= 0 || rng.uniform() < Math.exp(logAcc)) {
          const t = at[k];
          at[k] = at[k + 1];
          at[k + 1] = t;
          accepted[k]++;
        }
      }
    }
    if (adaptEvery > 0 && s % adaptEvery === 0 && s <= o.sweeps / 2) adaptLadder(betas, accepted, tried);
    if (traceEvery > 0 && (s % traceEvery === 0 || s === o.sweeps)) trace.push([s, replicas[atBeta[0][R - 1]].energy]);
    if (o.onSweep && o.onSweep(s, bestEnergy) === true) break;
    if (o.targetEnergy !== undefined && bestEnergy <= o.targetEnergy) break;
  }
  let updates = 0,
    flips = 0,
    edgeVisits = 0;
  for (const r of replicas) {
    updates += r.updates;
    flips += r.flips;
    edgeVisits += r.edgeVisits;
  }
  const swapAcceptance = accepted.map((a, k) => (tried[k] > 0 ? a / tried[k] : 0));
  return { bestSpins: best, bestEnergy, sweeps: s, bestSweep, updates, flips, edgeVisits, swapAcceptance, betas, trace };
}

/**
 * Moves inner β values toward equal swap acceptance: each gap is scaled by (acceptance /
 * mean acceptance), then the ladder is renormalised to keep its ends. Counters restart so the
 * next adjustment sees the new ladder only.
 */
function adaptLadder(betas: Float64Array, accepted: Float64Array, tried: Float64Array): void {
  const R = betas.length;
  const acc = new Float64Array(R - 1);
  let mean = 0;
  for (let k = 0; k < R - 1; k++) {
    acc[k] = (accepted[k] + 0.5) / (tried[k] + 1);
    mean += acc[k] / (R - 1);
  }
  const gaps = new Float64Array(R - 1);
  let total = 0;
  for (let k = 0; k < R - 1; k++) {
    // log-spaced gaps: a pair that swaps too rarely gets a smaller gap
    const g = Math.log(betas[k + 1] / betas[k]) * Math.min(2, Math.max(0.5, acc[k] / mean));
    gaps[k] = g;
    total += g;
  }
  const span = Math.log(betas[R - 1] / betas[0]);
  let lb = Math.log(betas[0]);
  for (let k = 0; k < R - 2; k++) {
    lb += (gaps[k] * span) / total;
    betas[k + 1] = Math.exp(lb);
  }
  accepted.fill(0);
  tried.fill(0);
}
