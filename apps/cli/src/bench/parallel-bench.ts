/**
 * `spinsnn bench cuba|coba --threads N` and `spinsnn bench scale`: the Brette et al. (2007)
 * networks on the multi-threaded engine (@spinsnn/core/node ParallelNetwork, docs/parallel.md).
 * Loop time is reported three ways: `wallS` by performance.now (the field bench/compare.mjs reads;
 * its --clock cpu preload makes it process CPU time), `loopWallS` by the monotonic clock (never
 * patched) and `loopCpuS` by process.cpuUsage (all threads of the process).
 */
import { PD14_POPULATIONS, PD14_REFERENCE_RATES, brette2007Spec, microcircuitSpec, type NetworkSpec } from '@spinsnn/core';
import { PARALLEL_PRECISIONS, ParallelNetwork, type ParallelPrecision } from '@spinsnn/core/node';
import { ArgumentError, AtomicFile, peakRssMB } from '../util.js';
import type { Brette2007Result } from './brette2007.js';

/** What `spinsnn bench cuba|coba` prints on the engine: the single-thread runner's fields plus the engine's. */
export interface ParallelBenchResult extends Brette2007Result {
  /** Loop time by performance.now (CPU time under bench/compare.mjs --clock cpu). */
  wallS: number;
  /** Wall seconds to build every partition (threads build in parallel). */
  buildS: number;
  /** Loop time by the monotonic wall clock. */
  loopWallS: number;
  /** Process CPU seconds during the loop (every thread). */
  loopCpuS: number;
  /** Simulated seconds the measured network ran untimed before the timed interval (0: it starts at t = 0). */
  warmupSimS: number;
  engine: 'parallel';
  threads: number;
  /** Width of neuron state, ring buffers and per-synapse weights (docs/parallel.md, "Precision"). */
  precision: ParallelPrecision;
  /** Bytes of synapse storage (targets, weights, delays, row pointers) per synapse. */
  bytesPerSynapse: number;
  synapseMB: number;
}

/** Options of `runParallelBench`. */
export interface ParallelBenchOptions {
  kind: 'cuba' | 'coba';
  duration: number;
  threads: number;
  neurons?: number;
  seed?: number;
  /** Synapses per neuron (connection probability K/N); default the benchmark's (0.02 to 4,000, 80/N above). */
  synapsesPerNeuron?: number;
  spec?: NetworkSpec;
  spikesOut?: string;
  network?: string;
  warmup?: boolean;
  /** Default 'float64'. */
  precision?: ParallelPrecision;
}

/**
 * The --precision value of the bench commands, checked: float64 or float32, and float64 only on
 * the event kernel (`engine` 'event') and for iaf_psc_exp networks (`float64Only`, the reason).
 */
export function precisionOption(value: string, engine: 'parallel' | 'event', float64Only?: string): ParallelPrecision {
  const p = PARALLEL_PRECISIONS.find((x) => x === value);
  if (!p) throw new ArgumentError('--precision', `${PARALLEL_PRECISIONS.join(' or ')}, got "${value}"`);
  if (p !== 'float64' && engine === 'event')
    throw new ArgumentError('--precision', 'the event kernel is float64 only: drop --precision or use --engine parallel');
  if (p !== 'float64' && float64Only) throw new ArgumentError('--precision', `${float64Only}: drop --precision or pass float64`);
  return p;
}

function nowS(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

function cpuS(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Simulated seconds the measured network runs untimed before the timed interval. A throwaway
 * network does not warm the JIT for the next one: each network's partitions call the exports of
 * their own wasm instances, V8 deoptimises the calling loops on the new call targets ("wrong call
 * target") and re-optimises them, and workers are new isolates, cold for every network. So the
 * measured network warms itself, as NEST's t_presim does. Measured at 4,000 neurons: the loop
 * reaches its steady speed after ~0.75 s simulated (~7,500 steps) on one thread; a large network's
 * per-step work dwarfs that JIT time, so 0.1 s suffices there. A function of size, not of the
 * clock, so a seed gives the same spikes on any machine.
 */
export function selfWarmupS(neurons: number): number {
  return neurons <= 100_000 ? 1 : 0.1;
}

/**
 * Warm-up when the spikes must start at t = 0 (--spikes-out, e.g. a spike-for-spike replay): one
 * 1,000-neuron network on one thread for 0.3 s, discarded. It warms less than selfWarmupS does.
 */
async function warmUp(kind: 'cuba' | 'coba', precision: ParallelPrecision): Promise<number> {
  const t0 = nowS();
  const spec = brette2007Spec(kind, { neurons: 1000, seed: 0xc0ffee, recordSpikes: true });
  const net = await ParallelNetwork.create(spec, { threads: 1, trusted: true, precision });
  net.run(0.3);
  await net.close();
  return nowS() - t0;
}

/** Builds and runs one benchmark network on the parallel engine. */
export async function runParallelBench(o: ParallelBenchOptions): Promise<ParallelBenchResult> {
  const spikes = o.spikesOut ? new AtomicFile(o.spikesOut, '--spikes-out') : null;
  try {
    const precision = o.precision ?? 'float64';
    const selfWarmup = o.warmup !== false && !spikes;
    const warmupS = o.warmup === false || selfWarmup ? 0 : await warmUp(o.kind, precision);
    const neurons = o.neurons ?? 4000;
    const p = o.synapsesPerNeuron !== undefined ? o.synapsesPerNeuron / neurons : undefined;
    const spec = o.spec ?? brette2007Spec(o.kind, { neurons, seed: o.seed ?? 1, recordSpikes: spikes !== null, p });
    const net = await ParallelNetwork.create(spec, { threads: o.threads, trusted: o.spec === undefined, precision });
    try {
      const t0 = nowS();
      const warmupSimS = selfWarmup ? selfWarmupS(net.plan.neurons) : 0;
      if (warmupSimS > 0) net.run(warmupSimS);
      const selfWarmupWallS = nowS() - t0;
      const excSpikes0 = net.population('exc').spikes,
        inhSpikes0 = net.population('inh').spikes,
        events0 = net.synapticEvents();
      const w0 = performance.now(),
        m0 = nowS(),
        c0 = cpuS();
      net.run(o.duration);
      const wallS = (performance.now() - w0) / 1000,
        loopWallS = nowS() - m0,
        loopCpuS = cpuS() - c0;
      const exc = { size: net.population('exc').size, spikes: net.population('exc').spikes - excSpikes0 },
        inh = { size: net.population('inh').size, spikes: net.population('inh').spikes - inhSpikes0 };
      const n = exc.size + inh.size;
      const events = net.synapticEvents() - events0;
      const mem = net.memory();
      if (spikes) writeSpikes(spikes, net, exc.size);
      return {
        benchmark: o.kind,
        neurons: n,
        synapses: net.synapseCount(),
        durationS: o.duration,
        seed: spec.seed,
        spikes: exc.spikes + inh.spikes,
        meanRateHz: (exc.spikes + inh.spikes) / n / o.duration,
        excRateHz: exc.spikes / exc.size / o.duration,
        inhRateHz: inh.spikes / inh.size / o.duration,
        synapticEvents: events,
        buildS: net.buildS,
        wallS,
        loopWallS,
        loopCpuS,
        eventsPerS: events / wallS,
        peakRssMB: peakRssMB(),
        warmupS: warmupS + selfWarmupWallS,
        warmupSimS,
        kernel: 'wasm',
        engine: 'parallel',
        threads: net.threads,
        precision: net.plan.precision,
        bytesPerSynapse: mem.bytesPerSynapse,
        synapseMB: mem.synapseBytes / 2 ** 20,
        network: o.network ?? null,
        node: process.version,
      };
    } finally {
      await net.close();
    }
  } catch (e) {
    spikes?.abort();
    throw e;
  }
}

/** Both populations' spikes as CSV, global indices (inh after exc), by step then index. */
function writeSpikes(file: AtomicFile, net: ParallelNetwork, nE: number): void {
  const e = net.spikes('exc'),
    i = net.spikes('inh');
  let chunk = 'i,t\n';
  let lines = 0,
    a = 0,
    b = 0;
  while (a < e.count || b < i.count) {
    if (b >= i.count || (a < e.count && e.times[a] <= i.times[b])) {
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

/** What `spinsnn bench scale --network microcircuit` prints. */
export interface ParallelMicrocircuitResult {
  benchmark: 'microcircuit-parallel';
  scale: number;
  kScale: number;
  background: 'poisson' | 'dc';
  neurons: number;
  synapses: number;
  durationS: number;
  seed: number;
  threads: number;
  buildS: number;
  loopWallS: number;
  loopCpuS: number;
  /** Real-time factor: loop wall seconds per simulated second. */
  rtf: number;
  /** RTF × threads: the figure to set beside NEST's per-node RTF (cores × time). */
  rtfCoreSeconds: number;
  ratesHz: Record<string, number>;
  referenceRatesHz: Record<string, number>;
  synapticEvents: number;
  bytesPerSynapse: number;
  synapseMB: number;
  peakRssMB: number;
  node: string;
}

/**
 * The PD14 microcircuit (microcircuitSpec of @spinsnn/core, docs/microcircuit.md) on the parallel
 * engine: per-population rates beside the published ones, build time, RTF, RSS, bytes/synapse.
 */
export async function runParallelMicrocircuit(o: {
  scale: number;
  kScale: number;
  background: 'poisson' | 'dc';
  seed: number;
  duration: number;
  threads: number;
  /** Simulated seconds run first and discarded (rates, events and times cover only the rest). Default 0. */
  warmup?: number;
}): Promise<ParallelMicrocircuitResult> {
  const spec = microcircuitSpec({ scale: o.scale, kScale: o.kScale, background: o.background, seed: o.seed });
  const net = await ParallelNetwork.create(spec, { threads: o.threads, trusted: true });
  try {
    if ((o.warmup ?? 0) > 0) net.run(o.warmup!);
    const spikes0 = PD14_POPULATIONS.map((name) => net.population(name).spikes);
    const events0 = net.synapticEvents();
    const m0 = nowS(),
      c0 = cpuS();
    net.run(o.duration);
    const loopWallS = nowS() - m0,
      loopCpuS = cpuS() - c0;
    const ratesHz: Record<string, number> = {},
      referenceRatesHz: Record<string, number> = {};
    PD14_POPULATIONS.forEach((name, k) => {
      const p = net.population(name);
      ratesHz[name] = (p.spikes - spikes0[k]) / p.size / o.duration;
      referenceRatesHz[name] = PD14_REFERENCE_RATES[k];
    });
    const mem = net.memory();
    return {
      benchmark: 'microcircuit-parallel',
      scale: o.scale,
      kScale: o.kScale,
      background: o.background,
      neurons: net.plan.neurons,
      synapses: net.synapseCount(),
      durationS: o.duration,
      seed: o.seed,
      threads: net.threads,
      buildS: net.buildS,
      loopWallS,
      loopCpuS,
      rtf: loopWallS / o.duration,
      rtfCoreSeconds: (loopWallS / o.duration) * net.threads,
      ratesHz,
      referenceRatesHz,
      synapticEvents: net.synapticEvents() - events0,
      bytesPerSynapse: mem.bytesPerSynapse,
      synapseMB: mem.synapseBytes / 2 ** 20,
      peakRssMB: peakRssMB(),
      node: process.version,
    };
  } finally {
    await net.close();
  }
}

/** The human-readable form of `runParallelMicrocircuit`'s result (without --json). */
export function formatParallelMicrocircuit(r: ParallelMicrocircuitResult): string {
  const f = (x: number, d: number) => x.toFixed(d);
  return [
    `PD14 microcircuit (parallel engine)  scale ${r.scale}, k-scale ${r.kScale}, ${r.background} background, seed ${r.seed}, ${r.threads} thread(s)`,
    `  ${r.neurons} neurons, ${r.synapses} synapses (${f(r.bytesPerSynapse, 2)} B/synapse, ${f(r.synapseMB, 0)} MB of synapse arrays)`,
    `  build ${f(r.buildS, 1)} s; run ${f(r.loopWallS, 2)} s wall, ${f(r.loopCpuS, 2)} CPU-s for ${r.durationS} s simulated → RTF ${f(r.rtf, 2)} (${f(r.rtfCoreSeconds, 2)} core-s per simulated s)`,
    `  peak RSS ${f(r.peakRssMB, 0)} MB; ${r.synapticEvents} synaptic events`,
    '  population   rate (Hz)   reference   rel. error',
    ...Object.keys(r.ratesHz).map((name) => {
      const rate = r.ratesHz[name],
        ref = r.referenceRatesHz[name];
      return `  ${name.padEnd(10)} ${f(rate, 3).padStart(9)} ${f(ref, 3).padStart(11)} ${f(((rate - ref) / ref) * 100, 1).padStart(10)} %`;
    }),
  ].join('\n');
}
