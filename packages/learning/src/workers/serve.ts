import { parentPort, workerData } from 'node:worker_threads';
import { InternalError, isUserError } from '@spinsnn/core';
import type { FromWorker, ToWorker } from './protocol.js';

/** What a job handler gets besides its job. */
export interface JobContext {
  /** The `workerData` the pool was given (the same for every job of this worker). */
  readonly data: unknown;
  /** Reports the job's progress in [0, 1] (forwarded to the pool's onProgress). */
  progress(fraction: number): void;
}

/**
 * The worker side of WorkerPool: call once at the top level of a worker module. Runs the jobs
 * the pool sends, one at a time, and posts each result (or its error, with the job's index) back;
 * exits when the pool says stop.
 */
export function serveJobs<J, R>(handle: (job: J, ctx: JobContext) => R | Promise<R>): void {
  const port = parentPort;
  if (!port) throw new InternalError('serveJobs must run in a worker thread (started by WorkerPool)');
  const post = (m: FromWorker<R>) => port.postMessage(m);
  port.on('message', (msg: ToWorker<J>) => {
    if (msg.kind === 'stop') {
      port.close();
      return;
    }
    const { index } = msg;
    const ctx: JobContext = { data: workerData, progress: (fraction) => post({ kind: 'progress', index, fraction }) };
    // a job's error goes back with its index, so the parent can say which job failed
    void (async () => {
      try {
        post({ kind: 'result', index, result: await handle(msg.job, ctx) });
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        post({ kind: 'error', index, error: { name: err.name, message: err.message, stack: err.stack, user: isUserError(e) } });
      }
    })();
  });
}
