import type { Command } from 'commander';
import { join } from 'node:path';
import '@spinsnn/backends';
import { Network } from '@spinsnn/core';
import { barSpec, characterisationPlot, lineSpec, rasterSpec, renderSvg } from '../plot.js';
import { RunFolder } from '../run-folder.js';
import { ArgumentError, intArg, numArg, round } from '../util.js';
import { findDataset } from './datasets.js';
import {
  cubaFigures,
  cubaPart,
  cubaSpec,
  devicePart,
  maxCutPart,
  mlpPart,
  snnPart,
  type CubaResult,
  type MaxCutResult,
  type MlpResult,
  type SnnResult,
} from '../demo/parts.js';
import { reportHtml, type ReportSection } from '../demo/report.js';

/** The parts of the showcase, in report order. */
export const DEMO_PARTS = ['mnist', 'maxcut', 'device', 'cuba'] as const;
type Part = (typeof DEMO_PARTS)[number];

/** The spiking network's synapses in the MNIST comparison: ideal, an SOT multilevel device and an STT-MRAM cell. */
export const DEMO_SYNAPSES: readonly { id: string; preset?: string; label: string }[] = [
  { id: 'ideal/float', label: 'STDP, ideal float synapses' },
  { id: 'sot/multilevel', preset: 'hsin2025', label: 'STDP, SOT multilevel (hsin2025)' },
  // binary cells learn by stochastic rounding: each STDP change switches a cell with probability |Δw|/(wMax − wMin)
  { id: 'mram/stt', preset: 'jung2022', label: 'STDP, STT-MRAM binary (jung2022)' },
];

interface DemoOpts {
  parts: string;
  train: number;
  test: number;
  neurons: number;
  sweeps: number;
  graph?: string;
  seed: number;
  out?: string;
  force?: boolean;
  json?: boolean;
}

/**
 * `spinsnn demo`, the newcomer's first run: a small MNIST comparison (TF.js MLP; the Diehl & Cook
 * STDP network on ideal, SOT and MRAM synapses), a p-bit max-cut on G1, a device curve and the
 * CUBA network, written into one self-contained HTML report plus summary.json.
 */
export function registerDemo(program: Command): void {
  // options after `cuba` are its own (both define --out, --seed, …)
  const demo = program.command('demo').enablePositionalOptions();
  registerDemoCuba(demo);
  demo
    .description(
      'the showcase: MNIST (TF.js MLP vs the STDP network on ideal, SOT and MRAM synapses), p-bit max-cut on G1, a device curve and the CUBA network, in one self-contained HTML report (a few minutes on 2 cores)',
    )
    .option('--parts <list>', `comma-separated parts to run (${DEMO_PARTS.join(', ')})`, DEMO_PARTS.join(','))
    .option('--train <n>', 'MNIST training samples (the first n of the 60k)', intArg(10, 60000), 1000)
    .option('--test <n>', 'MNIST test samples (the first n of the 10k)', intArg(10, 10000), 500)
    .option('--neurons <n>', 'excitatory neurons of the STDP network', intArg(1, 10000), 100)
    .option('--sweeps <n>', 'p-bit annealing sweeps per max-cut run', intArg(1, 1_000_000), 2000)
    .option('--graph <file>', 'Gset graph for the max-cut part (default: G1.txt in $SPINSNN_DATA/gset)')
    .option('--seed <n>', 'random seed of every part', intArg(0, 2 ** 32 - 1), 1)
    .option('--out <dir>', 'run folder (default runs/demo-<time>)')
    .option('--force', 'write into a non-empty --out (its files are overwritten)')
    .option('--json', 'print exactly one JSON line (the summary and the report path)')
    .addHelpText(
      'after',
      '\nEach part has its own command (the report prints the line for each).\n\nExamples:\n  spinsnn demo\n  spinsnn demo --parts maxcut,device,cuba --json',
    )
    .action(async (o: DemoOpts) => {
      const parts = o.parts
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const p of parts)
        if (!(DEMO_PARTS as readonly string[]).includes(p))
          throw new ArgumentError('--parts', `unknown part "${p}"; expected a comma-separated list of ${DEMO_PARTS.join(', ')}`);
      const want = (p: Part) => parts.includes(p);
      const graphFile = o.graph ?? (findDataset('gset') ? join(findDataset('gset')!, 'G1.txt') : null);
      const run = new RunFolder('demo', { out: o.out, json: o.json });
      run.prepare({ force: o.force });
      const t0 = performance.now(),
        c0 = process.cpuUsage();
      const sizes = { train: o.train, test: o.test, neurons: o.neurons, seed: o.seed };
      const sections: ReportSection[] = [];
      const summary: Record<string, unknown> = { seed: o.seed, parts };
      const rows: string[][] = [];

      if (want('mnist')) {
        const p1 = run.progress('mnist: TF.js MLP');
        const mlp: MlpResult = await mlpPart(sizes, (f) => p1.update(f));
        p1.done();
        const snn: (SnnResult & { label: string })[] = [];
        for (const s of DEMO_SYNAPSES) {
          const p = run.progress(`mnist: ${s.label} (${o.train} train / ${o.test} test)`);
          snn.push({ ...snnPart(sizes, s.id, s.preset, (f) => p.update(f)), label: s.label });
          p.done();
        }
        summary.mnist = {
          mlp: { ...mlp, accuracy: round(mlp.accuracy, 4), trainS: round(mlp.trainS) },
          stdp: snn.map(({ receptiveFields: _r, ...r }) => ({
            ...r,
            accuracy: round(r.accuracy, 4),
            trainSamplesPerS: round(r.trainSamplesPerS),
            trainS: round(r.trainS),
            evalS: round(r.evalS),
          })),
        };
        rows.push([
          mlp.model,
          `${(100 * mlp.accuracy).toFixed(1)} % test accuracy`,
          `${mlp.trainSamples} train / ${mlp.testSamples} test, ${mlp.epochs} epochs, ${mlp.trainS.toFixed(1)} s`,
        ]);
        for (const r of snn)
          rows.push([
            r.label,
            `${(100 * r.accuracy).toFixed(1)} % test accuracy`,
            `${r.neurons} neurons, ${r.trainSamples} train / ${r.testSamples} test, ${r.trainSamplesPerS.toFixed(1)} samples/s`,
          ]);
        const bars = [
          { label: mlp.model, value: mlp.accuracy, group: 'deep learning (backprop)' },
          ...snn.map((r) => ({
            label: r.label.replace('STDP, ', 'STDP ') + (r.trainSamples < o.train ? ` (${r.trainSamples} samples)` : ''),
            value: r.accuracy,
            group: 'spiking, unsupervised STDP',
          })),
        ];
        const energyRows = snn.map((r) => [r.label, r.energyPerTrainSampleJ.toExponential(2), r.cmosPerTrainSampleJ.toExponential(2)]);
        const svg = await renderSvg(
          barSpec(bars, { title: `MNIST test accuracy (first ${o.test} test digits)`, x: 'test accuracy (fraction correct)', xDomain: [0, 1] }),
        );
        run.writeFile('mnist-accuracy.svg', svg);
        for (const r of snn) run.writeFile(`receptive-fields-${r.synapse.replace('/', '-')}.png`, r.receptiveFields);
        sections.push({
          id: 'mnist',
          title: 'MNIST: a deep-learning baseline and a spiking network on spintronic synapses',
          lead: `The same first ${o.train} training digits train a TF.js MLP (backpropagation) and the Diehl & Cook spiking network (${o.neurons} excitatory neurons, unsupervised STDP, labels assigned afterwards) on ideal float synapses, on SOT multilevel devices and on binary STT-MRAM cells (which learn by stochastic rounding: each STDP change switches a cell with probability |Δw|/(w_max − w_min)). A small run: accuracies at full size are in docs/benchmarks.md.`,
          table: [
            ['model', 'test accuracy', 'train samples', 'samples/s', 'synapse energy / train sample (J)', 'same on 45 nm CMOS (J)'],
            [mlp.model, (100 * mlp.accuracy).toFixed(1) + ' %', String(mlp.trainSamples), ((mlp.trainSamples * mlp.epochs) / mlp.trainS).toFixed(0), '—', '—'],
            ...snn.map((r, k) => [
              r.label,
              (100 * r.accuracy).toFixed(1) + ' %',
              String(r.trainSamples),
              r.trainSamplesPerS.toFixed(1),
              energyRows[k][1],
              energyRows[k][2],
            ]),
          ],
          svgs: [svg],
          pngs: snn.map((r) => ({
            caption: `receptive fields after training, ${r.label}: each tile is one neuron's 784 input weights as a 28×28 image (white = w_max)`,
            bytes: r.receptiveFields,
          })),
          commands: [
            `spinsnn baseline mnist --model mlp --train ${o.train} --test ${o.test} --epochs ${mlp.epochs}`,
            ...DEMO_SYNAPSES.map(
              (s) =>
                `spinsnn train mnist --neurons ${o.neurons} --train ${o.train} --test ${o.test} --synapse ${s.id}${s.preset ? ` --preset ${s.preset}` : ''}`,
            ),
          ],
        });
      }

      if (want('maxcut')) {
        if (!graphFile) {
          sections.push({
            id: 'maxcut',
            title: 'p-bit max-cut',
            lead: 'p-bit annealing on the Gset graph G1.',
            skipped: 'skipped: no Gset folder found (set $SPINSNN_DATA to the folder holding gset/G1.txt, or pass --graph FILE)',
          });
          summary.maxcut = { skipped: 'no Gset folder found' };
        } else {
          const p = run.progress('max-cut');
          const mc: MaxCutResult = maxCutPart(graphFile, { sweeps: o.sweeps, runs: 4, seed: o.seed });
          p.done();
          const { traces, ...rest } = mc;
          summary.maxcut = { ...rest, wallS: round(mc.wallS) };
          rows.push([
            `p-bit max-cut ${mc.graph}`,
            `cut ${mc.bestCut}${mc.bestKnown ? ` (${((100 * mc.bestCut) / mc.bestKnown).toFixed(2)} % of best known ${mc.bestKnown})` : ''}`,
            `${mc.runs} runs × ${mc.sweeps} sweeps, ${mc.wallS.toFixed(1)} s`,
          ]);
          const pts = traces.flatMap((t) => t.trace.map(([x, y]) => ({ x, y, series: `run ${t.run}` })));
          const svg = await renderSvg(
            lineSpec(pts, {
              title: `${mc.graph} (${mc.nodes} nodes, ${mc.edges} edges): cut while annealing`,
              x: 'sweep (one update of every p-bit)',
              y: 'cut (edges across the partition)',
              legend: 'run',
              rules: mc.bestKnown ? [{ y: mc.bestKnown, label: `best known ${mc.bestKnown}` }] : [],
            }),
          );
          run.writeFile('maxcut.svg', svg);
          sections.push({
            id: 'maxcut',
            title: `p-bit max-cut on ${mc.graph}`,
            lead: `${mc.runs} independent anneals of a network of probabilistic bits (sequential Gibbs updates, β rising linearly from 0.1 to 3 over ${mc.sweeps} sweeps). Cuts: ${mc.cuts.join(', ')}.`,
            table: [
              ['graph', 'nodes', 'edges', 'best cut', 'best known', 'wall (s)'],
              [mc.graph, String(mc.nodes), String(mc.edges), String(mc.bestCut), String(mc.bestKnown ?? 'n/a'), mc.wallS.toFixed(2)],
            ],
            svgs: [svg],
            commands: [`spinsnn ising maxcut --graph ${o.graph ?? '$SPINSNN_DATA/gset/G1.txt'} --sweeps ${o.sweeps} --runs 4 --sampler sequential`],
          });
        }
      }

      if (want('device')) {
        const dev = devicePart('sot/multilevel', 'hsin2025', o.seed);
        const pbit = devicePart('pbit/telegraph', 'soumah2024', o.seed);
        summary.device = { model: dev.model, preset: dev.preset, curves: dev.curves.map((c) => ({ name: c.name, points: c.points.length })) };
        const svg = await renderSvg(characterisationPlot(dev));
        const svg2 = await renderSvg(characterisationPlot(pbit));
        run.writeFile('device.svg', svg);
        run.writeJson('device.json', dev, 1);
        rows.push([`device ${dev.model} (${dev.preset})`, `${dev.curves.length} curves`, 'device.svg']);
        sections.push({
          id: 'device',
          title: 'Device curves',
          lead: 'The characterisation the CLI and the web page compute from the registered device models: an SOT multilevel synapse (Hsin et al. 2025) and a p-bit (Soumah et al. 2024).',
          svgs: [svg, svg2],
          commands: ['spinsnn device sot/multilevel --preset hsin2025', 'spinsnn device pbit/telegraph --preset soumah2024'],
        });
      }

      if (want('cuba')) {
        const p = run.progress('CUBA network');
        const cu: CubaResult = cubaPart({ neurons: 4000, duration: 1, seed: o.seed });
        p.done();
        const { raster, rates, ...rest } = cu;
        summary.cuba = { ...rest, wallS: round(cu.wallS), eventsPerS: Math.round(cu.eventsPerS) };
        rows.push(['CUBA 4,000 neurons, 1 s', `${cu.meanRateHz.toFixed(2)} Hz mean rate`, `${(cu.eventsPerS / 1e6).toFixed(1)} M synaptic events/s`]);
        const s1 = await renderSvg(rasterSpec(raster, 'CUBA (Brette et al. 2007), 4,000 neurons: spikes of the first 320 excitatory and 80 inhibitory'));
        const s2 = await renderSvg(lineSpec(rates, { title: 'population rate (5 ms bins)', x: 'time (s)', y: 'rate (Hz)', legend: 'population' }));
        run.writeFile('raster.svg', s1);
        run.writeFile('rate.svg', s2);
        sections.push({
          id: 'cuba',
          title: 'The event kernel: the CUBA benchmark network',
          lead: `4,000 leaky integrate-and-fire neurons with current-based synapses (Brette et al. 2007), 1 s simulated: ${cu.spikes} spikes, mean rate ${cu.meanRateHz.toFixed(2)} Hz (Brian2 reference band 5.2–6.2 Hz), ${(cu.eventsPerS / 1e6).toFixed(1)} M synaptic events/s including the cold start.`,
          svgs: [s1, s2],
          commands: ['spinsnn demo cuba', 'spinsnn bench cuba --json'],
        });
      }

      const wallS = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(c0);
      summary.wallS = round(wallS);
      summary.cpuS = round((cpu.user + cpu.system) / 1e6);
      run.writeFile(
        'report.html',
        reportHtml({
          title: 'spinsnn demo',
          subtitle: `Spiking neural networks on simulated spintronic hardware — generated ${new Date().toISOString()} in ${wallS.toFixed(0)} s (seed ${o.seed}).`,
          sections,
          footer:
            'Self-contained: every plot is inline SVG, images are inline PNG; no network access is needed to view this file. summary.json beside it holds the numbers.',
        }),
      );
      run.writeConfig({ command: 'demo', ...o });
      run.writeSummary(summary);
      const w = Math.max(...rows.map((r) => r[0].length));
      run.finish({ ...summary, report: run.path('report.html'), runDir: run.dir }, () =>
        [
          'spinsnn demo',
          ...rows.map((r) => `  ${r[0].padEnd(w)}  ${r[1]}  (${r[2]})`),
          `  ${wallS.toFixed(0)} s wall, ${summary.cpuS} s CPU`,
          `report: ${run.path('report.html')}`,
        ].join('\n'),
      );
    });
}

/** `spinsnn demo cuba`: the former demo, the CUBA benchmark network alone with its raster. */
function registerDemoCuba(demo: Command): void {
  demo
    .command('cuba')
    .description('the CUBA part alone: a 4,000-neuron CUBA network for 1 s, a spike raster and rate plot (SVG) in a run folder')
    .option('--neurons <n>', 'network size', intArg(10, 1_000_000), 4000)
    .option('--duration <s>', 'simulated seconds', numArg({ positive: true }), 1)
    .option('--seed <n>', 'random seed', intArg(0), 1)
    .option('--out <dir>', 'run folder (default runs/demo-<time>)')
    .option('--force', 'write into a non-empty --out (its files are overwritten)')
    .option('--json', 'print exactly one JSON line (the summary and the run folder)')
    .action(async (o: { neurons: number; duration: number; seed: number; out?: string; force?: boolean; json?: boolean }) => {
      const spec = cubaSpec(o);
      const run = new RunFolder('demo', { out: o.out, json: o.json });
      run.prepare({ force: o.force });
      const t0 = performance.now();
      const net = new Network(spec);
      const buildS = (performance.now() - t0) / 1000;
      const progress = run.progress('simulating');
      net.sim.on('progress', ({ t, tEnd }) => progress.update(t / tEnd, `${t.toFixed(2)} s`));
      const t1 = performance.now();
      const chunk = o.duration / 20;
      for (let k = 0; k < 20; k++) {
        net.run(chunk);
        progress.update((k + 1) / 20, `${net.t.toFixed(2)} s simulated`);
      }
      progress.done();
      const wallS = (performance.now() - t1) / 1000;
      const f = cubaFigures(net, o.neurons, o.duration);
      const events = f.synapticEvents;
      const summary = {
        network: 'CUBA (Brette et al. 2007)',
        neurons: o.neurons,
        synapses: net.synapseCount(),
        durationS: o.duration,
        seed: o.seed,
        spikes: f.spikes,
        meanRateHz: f.spikes / o.neurons / o.duration,
        synapticEvents: events,
        buildS,
        wallS,
        eventsPerS: events / wallS,
      };
      const shownI = f.inhSpikes > 0 ? f.shownI : 0;
      await run.writePlot('raster.svg', rasterSpec(f.raster, `CUBA, ${o.neurons} neurons: spikes of ${f.shownE} excitatory and ${shownI} inhibitory`));
      await run.writePlot('rate.svg', lineSpec(f.rates, { title: 'population rate (5 ms bins)', x: 'time (s)', y: 'rate (Hz)' }));
      run.writeConfig({ command: 'demo cuba', ...o, spec: { ...spec, populations: spec.populations } });
      run.writeSummary(summary);
      run.finish({ ...summary, runDir: run.dir }, () =>
        [
          `spinsnn demo cuba — ${summary.network}`,
          `  ${summary.neurons} neurons, ${summary.synapses} synapses, ${summary.durationS} s simulated in ${wallS.toFixed(2)} s`,
          `  ${summary.spikes} spikes, mean rate ${summary.meanRateHz.toFixed(2)} Hz (Brian2 reference band 5.2–6.2 Hz at 4,000 neurons)`,
          `  ${(summary.eventsPerS / 1e6).toFixed(1)} M synaptic events/s (cold start; \`spinsnn bench cuba\` times the kernel after JIT warm-up)`,
          `  run folder: ${run.dir}`,
          `    raster.svg  rate.svg  summary.json  config.json`,
        ].join('\n'),
      );
    });
}
