import { Network, brette2007Spec, type NetworkSpec } from '@spinsnn/core';
import { AtomicFile, peakRssMB } from '../util.js';

export interface Brette2007Result {
  benchmark: 'cuba' | 'coba';
  neurons: number;
  synapses: number;
  durationS: number;
  seed: number;
  spikes: number;
  meanRateHz: number;
  excRateHz: number;
  inhRateHz: number;
  synapticEvents: number;
  buildS: number;
  wallS: number;
  eventsPerS: number;
  peakRssMB: number;
  /** Time of the JIT warm-up run before the build (0 with --no-warmup); not part of wallS. */
  warmupS: number;
  /** Neuron-update implementation: wasm SIMD kernel or the TypeScript reference. */
  kernel: string;
  network: string | null;
  node: string;
}

export interface Brette2007Options {
  kind: 'cuba' | 'coba';
  duration: number;
  neurons?: number;
  seed?: number;
  /** A ready spec (e.g. from a Brian2 dump) instead of neurons/seed. */
  spec?: NetworkSpec;
  spikesOut?: string;
  network?: string;
  /** Run a small throwaway network first so the JIT has compiled the kernel (default true). */
  warmup?: boolean;
}

/**
 * JIT warm-up, the counterpart of Brian2's code generation and compilation (which its loop
 * time excludes too): three 1,000-neuron networks of the same kind for 0.3 s each, discarded.
 * Measured: one such network leaves the timed run ~40 % slower than steady state (V8 still
 * re-optimises for the new objects); three reach it.
 */
function warmUp(kind: 'cuba' | 'coba'): number {
  const t0 = performance.now();
  for (let round = 0; round < 3; round++) {
    new Network(brette2007Spec(kind, { neurons: 1000, seed: 0xc0ffee + round, recordSpikes: true }), { trusted: true }).run(0.3);
  }
  return (performance.now() - t0) / 1000;
}

export function runBrette2007(o: Brette2007Options): Brette2007Result {
  // --spikes-out is opened (checked) before any simulating; a failure below removes its temporary file
  const spikes = o.spikesOut ? new AtomicFile(o.spikesOut, '--spikes-out') : null;
  try {
    return runOpened(o, spikes);
  } catch (e) {
    spikes?.abort();
    throw e;
  }
}

function runOpened(o: Brette2007Options, spikes: AtomicFile | null): Brette2007Result {
  const warmupS = o.warmup === false ? 0 : warmUp(o.kind);
  const record = spikes !== null;
  const spec = o.spec ?? brette2007Spec(o.kind, { neurons: o.neurons!, seed: o.seed!, recordSpikes: record });
  const t0 = performance.now();
  const net = new Network(spec, { trusted: o.spec === undefined });
  const buildS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  net.run(o.duration);
  const wallS = (performance.now() - t1) / 1000;
  const exc = net.population('exc');
  const inh = net.population('inh');
  const neurons = exc.size + inh.size;
  const synapticEvents = net.ledger
    .rows()
    .filter((r) => r.op === 'synapticEvent')
    .reduce((s, r) => s + r.count, 0);
  if (spikes) writeSpikesCsv(spikes, net, exc.size);
  return {
    benchmark: o.kind,
    neurons,
    synapses: net.synapseCount(),
    durationS: o.duration,
    seed: spec.seed,
    spikes: exc.spikes + inh.spikes,
    meanRateHz: (exc.spikes + inh.spikes) / neurons / o.duration,
    excRateHz: exc.spikes / exc.size / o.duration,
    inhRateHz: inh.spikes / inh.size / o.duration,
    synapticEvents,
    buildS,
    wallS,
    eventsPerS: synapticEvents / wallS,
    peakRssMB: peakRssMB(),
    warmupS,
    kernel: (exc.group as { kernel?: string }).kernel ?? 'js',
    network: o.network ?? null,
    node: process.version,
  };
}

/**
 * Spikes of both populations as CSV with global indices (inh after exc), in the order they
 * occurred: by time step, then index — the order Brian2 records them.
 */
function writeSpikesCsv(file: AtomicFile, net: Network, nE: number): void {
  const e = net.spikes('exc');
  const i = net.spikes('inh');
  // streamed in chunks of ~4k lines: millions of spikes need no single string
  let chunk = 'i,t\n';
  let lines = 0;
  let a = 0,
    b = 0;
  while (a < e.count || b < i.count) {
    const takeE = b >= i.count || (a < e.count && e.times[a] <= i.times[b]);
    if (takeE) {
      chunk += `${e.indices[a]},${e.times[a]}\n`;
      a++;
    } else {
      chunk += `${i.indices[b] + nE},${i.times[b]}\n`;
      b++;
    }
    if (++lines === 4096) {
      file.write(chunk);
      chunk = '';
      lines = 0;
    }
  }
  file.write(chunk);
  file.commit();
}
