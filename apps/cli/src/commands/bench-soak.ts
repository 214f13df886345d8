import type { Command } from 'commander';
import { Network, brette2007Spec } from '@spinsnn/core';
import { CommandOutput } from '../run-folder.js';
import { intArg, numArg, round } from '../util.js';

/** Least-squares slope of y on x (0 for fewer than two points). */
export function slope(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2) return 0;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0,
    sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

/**
 * A long run of the CUBA network in chunks, sampling RSS and the synaptic event rate after each:
 * a leak shows as an RSS slope, a slowdown (queue or heap growth) as a negative rate slope.
 * No spike monitors, so recorded spikes do not count as growth.
 */
export function registerBenchSoak(bench: Command): void {
  bench
    .command('soak')
    .description('run CUBA for N minutes in chunks; print RSS and event-rate slopes (leaks, slowdowns)')
    .option('--minutes <n>', 'wall-clock minutes to run', numArg({ positive: true }), 1)
    .option('--neurons <n>', 'network size', intArg(10, 1_000_000), 4000)
    .option('--chunk <s>', 'simulated seconds per chunk (one sample each)', numArg({ positive: true }), 0.5)
    .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
    .option('--json', 'print exactly one JSON line')
    .action((o: { minutes: number; neurons: number; chunk: number; seed: number; json?: boolean }) => {
      const output = new CommandOutput({ json: o.json });
      const net = new Network(brette2007Spec('cuba', { neurons: o.neurons, seed: o.seed, recordSpikes: false }));
      const events = () =>
        net.ledger
          .rows()
          .filter((r) => r.op === 'synapticEvent')
          .reduce((s, r) => s + r.count, 0);
      const wall: number[] = [],
        rssMB: number[] = [],
        rate: number[] = [];
      const t0 = performance.now();
      const end = t0 + o.minutes * 60_000;
      let last = events();
      while (performance.now() < end) {
        const c0 = performance.now();
        net.run(o.chunk);
        const c1 = performance.now();
        const e = events();
        wall.push((c1 - t0) / 1000);
        rssMB.push(process.memoryUsage().rss / 2 ** 20);
        rate.push((e - last) / ((c1 - c0) / 1000));
        last = e;
      }
      // the first chunk includes JIT warm-up: slopes from the second on
      const w = wall.slice(1),
        r = rssMB.slice(1),
        ev = rate.slice(1);
      const result = {
        benchmark: 'soak',
        neurons: o.neurons,
        synapses: net.synapseCount(),
        minutes: o.minutes,
        chunks: wall.length,
        simulatedS: round(net.t, 6),
        rssMBFirst: round(rssMB[0] ?? 0),
        rssMBLast: round(rssMB[rssMB.length - 1] ?? 0),
        rssSlopeMBPerMin: round(slope(w, r) * 60),
        eventRateMean: round(ev.reduce((s, v) => s + v, 0) / Math.max(1, ev.length)),
        eventRateSlopePerMin: round(slope(w, ev) * 60),
        eventRateSlopeRelPerMin: round((slope(w, ev) * 60) / Math.max(1, ev.reduce((s, v) => s + v, 0) / Math.max(1, ev.length))),
      };
      output.finish(result);
    });
}
