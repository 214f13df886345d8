import type { Command } from 'commander';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readTrainedSnn } from './deploy.js';
import { CNN_NORM_SAMPLES, trainConvertCnn } from './convert-cnn.js';
import { loadFsddSnn } from './fsdd-snn.js';
import { type MnistSet } from '@spinsnn/datasets';
import { loadMnist } from '@spinsnn/datasets/node';
import { DataError, Rng } from '@spinsnn/core';
import {
  KernelSnnRunner,
  resolveHardware,
  dyadicWeights,
  encodeBatch,
  encodeState,
  initSnnParams,
  inputCoding,
  spikeStepsOf,
  surrogateKind,
  DEFAULT_SLOPE,
  AUDIO_RANGE_NATS,
  totalSteps,
  type SnnConfig,
  type SnnParams,
  type ShiftAugmentation,
} from '@spinsnn/learning';
import { readState } from '@spinsnn/learning/node';
import {
  TfSnn,
  evaluateSnn,
  initTf,
  mnistClassificationData,
  tfjs,
  trainSnn,
  type ClassificationData,
  type SnnEpochReport,
  type SnnModel,
} from '@spinsnn/learning/tfjs';
import type * as TF from '@tensorflow/tfjs';
import { lineSpec } from '../plot.js';
import { RunFolder } from '../run-folder.js';
import { ArgumentError, Interrupted, intArg, numArg, peakRssMB, round } from '../util.js';
import { batchReporter, hwaDeviceOf, hwaEvaluation, writeAccuracyCurves } from './surrogate-run.js';

/**
 * `spinsnn train mnist --method surrogate`: a spiking MLP trained by backpropagation through time
 * with surrogate gradients on TF.js (docs/supervised-snn.md). The run folder holds config.json,
 * metrics.jsonl (one row per epoch), checkpoint.json (after every epoch: weights, leaks, Adam state;
 * `--resume` continues bit for bit), model.json (the trained network, input to `spinsnn deploy`),
 * curves.svg, confusion.json/.svg, kernel-check.json and summary.json.
 */
export interface SurrogateOpts {
  train: number;
  test: number;
  epochs: number;
  seed: number;
  hidden?: string;
  timesteps?: number;
  coding?: string;
  recurrent?: boolean;
  data?: string;
  split: string;
  features: string;
  bands: number;
  range: number;
  arch?: string;
  channels?: string;
  surrogate: string;
  slope?: number;
  beta: number;
  learnBeta?: boolean;
  reset: string;
  batch: number;
  /** Unset: the dataset's default (`SURROGATE_DEFAULTS`). */
  lr?: number;
  lrDecay?: number;
  clipNorm?: number;
  augmentShift?: number;
  kernelCheck: number;
  hwa?: boolean;
  init?: string;
  synapse: string;
  preset?: string;
  device: string[];
  out?: string;
  resume?: boolean;
  force?: boolean;
  json?: boolean;
}

/** Adds the options of the supervised methods to `spinsnn train`. */
export function addSurrogateOptions(cmd: Command): Command {
  return cmd
    .option('--hidden <sizes>', '[surrogate] hidden layer sizes, comma-separated (e.g. 512 or 800,400; default 512 for mnist, 128 for fsdd)')
    .option(
      '--timesteps <T>',
      '[surrogate] input time steps T per sample (default 25 for mnist; fsdd: frames of 16 ms kept per clip, default 48)',
      intArg(1, 1000),
    )
    .option(
      '--coding <name>',
      '[surrogate] input coding: rate (Bernoulli p = intensity per step), latency, direct (deterministic integrate-and-fire encoder; mnist default); fsdd: raster (its only coding)',
    )
    .option('--arch <name>', '[surrogate, mnist] mlp (dense layers, deployable) or conv (conv 5×5 → pool → conv 5×5 → pool → dense; TF.js only)', 'mlp')
    .option('--channels <c1,c2>', '[surrogate, --arch conv] channels of the two conv layers', '12,32')
    .option('--recurrent', '[surrogate] recurrent hidden layers (all-to-all, one step delay; default on for fsdd)')
    .option('--no-recurrent', '[surrogate] feed-forward hidden layers on fsdd')
    .option('--data <dir>', '[surrogate, fsdd] FSDD clone or its recordings/ folder (default: the configured datasets folder)')
    .option('--split <name>', '[surrogate, fsdd] official (takes 0-4 are the test set) or speaker:NAME (leave one speaker out)', 'official')
    .option('--features <name>', '[surrogate, fsdd] logmel or cochleagram', 'logmel')
    .option('--bands <n>', '[surrogate, fsdd] mel bands / cochlear channels = input neurons', intArg(4, 256), 32)
    .option(
      '--range <nats>',
      "[surrogate, fsdd] dynamic range kept below each clip's loudest bin, nats of log energy (8 ≈ 35 dB)",
      numArg({ positive: true }),
      AUDIO_RANGE_NATS,
    )
    .option('--surrogate <name>', '[surrogate] surrogate derivative: fast_sigmoid, arctan, triangle', 'fast_sigmoid')
    .option(
      '--slope <k>',
      '[surrogate] surrogate steepness k (default 5 fast_sigmoid — 2 on fsdd, where a peak derivative above 1 makes BPTT through the recurrence explode —, 2 arctan, 1 triangle)',
      numArg({ positive: true }),
    )
    .option('--beta <b>', '[surrogate] membrane leak factor per step, in [0, 1]', numArg({ min: 0, max: 1 }), 0.9)
    .option('--learn-beta', '[surrogate] train the leak factor of every layer')
    .option('--reset <mode>', '[surrogate] reset after a spike: subtract or zero', 'subtract')
    .option('--batch <n>', '[surrogate] minibatch size', intArg(1, 4096), 128)
    .option('--lr <rate>', '[surrogate] Adam learning rate (default 2e-3 for mnist, 1.5e-3 for fsdd)', numArg({ positive: true }))
    .option('--lr-decay <f>', '[surrogate] learning-rate factor after each epoch (default 0.7 for mnist, 0.97 for fsdd)', numArg({ positive: true, max: 1 }))
    .option(
      '--clip-norm <g>',
      "[surrogate] rescale a batch's gradients to this global L2 norm when larger (default: none for mnist, 1000 for fsdd; metrics.jsonl logs each epoch's max and mean norm)",
      numArg({ positive: true }),
    )
    .option(
      '--augment-shift <px>',
      '[surrogate, mnist] translate each training image by a random whole number of pixels in [-px, px] along each axis (regularisation; the test set is never shifted)',
      intArg(1, 8),
    )
    .option(
      '--hwa',
      '[surrogate] hardware-aware training: the forward pass maps weights through the --synapse device (--preset, --device k=v) as its registry entry declares it (levels, C2C, D2D, read noise, stuck-at)',
    )
    .option(
      '--init <dir>',
      '[surrogate] start from the weights of another surrogate run folder (e.g. hardware-aware fine-tuning of an ideal run); its layer sizes and T are used',
    )
    .option(
      '--kernel-check <n>',
      '[surrogate] test samples run on the event kernel and compared spike for spike with TF.js (0: skip)',
      intArg(0, 10_000),
      1000,
    );
}

/** What checkpoint.json holds. */
interface SnnCheckpoint {
  format: 'spinsnn-surrogate-checkpoint';
  epoch: number;
  config: SnnConfig;
  weights: Float32Array[];
  recurrent?: Float32Array[];
  betas: number[];
  optimizer: { name: string; shape: number[]; data: Float32Array }[];
}

/** The datasets `train --method surrogate` knows. */
export type SnnDataset = 'mnist' | 'fsdd';

/**
 * Training defaults per dataset. FSDD's recurrent network needs a surrogate whose peak derivative is
 * ≤ 1 (fast sigmoid k = 2), a lower rate decayed slowly, and outlier clipping: measured in
 * docs/supervised-snn.md §8 (k = 5 explodes to gradient norms of 10⁷).
 */
export const SURROGATE_DEFAULTS: Readonly<Record<SnnDataset, { lr: number; lrDecay: number; clipNorm?: number; fastSigmoidSlope: number }>> = {
  mnist: { lr: 2e-3, lrDecay: 0.7, fastSigmoidSlope: DEFAULT_SLOPE.fast_sigmoid },
  fsdd: { lr: 1.5e-3, lrDecay: 0.97, clipNorm: 1000, fastSigmoidSlope: 2 },
};

/** The options with the dataset's defaults filled in where the command line left them unset. */
export function withSurrogateDefaults<O extends Pick<SurrogateOpts, 'lr' | 'lrDecay' | 'clipNorm' | 'slope' | 'surrogate'>>(
  o: O,
  dataset: SnnDataset,
): O & { lr: number; lrDecay: number } {
  const d = SURROGATE_DEFAULTS[dataset];
  return {
    ...o,
    lr: o.lr ?? d.lr,
    lrDecay: o.lrDecay ?? d.lrDecay,
    clipNorm: o.clipNorm ?? d.clipNorm,
    slope: o.slope ?? (o.surrogate === 'fast_sigmoid' ? d.fastSigmoidSlope : undefined),
  };
}

function configFrom(o: SurrogateOpts, dataset: SnnDataset): SnnConfig {
  const hiddenArg = o.hidden ?? (dataset === 'fsdd' ? '128' : '512');
  const hidden = hiddenArg.split(',').map((s) => Number(s.trim()));
  if (!hidden.every((n) => Number.isInteger(n) && n >= 1 && n <= 100_000))
    throw new ArgumentError('--hidden', `comma-separated whole layer sizes ≥ 1 (e.g. 512 or 800,400), got "${hiddenArg}"`);
  if (o.reset !== 'subtract' && o.reset !== 'zero') throw new ArgumentError('--reset', `subtract or zero, got "${o.reset}"`);
  const surrogate = surrogateKind(o.surrogate);
  const recurrent = o.recurrent ?? dataset === 'fsdd';
  return {
    sizes: [dataset === 'fsdd' ? o.bands : 784, ...hidden, 10],
    beta: o.beta,
    learnBeta: o.learnBeta === true,
    threshold: 1,
    reset: o.reset,
    surrogate,
    slope: o.slope ?? DEFAULT_SLOPE[surrogate],
    timesteps: o.timesteps ?? (dataset === 'fsdd' ? 48 : 25),
    ...(recurrent ? { recurrent: true } : {}),
  };
}

/** Train and test sets of a surrogate run: MNIST (first n) or FSDD spike rasters. */
export function snnData(dataset: SnnDataset, o: Pick<SurrogateOpts, 'train' | 'test' | 'data' | 'split' | 'features' | 'bands' | 'range'>, timesteps: number) {
  if (dataset === 'mnist') return { train: firstN(loadMnist('train'), o.train), test: firstN(loadMnist('test'), o.test), source: 'mnist' };
  const f = loadFsddSnn({ data: o.data, split: o.split, features: o.features as 'logmel', bands: o.bands, frames: timesteps, rangeNats: o.range });
  const cut = (d: ClassificationData, n: number): ClassificationData => {
    const m = Math.min(n, d.count),
      per = d.x.length / Math.max(1, d.count);
    return { x: d.x.subarray(0, m * per), y: d.y.subarray(0, m), count: m, sampleShape: d.sampleShape };
  };
  return { train: cut(f.train, o.train), test: cut(f.test, o.test), source: f.dir };
}

/** `--augment-shift px` on 28 × 28 MNIST images. */
export const mnistShift = (maxShift: number): ShiftAugmentation => ({ height: 28, width: 28, maxShift });

const firstN = (set: MnistSet, n: number): ClassificationData => {
  const d = mnistClassificationData(set, 'flat');
  const m = Math.min(n, d.count);
  return { x: d.x.subarray(0, m * 784), y: d.y.subarray(0, m), count: m, sampleShape: d.sampleShape };
};

/** Reads the model file a surrogate run writes (model.json): config, weights and leaks. */
export function readSnnModel(path: string): SnnParams {
  const m = readState<Partial<SnnParams> & { format?: string }>(path);
  if (m?.format !== 'spinsnn-snn-model' || !m.config || !Array.isArray(m.weights) || !Array.isArray(m.betas))
    throw new DataError(path, 'not a spinsnn surrogate model file (model.json of `spinsnn train mnist --method surrogate`)');
  return { config: m.config, weights: m.weights, betas: m.betas, ...(m.recurrent ? { recurrent: m.recurrent } : {}) };
}

/** `spinsnn train mnist --method surrogate`. */
export async function trainSurrogate(cli: SurrogateOpts, dataset: SnnDataset = 'mnist'): Promise<void> {
  const opts = withSurrogateDefaults(cli, dataset);
  const coding = inputCoding(opts.coding ?? (dataset === 'fsdd' ? 'raster' : 'direct'));
  if ((dataset === 'fsdd') !== (coding === 'raster'))
    throw new ArgumentError('--coding', dataset === 'fsdd' ? 'raster for fsdd (its clips are spike rasters already)' : 'rate, latency or direct for mnist');
  const fresh = configFrom(opts, dataset);
  if (opts.augmentShift !== undefined && dataset !== 'mnist')
    throw new ArgumentError('--augment-shift', 'image data only (mnist); fsdd clips are spike rasters over time');
  const hwaDevice = hwaDeviceOf(opts);
  if (hwaDevice) resolveHardware(hwaDevice.device, hwaDevice.preset, hwaDevice.params);
  const run = new RunFolder(`train-${dataset}-surrogate`, { out: opts.out, json: opts.json });
  const dir = run.dir;
  if (opts.resume && !existsSync(join(dir, 'checkpoint.json')))
    throw new ArgumentError('--resume', `${dir} has no checkpoint.json (pass the --out folder of the interrupted run)`);
  // --resume: the data of the interrupted run (its config.json), not this command line's defaults
  const saved = opts.resume
    ? readState<{ snn?: SnnConfig; args?: Partial<Pick<SurrogateOpts, 'train' | 'test' | 'data' | 'split' | 'features' | 'bands' | 'range'>> }>(
        run.path('config.json'),
      )
    : undefined;
  const dataOpts = saved?.args ? { ...opts, ...saved.args } : opts;
  const { train, test, source } = snnData(dataset, dataOpts, (saved?.snn ?? fresh).timesteps);
  run.prepare({ resume: opts.resume, force: opts.force, canResume: true });
  const info = await initTf('auto');
  const tf = tfjs();
  let ck: SnnCheckpoint | null = null;
  let args: Record<string, unknown>;
  if (opts.resume) {
    ck = readState<SnnCheckpoint>(run.path('checkpoint.json'));
    if (ck.format !== 'spinsnn-surrogate-checkpoint')
      throw new DataError(run.path('checkpoint.json'), 'not a surrogate training checkpoint; start afresh with --force');
    args = run.readJson<{ args: Record<string, unknown> }>('config.json').args;
  } else {
    args = {
      method: 'surrogate',
      dataset,
      ...(dataset === 'fsdd' ? { data: source, split: opts.split, features: opts.features, bands: opts.bands, range: opts.range } : {}),
      hwa: hwaDevice,
      init: opts.init ? resolve(opts.init) : null,
      coding,
      train: train.count,
      test: test.count,
      epochs: opts.epochs,
      seed: opts.seed,
      batch: opts.batch,
      lr: opts.lr,
      lrDecay: opts.lrDecay,
      clipNorm: opts.clipNorm ?? null,
      augmentShift: opts.augmentShift ?? null,
      kernelCheck: opts.kernelCheck,
    };
    rmSync(run.path('checkpoint.json'), { force: true });
    run.writeConfig({ command: `train ${dataset} --method surrogate`, args, snn: fresh, tf: info });
    run.writeMetrics([]);
  }
  const a = args as {
    hwa: typeof hwaDevice;
    coding: typeof coding;
    epochs: number;
    seed: number;
    batch: number;
    lr: number;
    lrDecay: number;
    /** null or absent (configs written before clipping existed): no clipping */
    clipNorm?: number | null;
    /** null or absent: no augmentation */
    augmentShift?: number | null;
    kernelCheck: number;
  };
  const init = !ck && opts.init ? readTrainedSnn(resolve(opts.init)) : null;
  const initParams = init?.params;
  if (initParams && 'matrices' in initParams)
    throw new ArgumentError('--init', `${opts.init} is a converted CNN; surrogate training starts from an MLP or recurrent run (or use --arch conv)`);
  if (init && init.coding !== a.coding && !opts.json) run.log(`note: --init ${opts.init} was trained with ${init.coding} coding; this run uses ${a.coding}`);
  const params: SnnParams = ck
    ? { config: ck.config, weights: ck.weights, betas: ck.betas, ...(ck.recurrent ? { recurrent: ck.recurrent } : {}) }
    : initParams
      ? initParams
      : initSnnParams(fresh, a.seed);
  const config = params.config;
  if (ck) run.writeMetrics(run.readMetrics<{ epoch: number }>().filter((m) => m.epoch <= ck!.epoch));
  const model = new TfSnn(params);
  const hw = a.hwa ? resolveHardware(a.hwa.device, a.hwa.preset, a.hwa.params) : null;
  const { mapWeights, evaluate } = hwaEvaluation(model, test, a.coding, a.seed, 250, hw);
  const progress = run.progress('train');
  let stop: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stop) process.exit(sig === 'SIGINT' ? 130 : 143);
    stop = sig;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const wall0 = performance.now(),
    cpu0 = process.cpuUsage();
  let batchT0 = performance.now(),
    batchesSeen = 0;
  const reports: SnnEpochReport[] = [];
  const report = batchReporter(run, progress, opts.json);
  try {
    await trainSnn(model, train, {
      epochs: a.epochs,
      batchSize: a.batch,
      seed: a.seed,
      learningRate: a.lr,
      lrDecay: a.lrDecay,
      ...(a.clipNorm ? { clipNorm: a.clipNorm } : {}),
      ...(a.augmentShift ? { augment: mnistShift(a.augmentShift) } : {}),
      coding: a.coding,
      classes: 10,
      mapWeights,
      startEpoch: ck?.epoch ?? 0,
      optimizerWeights: ck?.optimizer.map((w) => ({ name: w.name, tensor: tf.tensor(w.data, w.shape) })),
      onBatch: (epoch, b, batches, loss, acc) => {
        batchesSeen++;
        const sps = (batchesSeen * a.batch) / ((performance.now() - batchT0) / 1000);
        const line = `epoch ${epoch}/${a.epochs} batch ${b}/${batches} ${sps.toFixed(0)} samples/s, loss ${loss.toFixed(4)}, train acc ${(acc * 100).toFixed(2)} %`;
        report((epoch - 1 + b / batches) / a.epochs, line);
        if (stop)
          throw new Interrupted(
            stop,
            `${stop}: stopped in epoch ${epoch}; the checkpoint after the last finished epoch is in ${dir}, continue with: spinsnn train ${dataset} --method surrogate --out ${dir} --resume`,
          );
      },
      onEpoch: async (r, state) => {
        const ev = evaluate();
        const row = {
          epoch: r.epoch,
          loss: r.loss,
          trainAccuracy: r.trainAccuracy,
          testAccuracy: ev.accuracy,
          trainS: round(r.trainS),
          cpuS: round(r.cpuS),
          samplesPerS: round(r.samples / r.trainS),
          cpuSamplesPerS: round(r.samples / r.cpuS),
          learningRate: r.learningRate,
          maxGradNorm: round(r.maxGradNorm),
          meanGradNorm: round(r.meanGradNorm),
          clippedBatches: r.clippedBatches,
        };
        reports.push(r);
        run.appendMetrics(row);
        const p = model.toParams();
        const opt = await state.optimizerWeights();
        run.writeFile(
          'checkpoint.json',
          encodeState({
            format: 'spinsnn-surrogate-checkpoint',
            epoch: r.epoch,
            config: p.config,
            weights: p.weights,
            ...(p.recurrent ? { recurrent: p.recurrent } : {}),
            betas: p.betas,
            optimizer: opt.map((w) => ({ name: w.name, shape: w.tensor.shape, data: Float32Array.from(w.tensor.dataSync() as Float32Array) })),
          } as never),
        );
        if (!opts.json)
          run.log(
            `epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, train ${(r.trainAccuracy * 100).toFixed(2)} %, test ${(ev.accuracy * 100).toFixed(2)} %, ${round(r.trainS)} s wall, ${round(r.cpuS)} CPU-s`,
          );
        batchT0 = performance.now();
        batchesSeen = 0;
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.done();
  }
  const trainWallS = (performance.now() - wall0) / 1000,
    cpu = process.cpuUsage(cpu0);
  const p = model.toParams();
  run.writeFile(
    'model.json',
    encodeState({
      format: 'spinsnn-snn-model',
      dataset,
      config: p.config,
      weights: p.weights,
      ...(p.recurrent ? { recurrent: p.recurrent } : {}),
      betas: p.betas,
      coding: a.coding,
      hwa: a.hwa,
      ...(dataset === 'fsdd' ? { fsdd: { split: dataOpts.split, features: dataOpts.features, bands: dataOpts.bands, range: dataOpts.range } } : {}),
    } as never),
  );
  const ev = evaluate();
  const confusion = Array.from({ length: 10 }, (_, t) => Array.from(ev.confusion.subarray(t * 10, t * 10 + 10)));
  run.writeJson('confusion.json', { rows: 'true class', cols: 'predicted class', matrix: confusion }, 0);
  await run.writePlot('confusion.svg', confusionSpec(confusion, `surrogate SNN, accuracy ${(ev.accuracy * 100).toFixed(2)} %`));
  await writeAccuracyCurves(run, `surrogate-gradient SNN on ${dataset === 'fsdd' ? 'FSDD' : 'MNIST'}`);
  const kernel = a.kernelCheck > 0 ? kernelCheck(p, test, a.coding, a.seed, a.kernelCheck) : null;
  if (kernel) run.writeJson('kernel-check.json', kernel);
  model.dispose();
  const summary = {
    method: 'surrogate',
    dataset,
    recurrent: config.recurrent === true,
    hwa: a.hwa,
    sizes: config.sizes,
    timesteps: config.timesteps,
    coding: a.coding,
    surrogate: config.surrogate,
    slope: config.slope,
    beta: p.betas,
    reset: config.reset,
    epochs: a.epochs,
    trainSamples: train.count,
    testSamples: test.count,
    accuracy: ev.accuracy,
    spikesPerSample: ev.spikesPerSample.map((s) => round(s)),
    epochWallS: reports.map((r) => round(r.trainS)),
    epochCpuS: reports.map((r) => round(r.cpuS)),
    cpuSamplesPerS: reports.length ? round(reports.reduce((s, r) => s + r.samples, 0) / reports.reduce((s, r) => s + r.cpuS, 0)) : null,
    trainWallS: round(trainWallS),
    cpuS: round((cpu.user + cpu.system) / 1e6),
    resumedAt: ck?.epoch ?? null,
    kernel: kernel && {
      samples: kernel.samples,
      identicalSpikes: kernel.identicalSpikes,
      identicalPredictions: kernel.identicalPredictions,
      accuracy: kernel.accuracy,
      samplesPerS: kernel.samplesPerS,
      cpuSamplesPerS: kernel.cpuSamplesPerS,
    },
    tf: info.backend,
    peakRssMB: round(peakRssMB()),
    runDir: dir,
  };
  run.writeSummary(summary);
  run.finish(
    summary,
    () =>
      `accuracy ${(ev.accuracy * 100).toFixed(2)} % on ${test.count} test samples (${config.sizes.join('-')}, T = ${config.timesteps}, ${a.coding} coding, ${a.epochs} epoch(s))\n` +
      (kernel
        ? `event kernel: ${kernel.identicalSpikes}/${kernel.samples} samples with identical spikes, ${kernel.identicalPredictions} identical predictions, ${kernel.samplesPerS} samples/s\n`
        : '') +
      `run folder: ${dir}`,
  );
}

/**
 * Runs `n` test samples through TF.js and the event kernel with the same (dyadic-rounded,
 * model.ts) weights and the same input spikes; counts samples whose every spike agrees.
 */
export function kernelCheck(p: SnnParams, test: ClassificationData, coding: ReturnType<typeof inputCoding>, seed: number, n: number) {
  const q = dyadicWeights(p);
  return kernelCheckOf(new TfSnn(q), new KernelSnnRunner(q), test, coding, seed, n);
}

/**
 * `kernelCheck` for any TF.js model and its kernel runner (the same dyadic weights on both sides):
 * the spike-for-spike comparison, kernel accuracy, events, latency and speed. Disposes `model`.
 */
export function kernelCheckOf(
  model: SnnModel,
  runner: KernelSnnRunner,
  test: ClassificationData,
  coding: ReturnType<typeof inputCoding>,
  seed: number,
  n: number,
  batch = 100,
) {
  const tf = tfjs();
  const c = model.config,
    T = c.timesteps,
    S = totalSteps(c),
    L = c.sizes.length - 1;
  const count = Math.min(n, test.count),
    B = batch;
  let identicalSpikes = 0,
    identicalPredictions = 0,
    correctKernel = 0,
    correctTf = 0,
    events = 0,
    kernelS = 0,
    kernelCpuS = 0,
    latency = 0;
  const spikes = new Float64Array(L);
  const xb = new Float32Array(T * B * c.sizes[0]);
  for (let s0 = 0; s0 < count; s0 += B) {
    const nb = Math.min(B, count - s0);
    const idx = Int32Array.from({ length: nb }, (_, k) => s0 + k);
    encodeBatch(coding, test.x, c.sizes[0], idx, T, new Rng(seed, 0x30000 + s0), xb);
    const kept = tf.tidy(() => {
      const r = model.forward(tf.tensor2d(xb.subarray(0, T * nb * c.sizes[0]), [T * nb, c.sizes[0]]), nb, { record: true });
      return [tf.argMax(r.counts, 1), ...r.spikes] as TF.Tensor[];
    });
    const preds = kept[0].dataSync();
    const tfSpikes = kept.slice(1).map((s) => s.dataSync());
    tf.dispose(kept);
    for (let b = 0; b < nb; b++) {
      const { indices, steps } = spikeStepsOf(xb, T, nb, c.sizes[0], b);
      let same = true;
      const seen = c.sizes.slice(1).map((m) => new Uint8Array(S * m));
      const w0 = performance.now(),
        c0 = process.cpuUsage();
      const out = runner.infer(indices, steps, (l, i, k) => {
        seen[l - 1][k * c.sizes[l] + i] = 1;
      });
      const cu = process.cpuUsage(c0);
      kernelS += (performance.now() - w0) / 1000;
      kernelCpuS += (cu.user + cu.system) / 1e6;
      for (let l = 0; l < L && same; l++) {
        const m = c.sizes[l + 1],
          ts = tfSpikes[l];
        for (let k = 0; k < S && same; k++)
          for (let i = 0; i < m; i++)
            if (seen[l][k * m + i] !== ts[(k * nb + b) * m + i]) {
              same = false;
              break;
            }
      }
      if (same) identicalSpikes++;
      if (out.prediction === preds[b]) identicalPredictions++;
      const y = test.y[s0 + b];
      if (out.prediction === y) correctKernel++;
      if (preds[b] === y) correctTf++;
      events += out.synapticEvents;
      latency += out.latencyS;
      out.spikes.forEach((v, l) => (spikes[l] += v));
    }
  }
  model.dispose();
  return {
    samples: count,
    identicalSpikes,
    identicalPredictions,
    accuracy: correctKernel / count,
    tfAccuracy: correctTf / count,
    note: 'weights rounded to multiples of 2^-14 on both sides (exact float32 sums, docs/supervised-snn.md §3); same input spikes',
    spikesPerSample: Array.from(spikes, (s) => round(s / count)),
    synapticEventsPerSample: round(events / count),
    latencyS: round(latency / count),
    samplesPerS: round(count / kernelS),
    cpuSamplesPerS: round(count / kernelCpuS),
    dt: runner.net.sim.dt,
  };
}

function confusionSpec(m: number[][], title: string) {
  const values: { t: number; p: string; n: number }[] = [];
  m.forEach((row, t) => row.forEach((n, p) => values.push({ t, p: String(p), n })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 330,
    height: 330,
    data: { values },
    mark: 'rect' as const,
    encoding: {
      x: { field: 'p', type: 'ordinal' as const, title: 'predicted class' },
      y: { field: 't', type: 'ordinal' as const, title: 'true class' },
      color: { field: 'n', type: 'quantitative' as const, title: 'samples' },
    },
  };
}

/** Normalisation samples of an MLP conversion when --norm-samples is not given. */
const MLP_NORM_SAMPLES = 10_000;

/** Options of `spinsnn train mnist --method convert`. */
export interface ConvertOpts {
  ann?: string;
  percentile: number;
  timestepsList: string;
  /** T of the written model; unset: `modelTimesteps`. */
  timesteps?: number;
  /** Unset: 10000 for an MLP, `CNN_NORM_SAMPLES` for a CNN. */
  normSamples?: number;
  test: number;
  kernelCheck: number;
  seed: number;
  out?: string;
  force?: boolean;
  json?: boolean;
}

/** Adds the options of ANN→SNN conversion to `spinsnn train`. */
export function addConvertOptions(cmd: Command): Command {
  return cmd
    .option(
      '--ann <dir>',
      '[convert] run folder of `spinsnn baseline mnist --model mlp` or `--model cnn-avg` (its model/ holds the ReLU network to convert; a CNN needs average pooling)',
    )
    .option(
      '--percentile <p>',
      "[convert] weight normalisation: p-th percentile of each layer's activations (100 = max-norm)",
      numArg({ positive: true, max: 100 }),
      99.9,
    )
    .option('--timesteps-list <list>', '[convert] time steps T to evaluate, comma-separated', '16,32,64,128')
    .option(
      '--norm-samples <n>',
      `[convert] training samples whose activations set the normalisation (default ${MLP_NORM_SAMPLES} for an MLP, ${CNN_NORM_SAMPLES} for a CNN)`,
      intArg(1, 60_000),
    );
}

/** T of the model.json a conversion writes: --timesteps, else 64 when evaluated (the T ≤ 64 of docs/supervised-snn.md §6), else the largest evaluated. */
export function modelTimesteps(opts: Pick<ConvertOpts, 'timesteps'>, list: number[]): number {
  return opts.timesteps ?? (list.includes(64) ? 64 : Math.max(...list));
}

/** `spinsnn train mnist --method convert`: ReLU MLP → integrate-and-fire SNN, accuracy vs T on TF.js and on the event kernel. */
export async function trainConvert(opts: ConvertOpts): Promise<void> {
  if (!opts.ann)
    throw new ArgumentError(
      '--ann',
      'the run folder of a trained ReLU MLP or average-pooling CNN (spinsnn baseline mnist --model mlp|cnn-avg --out DIR), e.g. --ann runs/mlp',
    );
  const list = opts.timestepsList.split(',').map((s) => Number(s.trim()));
  if (!list.every((t) => Number.isInteger(t) && t >= 1 && t <= 10_000))
    throw new ArgumentError('--timesteps-list', `comma-separated whole numbers of steps ≥ 1, got "${opts.timestepsList}"`);
  // the finished model, else the last epoch checkpoint of an interrupted baseline run
  let annDir = join(opts.ann, 'model');
  if (!existsSync(join(annDir, 'model.json')) && existsSync(join(opts.ann, 'checkpoint.json'))) {
    const ck = readState<{ dir?: string }>(join(opts.ann, 'checkpoint.json'));
    if (typeof ck?.dir === 'string') annDir = join(opts.ann, ck.dir, 'model');
  }
  if (!existsSync(join(annDir, 'model.json')))
    throw new ArgumentError('--ann', `${opts.ann} has no model/model.json or checkpoint (pass the --out folder of spinsnn baseline mnist --model mlp)`);
  const run = new RunFolder('train-mnist-convert', { out: opts.out, json: opts.json });
  run.prepare({ force: opts.force });
  const info = await initTf('auto');
  const tf = tfjs();
  const { loadModel, evaluateClassifier } = await import('@spinsnn/learning/tfjs');
  const { convertDense, positivePercentile } = await import('@spinsnn/learning');
  const ann = await loadModel(annDir);
  if (ann.layers.some((l) => l.getClassName() === 'Conv2D')) return trainConvertCnn(opts, ann, annDir, run, info, list);
  const dense = ann.layers.filter((l) => l.getClassName() === 'Dense');
  const layers = dense.map((l) => {
    const [k, b] = l.getWeights();
    const act = (l.getConfig() as { activation?: string }).activation ?? 'linear';
    return {
      weights: Float32Array.from(k.dataSync() as Float32Array),
      bias: b ? Float32Array.from(b.dataSync() as Float32Array) : null,
      nIn: k.shape[0],
      nOut: k.shape[1] ?? 0,
      act,
    };
  });
  layers.slice(0, -1).forEach((l, i) => {
    if (l.act !== 'relu') throw new DataError(annDir, `dense layer ${i + 1} has activation ${l.act}; conversion needs ReLU hidden layers`);
  });
  const test = firstN(loadMnist('test'), opts.test);
  const annAcc = evaluateClassifier(ann, test, 10).accuracy;
  // per-layer activations on training data: ReLU for hidden layers, pre-softmax for the output
  const norm = firstN(loadMnist('train'), opts.normSamples ?? MLP_NORM_SAMPLES);
  const lambdas = tf.tidy(() => {
    let a: TF.Tensor2D = tf.tensor2d(norm.x, [norm.count, 784]);
    return layers.map((l, i) => {
      let z = tf.matMul(a, tf.tensor2d(l.weights, [l.nIn, l.nOut]));
      if (l.bias) z = tf.add(z, tf.tensor1d(l.bias));
      a = (i < layers.length - 1 ? tf.relu(z) : z) as TF.Tensor2D;
      return positivePercentile(a.dataSync(), opts.percentile);
    });
  });
  const rows: {
    timesteps: number;
    accuracy: number;
    kernelAccuracy: number | null;
    identicalPredictions: number | null;
    kernelSamples: number;
    kernelSamplesPerS: number | null;
    spikesPerSample: number[];
  }[] = [];
  for (const T of list) {
    const p = convertDense(layers, lambdas, T);
    const model = new TfSnn(p);
    const ev = evaluateSnn(model, test, 'direct', opts.seed, 10);
    model.dispose();
    const k = opts.kernelCheck > 0 ? kernelCheck(p, test, 'direct', opts.seed, opts.kernelCheck) : null;
    rows.push({
      timesteps: T,
      accuracy: ev.accuracy,
      kernelAccuracy: k?.accuracy ?? null,
      identicalPredictions: k?.identicalPredictions ?? null,
      kernelSamples: k?.samples ?? 0,
      kernelSamplesPerS: k?.samplesPerS ?? null,
      spikesPerSample: ev.spikesPerSample.map((s) => round(s)),
    });
    run.appendMetrics(rows[rows.length - 1]);
    if (!opts.json)
      run.log(
        `T = ${T}: TF.js ${(ev.accuracy * 100).toFixed(2)} %` +
          (k ? `, kernel ${(k.accuracy * 100).toFixed(2)} % on ${k.samples} (${k.identicalSpikes} identical spike trains)` : ''),
      );
  }
  const p = convertDense(layers, lambdas, modelTimesteps(opts, list));
  run.writeFile(
    'model.json',
    encodeState({ format: 'spinsnn-snn-model', config: p.config, weights: p.weights, betas: p.betas, biases: p.biases!, coding: 'direct' } as never),
  );
  run.writeConfig({
    command: 'train mnist --method convert',
    ann: opts.ann,
    percentile: opts.percentile,
    lambdas,
    normSamples: norm.count,
    timesteps: list,
    tf: info,
  });
  await run.writePlot(
    'accuracy-vs-T.svg',
    lineSpec(
      [
        ...rows.map((r) => ({ x: r.timesteps, y: r.accuracy * 100, series: 'converted SNN (TF.js)' })),
        ...rows.map((r) => ({ x: r.timesteps, y: annAcc * 100, series: 'source ANN' })),
      ],
      { title: 'ANN→SNN conversion on MNIST', x: 'time steps T', y: 'test accuracy (%)', logX: true },
    ),
  );
  const summary = {
    method: 'convert',
    ann: opts.ann,
    annAccuracy: annAcc,
    sizes: p.config.sizes,
    percentile: opts.percentile,
    lambdas: lambdas.map((l) => round(l)),
    testSamples: test.count,
    byTimesteps: rows,
    modelTimesteps: p.config.timesteps,
    runDir: run.dir,
  };
  run.writeSummary(summary);
  run.finish(
    summary,
    () =>
      `ANN ${(annAcc * 100).toFixed(2)} %; converted SNN: ${rows.map((r) => `T=${r.timesteps} ${(r.accuracy * 100).toFixed(2)} %`).join(', ')}\nrun folder: ${run.dir}`,
  );
}
