/**
 * `spinsnn pbit attractor`: a ring of p-bit neurons with cosine weights (docs/probabilistic.md
 * §4): bump threshold vs mean-field theory, phase diffusion vs N and device noise, path
 * integration of a velocity input, and integration of two noisy cues vs the Bayes-optimal
 * inverse-variance estimate. Writes a run folder with plots and JSON.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { TopLevelSpec } from 'vega-lite';
import { Rng } from '@spinsnn/core';
import { PBIT_DEVICE_IDS, meanDwellTime, pbitDevice, type PbitDeviceId } from '@spinsnn/backends';
import {
  PbitRing,
  bumpDiffusion,
  bumpThreshold,
  cueIntegration,
  meanFieldBump,
  pathIntegration,
  subThresholdAmplitude,
  type RingConfig,
} from '@spinsnn/learning';
import { lineSpec } from '../plot.js';
import { RunFolder } from '../run-folder.js';
import { intArg, numArg, round } from '../util.js';

interface AttractorOpts {
  n: number;
  beta: number;
  ratio: number;
  device: PbitDeviceId;
  preset?: string;
  sweeps: number;
  trials: number;
  sigma1: number;
  sigma2: number;
  gain: number;
  kappa: number;
  seed: number;
  out?: string;
  force?: boolean;
  plot: boolean;
  json?: boolean;
}

function scatterSpec(points: { x: number; y: number; series: string }[], o: { title: string; x: string; y: string }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: 480,
    height: 480,
    data: { values: points },
    mark: { type: 'point', filled: true, size: 20 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.x },
      y: { field: 'y', type: 'quantitative', title: o.y },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}

async function attractor(o: AttractorOpts): Promise<void> {
  const run = new RunFolder('pbit-attractor', { out: o.out, json: o.json });
  run.prepare({ force: o.force });
  const dev = pbitDevice(o.device, o.preset);
  const sampleTime = meanDwellTime(dev.effective); // one sweep = one sample per neuron
  const chipFor = (n: number, seed: number) => (o.device === 'pbit/telegraph' ? null : dev.chip(n, new Rng(seed, 77)));
  const chipBeta = dev.effective.beta;
  const jc = bumpThreshold(o.beta, 0, 0);
  const cfg: RingConfig = { n: o.n, beta: o.beta, j1: o.ratio * jc, j0: 0, bias: 0 };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const progress = run.progress('attractor');
  // 1. bump amplitude vs J1/J1c against mean-field theory
  const thr: { x: number; y: number; series: string }[] = [];
  const threshold: Record<string, number>[] = [];
  for (const f of [0.25, 0.5, 0.75, 0.9, 1.1, 1.25, 1.5, 2, 2.5]) {
    const c = { ...cfg, j1: f * jc };
    const ring = new PbitRing(c, new Rng(o.seed, 1), chipFor(o.n, o.seed), chipBeta);
    ring.randomise();
    ring.sweep(200);
    let a = 0;
    const K = Math.max(50, Math.round(o.sweeps / 4));
    for (let k = 0; k < K; k++) {
      ring.sweep(2);
      a += ring.amplitude();
    }
    const sim = a / K;
    const theory = f < 1 ? subThresholdAmplitude(c) : meanFieldBump(o.beta, c.j1, 0, 0).r;
    thr.push({ x: f, y: sim, series: `simulation (${o.device}, N = ${o.n})` }, { x: f, y: f < 1 ? 0 : theory, series: 'mean-field bump r (N → ∞)' });
    if (f < 1) thr.push({ x: f, y: theory, series: 'Gaussian fluctuation level (finite N)' });
    threshold.push({ ratio: f, amplitude: round(sim), theory: round(theory) });
    run.appendMetrics({ experiment: 'threshold', ratio: f, amplitude: sim, theory });
  }
  progress.update(0.3);
  // 2. diffusion vs N (fixed couplings), and vs device noise (β at fixed J1)
  const diff: { x: number; y: number; series: string }[] = [];
  const diffusion: Record<string, number>[] = [];
  for (const beta of [o.beta, 0.8 * o.beta]) {
    for (const n of [50, 100, 200, 400]) {
      const ring = new PbitRing({ ...cfg, n, beta }, new Rng(o.seed, 2), chipFor(n, o.seed), chipBeta);
      ring.seedBump(0);
      ring.sweep(50);
      const d = bumpDiffusion(ring, Math.max(200, Math.round(o.sweeps / 2)), 2, 8).d;
      diff.push({ x: n, y: d, series: `β = ${round(beta)} (J1 = ${round(cfg.j1)})` });
      diffusion.push({ beta, n, dRad2PerSweep: round(d), dRad2PerS: round(d / sampleTime) });
      run.appendMetrics({ experiment: 'diffusion', beta, n, d });
    }
  }
  progress.update(0.55);
  // 3. path integration: calibrate the speed per unit velocity, then follow a smooth velocity signal
  const ring = new PbitRing(cfg, new Rng(o.seed, 3), chipFor(o.n, o.seed), chipBeta);
  ring.seedBump(0);
  ring.sweep(50);
  const calT = 200;
  const cal = pathIntegration(ring, Array(calT).fill(1), o.kappa, 1).phase;
  const gain = (cal[calT - 1] - cal[0]) / (calT - 1);
  const T = Math.max(200, o.sweeps);
  const vr = new Rng(o.seed, 4);
  const a1 = vr.uniform() * 2 * Math.PI,
    a2 = vr.uniform() * 2 * Math.PI;
  const velocity = Array.from({ length: T }, (_, t) => Math.sin((2 * Math.PI * t) / T + a1) + 0.5 * Math.sin((6 * Math.PI * t) / T + a2));
  const start = ring.phase();
  const pi = pathIntegration(ring, velocity, o.kappa, 1).phase;
  const path: { x: number; y: number; series: string }[] = [];
  let integ = start,
    se = 0;
  for (let t = 0; t < T; t++) {
    integ += gain * velocity[t];
    se += (pi[t] - integ) ** 2;
    if (t % Math.max(1, Math.floor(T / 400)) === 0)
      path.push({ x: t, y: pi[t], series: 'bump phase (unwrapped)' }, { x: t, y: integ, series: 'gain × ∫ v dt' });
  }
  const pathRms = Math.sqrt(se / T);
  const pathLength = velocity.reduce((a, v) => a + Math.abs(gain * v), 0);
  // pure diffusion of the phase makes the error grow as √(2Dt): its RMS over t ∈ [0, T] is √(D T)
  const dHere = diffusion.find((d) => d.beta === o.beta && d.n === o.n)?.dRad2PerSweep;
  const diffusionLimit = dHere === undefined ? null : Math.sqrt(dHere * T);
  run.appendMetrics({ experiment: 'path-integration', gainRadPerSweep: gain, rmsError: pathRms });
  progress.update(0.7);
  // 4. cue integration
  const cue = cueIntegration(
    { ring: cfg, sigma1: o.sigma1, sigma2: o.sigma2, gain: o.gain, trials: o.trials, settle: 30, read: 80 },
    new Rng(o.seed, 5),
    chipFor(o.n, o.seed),
    chipBeta,
  );
  run.writeJsonLines('cue-trials.jsonl', cue.trials);
  progress.done();
  const cpu = process.cpuUsage(cpu0);
  if (o.plot) {
    await run.writePlot(
      'bump-threshold.svg',
      lineSpec(thr, {
        title: `Bump amplitude vs coupling (β = ${o.beta}, J1c = ${round(jc)})`,
        x: 'J1 / J1c (mean-field threshold J1c = 2/(β m̄(1 − m̄)))',
        y: 'bump amplitude |Σ s e^(iθ)|/N',
      }),
    );
    await run.writePlot(
      'diffusion.svg',
      lineSpec(diff, {
        title: 'Phase diffusion of the bump vs ring size and device noise',
        x: 'neurons N',
        y: 'diffusion constant D (rad² per sweep)',
        logX: true,
        logY: true,
      }),
    );
    await run.writePlot(
      'path-integration.svg',
      lineSpec(path, {
        title: `Path integration (δ = ${o.kappa}·v, calibrated gain ${round(gain)} rad/sweep)`,
        x: 'time (sweeps = device samples per neuron)',
        y: 'phase (rad)',
      }),
    );
    const sc = cue.trials.flatMap((t) => [{ x: t.bayes, y: t.network, series: 'network vs Bayes estimate' }]);
    await run.writePlot(
      'cue-integration.svg',
      scatterSpec(sc, {
        title: `Cue integration: σ1 = ${o.sigma1}, σ2 = ${o.sigma2} rad, ${o.trials} trials`,
        x: 'Bayes-optimal inverse-variance estimate (rad)',
        y: 'network estimate: bump phase (rad)',
      }),
    );
  }
  const summary = {
    device: o.device,
    preset: o.preset ?? null,
    sampleTimeS: sampleTime,
    n: o.n,
    beta: o.beta,
    j1: round(cfg.j1),
    j1c: round(jc),
    ratio: o.ratio,
    threshold,
    diffusion,
    pathIntegration: {
      kappa: o.kappa,
      gainRadPerSweep: round(gain),
      sweeps: T,
      rmsErrorRad: round(pathRms),
      pathLengthRad: round(pathLength),
      diffusionLimitRad: diffusionLimit === null ? null : round(diffusionLimit),
    },
    cueIntegration: {
      sigma1: o.sigma1,
      sigma2: o.sigma2,
      trials: o.trials,
      weight1: round(cue.weight1),
      weight1Se: round(cue.weight1Se),
      weight1Bayes: round(cue.weight1Bayes),
      meanNetworkMinusBayes: round(cue.meanDiff),
      se: round(cue.seDiff),
      rmsNetwork: round(cue.rmsNetwork),
      rmsBayes: round(cue.rmsBayes),
      rmsCue1: round(cue.rmsCue1),
      rmsCue2: round(cue.rmsCue2),
    },
    cpuS: round((cpu.user + cpu.system) / 1e6),
    wallS: round((performance.now() - t0) / 1000),
    seed: o.seed,
    runFolder: run.dir,
  };
  run.writeConfig({ command: 'pbit attractor', ...o, deviceParams: dev.effective });
  run.writeSummary(summary);
  run.finish(summary, () =>
    [
      `ring attractor: N = ${o.n}, β = ${o.beta}, J1 = ${round(cfg.j1)} (J1c = ${round(jc)}), device ${o.device}`,
      `  bump amplitude at J1/J1c = 2: ${threshold.find((t) => t.ratio === 2)?.amplitude} (mean field ${threshold.find((t) => t.ratio === 2)?.theory})`,
      `  diffusion: ${diffusion
        .filter((d) => d.beta === o.beta)
        .map((d) => `N ${d.n}: ${d.dRad2PerSweep}`)
        .join(', ')} rad²/sweep`,
      `  path integration: RMS error ${round(pathRms)} rad over a path of ${round(pathLength)} rad (diffusion alone: ${diffusionLimit === null ? 'n/a' : round(diffusionLimit)} rad)`,
      `  cue integration: weight of cue 1 ${round(cue.weight1)} ± ${round(cue.weight1Se)} (Bayes ${round(cue.weight1Bayes)}); RMS network ${round(cue.rmsNetwork)}, Bayes ${round(cue.rmsBayes)}, cues ${round(cue.rmsCue1)} / ${round(cue.rmsCue2)} rad`,
      run.dir,
    ].join('\n'),
  );
}

function deviceChoice(v: string): PbitDeviceId {
  if (!(PBIT_DEVICE_IDS as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${PBIT_DEVICE_IDS.join(', ')}, got "${v}"`);
  return v as PbitDeviceId;
}

/** Registers `spinsnn pbit attractor` under the `pbit` command. */
export function registerAttractor(pbit: Command): void {
  pbit
    .command('attractor')
    .description(
      'continuous-attractor ring of p-bit neurons: bump threshold vs mean-field theory, phase diffusion, path integration, cue integration vs Bayes; run folder with plots',
    )
    .option('--n <N>', 'neurons on the ring', intArg(8, 100000), 200)
    .option('--beta <x>', 'p-bit inverse temperature β (device noise: lower is noisier)', numArg({ positive: true, max: 1000 }), 4)
    .option('--ratio <x>', 'J1 / J1c of the network used for diffusion, path and cue integration', numArg({ positive: true, max: 100 }), 2)
    .option('--device <id>', `neuron device: ${PBIT_DEVICE_IDS.join(', ')} (telegraph: ideal logistic p-bits)`, deviceChoice, 'pbit/telegraph')
    .option('--preset <name>', 'preset of --device (sets the time per sample)')
    .option('--sweeps <n>', 'sweeps for averages and for the path-integration run', intArg(50, 1e7), 2000)
    .option('--trials <n>', 'cue-integration trials', intArg(3, 1e6), 150)
    .option('--sigma1 <rad>', 'noise of cue 1 (rad)', numArg({ positive: true, max: 3 }), 0.2)
    .option('--sigma2 <rad>', 'noise of cue 2 (rad)', numArg({ positive: true, max: 3 }), 0.4)
    .option('--gain <x>', 'cue strength per unit reliability: a cue of noise σ adds gain/σ² · cos(θ − cue)', numArg({ positive: true, max: 10 }), 0.01)
    .option('--kappa <rad>', 'kernel shift per unit velocity (path integration)', numArg({ positive: true, max: 1 }), 0.1)
    .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
    .option('--out <dir>', 'run folder (default runs/pbit-attractor-<time>)')
    .option('--force', 'write into a non-empty --out (its files are overwritten)')
    .option('--no-plot', 'skip the SVG plots')
    .option('--json', 'print exactly one JSON line on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  spinsnn pbit attractor --n 200 --beta 4 --json\n  spinsnn pbit attractor --device pbit/sot-highbarrier --preset ren2024 --json',
    )
    .action((o: AttractorOpts) => attractor(o));
}
