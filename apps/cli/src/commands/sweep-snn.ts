import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveHardware } from '@spinsnn/learning';
import { readState } from '@spinsnn/learning/node';
import { lineSpec } from '../plot.js';
import { RunFolder, readJsonLines } from '../run-folder.js';
import { ArgumentError, round } from '../util.js';
import { deployInstances, deployTestData, readTrainedSnn } from './deploy.js';

/**
 * `spinsnn sweep --method surrogate|convert --run DIR`: a trained spiking network (surrogate
 * BPTT, ideal or hardware-aware, or an ANN→SNN conversion) deployed on the event kernel over a
 * grid of device parameters × seeds (each seed one device instance: its own variation, faults and
 * read noise), programmed by program-and-verify; accuracy, energy per inference, latency and
 * synaptic events per point (mean ± sd over seeds). Nothing is retrained: what a grid point
 * changes is the chip the network runs on (docs/supervised-snn.md §9).
 */
export interface DeployedSweepOptions {
  method: 'surrogate' | 'convert';
  run: string;
  grid: { name: string; values: number[] }[];
  points: Record<string, number>[];
  seeds: number[];
  synapse: string;
  preset?: string;
  test: number;
  tolerance: number;
  maxWrites: number;
  baseline: boolean;
  data?: string;
  out?: string;
  resume?: boolean;
  force?: boolean;
  json?: boolean;
}

/** One line of results.jsonl. */
interface DeployedRow {
  params: Record<string, number> | 'ideal';
  seed: number;
  accuracy: number;
  energyPerInferenceJ: number;
  latencyS: number;
  synapticEventsPerSample: number;
  withinTolerance: number | null;
  cpuSamplesPerS: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));

/** The method a run folder was trained with (from its config.json), or null when it does not say. */
function methodOf(dir: string): string | null {
  const f = join(dir, 'config.json');
  if (!existsSync(f)) return null;
  const c = readState<{ command?: string; args?: { method?: string } }>(f);
  if (c.args?.method) return c.args.method;
  const m = /--method (\w+)/.exec(c.command ?? '');
  return m ? m[1] : null;
}

/** Runs the sweep and writes results.jsonl, table.csv/.md, the accuracy plot and summary.json. */
export async function sweepDeployed(o: DeployedSweepOptions): Promise<void> {
  const dir = resolve(o.run);
  const trained = readTrainedSnn(dir);
  const m = methodOf(dir);
  if (m !== null && m !== o.method) throw new ArgumentError('--run', `a run of --method ${o.method} (${dir} was trained with --method ${m})`);
  // validate every device point before running any (a typo fails now, not after an hour)
  for (const p of o.points) resolveHardware(o.synapse, o.preset, p, '--grid');
  const test = deployTestData(trained.dataset, trained.fsdd, trained.params.config.timesteps, o.data);
  const run = new RunFolder(`sweep-${o.method}`, { out: o.out, json: o.json });
  run.prepare({ resume: o.resume, force: o.force, canResume: true });
  const config = {
    command: 'sweep',
    method: o.method,
    run: dir,
    dataset: trained.dataset,
    grid: o.grid,
    seeds: o.seeds,
    synapse: o.synapse,
    preset: o.preset ?? null,
    testSamples: Math.min(o.test, test.count),
    program: { tolerance: o.tolerance, maxWrites: o.maxWrites },
    baseline: o.baseline,
  };
  const key = (p: Record<string, number> | 'ideal', seed: number) => JSON.stringify([p, seed]);
  const done = new Map<string, DeployedRow>();
  if (o.resume && run.has('config.json')) {
    const old = run.readJson<Record<string, unknown>>('config.json');
    if (JSON.stringify(old) !== JSON.stringify(config))
      throw new ArgumentError('--resume', `the sweep in ${run.dir} was run with other settings: pass the same flags, or another --out (or --force)`);
    if (run.has('results.jsonl')) for (const r of readJsonLines<DeployedRow>(run.path('results.jsonl'))) done.set(key(r.params, r.seed), r);
  }
  run.writeConfig(config);
  const jobs: { params: Record<string, number> | 'ideal'; seed: number }[] = [];
  if (o.baseline) jobs.push({ params: 'ideal', seed: o.seeds[0] });
  for (const p of o.points) for (const seed of o.seeds) jobs.push({ params: p, seed });
  const progress = run.progress('sweep');
  const rows: DeployedRow[] = [];
  for (let k = 0; k < jobs.length; k++) {
    const j = jobs[k];
    const hit = done.get(key(j.params, j.seed));
    if (hit) {
      rows.push(hit);
      continue;
    }
    progress.update(k / jobs.length, `${jobs.length} runs`);
    const ideal = j.params === 'ideal';
    const r = deployInstances(trained.params, trained.coding, test, {
      synapse: ideal ? { device: 'ideal/float' } : { device: o.synapse, ...(o.preset ? { preset: o.preset } : {}), params: j.params as Record<string, number> },
      program: ideal ? undefined : { tolerance: o.tolerance, maxWrites: o.maxWrites },
      instances: 1,
      test: o.test,
      seed: j.seed,
      retention: [],
      reference: false,
    });
    const i = r.instances[0];
    rows.push({
      params: j.params,
      seed: j.seed,
      accuracy: i.accuracy,
      energyPerInferenceJ: i.energyPerInferenceJ,
      latencyS: round(i.latencyS),
      synapticEventsPerSample: round(i.synapticEventsPerSample),
      withinTolerance: i.programming ? round(i.programming.withinTolerance) : null,
      cpuSamplesPerS: round(i.cpuSamplesPerS),
    });
    // rewritten atomically after every run: a kill loses only the run in flight
    run.writeJsonLines('results.jsonl', rows);
  }
  progress.done();
  run.writeJsonLines('results.jsonl', rows);
  const names = o.grid.map((g) => g.name);
  const groups = new Map<string, { params: Record<string, number> | 'ideal'; rows: DeployedRow[] }>();
  for (const r of rows) {
    const g = groups.get(JSON.stringify(r.params)) ?? { params: r.params, rows: [] };
    g.rows.push(r);
    groups.set(JSON.stringify(r.params), g);
  }
  const table = [...groups.values()].map((g) => ({
    ...(g.params === 'ideal' ? Object.fromEntries(names.map((n) => [n, 'ideal'])) : g.params),
    accuracyMean: round(mean(g.rows.map((r) => r.accuracy))),
    accuracySd: round(sd(g.rows.map((r) => r.accuracy))),
    runs: g.rows.length,
    energyPerInferenceJ: round(mean(g.rows.map((r) => r.energyPerInferenceJ))),
    latencyS: round(mean(g.rows.map((r) => r.latencyS))),
    synapticEventsPerSample: round(mean(g.rows.map((r) => r.synapticEventsPerSample))),
  }));
  const cols = [...names, 'accuracyMean', 'accuracySd', 'runs', 'energyPerInferenceJ', 'latencyS', 'synapticEventsPerSample'];
  const cells = (t: Record<string, unknown>) => cols.map((c) => String(t[c]));
  const mdRows = table.map((t) => `| ${cells(t).join(' | ')} |`);
  run.writeFile('table.csv', [cols.join(','), ...table.map((t) => cells(t).join(','))].join('\n') + '\n');
  run.writeFile('table.md', [`| ${cols.join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`, ...mdRows].join('\n') + '\n');
  const x = names[0];
  const pts: { x: number; y: number; series: string }[] = [];
  for (const g of groups.values()) {
    if (g.params === 'ideal') {
      for (const v of o.grid[0].values) pts.push({ x: v, y: mean(g.rows.map((r) => r.accuracy)), series: 'ideal (CMOS float)' });
      continue;
    }
    const p = g.params;
    const series =
      names
        .slice(1)
        .map((n) => `${n}=${p[n]}`)
        .join(', ') || o.synapse;
    pts.push({ x: p[x], y: mean(g.rows.map((r) => r.accuracy)), series });
  }
  await run.writePlot(
    `accuracy-vs-${x}.svg`,
    lineSpec(pts, {
      title: `${o.method} SNN (${trained.dataset}, ${trained.params.config.sizes.join('-')}) on ${o.synapse}: accuracy vs ${x} (mean of ${o.seeds.length} device instances)`,
      x,
      y: 'test accuracy',
    }),
  );
  const out = { runDir: run.dir, ...config, table };
  run.writeSummary(out);
  run.finish(out, () => [`| ${cols.join(' | ')} |`, ...mdRows, `run folder: ${run.dir}`].join('\n'));
}
