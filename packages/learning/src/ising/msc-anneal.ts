/**
 * Annealing with the multi-spin-coded sampler (docs/probabilistic.md §5): 32 replicas of a ±1
 * model annealed at once by `MscSampler` (backends, wasm kernel), in colour-class order, with the
 * best replica state kept. Replica energies are computed every `checkEvery` sweeps (a pass over
 * the edges visiting only unsatisfied ones per replica), and the last `quenchSweeps` sweeps run
 * at zero temperature (β = QUENCH_BETA: no uphill move is accepted) to descend every replica.
 */
import { MSC_REPLICAS, MscSampler, type IsingModel } from '@spinsnn/backends';
import type { Rng } from '@spinsnn/core';
import type { Colouring } from './colouring.js';
import { mscAllEnergies, mscEdgeList } from './msc-tempering.js';
import { betaSequence, type BetaSchedule } from './schedule.js';

/** β of the final descent: e^(−4β) < 2^−32 for the smallest uphill step ΔE = 4, so nothing uphill passes. */
export const QUENCH_BETA = 10;

/** Options both multi-spin-coded runs take (`mscAnneal`, `mscTempering`). */
export interface MscRunOptions {
  /** Sweeps (of every level, for tempering). */
  readonly sweeps: number;
  /** Update order by colour class (default: index order). */
  readonly colouring?: Colouring;
  /** Stop once the best energy is at or below this. */
  readonly targetEnergy?: number;
  readonly kernel?: 'auto' | 'wasm' | 'js';
  /** Words per spin: 1 (32 replicas) or 4 (128 replicas on the v128 kernel, about the cost of 32); default 1. */
  readonly words?: 1 | 4;
  /** Called after each check (annealing) or exchange round (tempering) with the sweep count and the best energy so far. */
  readonly onCheck?: (sweep: number, best: number) => void;
}

/** Options of `mscAnneal`. */
export interface MscAnnealOptions extends MscRunOptions {
  readonly schedule: BetaSchedule;
  /** Sweeps between replica-energy checks (best kept, target tested). */
  readonly checkEvery?: number;
  /** Zero-temperature sweeps appended at the end. */
  readonly quenchSweeps?: number;
}

/** The spins of `colouring`'s classes in order (the msc samplers' update order), or undefined for index order. */
export function colourOrder(n: number, colouring: Colouring | undefined): Int32Array | undefined {
  if (!colouring) return undefined;
  const order = new Int32Array(n);
  let q = 0;
  for (const c of colouring.classes) for (const i of c) order[q++] = i;
  return order;
}

/** What both multi-spin-coded runs return (the fields of the other annealers' results, plus the kernel). */
export interface MscRunResult {
  readonly bestSpins: Int8Array;
  readonly bestEnergy: number;
  readonly sweeps: number;
  readonly bestSweep: number;
  /** Replica-spin updates (32·words per spin per sweep and level, polishes included). */
  readonly updates: number;
  readonly flips: number;
  readonly edgeVisits: number;
  /** [sweep, best replica energy (tempering: of the coldest level) at that point] */
  readonly trace: (readonly [number, number])[];
  readonly kernel: 'wasm' | 'js';
}

/** Result of `mscAnneal`. */
export type MscAnnealResult = MscRunResult;

/** Energies E = 2·unsat − m of all 32 replicas (unsatisfied edges counted per replica bit). */
export function mscReplicaEnergies(s: MscSampler, out: Float64Array = new Float64Array(MSC_REPLICAS)): Float64Array {
  const { off, tgt, neg, n } = s.g;
  const unsat = new Int32Array(MSC_REPLICAS);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const si = s.s[i];
    for (let k = off[i]; k < off[i + 1]; k++) {
      const j = tgt[k];
      if (j < i) continue;
      m++;
      let u = (si ^ s.s[j] ^ neg[k]) >>> 0;
      while (u !== 0) {
        unsat[31 - Math.clz32(u & -u)]++;
        u &= u - 1;
      }
    }
  }
  for (let r = 0; r < MSC_REPLICAS; r++) out[r] = 2 * unsat[r] - m;
  return out;
}

/** Anneals 32 replicas of a ±1 model with the multi-spin-coded Metropolis sampler. */
export function mscAnneal(model: IsingModel, rng: Rng, o: MscAnnealOptions): MscAnnealResult {
  const order = colourOrder(model.n, o.colouring);
  const words = o.words ?? 1;
  const R = MSC_REPLICAS * words;
  const s = new MscSampler(model, rng, { kernel: o.kernel ?? 'auto', order, words });
  const edges = mscEdgeList(s.g);
  s.randomise();
  const betas = betaSequence(o.schedule, o.sweeps);
  const checkEvery = Math.max(1, o.checkEvery ?? Math.max(1, Math.floor(o.sweeps / 200)));
  const quench = o.quenchSweeps ?? 20;
  const e = new Float64Array(R);
  let bestEnergy = Infinity,
    bestSweep = 0;
  let bestSpins: Int8Array = new Int8Array(model.n);
  const trace: (readonly [number, number])[] = [];
  let done = 0;
  const check = (sweep: number): boolean => {
    mscAllEnergies(edges, s.s, words, e);
    let r0 = 0;
    for (let r = 1; r < R; r++) if (e[r] < e[r0]) r0 = r;
    if (e[r0] < bestEnergy) {
      bestEnergy = e[r0];
      bestSweep = sweep;
      bestSpins = s.replica(r0, bestSpins);
    }
    trace.push([sweep, e[r0]]);
    o.onCheck?.(sweep, bestEnergy);
    return o.targetEnergy !== undefined && bestEnergy <= o.targetEnergy;
  };
  let hit = false;
  for (let k = 0; k < betas.length && !hit; k += checkEvery) {
    const len = Math.min(checkEvery, betas.length - k);
    for (let q = 0; q < len; q++) s.sweep(betas[k + q]);
    done = k + len;
    hit = check(done);
  }
  if (!hit && quench > 0) {
    s.sweep(QUENCH_BETA, quench);
    done += quench;
    check(done);
  }
  return {
    bestSpins,
    bestEnergy,
    sweeps: done,
    bestSweep,
    updates: s.updates,
    flips: s.flips,
    edgeVisits: (s.updates / R) * (s.g.tgt.length / model.n),
    trace,
    kernel: s.kernel,
  };
}
