import { describe, expect, it, beforeAll } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { Rng } from '@spinsnn/core';
import '@spinsnn/backends';
import {
  KernelSnnRunner,
  audioRaster,
  dyadicWeights,
  encodeBatch,
  initSnnParams,
  smoothStep,
  spikeStepsOf,
  totalSteps,
  weightMatrices,
  type SnnConfig,
  type SnnParams,
} from '@spinsnn/learning';
import { TfSnn, initTf, tfjs } from '@spinsnn/learning/tfjs';

const cfg = (o: Partial<SnnConfig> = {}): SnnConfig => ({
  sizes: [10, 8, 4],
  beta: 0.9,
  learnBeta: false,
  threshold: 1,
  reset: 'subtract',
  surrogate: 'fast_sigmoid',
  slope: 2,
  timesteps: 7,
  recurrent: true,
  ...o,
});

/**
 * Float64 reference of the smoothed recurrent network, written independently of the TF.js layer:
 * hidden layer l at step k hears layer l − 1 at step k − 1 and itself at step k − 1.
 * w holds the matrices in `weightMatrices` order (feed-forward, then recurrent).
 */
function smoothLoss(p: SnnParams, w: Float64Array[], x: Float32Array, B: number, coef: Float64Array): number {
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
    const rec = l < L - 1 ? w[L + l] : null;
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

function rateBatch(c: SnnConfig, B: number, seed: number): Float32Array {
  const rng = new Rng(seed);
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

describe('recurrent spiking network', () => {
  beforeAll(async () => {
    expect((await initTf('wasm')).backend).toBe('wasm');
  });

  it('BPTT through the smoothed recurrent network equals finite differences of a float64 forward pass (feed-forward and recurrent matrices)', () => {
    const tf = tfjs();
    const p = initSnnParams(cfg(), 9, 2.5);
    const B = 3,
      c = p.config;
    const x = rateBatch(c, B, 4);
    const coef = Float64Array.from({ length: B * c.sizes[2] }, (_, i) => Math.sin(1.7 * i + 0.3));
    const model = new TfSnn(p);
    const vars = model.matrices();
    const { grads } = tf.variableGrads(() => {
      const r = model.forward(tf.tensor2d(x, [c.timesteps * B, c.sizes[0]]), B, { smooth: true });
      return tf.sum(tf.mul(r.counts, tf.tensor2d(Float32Array.from(coef), [B, c.sizes[2]]))) as TF.Scalar;
    }, vars);
    const w = weightMatrices(p).map((m) => Float64Array.from(m.w));
    expect(w.length).toBe(3);
    for (let m = 0; m < w.length; m++) {
      const g = grads[vars[m].name].dataSync();
      let worst = 0,
        scale = 0;
      for (let q = 0; q < w[m].length; q += 3) {
        const h = 1e-5,
          w0 = w[m][q];
        w[m][q] = w0 + h;
        const up = smoothLoss(p, w, x, B, coef);
        w[m][q] = w0 - h;
        const dn = smoothLoss(p, w, x, B, coef);
        w[m][q] = w0;
        const fd = (up - dn) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - g[q]));
        scale = Math.max(scale, Math.abs(fd));
      }
      // float32 BPTT against float64 central differences: relative error ~1e-4 of the largest gradient
      expect(scale).toBeGreaterThan(1e-3);
      expect(worst).toBeLessThan(2e-3 * scale);
    }
    model.dispose();
    tf.dispose(Object.values(grads));
  });

  it('the TF.js recurrent forward pass and the kernel (l → l projections) spike identically, step for step', () => {
    const tf = tfjs();
    const p = dyadicWeights(initSnnParams(cfg({ sizes: [16, 14, 12, 5], timesteps: 10, beta: 0.85 }), 21, 2.5));
    const c = p.config,
      B = 16,
      S = totalSteps(c),
      T = c.timesteps;
    const x = rateBatch(c, B, 6);
    const model = new TfSnn(p);
    const r = model.forward(tf.tensor2d(x, [T * B, c.sizes[0]]), B, { record: true });
    const tfSpikes = r.spikes.map((s) => s.dataSync());
    const preds = tf.argMax(r.counts, 1).dataSync();
    const runner = new KernelSnnRunner(p);
    let total = 0;
    for (let b = 0; b < B; b++) {
      const { indices, steps } = spikeStepsOf(x, T, B, c.sizes[0], b);
      const got = c.sizes.slice(1).map((n) => new Uint8Array(S * n));
      const out = runner.infer(indices, steps, (l, i, k) => {
        got[l - 1][k * c.sizes[l] + i]++;
      });
      for (let l = 0; l < 3; l++) {
        const n = c.sizes[l + 1];
        for (let k = 0; k < S; k++)
          for (let i = 0; i < n; i++) expect(got[l][k * n + i], `layer ${l + 1} neuron ${i} step ${k} sample ${b}`).toBe(tfSpikes[l][(k * B + b) * n + i]);
        total += out.spikes[l];
      }
      expect(out.prediction).toBe(preds[b]);
      // events: every spike of layer l reaches its feed-forward and its recurrent row
      const hid = out.spikes[0] * (12 + 14) + out.spikes[1] * (5 + 12);
      expect(out.synapticEvents).toBe(indices.length * 14 + hid);
    }
    expect(total).toBeGreaterThan(200);
    tf.dispose([r.counts, ...r.spikes]);
    model.dispose();
  });

  it('program-and-verify programs the recurrent matrices too (both halves of every pair)', () => {
    const p = initSnnParams(cfg({ sizes: [6, 5, 3] }), 2);
    const runner = new KernelSnnRunner(p, {
      synapse: { device: 'sot/multilevel', preset: 'hsin2025' },
      program: { tolerance: 0.05, maxWrites: 20 },
    });
    expect(runner.programming.map((r) => r.projection)).toEqual(['w0p', 'w0n', 'w1p', 'w1n', 'r1p', 'r1n']);
    expect(runner.programming.find((r) => r.projection === 'r1p')!.devices).toBe(25);
  });

  it('audioRaster: the integrate-and-fire encoder gives floor(½ + Σx) spikes per band, none below the dynamic range or after the clip', () => {
    const frames = 30,
      bands = 4,
      T = 40,
      range = 8;
    const data = new Float32Array(frames * bands);
    for (let t = 0; t < frames; t++) for (let b = 0; b < bands; b++) data[t * bands + b] = b === 3 ? -50 : 2 + 3 * Math.sin(0.3 * t + b) - 2 * b; // band 3: far below the range
    const out = new Float32Array(T * bands);
    audioRaster({ frames, bands, hopS: 0.016, data }, { frames: T, rangeNats: range }, out);
    let max = -Infinity;
    for (const v of data) max = Math.max(max, v);
    for (let b = 0; b < bands; b++) {
      let sx = 0,
        n = 0;
      for (let t = 0; t < frames; t++) sx += Math.min(1, Math.max(0, (data[t * bands + b] - (max - range)) / range));
      for (let t = 0; t < T; t++) n += out[t * bands + b];
      for (let t = frames; t < T; t++) expect(out[t * bands + b]).toBe(0);
      expect(n).toBe(Math.floor(0.5 + sx + 1e-9));
    }
    expect(out.filter((_, i) => i % bands === 3).every((v) => v === 0)).toBe(true);
  });
});
