import { describe, expect, it, beforeAll } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { Rng } from '@spinsnn/core';
import { encodeBatch, smoothStep, type SnnConfig } from '@spinsnn/learning';
import { TfConvSnn, convSnnSizes, initTf, tfjs } from '@spinsnn/learning/tfjs';
import { centralDifferences } from './support/finite-differences.js';

const SHAPE = { channels: [2, 3] as [number, number], kernel: 5 };
const cfg: SnnConfig = {
  sizes: convSnnSizes(SHAPE),
  beta: 0.9,
  learnBeta: false,
  threshold: 1,
  reset: 'subtract',
  surrogate: 'fast_sigmoid',
  slope: 2,
  timesteps: 3,
};

/** 'same' 5×5 convolution, NHWC, float64, written out (independent of TF.js). */
function conv(x: Float64Array, H: number, C: number, k: Float64Array, F: number): Float64Array {
  const out = new Float64Array(H * H * F),
    r = 2;
  for (let i = 0; i < H; i++)
    for (let j = 0; j < H; j++)
      for (let f = 0; f < F; f++) {
        let s = 0;
        for (let a = 0; a < 5; a++)
          for (let b = 0; b < 5; b++) {
            const ii = i + a - r,
              jj = j + b - r;
            if (ii < 0 || jj < 0 || ii >= H || jj >= H) continue;
            for (let c = 0; c < C; c++) s += x[(ii * H + jj) * C + c] * k[((a * 5 + b) * C + c) * F + f];
          }
        out[(i * H + j) * F + f] = s;
      }
  return out;
}

function pool(x: Float64Array, H: number, C: number): Float64Array {
  const h = H / 2,
    out = new Float64Array(h * h * C);
  for (let i = 0; i < h; i++)
    for (let j = 0; j < h; j++)
      for (let c = 0; c < C; c++)
        out[(i * h + j) * C + c] =
          (x[(2 * i * H + 2 * j) * C + c] +
            x[(2 * i * H + 2 * j + 1) * C + c] +
            x[((2 * i + 1) * H + 2 * j) * C + c] +
            x[((2 * i + 1) * H + 2 * j + 1) * C + c]) /
          4;
  return out;
}

/** Smoothed float64 forward of one sample: Σ_j coef_j · count_j, same time convention as the MLP. */
function smoothLoss(k: Float64Array[], x: Float32Array, coef: Float64Array): number {
  const T = cfg.timesteps,
    S = T + 3;
  const [c1, c2] = SHAPE.channels;
  const lifs = [new Float64Array(28 * 28 * c1), new Float64Array(14 * 14 * c2), new Float64Array(10)];
  let prev1 = new Float64Array(28 * 28 * c1),
    prev2 = new Float64Array(14 * 14 * c2);
  let loss = 0;
  const step = (v: Float64Array, I: Float64Array): Float64Array => {
    const s = new Float64Array(v.length);
    for (let q = 0; q < v.length; q++) {
      let vi = cfg.beta * v[q] + I[q];
      const sp = smoothStep(cfg.surrogate, cfg.slope, vi - cfg.threshold);
      vi -= sp * cfg.threshold;
      v[q] = vi;
      s[q] = sp;
    }
    return s;
  };
  for (let t = 0; t < S; t++) {
    const inp = new Float64Array(784);
    if (t >= 1 && t - 1 < T) for (let q = 0; q < 784; q++) inp[q] = x[(t - 1) * 784 + q];
    const I1 = t >= 1 && t - 1 < T ? conv(inp, 28, 1, k[0], c1) : new Float64Array(28 * 28 * c1);
    const I2 = t >= 1 ? conv(pool(prev1, 28, c1), 14, c1, k[1], c2) : new Float64Array(14 * 14 * c2);
    const I3 = new Float64Array(10);
    if (t >= 1) {
      const p = pool(prev2, 14, c2);
      for (let j = 0; j < 10; j++) for (let i = 0; i < p.length; i++) I3[j] += p[i] * k[2][i * 10 + j];
    }
    const s1 = step(lifs[0], I1),
      s2 = step(lifs[1], I2),
      s3 = step(lifs[2], I3);
    for (let j = 0; j < 10; j++) loss += coef[j] * s3[j];
    prev1 = s1;
    prev2 = s2;
  }
  return loss;
}

describe('conv SNN (TF.js)', () => {
  beforeAll(async () => {
    expect((await initTf('wasm')).backend).toBe('wasm');
  });

  it('BPTT through the smoothed conv network (wasm conv, registered Conv2DBackpropFilter, AvgPoolGrad) equals finite differences of a float64 forward pass', () => {
    const tf = tfjs();
    const model = new TfConvSnn(cfg, SHAPE, 3);
    // stronger kernels than the default init so every layer is near threshold (informative gradients)
    for (const v of model.kernels) v.assign(tf.mul(v, 3) as TF.Tensor);
    const rng = new Rng(12);
    const img = Float32Array.from({ length: 784 }, (_, i) => (i % 28 > 6 && i % 28 < 20 && i > 200 && i < 600 ? 0.5 + 0.5 * rng.uniform() : 0));
    const x = new Float32Array(cfg.timesteps * 784);
    encodeBatch('rate', img, 784, [0], cfg.timesteps, rng, x);
    const coef = Float64Array.from({ length: 10 }, (_, i) => Math.cos(0.9 * i + 0.2));
    const vars = model.matrices();
    const { grads } = tf.variableGrads(() => {
      const r = model.forward(tf.tensor2d(x, [cfg.timesteps, 784]), 1, { smooth: true });
      return tf.sum(tf.mul(r.counts, tf.tensor2d(Float32Array.from(coef), [1, 10]))) as TF.Scalar;
    }, vars);
    const k = vars.map((v) => Float64Array.from(v.dataSync() as Float32Array));
    for (let m = 0; m < 3; m++) {
      const stride = Math.max(1, Math.floor(k[m].length / 8));
      const { worst, scale } = centralDifferences(k[m], () => smoothLoss(k, x, coef), grads[vars[m].name].dataSync(), { start: 1, stride });
      // float32 BPTT against float64 central differences: relative error ~1e-4 of the largest gradient
      expect(scale, `tensor ${m}`).toBeGreaterThan(1e-4);
      expect(worst, `tensor ${m}`).toBeLessThan(2e-3 * scale);
    }
    tf.dispose(Object.values(grads));
    model.dispose();
  });
});
