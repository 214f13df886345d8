import { Rng } from '@spinsnn/core';
import { SpecError, type NetworkSnapshot } from '@spinsnn/core';
import { accuracyOf, assignLabels, confusionMatrix, predict } from './labels.js';
import { DiehlCookNetwork, type DiehlCookConfig } from './network.js';

/** Samples the network sees: input values (rates are value × rateScale × intensity) and labels. */
export interface SampleSet {
  readonly count: number;
  /** Values per sample (= config.inputs). */
  readonly size: number;
  readonly labels: ArrayLike<number>;
  readonly classes: number;
  values(i: number): ArrayLike<number>;
}

/** Options of Diehl & Cook training: epochs, samples, presentation and rest times, progress. */
export interface DcTrainOptions {
  epochs: number;
  /** Samples per epoch (the first `trainSamples` of the set, shuffled per epoch). */
  trainSamples: number;
  /** Running accuracy: labels assigned from the previous window of this many samples. */
  window: number;
}

/** Progress of a training run, passed to its callback. */
export interface TrainProgress {
  epoch: number;
  /** Samples presented so far in total (over epochs). */
  done: number;
  total: number;
  /** Running accuracy of the last completed window (NaN before the second window). */
  runningAccuracy: number;
  samplesPerS: number;
}

/** Everything a training run is, at a sample boundary: resumable bit for bit. */
export interface TrainerState {
  config: DiehlCookConfig;
  options: DcTrainOptions;
  done: number;
  net: NetworkSnapshot;
  window: { responses: Int32Array; labels: Int32Array; filled: number; assignment: Int32Array | null; correct: number; seen: number };
  history: { done: number; runningAccuracy: number }[];
}

/**
 * Unsupervised training of a Diehl & Cook network: each epoch presents the training samples in a
 * seeded random order with learning on; running accuracy is measured as the authors do (labels
 * assigned from the responses of the previous window, then used to predict the current one).
 * `step()` presents one sample, so a caller can checkpoint between any two samples.
 */
export class DiehlCookTrainer {
  readonly dc: DiehlCookNetwork;
  done = 0;
  readonly total: number;
  history: { done: number; runningAccuracy: number }[] = [];
  private order: Int32Array | null = null;
  private orderEpoch = -1;
  private readonly win: TrainerState['window'];
  private readonly scratch = new Float64Array(64);
  private wall0 = performance.now();
  private done0 = 0;

  constructor(
    readonly config: DiehlCookConfig,
    readonly options: DcTrainOptions,
    readonly train: SampleSet,
    state?: TrainerState,
  ) {
    if (train.size !== config.inputs) throw new SpecError('training set', `${config.inputs} values per sample (the network's inputs)`, train.size);
    if (!(Number.isInteger(options.trainSamples) && options.trainSamples >= 1 && options.trainSamples <= train.count))
      throw new SpecError('trainSamples', `a whole number in [1, ${train.count}]`, options.trainSamples);
    this.total = options.epochs * options.trainSamples;
    this.dc = new DiehlCookNetwork(config);
    const N = config.neurons,
      W = options.window;
    if (state) {
      this.dc.net.restore(state.net);
      this.done = state.done;
      this.history = state.history;
      this.win = state.window;
    } else {
      this.win = { responses: new Int32Array(W * N), labels: new Int32Array(W), filled: 0, assignment: null, correct: 0, seen: 0 };
    }
    this.done0 = this.done;
  }

  get finished(): boolean {
    return this.done >= this.total;
  }

  get epoch(): number {
    return Math.floor(this.done / this.options.trainSamples);
  }

  /** The order of epoch e: a permutation of 0..trainSamples−1 from (seed, e). */
  private orderOf(e: number): Int32Array {
    if (this.orderEpoch !== e) {
      const n = this.options.trainSamples;
      const idx = new Int32Array(n);
      for (let i = 0; i < n; i++) idx[i] = i;
      this.order = new Rng(this.config.seed, 7300 + e).shuffle(idx);
      this.orderEpoch = e;
    }
    return this.order!;
  }

  /** Presents the next training sample; returns false when training is complete. */
  step(): boolean {
    if (this.finished) return false;
    const e = this.epoch;
    const i = this.orderOf(e)[this.done % this.options.trainSamples];
    this.dc.setLearning(true);
    const counts = this.dc.present(this.train.values(i));
    this.record(counts, this.train.labels[i]);
    this.done++;
    return true;
  }

  private record(counts: Int32Array, label: number): void {
    const w = this.win,
      N = this.config.neurons,
      W = this.options.window;
    if (w.assignment) {
      if (predict(counts, w.assignment, this.train.classes, this.scratch) === label) w.correct++;
      w.seen++;
    }
    w.responses.set(counts, w.filled * N);
    w.labels[w.filled] = label;
    w.filled++;
    if (w.filled === W) {
      if (w.seen > 0) this.history.push({ done: this.done + 1, runningAccuracy: w.correct / w.seen });
      w.assignment = assignLabels(w.responses, w.labels, W, N, this.train.classes);
      w.filled = 0;
      w.correct = 0;
      w.seen = 0;
    }
  }

  progress(): TrainProgress {
    const last = this.history[this.history.length - 1];
    const wallS = (performance.now() - this.wall0) / 1000;
    return {
      epoch: this.epoch,
      done: this.done,
      total: this.total,
      runningAccuracy: last ? last.runningAccuracy : NaN,
      samplesPerS: wallS > 0 ? (this.done - this.done0) / wallS : 0,
    };
  }

  state(): TrainerState {
    const w = this.win;
    return {
      config: this.config,
      options: this.options,
      done: this.done,
      net: this.dc.net.snapshot(),
      window: { ...w, responses: w.responses.slice(), labels: w.labels.slice(), assignment: w.assignment ? w.assignment.slice() : null },
      history: this.history.slice(),
    };
  }
}

/** Outcome of evaluating a trained network: samples used, accuracy, confusion. */
export interface EvalResult {
  assignSamples: number;
  testSamples: number;
  accuracy: number;
  assignment: Int32Array;
  confusion: number[][];
  predictions: Int32Array;
  /** Wall time of the labelling and test passes (s). */
  wallS: number;
}

/** Responses of a frozen network to the first `n` samples of a set (n × neurons counts). */
export function responses(dc: DiehlCookNetwork, set: SampleSet, n: number, onSample?: (k: number) => void): Int32Array {
  const N = dc.cfg.neurons;
  const out = new Int32Array(n * N);
  dc.setLearning(false);
  for (let k = 0; k < n; k++) {
    out.set(dc.present(set.values(k)), k * N);
    onSample?.(k + 1);
  }
  return out;
}

/**
 * Evaluation as in the paper: learning off, labels assigned from the responses to `assignSamples`
 * training samples, accuracy on `testSamples` test samples.
 */
export function evaluateDiehlCook(
  dc: DiehlCookNetwork,
  assignSet: SampleSet,
  assignSamples: number,
  test: SampleSet,
  testSamples: number,
  onSample?: (phase: 'assign' | 'test', k: number) => void,
): EvalResult {
  const t0 = performance.now();
  const N = dc.cfg.neurons;
  const ra = responses(dc, assignSet, assignSamples, (k) => onSample?.('assign', k));
  const assignment = assignLabels(ra, assignSet.labels, assignSamples, N, assignSet.classes);
  const rt = responses(dc, test, testSamples, (k) => onSample?.('test', k));
  const predictions = new Int32Array(testSamples);
  const scratch = new Float64Array(2 * test.classes);
  for (let k = 0; k < testSamples; k++) predictions[k] = predict(rt.subarray(k * N, (k + 1) * N), assignment, test.classes, scratch);
  const truth = Array.from({ length: testSamples }, (_, k) => test.labels[k]);
  return {
    assignSamples,
    testSamples,
    accuracy: accuracyOf(truth, predictions),
    assignment,
    confusion: confusionMatrix(truth, predictions, test.classes),
    predictions,
    wallS: (performance.now() - t0) / 1000,
  };
}
