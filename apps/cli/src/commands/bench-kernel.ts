import type { Command } from 'commander';
import FastPriorityQueue from 'fastpriorityqueue';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { InternalError, Rng, Network, brette2007Spec } from '@spinsnn/core';
import { EventQueue, PHASE_EVENT } from '@spinsnn/core/internal';
import { CommandOutput } from '../run-folder.js';
import { intArg } from '../util.js';

/**
 * Component benchmarks behind the kernel's design choices, each measured against the
 * well-kept package it could have used: spinsnn's Rng vs pure-rand, its typed-array event heap
 * vs fastpriorityqueue, and spike batching on vs off.
 */
export function registerBenchKernel(bench: Command): void {
  bench
    .command('rng')
    .description('uniform draws per second: spinsnn Rng (xoshiro128**) vs pure-rand xoroshiro128+')
    .option('--draws <n>', 'draws per measurement', intArg(1000), 20_000_000)
    .option('--json', 'one JSON line')
    .action((o: { draws: number; json?: boolean }) => {
      const n = o.draws;
      // one loop per generator, each its own function: a shared measuring closure would turn
      // megamorphic and penalise whichever generator runs later
      const best = (loop: () => number) => {
        let t = Infinity,
          sink = 0;
        for (let rep = 0; rep < 5; rep++) {
          const t0 = performance.now();
          sink += loop();
          t = Math.min(t, (performance.now() - t0) / 1000);
        }
        if (Number.isNaN(sink)) throw new InternalError('bench rng: a sum of uniform draws was NaN');
        return n / t;
      };
      const ours53 = new Rng(1),
        ours32 = new Rng(1),
        theirs53 = xoroshiro128plus(1),
        theirsRaw = xoroshiro128plus(1);
      const r = {
        benchmark: 'rng',
        draws: n,
        spinsnnUniform53PerS: best(() => {
          let s = 0;
          for (let k = 0; k < n; k++) s += ours53.uniform();
          return s;
        }),
        spinsnnUniform32PerS: best(() => {
          let s = 0;
          for (let k = 0; k < n; k++) s += ours32.uniform32();
          return s;
        }),
        pureRandUniform53PerS: best(() => {
          let s = 0;
          for (let k = 0; k < n; k++) s += uniformFloat64(theirs53);
          return s;
        }),
        pureRandNextPerS: best(() => {
          let s = 0;
          for (let k = 0; k < n; k++) s += theirsRaw.next();
          return s;
        }),
      };
      print(r, o.json);
    });

  bench
    .command('queue')
    .description('push+pop pairs per second at a given queue size: typed-array heap vs fastpriorityqueue')
    .option('--size <n>', 'events kept in the queue', intArg(1), 100_000)
    .option('--ops <n>', 'push+pop pairs', intArg(1000), 5_000_000)
    .option('--json', 'one JSON line')
    .action((o: { size: number; ops: number; json?: boolean }) => {
      const rng = new Rng(2);
      const times = new Float64Array(1 << 20).map(() => rng.exponential(1));
      const mask = times.length - 1;
      // hold model: pop the earliest, push a new event a random time later (the kernel's pattern)
      const ours = () => {
        const q = new EventQueue(o.size + 1);
        for (let k = 0; k < o.size; k++) q.push(times[k & mask], PHASE_EVENT, 0, k, 0);
        const t0 = performance.now();
        for (let k = 0; k < o.ops; k++) {
          q.pop();
          q.push(q.poppedTime + times[k & mask], PHASE_EVENT, 0, k, 0);
        }
        return (performance.now() - t0) / 1000;
      };
      interface Ev {
        t: number;
        seq: number;
        h: number;
        a: number;
        b: number;
      }
      const fpq = () => {
        const q = new FastPriorityQueue<Ev>((x, y) => x.t < y.t || (x.t === y.t && x.seq < y.seq));
        let seq = 0;
        for (let k = 0; k < o.size; k++) q.add({ t: times[k & mask], seq: seq++, h: 0, a: k, b: 0 });
        const t0 = performance.now();
        for (let k = 0; k < o.ops; k++) {
          const e = q.poll()!;
          q.add({ t: e.t + times[k & mask], seq: seq++, h: 0, a: k, b: 0 });
        }
        return (performance.now() - t0) / 1000;
      };
      // best of 3 each; progress on stderr between repetitions (a long --ops runs for minutes)
      const output = new CommandOutput({ json: o.json });
      const progress = output.progress('bench queue');
      let done = 0;
      const best = (name: string, f: () => number) =>
        Math.min(
          ...[0, 1, 2].map((r) => {
            progress.update(done++ / 6, `${name} ${r + 1}/3`);
            return f();
          }),
        );
      const spinsnnOpsPerS = o.ops / best('spinsnn heap', ours);
      const fastPriorityQueueOpsPerS = o.ops / best('fastpriorityqueue', fpq);
      progress.done();
      print({ benchmark: 'queue', size: o.size, ops: o.ops, spinsnnOpsPerS, fastPriorityQueueOpsPerS }, o.json, output);
    });

  bench
    .command('batching')
    .description('CUBA run time with spike batching on vs off (one queue event per spike)')
    .option('--neurons <n>', 'network size', intArg(10), 64000)
    .option('--json', 'one JSON line')
    .action((o: { neurons: number; json?: boolean }) => {
      const spec = brette2007Spec('cuba', { neurons: o.neurons, seed: 1, recordSpikes: false });
      const time = (spikeBatching: boolean) => {
        const net = new Network(spec, { trusted: true, spikeBatching });
        const t0 = performance.now();
        net.run(1);
        return { wallS: (performance.now() - t0) / 1000, events: net.sim.eventsProcessed };
      };
      const on = [time(true), time(true), time(true)].sort((a, b) => a.wallS - b.wallS)[1];
      const off = [time(false), time(false), time(false)].sort((a, b) => a.wallS - b.wallS)[1];
      print(
        {
          benchmark: 'batching',
          neurons: o.neurons,
          batchedWallS: on.wallS,
          batchedQueueEvents: on.events,
          perSpikeWallS: off.wallS,
          perSpikeQueueEvents: off.events,
          speedup: off.wallS / on.wallS,
        },
        o.json,
      );
    });
}

function print(r: Record<string, unknown>, json?: boolean, output = new CommandOutput({ json })): void {
  output.finish(r, () =>
    Object.entries(r)
      .map(([k, v]) => `${k.padEnd(28)} ${typeof v === 'number' && v > 1000 ? (v / 1e6).toFixed(2) + ' M' : v}`)
      .join('\n'),
  );
}
