/**
 * A time-multiplexed single-STNO reservoir (Torrejon 2017 / Riou 2017; docs/physics.md §4.2).
 *
 * Frame n of a (frames × channels) feature matrix is masked into N_v values
 * J_k(n) = Σ_c u(n, c) M(c, k); each is applied as I = iDc + deltaI·J_k for a time θ, and the
 * oscillator amplitude √p sampled at the end of each θ is virtual node k. θ below τ_relax couples
 * neighbouring virtual nodes through the oscillator's memory of previous inputs.
 */
import { SpecError, type Rng } from '@spinsnn/core';
import { StnoArray } from './oscillator.js';
import type { StnoParams } from './params.js';

/** Random binary mask M ∈ {−1, +1}^(channels × nodes), row-major by channel. */
export function randomBinaryMask(channels: number, nodes: number, rng: Rng): Float64Array {
  const m = new Float64Array(channels * nodes);
  for (let k = 0; k < m.length; k++) m[k] = rng.uniform32() < 0.5 ? -1 : 1;
  return m;
}

/** Options of an STNO time-multiplexed reservoir run (parameters, virtual nodes, mask, …). */
export interface ReservoirOptions {
  readonly params: StnoParams;
  /** Virtual nodes per frame N_v. */
  readonly nodes: number;
  /** Mask, channels × nodes (`randomBinaryMask`). */
  readonly mask: Float64Array;
  /** Bias current (A), above threshold. */
  readonly iDc: number;
  /** Current per unit masked input (A). */
  readonly deltaI: number;
  /** Virtual-node duration θ (s). */
  readonly theta: number;
  /** Integration steps per θ. */
  readonly substeps?: number;
  /** Needed when params.temperature > 0. */
  readonly rng?: Rng;
}

/**
 * Runs the reservoir over `frames` frames of `channels` features (row-major) and returns the
 * virtual-node states, frames × nodes (row-major): the amplitude √p at the end of each θ.
 */
export function runStnoReservoir(input: Float64Array, frames: number, channels: number, o: ReservoirOptions): Float64Array {
  if (input.length !== frames * channels) throw new SpecError('reservoir input', `frames × channels = ${frames * channels} values`, input.length);
  if (o.mask.length !== channels * o.nodes) throw new SpecError('reservoir mask', `channels × nodes = ${channels * o.nodes} values`, o.mask.length);
  const sub = o.substeps ?? 5;
  const h = o.theta / sub;
  const osc = new StnoArray(1, o.params, o.rng ?? null);
  // start on the bias steady state so the first frame does not see a turn-on transient
  osc.current[0] = o.iDc;
  osc.step(50 * o.theta, 1);
  const out = new Float64Array(frames * o.nodes);
  for (let f = 0; f < frames; f++) {
    for (let k = 0; k < o.nodes; k++) {
      let j = 0;
      for (let c = 0; c < channels; c++) j += input[f * channels + c] * o.mask[c * o.nodes + k];
      osc.current[0] = o.iDc + o.deltaI * j;
      osc.step(h, sub);
      out[f * o.nodes + k] = Math.sqrt(osc.power(0));
    }
  }
  return out;
}
