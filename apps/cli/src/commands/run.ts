import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { DataError, Network, formatQuantity, validateNetworkSpec, type NetworkSpec } from '@spinsnn/core';
import { CMOS_45NM_PRICES } from '@spinsnn/backends';
import '@spinsnn/learning';
import { rasterSpec } from '../plot.js';
import { RunFolder } from '../run-folder.js';
import { numArg } from '../util.js';

/** Spikes drawn per population in the raster (a readable plot, a light SVG). */
const RASTER_MAX_SPIKES = 20_000;

/**
 * `spinsnn run <spec.json>`: a network written as data (any registered model, device and rule,
 * including those of `--plugin` modules) simulated for a duration; spike counts, rates and
 * energy per component, a raster of every spike-monitored population.
 */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'build a network from a JSON NetworkSpec (models, devices and rules by registered id) and simulate it; summary, energy and a spike raster into a run folder',
    )
    .argument('<spec>', 'JSON file with { seed, populations, inputs?, projections?, monitors?, dt? } (see the README)')
    .option('--duration <s>', 'simulated seconds', numArg({ positive: true }), 1)
    .option('--out <dir>', 'run folder (default runs/run-<time>)')
    .option('--force', 'write into a non-empty --out (its files are overwritten)')
    .option('--json', 'print exactly one JSON line (the summary and the run folder)')
    .addHelpText('after', '\nExample:\n  spinsnn --plugin ./my-device.mjs run network.json --duration 0.5 --json')
    .action(async (file: string, o: { duration: number; out?: string; force?: boolean; json?: boolean }) => {
      const spec = readSpec(file);
      const net = new Network(spec);
      const run = new RunFolder('run', { out: o.out, json: o.json });
      run.prepare({ force: o.force });
      const progress = run.progress('simulating');
      const chunks = 20;
      const t0 = performance.now();
      for (let k = 0; k < chunks; k++) {
        net.run(o.duration / chunks);
        progress.update((k + 1) / chunks, `${net.t.toPrecision(3)} s simulated`);
      }
      progress.done();
      const wallS = (performance.now() - t0) / 1000;
      const populations = [...net.populations.values()].map((p) => ({
        name: p.name,
        model: p.model,
        size: p.size,
        spikes: p.spikes,
        meanRateHz: p.spikes / p.size / o.duration,
      }));
      // ops a device priced keep its energy; the rest (CMOS neurons, float synapses) are priced as 45 nm CMOS
      const energy = net.ledger.priced(CMOS_45NM_PRICES).filter((r) => r.count > 0);
      const energyJ = energy.reduce((a, r) => a + r.energyJ, 0);
      const summary = {
        spec: file,
        durationS: o.duration,
        wallS,
        populations,
        synapses: net.synapseCount(),
        energyJ,
        energyNote: 'device-priced ops at the device’s energy, the others at 45 nm CMOS prices (Horowitz 2014)',
        energy,
      };
      const points: { t: number; i: number; group: string }[] = [];
      let offset = 0;
      for (const m of net.spikeMonitors.values()) {
        const n = Math.min(m.count, RASTER_MAX_SPIKES);
        for (let k = 0; k < n; k++) points.push({ t: m.times[k], i: m.indices[k] + offset, group: m.population });
        offset += net.population(m.population).size;
      }
      if (points.length > 0) await run.writePlot('raster.svg', rasterSpec(points, `${file}: spikes of the monitored populations`));
      run.writeConfig({ command: 'run', spec, durationS: o.duration });
      run.writeSummary(summary);
      run.finish({ ...summary, runDir: run.dir }, () =>
        [
          `spinsnn run ${file}: ${o.duration} s simulated in ${wallS.toFixed(2)} s`,
          ...populations.map((p) => `  ${p.name} (${p.model}, ${p.size}): ${p.spikes} spikes, ${p.meanRateHz.toFixed(2)} Hz`),
          `  energy ${formatQuantity(summary.energyJ, 'J')} (devices as priced by their models, the rest as 45 nm CMOS)`,
          `  run folder: ${run.dir}`,
        ].join('\n'),
      );
    });
}

function readSpec(file: string): NetworkSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DataError(file, `cannot read the network spec (${(e as Error).message})`);
  }
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (e) {
    throw new DataError(file, `not valid JSON (${(e as Error).message})`);
  }
  validateNetworkSpec(spec);
  return spec;
}
