import { Worker } from 'node:worker_threads';
import { InternalError, SpecError, SpinsnnError } from '@spinsnn/core';
import type { FromWorker, RemoteError, ToWorker } from './protocol.js';

/**
 * A small pool over node:worker_threads: N workers take jobs from one queue, results stream back
 * as they finish, a failed job fails the whole run with that job named, and every worker is
 * terminated however the run ends (done, failed, or the consumer stopped early).
 *
 *   for await (const { index, job, result } of streamJobs<Spec, Result>(specs, { worker, threads: 2 })) …
 *   const all = await runJobs<Spec, Result>(specs, { worker, threads: 2 });   // sorted by index
 *
 * The worker module calls serveJobs(handler). Its URL is resolved by the package that owns it
 * (`new URL('./my-worker.js', import.meta.url)`), so callers never need to know where it is built.
 */
export interface WorkerPoolOptions<J> {
  /** The worker module (it calls serveJobs). */
  readonly worker: URL;
  /** Worker threads; never more are started than there are jobs. */
  readonly threads: number;
  /** Handed to every worker once (JobContext.data): e.g. a graph all jobs share. */
  readonly workerData?: unknown;
  /** A job's reported progress in [0, 1]. */
  readonly onProgress?: (index: number, fraction: number) => void;
  /** Asked before each job is handed out: false leaves the remaining jobs unstarted (running ones finish). */
  readonly shouldStart?: () => boolean;
  /** How a failed job is named in the error (default: its JSON, shortened). */
  readonly describeJob?: (job: J, index: number) => string;
}

/** One finished job of a worker pool: its index, the job and its result. */
export interface JobResult<J, R> {
  readonly index: number;
  readonly job: J;
  readonly result: R;
}

/** Which job failed, and how, as the worker saw it. */
export interface FailedJob {
  readonly index: number;
  readonly job: unknown;
  /** The error's class name in the worker (e.g. SpecError). */
  readonly remoteName: string;
  readonly remoteStack?: string;
}

/** A job failed on bad input (a user error in the worker): the message says what to fix. */
export class JobError extends SpinsnnError implements FailedJob {
  constructor(
    message: string,
    readonly index: number,
    readonly job: unknown,
    readonly remoteName: string,
    readonly remoteStack?: string,
  ) {
    super(message);
  }
}

/** A job failed on a bug (or its worker died): reported as an internal error with the worker's stack. */
export class JobInternalError extends InternalError implements FailedJob {
  constructor(
    message: string,
    readonly index: number,
    readonly job: unknown,
    readonly remoteName: string,
    readonly remoteStack?: string,
  ) {
    super(message);
  }
}

function defaultDescribe(job: unknown, index: number): string {
  let s: string;
  try {
    s = JSON.stringify(job) ?? String(job);
  } catch {
    s = String(job);
  }
  return `job ${index} ${s.length > 300 ? s.slice(0, 297) + '…' : s}`;
}

function failure<J>(index: number, job: J, e: RemoteError, describe: (job: J, index: number) => string): JobError | JobInternalError {
  const msg = `${describe(job, index)} failed: ${e.message}`;
  return e.user
    ? new JobError(msg, index, job, e.name, e.stack)
    : new JobInternalError(`${msg}\n--- worker stack ---\n${e.stack ?? e.name}`, index, job, e.name, e.stack);
}

type PoolEvent<R> =
  | { readonly w: Worker; readonly m: FromWorker<R> }
  | { readonly w: Worker; readonly crash: Error }
  | { readonly w: Worker; readonly exit: number };

/** Runs `jobs` on the pool and yields each result as it finishes (completion order). */
export async function* streamJobs<J, R>(jobs: readonly J[], o: WorkerPoolOptions<J>): AsyncGenerator<JobResult<J, R>, void, undefined> {
  if (!Number.isInteger(o.threads) || o.threads < 1) throw new SpecError('threads', 'a whole number ≥ 1', o.threads);
  const describe = o.describeJob ?? defaultDescribe;
  const events: PoolEvent<R>[] = [];
  let wake: (() => void) | null = null;
  const push = (e: PoolEvent<R>) => {
    events.push(e);
    wake?.();
    wake = null;
  };
  const workers: Worker[] = [];
  const busy = new Map<Worker, number>();
  let next = 0;
  const feed = (w: Worker) => {
    if (next < jobs.length && (o.shouldStart?.() ?? true)) {
      const index = next++;
      busy.set(w, index);
      w.postMessage({ kind: 'job', index, job: jobs[index] } satisfies ToWorker<J>);
    } else {
      busy.delete(w);
      w.postMessage({ kind: 'stop' } satisfies ToWorker<J>);
    }
  };
  try {
    const n = Math.min(o.threads, jobs.length);
    for (let k = 0; k < n; k++) {
      const w = new Worker(o.worker, { workerData: o.workerData });
      workers.push(w);
      w.on('message', (m: FromWorker<R>) => push({ w, m }));
      w.on('error', (crash: Error) => push({ w, crash }));
      w.on('exit', (exit: number) => push({ w, exit }));
      feed(w);
    }
    let alive = n;
    while (alive > 0) {
      if (events.length === 0) await new Promise<void>((r) => (wake = r));
      const e = events.shift()!;
      if ('m' in e) {
        const m = e.m;
        if (m.kind === 'progress') o.onProgress?.(m.index, m.fraction);
        else if (m.kind === 'error') throw failure(m.index, jobs[m.index], m.error, describe);
        else {
          feed(e.w); // keep the worker busy while the consumer handles the result
          yield { index: m.index, job: jobs[m.index], result: m.result };
        }
      } else if ('crash' in e) {
        const index = busy.get(e.w);
        const remote: RemoteError = { name: e.crash.name, message: e.crash.message, stack: e.crash.stack, user: false };
        if (index !== undefined) throw failure(index, jobs[index], remote, describe);
        throw new InternalError(`worker ${o.worker.href} failed outside any job: ${e.crash.stack ?? e.crash.message}`);
      } else {
        alive--;
        const index = busy.get(e.w);
        if (index !== undefined) {
          throw failure(index, jobs[index], { name: 'WorkerExit', message: `its worker exited with code ${e.exit}`, user: false }, describe);
        }
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Runs every job (or until shouldStart says stop); results sorted by job index. */
export async function runJobs<J, R>(
  jobs: readonly J[],
  o: WorkerPoolOptions<J> & { readonly onResult?: (r: JobResult<J, R>) => void },
): Promise<JobResult<J, R>[]> {
  const out: JobResult<J, R>[] = [];
  for await (const r of streamJobs<J, R>(jobs, o)) {
    out.push(r);
    o.onResult?.(r);
  }
  return out.sort((a, b) => a.index - b.index);
}
