import type { Command } from 'commander';
import { Network, PD14, PD14_POPULATIONS, PD14_REFERENCE_RATES, PD14_SIZES, microcircuitSpec } from '@spinsnn/core';
import { formatParallelMicrocircuit, runParallelMicrocircuit } from '../bench/parallel-bench.js';
import { CommandOutput } from '../run-folder.js';
import { ArgumentError, intArg, numArg, peakRssMB, round } from '../util.js';

/** Rate of one population over the measured interval, beside the published full-scale rate. */
export interface PopulationRate {
  population: string;
  neurons: number;
  /** Mean over neurons of spikes / duration (Hz). */
  rateHz: number;
  /** Standard deviation over neurons of the per-neuron rate (Hz). */
  rateSdHz: number;
  /** Full-scale reference rate (NEST example full_mean_rates, docs/microcircuit.md §3). */
  referenceHz: number;
  /** rateHz / referenceHz − 1. */
  relativeError: number;
}

/** What `spinsnn bench microcircuit --json` prints. */
export interface MicrocircuitResult {
  benchmark: 'microcircuit';
  scale: number;
  kScale: number;
  background: 'poisson' | 'dc';
  seed: number;
  threads: number;
  neurons: number;
  synapses: number;
  /** Typed-array bytes of the synapses (targets int32, weights and delays float64) per synapse. */
  synapseArrayBytesPerSynapse: number;
  /** Growth of the resident set over the build, per synapse (everything the build kept). */
  rssBytesPerSynapse: number;
  buildS: number;
  buildCpuS: number;
  /** Simulated warm-up, discarded (NEST example t_presim). */
  warmupS: number;
  warmupWallS: number;
  /** Simulated time measured (after the warm-up). */
  durationS: number;
  wallS: number;
  /** User + system CPU time of the measured run (all threads of this process). */
  cpuS: number;
  /** Real-time factor: wall / simulated (measured interval). */
  rtf: number;
  /** CPU-seconds per simulated second (independent of machine load). */
  rtfCpu: number;
  spikes: number;
  synapticEvents: number;
  peakRssMB: number;
  rates: PopulationRate[];
  node: string;
}

interface Opts {
  scale: number;
  kScale: number;
  duration: number;
  warmup: number;
  threads: number;
  seed: number;
  background: string;
  json?: boolean;
}

const CHUNK_S = 0.05;

/** `spinsnn bench microcircuit`: builds and runs PD14 (docs/microcircuit.md) and prints rates, build time, RTF and memory. */
export function registerBenchMicrocircuit(bench: Command): void {
  bench
    .command('microcircuit')
    .description('Potjans & Diesmann 2014 cortical microcircuit (iaf_psc_exp, 8 populations): rates vs published, build time, RTF, RSS')
    .option('--scale <s>', 'neuron-number scaling N_scaling (1 = full scale, 77,169 neurons)', numArg({ positive: true, max: 1 }), 0.1)
    .option(
      '--k-scale <k>',
      'in-degree scaling K_scaling (1 = full in-degrees; < 1 scales weights by 1/√k and adds compensating DC)',
      numArg({ positive: true, max: 1 }),
      1,
    )
    .option('--duration <s>', 'simulated seconds measured after the warm-up', numArg({ positive: true }), 1)
    .option('--warmup <s>', 'simulated seconds run first and discarded (NEST example t_presim: 0.5 s)', numArg({ min: 0 }), PD14.t_presim)
    .option('--background <kind>', "background drive: 'poisson' (Poisson PSCs per neuron per step) or 'dc' (their mean current)", 'poisson')
    .option(
      '--threads <n>',
      'threads: 1 = the event kernel (per-population rate sd, array bytes); > 1 = the parallel engine (bit-identical for any count ≥ 1 of its own)',
      intArg(1, 1024),
      1,
    )
    .option('--seed <n>', 'random seed (connectivity, weights, delays, initial V_m, background)', intArg(0, 2 ** 32 - 1), 1)
    .option('--json', 'print exactly one JSON line and nothing else on stdout')
    .addHelpText(
      'after',
      '\nProgress goes to stderr. wallS, cpuS and rtf cover the measured interval only (not the build or the warm-up).\nExample:\n  spinsnn bench microcircuit --scale 0.1 --k-scale 0.1 --duration 0.5 --warmup 0.1 --json',
    )
    .action(async (o: Opts) => {
      if (o.background !== 'poisson' && o.background !== 'dc') throw new ArgumentError('--background', `'poisson' or 'dc', not '${o.background}'`);
      if (Math.min(...PD14_SIZES) * o.scale < 1)
        throw new ArgumentError(
          '--scale',
          `at least ${1 / Math.min(...PD14_SIZES)} (every population needs a neuron; L5I has ${Math.min(...PD14_SIZES)} at full scale), got ${o.scale}`,
        );
      const output = new CommandOutput({ json: o.json });
      if (o.threads > 1) {
        // the parallel engine (docs/parallel.md); the same runner as `bench scale --network microcircuit`
        output.log(`microcircuit: building on ${o.threads} threads (parallel engine), scale ${o.scale}, k-scale ${o.kScale}`);
        const r = await runParallelMicrocircuit({ ...o, background: o.background });
        output.finish(r, () => formatParallelMicrocircuit(r));
        return;
      }
      const result = runMicrocircuit({ ...o, background: o.background }, (line) => output.log(line));
      output.finish(result, () => human(result));
    });
}

/** Runs the benchmark (exported for tests and scripts); `log` receives progress lines. */
export function runMicrocircuit(
  o: Omit<Opts, 'background' | 'json'> & { background: 'poisson' | 'dc' },
  log: (line: string) => void = () => {},
): MicrocircuitResult {
  const spec = microcircuitSpec({ scale: o.scale, kScale: o.kScale, background: o.background, seed: o.seed });
  const neurons = spec.populations.reduce((s, p) => s + p.size, 0);
  log(`microcircuit: building ${neurons} neurons, scale ${o.scale}, k-scale ${o.kScale}, ${o.background} background, seed ${o.seed}`);
  const rss0 = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const net = new Network(spec);
  const buildS = (performance.now() - t0) / 1000;
  const buildCpu = process.cpuUsage(c0);
  const synapses = net.synapseCount();
  const rssBuilt = process.memoryUsage().rss;
  let arrayBytes = 0;
  for (const p of net.projections) arrayBytes += p.post.byteLength + (p.delays?.byteLength ?? 0) + (p.store?.weights.byteLength ?? 0) + p.rowPtr.byteLength;
  log(`microcircuit: built ${synapses} synapses in ${buildS.toFixed(1)} s, RSS ${(rssBuilt / 2 ** 30).toFixed(2)} GiB`);

  const runChunks = (T: number, label: string): void => {
    const steps = Math.round(T / CHUNK_S);
    const tEnd = net.t + T;
    const w0 = performance.now();
    for (let c = 0; c < steps; c++) {
      net.run(c === steps - 1 ? tEnd - net.t : CHUNK_S);
      if ((c + 1) % 4 === 0 || c === steps - 1) {
        const el = (performance.now() - w0) / 1000;
        log(`microcircuit: ${label} ${((c + 1) * CHUNK_S).toFixed(2)} / ${T} s simulated, ${el.toFixed(1)} s wall`);
      }
    }
    if (steps === 0 && T > 0) net.run(T);
  };

  const tw = performance.now();
  if (o.warmup > 0) runChunks(o.warmup, 'warm-up');
  const warmupWallS = (performance.now() - tw) / 1000;

  // per-neuron spike counts over the measured interval (a counter, not a spike monitor)
  const counts = PD14_POPULATIONS.map((name) => {
    const pop = net.population(name);
    const c = new Int32Array(pop.size);
    pop.addListener({ onSpike: (i) => c[i]++, latency: () => Infinity });
    return c;
  });
  const events0 = synapticEvents(net);
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  runChunks(o.duration, 'measure');
  const wallS = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(c1);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const rates = PD14_POPULATIONS.map((population, k) => {
    const c = counts[k];
    let sum = 0,
      sq = 0;
    for (let i = 0; i < c.length; i++) {
      const r = c[i] / o.duration;
      sum += r;
      sq += r * r;
    }
    const mean = sum / c.length;
    const sd = Math.sqrt(Math.max(0, sq / c.length - mean * mean));
    return {
      population,
      neurons: c.length,
      rateHz: round(mean),
      rateSdHz: round(sd),
      referenceHz: PD14_REFERENCE_RATES[k],
      relativeError: round(mean / PD14_REFERENCE_RATES[k] - 1, 3),
    };
  });
  const spikes = counts.reduce((s, c) => s + c.reduce((a, b) => a + b, 0), 0);
  return {
    benchmark: 'microcircuit',
    scale: o.scale,
    kScale: o.kScale,
    background: o.background,
    seed: o.seed,
    threads: o.threads,
    neurons,
    synapses,
    synapseArrayBytesPerSynapse: round(arrayBytes / synapses),
    rssBytesPerSynapse: round((rssBuilt - rss0) / synapses),
    buildS: round(buildS),
    buildCpuS: round((buildCpu.user + buildCpu.system) / 1e6),
    warmupS: o.warmup,
    warmupWallS: round(warmupWallS),
    durationS: o.duration,
    wallS: round(wallS),
    cpuS: round(cpuS),
    rtf: round(wallS / o.duration),
    rtfCpu: round(cpuS / o.duration),
    spikes,
    synapticEvents: synapticEvents(net) - events0,
    peakRssMB: round(peakRssMB()),
    rates,
    node: process.version,
  };
}

function synapticEvents(net: Network): number {
  return net.ledger
    .rows()
    .filter((r) => r.op === 'synapticEvent')
    .reduce((s, r) => s + r.count, 0);
}

function human(r: MicrocircuitResult): string {
  const lines = [
    `PD14 microcircuit  scale ${r.scale}, k-scale ${r.kScale}, ${r.background} background, seed ${r.seed}, ${r.threads} thread(s)`,
    `  ${r.neurons} neurons, ${r.synapses} synapses (${r.synapseArrayBytesPerSynapse} B/synapse in arrays, ${r.rssBytesPerSynapse} B/synapse RSS growth)`,
    `  build ${r.buildS} s (${r.buildCpuS} CPU-s); warm-up ${r.warmupS} s simulated, discarded`,
    `  run   ${r.wallS} s wall, ${r.cpuS} CPU-s for ${r.durationS} s simulated → RTF ${r.rtf} (CPU ${r.rtfCpu})`,
    `  peak RSS ${r.peakRssMB} MB; ${r.spikes} spikes, ${r.synapticEvents} synaptic events`,
    '  population   rate (Hz)   sd     reference   rel. error',
    ...r.rates.map(
      (p) =>
        `  ${p.population.padEnd(10)} ${p.rateHz.toFixed(3).padStart(9)} ${p.rateSdHz.toFixed(2).padStart(6)} ${p.referenceHz.toFixed(3).padStart(11)} ${(p.relativeError * 100).toFixed(1).padStart(10)} %`,
    ),
  ];
  return lines.join('\n');
}
