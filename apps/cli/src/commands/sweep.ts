import type { Command } from 'commander';
import { runExperiments, synapseChoice, type ExperimentResult, type ExperimentSpec } from '@spinsnn/learning/node';
import { noticeOnce, registeredModels } from '@spinsnn/core';
import { lineSpec } from '../plot.js';
import { RunFolder, readJsonLines } from '../run-folder.js';
import { DEFAULT_QUEUE_NAME, queueTarget } from '../queue-target.js';
import { ArgumentError, intArg, numArg, parseDeviceParams, round, splitNameValue, type MnistRunOptions } from '../util.js';
import { sweepDeployed } from './sweep-snn.js';

/**
 * `spinsnn sweep`: accuracy of the Diehl & Cook network over a grid of device parameters
 * (levels, variation, nonlinearity, fault rate, …) × seeds, each point a full train + evaluate
 * run on a worker thread. Writes results.jsonl, a CSV and Markdown table (mean ± sd over seeds)
 * and an accuracy-vs-parameter plot; with --baseline also the ideal (CMOS float) network per seed.
 */

interface SweepOpts extends MnistRunOptions {
  grid: string[];
  seeds: string;
  workers: number;
  baseline?: boolean;
  out?: string;
  resume?: boolean;
  force?: boolean;
  json?: boolean;
  queue?: string | boolean;
  redisPasswordFile?: string;
  queueName?: string;
  detach?: boolean;
  status?: string;
  collect?: string;
  method: string;
  run?: string;
  tolerance: number;
  maxWrites: number;
  data?: string;
}

/** `--seeds 1,2,3`: whole numbers ≥ 0; an empty list or an empty item is refused (Number('') is 0). */
export function parseSeeds(text: string): number[] {
  const items = text.split(',').map((x) => x.trim());
  if (items.some((x) => !/^\d+$/.test(x) || !Number.isSafeInteger(Number(x))))
    throw new ArgumentError('--seeds', `expected whole numbers ≥ 0 separated by commas (e.g. --seeds 1,2,3), got "${text}"`);
  return items.map(Number);
}

/** One line of results.jsonl. */
type ResultRow = { params: Record<string, number> | 'ideal' } & ExperimentResult;

function parseGrid(items: string[]): { name: string; values: number[] }[] {
  if (items.length === 0) throw new ArgumentError('--grid', 'missing: spinsnn sweep needs at least one --grid name=v1,v2,… (e.g. --grid c2c=0,0.02,0.05)');
  return items.map((item) => {
    const nv = splitNameValue(item);
    const values = nv ? nv.value.split(',').map(Number) : [];
    if (!nv || values.length === 0 || values.some((v) => !Number.isFinite(v)))
      throw new ArgumentError('--grid', `expected name=v1,v2,… with finite numbers (e.g. --grid states=5,11), got "${item}"`);
    return { name: nv.name, values };
  });
}

function cartesian(grid: { name: string; values: number[] }[]): Record<string, number>[] {
  let out: Record<string, number>[] = [{}];
  for (const g of grid) out = out.flatMap((p) => g.values.map((v) => ({ ...p, [g.name]: v })));
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));

/** What a sweep's config.json holds (and a queued sweep's record in Redis): enough to rebuild its report. */
export type SweepConfig = {
  command: 'sweep';
  grid: { name: string; values: number[] }[];
  fixed: Record<string, number>;
  seeds: number[];
  synapse: string;
  preset: string | null;
  neurons: number;
  trainSamples: number;
  testSamples: number;
  assignSamples: number;
  epochs: number;
  baseline: boolean;
};

/** One run of a sweep: its grid point (`key`, null params for the ideal baseline) and its spec. */
export interface SweepJob {
  key: string;
  params: Record<string, number> | null;
  spec: ExperimentSpec;
}

/** The jobs of a sweep, in the order results.jsonl lists them: baseline seeds first, then point × seed. */
export function sweepJobs(config: SweepConfig): SweepJob[] {
  const base = {
    neurons: config.neurons,
    trainSamples: config.trainSamples,
    testSamples: config.testSamples,
    assignSamples: config.assignSamples,
    epochs: config.epochs,
  };
  const jobs: SweepJob[] = [];
  if (config.baseline) for (const seed of config.seeds) jobs.push({ key: 'ideal', params: null, spec: { ...base, seed, synapse: 'ideal/float' } });
  const points = cartesian(config.grid).map((p) => ({ ...config.fixed, ...p }));
  for (const p of points) {
    for (const seed of config.seeds)
      jobs.push({ key: JSON.stringify(p), params: p, spec: { ...base, seed, synapse: config.synapse, preset: config.preset ?? undefined, deviceParams: p } });
  }
  return jobs;
}

/** table.csv, table.md, the accuracy plot and the printed result of a finished sweep (results in job order). */
export async function writeSweepReport(run: RunFolder, config: SweepConfig, jobs: readonly SweepJob[], results: readonly ExperimentResult[]): Promise<void> {
  // table: mean ± sd over seeds per grid point
  const rows = new Map<string, { params: Record<string, number> | null; acc: number[]; eTrain: number[]; eInf: number[] }>();
  results.forEach((r, k) => {
    const row = rows.get(jobs[k].key) ?? { params: jobs[k].params, acc: [], eTrain: [], eInf: [] };
    row.acc.push(r.accuracy);
    row.eTrain.push(r.energyPerTrainSampleJ);
    row.eInf.push(r.energyPerInferenceJ);
    rows.set(jobs[k].key, row);
  });
  const names = config.grid.map((g) => g.name);
  const table = [...rows.values()].map((r) => ({
    ...(r.params ?? Object.fromEntries(names.map((n) => [n, 'ideal']))),
    accuracyMean: round(mean(r.acc)),
    accuracySd: round(sd(r.acc)),
    runs: r.acc.length,
    energyPerTrainSampleJ: round(mean(r.eTrain)),
    energyPerInferenceJ: round(mean(r.eInf)),
  }));
  const cols = [...names, 'accuracyMean', 'accuracySd', 'runs', 'energyPerTrainSampleJ', 'energyPerInferenceJ'];
  const cells = (t: Record<string, unknown>) => cols.map((c) => String(t[c]));
  const mdRows = table.map((t) => `| ${cells(t).join(' | ')} |`);
  run.writeFile('table.csv', [cols.join(','), ...table.map((t) => cells(t).join(','))].join('\n') + '\n');
  run.writeFile('table.md', [`| ${cols.join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`, ...mdRows].join('\n') + '\n');

  // plot: accuracy vs the first grid parameter, one line per combination of the others
  const x = names[0];
  const pts: { x: number; y: number; series: string }[] = [];
  for (const r of rows.values()) {
    if (!r.params) continue;
    const series =
      names
        .slice(1)
        .map((n) => `${n}=${r.params![n]}`)
        .join(', ') || config.synapse;
    pts.push({ x: r.params[x], y: mean(r.acc), series });
  }
  const ideal = rows.get('ideal');
  if (ideal) for (const v of config.grid[0].values) pts.push({ x: v, y: mean(ideal.acc), series: 'ideal (CMOS float)' });
  await run.writePlot(
    `accuracy-vs-${x}.svg`,
    lineSpec(pts, {
      title: `Diehl & Cook MNIST, ${config.neurons} neurons, ${config.trainSamples} samples × ${config.epochs}: accuracy vs ${x} (mean of ${config.seeds.length} seeds)`,
      x,
      y: 'test accuracy',
    }),
  );
  const out = {
    runDir: run.dir,
    synapse: config.synapse,
    preset: config.preset,
    fixed: config.fixed,
    neurons: config.neurons,
    trainSamples: config.trainSamples,
    testSamples: config.testSamples,
    epochs: config.epochs,
    seeds: config.seeds,
    table,
  };
  run.finish(out, () => [`| ${cols.join(' | ')} |`, ...mdRows, `run folder: ${run.dir}`].join('\n'));
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description(
      'accuracy of the Diehl & Cook MNIST network over a grid of synapse-device parameters × seeds (worker threads; with --queue on Redis workers on any number of machines), or of a trained surrogate/converted SNN deployed on each point (--method surrogate|convert --run DIR)',
    )
    .option(
      '--grid <name=v1,v2,...>',
      'device parameter and values, repeatable (cartesian product), e.g. --grid states=5,11,32 --grid c2c=0,0.05',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option(
      '--method <name>',
      'stdp (train a Diehl & Cook network per point), surrogate or convert (deploy the trained network of --run on the device of every point; no retraining)',
      'stdp',
    )
    .option('--run <dir>', '[surrogate, convert] run folder of spinsnn train mnist|fsdd --method surrogate, or train mnist --method convert')
    .option('--tolerance <f>', '[surrogate, convert] program-and-verify: accept |read − target| ≤ f × weight range', numArg({ positive: true, max: 1 }), 0.05)
    .option('--max-writes <n>', '[surrogate, convert] program-and-verify: write attempts per device', intArg(1, 10_000), 20)
    .option('--data <dir>', '[surrogate] FSDD clone for fsdd runs (default: the configured datasets folder)')
    .option('--seeds <list>', 'comma-separated seeds (surrogate, convert: one device instance each)', '1,2')
    .option('--neurons <n>', 'excitatory neurons', intArg(1, 10_000), 100)
    .option('--train <n>', 'training samples per epoch', intArg(1, 60_000), 2000)
    .option('--test <n>', 'test samples', intArg(1, 10_000), 1000)
    .option('--assign <n>', 'training samples for label assignment (default min(train, 10000))', intArg(1, 60_000))
    .option('--epochs <n>', 'epochs', intArg(1, 1000), 1)
    .option(
      '--synapse <id>',
      `synapse model swept: any registered synapse model (${registeredModels({ kind: 'synapse' })
        .map((m) => m.id)
        .join(', ')})`,
      'sot/multilevel',
    )
    .option('--preset <name>', 'device preset the grid values override (e.g. hsin2025)')
    .option('--device <name=value>', 'fixed device parameter for every point, repeatable (grid values win)', (v: string, p: string[]) => [...p, v], [])
    .option('--workers <n>', 'worker threads (default 2: the machine has 2 cores)', intArg(1, 64), 2)
    .option('--baseline', 'also run the ideal (CMOS float) network for every seed')
    .option('--out <dir>', 'run folder (default runs/sweep-<time>)')
    .option('--resume', 'rerun an interrupted sweep in --out: points already in its results.jsonl are kept, the rest are run')
    .option('--force', 'start afresh in a non-empty --out (its files are overwritten)')
    .option('--json', 'print exactly one JSON line')
    .option(
      '--queue [url]',
      'distributed: enqueue every run as a BullMQ job on the Redis at URL (redis://HOST:PORT; bare --queue: $REDIS_URL) for `spinsnn worker` processes on any machine, and collect the results here as they arrive (docs/distributed-sweeps.md)',
    )
    .option(
      '--redis-password-file <file>',
      'with --queue: file whose first line is the Redis password (default $REDIS_PASSWORD_FILE); never put a password on the command line',
    )
    .option('--queue-name <name>', `with --queue: the BullMQ queue (default ${DEFAULT_QUEUE_NAME}); workers must use the same`)
    .option('--detach', 'with --queue: enqueue and exit at once (collect later with --collect ID)')
    .option(
      '--status <id>',
      'with --queue: print done/failed/running/waiting counts of the queued sweep ID (printed when it was enqueued) and exit; any machine',
    )
    .option('--collect <id>', 'with --queue: wait for the queued sweep ID and write its run folder (--out) from Redis; any machine')
    .addHelpText(
      'after',
      `
Examples:
  spinsnn sweep --grid states=5,11 --seeds 1 --neurons 10 --train 20 --test 20 --out runs/sweep-local
  spinsnn sweep --method surrogate --run runs/my-surrogate-run --preset hsin2025 --grid readNoise=0,0.01,0.05 --seeds 1,2,3 --test 200 --baseline
  REDIS_URL=redis://127.0.0.1:6379 spinsnn sweep --queue --grid states=5,11 --seeds 1 --neurons 10 --train 20 --test 20 --out runs/sweep-queued
  (and on each machine that works:  spinsnn worker --queue redis://HOST:6379)`,
    )
    .action(async (opts: SweepOpts, cmd: Command) => {
      if (opts.resume && opts.force) throw new ArgumentError('--force', '--resume continues the sweep in --out, --force starts it afresh: pass one of them');
      const queued = opts.queue !== undefined && opts.queue !== false;
      for (const [flag, set] of [
        ['--status', opts.status !== undefined],
        ['--collect', opts.collect !== undefined],
        ['--detach', opts.detach === true],
        ['--queue-name', opts.queueName !== undefined],
        ['--redis-password-file', opts.redisPasswordFile !== undefined],
      ] as const) {
        if (set && !queued)
          throw new ArgumentError(flag, 'only with --queue redis://HOST:PORT (or bare --queue with REDIS_URL set): the Redis the sweep runs on');
      }
      if (opts.status !== undefined && opts.collect !== undefined)
        throw new ArgumentError('--status', '--status prints the counts, --collect writes the run folder: pass one of them');
      const target = queued ? queueTarget({ queue: opts.queue, passwordFile: opts.redisPasswordFile, queueName: opts.queueName }) : null;
      if (target && (opts.status !== undefined || opts.collect !== undefined)) {
        // the grid, seeds and sizes come from the sweep's record in Redis
        const given = opts.grid.length > 0 ? '--grid' : null;
        if (given) throw new ArgumentError(given, `--status/--collect take the sweep id; its grid and settings are read from Redis`);
        const q = await import('../sweep-queue.js');
        if (opts.status !== undefined) return q.sweepStatus(target, opts.status, opts.json);
        return q.collectSweep(target, opts.collect!, { out: opts.out, force: opts.force, resume: opts.resume, json: opts.json });
      }
      const grid = parseGrid(opts.grid);
      const seeds = parseSeeds(opts.seeds);
      const fixed = parseDeviceParams(opts.device);
      if (opts.method !== 'stdp' && opts.method !== 'surrogate' && opts.method !== 'convert')
        throw new ArgumentError('--method', `stdp, surrogate or convert, got "${opts.method}"`);
      if (opts.method === 'stdp' && opts.run !== undefined)
        throw new ArgumentError('--run', 'only with --method surrogate or convert (a trained network to deploy)');
      if (opts.method !== 'stdp') {
        if (opts.run === undefined) throw new ArgumentError('--run', `missing: --method ${opts.method} deploys a trained network (pass its run folder)`);
        if (queued) throw new ArgumentError('--queue', `--method ${opts.method} runs in this process (deployment, no training); drop --queue`);
        for (const name of ['neurons', 'train', 'assign', 'epochs', 'workers'] as const)
          if (cmd.getOptionValueSource(name) === 'cli')
            throw new ArgumentError(`--${name}`, `a Diehl & Cook setting: --method ${opts.method} takes the trained network of --run`);
        return sweepDeployed({
          method: opts.method,
          run: opts.run,
          grid,
          points: cartesian(grid).map((p) => ({ ...fixed, ...p })),
          seeds,
          synapse: opts.synapse,
          preset: opts.preset,
          test: opts.test,
          tolerance: opts.tolerance,
          maxWrites: opts.maxWrites,
          baseline: opts.baseline === true,
          data: opts.data,
          out: opts.out,
          resume: opts.resume,
          force: opts.force,
          json: opts.json,
        });
      }
      // validate every device point before starting workers (a typo fails now, not after an hour)
      for (const p of cartesian(grid)) synapseChoice(opts.synapse, opts.preset, { ...fixed, ...p });
      const assign = opts.assign ?? Math.min(opts.train, 10_000);
      const config: SweepConfig = {
        command: 'sweep',
        grid,
        fixed,
        seeds,
        synapse: opts.synapse,
        preset: opts.preset ?? null,
        neurons: opts.neurons,
        trainSamples: opts.train,
        testSamples: opts.test,
        assignSamples: assign,
        epochs: opts.epochs,
        baseline: opts.baseline === true,
      };
      if (target) {
        if (cmd.getOptionValueSource('workers') === 'cli')
          noticeOnce(
            'sweep-queue-workers',
            `sweep: --workers ${opts.workers} does nothing with --queue: the runs go to the workers on the queue (spinsnn worker --threads N sets their threads)`,
          );
        const q = await import('../sweep-queue.js');
        return q.queuedSweep(target, config, { out: opts.out, force: opts.force, resume: opts.resume, json: opts.json, detach: opts.detach });
      }
      const jobs = sweepJobs(config);
      const run = new RunFolder('sweep', { out: opts.out, json: opts.json });
      run.prepare({ resume: opts.resume, force: opts.force, canResume: true });
      // --resume: the finished points of the same sweep are kept (a run is deterministic given its spec)
      const byIndex = new Map<number, ResultRow>();
      if (opts.resume) {
        if (!run.has('config.json'))
          throw new ArgumentError('--resume', `${run.dir} has no config.json of a sweep: pass the --out folder of the interrupted sweep`);
        const old = run.readJson<Record<string, unknown> | null>('config.json');
        const differs = Object.keys(config).filter(
          (k) =>
            JSON.stringify((config as Record<string, unknown>)[k]) !== JSON.stringify(old !== null && k in old ? old[k] : k === 'baseline' ? false : undefined),
        );
        if (differs.length > 0)
          throw new ArgumentError(
            '--resume',
            `the sweep in ${run.dir} was run with other settings (${differs.join(', ')} differ): pass the same flags, or another --out (or --force)`,
          );
        const key = new Map(jobs.map((j, k) => [JSON.stringify(j.spec), k]));
        const file = run.path('results.jsonl');
        for (const row of run.has('results.jsonl') ? readJsonLines<ResultRow>(file) : []) {
          const k = key.get(JSON.stringify(row.spec));
          if (k !== undefined) byIndex.set(k, row);
        }
      }
      run.writeConfig({ ...config, workers: opts.workers });
      const rowOf = (k: number, r: ExperimentResult): ResultRow => ({ params: jobs[k].params ?? 'ideal', ...r });
      const todo = jobs.map((_, k) => k).filter((k) => !byIndex.has(k));
      // results.jsonl is rewritten (atomically) as each run finishes, so a kill loses only the runs in flight
      const save = (order: number[]) =>
        run.writeJsonLines(
          'results.jsonl',
          order.map((k) => byIndex.get(k)!),
        );
      const arrived: number[] = [...byIndex.keys()];
      if (byIndex.size > 0) run.log(`sweep: ${byIndex.size} of ${jobs.length} runs already in ${run.path('results.jsonl')}, ${todo.length} to go`);
      const progress = run.progress('sweep');
      const frac = new Float64Array(jobs.length);
      for (const k of byIndex.keys()) frac[k] = 1;
      if (todo.length > 0) {
        await runExperiments(
          todo.map((k) => jobs[k].spec),
          {
            threads: opts.workers,
            onProgress: (t, f) => {
              frac[todo[t]] = f;
              progress.update(frac.reduce((a, b) => a + b, 0) / jobs.length, `${jobs.length} runs`);
            },
            onResult: (t, r) => {
              byIndex.set(todo[t], rowOf(todo[t], r));
              arrived.push(todo[t]);
              save(arrived);
            },
          },
        );
      }
      progress.done();
      // the finished file in job order, as an uninterrupted sweep writes it
      save(jobs.map((_, k) => k));
      const results = jobs.map((_, k) => byIndex.get(k)!);

      await writeSweepReport(run, config, jobs, results);
    });
}
