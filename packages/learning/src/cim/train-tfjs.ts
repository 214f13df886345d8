import { Rng } from '@spinsnn/core';
import type * as TF from '@tensorflow/tfjs';
import { tfjs } from '../baselines/tfjs.js';
import type { AnalogNet, BinaryNet } from './networks.js';

/**
 * Software training of the networks that are then mapped onto arrays (docs/cim.md §3), in TF.js
 * (this file imports TF.js; networks.ts is the pure inference side). As in Jung et al. 2022, the
 * networks are trained in software and programmed once; no hardware-aware training.
 *
 * Binary networks (Courbariaux/Hubara BNN recipe): latent real weights clipped to [−1, 1],
 * forward with sign(w) and sign activations, backward with the straight-through estimator
 * ∂sign(u)/∂u ≈ 1_{|u| ≤ 1}; batch normalisation before each hidden sign, folded afterwards into
 * a per-neuron threshold θ = μ − βσ/γ and direction sign(γ), with μ, σ recomputed over the
 * training set with the final weights. The output layer's dots times a learnt scalar are the logits.
 */
export interface CimTrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  lrDecay: number;
  seed: number;
  onEpoch?: (epoch: number, loss: number, seconds: number) => void;
}

/** MNIST-like training data: count × features values in [0, 1] and labels. */
export interface CimTrainData {
  x: Float32Array;
  y: Uint8Array;
  count: number;
  features: number;
}

const BN_EPS = 1e-5;

function steSign(tf: typeof TF): (x: TF.Tensor) => TF.Tensor {
  return tf.customGrad(((x: TF.Tensor, save: TF.GradSaveFunc) => {
    save([x]);
    return {
      value: tf.where(tf.greaterEqual(x, 0), tf.onesLike(x), tf.onesLike(x).neg()),
      gradFunc: (dy: TF.Tensor | TF.Tensor[], saved: TF.Tensor[]) => [(dy as TF.Tensor).mul(tf.lessEqual(saved[0].abs(), 1).cast('float32'))],
    };
  }) as unknown as Parameters<typeof TF.customGrad>[0]) as unknown as (x: TF.Tensor) => TF.Tensor;
}

function glorot(rng: Rng, n: number, m: number): Float32Array {
  const lim = Math.sqrt(6 / (n + m));
  return Float32Array.from({ length: n * m }, () => (2 * rng.uniform() - 1) * lim);
}

/**
 * Adam on softmax cross-entropy over mini-batches of (x, data.y) in a fresh shuffle each epoch
 * (drawn from `rng`), the learning rate decayed by o.lrDecay per epoch; `afterStep` runs after
 * every update (e.g. to clip latent weights). Reports each epoch through o.onEpoch.
 */
async function fitSoftmax(
  tf: typeof TF,
  x: Float32Array,
  data: CimTrainData,
  o: CimTrainOptions,
  rng: Rng,
  forward: (xs: TF.Tensor2D) => TF.Tensor,
  vars: TF.Variable[],
  afterStep?: () => void,
): Promise<void> {
  const optimizer = tf.train.adam(o.learningRate);
  const F = data.features;
  const order = new Int32Array(data.count);
  const xb = new Float32Array(o.batchSize * F);
  const yb = new Float32Array(o.batchSize * 10);
  let lr = o.learningRate;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
    for (let i = 0; i < data.count; i++) order[i] = i;
    rng.shuffle(order);
    const t0 = performance.now();
    let lossSum = 0;
    const batches = Math.floor(data.count / o.batchSize);
    for (let bi = 0; bi < batches; bi++) {
      yb.fill(0);
      for (let k = 0; k < o.batchSize; k++) {
        const i = order[bi * o.batchSize + k];
        xb.set(x.subarray(i * F, (i + 1) * F), k * F);
        yb[k * 10 + data.y[i]] = 1;
      }
      const xs = tf.tensor2d(xb, [o.batchSize, F]);
      const ys = tf.tensor2d(yb, [o.batchSize, 10]);
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, forward(xs)) as TF.Scalar, true, vars);
      lossSum += loss ? (await loss.data())[0] : 0;
      loss?.dispose();
      xs.dispose();
      ys.dispose();
      afterStep?.();
    }
    o.onEpoch?.(epoch, lossSum / batches, (performance.now() - t0) / 1000);
    lr *= o.lrDecay;
  }
  optimizer.dispose();
}

/** Trains a binary network of layer widths `sizes` (input first); returns its ±1 form for arrays. */
export async function trainBinaryNet(sizes: number[], data: CimTrainData, o: CimTrainOptions, inputThreshold = 0.5): Promise<BinaryNet> {
  const tf = tfjs();
  const sign = steSign(tf);
  const rng = new Rng(o.seed, 0xb22);
  const L = sizes.length - 1;
  const W = sizes.slice(0, L).map((n, l) => tf.variable(tf.tensor2d(glorot(rng, n, sizes[l + 1]), [n, sizes[l + 1]]), true, `w${l}`));
  const gamma = sizes.slice(1, L).map((m, l) => tf.variable(tf.ones([m]), true, `g${l}`));
  const beta = sizes.slice(1, L).map((m, l) => tf.variable(tf.zeros([m]), true, `b${l}`));
  const alpha = tf.variable(tf.scalar(1 / Math.sqrt(sizes[L - 1])), true, 'alpha');
  const vars = [...W, ...gamma, ...beta, alpha];
  const xbin = new Float32Array(data.x.length);
  for (let i = 0; i < xbin.length; i++) xbin[i] = data.x[i] > inputThreshold ? 1 : -1;
  const forward = (xs: TF.Tensor2D): TF.Tensor => {
    let a: TF.Tensor = xs;
    for (let l = 0; l < L; l++) {
      const z = tf.matMul(a as TF.Tensor2D, sign(W[l]) as TF.Tensor2D);
      if (l + 1 < L) {
        const { mean, variance } = tf.moments(z, 0);
        a = sign(z.sub(mean).div(variance.add(BN_EPS).sqrt()).mul(gamma[l]).add(beta[l]));
      } else a = z.mul(alpha);
    }
    return a;
  };
  await fitSoftmax(tf, xbin, data, o, rng, forward, vars, () => {
    for (const w of W) tf.tidy(() => w.assign(tf.clipByValue(w, -1, 1)));
  });
  // fold batch norm: μ, σ of each hidden pre-activation over the training set, final weights
  const signs = W.map((w) => Int8Array.from(tf.tidy(() => sign(w)).dataSync()));
  const thresholds: Float64Array[] = [];
  const directions: Int8Array[] = [];
  const g = gamma.map((v) => v.dataSync());
  const bt = beta.map((v) => v.dataSync());
  const F = data.features;
  const calib = Math.min(data.count, 20_000);
  let act = Float32Array.from(xbin.subarray(0, calib * F));
  for (let l = 0; l + 1 < L; l++) {
    const n = sizes[l],
      m = sizes[l + 1];
    const z = tf.tidy(() => tf.matMul(tf.tensor2d(act, [calib, n]), tf.tensor2d(Float32Array.from(signs[l]), [n, m])).dataSync() as Float32Array);
    const mean = new Float64Array(m),
      sq = new Float64Array(m);
    for (let b = 0; b < calib; b++)
      for (let j = 0; j < m; j++) {
        const v = z[b * m + j];
        mean[j] += v;
        sq[j] += v * v;
      }
    const th = new Float64Array(m),
      dir = new Int8Array(m);
    for (let j = 0; j < m; j++) {
      mean[j] /= calib;
      const sd = Math.sqrt(Math.max(0, sq[j] / calib - mean[j] * mean[j]) + BN_EPS);
      const gj = g[l][j] === 0 ? 1e-12 : g[l][j];
      th[j] = mean[j] - (bt[l][j] * sd) / gj;
      dir[j] = gj > 0 ? 1 : -1;
    }
    thresholds.push(th);
    directions.push(dir);
    const next = new Float32Array(calib * m);
    for (let b = 0; b < calib; b++) for (let j = 0; j < m; j++) next[b * m + j] = dir[j] * (z[b * m + j] - th[j]) >= 0 ? 1 : -1;
    act = next;
  }
  for (const v of vars) v.dispose();
  return { kind: 'binary', sizes, weights: signs, thresholds, directions, inputThreshold };
}

/** Trains a float ReLU MLP (Adam, softmax cross-entropy); activations' 99.9th percentiles set each layer's DAC full scale. */
export async function trainAnalogNet(sizes: number[], data: CimTrainData, o: CimTrainOptions): Promise<AnalogNet> {
  const tf = tfjs();
  const rng = new Rng(o.seed, 0xa11);
  const L = sizes.length - 1;
  const W = sizes.slice(0, L).map((n, l) => tf.variable(tf.tensor2d(glorot(rng, n, sizes[l + 1]), [n, sizes[l + 1]]), true, `w${l}`));
  const B = sizes.slice(1).map((m, l) => tf.variable(tf.zeros([m]), true, `bias${l}`));
  const vars = [...W, ...B];
  const forward = (xs: TF.Tensor2D, upTo = L): TF.Tensor => {
    let a: TF.Tensor = xs;
    for (let l = 0; l < upTo; l++) {
      const z = tf.matMul(a as TF.Tensor2D, W[l]).add(B[l]);
      a = l + 1 < L ? tf.relu(z) : z;
    }
    return a;
  };
  await fitSoftmax(tf, data.x, data, o, rng, forward, vars);
  const F = data.features;
  const inputScale = new Float64Array(L);
  inputScale[0] = 1;
  const calib = Math.min(data.count, 5000);
  for (let l = 1; l < L; l++) {
    const acts = tf.tidy(() => forward(tf.tensor2d(data.x.subarray(0, calib * F), [calib, F]), l).dataSync() as Float32Array);
    const sorted = Float32Array.from(acts).sort();
    inputScale[l] = Math.max(1e-6, sorted[Math.floor(0.999 * (sorted.length - 1))]);
  }
  const net: AnalogNet = {
    kind: 'analog',
    sizes,
    weights: W.map((w) => Float32Array.from(w.dataSync())),
    biases: B.map((b) => Float32Array.from(b.dataSync())),
    inputScale,
  };
  for (const v of vars) v.dispose();
  return net;
}

/**
 * VGG-8 for 28 × 28 digits as in DNN+NeuroSim's VGG-8 (conv 128-128-pool-256-256-pool-512-512-pool,
 * dense 1024, dense 10; ReLU, 3 × 3 'same' convolutions), built only to time its training here.
 */
export function vgg8Mnist(seed: number): TF.Sequential {
  const tf = tfjs();
  let k = 0;
  const init = () => tf.initializers.heNormal({ seed: (seed + Math.imul(++k, 0x9e3779b1)) >>> 0 });
  const conv = (filters: number, first = false) =>
    tf.layers.conv2d({ ...(first ? { inputShape: [28, 28, 1] } : {}), filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() });
  return tf.sequential({
    name: 'vgg8_mnist',
    layers: [
      conv(128, true),
      conv(128),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      conv(256),
      conv(256),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      conv(512),
      conv(512),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1024, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init() }),
    ],
  });
}

/** CPU and wall seconds of `batches` training steps of `model` on the first samples of `data` (after one warm-up step). */
export async function timeTrainingSteps(
  model: TF.LayersModel,
  data: CimTrainData,
  batches: number,
  batchSize: number,
): Promise<{ cpuSPerStep: number; wallSPerStep: number }> {
  const tf = tfjs();
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const F = data.features;
  const xs = tf.tensor4d(data.x.subarray(0, batchSize * F), [batchSize, 28, 28, 1]);
  const yb = new Float32Array(batchSize * 10);
  for (let k = 0; k < batchSize; k++) yb[k * 10 + data.y[k]] = 1;
  const ys = tf.tensor2d(yb, [batchSize, 10]);
  await model.trainOnBatch(xs, ys);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) await model.trainOnBatch(xs, ys);
  const c = process.cpuUsage(c0);
  xs.dispose();
  ys.dispose();
  return { cpuSPerStep: (c.user + c.system) / 1e6 / batches, wallSPerStep: (performance.now() - t0) / 1000 / batches };
}
