/**
 * The parts of `spinsnn demo`, each a small run of the library functions behind one of the CLI's
 * own commands (baseline mnist, train mnist, ising maxcut, device, the CUBA benchmark), sized so
 * the whole showcase finishes in a few minutes on two cores. Node-only (reads MNIST and Gset
 * files, trains TF.js).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Network, brette2007Spec, type NetworkSpec, type RateMonitor } from '@spinsnn/core';
import { characteriseDevice, type Characterisation } from '@spinsnn/backends';
import { mnistSubset, type MnistSet } from '@spinsnn/datasets';
import { loadMnist, readGset } from '@spinsnn/datasets/node';
import { DiehlCookTrainer, bestKnownCut, diehlCookDefaults, evaluateDiehlCook, prepareMaxCut, runMaxCut, type WeightedGraph } from '@spinsnn/learning';
import { mnistSampleSet, receptiveFieldsPng, synapseChoice, synapseEnergy } from '@spinsnn/learning/node';
import { initTf, mnistClassificationData, mnistMlp, trainClassifier, evaluateClassifier } from '@spinsnn/learning/tfjs';

/** Sizes of the MNIST parts. */
export interface MnistSizes {
  train: number;
  test: number;
  neurons: number;
  seed: number;
}

/** The first `n` samples of a split (the spiking trainer also takes the first n, so both see the same digits). */
export function firstSamples(split: 'train' | 'test', n: number): MnistSet {
  const set = loadMnist(split);
  return n >= set.count
    ? set
    : mnistSubset(
        set,
        Int32Array.from({ length: n }, (_, i) => i),
      );
}

/** Result of the TF.js MLP part. */
export interface MlpResult {
  model: string;
  backend: string;
  epochs: number;
  trainSamples: number;
  testSamples: number;
  accuracy: number;
  trainS: number;
  params: number;
}

/** Epochs of the demo's MLP on 1,000 samples (its test accuracy stops rising there). */
export const DEMO_MLP_EPOCHS = 15;

/** TF.js MLP (784-256-10, as `spinsnn baseline mnist --model mlp`) on the first samples. */
export async function mlpPart(s: MnistSizes, onProgress: (f: number) => void): Promise<MlpResult> {
  const tf = await initTf('auto');
  const train = mnistClassificationData(firstSamples('train', s.train), 'flat');
  const test = mnistClassificationData(firstSamples('test', s.test), 'flat');
  const model = mnistMlp({ seed: s.seed });
  const reports = await trainClassifier(model, train, {
    epochs: DEMO_MLP_EPOCHS,
    batchSize: 64,
    seed: s.seed,
    learningRate: 1e-3,
    lrDecay: 0.9,
    classes: 10,
    onBatch: (e, b, n) => onProgress(((e - 1) * n + b) / (DEMO_MLP_EPOCHS * n)),
  });
  const ev = evaluateClassifier(model, test, 10);
  const out = {
    model: 'MLP 784-256-10 (TF.js)',
    backend: tf.backend,
    epochs: DEMO_MLP_EPOCHS,
    trainSamples: train.count,
    testSamples: test.count,
    accuracy: ev.accuracy,
    trainS: reports.reduce((a, r) => a + r.trainS, 0),
    params: model.countParams(),
  };
  model.dispose();
  return out;
}

/** Result of one spiking (Diehl & Cook STDP) part. */
export interface SnnResult {
  synapse: string;
  preset: string | null;
  neurons: number;
  trainSamples: number;
  testSamples: number;
  accuracy: number;
  trainSamplesPerS: number;
  trainS: number;
  evalS: number;
  /** Energy of the plastic synapses per training sample as priced by the device (J). */
  energyPerTrainSampleJ: number;
  /** The same events priced as 45 nm CMOS SRAM (J). */
  cmosPerTrainSampleJ: number;
  receptiveFields: Uint8Array;
}

/** Diehl & Cook STDP network on one synapse model (as `spinsnn train mnist --synapse …`). */
export function snnPart(s: MnistSizes, synapse: string, preset: string | undefined, onProgress: (f: number) => void): SnnResult {
  const choice = synapseChoice(synapse, preset);
  const cfg = { ...diehlCookDefaults(s.neurons), seed: s.seed, synapse: choice.synapse };
  const trainSet = mnistSampleSet(firstSamples('train', s.train));
  const testSet = mnistSampleSet(firstSamples('test', s.test));
  const tr = new DiehlCookTrainer(cfg, { epochs: 1, trainSamples: s.train, window: Math.min(1000, s.train) }, trainSet);
  const t0 = performance.now();
  while (tr.step()) if (tr.done % 10 === 0) onProgress((0.6 * tr.done) / tr.total);
  const trainS = (performance.now() - t0) / 1000;
  const e = synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests ?? 0);
  const assign = s.train;
  const ev = evaluateDiehlCook(tr.dc, trainSet, assign, testSet, s.test, (phase, k) => {
    if (k % 10 === 0) onProgress(0.6 + (phase === 'assign' ? (0.2 * k) / assign : 0.2 + (0.2 * k) / s.test));
  });
  return {
    synapse: choice.device,
    preset: preset ?? null,
    neurons: s.neurons,
    trainSamples: tr.total,
    testSamples: s.test,
    accuracy: ev.accuracy,
    trainSamplesPerS: tr.total / trainS,
    trainS,
    evalS: ev.wallS,
    energyPerTrainSampleJ: e.energyJ / tr.total,
    cmosPerTrainSampleJ: e.cmosJ / tr.total,
    receptiveFields: receptiveFieldsPng(tr.dc.weights, cfg.inputs, cfg.neurons, 28, 28, cfg.wMax, 3),
  };
}

/** Result of the p-bit max-cut part. */
export interface MaxCutResult {
  graph: string;
  nodes: number;
  edges: number;
  sweeps: number;
  runs: number;
  bestCut: number;
  cuts: number[];
  bestKnown: number | null;
  wallS: number;
  traces: { run: number; trace: readonly (readonly [number, number])[] }[];
}

/** p-bit annealing (sequential Gibbs sampler, linear β 0.1 → 3) on a Gset graph, as `spinsnn ising maxcut`. */
export function maxCutPart(file: string, o: { sweeps: number; runs: number; seed: number }): MaxCutResult {
  const g = readGset(file);
  const graph: WeightedGraph = { nodes: g.n, from: g.src, to: g.dst, weight: g.weight };
  const readme = join(dirname(file), 'README.md');
  const bestKnown = existsSync(readme) ? bestKnownCut(readFileSync(readme, 'utf8'), g.name) : null;
  const inst = prepareMaxCut(graph, 'sequential');
  const cfg = { sampler: 'sequential' as const, sweeps: o.sweeps, schedule: { kind: 'linear' as const, beta0: 0.1, beta1: 3 }, seed: o.seed, tracePoints: 100 };
  const t0 = performance.now();
  const runs = Array.from({ length: o.runs }, (_, k) => runMaxCut(inst, cfg, k));
  return {
    graph: g.name,
    nodes: g.n,
    edges: g.m,
    sweeps: o.sweeps,
    runs: o.runs,
    bestCut: Math.max(...runs.map((r) => r.cut)),
    cuts: runs.map((r) => r.cut),
    bestKnown,
    wallS: (performance.now() - t0) / 1000,
    traces: runs.map((r) => ({ run: r.run, trace: r.trace })),
  };
}

/** A device characterisation, as `spinsnn device <id> --preset … --json`. */
export function devicePart(id: string, preset: string | undefined, seed: number): Characterisation {
  return characteriseDevice(id, { preset, seed });
}

/** Result of the CUBA part. */
export interface CubaResult {
  neurons: number;
  synapses: number;
  durationS: number;
  spikes: number;
  meanRateHz: number;
  synapticEvents: number;
  wallS: number;
  eventsPerS: number;
  raster: { t: number; i: number; group: string }[];
  rates: { x: number; y: number; series: string }[];
}

/** The CUBA benchmark network's spec (Brette et al. 2007) with 5 ms rate monitors on both populations. */
export function cubaSpec(o: { neurons: number; seed: number }): NetworkSpec {
  const spec = brette2007Spec('cuba', { neurons: o.neurons, seed: o.seed });
  spec.monitors!.push({ type: 'rate', population: 'exc', bin: 5e-3 }, { type: 'rate', population: 'inh', bin: 5e-3 });
  return spec;
}

/** What a finished CUBA run shows: spikes, synaptic events, the raster of its first 400 neurons and the population rates. */
export interface CubaFigures {
  spikes: number;
  /** Spikes of the inhibitory population. */
  inhSpikes: number;
  synapticEvents: number;
  /** Excitatory and inhibitory neurons in the raster (the first 320 and 80). */
  shownE: number;
  shownI: number;
  raster: { t: number; i: number; group: string }[];
  rates: { x: number; y: number; series: string }[];
}

/** The figures of a CUBA network (from `cubaSpec`) after `duration` simulated seconds. */
export function cubaFigures(net: Network, neurons: number, duration: number): CubaFigures {
  const exc = net.spikes('exc'),
    inh = net.spikes('inh');
  const nE = net.population('exc').size;
  const events = net.ledger
    .rows()
    .filter((r) => r.op === 'synapticEvent')
    .reduce((s, r) => s + r.count, 0);
  // raster of the first 400 neurons (80 % exc, 20 % inh), all their spikes: readable and light
  const shownE = Math.min(nE, 320),
    shownI = Math.min(neurons - nE, 80);
  const raster: CubaResult['raster'] = [];
  for (let k = 0; k < exc.count; k++) if (exc.indices[k] < shownE) raster.push({ t: exc.times[k], i: exc.indices[k], group: 'excitatory' });
  for (let k = 0; k < inh.count; k++) if (inh.indices[k] < shownI) raster.push({ t: inh.times[k], i: inh.indices[k] + shownE, group: 'inhibitory' });
  const rate = (name: string, m: RateMonitor) => Array.from(m.rates(duration), (y, b) => ({ x: (b + 0.5) * m.bin, y, series: name }));
  const rates = [...net.rateMonitors.entries()].flatMap(([n, m]) => rate(n.replace('rate:', ''), m));
  return { spikes: exc.count + inh.count, inhSpikes: inh.count, synapticEvents: events, shownE, shownI, raster, rates };
}

/** The CUBA benchmark network (Brette et al. 2007) with a raster of its first 400 neurons. */
export function cubaPart(o: { neurons: number; duration: number; seed: number }): CubaResult {
  const net = new Network(cubaSpec(o));
  const t0 = performance.now();
  net.run(o.duration);
  const wallS = (performance.now() - t0) / 1000;
  const f = cubaFigures(net, o.neurons, o.duration);
  return {
    neurons: o.neurons,
    synapses: net.synapseCount(),
    durationS: o.duration,
    spikes: f.spikes,
    meanRateHz: f.spikes / o.neurons / o.duration,
    synapticEvents: f.synapticEvents,
    wallS,
    eventsPerS: f.synapticEvents / wallS,
    raster: f.raster,
    rates: f.rates,
  };
}
