import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, validateNetworkSpec, type NetworkSpec } from '@spinsnn/core';
import '@spinsnn/backends';
import {
  compareTraces,
  exactLifTrace,
  nirToSpec,
  parseLifTraceCsv,
  runNirLif,
  specToNir,
  stepsOf,
  type LifTrace,
  type NirGraph,
  type NirTensor,
  type TraceComparison,
} from '@spinsnn/learning';
import { readNirFile, writeNirFile } from '@spinsnn/learning/node';
import type { TopLevelSpec } from 'vega-lite';
import { CommandOutput, RunFolder } from '../run-folder.js';
import { ArgumentError, fsUserError, numArg, round, writeFileAtomic } from '../util.js';
import { datasetRootCandidates } from './datasets.js';

/** The NIR paper's step (s): its graphs and traces use dt = 1e-4 s. */
const NIR_PAPER_DT = 1e-4;
/** Frameworks whose traces of the single-LIF experiment are in the data folder (lif_<name>.csv). */
const FRAMEWORKS = ['norse', 'rockpool', 'snntorch', 'spyx'] as const;
/** Graphs of the experiment we run on the kernel (lif_<name>.nir). */
const GRAPHS = ['norse', 'rockpool'] as const;

function choice<T extends string>(values: readonly T[]) {
  return (v: string): T => {
    if (!(values as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}, got "${v}"`);
    return v as T;
  };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fsUserError(file, e, 'read');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DataError(file, `not valid JSON (${(e as Error).message})`);
  }
}

/** The network spec of a run folder: config.json's `spec` (as `spinsnn run` writes it) or a spec.json in it. */
function specOfRun(dir: string): NetworkSpec {
  const candidates = [join(dir, 'config.json'), join(dir, 'spec.json')];
  for (const f of candidates) {
    if (!existsSync(f)) continue;
    const j = readJson(f) as { spec?: unknown; populations?: unknown };
    const spec = j.spec ?? (j.populations ? j : undefined);
    if (spec !== undefined) {
      validateNetworkSpec(spec);
      return spec;
    }
  }
  throw new DataError(dir, 'no network spec in this run folder (config.json with a "spec", as `spinsnn run` writes, or spec.json): pass --spec FILE instead');
}

function graphSummary(g: NirGraph) {
  const types: Record<string, number> = {};
  for (const n of g.nodes) types[n.type] = (types[n.type] ?? 0) + 1;
  return { version: g.version, nodes: g.nodes.length, edges: g.edges.length, types };
}

function nirDataDir(given?: string): string {
  if (given) return given;
  for (const root of datasetRootCandidates()) if (existsSync(join(root, 'nir', '01_lif'))) return join(root, 'nir');
  throw new ArgumentError('--data', 'the NIR data folder (with 01_lif/) was not found: pass --data DIR, or set $SPINSNN_DATA to the folder holding nir/');
}

function lifPlot(panels: { name: string; trace: LifTrace }[], exact: LifTrace, dt: number): TopLevelSpec {
  const rows: { t: number; v: number; series: string; panel: string }[] = [];
  const spikes: { t: number; series: string; panel: string }[] = [];
  for (const p of panels) {
    for (const [series, tr] of [
      ['exact', exact],
      [p.name, p.trace],
    ] as const) {
      for (let k = 0; k < tr.v.length; k++) rows.push({ t: round((k + 1) * dt * 1e3, 6), v: tr.v[k], series, panel: p.name });
      for (const k of stepsOf(tr.spikes)) spikes.push({ t: round((k + 1) * dt * 1e3, 6), series, panel: p.name });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'single LIF neuron (NIR paper experiment): each trace beside the exact solution',
    data: { values: [...rows.map((r) => ({ ...r, kind: 'v' })), ...spikes.map((s) => ({ ...s, kind: 'spike' }))] },
    facet: {
      row: { field: 'panel', type: 'nominal', title: null, sort: panels.map((p) => p.name), header: { labelLimit: 400, labelAngle: 0, labelAlign: 'left' } },
    },
    spec: {
      width: 720,
      height: 110,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'v'" }],
          mark: { type: 'line', strokeWidth: 1 },
          encoding: {
            x: { field: 't', type: 'quantitative', title: 'time (ms)' },
            y: { field: 'v', type: 'quantitative', title: 'v (framework units)' },
            color: { field: 'series', type: 'nominal', title: 'trace' },
            strokeDash: { condition: { test: "datum.series === 'exact'", value: [4, 2] }, value: [1, 0] },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'spike'" }],
          mark: { type: 'tick', thickness: 2, size: 10 },
          encoding: { x: { field: 't', type: 'quantitative' }, y: { datum: 0 }, color: { field: 'series', type: 'nominal' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** `spinsnn nir …`: NIR graphs in and out, and the NIR paper's single-LIF experiment on the kernel. */
export function registerNir(program: Command): void {
  const nir = program
    .command('nir')
    .description(
      'NIR (Neuromorphic Intermediate Representation) interchange: import a .nir graph as a spinsnn spec, export a spec or run as .nir, run the NIR paper’s single-LIF experiment (docs/nir.md)',
    );

  nir
    .command('import')
    .description('read a .nir file (from snnTorch, Norse, Rockpool, Sinabs, Lava, … or spinsnn) and write a spinsnn NetworkSpec JSON')
    .argument('<file>', 'NIR graph file (HDF5)')
    .requiredOption('--out <spec.json>', 'where to write the spec (written atomically)')
    .option('--dt <s>', 'kernel step of the imported network (s)', numArg({ positive: true }), NIR_PAPER_DT)
    .option(
      '--seed <n>',
      'seed of the imported spec (NIR carries none)',
      (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`a whole number ≥ 0, got "${v}"`);
        return n;
      },
      1,
    )
    .option('--reset <mode>', 'reset of LIF/CubaLIF/IF nodes that have no v_reset (NIR < 1.0): zero or subtract', choice(['zero', 'subtract'] as const), 'zero')
    .option('--force', 'overwrite an existing --out file')
    .option('--json', 'print exactly one JSON line')
    .addHelpText(
      'after',
      '\nInputs come with no spikes (NIR carries no stimulus): fill their indices/times before `spinsnn run`.\nExample:\n  spinsnn nir import $SPINSNN_DATA/nir/03_rnn/braille_noDelay_bias_zero.nir --out braille.json --force',
    )
    .action(async (file: string, o: { out: string; dt: number; seed: number; reset: 'zero' | 'subtract'; force?: boolean; json?: boolean }) => {
      const out = new CommandOutput({ json: o.json });
      if (existsSync(o.out) && !o.force) throw new ArgumentError('--out', `${o.out} exists: pass --force to overwrite it, or choose another --out`);
      const graph = await readNirFile(file);
      const { spec, notes } = nirToSpec(graph, { dt: o.dt, seed: o.seed, reset: o.reset });
      validateNetworkSpec(spec);
      writeFileAtomic(o.out, JSON.stringify(spec, null, 1) + '\n');
      const synapses = (spec.projections ?? []).reduce((a, p) => a + (p.connectivity.rule === 'explicit' ? p.connectivity.pre.length : 0), 0);
      const result = {
        file,
        out: o.out,
        graph: graphSummary(graph),
        populations: spec.populations.map((p) => ({ name: p.name, model: p.model, size: p.size })),
        projections: spec.projections?.length ?? 0,
        synapses,
        notes,
      };
      out.finish(result, () =>
        [
          `${file}: NIR ${graph.version || '(no version)'}, ${graph.nodes.length} nodes, ${graph.edges.length} edges → ${o.out}`,
          ...result.populations.map((p) => `  ${p.name}: ${p.model} × ${p.size}`),
          `  ${result.projections} projections, ${synapses} synapses`,
          ...notes.map((n) => `  note: ${n}`),
        ].join('\n'),
      );
    });

  nir
    .command('export')
    .description('write a spinsnn network (a spec file, or the spec of a run folder) as a .nir file; synapse devices go into each weight node’s metadata')
    .option('--spec <file>', 'NetworkSpec JSON')
    .option('--run <dir>', 'run folder whose config.json holds the spec (as `spinsnn run` writes it)')
    .requiredOption('--out <file.nir>', 'NIR file to write (written atomically)')
    .option('--weight-dtype <t>', 'element type of weights: f8 (exact) or f4 (what most frameworks write)', choice(['f4', 'f8'] as const), 'f8')
    .option('--force', 'overwrite an existing --out file')
    .option('--json', 'print exactly one JSON line')
    .addHelpText(
      'after',
      '\nPopulations must use a NIR model (core/nir_lif, core/nir_cubalif, core/if, core/li, core/integrator, core/nir_threshold).\nExample:\n  spinsnn nir export --spec braille.json --out braille.nir --force',
    )
    .action(async (o: { spec?: string; run?: string; out: string; weightDtype: 'f4' | 'f8'; force?: boolean; json?: boolean }) => {
      const out = new CommandOutput({ json: o.json });
      if ((o.spec === undefined) === (o.run === undefined)) throw new ArgumentError('--spec', 'exactly one of --spec FILE and --run DIR');
      if (existsSync(o.out) && !o.force) throw new ArgumentError('--out', `${o.out} exists: pass --force to overwrite it, or choose another --out`);
      let spec: NetworkSpec;
      if (o.spec) {
        const j = readJson(o.spec);
        validateNetworkSpec(j);
        spec = j;
      } else {
        if (!existsSync(o.run!) || !statSync(o.run!).isDirectory()) throw new ArgumentError('--run', `${o.run} is not a folder`);
        spec = specOfRun(o.run!);
      }
      const graph = specToNir(spec, { weightDtype: o.weightDtype });
      await writeNirFile(o.out, graph);
      const devices = graph.nodes.filter((n) => 'spinsnn_device' in n.metadata).map((n) => ({ node: n.name, device: n.metadata.spinsnn_device }));
      const result = { out: o.out, graph: graphSummary(graph), devices };
      out.finish(result, () =>
        [
          `${o.out}: ${graph.nodes.length} nodes (${Object.entries(result.graph.types)
            .map(([t, n]) => `${n} ${t}`)
            .join(', ')}), ${graph.edges.length} edges`,
          ...devices.map((d) => `  ${d.node}: device ${String(d.device)}`),
        ].join('\n'),
      );
    });

  nir
    .command('lif')
    .description(
      'the NIR paper’s single-LIF experiment: import its graphs, run them on the kernel, compare with the exact solution and plot every framework’s trace beside ours',
    )
    .option('--data <dir>', 'the NIR data folder (holding 01_lif/); default $SPINSNN_DATA/nir, else shared/datasets/nir beside the clone')
    .option('--out <dir>', 'run folder (default runs/nir-lif-<time>)')
    .option('--force', 'write into a non-empty --out')
    .option('--json', 'print exactly one JSON line (the comparison)')
    .addHelpText(
      'after',
      '\nTolerances (docs/nir.md): spike steps within 1 step, |v − v_exact| ≤ 1e-8 V (the published exact trace itself sits 2.85e-9 V from a float64 exact solver, after spikes).\nExample:\n  spinsnn nir lif --out runs/nir-lif --force --json',
    )
    .action(async (o: { data?: string; out?: string; force?: boolean; json?: boolean }) => {
      const dir = join(nirDataDir(o.data), '01_lif');
      const run = new RunFolder('nir-lif', { out: o.out, json: o.json });
      run.prepare({ force: o.force });
      const readCsv = (name: string): LifTrace => {
        const f = join(dir, `lif_${name}.csv`);
        let text: string;
        try {
          text = readFileSync(f, 'utf8');
        } catch (e) {
          throw fsUserError(f, e, 'read', '--data');
        }
        return parseLifTraceCsv(text, f);
      };
      const exact = readCsv('exact');
      const inputSteps = stepsOf(exact.input);
      const t0 = performance.now(),
        c0 = process.cpuUsage();
      const ours: { name: string; trace: LifTrace; comparison: TraceComparison }[] = [];
      let solver: { vsKernel: TraceComparison; vsPublished: TraceComparison } | null = null;
      for (const gname of GRAPHS) {
        const graph = await readNirFile(join(dir, `lif_${gname}.nir`));
        if (gname === 'norse') {
          // an independent float64 event-driven solver on the same graph (docs/nir.md)
          const lif = graph.nodes.find((n) => n.type === 'LIF');
          const w = graph.nodes.find((n) => n.type === 'Affine' || n.type === 'Linear');
          if (lif && w) {
            const f = (n: typeof lif, k: string) => (n.params[k] as NirTensor).data[0];
            const ref = exactLifTrace(
              { tau: f(lif, 'tau'), r: f(lif, 'r'), vLeak: f(lif, 'v_leak'), vThreshold: f(lif, 'v_threshold'), weight: f(w, 'weight') },
              inputSteps,
              exact.v.length,
              NIR_PAPER_DT,
            );
            const kernel = runNirLif(graph, inputSteps, exact.v.length, { dt: NIR_PAPER_DT });
            solver = { vsKernel: compareTraces(kernel, ref), vsPublished: compareTraces(exact, ref) };
          }
        }
        const trace = runNirLif(graph, inputSteps, exact.v.length, { dt: NIR_PAPER_DT });
        ours.push({ name: `spinsnn (lif_${gname}.nir)`, trace, comparison: compareTraces(trace, exact) });
      }
      const cpu = process.cpuUsage(c0);
      const wallS = (performance.now() - t0) / 1000;
      const others = FRAMEWORKS.map((f) => {
        const trace = readCsv(f);
        return { name: f, trace, comparison: compareTraces(trace, exact) };
      });
      const main = ours[0].comparison;
      const pass = main.maxSpikeStepError <= 1 && main.maxAbsVoltageError <= 1e-8;
      const summary = {
        experiment: 'NIR paper single LIF (01_lif): input spikes as unit currents held one step, dt = 1e-4 s',
        steps: exact.v.length,
        inputSpikes: inputSteps.length,
        exactSpikeSteps: main.referenceSpikeSteps,
        spinsnn: Object.fromEntries(ours.map((x) => [x.name, { ...x.comparison, referenceSpikeSteps: undefined }])),
        frameworks: Object.fromEntries(others.map((x) => [x.name, { ...x.comparison, referenceSpikeSteps: undefined }])),
        float64ExactSolver: solver && {
          kernelVsSolver: { ...solver.vsKernel, referenceSpikeSteps: undefined },
          publishedExactVsSolver: { ...solver.vsPublished, referenceSpikeSteps: undefined },
        },
        tolerance: { spikeSteps: 1, voltageV: 1e-8 },
        pass,
        cpuS: (cpu.user + cpu.system) / 1e6,
        wallS,
      };
      await run.writePlot('lif.svg', lifPlot([...ours.map((x) => ({ name: x.name, trace: x.trace })), ...others], exact, NIR_PAPER_DT));
      run.writeFile(
        'traces.csv',
        [
          'step,exact_v,' + [...ours, ...others].map((x) => `${x.name.replace(/[ ,()]/g, '_')}_v`).join(','),
          ...Array.from(exact.v, (v, k) => [k, v, ...[...ours, ...others].map((x) => x.trace.v[k])].join(',')),
        ].join('\n') + '\n',
      );
      run.writeConfig({ command: 'nir lif', data: dir });
      run.writeSummary(summary);
      run.finish({ ...summary, runDir: run.dir }, () =>
        [
          `single LIF, ${summary.steps} steps, ${summary.inputSpikes} input spikes; exact spikes at steps ${summary.exactSpikeSteps.join(', ')}`,
          ...[...ours, ...others].map(
            (x) =>
              `  ${x.name.padEnd(28)} spikes ${x.comparison.spikeSteps.join(', ').padEnd(20)} max |Δstep| ${x.comparison.maxSpikeStepError}, max |Δv| ${x.comparison.maxAbsVoltageError.toExponential(2)}`,
          ),
          ...(solver
            ? [
                `  float64 event-driven exact solver on lif_norse.nir: kernel within ${solver.vsKernel.maxAbsVoltageError.toExponential(1)} V of it, the published exact trace within ${solver.vsPublished.maxAbsVoltageError.toExponential(2)} V`,
              ]
            : []),
          `  ${pass ? 'PASS' : 'FAIL'}: spinsnn on lif_norse.nir within 1 step and 1e-8 V of the published exact solution`,
          `  run folder: ${run.dir} (lif.svg, traces.csv, summary.json)`,
        ].join('\n'),
      );
    });
}
