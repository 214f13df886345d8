import { SpecError } from '@spinsnn/core';
import { prepareMaxCut, runMaxCut, type MaxCutConfig, type MaxCutRun } from './maxcut-run.js';
import type { WeightedGraph } from './maxcut.js';
import type { MaxCutWorkerData } from './worker.js';
import { runJobs } from '../workers/pool.js';

/** Options of `maxCutRuns`: runs, which of them, worker threads, progress. */
export interface ParallelOptions {
  readonly runs: number;
  /**
   * The run indices to run, in order (default 0 … runs − 1; e.g. the unfinished ones of a resumed
   * job). Each run's result depends only on the config and its index.
   */
  readonly indices?: readonly number[];
  /** Worker threads (1 = run in this thread). */
  readonly threads: number;
  /** Wall-clock budget in seconds: no run starts after it (a started run finishes). */
  readonly timeS?: number;
  readonly onRun?: (r: MaxCutRun) => void;
}

/**
 * Independent runs spread over worker threads (the learning WorkerPool: each free thread takes the next run). A run's
 * random stream depends only on (seed, run index), so results do not depend on the thread count.
 */
export async function maxCutRuns(graph: WeightedGraph, cfg: MaxCutConfig, o: ParallelOptions): Promise<MaxCutRun[]> {
  if (!Number.isInteger(o.threads) || o.threads < 1) throw new SpecError('threads', 'a whole number ≥ 1', o.threads);
  const deadline = o.timeS === undefined ? null : Date.now() + o.timeS * 1000;
  const results: MaxCutRun[] = [];
  const indices = o.indices ?? Array.from({ length: o.runs }, (_, r) => r);
  if (indices.length === 0) return results;
  if (o.threads === 1) {
    const inst = prepareMaxCut(graph, cfg.sampler);
    for (const r of indices) {
      if (deadline !== null && Date.now() >= deadline) break;
      const res = runMaxCut(inst, cfg, r);
      results.push(res);
      o.onRun?.(res);
    }
    return results;
  }
  const plain: WeightedGraph = {
    nodes: graph.nodes,
    from: Int32Array.from(graph.from),
    to: Int32Array.from(graph.to),
    weight: Float64Array.from(graph.weight),
  };
  const done = await runJobs<number, MaxCutRun>([...indices], {
    worker: new URL('./worker.js', import.meta.url),
    threads: o.threads,
    workerData: { graph: plain, cfg } satisfies MaxCutWorkerData,
    shouldStart: () => deadline === null || Date.now() < deadline,
    describeJob: (r) => `max-cut run ${r}`,
    onResult: ({ result }) => o.onRun?.(result),
  });
  return done.map((d) => d.result);
}
