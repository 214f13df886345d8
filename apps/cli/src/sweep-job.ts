/**
 * The BullMQ sandboxed processor of `spinsnn worker`: runs in one of the worker's threads
 * (BullMQ's child pool, `useWorkerThreads`), one Diehl & Cook train + evaluate run per job.
 * A user error (bad spec) fails the job at once (UnrecoverableError: retrying cannot fix it);
 * anything else fails the attempt and BullMQ retries it. Node-only (a worker-thread module).
 */
import '@spinsnn/backends';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { isUserError } from '@spinsnn/core';
import { runExperiment, type ExperimentResult } from '@spinsnn/learning/node';
import { CODE_VERSION } from './queue-target.js';
import type { SweepJobData } from './sweep-queue.js';

/** Progress is reported every this many training samples (and at the end of training). */
const PROGRESS_EVERY = 100;

let plugins: Promise<void> | null = null;

/**
 * The models of $SPINSNN_PLUGINS (comma-separated modules, as for the CLI), imported once per
 * thread: a sweep over a plugin's device needs them registered in the job threads too.
 */
function loadPlugins(): Promise<void> {
  plugins ??= (async () => {
    for (const spec of (process.env.SPINSNN_PLUGINS ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      await import(existsSync(spec) || spec.startsWith('.') || spec.startsWith('/') ? pathToFileURL(resolve(spec)).href : spec);
    }
  })();
  return plugins;
}

/** Runs one queued sweep job; its result is the job's return value (stored in Redis). */
export default async function processSweepJob(job: SandboxedJob<SweepJobData, ExperimentResult>): Promise<ExperimentResult> {
  const pending: Promise<unknown>[] = [];
  if (job.data.code !== CODE_VERSION) {
    // a job id hashes the code version: another version's result would be filed under the wrong id
    throw new UnrecoverableError(
      `SpecError: job enqueued by ${job.data.code}, this worker runs ${CODE_VERSION}: run the same spinsnn version on every machine (or give each version its own --queue-name)`,
    );
  }
  try {
    await loadPlugins();
    const r = runExperiment(job.data.spec, (done, total) => {
      if (done % PROGRESS_EVERY === 0 || done === total) pending.push(job.updateProgress(done / total));
    });
    await Promise.all(pending);
    return r;
  } catch (e) {
    if (isUserError(e)) throw new UnrecoverableError(`${e.name}: ${e.message}`);
    throw e;
  }
}
