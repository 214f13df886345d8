import { type SynapseSpec, type ParamValues, type EnergyLedger } from '@spinsnn/core';
import { getDeviceModel, resolveDeviceParams, IDEAL_FLOAT_PARAMS } from '@spinsnn/backends';
import { loadMnist, mnistImage, type MnistSet } from '@spinsnn/datasets';
import { diehlCookDefaults, type DiehlCookConfig } from './network.js';
import { DiehlCookTrainer, evaluateDiehlCook, type SampleSet } from './trainer.js';

/** What `--synapse` names: the CMOS float reference, multi-level SOT, or binary stochastic SOT. */
export type SynapseKind = 'ideal' | 'sot' | 'sot-binary';
export const SYNAPSE_KINDS: readonly SynapseKind[] = ['ideal', 'sot', 'sot-binary'];

/**
 * Every non-ideality of the multi-level SOT device off, in the analog limit (quantise 0): the
 * device then applies requested changes exactly, so a run reproduces the ideal one bit for bit.
 */
export const SOT_IDEAL_LIMIT: Readonly<Record<string, number>> = {
  quantise: 0, nlPotentiation: 0, nlDepression: 0, c2c: 0, d2dNl: 0, d2dRange: 0, readNoise: 0, stuckAtMin: 0, stuckAtMax: 0, retention: 0,
};

export interface SynapseChoice {
  synapse: SynapseSpec;
  /** Device-aware pulse writes (stochastic rounding to whole levels); 0 = requested Δw as is. */
  pulseLevels: number;
  /** Resolved device parameters (defaults ← preset ← given). */
  params: ParamValues;
  device: string;
}

/**
 * Maps `--synapse`, `--preset` and device parameter overrides onto a synapse spec. The preset
 * `ideal-limit` of `sot` is SOT_IDEAL_LIMIT. A quantised multi-level device learns through
 * device-aware pulse STDP (stochastic rounding), since D&C's updates (1e-4 … 1e-2) are far below
 * one level and deterministic rounding would discard all of them.
 */
export function synapseChoice(kind: SynapseKind, preset?: string, given: Record<string, number> = {}): SynapseChoice {
  const device = kind === 'ideal' ? 'ideal/float' : kind === 'sot' ? 'sot/multilevel' : 'sot/binary';
  const model = getDeviceModel(device, '--synapse');
  let p = preset;
  let extra: Record<string, number> = {};
  if (kind === 'sot' && preset === 'ideal-limit') {
    p = undefined;
    extra = { ...SOT_IDEAL_LIMIT };
  }
  const params = resolveDeviceParams(model, p, { ...extra, ...given }, '--device');
  const userParams = { ...extra, ...given };
  const synapse: SynapseSpec = { device, ...(p ? { preset: p } : {}), params: userParams };
  const pulseLevels = kind === 'sot' && params.quantise === 1 ? params.states : 0;
  return { synapse, pulseLevels, params, device };
}

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

export function synapseEnergy(ledger: EnergyLedger, requests: number): SynapseEnergy {
  let events = 0, writes = 0, energyJ = 0;
  for (const r of ledger.priced()) {
    if (r.component !== 'projection:input->exc') continue;
    if (r.op === 'synapticEvent') events += r.count;
    if (r.op === 'write') writes += r.count;
    energyJ += r.energyJ;
  }
  const d = Object.fromEntries(IDEAL_FLOAT_PARAMS.map((q) => [q.name, q.default]));
  const read = d.weightBits * d.sramEnergyPerBit + d.addEnergy;
  const write = 2 * d.weightBits * d.sramEnergyPerBit + d.addEnergy;
  return { events, writes, energyJ, cmosJ: events * read + requests * write };
}

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
  synapse: SynapseKind;
  preset?: string;
  deviceParams?: Record<string, number>;
  config?: Partial<DiehlCookConfig>;
}

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

export function diehlCookConfigFor(spec: ExperimentSpec): DiehlCookConfig {
  const choice = synapseChoice(spec.synapse, spec.preset, spec.deviceParams);
  return { ...diehlCookDefaults(spec.neurons), ...spec.config, neurons: spec.neurons, seed: spec.seed, synapse: choice.synapse, pulseLevels: choice.pulseLevels };
}

export function runExperiment(spec: ExperimentSpec, onProgress?: (done: number, total: number) => void): ExperimentResult {
  const train = mnistSampleSet(loadMnist('train'));
  const test = mnistSampleSet(loadMnist('test'));
  const cfg = diehlCookConfigFor(spec);
  const tr = new DiehlCookTrainer(cfg, { epochs: spec.epochs, trainSamples: spec.trainSamples, window: Math.min(1000, spec.trainSamples) }, train);
  const t0 = performance.now();
  while (tr.step()) if (onProgress && tr.done % 100 === 0) onProgress(tr.done, tr.total);
  const trainS = (performance.now() - t0) / 1000;
  const e0 = synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests);
  const ev = evaluateDiehlCook(tr.dc, train, spec.assignSamples, test, spec.testSamples);
  const e1 = synapseEnergy(tr.dc.net.ledger, tr.dc.stdp.requests);
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
