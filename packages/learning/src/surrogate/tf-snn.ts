import type * as TF from '@tensorflow/tfjs';
import { Rng, SpecError } from '@spinsnn/core';
import { tfjs } from '../baselines/tfjs.js';
import { type NamedTensor, type OptimizerState, replayEpochs, resumeAdam, setLearningRate, shuffleOrder, tallyPredictions } from '../baselines/epochs.js';
import type { ClassificationData } from '../baselines/train.js';
import { checkShiftAugmentation, shiftBatch, type ShiftAugmentation } from './augment.js';
import { encodeBatch, type InputCoding } from './encode.js';
import { checkSnnConfig, recurrentLayers, totalSteps, type SnnConfig, type SnnParams } from './model.js';
import type { SurrogateKind } from './surrogates.js';

/**
 * Surrogate-gradient training of spiking MLPs on TF.js (docs/supervised-snn.md §1): discrete-time
 * LIF layers whose spike is a Heaviside step forward and a surrogate derivative backward
 * (`tf.customGrad`), unrolled over T + L steps and trained by backpropagation through time
 * with Adam. Layers run one after another over all steps — a feed-forward layer's input is known
 * once the layer below has run — so each layer costs one large matmul plus T + L element-wise
 * updates. Time convention and float32 semantics: `learning/dt_lif` and model.ts.
 */

type Spike = (x: TF.Tensor) => TF.Tensor;
const spikeCache = new Map<string, Spike>();

/** Heaviside forward, surrogate σ'(x) backward (surrogates.ts gives the formulas). */
export function spikeFn(kind: SurrogateKind, k: number): Spike {
  const key = `${kind}:${k}`;
  const hit = spikeCache.get(key);
  if (hit) return hit;
  const tf = tfjs();
  const f = tf.customGrad((...args: (TF.Tensor | TF.GradSaveFunc)[]) => {
    const x = args[0] as TF.Tensor;
    (args[1] as TF.GradSaveFunc)([x]);
    return {
      value: tf.cast(tf.greater(x, 0), 'float32'),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => [tf.mul(dy, surrogateGrad(kind, k, saved[0]))],
    };
  }) as unknown as Spike;
  spikeCache.set(key, f);
  return f;
}

/** σ'(x) as TF.js ops. */
export function surrogateGrad(kind: SurrogateKind, k: number, x: TF.Tensor): TF.Tensor {
  const tf = tfjs();
  switch (kind) {
    case 'fast_sigmoid': {
      const d = tf.add(1, tf.mul(k, tf.abs(x)));
      return tf.div(k / 2, tf.mul(d, d));
    }
    case 'arctan': {
      const a = tf.mul((Math.PI * k) / 2, x);
      return tf.div(k / 2, tf.add(1, tf.mul(a, a)));
    }
    case 'triangle':
      return tf.mul(k, tf.relu(tf.sub(1, tf.mul(k, tf.abs(x)))));
  }
}

/** The smooth step σ(x) as TF.js ops (autodiff gives σ'): the "smoothed forward pass" of the tests. */
export function smoothStepTf(kind: SurrogateKind, k: number, x: TF.Tensor): TF.Tensor {
  const tf = tfjs();
  switch (kind) {
    case 'fast_sigmoid':
      return tf.mul(0.5, tf.add(1, tf.div(tf.mul(k, x), tf.add(1, tf.mul(k, tf.abs(x))))));
    case 'arctan':
      return tf.add(0.5, tf.div(tf.atan(tf.mul((Math.PI * k) / 2, x)), Math.PI));
    case 'triangle': {
      const u = tf.clipByValue(tf.mul(k, x), -1, 1);
      return tf.add(0.5, tf.sub(u, tf.mul(tf.sign(u), tf.div(tf.mul(u, u), 2))));
    }
  }
}

let detachFn: ((x: TF.Tensor) => TF.Tensor) | null = null;
/** Identity forward, zero gradient (TF.js has no stopGradient op). */
export function detach(x: TF.Tensor): TF.Tensor {
  const tf = tfjs();
  detachFn ??= tf.customGrad((...args: (TF.Tensor | TF.GradSaveFunc)[]) => ({
    value: tf.clone(args[0] as TF.Tensor),
    gradFunc: (dy: TF.Tensor) => [tf.zerosLike(dy)],
  })) as unknown as (x: TF.Tensor) => TF.Tensor;
  return detachFn(x);
}

/** Forward-pass options. */
export interface ForwardOptions {
  /** Replace the Heaviside step by its smooth σ (tests: gradients by autodiff of a smooth network). */
  smooth?: boolean;
  /** Let gradients flow through the reset term (default false: reset detached, as Zenke & Vogels 2021 recommend). */
  gradThroughReset?: boolean;
  /** Keep every layer's spikes [S, B, n] (for the kernel cross-check); the caller disposes them. */
  record?: boolean;
}

/** Result of a forward pass: output spike counts [B, n_out] and, with `record`, spikes per layer [S, B, n]. */
export interface ForwardResult {
  counts: TF.Tensor2D;
  spikes: TF.Tensor3D[];
}

let modelCount = 0;

/** Rng streams of the augmentation: one per (epoch, batch), clear of the encoding and HWA streams. */
const AUGMENT_STREAM = 0x4000_0000;

/** What `trainSnn` and `evaluateSnn` need of a spiking network on TF.js (the MLP `TfSnn`, the conv `TfConvSnn`). */
export interface SnnModel {
  readonly config: SnnConfig;
  /** Weight tensors in the order `forward`'s override takes them. */
  matrices(): TF.Variable[];
  trainable(): TF.Variable[];
  forward(x: TF.Tensor2D, batch: number, o?: ForwardOptions, weightsOverride?: TF.Tensor[]): ForwardResult;
  /** Frees its tensors. */
  dispose(): void;
}

/** A spiking MLP whose weights (and optionally leaks) are TF.js variables. */
export class TfSnn implements SnnModel {
  readonly config: SnnConfig;
  readonly weights: TF.Variable[];
  /** Recurrent matrices of the hidden layers (empty unless `config.recurrent`). */
  readonly recurrent: TF.Variable[];
  readonly betas: TF.Variable[];
  /** Constant per-step input per layer (converted ANNs), or null. */
  readonly biases: TF.Tensor1D[] | null;

  constructor(p: SnnParams) {
    checkSnnConfig(p.config);
    const tf = tfjs();
    this.config = p.config;
    const s = p.config.sizes;
    // TF.js variable names are global: each model gets its own prefix
    const id = ++modelCount;
    this.weights = p.weights.map((w, l) => tf.variable(tf.tensor2d(w, [s[l], s[l + 1]]), true, `snn${id}_w${l}`));
    const R = recurrentLayers(p.config);
    if (R > 0 && p.recurrent?.length !== R) throw new SpecError('recurrent', `${R} recurrent matrices (one per hidden layer)`, p.recurrent?.length ?? 0);
    this.recurrent = Array.from({ length: R }, (_, l) => tf.variable(tf.tensor2d(p.recurrent![l], [s[l + 1], s[l + 1]]), true, `snn${id}_r${l + 1}`));
    this.betas = p.betas.map((b, l) => tf.variable(tf.scalar(b), p.config.learnBeta, `snn${id}_beta${l}`));
    this.biases = p.biases ? p.biases.map((b) => tf.keep(tf.tensor1d(b))) : null;
  }

  /** Trainable variables (weights, and β when learnBeta). */
  trainable(): TF.Variable[] {
    return this.config.learnBeta ? [...this.matrices(), ...this.betas] : this.matrices();
  }

  /** Every weight matrix: feed-forward layers, then the recurrent ones (model.ts `weightMatrices` order). */
  matrices(): TF.Variable[] {
    return [...this.weights, ...this.recurrent];
  }

  /**
   * Runs x ([T·B, n_in] time-major 0/1 spikes, from encodeBatch) through every layer over
   * S = T + L steps. `weightsOverride` replaces the weight matrices, in `matrices()` order
   * (hardware-aware training passes the device-mapped ones). A recurrent layer adds, at step k,
   * its own spikes of step k − 1 times its recurrent matrix (one matmul per step).
   */
  forward(x: TF.Tensor2D, batch: number, o: ForwardOptions = {}, override?: TF.Tensor[]): ForwardResult {
    const weightsOverride = override as TF.Tensor2D[] | undefined;
    const tf = tfjs();
    const c = this.config;
    const L = c.sizes.length - 1,
      T = c.timesteps,
      S = totalSteps(c);
    const spike = o.smooth ? (v: TF.Tensor) => smoothStepTf(c.surrogate, c.slope, v) : spikeFn(c.surrogate, c.slope);
    const thr = tf.scalar(c.threshold);
    const recorded: TF.Tensor3D[] = [];
    let counts: TF.Tensor2D | null = null;
    // layer 1: input of step k−1 acts at step k; steps T+1 … S−1 carry no input
    let cur = tf.pad(tf.reshape(tf.matMul(x, (weightsOverride ?? this.weights)[0]), [T, batch, c.sizes[1]]), [
      [1, S - T - 1],
      [0, 0],
      [0, 0],
    ]) as TF.Tensor3D;
    for (let l = 0; l < L; l++) {
      const n = c.sizes[l + 1];
      const beta = c.learnBeta ? tf.clipByValue(this.betas[l], 0, 1) : this.betas[l];
      const steps = tf.unstack(cur);
      let v: TF.Tensor = tf.zeros([batch, n]);
      const out: TF.Tensor[] = [];
      const bias = this.biases?.[l];
      const rec = l < this.recurrent.length ? (weightsOverride ?? this.matrices())[L + l] : null;
      let prev: TF.Tensor | null = null;
      for (let k = 0; k < S; k++) {
        // the input sum first, then onto the leaked potential: the kernel's order (exc − inh, then βv + I)
        const input = rec && prev ? tf.add(steps[k], tf.matMul(prev as TF.Tensor2D, rec)) : steps[k];
        v = tf.add(tf.mul(v, beta), input);
        if (bias) v = tf.add(v, bias);
        const s = spike(tf.sub(v, thr));
        const r = o.gradThroughReset || o.smooth ? s : detach(s);
        v = c.reset === 'subtract' ? tf.sub(v, tf.mul(r, thr)) : tf.mul(v, tf.sub(1, r));
        out.push(s);
        prev = s;
      }
      const spikes = tf.stack(out) as TF.Tensor3D;
      if (o.record) recorded.push(tf.keep(spikes));
      if (l === L - 1) counts = tf.sum(spikes, 0) as TF.Tensor2D;
      else {
        // layer l+1 at step k hears layer l's spikes of step k−1
        const next = tf.reshape(
          tf.matMul(tf.reshape(tf.slice(spikes, [0, 0, 0], [S - 1, batch, n]), [(S - 1) * batch, n]), (weightsOverride ?? this.weights)[l + 1]),
          [S - 1, batch, c.sizes[l + 2]],
        );
        cur = tf.pad(next, [
          [1, 0],
          [0, 0],
          [0, 0],
        ]) as TF.Tensor3D;
      }
    }
    return { counts: counts!, spikes: recorded };
  }

  /** The current weights and leaks as plain data. */
  toParams(): SnnParams {
    return {
      config: { ...this.config, sizes: [...this.config.sizes] },
      weights: this.weights.map((w) => Float32Array.from(w.dataSync() as Float32Array)),
      ...(this.recurrent.length ? { recurrent: this.recurrent.map((w) => Float32Array.from(w.dataSync() as Float32Array)) } : {}),
      betas: this.betas.map((b) => Math.min(1, Math.max(0, (b.dataSync() as Float32Array)[0]))),
      ...(this.biases ? { biases: this.biases.map((b) => Float32Array.from(b.dataSync() as Float32Array)) } : {}),
    };
  }

  /** Frees the variables. */
  dispose(): void {
    for (const v of [...this.matrices(), ...this.betas]) v.dispose();
    if (this.biases) for (const b of this.biases) b.dispose();
  }
}

/** Rate cross-entropy: softmax cross-entropy of the output spike counts (snnTorch's ce_count_loss). */
export function countLoss(counts: TF.Tensor2D, labels: TF.Tensor2D): TF.Scalar {
  return tfjs().losses.softmaxCrossEntropy(labels, counts) as TF.Scalar;
}

/** Training options of `trainSnn`. */
export interface SnnTrainOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  learningRate: number;
  lrDecay: number;
  coding: InputCoding;
  classes: number;
  /** Map the weights before each forward pass (hardware-aware training); gradients pass straight through as the mapping defines. */
  mapWeights?: (w: TF.Variable[], rng: Rng) => TF.Tensor[];
  onBatch?: (epoch: number, batch: number, batches: number, loss: number, accuracy: number) => void;
  onEpoch?: (r: SnnEpochReport, state: OptimizerState) => void | Promise<void>;
  /** Resume after this many epochs (the model holds their weights); shuffles and decays are replayed. */
  startEpoch?: number;
  optimizerWeights?: NamedTensor[];
  /** Stop after this many batches in total (smoke tests, speed measurements). */
  maxBatches?: number;
  /**
   * Rescale each batch's gradients to this global L2 norm when they exceed it (Pascanu et al. 2013;
   * docs/supervised-snn.md §1). Keeps one outlier batch of a recurrent network from throwing Adam's
   * moments off. Unset: no clipping.
   */
  clipNorm?: number;
  /** Random translations of each training sample (image data, not `raster`); unset: none. Evaluation never shifts. */
  augment?: ShiftAugmentation;
}

/** One epoch's figures. */
export interface SnnEpochReport {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  trainS: number;
  /** CPU seconds of this process during the epoch (user + system). */
  cpuS: number;
  samples: number;
  learningRate: number;
  /** Largest global L2 norm of a batch's gradients (before clipping) in this epoch. */
  maxGradNorm: number;
  /** Mean over the epoch's batches of that norm (before clipping). */
  meanGradNorm: number;
  /** Batches whose gradients were rescaled by `clipNorm`. */
  clippedBatches: number;
}

/**
 * Global L2 norm of `grads` and, when it exceeds `maxNorm`, the gradients scaled by maxNorm/norm
 * (new tensors; the inputs are disposed). Below the bound the same tensors are returned.
 */
export function clipByGlobalNorm(grads: TF.NamedTensorMap, maxNorm: number): { grads: TF.NamedTensorMap; norm: number; clipped: boolean } {
  const tf = tfjs();
  const names = Object.keys(grads);
  const norm = Math.sqrt(names.reduce((sum, k) => sum + tf.tidy(() => tf.sum(tf.square(grads[k])).dataSync()[0]), 0));
  if (!(norm > maxNorm)) return { grads, norm, clipped: false };
  const scale = maxNorm / norm;
  const out: TF.NamedTensorMap = {};
  for (const k of names) {
    out[k] = tf.mul(grads[k], scale);
    grads[k].dispose();
  }
  return { grads: out, norm, clipped: true };
}

/** BPTT with Adam over `data` (values in [0, 1]); deterministic per seed; resumable. */
export async function trainSnn(model: SnnModel, data: ClassificationData, o: SnnTrainOptions): Promise<SnnEpochReport[]> {
  const tf = tfjs();
  const n = model.config.sizes[0],
    T = model.config.timesteps;
  const size = data.sampleShape.reduce((a, b) => a * b, 1);
  const want = o.coding === 'raster' ? n * T : n;
  if (size !== want) throw new SpecError('trainSnn data', `samples of ${want} values (${o.coding === 'raster' ? 'T × ' : ''}the network's input size)`, size);
  if (o.clipNorm !== undefined && !(o.clipNorm > 0 && Number.isFinite(o.clipNorm)))
    throw new SpecError('trainSnn clipNorm', 'a finite gradient norm > 0 (or leave it unset for no clipping)', o.clipNorm);
  if (o.augment) {
    if (o.coding === 'raster') throw new SpecError('trainSnn augment', 'image samples (translations of a raster over time are not defined)', 'raster coding');
    checkShiftAugmentation(o.augment, n);
  }
  const optimizer = tf.train.adam(o.learningRate);
  const rng = new Rng(o.seed, 0x5eed);
  const order = new Int32Array(data.count);
  const batches = Math.ceil(data.count / o.batchSize);
  const xb = new Float32Array(T * o.batchSize * n);
  const yb = new Float32Array(o.batchSize * o.classes);
  const shifted = o.augment ? new Float32Array(o.batchSize * n) : null;
  const batchOrder = Int32Array.from({ length: o.batchSize }, (_, k) => k);
  const start = o.startEpoch ?? 0;
  let lr = replayEpochs(rng, order, start, o.learningRate, o.lrDecay);
  const state = await resumeAdam(optimizer, o.optimizerWeights);
  const reports: SnnEpochReport[] = [];
  const vars = model.trainable();
  let done = 0;
  for (let epoch = start + 1; epoch <= o.epochs; epoch++) {
    setLearningRate(optimizer, lr);
    shuffleOrder(rng, order);
    const t0 = performance.now(),
      c0 = process.cpuUsage();
    let lossSum = 0,
      correct = 0,
      seen = 0,
      maxGradNorm = 0,
      gradNormSum = 0,
      batchesRun = 0,
      clippedBatches = 0;
    for (let b = 0; b < batches; b++) {
      if (o.maxBatches !== undefined && done >= o.maxBatches) break;
      const s0 = b * o.batchSize;
      const nb = Math.min(o.batchSize, data.count - s0);
      const idx = order.subarray(s0, s0 + nb);
      // the batch's encoding stream depends only on (seed, epoch, batch): resume replays it
      const encRng = new Rng(o.seed, 0x10000 + epoch * 0x4000 + b);
      if (shifted) {
        shiftBatch(o.augment!, data.x, idx, new Rng(o.seed, AUGMENT_STREAM + epoch * 0x10000 + b), shifted);
        encodeBatch(o.coding, shifted, n, batchOrder.subarray(0, nb), T, encRng, xb);
      } else encodeBatch(o.coding, data.x, n, idx, T, encRng, xb);
      yb.fill(0);
      for (let k = 0; k < nb; k++) yb[k * o.classes + data.y[idx[k]]] = 1;
      let predicted: Int32Array | null = null;
      // optimizer.minimize is variableGrads + applyGradients; split here so the gradients can be clipped
      const { value: loss, grads } = tf.variableGrads(() => {
        const xs = tf.tensor2d(xb.subarray(0, T * nb * n), [T * nb, n]);
        const ys = tf.tensor2d(yb.subarray(0, nb * o.classes), [nb, o.classes]);
        const w = o.mapWeights ? o.mapWeights(model.matrices(), new Rng(o.seed, 0x20000 + epoch * 0x4000 + b)) : undefined;
        const { counts } = model.forward(xs, nb, {}, w);
        predicted = tf.argMax(counts, 1).dataSync() as Int32Array;
        return countLoss(counts, ys);
      }, vars);
      const clip = clipByGlobalNorm(grads, o.clipNorm ?? Infinity);
      maxGradNorm = Math.max(maxGradNorm, clip.norm);
      gradNormSum += clip.norm;
      if (clip.clipped) clippedBatches++;
      optimizer.applyGradients(Object.entries(clip.grads).map(([name, tensor]) => ({ name, tensor })));
      tf.dispose(clip.grads);
      const lv = (await loss.data())[0];
      loss.dispose();
      for (let k = 0; k < nb; k++) if (predicted![k] === data.y[idx[k]]) correct++;
      lossSum += lv * nb;
      seen += nb;
      batchesRun++;
      done++;
      o.onBatch?.(epoch, b + 1, batches, lossSum / seen, correct / seen);
      // a macrotask turn per batch, so signal handlers (SIGINT/SIGTERM → checkpoint) get to run
      await new Promise<void>((r) => setTimeout(r, 0));
    }
    const c1 = process.cpuUsage(c0);
    const report: SnnEpochReport = {
      epoch,
      loss: seen ? lossSum / seen : NaN,
      trainAccuracy: seen ? correct / seen : NaN,
      trainS: (performance.now() - t0) / 1000,
      cpuS: (c1.user + c1.system) / 1e6,
      samples: seen,
      learningRate: lr,
      maxGradNorm,
      meanGradNorm: batchesRun ? gradNormSum / batchesRun : NaN,
      clippedBatches,
    };
    reports.push(report);
    await o.onEpoch?.(report, state);
    lr *= o.lrDecay;
    if (o.maxBatches !== undefined && done >= o.maxBatches) break;
  }
  return reports;
}

/** Accuracy, confusion matrix and predictions of a spiking MLP (argmax of output spike counts, lowest index on ties). */
export interface SnnEvaluation {
  accuracy: number;
  confusion: Int32Array;
  predictions: Uint8Array;
  /** Mean spikes per sample, per layer (hidden and output). */
  spikesPerSample: number[];
}

/** Evaluates on `data`, encoding with the given coding and seed (rate coding draws per sample). */
export function evaluateSnn(
  model: SnnModel,
  data: ClassificationData,
  coding: InputCoding,
  seed: number,
  classes: number,
  batchSize = 250,
  weights?: TF.Tensor[],
): SnnEvaluation {
  const tf = tfjs();
  const n = model.config.sizes[0],
    T = model.config.timesteps,
    L = model.config.sizes.length - 1;
  const xb = new Float32Array(T * batchSize * n);
  const predictions = new Uint8Array(data.count);
  const confusion = new Int32Array(classes * classes);
  const spikeSum = new Float64Array(L);
  let correct = 0;
  for (let s0 = 0; s0 < data.count; s0 += batchSize) {
    const nb = Math.min(batchSize, data.count - s0);
    const idx = Int32Array.from({ length: nb }, (_, k) => s0 + k);
    encodeBatch(coding, data.x, n, idx, T, new Rng(seed, 0x30000 + s0), xb);
    const [pred, sums] = tf.tidy(() => {
      const xs = tf.tensor2d(xb.subarray(0, T * nb * n), [T * nb, n]);
      const r = model.forward(xs, nb, { record: true }, weights);
      const totals = tf.stack(r.spikes.map((s) => tf.sum(s)));
      const p = tf.argMax(r.counts, 1);
      tf.dispose(r.spikes);
      return [p, totals];
    });
    const p = pred.dataSync(),
      sv = sums.dataSync();
    tf.dispose([pred, sums]);
    for (let l = 0; l < L; l++) spikeSum[l] += sv[l];
    correct += tallyPredictions(p, data.y, s0, nb, classes, predictions, confusion);
  }
  return { accuracy: data.count ? correct / data.count : 0, confusion, predictions, spikesPerSample: Array.from(spikeSum, (s) => s / Math.max(1, data.count)) };
}
