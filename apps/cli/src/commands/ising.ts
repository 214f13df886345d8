import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { InternalError, Rng, SpecError } from '@spinsnn/core';
import { PBIT_DEVICE_IDS, pbitDevice, pbitParams, type PbitParams } from '@spinsnn/backends';
import { readGset } from '@spinsnn/datasets/node';
import {
  PbitRbm,
  barsAndStripes,
  bestKnownCut,
  cutValue,
  dsatur,
  energyEstimate,
  factorEncoding,
  factorise,
  factoriseWithMultiplier,
  maxCutModel,
  quantile,
  semiprimes,
  tts99,
  type BetaSchedule,
  type MaxCutConfig,
  type MaxCutRun,
  type MaxCutSampler,
  type WeightedGraph,
} from '@spinsnn/learning';
import { maxCutRuns } from '@spinsnn/learning/node';
import { lineSpec } from '../plot.js';
import { CommandOutput, RunFolder, readJsonLines } from '../run-folder.js';
import { ArgumentError, intArg, numArg, peakRssMB, round } from '../util.js';

const SAMPLERS: readonly MaxCutSampler[] = ['sequential', 'coloured', 'tempering', 'async', 'msc', 'msc-pt'];

function choice<T extends string>(values: readonly T[]) {
  return (v: string): T => {
    if (!(values as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}, got "${v}"`);
    return v as T;
  };
}

interface DeviceOpts {
  device: string;
  preset?: string;
  betaSpread: number;
  offsetSpread: number;
}

/**
 * The p-bit the samplers run: pbit/telegraph as is; a pulsed device (pbit/vcma,
 * pbit/sot-highbarrier) as its σ(2βu)-matched p-bit (docs/probabilistic.md §2.3), whose spread
 * comes from the device preset unless --beta-spread / --offset-spread are given (non-zero).
 */
function deviceFrom(o: DeviceOpts): PbitParams {
  if (o.device === 'pbit/telegraph') return pbitParams(o.preset, { betaSpread: o.betaSpread, offsetSpread: o.offsetSpread });
  const e = pbitDevice(o.device, o.preset).effective;
  return { ...e, betaSpread: o.betaSpread || e.betaSpread, offsetSpread: o.offsetSpread || e.offsetSpread };
}

function addDeviceOptions(c: Command): Command {
  return c
    .option(
      '--device <id>',
      `p-bit device: ${PBIT_DEVICE_IDS.join(', ')} (pulsed devices run as their σ(2βu)-matched p-bit)`,
      choice(PBIT_DEVICE_IDS),
      'pbit/telegraph',
    )
    .option('--preset <name>', 'preset of --device (dwell time, energy per flip), e.g. soumah2024 (telegraph), highVcma (vcma), ren2024 (sot-highbarrier)')
    .option('--beta-spread <x>', 'device-to-device relative spread of the p-bit gain β (0 = ideal)', numArg({ min: 0 }), 0)
    .option('--offset-spread <x>', 'device-to-device input offset σ (input units; 0 = ideal)', numArg({ min: 0 }), 0);
}

interface MaxCutOpts extends DeviceOpts {
  graph: string;
  sweeps: number;
  time?: number;
  runs: number;
  threads: number;
  sampler: MaxCutSampler;
  schedule: 'linear' | 'geometric';
  beta0?: number;
  beta1?: number;
  replicas: number;
  houdayer?: boolean;
  icmFraction: number;
  target?: number;
  quench: number;
  asyncDelay: number;
  words: '1' | '4';
  swapEvery: number;
  seed: number;
  out?: string;
  force?: boolean;
  resume?: boolean;
  plot: boolean;
  json?: boolean;
}

/** Default β range (docs/ising.md §1): 0.1 → 3 for unit weights, 0.1 → 5 for ±1 tori (G11, G81). */
function defaultBetas(g: WeightedGraph): [number, number] {
  let mixed = false;
  for (let e = 0; e < g.weight.length; e++) if (g.weight[e] < 0) mixed = true;
  return mixed ? [0.1, 5] : [0.1, 3];
}

function bestKnownFor(graphPath: string, name: string): number | null {
  const readme = join(dirname(graphPath), 'README.md');
  return existsSync(readme) ? bestKnownCut(readFileSync(readme, 'utf8'), name) : null;
}

async function maxcut(o: MaxCutOpts): Promise<void> {
  // a missing or malformed graph throws here, before the run folder exists
  const g = readGset(o.graph);
  const graph: WeightedGraph & { name: string; edges: number } = { name: g.name, nodes: g.n, edges: g.m, from: g.src, to: g.dst, weight: g.weight };
  const bestKnown = bestKnownFor(o.graph, graph.name);
  const [b0, b1] = defaultBetas(graph);
  const schedule: BetaSchedule = { kind: o.schedule, beta0: o.beta0 ?? b0, beta1: o.beta1 ?? b1 };
  const device = deviceFrom(o);
  const targetCut = o.target ?? bestKnown ?? undefined;
  const cfg: MaxCutConfig = {
    sampler: o.sampler,
    sweeps: o.sweeps,
    schedule,
    seed: o.seed,
    replicas: o.replicas,
    houdayer: o.houdayer === true,
    houdayerFraction: o.icmFraction,
    quenchEvery: o.quench,
    device,
    targetCut,
    asyncDelay: o.asyncDelay,
    words: o.words === '4' ? 4 : 1,
    swapEvery: o.swapEvery,
  };
  // Runs continue up to --runs, or until the --time budget when only --time is given.
  const runs = o.time !== undefined && o.runs === 0 ? 1_000_000 : Math.max(1, o.runs);
  if (o.resume && o.force) throw new ArgumentError('--force', '--resume continues the runs in --out, --force starts afresh: pass one of them');
  if (o.resume && o.time !== undefined)
    throw new ArgumentError(
      '--resume',
      'a --time budget decides how many runs there are, so a timed job cannot be continued: resume a job of a fixed --runs N (without --time)',
    );
  const run = new RunFolder(`ising-maxcut-${graph.name}`, { out: o.out, json: o.json });
  // what defines the runs (a run's result depends only on these and its index); the output-only
  // flags and --threads may differ on --resume (the graph by its name: the path may be relative)
  const { threads: _t, out: _o, force: _f, resume: _r, json: _j, plot: _p, graph: _g, ...defining } = o;
  const config = { command: 'ising maxcut', ...defining, graphName: graph.name, resolved: { runs, schedule, targetCut: targetCut ?? null, device } };
  if (o.resume && !run.has('config.json'))
    throw new ArgumentError('--resume', `${run.dir} has no config.json of an ising maxcut job: pass the --out folder of the interrupted job`);
  run.prepare({ force: o.force, resume: o.resume, canResume: true });
  // finished runs: runs.jsonl (one record a run, in run order), traces.jsonl (the plot's first 8
  // runs), best-spins.txt (the best run so far: highest cut, then lowest index) — each rewritten
  // atomically as a run finishes, so a kill loses only the runs in flight
  const records = new Map<number, RunRecord>();
  const traces = new Map<number, MaxCutRun['trace']>();
  let bestRec: RunRecord | null = null;
  const beats = (a: { run: number; cut: number }, b: { run: number; cut: number } | null) => b === null || a.cut > b.cut || (a.cut === b.cut && a.run < b.run);
  const todo: number[] = [];
  if (o.resume) {
    const old = run.readJson<Record<string, unknown> | null>('config.json') ?? {};
    const now = config as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(now), ...Object.keys(old)])].filter(
      (k) => !['threads', 'out', 'force', 'resume', 'json', 'plot', 'graph'].includes(k),
    );
    const norm = (v: unknown) => JSON.stringify(v, (k, x: unknown) => (k === 'threads' ? undefined : x));
    const differs = keys.filter((k) => norm(now[k]) !== norm(old[k]));
    if (differs.length > 0)
      throw new ArgumentError(
        '--resume',
        `the job in ${run.dir} was run with other settings (${differs.join(', ')} differ): pass the same flags (--threads may differ), or another --out (or --force)`,
      );
    for (const r of run.has('runs.jsonl') ? readJsonLines<RunRecord>(run.path('runs.jsonl')) : [])
      if (Number.isInteger(r.run) && r.run >= 0 && r.run < runs) records.set(r.run, r);
    for (const t of run.has('traces.jsonl') ? readJsonLines<{ run: number; trace: MaxCutRun['trace'] }>(run.path('traces.jsonl')) : [])
      if (records.has(t.run)) traces.set(t.run, t.trace);
    for (let k = 0; k < Math.min(runs, 8); k++) if (records.has(k) && !traces.has(k)) records.delete(k); // its trace is lost: run it again
    const bestOf = () => [...records.values()].reduce<RunRecord | null>((a, r) => (beats(r, a) ? r : a), null);
    bestRec = bestOf();
    // the best finished run's spins must be in best-spins.txt, else that run is run again (same
    // result; it beats every other finished run, so it writes them)
    if (bestRec !== null && !(run.has('best-spins.txt') && spinsCut(graph, readFileSync(run.path('best-spins.txt'), 'utf8')) === bestRec.cut)) {
      records.delete(bestRec.run);
      bestRec = bestOf();
    }
  }
  for (let k = 0; k < runs; k++) if (!records.has(k)) todo.push(k);
  // config.json with the first finished run (a setting the sampler refuses leaves no folder behind)
  let configWritten = false;
  const writeConfig = () => {
    if (!configWritten)
      run.writeConfig({ ...config, graph: o.graph, threads: o.threads, plot: o.plot, resolved: { ...config.resolved, threads: Math.min(o.threads, runs) } });
    configWritten = true;
  };
  const save = () => {
    writeConfig();
    run.writeJsonLines(
      'traces.jsonl',
      [...traces.keys()].sort((a, b) => a - b).map((k) => ({ run: k, trace: traces.get(k) })),
    );
    run.writeJsonLines(
      'runs.jsonl',
      [...records.keys()].sort((a, b) => a - b).map((k) => records.get(k)),
    );
  };
  if (records.size > 0) run.log(`ising maxcut: ${records.size} of ${runs} runs already in ${run.path('runs.jsonl')}, ${todo.length} to go`);
  const progress = run.progress(`maxcut ${graph.name}`);
  let done = records.size;
  let best = bestRec?.cut ?? -Infinity;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const fresh = await maxCutRuns(graph, cfg, {
    runs,
    indices: todo,
    threads: Math.max(1, Math.min(o.threads, todo.length)),
    timeS: o.time,
    onRun: (r) => {
      done++;
      best = Math.max(best, r.cut);
      const rec = runRecord(r);
      // best spins first: a kill before runs.jsonl is rewritten reruns this run, which writes them again
      if (beats(rec, bestRec)) {
        run.writeFile('best-spins.txt', Array.from(r.spins).join('\n') + '\n');
        bestRec = rec;
      }
      records.set(r.run, rec);
      if (r.run < 8) traces.set(r.run, r.trace);
      save();
      const frac = o.time !== undefined ? Math.min(1, (performance.now() - t0) / 1000 / o.time) : done / runs;
      progress.update(frac, `run ${done}${o.time === undefined ? '/' + runs : ''}  best cut ${best}`);
    },
  });
  for (const r of fresh) {
    if (r.cut !== r.cutFromEnergy) throw new InternalError(`maxcut: the tracked energy gives cut ${r.cutFromEnergy}, the spins ${r.cut}`);
  }
  writeConfig();
  const results = [...records.keys()].sort((a, b) => a - b).map((k) => records.get(k)!);
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  progress.done();

  const cuts = results.map((r) => r.cut).sort((a, b) => b - a);
  const sweeps = results.reduce((s, r) => s + r.sweeps, 0);
  const updates = results.reduce((s, r) => s + r.updates, 0);
  const flipsChanged = results.reduce((s, r) => s + r.flips, 0);
  const bestRun = bestRec!;
  const hits = targetCut === undefined ? 0 : results.filter((r) => r.hitS !== null).length;
  const runWallS = results.reduce((s, r) => s + (r.hitS ?? r.wallS), 0) / results.length;
  // Time to target with 99 % confidence from independent restarts: t_run · ln(0.01)/ln(1 − p).
  const pHit = hits / results.length;
  // T threads run T restarts at once, so the wall-clock TTS divides by T.
  const tts99S = tts99(runWallS, pHit, Math.min(o.threads, runs));
  // The machine is shared: the same figure in CPU seconds of one core (process CPU / runs) is the
  // load-independent one; it includes thread start-up and graph preparation.
  const tts99CpuS = tts99(cpuS / results.length, pHit);
  const { model } = maxCutModel(graph);
  const meanDegree = (2 * graph.edges) / graph.nodes;
  const energy = energyEstimate(bestRun.updates, meanDegree, device);
  const summary = {
    graph: graph.name,
    nodes: graph.nodes,
    edges: graph.edges,
    cut: cuts[0],
    bestKnown,
    target: targetCut ?? null,
    sampler: o.sampler,
    schedule,
    sweepsPerRun: o.sweeps,
    runs: results.length,
    threads: Math.min(o.threads, runs),
    sweeps,
    flips: updates,
    stateChanges: flipsChanged,
    wallS: round(wallS),
    flipsPerNs: round(updates / wallS / 1e9),
    cpuS: round(cpuS),
    flipsPerCpuNs: round(updates / cpuS / 1e9),
    seed: o.seed,
    cuts: { max: cuts[0], median: quantile([...cuts].reverse(), 0.5), min: cuts[cuts.length - 1], all: cuts },
    hits,
    tts99S: tts99S === null ? null : round(tts99S),
    tts99CpuS: tts99CpuS === null ? null : round(tts99CpuS),
    meanRunWallS: round(runWallS),
    colours: o.sampler === 'coloured' || o.sampler === 'tempering' || o.sampler === 'msc' || o.sampler === 'msc-pt' ? dsatur(model).colours : null,
    device: { betaSpread: device.betaSpread, offsetSpread: device.offsetSpread, preset: o.preset ?? null },
    energyPerSolution: {
      updates: bestRun.updates,
      energyPerFlipJ: energy.energyPerFlipJ,
      pbitNeuronJ: energy.pbitNeuronJ,
      cmosNeuronJ: energy.cmosNeuronJ,
      synapseJ: energy.synapseJ,
      pbitTotalJ: energy.pbitTotalJ,
      cmosTotalJ: energy.cmosTotalJ,
    },
    peakRssMB: round(peakRssMB()),
    runFolder: run.dir,
  };
  if (o.plot) {
    const pts = results.slice(0, 8).flatMap((r) => (traces.get(r.run) ?? []).map(([x, y]) => ({ x, y, series: `run ${r.run}` })));
    const spec = lineSpec(pts, { title: `${graph.name}: cut vs sweep (${o.sampler}); best known ${bestKnown ?? 'n/a'}`, x: 'sweep', y: 'cut' });
    // cuts live near the top of their range: a zero-based axis would flatten every curve
    await run.writePlot('cut-vs-sweep.svg', { ...spec, encoding: { ...cutEncoding } } as typeof spec);
  }
  run.writeSummary(summary);
  run.finish(summary, () =>
    [
      `${graph.name}: ${graph.nodes} nodes, ${graph.edges} edges; sampler ${o.sampler}; ${results.length} runs × ${o.sweeps} sweeps on ${summary.threads} thread(s)`,
      `  best cut      ${cuts[0]}${bestKnown !== null ? `  (best known ${bestKnown})` : ''}; median ${summary.cuts.median}, min ${summary.cuts.min}`,
      `  target hits   ${hits}/${results.length}${tts99S !== null ? `, TTS99 ≈ ${tts99S.toFixed(3)} s` : ''}`,
      `  throughput    ${summary.flipsPerNs} p-bit updates/ns (${updates} updates in ${wallS.toFixed(2)} s)`,
      `  energy/solution  p-bit ${(energy.pbitTotalJ * 1e6).toFixed(3)} µJ vs CMOS ${(energy.cmosTotalJ * 1e6).toFixed(3)} µJ (synapses ${(energy.synapseJ * 1e6).toFixed(3)} µJ in both)`,
      `  run folder    ${run.dir}`,
    ].join('\n'),
  );
}

const cutEncoding = {
  x: { field: 'x', type: 'quantitative', title: 'sweep' },
  y: { field: 'y', type: 'quantitative', title: 'cut', scale: { zero: false } },
  color: { field: 'series', type: 'nominal', title: null },
} as const;

type RunRecord = ReturnType<typeof runRecord>;

/** Cut of a best-spins.txt (one ±1 a line); NaN when it is not one spin per node. */
function spinsCut(graph: WeightedGraph, text: string): number {
  const spins = text
    .split('\n')
    .filter((l) => l !== '')
    .map(Number);
  if (spins.length !== graph.nodes || spins.some((x) => x !== 1 && x !== -1)) return NaN;
  return cutValue(graph, Int8Array.from(spins));
}

function runRecord(r: MaxCutRun) {
  return {
    run: r.run,
    cut: r.cut,
    sweeps: r.sweeps,
    bestSweep: r.bestSweep,
    updates: r.updates,
    flips: r.flips,
    wallS: round(r.wallS),
    hitS: r.hitS === null ? null : round(r.hitS),
  };
}

interface FactorOpts extends DeviceOpts {
  n?: number;
  upTo?: number;
  encoding: 'hubo' | 'quadratic' | 'multiplier';
  maxSweeps: number;
  replicas: number;
  balanced?: boolean;
  seed: number;
  out?: string;
  force?: boolean;
  json?: boolean;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/** One factorisation with the chosen encoding (the multiplier runs on ideal p-bits only). */
function solveFactor(N: number, rng: Rng, o: FactorOpts, device: PbitParams) {
  if (o.encoding === 'multiplier') return factoriseWithMultiplier(N, rng, { maxSweeps: o.maxSweeps, replicas: o.replicas, balanced: o.balanced });
  return factorise(N, rng, { encoding: o.encoding, maxSweeps: o.maxSweeps, device });
}

function factor(o: FactorOpts): void {
  const device = deviceFrom(o);
  if ((o.n === undefined) === (o.upTo === undefined)) throw new SpecError('ising factor', 'exactly one of --n N or --up-to M', 'both or neither');
  if (o.encoding !== 'multiplier' && (o.replicas > 0 || o.balanced))
    throw new SpecError('--replicas/--balanced', 'options of --encoding multiplier (the other encodings anneal p and q directly)', `--encoding ${o.encoding}`);
  if (o.n !== undefined) {
    if (isPrime(o.n))
      throw new SpecError('--n', `a composite number: ${o.n} is prime, so there are no factors p, q > 1 to search for (e.g. --n 91 = 7 × 13)`, o.n);
    const cpu0 = process.cpuUsage();
    const r = solveFactor(o.n, new Rng(o.seed), o, device);
    const cpu = process.cpuUsage(cpu0);
    const e = energyEstimate(r.updates, 0, device);
    const out = {
      ...r,
      wallS: round(r.wallS),
      cpuS: round((cpu.user + cpu.system) / 1e6),
      encoding: o.encoding,
      seed: o.seed,
      energyPerSolution: { pbitNeuronJ: e.pbitNeuronJ, cmosNeuronJ: e.cmosNeuronJ },
    };
    // one number: a result on stdout, no run folder
    new CommandOutput({ json: o.json }).finish(
      out,
      () => `${r.n} = ${r.p} × ${r.q}  ${r.correct ? 'correct' : 'NOT FOUND'}; ${r.pbits} p-bits, ${r.sweeps} sweeps, ${r.wallS.toFixed(3)} s`,
    );
    // not factored: the result is printed, and the exit code (1) says the search failed
    if (!r.correct) process.exitCode = 1;
    return;
  }
  const M = o.upTo!;
  const run = new RunFolder('ising-factor', { out: o.out, json: o.json });
  run.prepare({ force: o.force });
  const progress = run.progress(`factor ≤ ${M}`);
  const rows: ReturnType<typeof solveFactor>[] = [];
  const t0 = performance.now();
  for (const N of semiprimes(4, M)) {
    rows.push(solveFactor(N, new Rng(o.seed, N), o, device));
    progress.update(N / M, `N = ${N}`);
  }
  progress.done();
  const failed = rows.filter((r) => !r.correct).map((r) => r.n);
  run.writeJsonLines('factor.jsonl', rows);
  const summary = {
    upTo: M,
    encoding: o.encoding,
    semiprimes: rows.length,
    correct: rows.length - failed.length,
    failed,
    maxPbits: Math.max(...rows.map((r) => r.pbits)),
    maxSweeps: Math.max(...rows.map((r) => r.sweeps)),
    meanSweeps: round(rows.reduce((s, r) => s + r.sweeps, 0) / rows.length),
    wallS: round((performance.now() - t0) / 1000),
    seed: o.seed,
    runFolder: run.dir,
  };
  run.writeConfig({ command: 'ising factor', ...o, device });
  run.writeSummary(summary);
  run.finish(
    summary,
    () =>
      `${summary.correct}/${summary.semiprimes} semiprimes ≤ ${M} factored (≤ ${summary.maxPbits} p-bits, ≤ ${summary.maxSweeps} sweeps), ${summary.wallS} s; ${run.dir}`,
  );
  // some semiprime not factored: the summary is written and printed, and the exit code (1) says so
  if (failed.length > 0) process.exitCode = 1;
}

interface RbmOpts extends DeviceOpts {
  side: number;
  hidden: number;
  epochs: number;
  k: number;
  lr: number;
  seed: number;
  points: number;
  out?: string;
  force?: boolean;
  plot: boolean;
  json?: boolean;
}

/**
 * Bars-and-stripes RBM trained by CD-k on p-bits; exact log-likelihood by enumeration, recorded
 * at `points` epochs into metrics.jsonl and plotted (log-likelihood vs epoch) in the run folder.
 */
async function rbm(o: RbmOpts): Promise<void> {
  const run = new RunFolder('ising-rbm', { out: o.out, json: o.json });
  run.prepare({ force: o.force });
  const device = deviceFrom(o);
  const data = barsAndStripes(o.side);
  const rng = new Rng(o.seed);
  const m = new PbitRbm(o.side * o.side, o.hidden, rng, { device });
  const llBefore = m.logLikelihood(data);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const progress = run.progress('rbm');
  const every = Math.max(1, Math.floor(o.epochs / Math.max(1, o.points)));
  const curve: { x: number; y: number; series: string }[] = [{ x: 0, y: llBefore, series: 'CD training' }];
  run.appendMetrics({ epoch: 0, logLikelihood: llBefore });
  for (let e = 0; e < o.epochs; e++) {
    m.cdStep(data, o.lr, o.k);
    if ((e + 1) % every === 0 || e + 1 === o.epochs) {
      const ll = m.logLikelihood(data);
      curve.push({ x: e + 1, y: ll, series: 'CD training' });
      run.appendMetrics({ epoch: e + 1, logLikelihood: ll, reconstructionError: m.reconstructionError(data) });
    }
    progress.update((e + 1) / o.epochs);
  }
  progress.done();
  const cpu = process.cpuUsage(cpu0);
  const optimum = -Math.log(data.length);
  const out = {
    task: `bars-and-stripes ${o.side}x${o.side}`,
    patterns: data.length,
    visible: m.nv,
    hidden: m.nh,
    epochs: o.epochs,
    k: o.k,
    device: o.device,
    logLikelihoodBefore: round(llBefore),
    logLikelihood: round(m.logLikelihood(data)),
    logLikelihoodOptimum: round(optimum),
    reconstructionError: round(m.reconstructionError(data)),
    updates: m.updates,
    wallS: round((performance.now() - t0) / 1000),
    cpuS: round((cpu.user + cpu.system) / 1e6),
    seed: o.seed,
    runFolder: run.dir,
  };
  run.writeConfig({ command: 'ising rbm', ...o, deviceParams: device });
  if (o.plot) {
    const pts = [...curve, { x: 0, y: optimum, series: 'optimum −ln(#patterns)' }, { x: o.epochs, y: optimum, series: 'optimum −ln(#patterns)' }];
    await run.writePlot(
      'log-likelihood.svg',
      lineSpec(pts, {
        title: `p-bit RBM on ${out.task} (${m.nh} hidden, CD-${o.k})`,
        x: 'epoch (full-batch CD updates)',
        y: 'mean log-likelihood per pattern (nats)',
      }),
    );
  }
  run.writeSummary(out);
  run.finish(
    out,
    () =>
      `RBM ${out.task}: log-likelihood ${out.logLikelihoodBefore} → ${out.logLikelihood} nats (optimum ${out.logLikelihoodOptimum}); reconstruction error ${out.reconstructionError}; ${run.dir}`,
  );
}

interface BenchOpts {
  graph: string;
  sweeps: number;
  words: '1' | '4';
  samplers: string;
  threads: number;
  seed: number;
  json?: boolean;
}

/**
 * Throughput of the p-bit samplers on one graph: a full linear anneal (the max-cut default β range)
 * per sampler, on 1 thread and on `threads` threads (one independent run per thread), as p-bit
 * updates per ns of wall time and per ns of CPU time (the machine may be shared).
 */
async function bench(o: BenchOpts): Promise<void> {
  const g = readGset(o.graph);
  const graph: WeightedGraph = { nodes: g.n, from: g.src, to: g.dst, weight: g.weight };
  const [b0, b1] = defaultBetas(graph);
  const rows: Record<string, unknown>[] = [];
  // msc: 32 replicas per word, so one sweep is 32 × n replica-spin updates (its flips/ns count those)
  const mscOk = g.weight.every((w) => w === 1 || w === -1);
  const wanted = o.samplers
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  for (const x of wanted)
    if (!['sequential', 'coloured', 'msc'].includes(x))
      throw new ArgumentError('--samplers', `expected a comma-separated list of sequential, coloured, msc, got "${x}"`);
  for (const sampler of wanted.filter((x) => x !== 'msc' || mscOk) as MaxCutSampler[]) {
    for (const threads of [...new Set([1, o.threads])]) {
      const cfg: MaxCutConfig = {
        sampler,
        sweeps: o.sweeps,
        schedule: { kind: 'linear', beta0: b0, beta1: b1 },
        seed: o.seed,
        tracePoints: 1,
        words: o.words === '4' ? 4 : 1,
      };
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const runs = await maxCutRuns(graph, cfg, { runs: threads, threads });
      const wallS = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const updates = runs.reduce((s, r) => s + r.updates, 0);
      const runS = runs.reduce((s, r) => s + r.wallS, 0);
      rows.push({
        sampler,
        threads,
        updates,
        wallS: round(wallS),
        flipsPerNs: round(updates / wallS / 1e9),
        // per-run loop time excludes thread start-up and graph preparation
        flipsPerNsLoop: round(((updates / runS) * threads) / 1e9),
        cpuS: round((cpu.user + cpu.system) / 1e6),
        flipsPerCpuNs: round(updates / ((cpu.user + cpu.system) / 1e6) / 1e9),
        cuts: runs.map((r) => r.cut),
      });
    }
  }
  const out = { graph: g.name, nodes: g.n, edges: g.m, sweeps: o.sweeps, words: Number(o.words), seed: o.seed, results: rows };
  new CommandOutput({ json: o.json }).finish(out, () =>
    rows
      .map((r) => `${g.name} ${String(r.sampler).padEnd(10)} ${r.threads} thread(s): ${r.flipsPerNs} flips/ns (${r.updates} updates, ${r.wallS} s)`)
      .join('\n'),
  );
}

/** `spinsnn bench ising`: registered from bench.ts so speed figures live with the other benchmarks. */
export function registerBenchIsing(benchCommand: Command): void {
  benchCommand
    .command('ising')
    .description(
      'p-bit sampler throughput (updates/ns) on a Gset graph: sequential and coloured Gibbs, and the multi-spin-coded sampler (±1 weights), 1 and N threads',
    )
    .requiredOption('--graph <file>', 'Gset graph file, e.g. $SPINSNN_DATA/gset/G81.txt')
    .option('--sweeps <n>', 'sweeps per run', intArg(1), 2000)
    .option(
      '--words <w>',
      'msc: words per spin, 1 (32 replicas) or 4 (128 replicas on the v128 kernel; updates count all 128)',
      choice(['1', '4'] as const),
      '1',
    )
    .option(
      '--samplers <list>',
      'comma-separated samplers to measure: sequential, coloured, msc (msc only on ±1 weights; its updates are 32 replicas × n per sweep)',
      'sequential,coloured,msc',
    )
    .option('--threads <n>', 'threads for the parallel measurement (one independent run each)', intArg(1, 64), Math.min(2, availableParallelism()))
    .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
    .option('--json', 'print exactly one JSON line on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  spinsnn bench ising --graph $SPINSNN_DATA/gset/G81.txt --sweeps 2000 --json\n  spinsnn bench ising --graph $SPINSNN_DATA/gset/G81.txt --samplers msc --sweeps 2000 --threads 2 --json\n  # 128 replicas per spin (v128 kernel); use ≥ 20000 sweeps so thread start-up does not dominate the 2-thread figure\n  spinsnn bench ising --graph $SPINSNN_DATA/gset/G81.txt --samplers msc --words 4 --sweeps 20000 --threads 2 --json',
    )
    .action((o: BenchOpts) => bench(o));
}

export function registerIsing(program: Command): void {
  const ising = program.command('ising').description('p-bit Ising machines: max-cut on Gset graphs, integer factorisation, Boltzmann machines');
  const threadsDefault = Math.min(2, availableParallelism());

  addDeviceOptions(
    ising
      .command('maxcut')
      .description('anneal a Gset max-cut instance with p-bits; writes summary, runs and a cut-vs-sweep plot to a run folder')
      .requiredOption('--graph <file>', 'Gset graph file (e.g. $SPINSNN_DATA/gset/G1.txt); its folder README gives the best-known cut')
      .option('--sweeps <n>', 'sweeps per run (one sweep updates every p-bit once)', intArg(1), 10000)
      .option('--time <s>', 'wall-clock budget: no new run starts after it (with --runs 0: run until then)', numArg({ positive: true }))
      .option('--runs <n>', 'independent runs', intArg(0), 1)
      .option('--threads <n>', 'worker threads for independent runs', intArg(1, 64), threadsDefault)
      .option(
        '--sampler <kind>',
        `update schedule: ${SAMPLERS.join(', ')} (msc: multi-spin-coded Metropolis in wasm, 32 replicas per word (--words 4: 128), ±1 weights only, best replica per run; msc-pt: msc parallel tempering, --replicas levels of 32·words chains on a geometric β ladder beta0…beta1)`,
        choice(SAMPLERS),
        'sequential',
      )
      .option('--schedule <kind>', 'β ramp: linear or geometric', choice(['linear', 'geometric'] as const), 'linear')
      .option('--beta0 <x>', 'β at the first sweep (default 0.1)', numArg({ min: 0 }))
      .option('--beta1 <x>', 'β at the last sweep (default 3; 5 for ±1 weights)', numArg({ min: 0 }))
      .option('--replicas <n>', 'replicas for --sampler tempering, levels for msc-pt (geometric β ladder over beta0…beta1)', intArg(2, 256), 16)
      .option(
        '--words <w>',
        'msc, msc-pt: words per spin, 1 (32 replicas, one random number per spin) or 4 (128 replicas in one v128, one random number per word)',
        choice(['1', '4'] as const),
        '1',
      )
      .option('--swap-every <k>', 'msc-pt: sweeps between replica-exchange rounds', intArg(1), 1)
      .option('--houdayer', 'tempering: two replicas per temperature with Houdayer isoenergetic cluster moves between them')
      .option('--icm-fraction <x>', 'tempering --houdayer: coldest fraction of the β ladder that gets cluster moves', numArg({ positive: true, max: 1 }), 1)
      .option(
        '--quench <k>',
        'every k sweeps also descend a copy of the state (tempering: of the coldest replica) to its local minimum and keep it if best (msc: any k > 0 appends 20 zero-temperature sweeps; msc-pt: 3 zero-temperature sweeps of a copy of the coldest level every k sweeps, and at the end); 0 = off',
        intArg(0),
        0,
      )
      .option('--target <cut>', 'stop a run when it reaches this cut (default: the best-known cut)', intArg(0))
      .option('--async-delay <x>', 'synapse delay of --sampler async, in p-bit dwell times', numArg({ min: 0 }), 0)
      .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
      .option('--out <dir>', 'run folder (default runs/ising-maxcut-<graph>-<time>)')
      .option(
        '--resume',
        'continue an interrupted job in --out: the runs already in its runs.jsonl are kept, the rest are run (same flags; --threads may differ)',
      )
      .option('--force', 'write into a non-empty --out (its files are overwritten)')
      .option('--no-plot', 'skip the SVG plot')
      .option('--json', 'print exactly one JSON line on stdout'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Examples (settings measured on these Gset graphs):',
        '  # dense random graphs (G1): plain annealing, 10^4 sweeps per restart',
        '  spinsnn ising maxcut --graph $SPINSNN_DATA/gset/G1.txt --sweeps 10000 --runs 20 --json',
        '  # G15 (sparse, hubs up to degree 153): annealing stalls at 3049; tempering with 16 replicas over',
        '  # β 0.3…3 plus a quench every 10 sweeps hit 3050 in 19/20 runs (TTS99 ≈ 1.5 CPU-s)',
        '  spinsnn ising maxcut --graph $SPINSNN_DATA/gset/G15.txt --sampler tempering --replicas 16 --beta0 0.3 --beta1 3 --quench 10 --sweeps 12000 --runs 20 --json',
        '  # G22: annealing 10^5 sweeps with a quench every 100 reached 13359 in 2/20 runs (17 more at 13358)',
        '  spinsnn ising maxcut --graph $SPINSNN_DATA/gset/G22.txt --sweeps 100000 --quench 100 --runs 20 --json',
        '  # G55 (5000 nodes, degree 5): annealing plateaus near 10292; tempering with 16 replicas over β 0.5…3',
        '  # and a quench every 10 sweeps reached ≥ 10294 in 6/7 runs (one 10295), 38k–92k sweeps, 29–104 s each',
        '  spinsnn ising maxcut --graph $SPINSNN_DATA/gset/G55.txt --sampler tempering --replicas 16 --beta0 0.5 --beta1 3 --quench 10 --sweeps 100000 --target 10294 --json',
        '  # ±1 tori (G81): tempering with Houdayer cluster moves (this run: 14000 after 19,422 sweeps, 279 CPU-s)',
        '  spinsnn ising maxcut --graph $SPINSNN_DATA/gset/G81.txt --sampler tempering --houdayer --sweeps 20000 --target 14000 --json',
        '  # G22 with the multi-spin-coded sampler, 128 replicas in four independently-driven groups (--words 4),',
        '  # geometric β 0.3 → 4 over 4000 sweeps (the best of a 14-setting search, docs/probabilistic.md §6):',
        '  # 13359 in 76 of 160 runs (seeds 1–4), 0.41 CPU-s a run, TTS99 ≈ 2.9 CPU-s',
        '  spinsnn ising maxcut --graph $SPINSNN_DATA/gset/G22.txt --sampler msc --words 4 --schedule geometric --beta0 0.3 --beta1 4 --sweeps 4000 --quench 1 --runs 40 --threads 1 --json',
        '  # G81 with the multi-spin-coded sampler: 10^5 sweeps (32 replicas) reached 14012 in 34.9 CPU-s;',
        '  # 128 replicas (--words 4), 6·10^5 sweeps: 14028 in 333.6 CPU-s (target 14030); two such runs on two threads:',
        '  spinsnn ising maxcut --graph $SPINSNN_DATA/gset/G81.txt --sampler msc --words 4 --sweeps 600000 --beta0 0.2 --beta1 3 --quench 1 --runs 2 --threads 2 --json',
        '  # G55 with msc parallel tempering (16 levels × 32 chains, β 0.5 … 3, swaps every 2 sweeps, 1-opt polish every 10):',
        '  # 10296 in 86 CPU-s; with --sweeps 100000 --seed 2: 10297 in 289 CPU-s (best known 10299)',
        '  spinsnn ising maxcut --graph $SPINSNN_DATA/gset/G55.txt --sampler msc-pt --replicas 16 --beta0 0.5 --beta1 3 --quench 10 --swap-every 2 --sweeps 30000 --json',
      ].join('\n'),
    )
    .action((opts: MaxCutOpts) => maxcut(opts));

  addDeviceOptions(
    ising
      .command('factor')
      .description('factor an integer with p-bits minimising (N − p·q)² (3- and 4-body terms, or quadratised with auxiliaries)')
      .option('--n <N>', 'the number to factor', intArg(4, 2 ** 40))
      .option('--up-to <M>', 'factor every semiprime 4 … M and summarise', intArg(4, 1_000_000))
      .option(
        '--encoding <kind>',
        'hubo (higher-order, as Borders et al. 2019), quadratic (pairwise, Rosenberg auxiliaries) or multiplier (invertible array multiplier of AND gates and adders, product clamped to N)',
        choice(['hubo', 'quadratic', 'multiplier'] as const),
        'hubo',
      )
      .option('--max-sweeps <n>', 'give up after this many sweeps (multiplier with --replicas: sweeps of every replica)', intArg(1), 2_000_000)
      .option(
        '--replicas <R>',
        'multiplier: parallel tempering with R replicas (geometric β 0.3 … 5, a 1-opt descent of the coldest every 10 sweeps) on the clamped circuit instead of annealing restarts; 0 = annealing',
        intArg(0, 256),
        0,
      )
      .option('--balanced', 'multiplier: p and q of ⌈b/2⌉ bits each for a b-bit N (finds factorisations into two factors below 2^⌈b/2⌉; ~¼ of the AND gates)')
      .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
      .option('--out <dir>', 'run folder for --up-to')
      .option('--force', 'write into a non-empty --out (its files are overwritten)')
      .option('--json', 'print exactly one JSON line on stdout'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  spinsnn ising factor --n 945 --json',
        '  spinsnn ising factor --up-to 945 --json',
        '  # a 24-bit semiprime with the invertible multiplier: parallel tempering on the clamped circuit, balanced',
        '  # widths (12 × 12 bits); measured: 4091 × 4093 after 3.0·10^6 sweeps, 409 CPU-s (docs/ising.md §3b)',
        '  spinsnn ising factor --n 16744463 --encoding multiplier --replicas 24 --balanced --max-sweeps 20000000 --json',
      ].join('\n'),
    )
    .action((opts: FactorOpts) => factor(opts));

  addDeviceOptions(
    ising
      .command('rbm')
      .description('train a restricted Boltzmann machine of p-bits on bars-and-stripes by contrastive divergence (CD-k); exact log-likelihood')
      .option('--side <n>', 'grid side (visible units = side²; ≤ 4 for exact likelihood)', intArg(2, 4), 3)
      .option('--hidden <n>', 'hidden p-bits', intArg(1, 256), 16)
      .option('--epochs <n>', 'full-batch CD updates', intArg(1), 3000)
      .option('--k <n>', 'Gibbs steps per update', intArg(1), 1)
      .option('--lr <x>', 'learning rate', numArg({ positive: true }), 0.05)
      .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
      .option('--points <n>', 'epochs at which the exact log-likelihood is recorded and plotted', intArg(1, 1000), 30)
      .option('--out <dir>', 'run folder (default runs/ising-rbm-<time>)')
      .option('--force', 'write into a non-empty --out (its files are overwritten)')
      .option('--no-plot', 'skip the SVG plot')
      .option('--json', 'print exactly one JSON line on stdout'),
  )
    .addHelpText('after', '\nExample:\n  spinsnn ising rbm --side 3 --hidden 16 --epochs 3000 --json')
    .action((opts: RbmOpts) => rbm(opts));

  // Encoding sizes without solving (cheap, for docs and sanity).
  ising
    .command('encode')
    .description('print the p-bit count and term count of the factorisation encoding of N')
    .requiredOption('--n <N>', 'the number', intArg(4, 2 ** 40))
    .action((o: { n: number }) => {
      const e = factorEncoding(o.n);
      // always one JSON line (the command has no human form)
      new CommandOutput({ json: true }).finish({ n: o.n, pBits: e.pBits, qBits: e.qBits, pbits: e.pbits, binaryTerms: e.cost.size });
    });
}
