import { Worker } from 'node:worker_threads';
import { SpecError } from '@spinsnn/core';
import { prepareMaxCut, runMaxCut, type MaxCutConfig, type MaxCutRun } from './maxcut-run.js';
import type { WeightedGraph } from './maxcut.js';

export interface ParallelOptions {
  readonly runs: number;
  /** Worker threads (1 = run in this thread). */
  readonly threads: number;
  /** Wall-clock budget in seconds: no run starts after it (a started run finishes). */
  readonly timeS?: number;
  readonly onRun?: (r: MaxCutRun) => void;
}

/**
 * Independent runs spread over worker threads (runs r, r + T, r + 2T, … on thread r). A run's
 * random stream depends only on (seed, run index), so results do not depend on the thread count.
 */
export async function maxCutRuns(graph: WeightedGraph, cfg: MaxCutConfig, o: ParallelOptions): Promise<MaxCutRun[]> {
  if (!Number.isInteger(o.threads) || o.threads < 1) throw new SpecError('threads', 'a whole number ≥ 1', o.threads);
  const deadline = o.timeS === undefined ? null : Date.now() + o.timeS * 1000;
  const results: MaxCutRun[] = [];
  if (o.threads === 1) {
    const inst = prepareMaxCut(graph, cfg.sampler);
    for (let r = 0; r < o.runs; r++) {
      if (deadline !== null && Date.now() >= deadline) break;
      const res = runMaxCut(inst, cfg, r);
      results.push(res);
      o.onRun?.(res);
    }
    return results;
  }
  const url = new URL('./worker.js', import.meta.url);
  const plain: WeightedGraph = { nodes: graph.nodes, from: Int32Array.from(graph.from), to: Int32Array.from(graph.to), weight: Float64Array.from(graph.weight) };
  await Promise.all(
    Array.from({ length: o.threads }, (_, t) => {
      const runs: number[] = [];
      for (let r = t; r < o.runs; r += o.threads) runs.push(r);
      if (runs.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const w = new Worker(url, { workerData: { graph: plain, cfg, runs, deadline } });
        w.on('message', (m: MaxCutRun | 'done') => {
          if (m === 'done') {
            void w.terminate();
            resolve();
          } else {
            results.push(m);
            o.onRun?.(m);
          }
        });
        w.on('error', reject);
        w.on('exit', (code) => (code === 0 || code === 1 ? resolve() : reject(new Error(`worker exited with code ${code}`))));
      });
    }),
  );
  return results.sort((a, b) => a.run - b.run);
}
