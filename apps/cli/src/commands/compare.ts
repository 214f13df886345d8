import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readState } from '@spinsnn/learning/node';
import type { TopLevelSpec } from 'vega-lite';
import { RunFolder } from '../run-folder.js';
import { ArgumentError, intArg, round } from '../util.js';
import { deployInstances, deployTestData, readTrainedSnn } from './deploy.js';

/**
 * `spinsnn compare mnist|fsdd`: one table (Markdown, CSV, JSON) and one figure over the methods and
 * synapses of docs/supervised-snn.md — the TF.js ANN, the surrogate SNN (ideal), the SNN on SOT
 * multi-level without and with hardware-aware training, on binary MRAM, the converted SNN and the
 * Diehl & Cook STDP network. SNN rows are run here on the event kernel (device rows: mean ± sd
 * over --instances chips, programmed by program-and-verify); the ANN and STDP rows are read from
 * their run folders' summary.json. `compare fsdd` takes the recurrent SNN runs of
 * `spinsnn train fsdd --method surrogate` (ANN→SNN conversion and STDP exist for MNIST only) and
 * runs them on that run's FSDD test split.
 */
interface CompareOpts {
  surrogate: string;
  hwa?: string;
  hwaBinary?: string;
  convert?: string;
  ann?: string;
  stdp?: string;
  data?: string;
  instances: number;
  test: number;
  seed: number;
  out?: string;
  force?: boolean;
  json?: boolean;
}

interface Row {
  method: string;
  synapse: string;
  instances: number;
  testSamples: number;
  accuracy: number;
  accuracySd: number;
  energyPerInferenceJ: number | null;
  latencyS: number | null;
  synapticEventsPerSample: number | null;
  source: string;
}

const summaryOf = (dir: string, flag: string): Record<string, unknown> => {
  const f = join(dir, 'summary.json');
  if (!existsSync(f)) throw new ArgumentError(flag, `${dir} has no summary.json (pass a finished run folder)`);
  return readState<Record<string, unknown>>(f);
};

/** Registers `spinsnn compare`. */
export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description(
      'compare ANN, surrogate SNN (ideal, SOT multi-level with/without HWA, binary MRAM), converted SNN and STDP on MNIST (fsdd: the recurrent SNN rows): one table and one figure',
    )
    .argument('<dataset>', 'mnist or fsdd')
    .requiredOption('--surrogate <dir>', 'run folder of spinsnn train mnist|fsdd --method surrogate (ideal training)')
    .option('--hwa <dir>', 'run folder of a hardware-aware run on sot/multilevel (--hwa --synapse sot/multilevel --preset hsin2025)')
    .option('--hwa-binary <dir>', 'run folder of a hardware-aware run on mram/stt (default: the --surrogate network on mram/stt)')
    .option('--convert <dir>', 'run folder of spinsnn train mnist --method convert')
    .option('--ann <dir>', 'run folder of spinsnn baseline mnist --model mlp (its summary.json)')
    .option('--stdp <dir>', 'run folder of spinsnn train mnist (Diehl & Cook STDP; its summary.json)')
    .option('--data <dir>', 'FSDD clone (fsdd; default: the configured datasets folder)')
    .option('--instances <n>', 'device instances per device row', intArg(1, 100), 5)
    .option('--test <n>', 'test samples run on the kernel per row and instance (the first n)', intArg(1, 10_000), 1000)
    .option('--seed <n>', 'seed of instance 1', intArg(0, 2 ** 31 - 1), 1)
    .option('--out <dir>', 'run folder (default runs/compare-<time>)')
    .option('--force', 'write into a non-empty --out')
    .option('--json', 'print exactly one JSON line')
    .addHelpText(
      'after',
      '\nExamples:\n  spinsnn compare mnist --surrogate runs/snn --hwa runs/snn-hwa --convert runs/convert --ann runs/mlp --instances 5 --test 200\n  spinsnn compare fsdd --surrogate runs/fsdd-rsnn --hwa runs/fsdd-rsnn-hwa --instances 5 --test 300',
    )
    .action(async (dataset: string, opts: CompareOpts) => {
      if (dataset !== 'mnist' && dataset !== 'fsdd')
        throw new ArgumentError('<dataset>', `spinsnn compare knows the datasets "mnist" and "fsdd", got "${dataset}"`);
      if (dataset === 'fsdd' && (opts.convert || opts.stdp || opts.ann))
        throw new ArgumentError(
          opts.convert ? '--convert' : opts.stdp ? '--stdp' : '--ann',
          'MNIST runs only: compare fsdd takes --surrogate, --hwa and --hwa-binary',
        );
      const sur = readTrainedSnn(resolve(opts.surrogate));
      const hwa = opts.hwa ? readTrainedSnn(resolve(opts.hwa)) : null;
      const hwaBin = opts.hwaBinary ? readTrainedSnn(resolve(opts.hwaBinary)) : null;
      for (const [flag, m] of [
        ['--surrogate', sur],
        ['--hwa', hwa],
        ['--hwa-binary', hwaBin],
      ] as const)
        if (m && m.dataset !== dataset) throw new ArgumentError(flag, `a run trained on ${dataset} (this one was trained on ${m.dataset})`);
      const conv = opts.convert ? readTrainedSnn(resolve(opts.convert)) : null;
      const ann = opts.ann ? summaryOf(resolve(opts.ann), '--ann') : null;
      const stdp = opts.stdp ? summaryOf(resolve(opts.stdp), '--stdp') : null;
      const out = new RunFolder('compare', { out: opts.out, json: opts.json });
      out.prepare({ force: opts.force });
      const test = deployTestData(dataset, sur.fsdd, sur.params.config.timesteps, opts.data);
      const program = { tolerance: 0.05, maxWrites: 20 };
      const rows: Row[] = [];
      const progress = out.progress('compare');
      // without --ann, the source ANN of --convert (its summary's annAccuracy)
      const convSummary = opts.convert && existsSync(join(resolve(opts.convert), 'summary.json')) ? summaryOf(resolve(opts.convert), '--convert') : null;
      if (!ann && convSummary && typeof convSummary.annAccuracy === 'number')
        rows.push({
          method: 'TF.js ANN (MLP, source of the conversion)',
          synapse: 'float32 (TF.js)',
          instances: 1,
          testSamples: Number(convSummary.testSamples),
          accuracy: convSummary.annAccuracy,
          accuracySd: 0,
          energyPerInferenceJ: null,
          latencyS: null,
          synapticEventsPerSample: null,
          source: resolve(opts.convert!),
        });
      if (ann)
        rows.push({
          method: 'TF.js ANN (MLP)',
          synapse: 'float32 (TF.js)',
          instances: 1,
          testSamples: Number(ann.testSamples),
          accuracy: Number(ann.accuracy),
          accuracySd: 0,
          energyPerInferenceJ: null,
          latencyS: null,
          synapticEventsPerSample: null,
          source: resolve(opts.ann!),
        });
      const snnRow = (method: string, m: NonNullable<typeof sur>, device: string, preset: string | undefined, instances: number, source: string) => {
        progress.update(rows.length / 8, method);
        const r = deployInstances(m.params, m.coding, test, {
          synapse: { device, ...(preset ? { preset } : {}) },
          program: device === 'ideal/float' ? undefined : program,
          instances,
          test: opts.test,
          seed: opts.seed,
          retention: [],
        });
        const s = r.summary;
        rows.push({
          method,
          synapse: preset ? `${device} ${preset}` : device,
          instances,
          testSamples: s.testSamples,
          accuracy: s.accuracy.mean,
          accuracySd: s.accuracy.sd,
          energyPerInferenceJ: s.energyPerInferenceJ.mean,
          latencyS: s.latencyS.mean,
          synapticEventsPerSample: s.synapticEventsPerSample.mean,
          source,
        });
      };
      snnRow('surrogate SNN (ideal, CMOS)', sur, 'ideal/float', undefined, 1, resolve(opts.surrogate));
      snnRow('surrogate SNN, no HWA', sur, 'sot/multilevel', 'hsin2025', opts.instances, resolve(opts.surrogate));
      if (hwa) snnRow('surrogate SNN, HWA', hwa, 'sot/multilevel', 'hsin2025', opts.instances, resolve(opts.hwa!));
      snnRow('surrogate SNN, no HWA', sur, 'mram/stt', 'jung2022', opts.instances, resolve(opts.surrogate));
      if (hwaBin) snnRow('surrogate SNN, HWA', hwaBin, 'mram/stt', 'jung2022', opts.instances, resolve(opts.hwaBinary!));
      if (conv) snnRow('converted SNN (IF)', conv, 'ideal/float', undefined, 1, resolve(opts.convert!));
      if (stdp)
        rows.push({
          method: 'Diehl & Cook STDP',
          synapse: String(stdp.synapse),
          instances: 1,
          testSamples: Number(stdp.testSamples),
          accuracy: Number(stdp.accuracy),
          accuracySd: 0,
          energyPerInferenceJ: Number(stdp.energyPerInferenceJ),
          latencyS: null,
          synapticEventsPerSample: null,
          source: resolve(opts.stdp!),
        });
      progress.done();
      const fmt = (x: number | null, d = 4) => (x === null ? '–' : String(round(x, d)));
      const md =
        [
          '| method | synapse | accuracy (%) | energy / inference (J) | latency (s) | synaptic events / sample | instances | test samples |',
          '|---|---|---|---|---|---|---|---|',
          ...rows.map(
            (r) =>
              `| ${r.method} | ${r.synapse} | ${(r.accuracy * 100).toFixed(2)}${r.instances > 1 ? ` ± ${(r.accuracySd * 100).toFixed(2)}` : ''} | ${fmt(r.energyPerInferenceJ)} | ${fmt(r.latencyS)} | ${fmt(r.synapticEventsPerSample)} | ${r.instances} | ${r.testSamples} |`,
          ),
        ].join('\n') + '\n';
      const csv =
        [
          'method,synapse,accuracy,accuracy_sd,energy_per_inference_J,latency_s,synaptic_events_per_sample,instances,test_samples',
          ...rows.map((r) =>
            [
              r.method,
              r.synapse,
              r.accuracy,
              r.accuracySd,
              r.energyPerInferenceJ ?? '',
              r.latencyS ?? '',
              r.synapticEventsPerSample ?? '',
              r.instances,
              r.testSamples,
            ]
              .map((v) => (typeof v === 'string' && v.includes(',') ? `"${v}"` : String(v)))
              .join(','),
          ),
        ].join('\n') + '\n';
      out.writeFile('compare.md', md);
      out.writeFile('compare.csv', csv);
      out.writeJson('compare.json', rows);
      await out.writePlot('compare.svg', figure(rows, dataset === 'fsdd' ? 'FSDD' : 'MNIST'));
      out.writeSummary({ rows, runDir: out.dir });
      out.finish({ rows, runDir: out.dir }, () => md + `run folder: ${out.dir}`);
    });
}

function figure(rows: Row[], dataset: string): TopLevelSpec {
  const values = rows.map((r) => ({
    label: `${r.method} — ${r.synapse}`,
    accuracy: r.accuracy * 100,
    lo: (r.accuracy - r.accuracySd) * 100,
    hi: (r.accuracy + r.accuracySd) * 100,
    energy: r.energyPerInferenceJ,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${dataset}: accuracy and energy per inference by method and synapse (device rows: mean ± sd over instances)`,
    data: { values },
    hconcat: [
      {
        width: 300,
        height: 220,
        layer: [
          {
            mark: 'bar',
            encoding: {
              y: { field: 'label', type: 'nominal', title: null, sort: null },
              x: { field: 'accuracy', type: 'quantitative', title: 'test accuracy (%)', scale: { zero: false } },
            },
          },
          { mark: 'rule', encoding: { y: { field: 'label', type: 'nominal', sort: null }, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
        ],
      },
      {
        width: 300,
        height: 220,
        transform: [{ filter: 'datum.energy != null' }],
        mark: 'bar',
        encoding: {
          y: { field: 'label', type: 'nominal', title: null, sort: null },
          x: { field: 'energy', type: 'quantitative', title: 'synaptic energy per inference (J, log)', scale: { type: 'log' } },
        },
      },
    ],
  } as TopLevelSpec;
}
