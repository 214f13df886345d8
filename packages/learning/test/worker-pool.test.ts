import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { InternalError, SpecError, isUserError } from '@spinsnn/core';
import { JobError, JobInternalError, runJobs, streamJobs } from '@spinsnn/learning/node';

// The worker is plain JS on the built serveJobs (`npm test` builds first).
const worker = new URL('./fixtures/pool-worker.mjs', import.meta.url);
const built = existsSync(new URL('../dist/workers/serve.js', import.meta.url));

interface Job {
  n: number;
  sleepMs?: number;
  hang?: boolean;
  fail?: 'user' | 'bug' | 'exit';
}
interface Out {
  square: number;
  offset: number;
  threadId: number;
}

describe.skipIf(!built)('WorkerPool (streamJobs / runJobs)', () => {
  it('returns a result for every job, on at most `threads` workers, with their progress', async () => {
    const jobs: Job[] = Array.from({ length: 12 }, (_, n) => ({ n, sleepMs: (n * 7) % 5 }));
    const progress = new Set<number>();
    const streamed: number[] = [];
    const all = await runJobs<Job, Out>(jobs, {
      worker,
      threads: 3,
      workerData: { offset: 5 },
      onProgress: (k) => progress.add(k),
      onResult: (r) => streamed.push(r.index),
    });
    expect(all.map((r) => r.index)).toEqual(jobs.map((_, k) => k));
    expect(all.map((r) => r.result.square)).toEqual(jobs.map((j) => j.n * j.n));
    expect(all.every((r) => r.result.offset === 5 && r.job === jobs[r.index])).toBe(true);
    expect(new Set(all.map((r) => r.result.threadId)).size).toBeLessThanOrEqual(3);
    expect([...streamed].sort((a, b) => a - b)).toEqual(jobs.map((_, k) => k));
    expect(progress.size).toBe(jobs.length);
  });

  it('streams results as they finish, not in job order', async () => {
    const order: number[] = [];
    for await (const r of streamJobs<Job, Out>([{ n: 0, sleepMs: 300 }, { n: 1 }, { n: 2 }], { worker, threads: 2 })) order.push(r.index);
    expect(order.indexOf(1)).toBeLessThan(order.indexOf(0));
    expect(order).toHaveLength(3);
  });

  it('reports a job that fails on bad input as a user error naming that job', async () => {
    const jobs: Job[] = [{ n: 1 }, { n: 2 }, { n: 3, fail: 'user' }, { n: 4 }];
    const err = await runJobs<Job, Out>(jobs, { worker, threads: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobError);
    expect(isUserError(err)).toBe(true);
    const e = err as JobError;
    expect(e.index).toBe(2);
    expect(e.job).toEqual(jobs[2]);
    expect(e.remoteName).toBe('SpecError');
    expect(e.message).toMatch(/^job 2 \{"n":3,"fail":"user"\} failed: n: expected a number the job accepts, got 3/);
  });

  it('reports a bug in a job, or a worker that dies in one, as an internal error naming the job', async () => {
    const bug = await runJobs<Job, Out>([{ n: 1 }, { n: 2, fail: 'bug' }], { worker, threads: 1, describeJob: (j) => `point n=${j.n}` }).catch(
      (e: unknown) => e,
    );
    expect(bug).toBeInstanceOf(JobInternalError);
    expect(bug).toBeInstanceOf(InternalError);
    expect((bug as JobInternalError).message).toMatch(/^point n=2 failed: a broken invariant/);
    const died = await runJobs<Job, Out>([{ n: 1, fail: 'exit' }], { worker, threads: 1 }).catch((e: unknown) => e);
    expect(died).toBeInstanceOf(JobInternalError);
    expect((died as JobInternalError).index).toBe(0);
    expect((died as Error).message).toMatch(/exited with code 3/);
  });

  it('terminates every worker when a job fails while others still run, or when the consumer stops early', async () => {
    const t0 = performance.now();
    const err = await runJobs<Job, Out>(
      [
        { n: 1, hang: true },
        { n: 2, sleepMs: 50, fail: 'user' },
      ],
      { worker, threads: 2 },
    ).catch((e: unknown) => e);
    expect((err as JobError).index).toBe(1);
    for await (const r of streamJobs<Job, Out>([{ n: 1 }, { n: 2, hang: true }], { worker, threads: 2 })) {
      expect(r.index).toBe(0);
      break;
    }
    expect(performance.now() - t0).toBeLessThan(20_000); // a hanging job did not keep the pool alive
  });

  it('starts no job once shouldStart says stop, and none at all for no jobs', async () => {
    let handed = 0;
    const some = await runJobs<Job, Out>(
      Array.from({ length: 10 }, (_, n) => ({ n })),
      { worker, threads: 2, shouldStart: () => handed++ < 4 },
    );
    expect(some.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(await runJobs<Job, Out>([], { worker, threads: 2 })).toEqual([]);
    await expect(runJobs<Job, Out>([{ n: 1 }], { worker, threads: 0 })).rejects.toThrow(SpecError);
  });
});
