/**
 * `spinsnn pbit …`: probabilistic computing with p-bit neurons that is not an Ising optimisation
 * (those live under `spinsnn ising`): population coding with superparamagnetic MTJs (`popcode`)
 * and continuous-attractor networks with path and cue integration (`attractor`).
 * docs/probabilistic.md describes the models.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { Rng } from '@spinsnn/core';
import { PBIT_DEVICE_IDS, meanDwellTime, pbitParams } from '@spinsnn/backends';
import {
  POPCODE_TARGETS,
  cramerRaoSd,
  encode,
  expectedRates,
  makePopulation,
  mlDecode,
  runInterlinked,
  runPopcode,
  tuningRate,
  type PopcodeTarget,
  type PopulationConfig,
} from '@spinsnn/learning';
import { lineSpec } from '../plot.js';
import { RunFolder } from '../run-folder.js';
import { intArg, numArg, round } from '../util.js';
import { registerAttractor } from './pbit-attractor.js';

function choice<T extends string>(values: readonly T[]) {
  return (v: string): T => {
    if (!(values as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}, got "${v}"`);
    return v as T;
  };
}

const TARGETS = ['sin', 'square', 'bump'] as const satisfies readonly PopcodeTarget[];

interface PopcodeOpts {
  n: number;
  preset: string;
  window: number;
  spread: number;
  decoder: 'lsq' | 'delta';
  train: number;
  test: number;
  sweep: boolean;
  seed: number;
  out?: string;
  force?: boolean;
  plot: boolean;
  json?: boolean;
}

async function popcode(o: PopcodeOpts): Promise<void> {
  const run = new RunFolder('pbit-popcode', { out: o.out, json: o.json });
  run.prepare({ force: o.force });
  const device = pbitParams(o.preset);
  const tauC = meanDwellTime(device);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const base = (n: number, spread: number): PopulationConfig => ({
    n,
    xMin: -1,
    xMax: 1,
    tauC,
    centreSpread: spread,
    sensitivitySpread: spread,
    barrierSpread: spread,
  });
  const rngFor = (salt: number) => (s: number) => new Rng(o.seed + salt, s);
  const progress = run.progress('popcode');
  const results: Record<string, unknown>[] = [];
  const curves: { x: number; y: number; series: string }[] = [];
  // 1. each target at the chosen N, window, spread; plus the interlinked pair
  for (const target of TARGETS) {
    const r = runPopcode(
      { population: base(o.n, o.spread), window: o.window * tauC, target, decoder: o.decoder, train: o.train, test: o.test, seed: o.seed },
      rngFor(1),
    );
    const il = runInterlinked(
      {
        population: base(o.n, o.spread),
        populationB: { ...base(o.n, o.spread), xMin: -1.3, xMax: 1.3 },
        window: o.window * tauC,
        target,
        decoder: 'delta',
        train: Math.min(o.train, 800),
        test: o.test,
        seed: o.seed,
        epochs: 10,
      },
      rngFor(2),
    );
    results.push({
      target,
      n: o.n,
      windowTauC: o.window,
      spread: o.spread,
      rmse: round(r.rmse),
      rmseNominalDecoder: round(r.rmseNominalDecoder),
      rmseInterlinked: round(il.rmse),
      rmseInterlinkedStageA: round(il.rmseA),
      meanSwitchesPerWindow: round(r.meanCount),
    });
    for (const c of r.curve) curves.push({ x: c.x, y: c.yHat, series: `${target}: decoded` }, { x: c.x, y: c.y, series: `${target}: f(x)` });
    for (const c of il.curve) curves.push({ x: c.x, y: c.yHat, series: `${target}: interlinked A→B` });
    run.appendMetrics({ experiment: 'target', ...results[results.length - 1] });
  }
  progress.update(0.25);
  // 2. identity coding: least squares and maximum likelihood vs the Cramér–Rao bound
  const pop = makePopulation(base(o.n, o.spread), new Rng(o.seed, 1));
  const ident = runPopcode(
    { population: base(o.n, o.spread), window: o.window * tauC, target: 'identity', decoder: 'lsq', train: o.train, test: o.test, seed: o.seed },
    rngFor(3),
  );
  const rng = new Rng(o.seed, 9);
  const r9 = new Float64Array(o.n);
  let seMl = 0,
    crb = 0;
  const K = 200;
  for (let k = 0; k < K; k++) {
    const x = -0.9 + (1.8 * (k + 0.5)) / K;
    seMl += (mlDecode(pop, encode(pop, x, o.window * tauC, rng, r9), o.window * tauC, -1.5, 1.5) - x) ** 2;
    crb += cramerRaoSd(pop, x, o.window * tauC) ** 2;
  }
  const identity = {
    rmseLeastSquares: round(ident.rmse),
    rmseMaximumLikelihood: round(Math.sqrt(seMl / K)),
    cramerRaoRms: round(Math.sqrt(crb / K)),
    points: K,
    xRange: [-0.9, 0.9],
  };
  run.appendMetrics({ experiment: 'identity', ...identity });
  // 3. sweeps: error vs N, window and spread (sin target)
  const sweeps: Record<string, { x: number; y: number; series: string }[]> = { n: [], window: [], spread: [] };
  if (o.sweep) {
    const cfg = { window: o.window * tauC, decoder: o.decoder, train: o.train, test: o.test, seed: o.seed };
    for (const n of [5, 9, 17, 33, 65]) {
      for (const target of TARGETS) {
        const r = runPopcode({ ...cfg, population: base(n, o.spread), target }, rngFor(4));
        sweeps.n.push({ x: n, y: r.rmse, series: target });
        run.appendMetrics({ experiment: 'sweep-n', target, n, rmse: r.rmse });
      }
    }
    progress.update(0.5);
    for (const w of [3, 10, 30, 100, 300, 1000]) {
      for (const target of [...TARGETS, 'identity' as const]) {
        const r = runPopcode({ ...cfg, window: w * tauC, population: base(o.n, o.spread), target }, rngFor(5));
        sweeps.window.push({ x: w, y: r.rmse, series: target === 'identity' ? 'x (identity), least squares' : target });
        if (target === 'identity') sweeps.window.push({ x: w, y: r.crbRms, series: 'x: Cramér–Rao bound' });
        run.appendMetrics({ experiment: 'sweep-window', target, windowTauC: w, rmse: r.rmse, crbRms: target === 'identity' ? r.crbRms : undefined });
      }
    }
    progress.update(0.75);
    for (const s of [0, 0.1, 0.2, 0.3, 0.5]) {
      for (const target of TARGETS) {
        const r = runPopcode({ ...cfg, population: base(o.n, s), target }, rngFor(6));
        sweeps.spread.push(
          { x: s, y: r.rmse, series: `${target}: decoder learned on the devices` },
          { x: s, y: r.rmseNominalDecoder, series: `${target}: decoder of nominal devices` },
        );
        run.appendMetrics({ experiment: 'sweep-spread', target, spread: s, rmse: r.rmse, rmseNominalDecoder: r.rmseNominalDecoder });
      }
    }
  }
  progress.done();
  const cpu = process.cpuUsage(cpu0);
  if (o.plot) {
    const tc: { x: number; y: number; series: string }[] = [];
    const rate = new Float64Array(o.n);
    for (let k = 0; k <= 200; k++) {
      const x = -1.3 + (2.6 * k) / 200;
      expectedRates(pop, x, rate);
      for (let i = 0; i < o.n; i++) tc.push({ x, y: tuningRate(pop, i, x) / 1e6, series: `junction ${i + 1}` });
    }
    await run.writePlot(
      'tuning-curves.svg',
      lineSpec(tc, {
        title: `Tuning curves of ${o.n} superparamagnetic MTJs (τ_c = ${round(tauC * 1e9)} ns, spread ${o.spread})`,
        x: 'input x (normalised current)',
        y: 'switching rate (MHz)',
      }),
    );
    await run.writePlot(
      'decoded.svg',
      lineSpec(curves, { title: `Learned y = f(x) from switch counts (${o.n} junctions, window ${o.window} τ_c, ${o.decoder})`, x: 'input x', y: 'y' }),
    );
    if (o.sweep) {
      await run.writePlot(
        'error-vs-n.svg',
        lineSpec(sweeps.n, {
          title: `Decoding error vs population size (window ${o.window} τ_c)`,
          x: 'junctions N',
          y: 'RMS error of ŷ',
          logX: true,
          logY: true,
        }),
      );
      await run.writePlot(
        'error-vs-window.svg',
        lineSpec(sweeps.window, {
          title: `Decoding error vs counting window (${o.n} junctions)`,
          x: 'counting window (units of τ_c)',
          y: 'RMS error',
          logX: true,
          logY: true,
        }),
      );
      await run.writePlot(
        'error-vs-spread.svg',
        lineSpec(sweeps.spread, {
          title: `Decoding error vs device-to-device spread (${o.n} junctions)`,
          x: 'spread (centre σ in spacings = relative σ of a = σ of Δ in kB·T)',
          y: 'RMS error',
          logY: true,
        }),
      );
    }
  }
  const summary = {
    device: 'pbit/telegraph',
    preset: o.preset,
    tauC,
    n: o.n,
    windowTauC: o.window,
    windowS: o.window * tauC,
    spread: o.spread,
    decoder: o.decoder,
    targets: results,
    identity,
    sweeps: o.sweep ? Object.fromEntries(Object.entries(sweeps).map(([k, v]) => [k, v.map((p) => ({ x: p.x, series: p.series, rmse: round(p.y) }))])) : null,
    cpuS: round((cpu.user + cpu.system) / 1e6),
    wallS: round((performance.now() - t0) / 1000),
    seed: o.seed,
    runFolder: run.dir,
  };
  run.writeConfig({ command: 'pbit popcode', ...o, device });
  run.writeSummary(summary);
  run.finish(summary, () =>
    [
      `population coding, ${o.n} SMTJs (τ_c ${round(tauC * 1e9)} ns), window ${o.window} τ_c, spread ${o.spread}:`,
      ...results.map(
        (r) => `  ${String(r.target).padEnd(7)} RMSE ${r.rmse} (nominal-device decoder ${r.rmseNominalDecoder}; interlinked A→B ${r.rmseInterlinked})`,
      ),
      `  identity: least squares ${identity.rmseLeastSquares}, maximum likelihood ${identity.rmseMaximumLikelihood}, Cramér–Rao bound ${identity.cramerRaoRms}`,
      run.dir,
    ].join('\n'),
  );
}

/** Registers `spinsnn pbit` and its subcommands. */
export function registerPbit(program: Command): void {
  const pbit = program.command('pbit').description('probabilistic computing with p-bit neurons: population coding, continuous attractors, cue integration');
  pbit
    .command('popcode')
    .description(
      'population coding with superparamagnetic MTJs (Mizrahi et al. 2018): tuning curves, switch-count readout, learned decoders of y = f(x), interlinked populations; run folder with plots',
    )
    .option('--n <N>', "junctions per population (9: the paper's experiment)", intArg(2, 512), 9)
    .option('--preset <name>', 'pbit/telegraph preset setting the peak dwell τ_c = τ0·e^Δ', 'soumah2024')
    .option('--window <x>', 'counting window, in units of τ_c', numArg({ positive: true, max: 1e5 }), 100)
    .option(
      '--spread <x>',
      'device-to-device spread: centre σ (in centre spacings) = relative σ of the sensitivity = σ of the barrier (kB·T)',
      numArg({ min: 0, max: 2 }),
      0,
    )
    .option('--decoder <kind>', 'lsq (ridge least squares) or delta (delta rule)', choice(['lsq', 'delta'] as const), 'lsq')
    .option('--train <n>', 'training samples (noisy counts at random x)', intArg(10, 1e6), 2000)
    .option('--test <n>', 'test points (evenly spaced x)', intArg(2, 1e5), 200)
    .option('--no-sweep', 'skip the sweeps over N, window and spread')
    .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
    .option('--out <dir>', 'run folder (default runs/pbit-popcode-<time>)')
    .option('--force', 'write into a non-empty --out (its files are overwritten)')
    .option('--no-plot', 'skip the SVG plots')
    .option('--json', 'print exactly one JSON line on stdout')
    .addHelpText(
      'after',
      `\nTargets: ${TARGETS.map((t) => `${t} (${POPCODE_TARGETS[t].toString().replace(/^\(x\) => /, '')})`).join(', ')}; x ∈ [−1, 1].\nDevices for samplers: ${PBIT_DEVICE_IDS.join(', ')}.\n\nExample (the 9-junction setting, with the sweeps; a few CPU-seconds):\n  spinsnn pbit popcode --n 9 --window 100 --json`,
    )
    .action((o: PopcodeOpts) => popcode(o));
  registerAttractor(pbit);
}
