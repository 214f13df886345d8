/**
 * Entry point of the parallel engine's worker threads (Node-only, node:worker_threads): builds
 * this thread's partition, says ready, then runs the command loop until told to stop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { commandLoop, reportError, sharedViews, CTL, writeCounters, type SharedBuffers, type ThreadContext } from './loop.js';
import { buildPartition } from './partition.js';
import { planSpec, type ParallelPrecision } from './plan.js';
import type { NetworkSpec } from '../spec.js';

/** What the main thread passes to each worker. */
export interface WorkerInit {
  readonly spec: NetworkSpec;
  readonly precision: ParallelPrecision;
  readonly rank: number;
  readonly bounds: Int32Array;
  readonly buffers: SharedBuffers;
}

const init = workerData as WorkerInit;
const t0 = performance.now();
const plan = planSpec(init.spec, true, init.precision);
const views = sharedViews(init.buffers, init.bounds, plan.interval, plan.neurons);
try {
  const part = buildPartition(plan, init.bounds[init.rank], init.bounds[init.rank + 1]);
  const ctx: ThreadContext = { rank: init.rank, threads: init.bounds.length - 1, part, views, exchanges: 0, observe: null };
  writeCounters(ctx, (performance.now() - t0) / 1000);
  Atomics.add(views.ctl, CTL.ready, 1);
  Atomics.notify(views.ctl, CTL.ready);
  parentPort?.postMessage({ ready: true });
  commandLoop(ctx);
} catch (e) {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  reportError(views, `thread ${init.rank}: ${msg}`);
  parentPort?.postMessage({ error: msg });
}
