import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadMnist } from '@spinsnn/datasets/node';
import { DataError, Rng, registeredModels } from '@spinsnn/core';
import {
  KernelSnnRunner,
  encodeBatch,
  inputCoding,
  resolveHardware,
  spikeStepsOf,
  type DeployOptions,
  type InputCoding,
  type SnnParams,
  type IfCnn,
  type LayeredSnn,
  cnnLayered,
  dyadicCnn,
} from '@spinsnn/learning';
import { readState } from '@spinsnn/learning/node';
import { TfIfCnn, initTf, mnistClassificationData, type ClassificationData } from '@spinsnn/learning/tfjs';
import { loadFsddSnn } from './fsdd-snn.js';
import { RunFolder } from '../run-folder.js';
import { kernelCheck, kernelCheckOf } from './train-snn.js';
import { ArgumentError, intArg, numArg, parseDeviceParams, round } from '../util.js';

/**
 * `spinsnn deploy`: a trained spiking MLP (the model.json or checkpoint.json of
 * `spinsnn train mnist --method surrogate`) exported as a kernel NetworkSpec whose projections are
 * registered synapse devices (differential pairs), programmed by program-and-verify, and run on
 * the event-driven kernel: accuracy, spikes and synaptic events per sample, latency, energy per
 * inference from the ledger next to the `ideal/float` CMOS reference, and accuracy under
 * retention; device rows are mean ± sd over --instances chips (docs/supervised-snn.md §5).
 */
interface DeployOpts {
  run: string;
  synapse: string;
  preset?: string;
  device: string[];
  instances: number;
  test: number;
  tolerance: number;
  maxWrites: number;
  verify: boolean;
  retention?: string;
  seed: number;
  kernelCheck: number;
  data?: string;
  out?: string;
  force?: boolean;
  json?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** Reads model.json (or a checkpoint.json) of a surrogate run. */
export function readTrainedSnn(dir: string): {
  /** A spiking MLP / recurrent network, or a converted CNN in layered form (explicit synapses). */
  params: SnnParams | LayeredSnn;
  /** The converted CNN itself (for its TF.js simulation), when the run is one. */
  cnn?: IfCnn;
  coding: InputCoding;
  source: string;
  dataset: 'mnist' | 'fsdd';
  fsdd: { split: string; features: string; bands: number; range: number } | null;
} {
  const file = existsSync(join(dir, 'model.json')) ? join(dir, 'model.json') : join(dir, 'checkpoint.json');
  if (!existsSync(file))
    throw new ArgumentError('--run', `${dir} holds no model.json or checkpoint.json (pass the run folder of spinsnn train mnist --method surrogate)`);
  const m = readState<
    Partial<SnnParams> &
      Partial<IfCnn> & { format?: string; coding?: string; dataset?: string; fsdd?: { split: string; features: string; bands: number; range: number } }
  >(file);
  if (m?.format === 'spinsnn-if-cnn-model') {
    if (!Array.isArray(m.layers) || typeof m.timesteps !== 'number') throw new DataError(file, 'a converted-CNN model without layers or timesteps');
    const cnn = { layers: m.layers, timesteps: m.timesteps };
    return { params: cnnLayered(cnn), cnn, coding: 'direct', source: file, dataset: 'mnist', fsdd: null };
  }
  if (
    (m?.format !== 'spinsnn-snn-model' && m?.format !== 'spinsnn-surrogate-checkpoint') ||
    !m.config ||
    !Array.isArray(m.weights) ||
    !Array.isArray(m.betas)
  ) {
    throw new DataError(file, 'not a model or checkpoint of spinsnn train mnist --method surrogate');
  }
  const cfgArgs = existsSync(join(dir, 'config.json'))
    ? (readState<{ args?: { dataset?: string; split?: string; features?: string; bands?: number; range?: number } }>(join(dir, 'config.json')).args ?? {})
    : {};
  const dataset = (m.dataset ?? cfgArgs.dataset) === 'fsdd' ? ('fsdd' as const) : ('mnist' as const);
  const fsdd =
    m.fsdd ??
    (dataset === 'fsdd'
      ? { split: cfgArgs.split ?? 'official', features: cfgArgs.features ?? 'logmel', bands: cfgArgs.bands ?? 32, range: cfgArgs.range ?? 8 }
      : null);
  let coding: InputCoding = 'direct';
  if (m.coding) coding = inputCoding(m.coding);
  else {
    const cfg = join(dir, 'config.json');
    if (existsSync(cfg)) coding = inputCoding(readState<{ args?: { coding?: string } }>(cfg).args?.coding ?? 'direct');
  }
  return {
    params: {
      config: m.config,
      weights: m.weights,
      betas: m.betas,
      ...(m.biases ? { biases: m.biases } : {}),
      ...(m.recurrent ? { recurrent: m.recurrent } : {}),
    },
    coding,
    source: file,
    dataset,
    fsdd,
  };
}

/** The TF.js ↔ kernel cross-check of an MLP (`kernelCheck`) or of a converted CNN (its IF simulation), with ideal dyadic weights. */
function idealCrossCheck(params: SnnParams | LayeredSnn, cnn: IfCnn | undefined, test: ClassificationData, coding: InputCoding, n: number) {
  if (cnn) {
    const q = dyadicCnn(cnn);
    return kernelCheckOf(new TfIfCnn(q), new KernelSnnRunner(cnnLayered(q)), test, coding, 1, n, 25);
  }
  if ('matrices' in params) throw new ArgumentError('--kernel-check', 'a layered network without its TF.js form cannot be cross-checked');
  return kernelCheck(params, test, coding, 1, n);
}

const meanSd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean: m, sd };
};

/** The test set a trained network is deployed on: MNIST's 10k, or the FSDD split it was trained for, encoded as in training. */
export function deployTestData(
  dataset: 'mnist' | 'fsdd',
  fsdd: { split: string; features: string; bands: number; range: number } | null,
  timesteps: number,
  data?: string,
): ClassificationData {
  if (dataset === 'mnist') return mnistClassificationData(loadMnist('test'), 'flat');
  const f = fsdd ?? { split: 'official', features: 'logmel', bands: 32, range: 8 };
  return loadFsddSnn({ data, split: f.split, features: f.features as 'logmel', bands: f.bands, frames: timesteps, rangeNats: f.range }).test;
}

/** One pass of `n` test samples through a runner. */
function evaluate(runner: KernelSnnRunner, x: Float32Array, y: Uint8Array, n: number, coding: InputCoding, seed: number) {
  const c = runner.config,
    T = c.timesteps,
    nIn = c.sizes[0],
    B = 100;
  const xb = new Float32Array(T * B * nIn);
  let correct = 0,
    events = 0,
    spikes = 0,
    latency = 0,
    wallS = 0,
    cpuS = 0;
  const e0 = runner.net.ledger.totalJ();
  for (let s0 = 0; s0 < n; s0 += B) {
    const nb = Math.min(B, n - s0);
    // the same input spikes as the TF.js evaluation of the training run (evaluateSnn's streams)
    encodeBatch(
      coding,
      x,
      nIn,
      Int32Array.from({ length: nb }, (_, k) => s0 + k),
      T,
      new Rng(seed, 0x30000 + s0),
      xb,
    );
    for (let b = 0; b < nb; b++) {
      const { indices, steps } = spikeStepsOf(xb, T, nb, nIn, b);
      const w0 = performance.now(),
        c0 = process.cpuUsage();
      const r = runner.infer(indices, steps);
      const cu = process.cpuUsage(c0);
      wallS += (performance.now() - w0) / 1000;
      cpuS += (cu.user + cu.system) / 1e6;
      if (r.prediction === y[s0 + b]) correct++;
      events += r.synapticEvents;
      spikes += r.spikes.reduce((a, v) => a + v, 0) + indices.length;
      latency += r.latencyS;
    }
  }
  return {
    accuracy: correct / n,
    synapticEventsPerSample: events / n,
    spikesPerSample: spikes / n,
    latencyS: latency / n,
    energyPerInferenceJ: (runner.net.ledger.totalJ() - e0) / n,
    samplesPerS: n / wallS,
    cpuSamplesPerS: n / cpuS,
  };
}

/** One device instance's figures. */
type InstanceRow = ReturnType<typeof evaluate> & {
  seed: number;
  programming: { devices: number; withinTolerance: number; writesPerDevice: number; rmsError: number; energyJ: number } | null;
  retention: { idleS: number; accuracy: number }[];
};

/** Options of `deployInstances`. */
export interface DeployRunOptions {
  synapse: { device: string; preset?: string; params?: Record<string, number> };
  program?: { tolerance: number; maxWrites: number };
  instances: number;
  test: number;
  seed: number;
  retention: number[];
  /** Also run the ideal/float CMOS reference (default true; sweeps run it as their own row). */
  reference?: boolean;
  onInstance?: (k: number, ev: ReturnType<typeof evaluate>) => void;
}

/**
 * Deploys `params` onto `instances` device instances (seeds seed … seed + instances − 1), runs
 * the first `test` samples on each (then after each retention time), and the ideal/float CMOS
 * reference once; returns every instance and the mean ± sd summary.
 */
export function deployInstances(
  params: SnnParams | LayeredSnn,
  coding: InputCoding,
  test: { x: Float32Array; y: Uint8Array; count: number },
  o: DeployRunOptions,
) {
  const n = Math.min(o.test, test.count);
  const instances: InstanceRow[] = [];
  for (let k = 0; k < o.instances; k++) {
    const d: DeployOptions = { synapse: o.synapse, seed: o.seed + k, ...(o.program ? { program: o.program } : {}) };
    const runner = new KernelSnnRunner(params, d);
    const ev = evaluate(runner, test.x, test.y, n, coding, 1);
    const prog = runner.programming;
    const devices = prog.reduce((a, p) => a + p.devices, 0);
    const ret: { idleS: number; accuracy: number }[] = [];
    let idle = 0;
    for (const t of o.retention) {
      runner.relax(t - idle);
      idle = t;
      ret.push({ idleS: t, accuracy: evaluate(runner, test.x, test.y, n, coding, 1).accuracy });
    }
    instances.push({
      seed: o.seed + k,
      ...ev,
      programming: o.program
        ? {
            devices,
            withinTolerance: prog.reduce((a, p) => a + p.withinTolerance, 0) / devices,
            writesPerDevice: prog.reduce((a, p) => a + p.writes, 0) / devices,
            rmsError: Math.sqrt(prog.reduce((a, p) => a + p.rmsError * p.rmsError * p.devices, 0) / devices),
            energyJ: prog.reduce((a, p) => a + p.energyJ, 0),
          }
        : null,
      retention: ret,
    });
    o.onInstance?.(k, ev);
  }
  const ref = o.reference === false ? null : evaluate(new KernelSnnRunner(params, { synapse: { device: 'ideal/float' } }), test.x, test.y, n, coding, 1);
  const agg = (f: (i: InstanceRow) => number) => {
    const r = meanSd(instances.map(f));
    return { mean: round(r.mean), sd: round(r.sd) };
  };
  const summary = {
    testSamples: n,
    instances: instances.length,
    verify: o.program ?? null,
    accuracy: agg((i) => i.accuracy),
    energyPerInferenceJ: agg((i) => i.energyPerInferenceJ),
    latencyS: agg((i) => i.latencyS),
    synapticEventsPerSample: agg((i) => i.synapticEventsPerSample),
    spikesPerSample: agg((i) => i.spikesPerSample),
    samplesPerS: agg((i) => i.samplesPerS),
    cpuSamplesPerS: agg((i) => i.cpuSamplesPerS),
    programming: o.program
      ? {
          withinTolerance: agg((i) => i.programming!.withinTolerance),
          writesPerDevice: agg((i) => i.programming!.writesPerDevice),
          rmsError: agg((i) => i.programming!.rmsError),
          energyJ: agg((i) => i.programming!.energyJ),
        }
      : null,
    retention: o.retention.map((d, j) => ({ idleS: d, accuracy: agg((i) => i.retention[j].accuracy) })),
    cmosReference: ref && {
      synapse: 'ideal/float',
      accuracy: ref.accuracy,
      energyPerInferenceJ: ref.energyPerInferenceJ,
      latencyS: ref.latencyS,
      synapticEventsPerSample: ref.synapticEventsPerSample,
      samplesPerS: round(ref.samplesPerS),
      cpuSamplesPerS: round(ref.cpuSamplesPerS),
    },
  };
  return { instances, summary, ref };
}

/** Registers `spinsnn deploy`. */
export function registerDeploy(program: Command): void {
  program
    .command('deploy')
    .description(
      'run a surrogate-trained spiking MLP on the event kernel with its weights programmed into synapse devices (differential pairs, program-and-verify)',
    )
    .requiredOption('--run <dir>', 'run folder of spinsnn train mnist --method surrogate (its model.json, or checkpoint.json)')
    .option(
      '--synapse <id>',
      `synapse device: ${registeredModels({ kind: 'synapse' })
        .map((m) => m.id)
        .join(', ')}`,
      'sot/multilevel',
    )
    .option('--preset <name>', 'preset of the device (e.g. sot/multilevel: hsin2025; mram/stt: jung2022)')
    .option('--device <name=value>', 'device parameter override, repeatable (e.g. --device readNoise=0.02)', collect, [])
    .option('--instances <n>', 'device instances (chips, each its own seed for variation and faults)', intArg(1, 100), 5)
    .option('--test <n>', 'test samples (the first n of the 10k MNIST test set, or of the FSDD test split of an fsdd run)', intArg(1, 10_000), 1000)
    .option('--data <dir>', 'FSDD clone (fsdd runs; default: the configured datasets folder)')
    .option('--tolerance <f>', 'program-and-verify: accept |read − target| ≤ f × weight range', numArg({ positive: true, max: 1 }), 0.05)
    .option('--max-writes <n>', 'program-and-verify: write attempts per device', intArg(1, 10_000), 20)
    .option('--no-verify', 'skip program-and-verify: the store maps the weights onto its levels directly (no write noise)')
    .option('--retention <seconds>', 'also evaluate after idle times, comma-separated cumulative seconds (e.g. 1,86400,31536000)')
    .option('--seed <n>', 'seed of instance 1 (instance k uses seed + k − 1)', intArg(0, 2 ** 31 - 1), 1)
    .option(
      '--kernel-check <n>',
      'also run n test samples through TF.js and the kernel (ideal weights) and count identical spike trains and predictions',
      intArg(0, 10_000),
      0,
    )
    .option('--out <dir>', 'run folder (default runs/deploy-<time>)')
    .option('--force', 'write into a non-empty --out')
    .option('--json', 'print exactly one JSON line')
    .addHelpText('after', '\nExample:\n  spinsnn deploy --run runs/my-surrogate-run --synapse sot/multilevel --preset hsin2025 --instances 5 --test 1000')
    .action(async (opts: DeployOpts) => {
      const runDir = resolve(opts.run);
      const { params, cnn, coding, source, dataset, fsdd } = readTrainedSnn(runDir);
      const device = parseDeviceParams(opts.device);
      const hw = resolveHardware(opts.synapse, opts.preset, device);
      const retention = opts.retention ? opts.retention.split(',').map((s) => Number(s)) : [];
      if (!retention.every((d, k) => d > 0 && Number.isFinite(d) && (k === 0 || d > retention[k - 1])))
        throw new ArgumentError('--retention', `increasing idle times in seconds > 0, comma-separated (e.g. 1,86400,31536000), got "${opts.retention}"`);
      const out = new RunFolder('deploy', { out: opts.out, json: opts.json });
      out.prepare({ force: opts.force });
      const test = deployTestData(dataset, fsdd, params.config.timesteps, opts.data);
      const program = opts.verify ? { tolerance: opts.tolerance, maxWrites: opts.maxWrites } : undefined;
      const synapse = { device: hw.device, ...(opts.preset ? { preset: opts.preset } : {}), ...(opts.device.length ? { params: device } : {}) };
      const progress = out.progress('deploy');
      const {
        instances,
        summary: s0,
        ref,
      } = deployInstances(params, coding, test, {
        synapse,
        program,
        instances: opts.instances,
        test: opts.test,
        seed: opts.seed,
        retention,
        onInstance: (k, ev) => {
          progress.update((k + 1) / (opts.instances + 1), `instance ${k + 1}/${opts.instances}`);
          if (!opts.json) out.log(`instance ${k + 1}: accuracy ${(ev.accuracy * 100).toFixed(2)} %, ${round(ev.samplesPerS)} samples/s`);
        },
      });
      progress.done();
      const n = s0.testSamples;
      const summary = {
        model: source,
        sizes: params.config.sizes,
        timesteps: params.config.timesteps,
        coding,
        synapse: hw.device,
        preset: hw.preset,
        deviceParams: device,
        hardware: {
          levels: hw.levels,
          onOff: hw.onOff,
          programSigma: hw.programSigma,
          d2dRange: hw.d2dRange,
          readNoise: hw.readNoise,
          stuckAtMin: hw.stuckAtMin,
          stuckAtMax: hw.stuckAtMax,
        },
        ...s0,
        kernelCheck: opts.kernelCheck > 0 ? (await initTf('auto'), idealCrossCheck(params, cnn, test, coding, opts.kernelCheck)) : null,
        runDir: out.dir,
      };
      out.writeJson('instances.json', instances);
      out.writeSummary(summary);
      out.finish(
        summary,
        () =>
          `${hw.device}${hw.preset ? ' ' + hw.preset : ''}: accuracy ${(summary.accuracy.mean * 100).toFixed(2)} ± ${(summary.accuracy.sd * 100).toFixed(2)} % over ${instances.length} instances (${n} test samples); ` +
          `energy ${summary.energyPerInferenceJ.mean} J per inference (CMOS ideal/float ${ref!.energyPerInferenceJ} J, accuracy ${(ref!.accuracy * 100).toFixed(2)} %)\nrun folder: ${out.dir}`,
      );
    });
}
