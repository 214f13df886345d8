import { Rng, SpecError } from '@spinsnn/core';
import type * as TF from '@tensorflow/tfjs';
import { type NamedTensor, type OptimizerState, replayEpochs, resumeAdam, setLearningRate, shuffleOrder, tallyPredictions } from './epochs.js';
import { tfjs } from './tfjs.js';
import { checkShiftAugmentation, shiftBatch, type ShiftAugmentation } from '../surrogate/augment.js';

/**
 * A classifier training loop with our own seeded shuffling (tfjs's `fit` shuffles with
 * Math.random) and batches built from typed arrays, so no 60k-sample tensor copy is made per
 * epoch. Adam with a per-epoch learning-rate decay.
 */
export interface ClassificationData {
  /** count × featureSize values, sample-major. */
  x: Float32Array;
  /** count labels 0..classes−1. */
  y: Uint8Array;
  count: number;
  /** Shape of one sample as the model's input expects it, e.g. [784] or [28, 28, 1]. */
  sampleShape: number[];
}

/** Options of `trainClassifier`: epochs, batch size, seed, learning rate, progress callback. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  learningRate: number;
  /** Multiplies the learning rate after each epoch. */
  lrDecay: number;
  classes: number;
  onBatch?: (epoch: number, batch: number, batches: number, loss: number) => void;
  /** After each epoch; `optimizerWeights` reads the optimizer's state (Adam: step count and moments) for a checkpoint. */
  onEpoch?: (e: EpochReport, state: OptimizerState) => void | Promise<void>;
  /**
   * Resume: the epochs already trained (the model holds their weights). The shuffles and
   * learning-rate decays of those epochs are replayed, so epoch startEpoch + 1 sees the same
   * order and rate as in an uninterrupted run.
   */
  startEpoch?: number;
  /** Resume: the optimizer state saved after epoch startEpoch (from onEpoch's optimizerWeights). */
  optimizerWeights?: NamedTensor[];
  /** Evaluate on this set after every epoch (for the metrics log); the test set by default is not used. */
  evalEvery?: ClassificationData;
  /** Random whole-pixel translations of each training image (surrogate/augment.ts); unset: none. */
  augment?: ShiftAugmentation;
}

/** Rng streams of the augmentation: one per (epoch, batch). */
const AUGMENT_STREAM = 0x4000_0000;

/** Loss and timing of one training epoch. */
export interface EpochReport {
  epoch: number;
  loss: number;
  trainS: number;
  learningRate: number;
  evalAccuracy?: number;
}

/** Trains a TF.js classifier with Adam on `data`; returns one report per epoch. */
export async function trainClassifier(model: TF.LayersModel, data: ClassificationData, o: TrainOptions): Promise<EpochReport[]> {
  const tf = tfjs();
  const optimizer = tf.train.adam(o.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const size = data.sampleShape.reduce((a, b) => a * b, 1);
  if (data.x.length !== data.count * size) throw new SpecError('trainClassifier data.x', `${data.count} × ${size} values`, `${data.x.length} values`);
  const rng = new Rng(o.seed, 0x5eed);
  const order = new Int32Array(data.count);
  const xb = new Float32Array(o.batchSize * size);
  const yb = new Float32Array(o.batchSize * o.classes);
  const batches = Math.ceil(data.count / o.batchSize);
  if (o.augment) checkShiftAugmentation(o.augment, size);
  const picked = new Int32Array(o.batchSize);
  const reports: EpochReport[] = [];
  const start = o.startEpoch ?? 0;
  let lr = replayEpochs(rng, order, start, o.learningRate, o.lrDecay);
  const state = await resumeAdam(optimizer, o.optimizerWeights);
  for (let epoch = start + 1; epoch <= o.epochs; epoch++) {
    setLearningRate(optimizer, lr);
    shuffleOrder(rng, order);
    const t0 = performance.now();
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      const start = b * o.batchSize;
      const n = Math.min(o.batchSize, data.count - start);
      yb.fill(0);
      for (let k = 0; k < n; k++) {
        const i = order[start + k];
        picked[k] = i;
        yb[k * o.classes + data.y[i]] = 1;
      }
      if (o.augment) shiftBatch(o.augment, data.x, picked.subarray(0, n), new Rng(o.seed, AUGMENT_STREAM + epoch * 0x10000 + b), xb);
      else for (let k = 0; k < n; k++) xb.set(data.x.subarray(picked[k] * size, (picked[k] + 1) * size), k * size);
      const xs = tf.tensor(n === o.batchSize ? xb : xb.subarray(0, n * size), [n, ...data.sampleShape]);
      const ys = tf.tensor2d(n === o.batchSize ? yb : yb.subarray(0, n * o.classes), [n, o.classes]);
      const loss = (await model.trainOnBatch(xs, ys)) as number;
      xs.dispose();
      ys.dispose();
      lossSum += loss * n;
      o.onBatch?.(epoch, b + 1, batches, loss);
    }
    const report: EpochReport = { epoch, loss: lossSum / data.count, trainS: (performance.now() - t0) / 1000, learningRate: lr };
    if (o.evalEvery) report.evalAccuracy = evaluateClassifier(model, o.evalEvery, o.classes).accuracy;
    reports.push(report);
    await o.onEpoch?.(report, state);
    lr *= o.lrDecay;
  }
  return reports;
}

/** Accuracy and confusion matrix of a classifier on a test set. */
export interface Evaluation {
  accuracy: number;
  /** confusion[true][predicted], classes × classes, row-major. */
  confusion: Int32Array;
  predictions: Uint8Array;
}

/** Accuracy and confusion matrix, predicting in batches of `batchSize`. */
export function evaluateClassifier(model: TF.LayersModel, data: ClassificationData, classes: number, batchSize = 500): Evaluation {
  const tf = tfjs();
  const size = data.sampleShape.reduce((a, b) => a * b, 1);
  const predictions = new Uint8Array(data.count);
  const confusion = new Int32Array(classes * classes);
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const n = Math.min(batchSize, data.count - start);
    const pred = tf.tidy(() => {
      const xs = tf.tensor(data.x.subarray(start * size, (start + n) * size), [n, ...data.sampleShape]);
      return (model.predict(xs) as TF.Tensor).argMax(-1);
    });
    const p = pred.dataSync();
    pred.dispose();
    correct += tallyPredictions(p, data.y, start, n, classes, predictions, confusion);
  }
  return { accuracy: data.count ? correct / data.count : 0, confusion, predictions };
}
