import type { Command } from 'commander';
import { Rng } from '@spinsnn/core';
import { TASKS_2D, generate2d, type Task2d } from '@spinsnn/datasets';
import { RfNetwork, accuracy, powerEncoding } from '@spinsnn/learning';
import type { TopLevelSpec } from 'vega-lite';
import { RunFolder } from '../run-folder.js';
import { ArgumentError, intArg, numArg, round } from '../util.js';

/**
 * `spinsnn rfnet`: the all-spintronic RF network (spin-diode synapses, STNO neurons; Ross 2023
 * style, docs/oscillators.md §4) trained on generated nonlinearly separable tasks.
 */
interface RfOpts {
  task: string;
  hidden: number;
  epochs: number;
  lr: number;
  v1: number;
  v2: number;
  maxDetuning: number;
  train: number;
  test: number;
  seed: number;
  out?: string;
  force?: boolean;
  json?: boolean;
}

/** Jitter per task: XOR's 0.05 with a 0.1 margin keeps its Bayes error below 0.1 % (docs/oscillators.md §4.3). */
const NOISE: Record<Task2d, number> = { moons: 0.1, xor: 0.05, rings: 0.1 };

/** Registers `spinsnn rfnet`. */
export function registerRfnet(program: Command): void {
  program
    .command('rfnet')
    .description('two-layer RF network of spin-diode synapses and STNO neurons trained on two moons, XOR and concentric rings')
    .option('--task <list>', `comma-separated tasks: ${TASKS_2D.join(', ')}`, TASKS_2D.join(','))
    .option('--hidden <n>', 'hidden oscillator neurons', intArg(1, 64), 12)
    .option('--epochs <n>', 'full-batch Adam steps', intArg(1, 100_000), 3000)
    .option('--lr <x>', 'Adam learning rate (detunings in linewidths, biases in I/I_th)', numArg({ positive: true }), 0.05)
    .option('--v1 <x>', 'layer-1 full-scale junction voltage over R·I_th', numArg({ positive: true }), 8)
    .option('--v2 <x>', 'layer-2 full-scale junction voltage over R·I_th', numArg({ positive: true }), 4)
    .option('--max-detuning <x>', 'resonance tuning range ±x linewidths', numArg({ positive: true }), 6)
    .option('--train <n>', 'training points per task', intArg(10, 100_000), 1000)
    .option('--test <n>', 'test points per task', intArg(10, 100_000), 1000)
    .option('--seed <n>', 'seed of the data and the initial detunings', intArg(0, 2 ** 32 - 1), 1)
    .option('--out <dir>', 'run folder (default runs/rfnet-<time>)')
    .option('--force', 'write into a non-empty --out')
    .option('--json', 'print exactly one JSON line')
    .addHelpText('after', '\nExamples:\n  spinsnn rfnet --json\n  spinsnn rfnet --task moons --hidden 16 --epochs 5000')
    .action(async (o: RfOpts) => {
      const tasks = o.task.split(',').map((s) => s.trim());
      for (const t of tasks)
        if (!(TASKS_2D as readonly string[]).includes(t)) throw new ArgumentError('--task', `one or more of ${TASKS_2D.join(', ')}, got "${t}"`);
      const run = new RunFolder('rfnet', { out: o.out, json: o.json });
      run.prepare({ force: o.force });
      run.writeConfig({ command: 'rfnet', ...o, noise: NOISE, node: process.version });
      run.writeMetrics([]);
      const results: { task: string; trainAccuracy: number; testAccuracy: number; loss: number; cpuS: number; junctions: number; oscillators: number }[] = [];
      const grid: { x: number; y: number; p: number; task: string }[] = [];
      const progress = run.progress('rfnet');
      for (const [ti, t] of tasks.entries()) {
        const task = t as Task2d;
        const tr = generate2d(task, o.train, new Rng(o.seed, 2 * ti + 1), NOISE[task]);
        const te = generate2d(task, o.test, new Rng(o.seed, 2 * ti + 2), NOISE[task]);
        const enc = powerEncoding(tr.x, 2);
        const net = new RfNetwork({ inputs: 2, hidden: o.hidden, outputs: 2, v1: o.v1, v2: o.v2, maxDetuning: o.maxDetuning }, new Rng(o.seed, 100 + ti));
        const c0 = process.cpuUsage();
        const loss = net.train(enc(tr.x), tr.labels, {
          epochs: o.epochs,
          learningRate: o.lr,
          onEpoch: (ep, l) => {
            progress.update((ti + ep / o.epochs) / tasks.length, `${task} loss ${l.toFixed(4)}`);
            if (ep % 100 === 0) run.appendMetrics({ task, epoch: ep, loss: round(l, 6) });
          },
        });
        const c = process.cpuUsage(c0);
        const r = {
          task,
          trainAccuracy: round(accuracy(net.classify(enc(tr.x), tr.n), tr.labels), 6),
          testAccuracy: round(accuracy(net.classify(enc(te.x), te.n), te.labels), 6),
          loss: round(loss, 6),
          cpuS: round((c.user + c.system) / 1e6),
          junctions: net.h * net.k + net.o * net.h,
          oscillators: net.h + net.o,
        };
        results.push(r);
        // decision map over the input plane (test-set range)
        let x0 = Infinity,
          x1 = -Infinity,
          y0 = Infinity,
          y1 = -Infinity;
        for (let i = 0; i < te.n; i++) {
          x0 = Math.min(x0, te.x[2 * i]);
          x1 = Math.max(x1, te.x[2 * i]);
          y0 = Math.min(y0, te.x[2 * i + 1]);
          y1 = Math.max(y1, te.x[2 * i + 1]);
        }
        const pts = new Float64Array(2 * 40 * 40);
        for (let a = 0; a < 40; a++)
          for (let b = 0; b < 40; b++) {
            pts[2 * (a * 40 + b)] = x0 + ((x1 - x0) * a) / 39;
            pts[2 * (a * 40 + b) + 1] = y0 + ((y1 - y0) * b) / 39;
          }
        const cls = net.classify(enc(pts), 1600);
        for (let i = 0; i < 1600; i++) grid.push({ x: pts[2 * i], y: pts[2 * i + 1], p: cls[i], task });
      }
      progress.done();
      const summary = { results, meanTestAccuracy: round(results.reduce((s, r) => s + r.testAccuracy, 0) / results.length, 6), target: 0.977, runDir: run.dir };
      run.writeSummary(summary);
      await run.writePlot('decision.svg', decisionSpec(grid));
      run.finish(
        summary,
        () =>
          results.map((r) => `${r.task}: test ${(100 * r.testAccuracy).toFixed(2)} % (train ${(100 * r.trainAccuracy).toFixed(2)} %)`).join('\n') +
          `\n  run folder ${run.dir}`,
      );
    });
}

function decisionSpec(values: { x: number; y: number; p: number; task: string }[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'RF spin-diode/STNO network: predicted class over the input plane',
    data: { values },
    facet: { column: { field: 'task', type: 'nominal', title: 'task' } },
    spec: {
      width: 220,
      height: 220,
      mark: { type: 'square', size: 30 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: 'input 1 (a.u., encoded as RF power)' },
        y: { field: 'y', type: 'quantitative', title: 'input 2 (a.u., encoded as RF power)' },
        color: { field: 'p', type: 'nominal', title: 'predicted class' },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}
