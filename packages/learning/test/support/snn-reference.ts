/**
 * Shared checks of the surrogate-gradient spiking MLP (feed-forward and recurrent): a float64
 * reference of the smoothed network written independently of the TF.js layer, a rate-coded input
 * batch, BPTT against central differences of that reference, and the TF.js forward pass against the
 * kernel runner spike for spike.
 */
import { expect } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import type { Rng } from '@spinsnn/core';
import {
  KernelSnnRunner,
  encodeBatch,
  smoothStep,
  spikeStepsOf,
  totalSteps,
  weightMatrices,
  type KernelSample,
  type SnnConfig,
  type SnnParams,
} from '@spinsnn/learning';
import { TfSnn, tfjs, type SnnModel } from '@spinsnn/learning/tfjs';
import { centralDifferences } from './finite-differences.js';

/**
 * Float64 reference forward pass of the *smoothed* network (σ in place of the step, gradient
 * through the reset): loss = Σ_j c_j · count_j with fixed coefficients c. Same time convention as
 * the TF.js layer: hidden layer l at step k hears layer l − 1 at step k − 1 and, when the config is
 * recurrent, itself at step k − 1. w holds the matrices in `weightMatrices` order (feed-forward,
 * then recurrent).
 */
export function smoothLoss(p: SnnParams, w: Float64Array[], x: Float32Array, B: number, coef: Float64Array): number {
  const c = p.config,
    L = c.sizes.length - 1,
    T = c.timesteps,
    S = totalSteps(c);
  let prev: Float64Array[] = Array.from({ length: S }, (_, k) => {
    const a = new Float64Array(B * c.sizes[0]);
    if (k < T) for (let q = 0; q < a.length; q++) a[q] = x[k * B * c.sizes[0] + q];
    return a;
  });
  let loss = 0;
  for (let l = 0; l < L; l++) {
    const nIn = c.sizes[l],
      n = c.sizes[l + 1];
    const rec = c.recurrent && l < L - 1 ? w[L + l] : null;
    const v = new Float64Array(B * n);
    const outs: Float64Array[] = [];
    for (let k = 0; k < S; k++) {
      const s = new Float64Array(B * n);
      for (let b = 0; b < B; b++)
        for (let j = 0; j < n; j++) {
          let I = 0;
          if (k > 0) for (let i = 0; i < nIn; i++) I += prev[k - 1][b * nIn + i] * w[l][i * n + j];
          if (rec && k > 0) for (let i = 0; i < n; i++) I += outs[k - 1][b * n + i] * rec[i * n + j];
          let vi = c.beta * v[b * n + j] + I;
          const sp = smoothStep(c.surrogate, c.slope, vi - c.threshold);
          vi = c.reset === 'subtract' ? vi - sp * c.threshold : vi * (1 - sp);
          v[b * n + j] = vi;
          s[b * n + j] = sp;
          if (l === L - 1) loss += coef[b * n + j] * sp;
        }
      outs.push(s);
    }
    prev = outs;
  }
  return loss;
}

/** A rate-coded batch of B uniform random samples (time-major, T·B rows of sizes[0]), drawn from rng. */
export function rateBatch(c: SnnConfig, B: number, rng: Rng): Float32Array {
  const x = new Float32Array(c.timesteps * B * c.sizes[0]);
  encodeBatch(
    'rate',
    Float32Array.from({ length: B * c.sizes[0] }, () => rng.uniform()),
    c.sizes[0],
    Array.from({ length: B }, (_, b) => b),
    c.timesteps,
    rng,
    x,
  );
  return x;
}

/**
 * BPTT of Σ coef · counts through the smoothed TF.js network against float64 central differences
 * of `smoothLoss`, every `stride`-th weight of every matrix. float32 BPTT against float64: the
 * error stays ~1e-4 of the largest gradient; 2e-3 of it is asserted.
 */
export function expectBpttMatchesFiniteDifferences(p: SnnParams, x: Float32Array, B: number, coef: Float64Array, stride: number): void {
  const tf = tfjs();
  const c = p.config;
  const nOut = c.sizes[c.sizes.length - 1];
  const model = new TfSnn(p);
  const vars = model.matrices();
  const { grads } = tf.variableGrads(() => {
    const r = model.forward(tf.tensor2d(x, [c.timesteps * B, c.sizes[0]]), B, { smooth: true });
    return tf.sum(tf.mul(r.counts, tf.tensor2d(Float32Array.from(coef), [B, nOut]))) as TF.Scalar;
  }, vars);
  const w = weightMatrices(p).map((m) => Float64Array.from(m.w));
  expect(w.length).toBe(vars.length);
  for (let m = 0; m < w.length; m++) {
    const { worst, scale } = centralDifferences(w[m], () => smoothLoss(p, w, x, B, coef), grads[vars[m].name].dataSync(), { stride });
    expect(scale, `matrix ${m}`).toBeGreaterThan(1e-3);
    expect(worst, `matrix ${m}`).toBeLessThan(2e-3 * scale);
  }
  model.dispose();
  tf.dispose(Object.values(grads));
}

/** What the kernel runner gave for one sample, for checks beyond the spike trains. */
export interface KernelRun {
  /** The sample's index in the batch. */
  b: number;
  /** The sample's input spikes (neuron indices). */
  indices: Int32Array;
  /** The kernel's result. */
  out: KernelSample;
}

/**
 * The TF.js forward pass and the kernel runner (learning/dt_lif) on batch x: every hidden and
 * output spike at the same step, and the same prediction, sample by sample. Returns the total
 * number of spikes the kernel emitted (a comparison of silent networks proves nothing).
 */
export function expectKernelSpikesMatchTf(p: SnnParams, x: Float32Array, B: number, onSample?: (s: KernelRun) => void): number {
  return expectModelSpikesMatchKernel(new TfSnn(p), new KernelSnnRunner(p), x, B, onSample);
}

/** `expectKernelSpikesMatchTf` for any TF.js model and the kernel runner of the same network (e.g. a converted CNN); disposes `model`. */
export function expectModelSpikesMatchKernel(model: SnnModel, runner: KernelSnnRunner, x: Float32Array, B: number, onSample?: (s: KernelRun) => void): number {
  const tf = tfjs();
  const c = model.config,
    S = totalSteps(c),
    T = c.timesteps,
    L = c.sizes.length - 1;
  const r = model.forward(tf.tensor2d(x, [T * B, c.sizes[0]]), B, { record: true });
  const tfSpikes = r.spikes.map((s) => s.dataSync());
  const preds = tf.argMax(r.counts, 1).dataSync();
  let total = 0;
  for (let b = 0; b < B; b++) {
    const { indices, steps } = spikeStepsOf(x, T, B, c.sizes[0], b);
    const got = c.sizes.slice(1).map((n) => new Uint8Array(S * n));
    const out = runner.infer(indices, steps, (l, i, k) => {
      got[l - 1][k * c.sizes[l] + i]++;
    });
    for (let l = 0; l < L; l++) {
      const n = c.sizes[l + 1];
      for (let k = 0; k < S; k++)
        for (let i = 0; i < n; i++) expect(got[l][k * n + i], `layer ${l + 1} neuron ${i} step ${k} sample ${b}`).toBe(tfSpikes[l][(k * B + b) * n + i]);
      total += out.spikes[l];
    }
    expect(out.prediction).toBe(preds[b]);
    onSample?.({ b, indices, out });
  }
  tf.dispose([r.counts, ...r.spikes]);
  model.dispose();
  return total;
}
