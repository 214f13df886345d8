import { InvalidArgumentError, type Command } from 'commander';
import { EnergyLedger, Population, Rng, Simulator, SpikeMonitor, mu0, ns, ps, type KernelChoice } from '@spinsnn/core';
import {
  defaultStno,
  GibbsSampler,
  IsingModel,
  MacrospinEnsemble,
  PbitTelegraphGroup,
  StnoArray,
  macrospinDefaults,
  pbitParams,
  stnoDerived,
} from '@spinsnn/backends';
import { dsatur } from '@spinsnn/learning';
import { loadavg } from 'node:os';
import { CommandOutput } from '../run-folder.js';
import { intArg, numArg, peakRssMB, round } from '../util.js';

/**
 * `spinsnn bench llg | pbit | pbit-async | stno`: throughput of the device physics of issue 4,
 * each printing one JSON line with --json. Targets (issue 4): macrospin ≥ 1e7 steps/s, Gibbs
 * updates on a sparse graph ≥ 5e7/s, 1e4 asynchronous p-bits on the event kernel ≥ 1e7 flips/s,
 * STNO integration ≥ 1e7 oscillator-steps/s — all on one core.
 */
type Sink = 'population' | 'monitor' | 'immediate';

function sinkArg(v: string): Sink {
  if (v !== 'population' && v !== 'monitor' && v !== 'immediate') throw new InvalidArgumentError('expected population, monitor or immediate');
  return v;
}

function kernelArg(v: string): KernelChoice {
  if (v !== 'auto' && v !== 'wasm' && v !== 'js') throw new InvalidArgumentError(`expected auto, wasm or js, got "${v}"`);
  return v;
}

export function registerBenchPhysics(bench: Command): void {
  bench
    .command('llg')
    .description('macrospin stochastic LLGS (Heun, STT, thermal field at 300 K): steps per second on one core')
    .option('--spins <n>', 'independent macrospins (struct of arrays)', intArg(1, 10_000_000), 100)
    .option('--steps <n>', 'steps per spin', intArg(1, 1e9), 200_000)
    .option('--temperature <K>', 'temperature (0: deterministic)', numArg({ min: 0 }), 300)
    .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
    .option('--json', 'print exactly one JSON line and nothing else on stdout')
    .addHelpText('after', '\nExample:\n  spinsnn bench llg --spins 100 --steps 200000 --json')
    .option(...targetOption('macrospin steps per CPU-second', '1e7'))
    .action((o: { spins: number; steps: number; temperature: number; seed: number; json?: boolean; target?: number }) => {
      // the ARM Verilog-A PMA MTJ (docs/physics.md §1.3/§1.4) with a sub-critical STT current
      const p = macrospinDefaults();
      p.ms = 1.2e6;
      p.alpha = 0.01;
      p.volume = (Math.PI / 4) * 50e-9 * 50e-9 * 1e-9;
      p.hk = (2 * 1e-3) / (1e-9 * mu0 * p.ms);
      p.demag = [0.029, 0.029, 0.941];
      p.temperature = o.temperature;
      p.current = 10e-6;
      p.polarisation = 0.75;
      p.p = [0, 0, 1];
      const dt = 0.1 * ps;
      const e = new MacrospinEnsemble(o.spins, p, dt, new Rng(o.seed));
      e.setAll(0.05, 0, -1);
      e.advanceAll(Math.min(1000, o.steps)); // warm up the JIT
      const steps0 = e.steps;
      const { wallS, cpuS } = timed(() => e.advanceAll(o.steps));
      const steps = e.steps - steps0;
      let mz = 0;
      for (let i = 0; i < o.spins; i++) mz += e.mz[i] / o.spins;
      emit(o.json, {
        benchmark: 'llg',
        spins: o.spins,
        stepsPerSpin: o.steps,
        dtS: dt,
        temperatureK: o.temperature,
        steps,
        wallS: round(wallS),
        cpuS: round(cpuS),
        stepsPerS: round(steps / wallS),
        stepsPerCpuS: round(steps / cpuS),
        ...targetFields(o.target, steps / cpuS),
        loadAverage: loadAverage(),
        meanMz: round(mz),
        peakRssMB: round(peakRssMB()),
      });
    });

  bench
    .command('pbit')
    .description('discrete-time p-bit Gibbs updates on a sparse graph (2-D ±J spin glass on a torus, degree 4): sequential and chromatic sweeps')
    .option('--side <n>', 'lattice side L (L² p-bits)', intArg(2, 10_000), 316)
    .option('--sweeps <n>', 'sweeps per schedule', intArg(1, 1e6), 100)
    .option('--beta <x>', 'inverse temperature β', numArg({ min: 0 }), 1)
    .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
    .option('--kernel <k>', 'sweep implementation: auto (WebAssembly where available), wasm, js (the TypeScript reference)', kernelArg, 'auto')
    .option('--json', 'print exactly one JSON line and nothing else on stdout')
    .option(...targetOption('the faster sweep’s p-bit updates per CPU-second', '5e7'))
    .action((o: { side: number; sweeps: number; beta: number; seed: number; kernel: KernelChoice; json?: boolean; target?: number }) => {
      const g = torusSpinGlass(o.side, new Rng(o.seed, 1));
      const { classes } = dsatur(g);
      const s = new GibbsSampler(g, o.beta, new Rng(o.seed, 2), { kernel: o.kernel });
      s.sweepSequential(2);
      const u0 = s.updates;
      const seq = timed(() => s.sweepSequential(o.sweeps));
      const seqUpdates = s.updates - u0;
      s.sweepChromatic(classes, 2);
      const u1 = s.updates;
      const chr = timed(() => s.sweepChromatic(classes, o.sweeps));
      const chrUpdates = s.updates - u1;
      const seqRate = seqUpdates / seq.cpuS,
        chrRate = chrUpdates / chr.cpuS;
      emit(o.json, {
        benchmark: 'pbit-gibbs',
        kernel: s.kernel,
        pbits: g.n,
        edges: g.edges,
        colours: classes.length,
        beta: o.beta,
        sweeps: o.sweeps,
        sequential: {
          updates: seqUpdates,
          wallS: round(seq.wallS),
          cpuS: round(seq.cpuS),
          updatesPerS: round(seqUpdates / seq.wallS),
          updatesPerCpuS: round(seqRate),
        },
        chromatic: {
          updates: chrUpdates,
          wallS: round(chr.wallS),
          cpuS: round(chr.cpuS),
          updatesPerS: round(chrUpdates / chr.wallS),
          updatesPerCpuS: round(chrRate),
        },
        energyPerSpin: round(s.energy() / g.n),
        ...targetFields(o.target, Math.max(seqRate, chrRate)),
        loadAverage: loadAverage(),
        peakRssMB: round(peakRssMB()),
      });
    });

  bench
    .command('pbit-async')
    .description(
      'continuous-time asynchronous p-bits on the event kernel: telegraph flips by the next-reaction method, run in batches up to the simulator horizon (WebAssembly, or the TypeScript reference with --kernel js)',
    )
    .option('--side <n>', 'lattice side L (L² p-bits; 100 gives 10^4)', intArg(2, 10_000), 100)
    .option('--duration <s>', 'simulated time (s)', numArg({ positive: true }), 3e-6)
    .option('--preset <name>', 'p-bit preset', 'soumah2024')
    .option('--beta <x>', 'p-bit gain β', numArg({ min: 0 }), 0.5)
    .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
    .option('--kernel <k>', 'flip kernel: auto, wasm or js (the TypeScript reference)', kernelArg, 'auto')
    .option(
      '--sink <s>',
      'who hears the spikes (up-flips): population (nobody listens, as in an Ising sampler), monitor (a spike monitor records each), immediate (a zero-latency listener: every up-flip ends a batch)',
      sinkArg,
      'population',
    )
    .option('--json', 'print exactly one JSON line and nothing else on stdout')
    .option(...targetOption('flips per CPU-second', '1e7'))
    .action(
      (o: {
        side: number;
        duration: number;
        preset: string;
        beta: number;
        seed: number;
        kernel: KernelChoice;
        sink: Sink;
        json?: boolean;
        target?: number;
      }) => {
        const g = torusSpinGlass(o.side, new Rng(o.seed, 1));
        const params = pbitParams(o.preset, { beta: o.beta });
        const sim = new Simulator(1 * ns);
        const group = new PbitTelegraphGroup(g.n, params, o.kernel);
        group.setCoupling(g);
        const ledger = new EnergyLedger();
        const pop = new Population('pbits', g.n, 'neurons', 'pbit', group);
        const monitor = new SpikeMonitor('pbits');
        if (o.sink === 'monitor') pop.addListener(monitor);
        if (o.sink === 'immediate') pop.addListener({ onSpike() {} }); // no latency(): it must hear each spike at once
        group.attach({ sim, out: pop, ledger, component: 'pbits', rng: new Rng(o.seed, 2) });
        sim.run(o.duration / 10); // warm-up
        const f0 = group.flips,
          e0 = sim.eventsProcessed,
          s0 = pop.spikes;
        const { wallS, cpuS } = timed(() => sim.run(o.duration));
        const flips = group.flips - f0,
          events = sim.eventsProcessed - e0;
        const energy = ledger.rows().find((r) => r.op === 'flip')?.energyJ ?? 0;
        emit(o.json, {
          benchmark: 'pbit-async',
          kernel: group.kernelKind,
          sink: o.sink,
          pbits: g.n,
          preset: o.preset,
          beta: o.beta,
          simulatedS: o.duration,
          flips,
          upFlips: pop.spikes - s0,
          events,
          eventsPerFlip: round(events / Math.max(1, flips)),
          wallS: round(wallS),
          cpuS: round(cpuS),
          flipsPerS: round(flips / wallS),
          flipsPerCpuS: round(flips / cpuS),
          simulatedFlipsPerS: round(flips / o.duration),
          energyJ: round(energy),
          ...targetFields(o.target, flips / cpuS),
          loadAverage: loadAverage(),
          peakRssMB: round(peakRssMB()),
        });
      },
    );

  bench
    .command('stno')
    .description('STNO auto-oscillator integration (exact amplitude step, phase, optional 300 K noise and all-to-all coupling)')
    .option('--oscillators <n>', 'number of oscillators', intArg(1, 10_000_000), 1000)
    .option('--steps <n>', 'steps of 1 ps', intArg(1, 1e9), 10_000)
    .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
    .option('--json', 'print exactly one JSON line and nothing else on stdout')
    .option(...targetOption('the slower of the noise-free and 300 K oscillator steps per CPU-second', '1e7'))
    .action((o: { oscillators: number; steps: number; seed: number; json?: boolean; target?: number }) => {
      const base = defaultStno();
      const d = stnoDerived(base);
      const run = (temperature: number, n: number, steps: number, coupled: boolean) => {
        const a = new StnoArray(n, { ...base, temperature }, new Rng(o.seed));
        for (let i = 0; i < n; i++) a.current[i] = (1.2 + (0.8 * i) / n) * d.ith;
        if (coupled) {
          a.setAllToAllCoupling(0.01 * d.gammaG);
          a.carrierFrame = true;
        }
        a.step(1 * ps, Math.min(100, steps));
        const s0 = a.steps;
        const { wallS, cpuS } = timed(() => a.step(1 * ps, steps));
        const done = a.steps - s0;
        return {
          oscillators: n,
          steps,
          oscillatorSteps: done,
          wallS: round(wallS),
          cpuS: round(cpuS),
          oscillatorStepsPerS: round(done / wallS),
          oscillatorStepsPerCpuS: round(done / cpuS),
        };
      };
      const noiseFree = run(0, o.oscillators, o.steps, false);
      const thermal = run(300, o.oscillators, o.steps, false);
      const coupled = run(0, 8, Math.max(1, Math.round((o.steps * o.oscillators) / 8)), true);
      emit(o.json, {
        benchmark: 'stno',
        noiseFree,
        thermal300K: thermal,
        coupled8: coupled,
        ...targetFields(o.target, Math.min(noiseFree.oscillatorStepsPerCpuS, thermal.oscillatorStepsPerCpuS)),
        loadAverage: loadAverage(),
        peakRssMB: round(peakRssMB()),
      });
    });
}

/** L×L torus, nearest-neighbour couplings ±1 with equal probability (an EA spin glass). */
function torusSpinGlass(side: number, rng: Rng): IsingModel {
  const n = side * side;
  const m = 2 * n;
  const i = new Int32Array(m),
    j = new Int32Array(m),
    w = new Float64Array(m);
  let k = 0;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const a = y * side + x;
      i[k] = a;
      j[k] = y * side + ((x + 1) % side);
      w[k++] = rng.uniform32() < 0.5 ? -1 : 1;
      i[k] = a;
      j[k] = ((y + 1) % side) * side + x;
      w[k++] = rng.uniform32() < 0.5 ? -1 : 1;
    }
  }
  if (side === 2) {
    // on a 2×2 torus the two "neighbours" coincide: keep the graph simple (no duplicate edges)
    return IsingModel.fromEdges(n, [0, 0, 1, 2], [1, 2, 3, 3], [1, -1, 1, -1]);
  }
  return IsingModel.fromEdges(n, i, j, w);
}

/**
 * Wall and CPU time of `fn`. The CPU time of this process is reported next to wall time because
 * the benchmark machine is shared: with other jobs running, wall time counts time spent waiting
 * for a core. Rates "per CPU second" are what one dedicated core would do.
 */
function timed(fn: () => void): { wallS: number; cpuS: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wallS = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wallS, cpuS: (c.user + c.system) / 1e6 };
}

function loadAverage(): number {
  return round(loadavg()[0], 3);
}

/**
 * `target` and `meetsTarget` in the JSON only when the user gave `--target`: a rate compared
 * with a goal nobody set is noise (issue figures are named in each command's --help).
 */
function targetFields(target: number | undefined, rate: number): { target?: number; meetsTarget?: boolean } {
  return target === undefined ? {} : { target, meetsTarget: rate >= target };
}

/** `--target <rate>` of a bench command: what it compares, and the figure an issue set. */
function targetOption(what: string, example: string): [string, string, (v: string) => number] {
  return ['--target <rate>', `report whether ${what} reaches this rate (meetsTarget in the JSON), e.g. --target ${example}`, numArg({ positive: true })];
}

function emit(json: boolean | undefined, result: Record<string, unknown>): void {
  new CommandOutput({ json }).finish(result);
}
