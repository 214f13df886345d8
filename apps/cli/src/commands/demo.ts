import type { Command } from 'commander';
import { Network, brette2007Spec, type RateMonitor } from '@spinsnn/core';
import { rasterSpec, lineSpec } from '../plot.js';
import { RunFolder } from '../run-folder.js';
import { intArg, numArg } from '../util.js';

/**
 * The newcomer's first run: the CUBA benchmark network, a summary on the terminal and a
 * spike raster in a run folder.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run a 4,000-neuron CUBA network for 1 s and write a spike raster (SVG) into a run folder')
    .option('--neurons <n>', 'network size', intArg(10, 1_000_000), 4000)
    .option('--duration <s>', 'simulated seconds', numArg({ positive: true }), 1)
    .option('--seed <n>', 'random seed', intArg(0), 1)
    .option('--out <dir>', 'run folder (default runs/demo-<time>)')
    .option('--force', 'write into a non-empty --out (its files are overwritten)')
    .option('--json', 'print exactly one JSON line (the summary and the run folder)')
    .action(async (o: { neurons: number; duration: number; seed: number; out?: string; force?: boolean; json?: boolean }) => {
      const spec = brette2007Spec('cuba', { neurons: o.neurons, seed: o.seed });
      spec.monitors!.push({ type: 'rate', population: 'exc', bin: 5e-3 }, { type: 'rate', population: 'inh', bin: 5e-3 });
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
      const exc = net.spikes('exc'), inh = net.spikes('inh');
      const nE = net.population('exc').size;
      const events = net.ledger.rows().filter((r) => r.op === 'synapticEvent').reduce((s, r) => s + r.count, 0);
      const summary = {
        network: 'CUBA (Brette et al. 2007)',
        neurons: o.neurons,
        synapses: net.synapseCount(),
        durationS: o.duration,
        seed: o.seed,
        spikes: exc.count + inh.count,
        meanRateHz: (exc.count + inh.count) / o.neurons / o.duration,
        synapticEvents: events,
        buildS,
        wallS,
        eventsPerS: events / wallS,
      };
      // raster of the first 400 neurons (80 % exc, 20 % inh), all their spikes: readable and light
      const shownE = Math.min(nE, 320), shownI = Math.min(inh.count > 0 ? o.neurons - nE : 0, 80);
      const points: { t: number; i: number; group: string }[] = [];
      for (let k = 0; k < exc.count; k++) if (exc.indices[k] < shownE) points.push({ t: exc.times[k], i: exc.indices[k], group: 'excitatory' });
      for (let k = 0; k < inh.count; k++) if (inh.indices[k] < shownI) points.push({ t: inh.times[k], i: inh.indices[k] + shownE, group: 'inhibitory' });
      await run.writePlot('raster.svg', rasterSpec(points, `CUBA, ${o.neurons} neurons: spikes of ${shownE} excitatory and ${shownI} inhibitory`));
      const rate = (name: string, m: RateMonitor) => Array.from(m.rates(o.duration), (y, b) => ({ x: (b + 0.5) * m.bin, y, series: name }));
      const rates = [...net.rateMonitors.entries()].flatMap(([n, m]) => rate(n.replace('rate:', ''), m));
      await run.writePlot('rate.svg', lineSpec(rates, { title: 'population rate (5 ms bins)', x: 'time (s)', y: 'rate (Hz)' }));
      run.writeConfig({ command: 'demo', ...o, spec: { ...spec, populations: spec.populations } });
      run.writeSummary(summary);
      run.finish({ ...summary, runDir: run.dir }, () =>
        [
          `spinsnn demo — ${summary.network}`,
          `  ${summary.neurons} neurons, ${summary.synapses} synapses, ${summary.durationS} s simulated in ${wallS.toFixed(2)} s`,
          `  ${summary.spikes} spikes, mean rate ${summary.meanRateHz.toFixed(2)} Hz (Brian2 reference band 5.2–6.2 Hz at 4,000 neurons)`,
          `  ${(summary.eventsPerS / 1e6).toFixed(1)} M synaptic events/s (cold start; \`spinsnn bench cuba\` times the kernel after JIT warm-up)`,
          `  run folder: ${run.dir}`,
          `    raster.svg  rate.svg  summary.json  config.json`,
        ].join('\n'),
      );
    });
}
