import { describe, expect, it, beforeAll } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { Rng } from '@spinsnn/core';
import {
  convertDense,
  positivePercentile,
  resolveHardware,
  SURROGATE_KINDS,
  dyadicWeights,
  encodeBatch,
  initSnnParams,
  shiftBatch,
  smoothStep,
  surrogateDerivative,
  type SnnConfig,
} from '@spinsnn/learning';
import { clipByGlobalNorm, trainSnn, hwaWeights, TfSnn, initTf, spikeFn, tfjs } from '@spinsnn/learning/tfjs';
import { expectBpttMatchesFiniteDifferences, expectKernelSpikesMatchTf, rateBatch } from './support/snn-reference.js';

const cfg = (o: Partial<SnnConfig> = {}): SnnConfig => ({
  sizes: [12, 9, 4],
  beta: 0.9,
  learnBeta: false,
  threshold: 1,
  reset: 'subtract',
  surrogate: 'fast_sigmoid',
  slope: 5,
  timesteps: 8,
  ...o,
});

/** `count` seeded samples of cfg()'s 12 inputs, uniform in [0, 1), with labels among its 4 classes. */
const randomData = (seed: number, count: number) => {
  const rng = new Rng(seed);
  const n = cfg().sizes[0];
  return {
    x: Float32Array.from({ length: count * n }, () => rng.uniform()),
    y: Uint8Array.from({ length: count }, () => rng.int(4)),
    count,
    sampleShape: [n],
  };
};

describe('surrogate-gradient spiking MLP', () => {
  beforeAll(async () => {
    expect((await initTf('wasm')).backend).toBe('wasm');
  });

  it('each surrogate is the derivative of its smooth step (central differences) and the custom gradient applies it', () => {
    const tf = tfjs();
    const xs = Array.from({ length: 41 }, (_, i) => -1.3 + i * 0.065 + 0.0123);
    for (const kind of SURROGATE_KINDS) {
      for (const k of [0.7, 2, 5]) {
        for (const x of xs) {
          const h = 1e-6;
          const fd = (smoothStep(kind, k, x + h) - smoothStep(kind, k, x - h)) / (2 * h);
          // central difference error O(h²·σ''') ≪ 1e-6 away from the kinks (x never hits 0 or ±1/k exactly here)
          expect(Math.abs(fd - surrogateDerivative(kind, k, x))).toBeLessThan(1e-6 * Math.max(1, k * k));
        }
        const g = tf.grad((t: TF.Tensor) => tf.sum(tf.mul(spikeFn(kind, k)(t), tf.tensor1d(xs.map((_, i) => i + 1)))))(tf.tensor1d(xs));
        const gv = g.dataSync();
        const fwd = spikeFn(kind, k)(tf.tensor1d(xs)).dataSync();
        xs.forEach((x, i) => {
          expect(fwd[i]).toBe(x > 0 ? 1 : 0);
          // float32 evaluation of σ': relative 1e-5
          expect(Math.abs(gv[i] - (i + 1) * surrogateDerivative(kind, k, x))).toBeLessThan(1e-5 * (i + 1) * Math.max(1, k));
        });
      }
    }
  });

  it('BPTT through the smoothed network equals finite differences of an independent float64 forward pass', () => {
    for (const [kind, reset] of [
      ['fast_sigmoid', 'subtract'],
      ['arctan', 'zero'],
      ['triangle', 'subtract'],
    ] as const) {
      const p = initSnnParams(cfg({ surrogate: kind, reset, slope: kind === 'triangle' ? 0.8 : 2 }), 7, 2.5);
      const B = 3,
        c = p.config;
      const rng = new Rng(3);
      const x = rateBatch(c, B, rng);
      const coef = Float64Array.from({ length: B * c.sizes[2] }, () => rng.normal());
      expectBpttMatchesFiniteDifferences(p, x, B, coef, 5);
    }
  });

  it('the TF.js forward pass and learning/dt_lif on the kernel spike identically, step for step', () => {
    for (const [reset, withBias] of [
      ['subtract', false],
      ['zero', false],
      ['subtract', true],
    ] as const) {
      // gain 3: hidden layers spike often, so the comparison covers many threshold crossings
      const p = dyadicWeights(initSnnParams(cfg({ sizes: [30, 20, 15, 5], reset, beta: withBias ? 1 : 0.85, timesteps: 12 }), 11, 3));
      if (withBias) {
        const br = new Rng(8);
        p.biases = p.config.sizes.slice(1).map((n) => Float32Array.from({ length: n }, () => 0.2 * br.normal()));
      }
      expect(expectKernelSpikesMatchTf(p, rateBatch(p.config, 20, new Rng(5)), 20)).toBeGreaterThan(500);
    }
  });

  it('conversion of a tiny ReLU network reproduces its normalised activations as T grows', () => {
    const tf = tfjs();
    const rng = new Rng(21);
    const sizes = [20, 16, 6],
      M = 200;
    const layers = [0, 1].map((l) => ({
      weights: Float32Array.from({ length: sizes[l] * sizes[l + 1] }, () => rng.normal() / Math.sqrt(sizes[l])),
      bias: Float32Array.from({ length: sizes[l + 1] }, () => 0.1 * rng.normal()),
      nIn: sizes[l],
      nOut: sizes[l + 1],
    }));
    const x = Float32Array.from({ length: M * sizes[0] }, () => rng.uniform());
    // float64 ReLU network: a1 = relu(x W1 + b1), z2 = a1 W2 + b2 (output pre-activation)
    const acts: Float64Array[] = [];
    let a = Float64Array.from(x);
    layers.forEach((L, l) => {
      const z = new Float64Array(M * L.nOut);
      for (let m = 0; m < M; m++)
        for (let j = 0; j < L.nOut; j++) {
          let s = L.bias[j];
          for (let i = 0; i < L.nIn; i++) s += a[m * L.nIn + i] * L.weights[i * L.nOut + j];
          z[m * L.nOut + j] = l === 0 ? Math.max(0, s) : s;
        }
      acts.push(z);
      a = z;
    });
    // max-norm (p = 100): every normalised activation ≤ 1 spike per step
    const lambdas = acts.map((z) => positivePercentile(z, 100));
    const errs: number[] = [];
    for (const T of [8, 32, 128]) {
      const p = convertDense(layers, lambdas, T);
      const model = new TfSnn(p);
      const xb = new Float32Array(T * M * sizes[0]);
      encodeBatch(
        'direct',
        x,
        sizes[0],
        Array.from({ length: M }, (_, m) => m),
        T,
        new Rng(1),
        xb,
      );
      const r = model.forward(tf.tensor2d(xb, [T * M, sizes[0]]), M, { record: true });
      const hidden = tf.sum(r.spikes[0], 0).dataSync(),
        out = r.counts.dataSync();
      let e = 0;
      for (let q = 0; q < M * sizes[1]; q++) e += Math.abs(hidden[q] / T - acts[0][q] / lambdas[0]);
      for (let q = 0; q < M * sizes[2]; q++) e += Math.abs(out[q] / T - Math.max(0, acts[1][q] / lambdas[1]));
      errs.push(e / (M * (sizes[1] + sizes[2])));
      tf.dispose([r.counts, ...r.spikes]);
      model.dispose();
    }
    // the rate error of an IF neuron with reset by subtraction is O(1/T) (Rueckauer 2017, eq. 4): it must shrink
    // at every step of T and be below the 1/T bound of a single IF neuron at T = 128 (measured ≈ 0.34/T)
    for (let k = 1; k < errs.length; k++) expect(errs[k]).toBeLessThan(errs[k - 1]);
    expect(errs[errs.length - 1]).toBeLessThan(1 / 128);
  });

  it('training is deterministic per seed and 1 epoch + resume ≡ 2 uninterrupted epochs, bit for bit (also hardware-aware)', async () => {
    const tf = tfjs();
    const data = randomData(31, 96);
    const hw = resolveHardware('sot/multilevel', 'hsin2025');
    for (const mapWeights of [undefined, (ws: TF.Variable[], r: Rng) => ws.map((w) => hwaWeights(w as unknown as TF.Tensor2D, hw, r))]) {
      const o = { epochs: 2, batchSize: 32, seed: 4, learningRate: 5e-3, lrDecay: 0.5, coding: 'rate' as const, classes: 4, mapWeights };
      const full = new TfSnn(initSnnParams(cfg(), 2));
      await trainSnn(full, data, o);
      const again = new TfSnn(initSnnParams(cfg(), 2));
      await trainSnn(again, data, o);
      const first = new TfSnn(initSnnParams(cfg(), 2));
      let saved: { name: string; tensor: TF.Tensor }[] = [];
      await trainSnn(first, data, {
        ...o,
        epochs: 1,
        onEpoch: async (_r, st) => {
          saved = (await st.optimizerWeights()).map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) }));
        },
      });
      // a fresh process: new model from the saved weights, optimizer state restored
      const resumed = new TfSnn(first.toParams());
      await trainSnn(resumed, data, { ...o, startEpoch: 1, optimizerWeights: saved });
      const a = full.toParams(),
        b = again.toParams(),
        c = resumed.toParams();
      for (let l = 0; l < 2; l++) {
        expect(b.weights[l]).toEqual(a.weights[l]);
        expect(c.weights[l]).toEqual(a.weights[l]);
      }
      expect(a.weights[0]).not.toEqual(initSnnParams(cfg(), 2).weights[0]);
      for (const m of [full, again, first, resumed]) m.dispose();
      tf.dispose(saved.map((w) => w.tensor));
    }
  });
  it('gradient clipping: the global norm and the rescaled gradients equal a hand computation; unclipped runs are unchanged', async () => {
    const tf = tfjs();
    const a = [3, -4, 0, 1],
      b = [2, 2];
    const norm = Math.sqrt([...a, ...b].reduce((s, v) => s + v * v, 0));
    const below = clipByGlobalNorm({ a: tf.tensor1d(a), b: tf.tensor1d(b) }, norm * 1.01);
    expect(below.clipped).toBe(false);
    expect(below.norm).toBeCloseTo(norm, 5);
    expect(Array.from(below.grads.a.dataSync())).toEqual(a);
    const cut = clipByGlobalNorm({ a: tf.tensor1d(a), b: tf.tensor1d(b) }, 2);
    expect(cut.clipped).toBe(true);
    const scaled = [...cut.grads.a.dataSync(), ...cut.grads.b.dataSync()];
    [...a, ...b].forEach((v, i) => expect(scaled[i]).toBeCloseTo((v * 2) / norm, 6));
    tf.dispose([...Object.values(below.grads), ...Object.values(cut.grads)]);

    const data = randomData(5, 64);
    const o = { epochs: 1, batchSize: 32, seed: 4, learningRate: 5e-3, lrDecay: 1, coding: 'rate' as const, classes: 4 };
    const run = async (clipNorm?: number) => {
      const m = new TfSnn(initSnnParams(cfg(), 2));
      const [r] = await trainSnn(m, data, clipNorm === undefined ? o : { ...o, clipNorm });
      const w = m.toParams().weights;
      m.dispose();
      return { r, w };
    };
    const plain = await run();
    expect(plain.r.maxGradNorm).toBeGreaterThan(0);
    expect(plain.r.clippedBatches).toBe(0);
    // a bound above every batch's norm changes nothing, bit for bit
    const loose = await run(plain.r.maxGradNorm * 2);
    expect(loose.r.clippedBatches).toBe(0);
    for (let l = 0; l < 2; l++) expect(loose.w[l]).toEqual(plain.w[l]);
    // a bound below the largest norm rescales that batch and so changes the weights
    const tight = await run(plain.r.maxGradNorm / 10);
    expect(tight.r.clippedBatches).toBeGreaterThan(0);
    expect(tight.r.maxGradNorm).toBe(plain.r.maxGradNorm);
    expect(tight.w[0]).not.toEqual(plain.w[0]);
    for (const bad of [0, -1, Number.NaN, Infinity]) await expect(run(bad)).rejects.toThrow(/clipNorm/);
  });

  it('shift augmentation: each sample is its input translated by (dx, dy) with zeros shifted in, the shifts uniform over [−s, s]²', () => {
    const H = 9,
      W = 7,
      s = 2,
      count = 4000;
    // every sample: a ramp (to check the copy) with one marked pixel at the centre (to read the shift back)
    const x = new Float32Array(count * H * W);
    for (let k = 0; k < count; k++) for (let i = 0; i < H * W; i++) x[k * H * W + i] = i === 4 * W + 3 ? 1 : (i + k) / (H * W + count);
    const out = new Float32Array(count * H * W);
    shiftBatch(
      { height: H, width: W, maxShift: s },
      x,
      Int32Array.from({ length: count }, (_, k) => k),
      new Rng(3),
      out,
    );
    const tally = new Int32Array((2 * s + 1) ** 2);
    for (let k = 0; k < count; k++) {
      const o = out.subarray(k * H * W, (k + 1) * H * W);
      const at = o.indexOf(1);
      const dy = Math.floor(at / W) - 4,
        dx = (at % W) - 3;
      expect(Math.abs(dx) <= s && Math.abs(dy) <= s).toBe(true);
      tally[(dy + s) * (2 * s + 1) + dx + s]++;
      for (let r = 0; r < H; r++)
        for (let c = 0; c < W; c++) {
          const rr = r - dy,
            cc = c - dx;
          expect(o[r * W + c]).toBe(rr >= 0 && rr < H && cc >= 0 && cc < W ? x[k * H * W + rr * W + cc] : 0);
        }
    }
    // 25 equally likely shifts: each count is Binomial(4000, 1/25), sd ≈ 12.4; 5 sd bounds
    const p = 1 / (2 * s + 1) ** 2,
      sd = Math.sqrt(count * p * (1 - p));
    for (const c of tally) expect(Math.abs(c - count * p)).toBeLessThan(5 * sd);
  });

  it('augmented training is deterministic, resumes bit for bit, differs from unaugmented, and refuses raster data or a wrong image shape', async () => {
    const tf = tfjs();
    const data = randomData(8, 64);
    const augment = { height: 3, width: 4, maxShift: 1 };
    const o = { epochs: 2, batchSize: 32, seed: 4, learningRate: 5e-3, lrDecay: 0.5, coding: 'direct' as const, classes: 4, augment };
    const train = async (opts: Parameters<typeof trainSnn>[2], from = initSnnParams(cfg(), 2)) => {
      const m = new TfSnn(from);
      let saved: { name: string; tensor: TF.Tensor }[] = [];
      await trainSnn(m, data, {
        ...opts,
        onEpoch: async (_r, st) => {
          tf.dispose(saved.map((w) => w.tensor));
          saved = (await st.optimizerWeights()).map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) }));
        },
      });
      const p = m.toParams();
      m.dispose();
      return { p, saved };
    };
    const full = await train(o);
    const again = await train(o);
    const first = await train({ ...o, epochs: 1 });
    const resumed = await train({ ...o, startEpoch: 1, optimizerWeights: first.saved }, first.p);
    const plain = await train({ ...o, augment: undefined });
    for (let l = 0; l < 2; l++) {
      expect(again.p.weights[l]).toEqual(full.p.weights[l]);
      expect(resumed.p.weights[l]).toEqual(full.p.weights[l]);
    }
    expect(plain.p.weights[0]).not.toEqual(full.p.weights[0]);
    for (const r of [full, again, first, resumed, plain]) tf.dispose(r.saved.map((w) => w.tensor));
    const m = new TfSnn(initSnnParams(cfg(), 2));
    await expect(trainSnn(m, data, { ...o, augment: { height: 4, width: 4, maxShift: 1 } })).rejects.toThrow(/height × width/);
    await expect(trainSnn(m, data, { ...o, augment: { ...augment, maxShift: 3 } })).rejects.toThrow(/maxShift/);
    const raster = { x: new Float32Array(64 * 8 * 12), y: data.y, count: 64, sampleShape: [8, 12] };
    await expect(trainSnn(m, raster, { ...o, coding: 'raster' })).rejects.toThrow(/augment/);
    m.dispose();
  });
});
