/**
 * STDP on spintronic synapses: input neurons, half of them correlated (they share the spike
 * times of a common "mother" train, jittered by 1 ms) and half independent at the same rate,
 * drive LIF neurons (`core/lif`) through multi-level SOT-MTJ synapses (`sot/multilevel`,
 * preset hsin2025: 11 conductance levels, 2 % cycle-to-cycle noise) that pair STDP
 * (`learning/stdp`) programs. The core weight monitor samples every synapse each `chunk`
 * seconds: the correlated synapses potentiate, the independent ones do not. The energy
 * of the run is read from the ledger, the device's own prices against a CMOS (45 nm) design.
 *
 *   node examples/run.mjs stdp-on-sot [--duration 20] [--chunk 1] [--inputs 40] [--outputs 4] [--seed 1]
 *
 * Tutorial: docs/examples/stdp-on-sot.md.
 */
import '@spinsnn/backends'; // registers sot/multilevel
import '@spinsnn/learning'; // registers learning/stdp
import { Network, Rng, mV, ms, type NetworkSpec, type WeightMonitor } from '@spinsnn/core';
import { CMOS_45NM_PRICES } from '@spinsnn/backends';
import type { StdpRule } from '@spinsnn/learning';
import { pathToFileURL } from 'node:url';

export interface StdpOnSotOptions {
  /** Simulated time (s). */
  duration?: number;
  /** Weight readout interval (s): the network runs in chunks of this length. */
  chunk?: number;
  /** Input neurons (the first half correlated). */
  inputs?: number;
  /** Output LIF neurons. */
  outputs?: number;
  /** Rate of every input (Hz). */
  rate?: number;
  seed?: number;
}

/** Weight range of the synapses: 0 … 1 mV jumps of v. */
const W_MAX = 1 * mV;

/**
 * Spike times of the inputs: neuron i < n/2 copies each spike of a shared 5 Hz mother train with
 * probability 0.9 (jitter N(0, 1 ms)) and fires independently for the rest of its rate; the
 * others fire independently (Poisson) at the full rate. Same rate, different correlation.
 */
export function correlatedInputs(n: number, rate: number, duration: number, seed: number): { indices: number[]; times: number[] } {
  const rng = new Rng(seed, 17);
  const indices: number[] = [],
    times: number[] = [];
  const poisson = (i: number, r: number) => {
    for (let t = rng.exponential(r); t < duration; t += rng.exponential(r)) {
      indices.push(i);
      times.push(t);
    }
  };
  const motherRate = 5,
    copy = 0.9;
  const mother: number[] = [];
  for (let t = rng.exponential(motherRate); t < duration; t += rng.exponential(motherRate)) mother.push(t);
  for (let i = 0; i < n; i++) {
    if (i < n / 2) {
      for (const t0 of mother) {
        if (rng.uniform() >= copy) continue;
        const t = t0 + 1 * ms * rng.normal();
        if (t >= 0 && t < duration) {
          indices.push(i);
          times.push(t);
        }
      }
      poisson(i, rate - copy * motherRate);
    } else poisson(i, rate);
  }
  return { indices, times };
}

export function stdpSpec(o: Required<StdpOnSotOptions>): NetworkSpec {
  const spikes = correlatedInputs(o.inputs, o.rate, o.duration, o.seed);
  return {
    seed: o.seed,
    populations: [
      {
        name: 'out',
        size: o.outputs,
        model: 'core/lif',
        // τm 10 ms, rest −70 mV, threshold −50 mV; a constant drive of 10 mV holds v near −60 mV, so
        // it takes most of a correlated volley (~18 inputs × ~0.5 mV) to reach threshold
        params: { tauM: 10 * ms, drive: 10 * mV, refractory: 2 * ms },
      },
    ],
    inputs: [{ name: 'in', type: 'spike_times', size: o.inputs, ...spikes }],
    projections: [
      {
        source: 'in',
        target: 'out',
        connectivity: { rule: 'all_to_all' },
        delay: 1 * ms,
        weight: { uniform: [0.3 * W_MAX, 0.7 * W_MAX] },
        synapse: { device: 'sot/multilevel', preset: 'hsin2025', wMin: 0, wMax: W_MAX },
        // pair STDP (Song et al. 2000 window, τ± = 20 ms), amplitudes in weight units (volts here):
        // 2 % of the range per pairing, depression 5 % stronger than potentiation
        plasticity: { rule: 'learning/stdp', preset: 'song2000-pair', params: { a2Plus: 0.02 * W_MAX, a2Minus: 0.021 * W_MAX } },
      },
    ],
    // the weights of every synapse, sampled every `chunk` seconds (at t = 0, chunk, …)
    monitors: [
      { type: 'spikes', population: 'out' },
      { type: 'weights', projection: 'in->out', interval: o.chunk },
    ],
  };
}

/**
 * Mean weight of each group of synapses at every sample of the core weight monitor
 * (`{ type: 'weights' }` in the spec), then of `final` (the weights when the run ended: a monitor
 * samples at the start of t = 0, chunk, …, so the end of the run is the next run's first sample).
 * `groupOfSource(i)`: the group (0, 1, …) of source i.
 */
export function groupMeans(monitor: WeightMonitor, groups: number, groupOfSource: (i: number) => number, final?: Float64Array): number[][] {
  const proj = monitor.projection;
  // CSR by source: synapses rowPtr[i] .. rowPtr[i+1] leave source neuron i
  const group = new Int32Array(proj.size);
  for (let i = 0; i < proj.source.size; i++) group.fill(groupOfSource(i), proj.rowPtr[i], proj.rowPtr[i + 1]);
  const means = Array.from({ length: groups }, () => [] as number[]);
  for (let k = 0; k <= monitor.samples; k++) {
    if (k === monitor.samples && !final) break;
    const w = k < monitor.samples ? monitor.at(k) : final!;
    const sum = new Float64Array(groups),
      count = new Float64Array(groups);
    // the monitor records every synapse here, so position r is synapse r
    for (let r = 0; r < w.length; r++) {
      sum[group[monitor.synapses[r]]] += w[r];
      count[group[monitor.synapses[r]]]++;
    }
    for (let g = 0; g < groups; g++) means[g].push(sum[g] / count[g]);
  }
  return means;
}

export interface StdpOnSotResult {
  durationS: number;
  outputSpikes: number;
  /** Readout times (s) and mean weights (in units of wMax) of the correlated and independent synapses. */
  t: number[];
  correlated: number[];
  independent: number[];
  /** Level changes the device made, and STDP's requests. */
  devicePulses: number;
  stdpRequests: number;
  /** Conductance levels the store declares (hsin2025: 11; its 2 % C2C noise blurs them). */
  levels: number;
  energy: {
    /** The network's ledger priced with the device's own energies (writes, reads) and CMOS prices for the rest. */
    deviceJ: number;
    /** The same operations in a CMOS design: each STDP update one SRAM read-add-write, each event a read and an FP32 add. */
    cmosJ: number;
    rows: { component: string; op: string; count: number; deviceJ: number; cmosJ: number }[];
  };
}

/** The default options (`node examples/run.mjs` refuses an option not named here). */
export const defaults: Required<StdpOnSotOptions> = { duration: 20, chunk: 1, inputs: 40, outputs: 4, rate: 10, seed: 1 };

export function main(options: StdpOnSotOptions = {}): StdpOnSotResult {
  const o: Required<StdpOnSotOptions> = { ...defaults, ...options };
  const net = new Network(stdpSpec(o));
  const proj = net.projection('in->out');
  net.run(o.duration);
  const monitor = net.weights('in->out');
  const [correlated, independent] = groupMeans(monitor, 2, (i) => (i < o.inputs / 2 ? 0 : 1), proj.store!.weights);

  const rule = net.rule<StdpRule>('in->out');
  const rows = net.ledger.priced(CMOS_45NM_PRICES).map((r) => {
    // CMOS counterpart: a weight write per STDP request (not per device pulse), the rest as counted
    const count = r.op === 'write' ? rule.requests : r.count;
    return { component: r.component, op: r.op, count: r.count, deviceJ: r.energyJ, cmosJ: count * (CMOS_45NM_PRICES[r.op] ?? 0) };
  });
  const pulses = rows.find((r) => r.op === 'write')?.count ?? 0;
  return {
    durationS: net.t,
    outputSpikes: net.spikes('out').count,
    t: [...monitor.t, net.t],
    correlated: correlated.map((w) => w / W_MAX),
    independent: independent.map((w) => w / W_MAX),
    devicePulses: pulses,
    stdpRequests: rule.requests,
    levels: proj.store!.levels ?? 0,
    energy: { deviceJ: rows.reduce((s, r) => s + r.deviceJ, 0), cmosJ: rows.reduce((s, r) => s + r.cmosJ, 0), rows },
  };
}

export function report(r: StdpOnSotResult): string {
  const lines = [`${r.durationS} s, ${r.outputSpikes} output spikes; mean weight / wMax (correlated | independent inputs):`];
  const step = Math.max(1, Math.floor((r.t.length - 1) / 10));
  for (let k = 0; k < r.t.length; k += step)
    lines.push(`  t = ${r.t[k].toFixed(1).padStart(5)} s   ${r.correlated[k].toFixed(3)} | ${r.independent[k].toFixed(3)}`);
  lines.push(`STDP requests ${r.stdpRequests}, device level moves (write pulses) ${r.devicePulses}`);
  lines.push('energy (J)                          count      device        CMOS 45 nm');
  for (const row of r.energy.rows)
    lines.push(
      `  ${`${row.component} ${row.op}`.padEnd(30)} ${String(row.count).padStart(9)}  ${row.deviceJ.toExponential(2).padStart(10)}  ${row.cmosJ.toExponential(2).padStart(10)}`,
    );
  lines.push(`  total${' '.repeat(36)}${r.energy.deviceJ.toExponential(2).padStart(10)}  ${r.energy.cmosJ.toExponential(2).padStart(10)}`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(report(main()));
