/**
 * Reservoir states of whole utterances for a linear readout (docs/oscillators.md §3): inputs are
 * standardised per channel with training-set statistics, run through a reservoir, and each
 * utterance's states are averaged over time (in `segments` equal parts; 1 = the time-averaged
 * output of Torrejon 2017: a linear readout of the mean state is the mean of the readout).
 */
import { SpecError } from '@spinsnn/core';

/** Anything that maps (frames × channels) inputs to (frames × width) states. */
export interface StateRunner {
  /** States per frame. */
  readonly width: number;
  /** Writes the states of `frames` input frames into `out` (reset before each utterance). */
  run(input: ArrayLike<number>, frames: number, out: Float64Array): Float64Array;
}

/** The identity "reservoir": the states are the (standardised) inputs. */
export class NoReservoir implements StateRunner {
  constructor(readonly width: number) {}
  /** Copies the inputs. */
  run(input: ArrayLike<number>, frames: number, out: Float64Array): Float64Array {
    for (let i = 0; i < frames * this.width; i++) out[i] = input[i];
    return out;
  }
}

/** A sequence of frames × bands values (the datasets' FeatureMatrix has this shape). */
export interface FrameSequence {
  readonly frames: number;
  readonly bands: number;
  readonly data: ArrayLike<number>;
}

/** Per-band mean and standard deviation over every frame of the chosen utterances. */
export function channelStats(seqs: readonly FrameSequence[], use: readonly number[]): { mean: Float64Array; std: Float64Array } {
  if (use.length === 0) throw new SpecError('channelStats', 'at least one utterance', 0);
  const c = seqs[use[0]].bands;
  const mean = new Float64Array(c),
    sq = new Float64Array(c);
  let n = 0;
  for (const i of use) {
    const m = seqs[i];
    for (let t = 0; t < m.frames; t++)
      for (let b = 0; b < c; b++) {
        const v = m.data[t * c + b];
        mean[b] += v;
        sq[b] += v * v;
      }
    n += m.frames;
  }
  const std = new Float64Array(c);
  for (let b = 0; b < c; b++) {
    mean[b] /= n;
    std[b] = Math.sqrt(Math.max(0, sq[b] / n - mean[b] * mean[b])) || 1;
  }
  return { mean, std };
}

/**
 * Time-pooled states of every utterance (rows × width·segments, row-major), inputs standardised
 * with `norm`. `onClip` is called after each utterance (progress).
 */
export function pooledStates(
  seqs: readonly FrameSequence[],
  runner: StateRunner,
  norm: { mean: Float64Array; std: Float64Array },
  segments = 1,
  onClip?: (i: number) => void,
): Float64Array {
  if (!(Number.isInteger(segments) && segments >= 1)) throw new SpecError('segments', 'a whole number ≥ 1', segments);
  const w = runner.width,
    d = w * segments;
  const out = new Float64Array(seqs.length * d);
  let maxFrames = 0;
  for (const s of seqs) maxFrames = Math.max(maxFrames, s.frames);
  const inp = new Float64Array(maxFrames * norm.mean.length);
  const st = new Float64Array(maxFrames * w);
  const c = norm.mean.length;
  seqs.forEach((m, i) => {
    if (m.bands !== c) throw new SpecError('pooledStates', `${c} bands in every utterance`, m.bands);
    const fr = m.frames;
    for (let t = 0; t < fr; t++) for (let b = 0; b < c; b++) inp[t * c + b] = (m.data[t * c + b] - norm.mean[b]) / norm.std[b];
    runner.run(inp.subarray(0, fr * c), fr, st);
    for (let s = 0; s < segments; s++) {
      const a = Math.floor((s * fr) / segments),
        e = Math.max(a + 1, Math.floor(((s + 1) * fr) / segments));
      const row = i * d + s * w;
      const inv = 1 / (Math.min(e, fr) - Math.min(a, fr - 1));
      for (let t = Math.min(a, fr - 1); t < Math.min(e, fr); t++) for (let k = 0; k < w; k++) out[row + k] += st[t * w + k] * inv;
    }
    onClip?.(i);
  });
  return out;
}

/** Rows `idx` of an (rows × d) matrix as a new matrix. */
export function takeRows(x: Float64Array, d: number, idx: readonly number[]): Float64Array {
  const out = new Float64Array(idx.length * d);
  idx.forEach((i, r) => out.set(x.subarray(i * d, (i + 1) * d), r * d));
  return out;
}
