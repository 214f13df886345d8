/**
 * Distributed sweeps on BullMQ (Redis): `spinsnn sweep --queue` enqueues every run of a sweep as
 * a job whose id is the hash of its full config (queue-target.ts), `spinsnn worker --queue` runs
 * jobs on its local thread pool (BullMQ sandboxed processors in worker threads, sweep-job.ts), and
 * the submitter (or `--collect ID` on any machine) gathers the results from Redis into the run
 * folder as they arrive. A killed worker's job is found by BullMQ's stalled-job check (its lock
 * expires) and run again elsewhere; a run is deterministic given its spec, so the result is the
 * one an uninterrupted run gives. Node-only (BullMQ, ioredis). See docs/distributed-sweeps.md.
 */
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Job, Queue, QueueEvents, Worker, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { InternalError, SimulationError } from '@spinsnn/core';
import type { ExperimentResult, ExperimentSpec } from '@spinsnn/learning/node';
import { sweepJobs, writeSweepReport, type SweepConfig, type SweepJob } from './commands/sweep.js';
import { jobIdOf, sweepIdOf, CODE_VERSION, QueueConnectionError, type QueueTarget } from './queue-target.js';
import { CommandOutput, RunFolder, readJsonLines } from './run-folder.js';
import { ArgumentError, Interrupted, round } from './util.js';

/** The job kind hashed into every sweep job id (a Diehl & Cook train + evaluate run). */
export const SWEEP_JOB_KIND = 'diehl-cook-experiment';

/** What a queued job carries: the run spec and the code version that made its id. */
export interface SweepJobData {
  spec: ExperimentSpec;
  code: string;
}

/** A queued sweep's record in Redis (key `<prefix>:<queue>:sweep:<id>`): what --status and --collect need on any machine. */
export interface SweepRecord {
  sweepId: string;
  code: string;
  config: SweepConfig;
  jobs: (SweepJob & { id: string })[];
  submittedAt: string;
}

/** Pause before the collector retries after a Redis error (ms). */
const POLL_MS = 500;
/**
 * How often the collector reads every job's state (ms) besides following the queue's events: the
 * events bring results at once, the reconcile catches what events cannot say (jobs lost from Redis,
 * events missed while disconnected).
 */
const RECONCILE_MS = 5000;
/** How long the first connection may take before the URL is declared unreachable (ms). */
const CONNECT_TIMEOUT_MS = 5000;
/** Attempts per job (a crash or a stall counts as one): beyond them the job is failed. */
const JOB_ATTEMPTS = 3;
/** Stalls (lost locks, e.g. a killed worker) a job may have before it is failed. */
const MAX_STALLED = JOB_ATTEMPTS;
/** Collector: consecutive seconds of Redis errors after which it gives up (the sweep can be collected later). */
const COLLECT_GIVE_UP_S = 60;
/** Prefix of every BullMQ key (BullMQ's default). */
const PREFIX = 'bull';

function connectionOf(t: QueueTarget, worker: boolean): ConnectionOptions {
  return {
    host: t.host,
    port: t.port,
    db: t.db,
    username: t.username,
    password: t.password,
    tls: t.tls ? {} : undefined,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // BullMQ requires null for workers (blocking commands); the submitter fails a command after a few retries
    maxRetriesPerRequest: worker ? null : 3,
  };
}

/** Turns an ioredis error into what the user should do about it. */
function explain(t: QueueTarget, e: unknown): QueueConnectionError {
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? '';
  const msg = err.message ?? String(e);
  const where = `${t.host}:${t.port}`;
  if (code === 'ECONNREFUSED')
    return new QueueConnectionError(
      t.display,
      `connection refused: nothing listens on ${where}. Start Redis there (redis-server --port ${t.port} --bind 127.0.0.1 --save "" --appendonly no, see docs/distributed-sweeps.md) or fix the host/port`,
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new QueueConnectionError(t.display, `the host name ${t.host} does not resolve: check --queue / REDIS_URL`);
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(msg))
    return new QueueConnectionError(
      t.display,
      `no answer within ${CONNECT_TIMEOUT_MS / 1000} s: is port ${t.port} open between this machine and ${t.host} (firewall), and does redis-server bind to an address reachable from here (its --bind)?`,
    );
  if (/NOAUTH/.test(msg))
    return new QueueConnectionError(
      t.display,
      'the server requires a password: put it in a file and pass --redis-password-file FILE (or set REDIS_PASSWORD_FILE), or set REDIS_URL=redis://:PASSWORD@HOST:PORT in the environment',
    );
  if (/WRONGPASS|invalid password|invalid username-password/i.test(msg))
    return new QueueConnectionError(t.display, 'the password (or user) was refused: check the password file / REDIS_URL');
  if (/DENIED|protected mode/i.test(msg))
    return new QueueConnectionError(
      t.display,
      `the server refuses clients from this address (protected mode): give it a password (requirepass) and bind it to an address reachable from here, see docs/distributed-sweeps.md`,
    );
  return new QueueConnectionError(t.display, `${msg}${code ? ` (${code})` : ''}: check that Redis runs there and is reachable (docs/distributed-sweeps.md)`);
}

/** Connects once, without retrying, so a wrong URL fails now with a clear message instead of hanging. */
export async function checkRedis(t: QueueTarget): Promise<void> {
  const c = new Redis({
    ...(connectionOf(t, false) as object),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let first: unknown = null;
  c.on('error', (e: unknown) => (first ??= e)); // the socket's own error (ECONNREFUSED, …): connect() only says "Connection is closed"
  try {
    await c.connect();
    await c.ping();
  } catch (e) {
    throw explain(t, first ?? e);
  } finally {
    c.disconnect();
  }
}

async function openQueue(t: QueueTarget): Promise<Queue<SweepJobData, ExperimentResult>> {
  await checkRedis(t);
  const q = new Queue<SweepJobData, ExperimentResult>(t.queueName, { connection: connectionOf(t, false), prefix: PREFIX });
  q.on('error', () => undefined); // connection trouble after the check shows up as failing commands, handled by the caller
  await q.waitUntilReady();
  return q;
}

const recordKey = (t: QueueTarget, sweepId: string) => `${PREFIX}:${t.queueName}:sweep:${sweepId}`;

async function readRecord(q: Queue, t: QueueTarget, sweepId: string): Promise<SweepRecord> {
  if (!/^[0-9a-f]{16}$/.test(sweepId))
    throw new ArgumentError('--status/--collect', `expected the 16-hex-digit sweep id printed when the sweep was enqueued, got "${sweepId}"`);
  const text = await (await q.client).get(recordKey(t, sweepId));
  if (text === null)
    throw new ArgumentError(
      '--status/--collect',
      `no sweep ${sweepId} on queue ${t.queueName} at ${t.display}: check the id, --queue and --queue-name (the record is gone if Redis was flushed or restarted without persistence)`,
    );
  return JSON.parse(text) as SweepRecord;
}

/** Enqueues the jobs not yet in Redis (existing ids are left as they are; failed ones are retried). */
async function submit(
  q: Queue<SweepJobData, ExperimentResult>,
  t: QueueTarget,
  record: SweepRecord,
): Promise<{ added: number; retried: number; existing: number }> {
  await (await q.client).set(recordKey(t, record.sweepId), JSON.stringify(record));
  const states = await Promise.all(record.jobs.map((j) => q.getJobState(j.id)));
  const fresh = record.jobs.filter((_, k) => states[k] === 'unknown');
  // a job id already there (this sweep re-submitted, or another sweep with the same point) is never added twice
  await q.addBulk(
    fresh.map((j) => ({
      name: SWEEP_JOB_KIND,
      data: { spec: j.spec, code: CODE_VERSION },
      opts: { jobId: j.id, attempts: JOB_ATTEMPTS, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: false, removeOnFail: false },
    })),
  );
  let retried = 0;
  for (let k = 0; k < record.jobs.length; k++) {
    if (states[k] !== 'failed') continue;
    const job = await Job.fromId(q, record.jobs[k].id);
    if (job) {
      await job.retry('failed');
      retried++;
    }
  }
  return { added: fresh.length, retried, existing: record.jobs.length - fresh.length - retried };
}

/** Counts of a sweep's jobs by state, as --status prints them and progress.json holds them. */
export interface SweepCounts {
  total: number;
  done: number;
  failed: number;
  running: number;
  waiting: number;
  /** Not in Redis (removed, or Redis flushed): the collector enqueues them again. */
  missing: number;
}

interface Snapshot {
  counts: SweepCounts;
  states: string[];
  /** Σ progress of running jobs, in jobs. */
  runningProgress: number;
  failures: { id: string; reason: string; stack: string | null; unrecoverable: boolean }[];
}

async function snapshot(q: Queue<SweepJobData, ExperimentResult>, record: SweepRecord, known: ReadonlySet<string>): Promise<Snapshot> {
  const states = await Promise.all(record.jobs.map((j) => (known.has(j.id) ? Promise.resolve('completed') : q.getJobState(j.id))));
  const counts: SweepCounts = { total: record.jobs.length, done: 0, failed: 0, running: 0, waiting: 0, missing: 0 };
  let runningProgress = 0;
  const failures: Snapshot['failures'] = [];
  for (let k = 0; k < states.length; k++) {
    const s = states[k];
    if (s === 'completed') counts.done++;
    else if (s === 'failed') {
      counts.failed++;
      const job = await Job.fromId(q, record.jobs[k].id);
      const reason = job?.failedReason ?? 'unknown';
      failures.push({
        id: record.jobs[k].id,
        reason,
        stack: job?.stacktrace?.at(-1) ?? null,
        unrecoverable: /^(SpecError|ParamError|DataError|SimulationError|ArgumentError)\b/.test(reason),
      });
    } else if (s === 'active') {
      counts.running++;
      const job = await Job.fromId(q, record.jobs[k].id);
      if (job && typeof job.progress === 'number') runningProgress += job.progress;
    } else if (s === 'unknown') counts.missing++;
    else counts.waiting++;
  }
  return { counts, states, runningProgress, failures };
}

const fmtS = (s: number) =>
  s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`
      : `${Math.round(s)}s`;

/**
 * A sweep's job states as the queue's events report them, between full reconciles from Redis:
 * `wait()` returns as soon as an event concerns one of the sweep's jobs.
 */
class SweepTracker {
  private readonly index: Map<string, number>;
  private readonly states: string[];
  private readonly progressOf = new Map<string, number>();
  /** Return values of completed jobs not yet taken into the run folder. */
  readonly results = new Map<string, unknown>();
  failures: Snapshot['failures'] = [];
  /** Set by an event the tracker cannot apply by itself (a failure, a stall): read every job's state. */
  needsReconcile = true;
  private wake: (() => void) | null = null;
  private readonly listeners: [string, (...a: never[]) => void][] = [];

  constructor(
    record: SweepRecord,
    private readonly events: QueueEvents,
  ) {
    this.index = new Map(record.jobs.map((j, k) => [j.id, k]));
    this.states = record.jobs.map(() => 'unknown');
    const on = <A extends { jobId: string }>(name: string, f: (a: A) => void) => {
      const h = (a: A) => {
        const k = this.index.get(a.jobId);
        if (k === undefined) return; // another sweep's job on the same queue
        f(a);
        this.notify();
      };
      this.listeners.push([name, h as (...a: never[]) => void]);
      (events as unknown as { on(n: string, h: (a: A) => void): void }).on(name, h);
    };
    on<{ jobId: string; returnvalue: unknown }>('completed', (a) => {
      this.set(a.jobId, 'completed');
      this.results.set(a.jobId, typeof a.returnvalue === 'string' ? JSON.parse(a.returnvalue) : a.returnvalue);
    });
    on<{ jobId: string }>('active', (a) => this.set(a.jobId, 'active'));
    on<{ jobId: string }>('waiting', (a) => this.set(a.jobId, 'waiting'));
    on<{ jobId: string; data: unknown }>('progress', (a) => {
      if (typeof a.data === 'number') this.progressOf.set(a.jobId, a.data);
    });
    on<{ jobId: string }>('failed', () => (this.needsReconcile = true));
    on<{ jobId: string }>('stalled', () => (this.needsReconcile = true));
  }

  private set(id: string, state: string): void {
    this.states[this.index.get(id)!] = state;
    if (state !== 'active') this.progressOf.delete(id);
  }

  /** An event came while nobody waited: the next wait() returns at once. */
  private pending = false;

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    if (w) w();
    else this.pending = true;
  }

  /** Takes every job's state from a full read of Redis. */
  reconcile(snap: Snapshot): void {
    for (let k = 0; k < snap.states.length; k++) this.states[k] = snap.states[k];
    this.failures = snap.failures;
  }

  /** Counts by state; a job whose result is already in the run folder counts as done. */
  counts(collected: ReadonlyMap<string, unknown>): SweepCounts {
    const c: SweepCounts = { total: this.states.length, done: 0, failed: 0, running: 0, waiting: 0, missing: 0 };
    for (const [id, k] of this.index) {
      const s = collected.has(id) ? 'completed' : this.states[k];
      if (s === 'completed') c.done++;
      else if (s === 'failed') c.failed++;
      else if (s === 'active') c.running++;
      else if (s === 'unknown') c.missing++;
      else c.waiting++;
    }
    return c;
  }

  /** Σ progress of running jobs, in jobs. */
  runningProgress(): number {
    let p = 0;
    for (const v of this.progressOf.values()) p += v;
    return p;
  }

  /** Resolves on the next event about one of the sweep's jobs, or after `ms`. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  close(): void {
    for (const [name, h] of this.listeners) (this.events as unknown as { off(n: string, h: unknown): void }).off(name, h);
  }
}

/** Options of collecting a sweep into a run folder. */
interface CollectOptions {
  out?: string;
  force?: boolean;
  resume?: boolean;
  json?: boolean;
}

/**
 * Waits for every job of the sweep, storing each result once in results.jsonl as it arrives
 * (a result seen twice — a re-run after a stall, a second collector pass — is kept once), with
 * progress.json (done/failed/running/waiting, ETA) rewritten on every change; then writes the
 * table and plot exactly as a local sweep does.
 */
async function collectInto(q: Queue<SweepJobData, ExperimentResult>, t: QueueTarget, record: SweepRecord, run: RunFolder, resume: boolean): Promise<void> {
  const byId = new Map<string, ExperimentResult>();
  const index = new Map(record.jobs.map((j, k) => [j.id, k]));
  if (resume && run.has('results.jsonl')) {
    const bySpec = new Map(record.jobs.map((j) => [JSON.stringify(j.spec), j.id]));
    for (const row of readJsonLines<{ spec: ExperimentSpec } & ExperimentResult>(run.path('results.jsonl'))) {
      const id = bySpec.get(JSON.stringify(row.spec));
      if (id !== undefined && !byId.has(id)) byId.set(id, stripParams(row));
    }
  }
  const arrived: string[] = [...byId.keys()];
  const rowOf = (id: string) => ({ params: record.jobs[index.get(id)!].params ?? 'ideal', ...byId.get(id)! });
  const save = (ids: readonly string[]) => run.writeJsonLines('results.jsonl', ids.map(rowOf));
  const progress = run.progress('sweep');
  let stop: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stop) process.exit(sig === 'SIGINT' ? 130 : 143);
    stop = sig;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Job events (completed, failed, active, progress, …) wake the loop at once; a full reconcile
  // from job states runs only every RECONCILE_MS or after a failure, so collecting costs the
  // machine (whose cores run the workers) next to nothing between events.
  const events = new QueueEvents(t.queueName, { connection: connectionOf(t, true), prefix: PREFIX });
  events.on('error', () => undefined); // a lost connection only delays the next reconcile, which reads job states itself
  await events.waitUntilReady();
  const tracker = new SweepTracker(record, events);
  const t0 = Date.now();
  let f0 = -1;
  let lastLine = '';
  let errorSince: number | null = null;
  let nextReconcile = 0;
  try {
    for (;;) {
      if (tracker.needsReconcile || Date.now() >= nextReconcile) {
        tracker.needsReconcile = false; // an event during the read sets it again
        try {
          const snap = await snapshot(q, record, new Set(byId.keys()));
          tracker.reconcile(snap);
          for (let k = 0; k < record.jobs.length; k++) {
            const id = record.jobs[k].id;
            if (snap.states[k] !== 'completed' || byId.has(id) || tracker.results.has(id)) continue;
            tracker.results.set(id, (await Job.fromId(q, id))?.returnvalue);
          }
          if (snap.counts.missing > 0) {
            // Redis lost jobs (flushed, evicted, removed by hand): enqueue them again (same ids, so at most once)
            await submit(q, t, record);
          }
          errorSince = null;
          nextReconcile = Date.now() + RECONCILE_MS;
        } catch (e) {
          if (e instanceof InternalError) throw e;
          errorSince ??= Date.now();
          if (Date.now() - errorSince > COLLECT_GIVE_UP_S * 1000) throw explain(t, e);
          tracker.needsReconcile = true;
          await tracker.wait(POLL_MS);
          continue;
        }
      }
      for (const [id, r] of tracker.results) {
        if (byId.has(id)) continue;
        if (!r || typeof r !== 'object' || typeof (r as ExperimentResult).accuracy !== 'number')
          throw new InternalError(`job ${id} is completed but its return value is not a sweep result: ${JSON.stringify(r)?.slice(0, 200)}`);
        byId.set(id, r as ExperimentResult);
        arrived.push(id);
      }
      const c = tracker.counts(byId);
      if (arrived.length > 0) save(arrived);
      const f = (c.done + c.failed + tracker.runningProgress()) / c.total;
      if (f0 < 0) f0 = f;
      const elapsed = (Date.now() - t0) / 1000;
      const eta = f > f0 && f < 1 ? (elapsed * (1 - f)) / (f - f0) : null;
      const line = `${c.done}/${c.total} done, ${c.failed} failed, ${c.running} running, ${c.waiting + c.missing} waiting${eta === null ? '' : `, ETA ${fmtS(eta)}`}`;
      run.writeJson('progress.json', {
        sweepId: record.sweepId,
        ...c,
        fraction: round(f),
        elapsedS: round(elapsed),
        etaS: eta === null ? null : round(eta),
        updatedAt: new Date().toISOString(),
      });
      progress.update(f, line);
      const countsLine = line.replace(/, ETA .*/, '');
      if (countsLine !== lastLine && !process.stderr.isTTY) run.log(`sweep ${record.sweepId}: ${line}`);
      lastLine = countsLine;
      if (c.done + c.failed === c.total && !tracker.needsReconcile) {
        if (c.failed > 0 && tracker.failures.length < c.failed) {
          tracker.needsReconcile = true; // the failure reasons come from the job records
          continue;
        }
        progress.done();
        if (c.failed > 0) {
          const failures = tracker.failures;
          const list = failures
            .slice(0, 5)
            .map((x) => `  job ${x.id.slice(0, 12)}…: ${x.reason}`)
            .join('\n');
          const more = failures.length > 5 ? `\n  … and ${failures.length - 5} more` : '';
          const how = `the ${c.done} finished runs are in ${run.path('results.jsonl')}; fix the cause and enqueue the same sweep again (failed jobs are retried, finished ones kept)`;
          if (failures.every((x) => x.unrecoverable))
            throw new SimulationError(`sweep ${record.sweepId}: ${c.failed} of ${c.total} runs failed:\n${list}${more}\n${how}`);
          throw new InternalError(
            `sweep ${record.sweepId}: ${c.failed} of ${c.total} runs failed on a worker:\n${list}${more}\n${failures[0].stack ?? ''}\n${how}`,
          );
        }
        break;
      }
      if (stop) {
        progress.done();
        throw new Interrupted(
          stop,
          `${stop}: stopped collecting sweep ${record.sweepId} (${c.done}/${c.total} done; its jobs go on running on the workers). Collect it later with: spinsnn sweep --queue … --collect ${record.sweepId} --out ${run.dir} --resume`,
        );
      }
      await tracker.wait(tracker.needsReconcile ? 0 : Math.max(0, Math.min(nextReconcile - Date.now(), RECONCILE_MS)));
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    tracker.close();
    await events.close();
  }
  const order = record.jobs.map((j) => j.id);
  save(order);
  await writeSweepReport(
    run,
    record.config,
    record.jobs,
    order.map((id) => byId.get(id)!),
  );
}

function stripParams(row: { params?: unknown } & ExperimentResult): ExperimentResult {
  const { params: _p, ...r } = row;
  return r;
}

function makeRecord(config: SweepConfig): SweepRecord {
  const jobs = sweepJobs(config).map((j) => ({ ...j, id: jobIdOf(SWEEP_JOB_KIND, j.spec) }));
  return { sweepId: sweepIdOf(jobs.map((j) => j.id)), code: CODE_VERSION, config, jobs, submittedAt: new Date().toISOString() };
}

/** `spinsnn sweep --queue …`: enqueue (idempotently), then collect into the run folder unless --detach. */
export async function queuedSweep(t: QueueTarget, config: SweepConfig, o: CollectOptions & { detach?: boolean }): Promise<void> {
  if (o.detach && (o.out !== undefined || o.resume || o.force))
    throw new ArgumentError('--detach', 'enqueues only and writes no run folder: drop --out/--resume/--force, and collect later with --collect ID --out DIR');
  const record = makeRecord(config);
  const run = new RunFolder('sweep', { out: o.out, json: o.json });
  if (!o.detach) {
    run.prepare({ resume: o.resume, force: o.force, canResume: true });
    if (o.resume && run.has('config.json')) {
      const old = run.readJson<{ sweepId?: string } | null>('config.json');
      if (old?.sweepId !== record.sweepId)
        throw new ArgumentError(
          '--resume',
          `${run.dir} holds another sweep (${old?.sweepId ?? 'not a queued one'}, this is ${record.sweepId}): pass the same flags, or another --out (or --force)`,
        );
    }
  }
  const q = await openQueue(t);
  try {
    const s = await submit(q, t, record);
    const msg = `sweep ${record.sweepId}: ${record.jobs.length} runs on queue ${t.queueName} at ${t.display}: ${s.added} enqueued, ${s.existing} already there, ${s.retried} failed ones retried`;
    const workers = await q.getWorkersCount();
    if (o.detach) {
      const out = new CommandOutput({ json: o.json });
      out.log(msg);
      out.finish(
        { sweepId: record.sweepId, queue: t.display, queueName: t.queueName, jobs: record.jobs.length, ...s, workers },
        `sweep ${record.sweepId} enqueued (${s.added} new, ${s.existing} already there, ${s.retried} retried); ${workers} worker(s) connected.\nfollow it: spinsnn sweep --queue … --status ${record.sweepId}\ncollect it: spinsnn sweep --queue … --collect ${record.sweepId} --out DIR`,
      );
      return;
    }
    run.writeConfig({ ...config, queue: t.display, queueName: t.queueName, sweepId: record.sweepId, code: CODE_VERSION });
    run.log(msg);
    if (workers === 0)
      run.log(
        `sweep ${record.sweepId}: no worker is connected to ${t.queueName} yet: start some with  spinsnn worker --queue redis://HOST:PORT  (jobs wait in Redis until then)`,
      );
    await collectInto(q, t, record, run, o.resume === true);
  } finally {
    await q.close();
  }
}

/** `spinsnn sweep --queue … --collect ID`: the sweep's run folder, written on any machine from Redis. */
export async function collectSweep(t: QueueTarget, sweepId: string, o: CollectOptions): Promise<void> {
  const run = new RunFolder('sweep', { out: o.out, json: o.json });
  run.prepare({ resume: o.resume, force: o.force, canResume: true });
  const q = await openQueue(t);
  try {
    const record = await readRecord(q, t, sweepId);
    if (record.code !== CODE_VERSION)
      throw new ArgumentError('--collect', `sweep ${sweepId} was enqueued by ${record.code}, this is ${CODE_VERSION}: collect it with that version`);
    run.writeConfig({ ...record.config, queue: t.display, queueName: t.queueName, sweepId, code: record.code });
    await collectInto(q, t, record, run, o.resume === true);
  } finally {
    await q.close();
  }
}

/** `spinsnn sweep --queue … --status ID`: counts by state, connected workers, failures. */
export async function sweepStatus(t: QueueTarget, sweepId: string, json: boolean | undefined): Promise<void> {
  const q = await openQueue(t);
  try {
    const record = await readRecord(q, t, sweepId);
    const snap = await snapshot(q, record, new Set());
    const workers = await q.getWorkersCount();
    const out = new CommandOutput({ json });
    const c = snap.counts;
    out.finish(
      {
        sweepId,
        queue: t.display,
        queueName: t.queueName,
        submittedAt: record.submittedAt,
        ...c,
        workers,
        failures: snap.failures.map((f) => ({ id: f.id, reason: f.reason })),
      },
      [
        `sweep ${sweepId} on ${t.queueName} at ${t.display} (enqueued ${record.submittedAt})`,
        `${c.done}/${c.total} done, ${c.failed} failed, ${c.running} running, ${c.waiting} waiting${c.missing ? `, ${c.missing} missing from Redis (a collector enqueues them again)` : ''}; ${workers} worker(s) connected`,
        ...snap.failures.map((f) => `failed ${f.id.slice(0, 12)}…: ${f.reason}`),
      ].join('\n'),
    );
  } finally {
    await q.close();
  }
}

/** Options of `spinsnn worker`. */
export interface WorkerRunOptions {
  threads: number;
  lockS: number;
  idleExitS?: number;
  json?: boolean;
}

/**
 * `spinsnn worker --queue …`: takes sweep jobs from the queue and runs `threads` at a time, each
 * in a worker thread (BullMQ's sandbox pool, threads reused across jobs), until SIGINT/SIGTERM
 * (running jobs finish first; a second signal stops at once and BullMQ hands the jobs elsewhere)
 * or --idle-exit seconds without a job.
 */
export async function runWorker(t: QueueTarget, o: WorkerRunOptions): Promise<void> {
  await checkRedis(t);
  const out = new CommandOutput({ json: o.json });
  const name = `${hostname()}:${process.pid}`;
  const lockMs = Math.round(o.lockS * 1000);
  const worker = new Worker<SweepJobData, ExperimentResult>(t.queueName, fileURLToPath(new URL('./sweep-job.js', import.meta.url)), {
    connection: connectionOf(t, true),
    prefix: PREFIX,
    name,
    concurrency: o.threads,
    useWorkerThreads: true,
    lockDuration: lockMs,
    // the stalled-job check runs as often as a lock lasts: a killed worker's jobs go back to the queue within ~2 lock times
    stalledInterval: lockMs,
    maxStalledCount: MAX_STALLED,
    autorun: false,
  });
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let completed = 0;
  let failed = 0;
  let running = 0;
  let last = Date.now();
  let lastError = '';
  worker.on('active', (job) => {
    running++;
    last = Date.now();
    out.log(
      `worker ${name}: started ${job.id?.slice(0, 12)}… (${JSON.stringify(job.data.spec.deviceParams ?? job.data.spec.synapse)} seed ${job.data.spec.seed}, attempt ${job.attemptsStarted})`,
    );
  });
  worker.on('completed', (job) => {
    running = Math.max(0, running - 1);
    completed++;
    last = Date.now();
    out.log(`worker ${name}: done ${job.id?.slice(0, 12)}… accuracy ${job.returnvalue.accuracy}`);
  });
  worker.on('failed', (job, err) => {
    running = Math.max(0, running - 1);
    failed++;
    last = Date.now();
    out.log(`worker ${name}: failed ${job?.id?.slice(0, 12) ?? '?'}… (attempt ${job?.attemptsMade ?? '?'} of ${JOB_ATTEMPTS}): ${err.message}`);
  });
  worker.on('stalled', (id) => out.log(`worker ${name}: job ${id.slice(0, 12)}… had lost its worker (stalled): back in the queue`));
  worker.on('error', (e) => {
    const m = explain(t, e).message;
    if (m !== lastError) out.log(`worker ${name}: ${m} (retrying)`);
    lastError = m;
  });
  let stop: string | null = null;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (wake = r));
  const onSignal = (sig: NodeJS.Signals) => {
    if (stop) process.exit(sig === 'SIGINT' ? 130 : 143);
    stop = sig;
    out.log(`worker ${name}: ${sig}: finishing ${running} running job(s), then exiting (again to stop at once)`);
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const idle =
    o.idleExitS === undefined
      ? null
      : setInterval(() => {
          if (running === 0 && Date.now() - last > o.idleExitS! * 1000) {
            stop = 'idle';
            wake();
          }
        }, 250);
  out.log(`worker ${name}: ${o.threads} thread(s) on queue ${t.queueName} at ${t.display} (${CODE_VERSION}); lock ${o.lockS} s`);
  try {
    void worker.run().catch((e: unknown) => {
      out.log(`worker ${name}: ${e instanceof Error ? e.message : String(e)}`);
      wake();
    });
    await stopped;
    await worker.close();
  } finally {
    if (idle) clearInterval(idle);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const cpu = process.cpuUsage(cpu0);
  const wallS = (performance.now() - wall0) / 1000;
  const summary = {
    worker: name,
    queueName: t.queueName,
    threads: o.threads,
    completed,
    failed,
    wallS: round(wallS),
    cpuUserS: round(cpu.user / 1e6),
    cpuSystemS: round(cpu.system / 1e6),
    stoppedBy: stop,
  };
  out.finish(
    summary,
    `worker ${name}: ${completed} job(s) done, ${failed} failed in ${fmtS(wallS)} (CPU ${round((cpu.user + cpu.system) / 1e6)} s); stopped by ${stop}`,
  );
  if (stop === 'SIGINT' || stop === 'SIGTERM') process.exitCode = 0;
}
