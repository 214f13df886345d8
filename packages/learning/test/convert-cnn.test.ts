import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@spinsnn/core';
import {
  KernelSnnRunner,
  cnnLayered,
  cnnSynapses,
  convertCnn,
  dyadicCnn,
  encodeBatch,
  outputShape,
  pooledShape,
  positivePercentile,
  type CnnLayer,
  type IfCnn,
} from '@spinsnn/learning';
import { TfIfCnn, initTf, tfjs } from '@spinsnn/learning/tfjs';
import { expectModelSpikesMatchKernel } from './support/snn-reference.js';

/**
 * A small ReLU CNN with every layer kind: 9 × 9 × 2 input → conv 3×3·3 → (avg-pool 2) conv 2×2·4
 * → dense 5, seeded weights scaled so each layer is active on inputs in [0, 1).
 */
function tinyCnn(seed: number): CnnLayer[] {
  const rng = new Rng(seed);
  const normal = (n: number, fanIn: number, shift = 0) => Float32Array.from({ length: n }, () => shift + rng.normal() * Math.sqrt(2 / fanIn));
  const a: CnnLayer = { kind: 'conv', inShape: [9, 9, 2], pool: 1, size: 3, filters: 3, kernel: normal(3 * 3 * 2 * 3, 18, 0.15), bias: normal(3, 18) };
  const b: CnnLayer = { kind: 'conv', inShape: outputShape(a), pool: 2, size: 2, filters: 4, kernel: normal(2 * 2 * 3 * 4, 12, 0.2), bias: normal(4, 12) };
  const [h, w, c] = outputShape(b);
  const d: CnnLayer = { kind: 'dense', inShape: outputShape(b), pool: 1, units: 5, weights: normal(h * w * c * 5, h * w * c, 0.1), bias: normal(5, 16) };
  return [a, b, d];
}

/** Independent float64 forward pass of a ReLU CNN (hidden layers ReLU, output pre-activation), one sample. */
function reluForward(layers: readonly CnnLayer[], x: Float64Array): Float64Array[] {
  const acts: Float64Array[] = [];
  let a = x;
  layers.forEach((l, li) => {
    const [, W, C] = l.inShape;
    const [ph, pw] = pooledShape(l);
    const pooled = new Float64Array(ph * pw * C);
    for (let y = 0; y < ph; y++)
      for (let xx = 0; xx < pw; xx++)
        for (let c = 0; c < C; c++) {
          let s = 0;
          for (let dy = 0; dy < l.pool; dy++) for (let dx = 0; dx < l.pool; dx++) s += a[((y * l.pool + dy) * W + xx * l.pool + dx) * C + c];
          pooled[(y * pw + xx) * C + c] = s / (l.pool * l.pool);
        }
    const [oh, ow, F] = outputShape(l);
    const z = new Float64Array(oh * ow * F);
    for (let y = 0; y < oh; y++)
      for (let xx = 0; xx < ow; xx++)
        for (let f = 0; f < F; f++) {
          let s = l.bias[f];
          if (l.kind === 'conv') {
            for (let ky = 0; ky < l.size; ky++)
              for (let kx = 0; kx < l.size; kx++)
                for (let c = 0; c < C; c++) s += pooled[((y + ky) * pw + xx + kx) * C + c] * l.kernel[((ky * l.size + kx) * C + c) * F + f];
          } else for (let i = 0; i < ph * pw * C; i++) s += pooled[i] * l.weights[i * F + f];
          z[(y * ow + xx) * F + f] = li < layers.length - 1 ? Math.max(0, s) : s;
        }
    acts.push(z);
    a = z;
  });
  return acts;
}

describe('ANN→SNN conversion of a CNN', () => {
  beforeAll(async () => {
    expect((await initTf('wasm')).backend).toBe('wasm');
  });

  it('the explicit synapse lists have the counts of valid convolution, pooling and dense maps, sorted by (pre, post)', () => {
    const [a, b, d] = tinyCnn(1);
    const count = (l: CnnLayer) => {
      const [oh, ow, F] = outputShape(l);
      const [ph, pw, C] = pooledShape(l);
      const perPooled = l.pool * l.pool;
      return l.kind === 'conv' ? oh * ow * F * l.size * l.size * C * perPooled : ph * pw * C * perPooled * l.units;
    };
    for (const l of [a, b, d]) {
      const s = cnnSynapses(l);
      expect(s.pre.length).toBe(count(l));
      for (let k = 1; k < s.pre.length; k++) expect(s.pre[k] > s.pre[k - 1] || (s.pre[k] === s.pre[k - 1] && s.post[k] > s.post[k - 1])).toBe(true);
    }
  });

  it('TF.js (avgPool + conv2d) and the kernel (explicit synapses, learning/dt_lif) spike identically, step for step', () => {
    const T = 12,
      B = 6;
    const rng = new Rng(5);
    const net: IfCnn = dyadicCnn({ layers: tinyCnn(2), timesteps: T });
    const model = new TfIfCnn(net);
    const c = model.config;
    const x = Float32Array.from({ length: B * c.sizes[0] }, () => rng.uniform());
    const xb = new Float32Array(T * B * c.sizes[0]);
    encodeBatch(
      'rate',
      x,
      c.sizes[0],
      Int32Array.from({ length: B }, (_, k) => k),
      T,
      new Rng(9),
      xb,
    );
    const total = expectModelSpikesMatchKernel(model, new KernelSnnRunner(cnnLayered(net)), xb, B, ({ b, out }) => {
      out.spikes.forEach((n, l) => expect(n, `layer ${l + 1} of sample ${b} spikes`).toBeGreaterThan(0));
    });
    expect(total).toBeGreaterThan(100);
  });

  it('conversion reproduces the normalised ReLU activations of every layer as T grows', () => {
    const tf = tfjs();
    const layers = tinyCnn(3);
    const M = 40,
      n0 = 9 * 9 * 2;
    const rng = new Rng(7);
    const x = Float32Array.from({ length: M * n0 }, () => rng.uniform());
    const acts = Array.from({ length: M }, (_, m) => reluForward(layers, Float64Array.from(x.subarray(m * n0, (m + 1) * n0))));
    // max-norm (p = 100) over the M samples: every normalised activation ≤ 1 spike per step
    const lambdas = layers.map((_, l) =>
      positivePercentile(
        acts.flatMap((a) => Array.from(a[l])),
        100,
      ),
    );
    const errs: number[] = [];
    for (const T of [8, 32, 128]) {
      const model = new TfIfCnn(convertCnn(layers, lambdas, T));
      const xb = new Float32Array(T * M * n0);
      encodeBatch(
        'direct',
        x,
        n0,
        Int32Array.from({ length: M }, (_, m) => m),
        T,
        new Rng(1),
        xb,
      );
      const r = model.forward(tf.tensor2d(xb, [T * M, n0]), M, { record: true });
      let e = 0,
        n = 0;
      r.spikes.forEach((sp, l) => {
        const counts = tf.sum(sp, 0).dataSync();
        const size = model.config.sizes[l + 1];
        for (let m = 0; m < M; m++)
          for (let j = 0; j < size; j++) {
            e += Math.abs(counts[m * size + j] / T - Math.max(0, acts[m][l][j] / lambdas[l]));
            n++;
          }
      });
      errs.push(e / n);
      tf.dispose([r.counts, ...r.spikes]);
      model.dispose();
    }
    // the IF rate error with reset by subtraction is O(1/T) (Rueckauer 2017, eq. 4): it shrinks with T and,
    // as for the dense converter, stays below the 1/T bound of a single IF neuron at T = 128
    for (let k = 1; k < errs.length; k++) expect(errs[k]).toBeLessThan(errs[k - 1]);
    expect(errs[errs.length - 1]).toBeLessThan(1 / 128);
  });

  it('normalisation scales kernels by λ_{l−1}/λ_l and biases by 1/λ_l; bad shapes and scales are refused', () => {
    const layers = tinyCnn(4);
    const net = convertCnn(layers, [2, 4, 8], 16);
    const [a, b, d] = net.layers;
    if (a.kind !== 'conv' || b.kind !== 'conv' || d.kind !== 'dense' || layers[1].kind !== 'conv' || layers[2].kind !== 'dense') throw new Error('layer kinds');
    expect(a.kernel[5]).toBeCloseTo((layers[0] as { kernel: Float32Array }).kernel[5] / 2, 6);
    expect(b.kernel[7]).toBeCloseTo((layers[1].kernel[7] * 2) / 4, 6);
    expect(d.weights[3]).toBeCloseTo((layers[2].weights[3] * 4) / 8, 6);
    expect(d.bias[1]).toBeCloseTo(layers[2].bias[1] / 8, 6);
    expect(() => convertCnn(layers, [1, 0, 1], 16)).toThrow(/lambdas\[1\]/);
    expect(() => convertCnn(layers, [1, 1], 16)).toThrow(/one scale per layer/);
    expect(() => convertCnn([layers[0], { ...layers[1], inShape: [6, 6, 3] }], [1, 1], 16)).toThrow(/inShape/);
    expect(() => convertCnn([{ ...layers[0], pool: 3 as 2 }], [1], 16)).toThrow(/pool/);
  });
});
