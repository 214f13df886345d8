import { SpecError, type Rng } from '@spinsnn/core';

/**
 * Input codings of surrogate-gradient training, written straight into a time-major batch
 * [T, B, n] of 0/1 spikes (the layout the TF.js forward pass consumes; `spikeTrainOf` turns one
 * sample into the kernel's spike times):
 *
 * - `rate`: Bernoulli per step with p = x — `poissonEncode(rates, T·dt, rng, { dt })` of
 *   @spinsnn/datasets with rate = x/dt, drawn here without building per-sample lists.
 * - `latency`: one spike per input with x > 0 at step round((T − 1)(1 − x)) — `latencyEncode`'s
 *   linear code on the step grid.
 * - `direct`: the intensity is a constant current into an integrate-and-fire encoder (β = 1,
 *   θ = 1, reset by subtraction, starting at ½): deterministic, ≈ x·T spikes, the spiking form of
 *   direct coding's analog first layer.
 * - `raster`: the sample already is a spike raster over time (T × n values, step-major; > 0 is a
 *   spike), e.g. audio features turned into spikes (`audioRaster`): copied as is.
 */
export type InputCoding = 'rate' | 'latency' | 'direct' | 'raster';

/** The codings `--coding` accepts. */
export const INPUT_CODINGS: readonly InputCoding[] = ['rate', 'latency', 'direct', 'raster'];

/** Checks a coding name. */
export function inputCoding(name: string): InputCoding {
  if (!(INPUT_CODINGS as readonly string[]).includes(name)) throw new SpecError('coding', `one of ${INPUT_CODINGS.join(', ')}`, name);
  return name as InputCoding;
}

/**
 * Encodes samples `x[idx[b]·n … +n]` (values in [0, 1]; `raster`: x[idx[b]·T·n …]) into out[(t·B + b)·n + i].
 * `rng` is used by `rate` only.
 */
export function encodeBatch(coding: InputCoding, x: Float32Array, n: number, idx: ArrayLike<number>, T: number, rng: Rng, out: Float32Array): void {
  const B = idx.length;
  if (out.length < T * B * n) throw new SpecError('encodeBatch out', `at least ${T * B * n} values`, out.length);
  out.fill(0, 0, T * B * n);
  if (coding === 'raster') {
    for (let b = 0; b < B; b++) {
      const o = idx[b] * T * n;
      for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) if (x[o + t * n + i] > 0) out[(t * B + b) * n + i] = 1;
    }
    return;
  }
  for (let b = 0; b < B; b++) {
    const o = idx[b] * n;
    for (let i = 0; i < n; i++) {
      const xi = x[o + i];
      if (!(xi > 0)) continue;
      if (coding === 'rate') {
        for (let t = 0; t < T; t++) if (rng.uniform() < xi) out[(t * B + b) * n + i] = 1;
      } else if (coding === 'latency') {
        const t = Math.round((T - 1) * (1 - Math.min(1, xi)));
        out[(t * B + b) * n + i] = 1;
      } else {
        let acc = 0.5;
        for (let t = 0; t < T; t++) {
          acc += xi;
          if (acc >= 1) {
            acc -= 1;
            out[(t * B + b) * n + i] = 1;
          }
        }
      }
    }
  }
}

/** Sample b of an encoded batch as (indices, step numbers), sorted by step then index. */
export function spikeStepsOf(batch: Float32Array, T: number, B: number, n: number, b: number): { indices: Int32Array; steps: Int32Array } {
  const idx: number[] = [],
    st: number[] = [];
  for (let t = 0; t < T; t++) {
    const o = (t * B + b) * n;
    for (let i = 0; i < n; i++)
      if (batch[o + i] !== 0) {
        idx.push(i);
        st.push(t);
      }
  }
  return { indices: Int32Array.from(idx), steps: Int32Array.from(st) };
}
