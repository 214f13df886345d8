import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadMnist } from '@spinsnn/datasets/node';
import {
  DataError,
  encodeNpy,
  encodeNpz,
  formatQuantity,
  getModel,
  registeredModels,
  resolveModelParams,
  stateArrays,
  type PlasticitySpec,
  type StateValue,
} from '@spinsnn/core';
import {
  DiehlCookTrainer,
  diehlCookDefaults,
  encodeState,
  evaluateDiehlCook,
  type DiehlCookConfig,
  type DcTrainOptions,
  type EvalResult,
  type TrainerState,
} from '@spinsnn/learning';
import { energyDelta, mnistSampleSet, readState, receptiveFieldsPng, synapseChoice, synapseEnergy } from '@spinsnn/learning/node';
import type { TopLevelSpec } from 'vega-lite';
import { CommandOutput, RunFolder } from '../run-folder.js';
import { ArgumentError, Interrupted, intArg, parseDeviceParams, peakRssMB, round, type MnistRunOptions } from '../util.js';
import { addConvertOptions, addSurrogateOptions, trainConvert, trainSurrogate, type ConvertOpts, type SurrogateOpts } from './train-snn.js';
import { trainConvSurrogate } from './train-conv-snn.js';

/**
 * `spinsnn train mnist` / `spinsnn eval`: unsupervised STDP learning of MNIST in the Diehl & Cook
 * network on ideal (CMOS float) or SOT synapses. A run folder holds the config, metrics (JSON
 * lines), an atomic checkpoint (every --checkpoint-every samples; `--resume` continues it bit for
 * bit; its arrays also as checkpoint.npz for NumPy), the trained weights (weights.npy, inputs ×
 * neurons), the receptive fields (PNG), the confusion matrix (JSON + SVG), the energy ledger
 * summary and summary.json.
 */

interface TrainOpts extends MnistRunOptions {
  rule: string;
  rulePreset?: string;
  ruleParam: string[];
  seed: number;
  out?: string;
  resume?: boolean;
  force?: boolean;
  delays?: boolean;
  checkpointEvery: number;
  window: number;
  json?: boolean;
}

/** What the run folder's checkpoint holds besides the trainer state. */
interface RunCheckpoint {
  args: { synapse: string; preset: string | null; device: Record<string, number>; rule?: PlasticitySpec; test: number; assign: number };
  trainer: TrainerState;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function weightsHash(w: Float64Array): string {
  return createHash('sha256')
    .update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength))
    .digest('hex')
    .slice(0, 16);
}

export function registerTrain(program: Command): void {
  const cmd = program
    .command('train')
    .description(
      'train a spiking network on MNIST: Diehl & Cook STDP (unsupervised, --method stdp), surrogate-gradient BPTT (--method surrogate) or ANN→SNN conversion (--method convert)',
    )
    .option(
      '--method <name>',
      'stdp (Diehl & Cook, unsupervised), surrogate (BPTT with surrogate gradients on TF.js; options marked [surrogate]) or convert (ANN→SNN from a baseline MLP; options marked [convert])',
      'stdp',
    )
    .argument('<dataset>', 'mnist (every method) or fsdd (--method surrogate: recurrent SNN on spoken digits)')
    .option('--neurons <n>', 'excitatory (= inhibitory) neurons', intArg(1, 10_000), 100)
    .option('--train <n>', 'training samples per epoch (the first n of the 60k, shuffled per epoch)', intArg(1, 60_000), 60_000)
    .option('--test <n>', 'test samples (the first n of the 10k test set)', intArg(1, 10_000), 10_000)
    .option('--assign <n>', 'training samples whose responses assign the neuron labels (default min(train, 10000))', intArg(1, 60_000))
    .option('--epochs <n>', 'passes over the training samples', intArg(1, 1000), 1)
    .option(
      '--synapse <id>',
      `plastic synapses: any registered synapse model (${registeredModels({ kind: 'synapse' })
        .map((m) => m.id)
        .join(', ')})`,
      'ideal/float',
    )
    .option('--preset <name>', 'preset of the synapse model (spinsnn devices --kind synapse lists them; e.g. sot/multilevel: hsin2025, ideal-limit)')
    .option('--device <name=value>', 'synapse parameter override, repeatable (e.g. --device c2c=0.05 --device states=32)', collect, [])
    .option(
      '--rule <id>',
      `plasticity rule of the input→excitatory synapses: any registered rule (${registeredModels({ kind: 'plasticity' })
        .map((m) => m.id)
        .join(', ')})`,
      'learning/stdp',
    )
    .option('--rule-preset <name>', 'preset of the rule (default for learning/stdp: diehl-cook2015)')
    .option('--rule-param <name=value>', 'rule parameter override, repeatable (e.g. --rule-param nearest=0)', collect, [])
    .option('--seed <n>', 'seed of weights, input spikes, device variation and sample order', intArg(0, 2 ** 31 - 1), 1)
    .option('--delays', 'Diehl & Cook input delays (uniform 0–10 ms on the dt grid); slower')
    .option('--checkpoint-every <n>', 'write the checkpoint every n training samples', intArg(1), 1000)
    .option('--window <n>', 'running accuracy: labels from the previous n samples predict the next n', intArg(10), 1000)
    .option('--out <dir>', 'run folder (default runs/train-mnist-<time>)')
    .option('--resume', 'continue the checkpoint in --out (bit for bit as if never interrupted); flags that change the run are refused')
    .option('--force', 'start afresh in a non-empty --out (its files are overwritten)')
    .option('--json', 'print exactly one JSON line (progress goes to stderr on a terminal)');
  addConvertOptions(addSurrogateOptions(cmd))
    .addHelpText(
      'after',
      `
With --method stdp the run folder holds config.json, metrics.jsonl, summary.json, energy.json,
checkpoint.json (and its arrays as checkpoint.npz), weights.npy (inputs × neurons),
receptive-fields.png and the confusion matrix (JSON + SVG). In Python: numpy.load('weights.npy').

Examples:
  spinsnn train mnist --neurons 100 --train 1000 --test 500
  spinsnn train mnist --method surrogate --hidden 512 --timesteps 25 --epochs 3
  spinsnn train fsdd --method surrogate --hidden 128 --epochs 20
  spinsnn train mnist --method convert --ann runs/mlp --timesteps 64`,
    )
    .action(async (dataset: string, opts: TrainOpts & SurrogateOpts & ConvertOpts & { method: string }, cmd: Command) => {
      if (opts.method === 'convert') {
        if (dataset !== 'mnist') throw new ArgumentError('<dataset>', `spinsnn train --method convert knows the dataset "mnist", got "${dataset}"`);
        await trainConvert(opts);
        return;
      }
      if (opts.method === 'surrogate') {
        if (dataset !== 'mnist' && dataset !== 'fsdd')
          throw new ArgumentError('<dataset>', `spinsnn train --method surrogate knows the datasets "mnist" and "fsdd", got "${dataset}"`);
        if (opts.resume && opts.force) throw new ArgumentError('--force', '--resume continues the run in --out, --force starts it afresh: pass one of them');
        if (opts.arch === 'conv') {
          if (dataset !== 'mnist') throw new ArgumentError('--arch', 'conv is for mnist (28 × 28 images)');
          await trainConvSurrogate({ ...opts, channels: opts.channels ?? '12,32' });
          return;
        }
        if (opts.arch !== undefined && opts.arch !== 'mlp') throw new ArgumentError('--arch', `mlp or conv, got "${opts.arch}"`);
        await trainSurrogate(opts, dataset);
        return;
      }
      if (opts.method !== 'stdp') throw new ArgumentError('--method', `stdp, surrogate or convert, got "${opts.method}"`);
      if (dataset !== 'mnist') throw new ArgumentError('<dataset>', `spinsnn train knows the dataset "mnist", got "${dataset}" (run: spinsnn train mnist …)`);
      if (opts.resume && opts.force) throw new ArgumentError('--force', '--resume continues the run in --out, --force starts it afresh: pass one of them');
      await trainMnist(opts, (name) => cmd.getOptionValueSource(name) === 'cli');
    });
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate a trained run folder (labels from training responses, accuracy on the test set)')
    .requiredOption('--run <dir>', 'run folder written by spinsnn train')
    .option('--test <n>', 'test samples', intArg(1, 10_000))
    .option('--assign <n>', 'training samples for label assignment', intArg(1, 60_000))
    .option('--json', 'print exactly one JSON line')
    .action(async (opts: { run: string; test?: number; assign?: number; json?: boolean }) => {
      const path = join(resolve(opts.run), 'checkpoint.json');
      if (!existsSync(path)) throw new ArgumentError('--run', `${opts.run} has no checkpoint.json: pass a folder written by spinsnn train`);
      const ck = readCheckpoint(path);
      const trainSet = mnistSampleSet(loadMnist('train'));
      const testSet = mnistSampleSet(loadMnist('test'));
      const tr = new DiehlCookTrainer(ck.trainer.config, ck.trainer.options, trainSet, ck.trainer);
      const test = opts.test ?? ck.args.test;
      const assign = opts.assign ?? ck.args.assign;
      const output = new CommandOutput({ json: opts.json });
      const progress = output.progress('eval');
      const e0 = synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests ?? 0);
      const ev = evaluateDiehlCook(tr.dc, trainSet, assign, testSet, test, (phase, k) =>
        progress.update(phase === 'assign' ? (0.5 * k) / assign : 0.5 + (0.5 * k) / test, phase),
      );
      progress.done();
      const inf = energyDelta(e0, synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests ?? 0));
      const out = {
        run: resolve(opts.run),
        neurons: tr.config.neurons,
        synapse: ck.args.synapse,
        trainedSamples: tr.done,
        assignSamples: assign,
        testSamples: test,
        accuracy: ev.accuracy,
        energyPerInferenceJ: inf.energyJ / (assign + test),
        weightsHash: weightsHash(tr.dc.weights),
        wallS: round(ev.wallS),
      };
      output.finish(out, `accuracy ${(ev.accuracy * 100).toFixed(2)} % on ${test} test samples (labels from ${assign} training samples)`);
    });
}

/**
 * `--synapse/--preset/--device` and `--rule/--rule-preset/--rule-param` as a synapse spec and a
 * plasticity spec, both resolved against the registry here so a bad id, preset or parameter
 * fails before anything is written.
 */
function plasticFromOptions(opts: Pick<TrainOpts, 'synapse' | 'preset' | 'device' | 'rule' | 'rulePreset' | 'ruleParam'>) {
  const device = parseDeviceParams(opts.device);
  const choice = synapseChoice(opts.synapse, opts.preset, device);
  const rule = getModel(opts.rule, 'plasticity', '--rule');
  const rulePreset = opts.rulePreset ?? (rule.id === 'learning/stdp' ? 'diehl-cook2015' : undefined);
  const ruleParams = parseDeviceParams(opts.ruleParam, '--rule-param');
  const resolvedRule = resolveModelParams(rule, rulePreset, ruleParams, '--rule');
  const plasticity: PlasticitySpec = { rule: rule.id, ...(rulePreset ? { preset: rulePreset } : {}), ...(opts.ruleParam.length ? { params: ruleParams } : {}) };
  return { device, synapse: choice.synapse, resolvedDevice: choice.params, plasticity, resolvedRule };
}

/** Reads a run's checkpoint; one that is not JSON, or JSON of another shape, is a DataError naming it. */
function readCheckpoint(path: string): RunCheckpoint {
  const ck = readState<Partial<RunCheckpoint> | null>(path);
  const t = ck?.trainer as Partial<TrainerState> | undefined;
  if (
    typeof ck !== 'object' ||
    ck === null ||
    typeof ck.args !== 'object' ||
    typeof t !== 'object' ||
    t === null ||
    typeof t.config !== 'object' ||
    typeof t.options !== 'object' ||
    typeof t.done !== 'number'
  ) {
    throw new DataError(
      path,
      'not a spinsnn train checkpoint (no args, trainer.config, trainer.options or trainer.done); delete it, or pass --force, to start the run afresh',
    );
  }
  return ck as RunCheckpoint;
}

/** `--resume` with flags given on the command line that differ from the checkpoint's run: "--flag given (checkpoint: stored)". */
function resumeConflicts(opts: TrainOpts, explicit: (name: string) => boolean, ck: RunCheckpoint, fresh: ReturnType<typeof plasticFromOptions>): string[] {
  const { config, options } = ck.trainer;
  const checks: [string, string, unknown, unknown][] = [
    ['neurons', '--neurons', opts.neurons, config.neurons],
    ['seed', '--seed', opts.seed, config.seed],
    ['delays', '--delays', opts.delays === true, config.delays === true],
    ['train', '--train', opts.train, options.trainSamples],
    ['epochs', '--epochs', opts.epochs, options.epochs],
    ['window', '--window', Math.min(opts.window, options.trainSamples), options.window],
    ['test', '--test', opts.test, ck.args.test],
    ['assign', '--assign', opts.assign, ck.args.assign],
    ['synapse', '--synapse', fresh.synapse.device, ck.args.synapse],
    ['preset', '--preset', opts.preset ?? null, ck.args.preset],
    ['device', '--device', fresh.device, ck.args.device],
    ['rule', '--rule', fresh.plasticity.rule, ck.args.rule?.rule],
    ['rulePreset', '--rule-preset', fresh.plasticity.preset ?? null, ck.args.rule?.preset ?? null],
    ['ruleParam', '--rule-param', fresh.plasticity.params ?? {}, ck.args.rule?.params ?? {}],
  ];
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return checks
    .filter(([name, , given, stored]) => explicit(name) && JSON.stringify(given) !== JSON.stringify(stored))
    .map(([, flag, given, stored]) => `${flag} ${show(given)} (checkpoint: ${show(stored)})`);
}

async function trainMnist(opts: TrainOpts, explicit: (name: string) => boolean): Promise<void> {
  // everything that can be refused is checked before the folder is touched
  const fresh = plasticFromOptions(opts);
  const run = new RunFolder('train-mnist', { out: opts.out, json: opts.json });
  const dir = run.dir;
  if (opts.resume && !existsSync(join(dir, 'checkpoint.json')))
    throw new ArgumentError('--resume', `${dir} has no checkpoint.json (pass the --out folder of the interrupted run)`);
  const trainSet = mnistSampleSet(loadMnist('train'));
  const testSet = mnistSampleSet(loadMnist('test'));
  run.prepare({ resume: opts.resume, force: opts.force, canResume: true });
  let ck: RunCheckpoint | null = null;
  if (opts.resume) {
    ck = readCheckpoint(run.path('checkpoint.json'));
    const conflicts = resumeConflicts(opts, explicit, ck, fresh);
    if (conflicts.length > 0)
      throw new ArgumentError(
        '--resume',
        `these flags differ from the run in ${dir}: ${conflicts.join(', ')}; drop them to continue that run, or start a new one with another --out (or --force)`,
      );
  }
  let config: DiehlCookConfig;
  let options: DcTrainOptions;
  let args: RunCheckpoint['args'];
  if (ck) {
    config = ck.trainer.config;
    options = ck.trainer.options;
    args = ck.args;
  } else {
    const { device, synapse, resolvedDevice, plasticity, resolvedRule } = fresh;
    config = { ...diehlCookDefaults(opts.neurons), seed: opts.seed, synapse, plasticity, delays: opts.delays === true };
    options = { epochs: opts.epochs, trainSamples: opts.train, window: Math.min(opts.window, opts.train) };
    args = {
      synapse: synapse.device,
      preset: opts.preset ?? null,
      device,
      rule: plasticity,
      test: opts.test,
      assign: opts.assign ?? Math.min(opts.train, 10_000),
    };
    // --force: a previous run's checkpoint must not be resumed by a later --resume of this one
    rmSync(run.path('checkpoint.json'), { force: true });
    run.writeConfig({ command: 'train mnist', args, config, options, resolvedDevice, resolvedRule });
  }
  // metrics are written before each checkpoint, so rows past it (and the final row) belong to the
  // interrupted attempt: drop them on resume; they are computed again
  const doneAtStart = ck ? ck.trainer.done : 0;
  run.writeMetrics(ck ? run.readMetrics<{ done: number; final?: boolean }>().filter((m) => m.done <= doneAtStart && m.final !== true) : []);

  const tr = new DiehlCookTrainer(config, options, trainSet, ck?.trainer);
  const save = () => {
    const state = tr.state();
    run.writeFile('checkpoint.json', encodeState({ args, trainer: state } satisfies RunCheckpoint));
    // the same arrays for NumPy (np.load('checkpoint.npz')): every typed array of the state by its path
    run.writeFile('checkpoint.npz', encodeNpz(stateArrays(state as unknown as StateValue)));
  };
  const progress = run.progress('train');
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let seenHistory = tr.history.length;
  // metrics rows go out with each checkpoint, metrics first: a kill between the two leaves rows
  // past the checkpoint, dropped on resume, never a checkpoint past its rows
  let pending: object[] = [];
  const flushMetrics = () => {
    if (pending.length > 0) run.appendMetrics(...pending);
    pending = [];
  };
  // SIGINT/SIGTERM: finish the current sample, checkpoint, exit (the loop yields to see them);
  // a second one exits at once (the last periodic checkpoint stays)
  let stop: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stop) process.exit(sig === 'SIGINT' ? 130 : 143);
    stop = sig;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    while (tr.step()) {
      const p = tr.progress();
      if (tr.history.length > seenHistory) {
        seenHistory = tr.history.length;
        pending.push({ done: tr.done, epoch: p.epoch, runningAccuracy: p.runningAccuracy, samplesPerS: round(p.samplesPerS) });
      }
      if (tr.done % 50 === 0)
        progress.update(
          tr.done / tr.total,
          `${tr.done}/${tr.total} ${p.samplesPerS.toFixed(1)} samples/s, running acc ${Number.isNaN(p.runningAccuracy) ? '–' : (p.runningAccuracy * 100).toFixed(1) + ' %'}`,
        );
      if (tr.done % options.trainSamples === 0 || tr.done % opts.checkpointEvery === 0) {
        flushMetrics();
        save();
      }
      await new Promise<void>((r) => setImmediate(r));
      if (stop) {
        flushMetrics();
        save();
        progress.done();
        throw new Interrupted(
          stop,
          `${stop}: stopped after ${tr.done} of ${tr.total} training samples; checkpoint written, continue with: spinsnn train mnist --out ${dir} --resume`,
        );
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  flushMetrics();
  save();
  progress.done();
  const trainWallS = (performance.now() - wall0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const trained = tr.done - doneAtStart;
  const eTrain = synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests ?? 0);

  const evalProgress = run.progress('eval');
  const ev: EvalResult = evaluateDiehlCook(tr.dc, trainSet, args.assign, testSet, args.test, (phase, k) =>
    evalProgress.update(phase === 'assign' ? (0.5 * k) / args.assign : 0.5 + (0.5 * k) / args.test, phase),
  );
  evalProgress.done();
  const eInf = energyDelta(eTrain, synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests ?? 0));
  const nInf = args.assign + args.test;

  // row i: the weights from input pixel i to each excitatory neuron (all-to-all CSR order)
  run.writeFile('weights.npy', encodeNpy(tr.dc.weights, [config.inputs, config.neurons]));
  run.writeFile('receptive-fields.png', receptiveFieldsPng(tr.dc.weights, config.inputs, config.neurons, 28, 28, config.wMax));
  run.writeJson('confusion.json', { rows: 'true class', cols: 'predicted class (column 10: no neuron fired)', matrix: ev.confusion }, 0);
  await run.writePlot('confusion.svg', confusionSpec(ev.confusion, `confusion matrix, accuracy ${(ev.accuracy * 100).toFixed(2)} %`));
  const energy = {
    note: 'synaptic energy of the plastic input→excitatory synapses (device reads per synaptic event + writes); cmos: the same events and updates on 45 nm FP32 SRAM (Horowitz 2014)',
    training: { samples: tr.done, ...eTrain, perSampleJ: eTrain.energyJ / tr.done, cmosPerSampleJ: eTrain.cmosJ / tr.done },
    inference: { samples: nInf, ...eInf, perSampleJ: eInf.energyJ / nInf, cmosPerSampleJ: eInf.cmosJ / nInf },
    ledger: tr.dc.net.ledger.priced(),
  };
  run.writeJson('energy.json', energy);
  const summary = {
    neurons: config.neurons,
    synapse: args.synapse,
    rule: config.plasticity,
    device: config.synapse.device,
    preset: args.preset,
    deviceParams: args.device,
    trainSamples: options.trainSamples,
    testSamples: args.test,
    assignSamples: args.assign,
    epochs: options.epochs,
    accuracy: ev.accuracy,
    samplesPerS: round(trained / trainWallS),
    cpuSamplesPerS: round(trained / ((cpu.user + cpu.system) / 1e6)),
    energyJ: eTrain.energyJ + eInf.energyJ,
    energyPerTrainSampleJ: eTrain.energyJ / tr.done,
    energyPerInferenceJ: eInf.energyJ / nInf,
    cmosPerTrainSampleJ: eTrain.cmosJ / tr.done,
    cmosPerInferenceJ: eInf.cmosJ / nInf,
    seed: config.seed,
    delays: config.delays,
    resumedAt: ck ? doneAtStart : null,
    trainWallS: round(trainWallS),
    evalWallS: round(ev.wallS),
    weightsHash: weightsHash(tr.dc.weights),
    peakRssMB: round(peakRssMB()),
    runDir: dir,
  };
  pending.push({ done: tr.done, final: true, accuracy: ev.accuracy });
  flushMetrics();
  run.writeSummary(summary);
  run.finish(
    summary,
    () =>
      `accuracy ${(ev.accuracy * 100).toFixed(2)} % (${config.neurons} neurons, ${args.synapse}, ${options.epochs} epoch(s) × ${options.trainSamples}, test ${args.test})\n` +
      `training ${summary.samplesPerS} samples/s; synaptic energy ${formatQuantity(eTrain.energyJ / tr.done, 'J')} per training sample, ${formatQuantity(eInf.energyJ / nInf, 'J')} per inference (CMOS 45 nm: ${formatQuantity(eTrain.cmosJ / tr.done, 'J')}, ${formatQuantity(eInf.cmosJ / nInf, 'J')})\n` +
      `run folder: ${dir}`,
  );
}

function confusionSpec(m: number[][], title: string): TopLevelSpec {
  const values: { t: number; p: string; n: number }[] = [];
  m.forEach((row, t) => row.forEach((n, p) => values.push({ t, p: p === row.length - 1 ? 'none' : String(p), n })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 360,
    height: 330,
    data: { values },
    mark: 'rect',
    encoding: {
      x: { field: 'p', type: 'ordinal', title: 'predicted', sort: [...Array.from({ length: m.length }, (_, k) => String(k)), 'none'] },
      y: { field: 't', type: 'ordinal', title: 'true' },
      color: { field: 'n', type: 'quantitative', title: 'samples' },
    },
  };
}
