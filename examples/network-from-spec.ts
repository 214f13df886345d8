/**
 * A network written as data: Poisson inputs drive an excitatory and an inhibitory population of
 * current-based LIF neurons (`core/lif_cuba`, Brette et al. 2007). The spec goes through JSON
 * text and back, as a `network.json` for `spinsnn run` would; the network runs, reports spike
 * counts, rates and a rate monitor's time course, and a snapshot taken half way, restored into a
 * second network built from the same JSON, continues bit for bit.
 *
 *   node examples/run.mjs network-from-spec [--neurons 1000] [--duration 0.5] [--seed 1]
 *
 * Tutorial: docs/examples/network-from-spec.md.
 */
import { Network, decodeSnapshot, encodeSnapshot, validateNetworkSpec, type NetworkSpec } from '@spinsnn/core';
import { pathToFileURL } from 'node:url';

export interface NetworkFromSpecOptions {
  /** Neurons in all: 80 % excitatory, 20 % inhibitory. */
  neurons?: number;
  /** Simulated time (s); the snapshot is taken at half of it. */
  duration?: number;
  seed?: number;
}

/**
 * The network as JSON text: every number SI (seconds, volts, hertz), every model a registry id.
 * Nothing in it is code — this string could be a file (`spinsnn run network.json`).
 */
export function networkJson(neurons = 1000, seed = 1): string {
  const nE = Math.round(0.8 * neurons);
  const lif = { tauM: 0.02, tauE: 0.005, tauI: 0.01, vThreshold: -0.05, vReset: -0.06, vRest: -0.06, refractory: 0.005 };
  const init = { v: { uniform: [-0.06, -0.05] } };
  const sparse = { rule: 'fixed_probability', p: Math.min(1, 40 / neurons) }; // ~40 recurrent inputs each
  return JSON.stringify({
    dt: 0.0001,
    seed,
    populations: [
      { name: 'exc', size: nE, model: 'core/lif_cuba', params: lif, init },
      { name: 'inh', size: neurons - nE, model: 'core/lif_cuba', params: lif, init },
    ],
    inputs: [{ name: 'drive', type: 'poisson', size: 200, rate: 20 }],
    projections: [
      { source: 'drive', target: 'exc', receptor: 'exc', connectivity: { rule: 'fixed_indegree', k: 40 }, weight: 0.003, delay: 0.001 },
      { source: 'drive', target: 'inh', receptor: 'exc', connectivity: { rule: 'fixed_indegree', k: 40 }, weight: 0.003, delay: 0.001 },
      { source: 'exc', target: 'exc', receptor: 'exc', connectivity: sparse, weight: 0.0005, delay: 0.001 },
      { source: 'exc', target: 'inh', receptor: 'exc', connectivity: sparse, weight: 0.0005, delay: 0.001 },
      { source: 'inh', target: 'exc', receptor: 'inh', connectivity: sparse, weight: -0.002, delay: 0.001 },
      { source: 'inh', target: 'inh', receptor: 'inh', connectivity: sparse, weight: -0.002, delay: 0.001 },
    ],
    monitors: [
      { type: 'spikes', population: 'exc' },
      { type: 'spikes', population: 'inh' },
      { type: 'rate', population: 'exc', bin: 0.01 },
      { type: 'state', population: 'exc', variable: 'v', indices: [0], interval: 0.001 },
    ],
  });
}

export interface NetworkFromSpecResult {
  neurons: number;
  synapses: number;
  durationS: number;
  spikes: { exc: number; inh: number };
  /** Mean firing rate per neuron (Hz). */
  meanRateHz: { exc: number; inh: number };
  /** The excitatory population rate in 10 ms bins (Hz), from the rate monitor. */
  excRateBinsHz: number[];
  /** Samples of neuron 0's membrane potential (V) the state monitor took, every 1 ms. */
  vSamples: number;
  /** Size of the half-way snapshot as JSON text (bytes). */
  snapshotBytes: number;
  /** The restored network's spikes, times and membrane potentials equal the uninterrupted run's. */
  continuedBitForBit: boolean;
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

/** The default options (`node examples/run.mjs` refuses an option not named here). */
export const defaults: Required<NetworkFromSpecOptions> = { neurons: 1000, duration: 0.5, seed: 1 };

export function main(options: NetworkFromSpecOptions = {}): NetworkFromSpecResult {
  const { neurons, duration, seed } = { ...defaults, ...options };
  const json = networkJson(neurons, seed);

  // JSON text → a validated NetworkSpec (a SpecError names the bad field, e.g. projections[2].delay)
  const spec: unknown = JSON.parse(json);
  validateNetworkSpec(spec);
  const net = new Network(spec);

  // run the first half, snapshot (as JSON text), then finish the run
  net.run(duration / 2);
  const saved = encodeSnapshot(net.snapshot());
  net.run(duration / 2);

  // a second network from the same JSON, restored from the snapshot, runs the second half
  const resumed = new Network(JSON.parse(json) as NetworkSpec);
  resumed.restore(decodeSnapshot(saved));
  resumed.run(duration / 2);

  const exc = net.spikes('exc'),
    inh = net.spikes('inh');
  const exc2 = resumed.spikes('exc'),
    inh2 = resumed.spikes('inh');
  const v = net.stateMonitors.get('state:exc')!,
    v2 = resumed.stateMonitors.get('state:exc')!;
  const continuedBitForBit =
    sameArray(exc.indices, exc2.indices) &&
    sameArray(exc.times, exc2.times) &&
    sameArray(inh.indices, inh2.indices) &&
    sameArray(inh.times, inh2.times) &&
    sameArray(v.values[0], v2.values[0]) &&
    sameArray(net.population('exc').group!.state('v'), resumed.population('exc').group!.state('v'));

  const nE = net.population('exc').size,
    nI = net.population('inh').size;
  const rate = net.rateMonitors.get('rate:exc')!;
  return {
    neurons,
    synapses: net.synapseCount(),
    durationS: net.t,
    spikes: { exc: exc.count, inh: inh.count },
    meanRateHz: { exc: exc.count / (nE * net.t), inh: inh.count / (nI * net.t) },
    excRateBinsHz: Array.from(rate.rates(net.t)),
    vSamples: v.t.length,
    snapshotBytes: saved.length,
    continuedBitForBit,
  };
}

export function report(r: NetworkFromSpecResult): string {
  const bins = r.excRateBinsHz;
  const lo = Math.min(...bins),
    hi = Math.max(...bins);
  return [
    `${r.neurons} LIF neurons (core/lif_cuba), ${r.synapses} synapses, ${r.durationS} s simulated`,
    `spikes: exc ${r.spikes.exc}, inh ${r.spikes.inh}; mean rates: exc ${r.meanRateHz.exc.toFixed(2)} Hz, inh ${r.meanRateHz.inh.toFixed(2)} Hz`,
    `exc population rate in ${bins.length} bins of 10 ms: ${lo.toFixed(1)} … ${hi.toFixed(1)} Hz`,
    `state monitor: ${r.vSamples} samples of v[0]`,
    `snapshot at ${r.durationS / 2} s: ${(r.snapshotBytes / 1024).toFixed(1)} KiB of JSON; restored run continues bit for bit: ${r.continuedBitForBit}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(report(main()));
