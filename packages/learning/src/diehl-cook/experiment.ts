import { getModel, resolveModelParams, type SynapseSpec, type ParamValues, type EnergyLedger, type PlasticitySpec } from '@spinsnn/core';
import { CMOS_45NM_PRICES } from '@spinsnn/backends';
import { mnistImage, type MnistSet } from '@spinsnn/datasets';
import { loadMnist } from '@spinsnn/datasets/node';
import { diehlCookDefaults, type DiehlCookConfig } from './network.js';
import { DiehlCookTrainer, evaluateDiehlCook, type SampleSet } from './trainer.js';

/** A resolved synapse choice of an experiment: the synapse spec and its device parameters. */
export interface SynapseChoice {
  synapse: SynapseSpec;
  /** Resolved device parameters (defaults ← preset ← given). */
  params: ParamValues;
  /** Canonical model id. */
  device: string;
}

/**
 * A synapse spec for any registered synapse model (`ideal/float`, `sot/multilevel`, a plugin's
 * id, …), validated here so a bad `--synapse`, `--preset` or parameter fails before training.
 */
export function synapseChoice(id: string, preset?: string, given: Record<string, number> = {}): SynapseChoice {
  const model = getModel(id, 'synapse', '--synapse');
  const params = resolveModelParams(model, preset, given, '--synapse');
  const synapse: SynapseSpec = { device: model.id, ...(preset ? { preset } : {}), params: { ...given } };
  return { synapse, params, device: model.id };
}

/** An MNIST split as the sample set the Diehl & Cook trainer reads. */
export function mnistSampleSet(set: MnistSet): SampleSet {
  return { count: set.count, size: set.rows * set.cols, labels: set.labels, classes: 10, values: (i) => mnistImage(set, i) };
}

/** Energy of the plastic synapses from the ledger: device reads and writes, and the same ops priced as CMOS. */
export interface SynapseEnergy {
  events: number;
  writes: number;
  /** As priced by the device (J). */
  energyJ: number;
  /** The same synaptic events and weight updates on 45 nm CMOS (FP32 SRAM read + add; read + add + write). */
  cmosJ: number;
}

/** The input synapses' events, writes and energy (device and CMOS) from a network's ledger. */
export function synapseEnergy(ledger: EnergyLedger, requests: number): SynapseEnergy {
  let events = 0,
    writes = 0,
    energyJ = 0;
  for (const r of ledger.priced()) {
    if (r.component !== 'projection:input->exc') continue;
    if (r.op === 'synapticEvent') events += r.count;
    if (r.op === 'write') writes += r.count;
    energyJ += r.energyJ;
  }
  return { events, writes, energyJ, cmosJ: events * CMOS_45NM_PRICES.synapticEvent + requests * CMOS_45NM_PRICES.write };
}

/** The synapse energy spent between two readings, b − a. */
export function energyDelta(a: SynapseEnergy, b: SynapseEnergy): SynapseEnergy {
  return { events: b.events - a.events, writes: b.writes - a.writes, energyJ: b.energyJ - a.energyJ, cmosJ: b.cmosJ - a.cmosJ };
}

/** One train + evaluate run without checkpoints (what a sweep point is). */
export interface ExperimentSpec {
  neurons: number;
  trainSamples: number;
  testSamples: number;
  assignSamples: number;
  epochs: number;
  seed: number;
  /** Registered synapse model id. */
  synapse: string;
  preset?: string;
  deviceParams?: Record<string, number>;
  /** Plasticity rule of the plastic synapses (default: learning/stdp, preset diehl-cook2015). */
  plasticity?: PlasticitySpec;
  config?: Partial<DiehlCookConfig>;
}

/** The outcome of one sweep experiment: accuracy, throughput, energy. */
export interface ExperimentResult {
  spec: ExperimentSpec;
  accuracy: number;
  samplesPerS: number;
  trainS: number;
  evalS: number;
  energyPerTrainSampleJ: number;
  energyPerInferenceJ: number;
  cmosPerTrainSampleJ: number;
  cmosPerInferenceJ: number;
}

/** The Diehl & Cook network configuration of an experiment spec. */
export function diehlCookConfigFor(spec: ExperimentSpec): DiehlCookConfig {
  const choice = synapseChoice(spec.synapse, spec.preset, spec.deviceParams);
  const base = { ...diehlCookDefaults(spec.neurons), ...spec.config, neurons: spec.neurons, seed: spec.seed, synapse: choice.synapse };
  return spec.plasticity ? { ...base, plasticity: spec.plasticity } : base;
}

/** Trains and evaluates one Diehl & Cook network on MNIST as the spec says. */
export function runExperiment(spec: ExperimentSpec, onProgress?: (done: number, total: number) => void): ExperimentResult {
  const train = mnistSampleSet(loadMnist('train'));
  const test = mnistSampleSet(loadMnist('test'));
  const cfg = diehlCookConfigFor(spec);
  const tr = new DiehlCookTrainer(cfg, { epochs: spec.epochs, trainSamples: spec.trainSamples, window: Math.min(1000, spec.trainSamples) }, train);
  const t0 = performance.now();
  while (tr.step()) if (onProgress && tr.done % 100 === 0) onProgress(tr.done, tr.total);
  const trainS = (performance.now() - t0) / 1000;
  const e0 = synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests ?? 0);
  const ev = evaluateDiehlCook(tr.dc, train, spec.assignSamples, test, spec.testSamples);
  const e1 = synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests ?? 0);
  const inf = energyDelta(e0, e1);
  const evalN = spec.assignSamples + spec.testSamples;
  return {
    spec,
    accuracy: ev.accuracy,
    samplesPerS: tr.total / trainS,
    trainS,
    evalS: ev.wallS,
    energyPerTrainSampleJ: e0.energyJ / tr.total,
    energyPerInferenceJ: inf.energyJ / evalN,
    cmosPerTrainSampleJ: e0.cmosJ / tr.total,
    cmosPerInferenceJ: inf.cmosJ / evalN,
  };
}
