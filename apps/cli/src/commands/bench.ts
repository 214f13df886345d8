import type { Command } from 'commander';
import { brian2CubaSpec } from '@spinsnn/datasets';
import { readBrian2Dump } from '@spinsnn/datasets/node';
import { availableParallelism } from 'node:os';
import { runBrette2007, type Brette2007Result } from '../bench/brette2007.js';
import { formatParallelMicrocircuit, precisionOption, runParallelBench, runParallelMicrocircuit, type ParallelBenchResult } from '../bench/parallel-bench.js';
import { CommandOutput } from '../run-folder.js';
import { ArgumentError, intArg, numArg } from '../util.js';
import { registerBenchDevices } from './bench-devices.js';
import { registerBenchPhysics } from './bench-physics.js';
import { registerBenchKernel } from './bench-kernel.js';
import { registerBenchIsing } from './ising.js';
import { registerBenchSoak } from './bench-soak.js';
import { registerBenchMicrocircuit } from './bench-microcircuit.js';

export function registerBench(program: Command): void {
  const bench = program.command('bench').description('benchmarks that print JSON: kernel (cuba, coba) and components');

  registerBenchKernel(bench);
  registerBenchDevices(bench);
  registerBenchPhysics(bench);
  registerBenchIsing(bench);
  registerBenchSoak(bench);
  registerBenchScale(bench);
  registerBenchMicrocircuit(bench);

  for (const kind of ['cuba', 'coba'] as const) {
    bench
      .command(kind)
      .description(
        kind === 'cuba'
          ? 'Brette et al. 2007 CUBA network: LIF, exponential current synapses'
          : 'Brette et al. 2007 COBA network: LIF, exponential conductance synapses',
      )
      .option('--neurons <n>', 'network size (80 % excitatory); p = 0.02 up to 4000, 80/N above', intArg(10, 50_000_000), 4000)
      .option('--duration <s>', 'simulated time in seconds', numArg({ positive: true }), 1)
      .option('--seed <n>', 'random seed (connectivity, initial potentials)', intArg(0, 2 ** 32 - 1), 1)
      .option(
        '--network <dir>',
        kind === 'cuba' ? 'run the network of a Brian2 dump (e.g. $SPINSNN_DATA/brian2-cuba/N4000_T1_seed1) instead of building one' : 'not available for coba',
      )
      .option('--spikes-out <file>', 'write every spike as CSV (header i,t; t in seconds; in the order spikes occur)')
      .option(
        '--no-warmup',
        'skip the JIT warm-up: by default the parallel engine runs the measured network untimed first (1 s up to 100,000 neurons, 0.1 s above) (spikes, rates and events cover the timed interval only; with --spikes-out it starts at t = 0 after a throwaway network instead), and the event kernel runs a small network for 0.3 s',
      )
      .option('--threads <n>', `threads of the parallel engine, the main one included (default: all cores, here ${availableParallelism()})`, intArg(1, 1024))
      .option('--engine <engine>', 'parallel (the multi-threaded engine, docs/parallel.md) or event (the single-threaded event kernel)', 'parallel')
      .option('--precision <p>', PRECISION_HELP, 'float64')
      .option('--json', 'print exactly one JSON line and nothing else on stdout')
      .addHelpText(
        'after',
        `\nwallS times the simulation loop only (not the build, nor the warm-up), as Brian2's loop time does;\nloopWallS and loopCpuS are its wall and process CPU time (all threads). Results are bit-identical for any --threads.\nExamples:\n  spinsnn bench ${kind} --neurons 64000 --duration 1 --seed 3 --threads 2 --json\n  spinsnn bench ${kind} --neurons 4000 --threads 1 --precision float32 --json`,
      )
      .action(
        async (opts: {
          neurons: number;
          duration: number;
          seed: number;
          network?: string;
          spikesOut?: string;
          warmup: boolean;
          threads?: number;
          engine: string;
          precision: string;
          json?: boolean;
        }) => {
          const output = new CommandOutput({ json: opts.json });
          if (opts.engine !== 'parallel' && opts.engine !== 'event') throw new ArgumentError('--engine', `parallel or event, got "${opts.engine}"`);
          const precision = precisionOption(opts.precision, opts.engine);
          if (opts.engine === 'event' && opts.threads !== undefined && opts.threads !== 1)
            throw new ArgumentError('--threads', 'the event kernel is single-threaded: drop --threads or use --engine parallel');
          if (opts.network && kind !== 'cuba')
            throw new ArgumentError('--network', 'a Brian2 dump holds a CUBA network: use `spinsnn bench cuba --network DIR`, or drop --network');
          if (opts.engine === 'parallel') {
            const spec = opts.network ? brian2CubaSpec(readBrian2Dump(opts.network), { recordSpikes: !!opts.spikesOut }) : undefined;
            const r = await runParallelBench({
              kind,
              spec,
              neurons: opts.neurons,
              seed: opts.seed,
              duration: opts.duration,
              threads: opts.threads ?? availableParallelism(),
              spikesOut: opts.spikesOut,
              network: opts.network,
              warmup: opts.warmup,
              precision,
            });
            output.finish(r, () => humanParallel(r));
            return;
          }
          let result: Brette2007Result;
          if (opts.network) {
            if (kind !== 'cuba')
              throw new ArgumentError('--network', 'a Brian2 dump holds a CUBA network: use `spinsnn bench cuba --network DIR`, or drop --network');
            const dump = readBrian2Dump(opts.network);
            result = runBrette2007({
              kind,
              spec: brian2CubaSpec(dump, { recordSpikes: !!opts.spikesOut }),
              duration: opts.duration,
              spikesOut: opts.spikesOut,
              network: opts.network,
              warmup: opts.warmup,
            });
          } else {
            result = runBrette2007({ kind, neurons: opts.neurons, seed: opts.seed, duration: opts.duration, spikesOut: opts.spikesOut, warmup: opts.warmup });
          }
          output.finish(result, () => human(result));
        },
      );
  }
}

function registerBenchScale(bench: Command): void {
  bench
    .command('scale')
    .description(
      'a large network on the parallel engine: CUBA (e.g. one million neurons × 80 synapses) or the PD14 microcircuit; build time, loop wall/CPU, peak RSS, bytes per synapse',
    )
    .option('--network <name>', 'cuba (Brette et al. 2007, p = k/N) or microcircuit (PD14, docs/microcircuit.md)', 'cuba')
    .option('--neurons <n>', 'cuba: network size (80 % excitatory)', intArg(10, 50_000_000), 1_000_000)
    .option('--synapses <k>', 'cuba: synapses per neuron (connection probability k/N, fixed_probability)', numArg({ positive: true }), 80)
    .option('--scale <s>', 'microcircuit: neuron-number scaling (1 = 77,169 neurons)', numArg({ positive: true, max: 1 }), 0.1)
    .option('--k-scale <k>', 'microcircuit: in-degree scaling', numArg({ positive: true, max: 1 }), 1)
    .option('--background <kind>', 'microcircuit: poisson or dc', 'poisson')
    .option('--duration <s>', 'simulated time in seconds', numArg({ positive: true }), 1)
    .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
    .option('--threads <n>', `threads, the main one included (default: all cores, here ${availableParallelism()})`, intArg(1, 1024))
    .option('--precision <p>', `cuba: ${PRECISION_HELP}`, 'float64')
    .option('--json', 'print exactly one JSON line and nothing else on stdout')
    .addHelpText(
      'after',
      '\nThe targets of issue 17: 1 M × 80 CUBA, 1 s, under 10 s wall on 2 cores, peak RSS ≤ 500 MB; PD14 at full scale on 2 cores (RTF).\nExamples:\n  spinsnn bench scale --neurons 1000000 --synapses 80 --threads 2 --json\n  spinsnn bench scale --neurons 1000000 --synapses 80 --threads 2 --precision float32 --json\n  spinsnn bench scale --network microcircuit --scale 0.1 --duration 0.5 --threads 2 --json',
    )
    .action(
      async (opts: {
        network: string;
        neurons: number;
        synapses: number;
        scale: number;
        kScale: number;
        background: string;
        duration: number;
        seed: number;
        threads?: number;
        precision: string;
        json?: boolean;
      }) => {
        const output = new CommandOutput({ json: opts.json });
        const threads = opts.threads ?? availableParallelism();
        const precision = precisionOption(
          opts.precision,
          'parallel',
          opts.network === 'microcircuit' ? "the microcircuit's core/iaf_psc_exp neurons run in float64 only" : undefined,
        );
        if (opts.network === 'microcircuit') {
          if (opts.background !== 'poisson' && opts.background !== 'dc') throw new ArgumentError('--background', `poisson or dc, got "${opts.background}"`);
          const r = await runParallelMicrocircuit({
            scale: opts.scale,
            kScale: opts.kScale,
            background: opts.background,
            seed: opts.seed,
            duration: opts.duration,
            threads,
          });
          output.finish(r, () => formatParallelMicrocircuit(r));
          return;
        }
        if (opts.network !== 'cuba') throw new ArgumentError('--network', `cuba or microcircuit, got "${opts.network}"`);
        if (opts.synapses >= opts.neurons) throw new ArgumentError('--synapses', `fewer synapses per neuron than the ${opts.neurons} neurons`);
        const r = await runParallelBench({
          kind: 'cuba',
          neurons: opts.neurons,
          synapsesPerNeuron: opts.synapses,
          seed: opts.seed,
          duration: opts.duration,
          threads,
          warmup: true,
          precision,
        });
        output.finish({ ...r, benchmark: 'scale-cuba', synapsesPerNeuron: opts.synapses }, () => humanParallel(r));
      },
    );
}

const PRECISION_HELP =
  'float64 or float32: width of neuron state, ring buffers and per-synapse weights on the parallel engine (float32: half the memory traffic, results not those of float64; docs/parallel.md)';

function humanParallel(r: ParallelBenchResult): string {
  return [
    `${r.benchmark.toUpperCase()}  ${r.neurons} neurons, ${r.synapses} synapses, ${r.durationS} s simulated, seed ${r.seed}, ${r.threads} thread(s), ${r.precision}`,
    ...(r.warmupSimS > 0 ? [`  warm-up         ${r.warmupSimS} s simulated first, untimed (figures below cover the next ${r.durationS} s)`] : []),
    `  spikes          ${r.spikes}  (mean ${r.meanRateHz.toFixed(3)} Hz; exc ${r.excRateHz.toFixed(3)}, inh ${r.inhRateHz.toFixed(3)})`,
    `  synaptic events ${r.synapticEvents}`,
    `  build           ${r.buildS.toFixed(3)} s`,
    `  run             ${r.loopWallS.toFixed(3)} s wall, ${r.loopCpuS.toFixed(3)} s CPU  → ${(r.synapticEvents / r.loopWallS / 1e6).toFixed(2)} M synaptic events/s`,
    `  synapses        ${r.bytesPerSynapse.toFixed(2)} bytes each (${r.synapseMB.toFixed(1)} MB)`,
    `  peak RSS        ${r.peakRssMB.toFixed(1)} MB`,
  ].join('\n');
}

function human(r: Brette2007Result): string {
  const lines = [
    `${r.benchmark.toUpperCase()}  ${r.neurons} neurons, ${r.synapses} synapses, ${r.durationS} s simulated, seed ${r.seed}`,
    `  spikes          ${r.spikes}  (mean ${r.meanRateHz.toFixed(3)} Hz; exc ${r.excRateHz.toFixed(3)}, inh ${r.inhRateHz.toFixed(3)})`,
    `  synaptic events ${r.synapticEvents}`,
    `  build           ${r.buildS.toFixed(3)} s`,
    `  run             ${r.wallS.toFixed(3)} s  → ${(r.eventsPerS / 1e6).toFixed(2)} M synaptic events/s`,
    `  peak RSS        ${r.peakRssMB.toFixed(1)} MB`,
  ];
  return lines.join('\n');
}
