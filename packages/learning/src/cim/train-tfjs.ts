import { Rng, type SynapseHardware } from '@spinsnn/core';
import type * as TF from '@tensorflow/tfjs';
import { setLearningRate, shuffleOrder } from '../baselines/epochs.js';
import { tfjs } from '../baselines/tfjs.js';
import { deviceRange } from '../hwa/hardware.js';
import { hwaWeights } from '../hwa/tf-hwa.js';
import type { AnalogNet, BinaryNet, CimNet } from './networks.js';

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
  /** Per-epoch factor of the 'exp' schedule. */
  lrDecay: number;
  seed: number;
  /** 'exp' (default): lr·lrDecay^(epoch−1); 'cosine': half a cosine from lr down to minLearningRate over the epochs. */
  schedule?: 'exp' | 'cosine';
  /** Final learning rate of the cosine schedule (default 0). */
  minLearningRate?: number;
  onEpoch?: (epoch: number, loss: number, seconds: number) => void;
  /** Called after every `snapshotEvery`-th epoch (and the last) with the deployable network at that point (costs one batch-norm fold for binary nets). */
  onSnapshot?: (epoch: number, net: CimNet) => void;
  snapshotEvery?: number;
  /**
   * Called once after training, before the variables are freed, with the TF.js training-mode
   * forward (batch norm from the batch's own statistics) returning logits; tests run it on the
   * calibration set as one batch and compare with the folded network.
   */
  inspect?: (forward: (xs: TF.Tensor2D) => TF.Tensor) => void;
}

/** Learning rate of epoch `epoch` (1-based) under o's schedule. */
export function cimLearningRate(o: CimTrainOptions, epoch: number): number {
  if (o.schedule === 'cosine') {
    const lo = o.minLearningRate ?? 0;
    const f = o.epochs > 1 ? (epoch - 1) / (o.epochs - 1) : 0;
    return lo + 0.5 * (o.learningRate - lo) * (1 + Math.cos(Math.PI * f));
  }
  return o.learningRate * o.lrDecay ** (epoch - 1);
}

/** MNIST-like training data: count × features values in [0, 1] and labels. */
export interface CimTrainData {
  x: Float32Array;
  y: Uint8Array;
  count: number;
  features: number;
}

/** Batch-norm ε (added to the variance). */
export const BN_EPS = 1e-5;

/** sign(x) (±1, sign(0) = +1) with the straight-through estimator ∂/∂x ≈ 1_{|x| ≤ 1}. */
export function steSign(tf: typeof TF): (x: TF.Tensor) => TF.Tensor {
  return tf.customGrad(((x: TF.Tensor, save: TF.GradSaveFunc) => {
    save([x]);
    return {
      value: tf.where(tf.greaterEqual(x, 0), tf.onesLike(x), tf.onesLike(x).neg()),
      gradFunc: (dy: TF.Tensor | TF.Tensor[], saved: TF.Tensor[]) => [(dy as TF.Tensor).mul(tf.lessEqual(saved[0].abs(), 1).cast('float32'))],
    };
  }) as unknown as Parameters<typeof TF.customGrad>[0]) as unknown as (x: TF.Tensor) => TF.Tensor;
}

/** Glorot-uniform n × m initial weights drawn from `rng`. */
export function glorot(rng: Rng, n: number, m: number): Float32Array {
  const lim = Math.sqrt(6 / (n + m));
  return Float32Array.from({ length: n * m }, () => (2 * rng.uniform() - 1) * lim);
}

/**
 * Adam on softmax cross-entropy over mini-batches of (x, data.y) in a fresh shuffle each epoch
 * (drawn from `rng`), the learning rate decayed by o.lrDecay per epoch; `afterStep` runs after
 * every update (e.g. to clip latent weights), `afterEpoch` after each epoch. Reports each epoch through o.onEpoch.
 */
export async function fitSoftmax(
  tf: typeof TF,
  x: Float32Array,
  data: CimTrainData,
  o: CimTrainOptions,
  rng: Rng,
  forward: (xs: TF.Tensor2D) => TF.Tensor,
  vars: TF.Variable[],
  afterStep?: () => void,
  afterEpoch?: (epoch: number) => void,
): Promise<void> {
  const optimizer = tf.train.adam(o.learningRate);
  const F = data.features;
  const order = new Int32Array(data.count);
  const xb = new Float32Array(o.batchSize * F);
  const yb = new Float32Array(o.batchSize * 10);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    setLearningRate(optimizer, cimLearningRate(o, epoch));
    shuffleOrder(rng, order);
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
    afterEpoch?.(epoch);
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
  const fold = (): BinaryNet => foldBinaryNet(tf, sizes, W, gamma, beta, sign, xbin, data, inputThreshold);
  const every = o.snapshotEvery ?? 1;
  await fitSoftmax(
    tf,
    xbin,
    data,
    o,
    rng,
    forward,
    vars,
    () => {
      for (const w of W) tf.tidy(() => w.assign(tf.clipByValue(w, -1, 1)));
    },
    o.onSnapshot ? (epoch) => (epoch % every === 0 || epoch === o.epochs) && o.onSnapshot?.(epoch, fold()) : undefined,
  );
  const net = fold();
  o.inspect?.((xs) => tf.tidy(() => forward(xs)));
  for (const v of vars) v.dispose();
  return net;
}

/**
 * Folds batch norm into thresholds: μ, σ of each hidden pre-activation over (up to 20k of) the
 * training set with the current sign weights, θ = μ − βσ/γ, direction sign(γ).
 */
function foldBinaryNet(
  tf: typeof TF,
  sizes: number[],
  W: TF.Variable[],
  gamma: TF.Variable[],
  beta: TF.Variable[],
  sign: (x: TF.Tensor) => TF.Tensor,
  xbin: Float32Array,
  data: CimTrainData,
  inputThreshold: number,
): BinaryNet {
  const L = sizes.length - 1;
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
  return { kind: 'binary', sizes, weights: signs, thresholds, directions, inputThreshold };
}

/** Hardware-aware options of `trainAnalogNet` (docs/cim.md §3). */
export interface CimHwaOptions {
  /** The cell device's description from the registry (`resolveHardware`): levels, noise, faults. */
  readonly hardware: SynapseHardware;
  /** First epoch (1-based) whose forward passes map the weights through `hwaWeights`; earlier epochs train in float. */
  readonly fromEpoch: number;
}

/**
 * Trains a float ReLU MLP (Adam, softmax cross-entropy); activations' 99.9th percentiles set each
 * layer's DAC full scale. With `hwa`, epochs from `hwa.fromEpoch` on train through the device
 * mapping of `hwaWeights` (quantisation-aware: levels with the straight-through estimator, plus
 * the device's noise), and the network records each layer's device range (`deviceRange`'s rule, as
 * `hwaWeights` uses it) so the array maps the weights exactly as training did.
 */
export async function trainAnalogNet(sizes: number[], data: CimTrainData, o: CimTrainOptions, hwa?: CimHwaOptions): Promise<AnalogNet> {
  const tf = tfjs();
  const rng = new Rng(o.seed, 0xa11);
  const hwRng = rng.fork(0x4a7);
  const L = sizes.length - 1;
  const W = sizes.slice(0, L).map((n, l) => tf.variable(tf.tensor2d(glorot(rng, n, sizes[l + 1]), [n, sizes[l + 1]]), true, `w${l}`));
  const B = sizes.slice(1).map((m, l) => tf.variable(tf.zeros([m]), true, `bias${l}`));
  const vars = [...W, ...B];
  let hwaOn = hwa !== undefined && hwa.fromEpoch <= 1;
  const forward = (xs: TF.Tensor2D, upTo = L, mapped = hwaOn): TF.Tensor => {
    let a: TF.Tensor = xs;
    for (let l = 0; l < upTo; l++) {
      const w = mapped && hwa ? hwaWeights(W[l], hwa.hardware, hwRng) : W[l];
      const z = tf.matMul(a as TF.Tensor2D, w).add(B[l]);
      a = l + 1 < L ? tf.relu(z) : z;
    }
    return a;
  };
  await fitSoftmax(
    tf,
    data.x,
    data,
    o,
    rng,
    (xs) => forward(xs),
    vars,
    undefined,
    (epoch) => {
      if (hwa && epoch + 1 >= hwa.fromEpoch) hwaOn = true;
    },
  );
  const F = data.features;
  const inputScale = new Float64Array(L);
  inputScale[0] = 1;
  const calib = Math.min(data.count, 5000);
  // DAC full scale from the activations the array will see: the device-mapped weights without noise draws
  const quantOnly = hwa ? { ...hwa.hardware, programSigma: 0, d2dRange: 0, readNoise: 0, stuckAtMin: 0, stuckAtMax: 0 } : null;
  for (let l = 1; l < L; l++) {
    const acts = tf.tidy(() => {
      let a: TF.Tensor = tf.tensor2d(data.x.subarray(0, calib * F), [calib, F]);
      for (let k = 0; k < l; k++) a = tf.relu(tf.matMul(a as TF.Tensor2D, quantOnly ? hwaWeights(W[k], quantOnly, hwRng) : W[k]).add(B[k]));
      return a.dataSync() as Float32Array;
    });
    const sorted = Float32Array.from(acts).sort();
    inputScale[l] = Math.max(1e-6, sorted[Math.floor(0.999 * (sorted.length - 1))]);
  }
  const weights = W.map((w) => Float32Array.from(w.dataSync()));
  const net: AnalogNet = {
    kind: 'analog',
    sizes,
    weights,
    biases: B.map((b) => Float32Array.from(b.dataSync())),
    inputScale,
    ...(hwa ? { weightRange: Float64Array.from(weights, (w) => deviceRange(w, hwa.hardware)) } : {}),
  };
  for (const v of vars) v.dispose();
  return net;
}

/**
 * VGG-8 for 28 × 28 digits as in DNN+NeuroSim's VGG-8 (conv 128-128-pool-256-256-pool-512-512-pool,
 * dense 1024, dense 10; ReLU, 3 × 3 'same' convolutions), channels × `width`; built only to time training steps here.
 */
export function vgg8Mnist(seed: number, width = 1): TF.Sequential {
  const tf = tfjs();
  const c = (n: number) => Math.max(1, Math.round(n * width));
  let k = 0;
  const init = () => tf.initializers.heNormal({ seed: (seed + Math.imul(++k, 0x9e3779b1)) >>> 0 });
  const conv = (filters: number, first = false) =>
    tf.layers.conv2d({
      ...(first ? { inputShape: [28, 28, 1] } : {}),
      filters: c(filters),
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(),
    });
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
      tf.layers.dense({ units: c(1024), activation: 'relu', kernelInitializer: init() }),
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
