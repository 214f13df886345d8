import type { Command } from 'commander';
import { Option } from 'commander';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataError, Rng, SpecError, encodeNpz, type NpyTensor } from '@spinsnn/core';
import { fixedFrames, fsddSplit, randomMnistSubset, subtractBandMeans, type FeatureMatrix, type FsddClip, type MnistSet } from '@spinsnn/datasets';
import { listFsdd, loadMnist, readFsddClip, resolveFsddDir } from '@spinsnn/datasets/node';
import {
  evaluateClassifier,
  featureClassificationData,
  featureCnn,
  featureNorm,
  initTf,
  mnistClassificationData,
  mnistCnn,
  loadModel,
  mnistMlp,
  saveModel,
  tfjs,
  trainClassifier,
  type ClassificationData,
  type EpochReport,
  type TfBackendChoice,
} from '@spinsnn/learning/tfjs';
import type { ShiftAugmentation } from '@spinsnn/learning';
import type { TopLevelSpec } from 'vega-lite';
import { RunFolder } from '../run-folder.js';
import { ArgumentError, fsUserError, intArg, numArg, round, peakRssMB } from '../util.js';
import { findDataset } from './datasets.js';
import { extractor } from './speech.js';

/**
 * `spinsnn baseline`: the conventional deep-learning baselines (TF.js) every spiking result is
 * compared against, trained on the same data and splits. Each run writes a folder with the
 * resolved config, per-epoch metrics, a summary, a confusion-matrix plot, the saved model (TF.js)
 * and its weights as weights.npz for NumPy.
 */
/** Default epochs: where the full-size runs met their targets (MLP 98.2 %, CNN 99.2 %, FSDD CNN; see the closing note of issue 5). */
const MNIST_EPOCHS = { mlp: 20, cnn: 12, 'cnn-avg': 12 } as const;
const FSDD_EPOCHS = 20;

interface CommonOpts {
  epochs: number;
  seed: number;
  batch: number;
  lr: number;
  lrDecay: number;
  backend: TfBackendChoice;
  out?: string;
  force?: boolean;
  resume?: boolean;
  json?: boolean;
  evalEachEpoch?: boolean;
}

interface Summary {
  dataset: string;
  model: string;
  backend: string;
  simd: boolean;
  epochs: number;
  trainSamples: number;
  testSamples: number;
  accuracy: number;
  trainS: number;
  epochS: number;
  [k: string]: unknown;
}

function addCommon(cmd: Command, defaults: { epochs: number | string; batch: number; lr: number; lrDecay: number }): Command {
  return cmd
    .option('--epochs <n>', `training epochs (default: ${defaults.epochs})`, intArg(1, 10_000))
    .option('--seed <n>', 'seed for initial weights, dropout and shuffling', intArg(0, 2 ** 32 - 1), 1)
    .option('--batch <n>', 'minibatch size', intArg(1, 100_000), defaults.batch)
    .option('--lr <x>', 'Adam learning rate', numArg({ positive: true }), defaults.lr)
    .option('--lr-decay <x>', 'learning-rate factor applied after every epoch', numArg({ positive: true }), defaults.lrDecay)
    .addOption(
      new Option('--backend <name>', 'TF.js backend (auto: tfjs-node if it loads, else wasm)').choices(['auto', 'wasm', 'cpu', 'tensorflow']).default('auto'),
    )
    .option('--eval-each-epoch', 'also log test accuracy after every epoch in metrics.jsonl (monitoring only; nothing is selected on it)')
    .option('--out <dir>', 'run folder (default runs/baseline-<dataset>-<time>)')
    .option('--resume', 'continue an interrupted run in --out from its last finished epoch (checkpoint.json; same flags)')
    .option('--force', 'write into a non-empty --out (its files are overwritten)')
    .option('--json', 'print exactly one JSON line (progress still goes to stderr on a terminal)');
}

export function registerBaseline(program: Command): void {
  const base = program.command('baseline').description('TF.js baselines (MLP/CNN) on MNIST and spoken digits, on the splits the spiking models use');

  addCommon(
    base
      .command('mnist')
      .description('MLP or CNN on MNIST (60k train / 10k test by default)')
      .addOption(
        new Option('--model <kind>', 'architecture (cnn-avg: the CNN with average pooling, the form `train mnist --method convert` converts)')
          .choices(['mlp', 'cnn', 'cnn-avg'])
          .default('mlp'),
      )
      .option('--train <n>', 'training samples (a seeded random subset when < 60000)', intArg(1, 60000), 60000)
      .option('--test <n>', 'test samples (a seeded random subset when < 10000)', intArg(1, 10000), 10000)
      .option(
        '--augment-shift <px>',
        'translate each training image by a random whole number of pixels in [-px, px] along each axis (regularisation; the test set is never shifted)',
        intArg(1, 8),
      ),
    { epochs: `${MNIST_EPOCHS.mlp} for mlp, ${MNIST_EPOCHS.cnn} for cnn and cnn-avg`, batch: 128, lr: 1e-3, lrDecay: 0.9 },
  )
    .addHelpText('after', '\nExamples:\n  spinsnn baseline mnist --model mlp --epochs 20 --json\n  spinsnn baseline mnist --model cnn --epochs 10')
    .action(async (opts: CommonOpts & { model: 'mlp' | 'cnn' | 'cnn-avg'; train: number; test: number; augmentShift?: number }) => {
      opts.epochs ??= MNIST_EPOCHS[opts.model];
      // the output is checked before the backend, the data and the training
      const run = new RunFolder(`baseline-mnist-${opts.model}`, { out: opts.out, json: opts.json });
      prepareBaseline(run, opts);
      const tf = await initTf(opts.backend);
      const t0 = performance.now();
      const rng = new Rng(opts.seed, 0xda7a);
      const pick = (s: MnistSet, n: number): MnistSet => (n < s.count ? randomMnistSubset(s, n, rng) : s);
      const train = pick(loadMnist('train'), opts.train);
      const test = pick(loadMnist('test'), opts.test);
      const layout = opts.model === 'mlp' ? 'flat' : 'image';
      const trainData = mnistClassificationData(train, layout);
      const testData = mnistClassificationData(test, layout);
      const loadS = (performance.now() - t0) / 1000;
      const model = opts.model === 'mlp' ? mnistMlp({ seed: opts.seed }) : mnistCnn({ seed: opts.seed, pooling: opts.model === 'cnn-avg' ? 'average' : 'max' });
      await runBaseline({
        run,
        dataset: 'mnist',
        modelName: opts.model,
        model,
        opts,
        trainData,
        testData,
        labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
        backendInfo: tf,
        extra: { loadS: round(loadS), params: model.countParams(), ...(opts.augmentShift ? { augmentShift: opts.augmentShift } : {}) },
        ...(opts.augmentShift ? { augment: { height: 28, width: 28, maxShift: opts.augmentShift } } : {}),
      });
    });

  addCommon(
    base
      .command('fsdd')
      .description('CNN on spoken-digit features (Free Spoken Digit Dataset), official or leave-one-speaker-out split')
      .option('--data <dir>', 'FSDD clone or its recordings/ folder (default: $SPINSNN_DATA/fsdd if present)')
      .option('--split <split>', '"official" (takes 0–4 test) or "speaker:NAME" (leave that speaker out)', 'official')
      .addOption(new Option('--features <kind>', 'input features').choices(['logmel', 'mfcc', 'cochleagram']).default('logmel'))
      .option('--bands <n>', 'mel bands (default 32) / MFCC coefficients (13) / cochlear channels (32)', intArg(2, 256))
      .option(
        '--frames <n>',
        'frames per clip (16 ms hop; 48 ≈ 0.77 s covers 95 % of FSDD clips): longer clips are cut, shorter ones padded',
        intArg(4, 10_000),
        48,
      )
      .option('--clip-norm', "subtract each clip's per-band mean before the training-set standardisation (helps speaker-independent splits)")
      .addOption(new Option('--model <kind>', 'architecture').choices(['cnn']).default('cnn')),
    { epochs: FSDD_EPOCHS, batch: 32, lr: 1e-3, lrDecay: 0.9 },
  )
    .addHelpText(
      'after',
      '\nExamples:\n  spinsnn baseline fsdd --data $SPINSNN_DATA/fsdd --split official --json\n  spinsnn baseline fsdd --data ~/free-spoken-digit-dataset --split speaker:theo',
    )
    .action(
      async (
        opts: CommonOpts & {
          data?: string;
          split: string;
          features: 'logmel' | 'mfcc' | 'cochleagram';
          bands?: number;
          frames: number;
          clipNorm?: boolean;
          model: 'cnn';
        },
      ) => {
        opts.epochs ??= FSDD_EPOCHS;
        const dir = opts.data ?? findDataset('fsdd');
        if (!dir) throw new ArgumentError('--data', 'FSDD not found: pass --data DIR (git clone https://github.com/Jakobovski/free-spoken-digit-dataset)');
        const clips = listFsdd(dir);
        const split = fsddSplit(clips, opts.split);
        if (split.train.length === 0 || split.test.length === 0)
          throw new SpecError('split', 'a split with training and test clips', `${split.train.length} train / ${split.test.length} test`);
        const run = new RunFolder(`baseline-fsdd-${opts.split.replace(':', '-')}`, { out: opts.out, json: opts.json });
        prepareBaseline(run, opts);
        const tf = await initTf(opts.backend);
        const t0 = performance.now();
        const extract = extractor(opts.features, opts.bands);
        const perClip = (m: FeatureMatrix): FeatureMatrix => (opts.clipNorm ? subtractBandMeans(m) : m);
        const feats = (set: FsddClip[]): FeatureMatrix[] => set.map((c) => fixedFrames(perClip(extract(readFsddClip(c))), opts.frames));
        const trainF = feats(split.train),
          testF = feats(split.test);
        const featuresS = (performance.now() - t0) / 1000;
        const norm = featureNorm(trainF);
        const trainData = featureClassificationData(
          trainF,
          split.train.map((c) => c.digit),
          norm,
        );
        const testData = featureClassificationData(
          testF,
          split.test.map((c) => c.digit),
          norm,
        );
        const model = featureCnn(opts.frames, trainF[0].bands, { seed: opts.seed });
        await runBaseline({
          run,
          dataset: 'fsdd',
          modelName: opts.model,
          model,
          opts,
          trainData,
          testData,
          labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
          backendInfo: tf,
          extra: {
            split: split.name,
            features: opts.features,
            clipNorm: Boolean(opts.clipNorm),
            bands: trainF[0].bands,
            frames: opts.frames,
            featuresS: round(featuresS),
            data: resolve(resolveFsddDir(dir)),
            params: model.countParams(),
          },
        });
      },
    );
}

interface RunArgs {
  run: RunFolder;
  dataset: string;
  modelName: string;
  model: Awaited<ReturnType<typeof mnistMlp>>;
  opts: CommonOpts;
  trainData: ClassificationData;
  testData: ClassificationData;
  labels: string[];
  backendInfo: Awaited<ReturnType<typeof initTf>>;
  extra: Record<string, unknown>;
  /** Random translations of the training images (mnist --augment-shift). */
  augment?: ShiftAugmentation;
}

/** The checkpoint written after every epoch: checkpoint.json names the folder of weights and optimizer state. */
interface BaselineCheckpoint {
  epoch: number;
  dir: string;
  config: Record<string, unknown>;
  optimizer: { name: string; shape: number[] }[];
  metrics: EpochReport[];
}

function prepareBaseline(run: RunFolder, opts: CommonOpts): void {
  if (opts.resume && opts.force) throw new ArgumentError('--force', '--resume continues the run in --out, --force starts it afresh: pass one of them');
  if (opts.resume && !run.has('checkpoint.json'))
    throw new ArgumentError('--resume', `${run.dir} has no checkpoint.json of a baseline run (pass the --out folder of the interrupted run)`);
  run.prepare({ force: opts.force, resume: opts.resume, canResume: true });
}

/** The config entries that define the training (timings, the node version and paths aside). */
function defining(config: Record<string, unknown>): Record<string, unknown> {
  const { node: _n, loadS: _l, featuresS: _f, backend, data: _d, ...rest } = config;
  return { ...rest, backend: (backend as { backend?: string } | undefined)?.backend };
}

async function runBaseline(a: RunArgs): Promise<void> {
  const { opts } = a;
  const { run } = a;
  const config = {
    command: `baseline ${a.dataset}`,
    dataset: a.dataset,
    model: a.modelName,
    seed: opts.seed,
    epochs: opts.epochs,
    batch: opts.batch,
    learningRate: opts.lr,
    lrDecay: opts.lrDecay,
    backend: a.backendInfo,
    trainSamples: a.trainData.count,
    testSamples: a.testData.count,
    node: process.version,
    ...a.extra,
  };
  const tf = tfjs();
  let ck: BaselineCheckpoint | null = null;
  let optimizerWeights: { name: string; tensor: ReturnType<typeof tf.tensor> }[] | undefined;
  if (opts.resume) {
    ck = run.readJson<BaselineCheckpoint>('checkpoint.json');
    if (!ck || !Number.isInteger(ck.epoch) || typeof ck.dir !== 'string' || !Array.isArray(ck.metrics) || !Array.isArray(ck.optimizer))
      throw new DataError(run.path('checkpoint.json'), 'not a spinsnn baseline checkpoint; delete it, or pass --force, to start afresh');
    const now = JSON.stringify(defining(config)),
      then = JSON.stringify(defining(ck.config ?? {}));
    if (now !== then) {
      const o = defining(ck.config ?? {}),
        n = defining(config);
      const keys = [...new Set([...Object.keys(o), ...Object.keys(n)])].filter((k) => JSON.stringify(o[k]) !== JSON.stringify(n[k]));
      throw new ArgumentError(
        '--resume',
        `the run in ${run.dir} was started with other settings (${keys.join(', ')} differ): pass the same flags, or another --out (or --force)`,
      );
    }
    const saved = await loadModel(run.path(join(ck.dir, 'model')));
    a.model.setWeights(saved.getWeights());
    const buf = readFileSync(run.path(join(ck.dir, 'optimizer.bin')));
    const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    let off = 0;
    optimizerWeights = ck.optimizer.map((w) => {
      const n = w.shape.reduce((x, y) => x * y, 1);
      const t = tf.tensor(all.subarray(off, off + n), w.shape);
      off += n;
      return { name: w.name, tensor: t };
    });
    if (off !== all.length)
      throw new DataError(
        run.path(join(ck.dir, 'optimizer.bin')),
        `${all.length} values, expected ${off} (truncated?); delete the run folder, or pass --force, to start afresh`,
      );
    // rows an interrupted attempt logged past its checkpoint are dropped; they are computed again
    run.writeMetrics(ck.metrics.map(metricRow));
    run.log(`baseline: resuming after epoch ${ck.epoch} of ${opts.epochs} from ${run.path('checkpoint.json')}`);
  } else run.writeMetrics([]);
  run.writeConfig(config);
  const done: EpochReport[] = ck ? [...ck.metrics] : [];
  const progress = run.progress(`${a.dataset} ${a.modelName}`);
  const fresh: EpochReport[] = await trainClassifier(a.model, a.trainData, {
    startEpoch: ck?.epoch ?? 0,
    optimizerWeights,
    epochs: opts.epochs,
    batchSize: opts.batch,
    seed: opts.seed,
    learningRate: opts.lr,
    lrDecay: opts.lrDecay,
    classes: a.labels.length,
    ...(opts.evalEachEpoch ? { evalEvery: a.testData } : {}),
    ...(a.augment ? { augment: a.augment } : {}),
    onBatch: (epoch, b, n, loss) => progress.update(((epoch - 1) * n + b) / (opts.epochs * n), `epoch ${epoch}/${opts.epochs} loss ${loss.toFixed(4)}`),
    onEpoch: async (r, state) => {
      done.push(r);
      // checkpoint: weights and optimizer state in a new folder, then checkpoint.json (atomic) names it
      const dir = `checkpoint-${r.epoch}`;
      run.ensure();
      await saveModel(a.model, run.path(join(dir, 'model')));
      const ow = await state.optimizerWeights();
      const parts = ow.map((w) => w.tensor.dataSync() as Float32Array);
      const bin = new Float32Array(parts.reduce((s2, p) => s2 + p.length, 0));
      let off = 0;
      for (const p of parts) bin.set(p, off), (off += p.length);
      run.writeFile(join(dir, 'optimizer.bin'), new Uint8Array(bin.buffer));
      const prev = run.has('checkpoint.json') ? run.readJson<BaselineCheckpoint>('checkpoint.json').dir : null;
      run.writeJson(
        'checkpoint.json',
        { epoch: r.epoch, dir, config, optimizer: ow.map((w) => ({ name: w.name, shape: w.tensor.shape })), metrics: done } satisfies BaselineCheckpoint,
        0,
      );
      if (prev && prev !== dir) rmSync(run.path(prev), { recursive: true, force: true });
      run.appendMetrics(metricRow(r));
    },
  });
  optimizerWeights?.forEach((w) => w.tensor.dispose());
  const reports = [...(ck?.metrics ?? []), ...fresh];
  progress.done();
  const t0 = performance.now();
  const ev = evaluateClassifier(a.model, a.testData, a.labels.length);
  const evalS = (performance.now() - t0) / 1000;
  const trainS = reports.reduce((s, r) => s + r.trainS, 0);
  const summary: Summary = {
    dataset: a.dataset,
    model: a.modelName,
    backend: a.backendInfo.backend,
    simd: a.backendInfo.simd,
    epochs: opts.epochs,
    trainSamples: a.trainData.count,
    testSamples: a.testData.count,
    accuracy: round(ev.accuracy, 6),
    trainS: round(trainS),
    epochS: round(trainS / reports.length),
    evalS: round(evalS),
    finalLoss: round(reports[reports.length - 1].loss, 6),
    seed: opts.seed,
    ...a.extra,
    ...(a.backendInfo.fallbackReason ? { backendNote: a.backendInfo.fallbackReason } : {}),
    peakRssMB: round(peakRssMB()),
    runDir: run.dir,
  };
  run.ensure();
  try {
    await saveModel(a.model, run.path('model'));
  } catch (e) {
    // a file-system failure (disk full, folder removed) is the user's to fix; anything else a bug
    throw typeof (e as NodeJS.ErrnoException).code === 'string' ? fsUserError(run.path('model'), e, 'save the model to', '--out') : e;
  }
  // the trained weights for NumPy: np.load('weights.npz')['dense_Dense1/kernel'] (TF.js names and shapes)
  const tensors: Record<string, NpyTensor> = {};
  for (const w of a.model.weights) tensors[w.name] = { data: w.read().dataSync() as Float32Array, shape: [...w.shape] as number[] };
  run.writeFile('weights.npz', encodeNpz(tensors));
  run.writeJson(
    'confusion.json',
    {
      labels: a.labels,
      rowsTrueColsPredicted: Array.from({ length: a.labels.length }, (_, t) =>
        Array.from(ev.confusion.subarray(t * a.labels.length, (t + 1) * a.labels.length)),
      ),
    },
    0,
  );
  await run.writePlot(
    'confusion.svg',
    confusionSpec(
      ev.confusion,
      a.labels,
      `${a.dataset}${a.extra.split ? ` (${String(a.extra.split)})` : ''} ${a.modelName}: test accuracy ${(100 * ev.accuracy).toFixed(2)} %`,
    ),
  );
  run.writeSummary(summary);
  // finished: the checkpoint is not needed any more (the model is in model/)
  const last = run.has('checkpoint.json') ? run.readJson<BaselineCheckpoint>('checkpoint.json').dir : null;
  if (last) rmSync(run.path(last), { recursive: true, force: true });
  rmSync(run.path('checkpoint.json'), { force: true });
  run.finish(
    summary,
    () =>
      `${a.dataset} ${a.modelName} on ${summary.backend}${summary.simd ? ' (SIMD)' : ''}: test accuracy ${(100 * ev.accuracy).toFixed(2)} % ` +
      `(${a.testData.count} samples) after ${opts.epochs} epochs on ${a.trainData.count}; ${summary.epochS} s/epoch\n  run folder ${run.dir}`,
  );
}

function metricRow(r: EpochReport) {
  return { ...r, loss: round(r.loss, 6), trainS: round(r.trainS) };
}

/** Heat map of a confusion matrix with the counts written in the cells. */
function confusionSpec(confusion: Int32Array, labels: string[], title: string): TopLevelSpec {
  const k = labels.length;
  const values: { truth: string; predicted: string; count: number }[] = [];
  for (let t = 0; t < k; t++) for (let p = 0; p < k; p++) values.push({ truth: labels[t], predicted: labels[p], count: confusion[t * k + p] });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 360,
    height: 360,
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort: labels, title: 'predicted' },
      y: { field: 'truth', type: 'ordinal', sort: labels, title: 'true label' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { type: 'symlog', scheme: 'blues' }, title: 'count' } } },
      {
        mark: { type: 'text', fontSize: 9 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: `datum.count > ${Math.max(1, ...confusion) / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}
