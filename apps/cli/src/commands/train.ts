import type { Command } from 'commander';
import { Option } from 'commander';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SpinsnnError } from '@spinsnn/core';
import { loadMnist } from '@spinsnn/datasets';
import {
  DiehlCookTrainer, SYNAPSE_KINDS, diehlCookDefaults, encodeState, energyDelta, evaluateDiehlCook, mnistSampleSet, readState,
  receptiveFieldsPng, synapseChoice, synapseEnergy, type DiehlCookConfig, type DcTrainOptions, type EvalResult, type SynapseKind, type TrainerState,
} from '@spinsnn/learning';
import type { TopLevelSpec } from 'vega-lite';
import { writePlot } from '../plot.js';
import { Progress, intArg, parseDeviceParams, peakRssMB, round, runFolder, writeFileAtomic } from '../util.js';
import { registerSweep } from './sweep.js';

/**
 * `spinsnn train mnist` / `spinsnn eval`: unsupervised STDP learning of MNIST in the Diehl & Cook
 * network on ideal (CMOS float) or SOT synapses. A run folder holds the config, metrics (JSON
 * lines), an atomic checkpoint (every --checkpoint-every samples; `--resume` continues it bit for
 * bit), the receptive fields (PNG), the confusion matrix (JSON + SVG), the energy ledger summary
 * and summary.json.
 */
class TrainArgError extends SpinsnnError {}

interface TrainOpts {
  neurons: number;
  train: number;
  test: number;
  assign?: number;
  epochs: number;
  synapse: SynapseKind;
  preset?: string;
  device: string[];
  seed: number;
  out?: string;
  resume?: boolean;
  delays?: boolean;
  checkpointEvery: number;
  window: number;
  json?: boolean;
}

/** What the run folder's checkpoint holds besides the trainer state. */
interface RunCheckpoint {
  args: { synapse: SynapseKind; preset: string | null; device: Record<string, number>; test: number; assign: number };
  trainer: TrainerState;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function weightsHash(w: Float64Array): string {
  return createHash('sha256').update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength)).digest('hex').slice(0, 16);
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train the Diehl & Cook STDP network on MNIST (unsupervised), on ideal or SOT synapses')
    .argument('<dataset>', 'mnist')
    .option('--neurons <n>', 'excitatory (= inhibitory) neurons', intArg(1, 10_000), 100)
    .option('--train <n>', 'training samples per epoch (the first n of the 60k, shuffled per epoch)', intArg(1, 60_000), 60_000)
    .option('--test <n>', 'test samples (the first n of the 10k test set)', intArg(1, 10_000), 10_000)
    .option('--assign <n>', 'training samples whose responses assign the neuron labels (default min(train, 10000))', intArg(1, 60_000))
    .option('--epochs <n>', 'passes over the training samples', intArg(1, 1000), 1)
    .addOption(new Option('--synapse <kind>', 'plastic synapses: CMOS float, multi-level SOT, binary stochastic SOT').choices([...SYNAPSE_KINDS]).default('ideal'))
    .option('--preset <name>', 'device preset (sot: hsin2025, compound4-acsami2024, neurosim-realdevice, ideal-limit; sot-binary: li2023-joule, imec-sot-mram)')
    .option('--device <name=value>', 'device parameter override, repeatable (e.g. --device c2c=0.05 --device states=32)', collect, [])
    .option('--seed <n>', 'seed of weights, input spikes, device variation and sample order', intArg(0, 2 ** 31 - 1), 1)
    .option('--delays', 'Diehl & Cook input delays (uniform 0–10 ms on the dt grid); slower')
    .option('--checkpoint-every <n>', 'write the checkpoint every n training samples', intArg(1), 1000)
    .option('--window <n>', 'running accuracy: labels from the previous n samples predict the next n', intArg(10), 1000)
    .option('--out <dir>', 'run folder (default runs/train-mnist-<time>)')
    .option('--resume', 'continue the checkpoint in --out (bit for bit as if never interrupted)')
    .option('--json', 'print exactly one JSON line (progress goes to stderr on a terminal)')
    .action(async (dataset: string, opts: TrainOpts) => {
      if (dataset !== 'mnist') throw new TrainArgError(`spinsnn train knows the dataset "mnist", got "${dataset}"`);
      await trainMnist(opts);
    });

  program
    .command('eval')
    .description('evaluate a trained run folder (labels from training responses, accuracy on the test set)')
    .requiredOption('--run <dir>', 'run folder written by spinsnn train')
    .option('--test <n>', 'test samples', intArg(1, 10_000))
    .option('--assign <n>', 'training samples for label assignment', intArg(1, 60_000))
    .option('--json', 'print exactly one JSON line')
    .action(async (opts: { run: string; test?: number; assign?: number; json?: boolean }) => {
      const path = join(resolve(opts.run), 'checkpoint.json');
      if (!existsSync(path)) throw new TrainArgError(`${opts.run} has no checkpoint.json: pass a folder written by spinsnn train`);
      const ck = readState<RunCheckpoint>(path);
      const trainSet = mnistSampleSet(loadMnist('train'));
      const testSet = mnistSampleSet(loadMnist('test'));
      const tr = new DiehlCookTrainer(ck.trainer.config, ck.trainer.options, trainSet, ck.trainer);
      const test = opts.test ?? ck.args.test;
      const assign = opts.assign ?? ck.args.assign;
      const progress = new Progress('eval', !opts.json && process.stderr.isTTY === true);
      const e0 = synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests);
      const ev = evaluateDiehlCook(tr.dc, trainSet, assign, testSet, test, (phase, k) => progress.update(phase === 'assign' ? (0.5 * k) / assign : 0.5 + (0.5 * k) / test, phase));
      progress.done();
      const inf = energyDelta(e0, synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests));
      const out = {
        run: resolve(opts.run), neurons: tr.config.neurons, synapse: ck.args.synapse, trainedSamples: tr.done, assignSamples: assign, testSamples: test,
        accuracy: ev.accuracy, energyPerInferenceJ: inf.energyJ / (assign + test), weightsHash: weightsHash(tr.dc.weights), wallS: round(ev.wallS),
      };
      if (opts.json) process.stdout.write(JSON.stringify(out) + '\n');
      else process.stdout.write(`accuracy ${(ev.accuracy * 100).toFixed(2)} % on ${test} test samples (labels from ${assign} training samples)\n`);
    });

  registerSweep(program);
}

async function trainMnist(opts: TrainOpts): Promise<void> {
  const dir = runFolder('train-mnist', opts.out);
  const ckPath = join(dir, 'checkpoint.json');
  const metricsPath = join(dir, 'metrics.jsonl');
  const trainSet = mnistSampleSet(loadMnist('train'));
  const testSet = mnistSampleSet(loadMnist('test'));
  let ck: RunCheckpoint | null = null;
  if (opts.resume) {
    if (!existsSync(ckPath)) throw new TrainArgError(`--resume: ${dir} has no checkpoint.json (pass the --out folder of the interrupted run)`);
    ck = readState<RunCheckpoint>(ckPath);
  } else if (existsSync(ckPath)) {
    throw new TrainArgError(`${dir} already holds a run (checkpoint.json): pass --resume to continue it, or another --out`);
  }
  let config: DiehlCookConfig;
  let options: DcTrainOptions;
  let args: RunCheckpoint['args'];
  if (ck) {
    config = ck.trainer.config;
    options = ck.trainer.options;
    args = ck.args;
  } else {
    const device = parseDeviceParams(opts.device);
    const choice = synapseChoice(opts.synapse, opts.preset, device);
    config = { ...diehlCookDefaults(opts.neurons), seed: opts.seed, synapse: choice.synapse, pulseLevels: choice.pulseLevels, delays: opts.delays === true };
    options = { epochs: opts.epochs, trainSamples: opts.train, window: Math.min(opts.window, opts.train) };
    args = { synapse: opts.synapse, preset: opts.preset ?? null, device, test: opts.test, assign: opts.assign ?? Math.min(opts.train, 10_000) };
    writeFileAtomic(join(dir, 'config.json'), JSON.stringify({ command: 'train mnist', args, config, options, resolvedDevice: choice.params }, null, 2) + '\n');
  }
  // metrics after the checkpoint belong to the interrupted attempt: drop them on resume
  const doneAtStart = ck ? ck.trainer.done : 0;
  const kept = existsSync(metricsPath)
    ? readFileSync(metricsPath, 'utf8').split('\n').filter((l) => l && (JSON.parse(l) as { done: number }).done <= doneAtStart)
    : [];
  const metrics: string[] = kept;
  const flushMetrics = () => writeFileAtomic(metricsPath, metrics.join('\n') + (metrics.length ? '\n' : ''));

  const tr = new DiehlCookTrainer(config, options, trainSet, ck?.trainer);
  const save = () => writeFileAtomic(ckPath, encodeState({ args, trainer: tr.state() } satisfies RunCheckpoint));
  const progress = new Progress('train', !opts.json && process.stderr.isTTY === true);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let seenHistory = tr.history.length;
  while (tr.step()) {
    const p = tr.progress();
    if (tr.history.length > seenHistory) {
      seenHistory = tr.history.length;
      metrics.push(JSON.stringify({ done: tr.done, epoch: p.epoch, runningAccuracy: p.runningAccuracy, samplesPerS: round(p.samplesPerS) }));
    }
    if (tr.done % 50 === 0) progress.update(tr.done / tr.total, `${tr.done}/${tr.total} ${p.samplesPerS.toFixed(1)} samples/s, running acc ${Number.isNaN(p.runningAccuracy) ? '–' : (p.runningAccuracy * 100).toFixed(1) + ' %'}`);
    if (tr.done % options.trainSamples === 0 || tr.done % opts.checkpointEvery === 0) {
      save();
      flushMetrics();
    }
  }
  save();
  flushMetrics();
  progress.done();
  const trainWallS = (performance.now() - wall0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const trained = tr.done - doneAtStart;
  const eTrain = synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests);

  const evalProgress = new Progress('eval', !opts.json && process.stderr.isTTY === true);
  const ev: EvalResult = evaluateDiehlCook(tr.dc, trainSet, args.assign, testSet, args.test, (phase, k) =>
    evalProgress.update(phase === 'assign' ? (0.5 * k) / args.assign : 0.5 + (0.5 * k) / args.test, phase),
  );
  evalProgress.done();
  const eInf = energyDelta(eTrain, synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests));
  const nInf = args.assign + args.test;

  writeFileAtomic(join(dir, 'receptive-fields.png'), receptiveFieldsPng(tr.dc.weights, config.inputs, config.neurons, 28, 28, config.wMax));
  writeFileAtomic(join(dir, 'confusion.json'), JSON.stringify({ rows: 'true class', cols: 'predicted class (column 10: no neuron fired)', matrix: ev.confusion }) + '\n');
  await writePlot(join(dir, 'confusion.svg'), confusionSpec(ev.confusion, `confusion matrix, accuracy ${(ev.accuracy * 100).toFixed(2)} %`));
  const energy = {
    note: 'synaptic energy of the plastic input→excitatory synapses (device reads per synaptic event + writes); cmos: the same events and updates on 45 nm FP32 SRAM (Horowitz 2014)',
    training: { samples: tr.done, ...eTrain, perSampleJ: eTrain.energyJ / tr.done, cmosPerSampleJ: eTrain.cmosJ / tr.done },
    inference: { samples: nInf, ...eInf, perSampleJ: eInf.energyJ / nInf, cmosPerSampleJ: eInf.cmosJ / nInf },
    ledger: tr.dc.net.ledger.priced(),
  };
  writeFileAtomic(join(dir, 'energy.json'), JSON.stringify(energy, null, 2) + '\n');
  const summary = {
    neurons: config.neurons,
    synapse: args.synapse,
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
  metrics.push(JSON.stringify({ done: tr.done, final: true, accuracy: ev.accuracy }));
  flushMetrics();
  writeFileAtomic(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    process.stdout.write(
      `accuracy ${(ev.accuracy * 100).toFixed(2)} % (${config.neurons} neurons, ${args.synapse}, ${options.epochs} epoch(s) × ${options.trainSamples}, test ${args.test})\n` +
        `training ${summary.samplesPerS} samples/s; synaptic energy ${eTrain.energyJ / tr.done} J per training sample, ${eInf.energyJ / nInf} J per inference\n` +
        `run folder: ${dir}\n`,
    );
  }
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
