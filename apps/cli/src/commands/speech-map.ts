import type { Command } from 'commander';
import { Option } from 'commander';
import { resolve } from 'node:path';
import { cpus } from 'node:os';
import { runJobs } from '@spinsnn/learning/node';
import type { TopLevelSpec } from 'vega-lite';
import { RunFolder } from '../run-folder.js';
import { ArgumentError, intArg, round } from '../util.js';
import { findDataset } from './datasets.js';
import { RESERVOIRS, type ReservoirKind, type SpeechOpts } from './speech.js';
import type { MapJob, MapResult, MapWorkerData } from './speech-map-worker.js';

/**
 * `spinsnn speech map`: accuracy maps of a reservoir over two of θ/τ_relax, bias, nodes,
 * temperature and device spread (official split), one grid point per worker-pool job
 * (docs/oscillators.md §3.4). Heatmap SVG and a Markdown table in the run folder.
 */
const AXES = {
  theta: 'θ / τ_relax',
  zeta: 'bias I_dc / I_th',
  nodes: 'virtual nodes N_v',
  arraySize: 'array oscillators N',
  temperature: 'temperature (K)',
  spread: 'device spread (relative)',
  dzeta: 'input current ΔI / I_th',
} as const;
type Axis = keyof typeof AXES;

interface MapOpts {
  data?: string;
  reservoir: string;
  x: string;
  y: string;
  takes: number;
  threads: number;
  out?: string;
  force?: boolean;
  json?: boolean;
}

function parseAxis(flag: string, s: string): { axis: Axis; values: number[] } {
  const m = /^([a-zA-Z]+)=(.+)$/.exec(s);
  if (!m || !(m[1] in AXES)) throw new ArgumentError(flag, `NAME=v1,v2,… with NAME one of ${Object.keys(AXES).join(', ')}, got "${s}"`);
  const values = m[2].split(',').map(Number);
  if (values.some((v) => !Number.isFinite(v)) || values.length === 0) throw new ArgumentError(flag, `finite numbers after "=", got "${m[2]}"`);
  if ((m[1] === 'nodes' || m[1] === 'arraySize') && values.some((v) => !Number.isInteger(v) || v < 1))
    throw new ArgumentError(flag, `whole numbers ≥ 1 for ${m[1]}`);
  if (m[1] === 'zeta' && values.some((v) => Math.abs(v - 1) < 1e-3 || v <= 0)) throw new ArgumentError(flag, 'biases > 0 away from threshold (ζ ≠ 1)');
  return { axis: m[1] as Axis, values };
}

/** Registers `spinsnn speech map` under `speech`. */
export function registerSpeechMap(speech: Command, defaults: () => SpeechOpts): void {
  speech
    .command('map')
    .description('accuracy heatmap of one reservoir over two parameters (θ, bias, nodes, temperature, spread, …) on the FSDD official split, on worker threads')
    .option('--data <dir>', 'FSDD clone or its recordings/ folder (default: $SPINSNN_DATA/fsdd if present)')
    .addOption(new Option('--reservoir <kind>', 'reservoir').choices([...RESERVOIRS]).default('stno'))
    .option('--x <axis>', `x axis NAME=v1,v2,… (NAME: ${Object.keys(AXES).join(', ')})`, 'theta=0.1,0.25,0.5,1,2')
    .option('--y <axis>', 'y axis, same form', 'zeta=1.2,1.5,2,3')
    .option('--takes <n>', 'use takes 0…n−1 of every speaker and digit (0–4 test, 5–9 validation, the rest train too; 50 = all 3000 clips)', intArg(11, 50), 50)
    .option('--threads <n>', 'worker threads', intArg(1, 64), Math.max(1, Math.min(4, cpus().length)))
    .option('--out <dir>', 'run folder (default runs/speech-map-<time>)')
    .option('--force', 'write into a non-empty --out')
    .option('--json', 'print exactly one JSON line')
    .addHelpText(
      'after',
      '\nOther options (features, nodes, detector, …) are the defaults of `speech fsdd`.\n\nExamples:\n  spinsnn speech map --takes 20 --json\n  spinsnn speech map --reservoir stno-array --x spread=0,0.01,0.05 --y temperature=0,300',
    )
    .action(async (o: MapOpts) => {
      const x = parseAxis('--x', o.x),
        y = parseAxis('--y', o.y);
      if (x.axis === y.axis) throw new ArgumentError('--y', `a different parameter from --x (${x.axis})`);
      const kind = o.reservoir as ReservoirKind;
      const dir = o.data ?? findDataset('fsdd');
      if (!dir) throw new ArgumentError('--data', 'FSDD not found: pass --data DIR (git clone https://github.com/Jakobovski/free-spoken-digit-dataset)');
      const base = defaults();
      const run = new RunFolder('speech-map', { out: o.out, json: o.json });
      run.prepare({ force: o.force });
      run.writeConfig({ command: 'speech map', ...o, data: resolve(dir), base, node: process.version });
      run.writeMetrics([]);
      const jobs: MapJob[] = [];
      for (const yv of y.values) for (const xv of x.values) jobs.push({ reservoir: kind, set: { [x.axis]: xv, [y.axis]: yv } });
      const progress = run.progress('speech map');
      let done = 0;
      const w0 = Date.now();
      const c0 = process.cpuUsage(); // the whole process: main and worker threads
      const results = await runJobs<MapJob, MapResult>(jobs, {
        worker: new URL('./speech-map-worker.js', import.meta.url),
        threads: o.threads,
        workerData: { dir, takes: o.takes, base } satisfies MapWorkerData,
        describeJob: (j) => JSON.stringify(j.set),
        onResult: (r) => {
          done++;
          progress.update(done / jobs.length, JSON.stringify(r.job.set));
          run.appendMetrics({ ...r.job.set, accuracy: round(r.result.accuracy, 6), lambda: r.result.lambda, jobWallS: round(r.result.wallS) });
        },
      });
      progress.done();
      const cpu = process.cpuUsage(c0);
      const cells = results.map((r) => ({
        x: r.job.set[x.axis],
        y: r.job.set[y.axis],
        accuracy: round(r.result.accuracy, 6),
        jobWallS: round(r.result.wallS),
      }));
      const best = cells.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
      const summary = {
        reservoir: kind,
        x: x.axis,
        y: y.axis,
        takes: o.takes,
        cells,
        best,
        processCpuS: round((cpu.user + cpu.system) / 1e6),
        wallS: round((Date.now() - w0) / 1000),
        threads: o.threads,
        runDir: run.dir,
      };
      run.writeSummary(summary);
      const table = [
        `FSDD official split (takes < ${o.takes}), reservoir ${kind}: test accuracy (%)`,
        '',
        `| ${AXES[y.axis]} \\ ${AXES[x.axis]} | ${x.values.join(' | ')} |`,
        `|---|${x.values.map(() => '---').join('|')}|`,
        ...y.values.map((yv) => `| ${yv} | ${x.values.map((xv) => (100 * cells.find((c) => c.x === xv && c.y === yv)!.accuracy).toFixed(2)).join(' | ')} |`),
        '',
      ].join('\n');
      run.writeFile('table.md', table);
      await run.writePlot('map.svg', heatSpec(cells, AXES[x.axis], AXES[y.axis], `FSDD accuracy map, ${kind} reservoir (official split, takes < ${o.takes})`));
      run.finish(summary, () => `${table}\n  best ${(100 * best.accuracy).toFixed(2)} % at ${x.axis}=${best.x}, ${y.axis}=${best.y}\n  run folder ${run.dir}`);
    });
}

function heatSpec(cells: { x: number; y: number; accuracy: number }[], xt: string, yt: string, title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 360,
    height: 280,
    data: { values: cells.map((c) => ({ x: String(c.x), y: String(c.y), accuracy: 100 * c.accuracy })) },
    layer: [
      {
        mark: 'rect',
        encoding: {
          x: { field: 'x', type: 'ordinal', title: xt, sort: null },
          y: { field: 'y', type: 'ordinal', title: yt, sort: null },
          color: { field: 'accuracy', type: 'quantitative', title: 'test accuracy (%)', scale: { scheme: 'viridis' } },
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          x: { field: 'x', type: 'ordinal', sort: null },
          y: { field: 'y', type: 'ordinal', sort: null },
          text: { field: 'accuracy', type: 'quantitative', format: '.1f' },
        },
      },
    ],
  };
}
