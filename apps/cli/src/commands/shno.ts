import type { Command } from 'commander';
import { Rng } from '@spinsnn/core';
import { ShnoArray, defaultShno, shnoNu } from '@spinsnn/backends';
import type { TopLevelSpec } from 'vega-lite';
import { RunFolder } from '../run-folder.js';
import { ArgumentError, intArg, numArg, round } from '../util.js';

/**
 * `spinsnn shno sync`: mutual synchronisation of 2-D spin-Hall nano-oscillator arrays and their
 * quality factor vs N (Zahedinejad 2020; docs/oscillators.md §6).
 */
interface SyncOpts {
  sizes: string;
  zeta: number;
  kappaMhz: number;
  phase?: number;
  spread: number;
  temperature: number;
  windows: number;
  lagNs: number;
  seed: number;
  out?: string;
  force?: boolean;
  json?: boolean;
}

/** Registers `spinsnn shno`. */
export function registerShno(program: Command): void {
  const shno = program.command('shno').description('spin-Hall nano-oscillator arrays (Zahedinejad 2020)');
  shno
    .command('sync')
    .description('linewidth, quality factor and synchrony of n × n SHNO arrays with nearest-neighbour coupling')
    .option('--sizes <list>', 'array sides n (n × n oscillators), comma-separated, each 1–8', '1,2,3,4,6,8')
    .option('--zeta <x>', 'bias I/I_th', numArg({ min: 1.01 }), 1.5)
    .option('--kappa-mhz <x>', 'nearest-neighbour coupling κ/2π (MHz)', numArg({ min: 0 }), 100)
    .option('--phase <rad>', 'coupling phase ψ (default arctan ν, the in-phase-stable choice)', numArg())
    .option('--spread <x>', 'relative frequency spread of the oscillators', numArg({ min: 0, max: 0.1 }), 0)
    .option('--temperature <K>', 'temperature: the preset linewidth (300 K) scaled ∝ T', numArg({ positive: true }), 300)
    .option('--windows <n>', 'phase-diffusion increments (linewidth error ≈ √(2/n))', intArg(8, 100_000), 100)
    .option('--lag-ns <x>', 'increment length (ns)', numArg({ positive: true }), 100)
    .option('--seed <n>', 'seed of the initial phases, spread and noise', intArg(0, 2 ** 32 - 1), 1)
    .option('--out <dir>', 'run folder (default runs/shno-sync-<time>)')
    .option('--force', 'write into a non-empty --out')
    .option('--json', 'print exactly one JSON line')
    .addHelpText('after', '\nExamples:\n  spinsnn shno sync --json\n  spinsnn shno sync --sizes 2,4,8 --spread 0.002')
    .action(async (o: SyncOpts) => {
      const sizes = o.sizes.split(',').map((s) => Number(s.trim()));
      for (const s of sizes)
        if (!(Number.isInteger(s) && s >= 1 && s <= 8)) throw new ArgumentError('--sizes', `whole numbers 1–8 separated by commas, got "${o.sizes}"`);
      const base = defaultShno();
      const p = { ...base, linewidth: (base.linewidth * o.temperature) / 300 };
      const phase = o.phase ?? Math.atan(shnoNu(p, o.zeta));
      const kappa = 2 * Math.PI * o.kappaMhz * 1e6;
      const run = new RunFolder('shno-sync', { out: o.out, json: o.json });
      run.prepare({ force: o.force });
      run.writeConfig({ command: 'shno sync', ...o, phase, params: p, node: process.version });
      run.writeMetrics([]);
      const progress = run.progress('shno sync');
      const rows: {
        side: number;
        n: number;
        frequencyHz: number;
        linewidthHz: number;
        q: number;
        qPerOscillator: number;
        order: number;
        synchronised: number;
        cpuS: number;
      }[] = [];
      for (const [k, side] of sizes.entries()) {
        progress.update(k / sizes.length, `${side}×${side}`);
        const c0 = process.cpuUsage();
        const a = new ShnoArray(p, { rows: side, cols: side, zeta: o.zeta, kappa, couplingPhase: phase, spread: o.spread, rng: new Rng(o.seed, side) });
        const r = a.measure(0.05 / Math.max(kappa, a.derived.gammaG), 200e-9, o.lagNs * 1e-9, o.windows);
        const c = process.cpuUsage(c0);
        const row = {
          side,
          n: side * side,
          frequencyHz: round(r.frequency, 9),
          linewidthHz: round(r.linewidth, 6),
          q: round(r.q, 6),
          qPerOscillator: round(r.q / (side * side), 6),
          order: round(r.order, 6),
          synchronised: round(r.synchronised, 6),
          cpuS: round((c.user + c.system) / 1e6),
        };
        rows.push(row);
        run.appendMetrics(row);
      }
      progress.done();
      const summary = {
        results: rows,
        linewidthRelativeError: round(Math.sqrt(2 / o.windows), 4),
        reference: 'Zahedinejad 2020: Q ∝ N, up to 170,000 at 8×8',
        runDir: run.dir,
      };
      run.writeSummary(summary);
      await run.writePlot('q-vs-n.svg', qSpec(rows));
      run.finish(
        summary,
        () =>
          rows
            .map((r) => `${r.side}×${r.side}: Q ${r.q.toExponential(3)} (Δf ${(r.linewidthHz / 1e3).toFixed(1)} kHz), order ${r.order.toFixed(3)}`)
            .join('\n') + `\n  run folder ${run.dir}`,
      );
    });
}

function qSpec(rows: { n: number; q: number }[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'SHNO arrays: quality factor of the summed output vs number of oscillators',
    width: 380,
    height: 260,
    data: { values: rows.map((r) => ({ n: r.n, q: r.q, series: 'simulated' })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'n', type: 'quantitative', title: 'oscillators N (n × n)', scale: { type: 'log' } },
      y: { field: 'q', type: 'quantitative', title: 'quality factor Q = f/Δf', scale: { type: 'log' } },
      color: { field: 'series', type: 'nominal', title: 'series' },
    },
  };
}
