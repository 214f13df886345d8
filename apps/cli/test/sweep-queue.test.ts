import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, jobIdOf, queueTarget, redact, sweepIdOf } from '../src/queue-target.js';

// Distributed sweeps (docs/distributed-sweeps.md) end to end through the built CLI against a real
// redis-server: REDIS_URL when set, else a private one started here on 127.0.0.1 on a free port
// with no persistence (.ci/run installs the Debian package), stopped in afterAll whatever happens.
const CLI = new URL('../dist/main.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, REDIS_URL: '' } });
const oneJsonLine = (res: ReturnType<typeof run>): Record<string, unknown> => {
  expect(res.status, res.stderr).toBe(0);
  const lines = res.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as Record<string, unknown>;
};
const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const root = mkdtempSync(join(tmpdir(), 'spinsnn-queue-'));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls until `ok()` or the deadline (s); throws with `what` on timeout. */
async function until(ok: () => boolean | Promise<boolean>, seconds: number, what: string): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A CLI child process whose stdout/stderr are collected as they come. */
function start(
  args: string[],
  onErr?: (all: string, p: ChildProcess) => void,
): { p: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> } {
  let out = '';
  let err = '';
  const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REDIS_URL: '' } });
  p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    onErr?.(err, p);
  });
  const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
  return { p, out: () => out, err: () => err, exited };
}

let redisUrl = process.env.REDIS_URL ?? '';
let server: ChildProcess | null = null;
const children: ChildProcess[] = [];
const canRun = existsSync(CLI) && (redisUrl !== '' || onPath('redis-server'));

beforeAll(async () => {
  if (!canRun || redisUrl !== '') return;
  const port = await freePort();
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  redisUrl = `redis://127.0.0.1:${port}`;
  await until(
    () =>
      spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG' ||
      (server!.exitCode !== null &&
        (() => {
          throw new Error(`redis-server exited with ${server!.exitCode}`);
        })()),
    20,
    'redis-server to answer',
  );
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (server && server.exitCode === null) {
    const gone = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await gone;
  }
});

// A tiny sweep: 2 levels × 2 seeds of a 10-neuron network on 100 training samples (≈ 0.5 s of CPU a run).
const SWEEP = ['--grid', 'states=5,11', '--seeds', '1,2', '--neurons', '10', '--train', '100', '--test', '20', '--assign', '20'];
/** A results.jsonl row without its timing fields (wall-clock figures differ between any two runs). */
const rows = (dir: string) =>
  readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const { samplesPerS: _a, trainS: _b, evalS: _c, ...r } = JSON.parse(l) as Record<string, unknown>;
      return r;
    });

describe.skipIf(!canRun)('spinsnn sweep --queue on Redis (BullMQ)', () => {
  const queueName = `spinsnn-test-${process.pid}-${Date.now()}`;
  const Q = () => ['--queue', redisUrl, '--queue-name', queueName];
  let sweepId = '';

  it('two workers, one SIGKILLed mid-job: every grid point has exactly one result, equal to the local --workers run', async () => {
    const local = join(root, 'local');
    oneJsonLine(run('sweep', ...SWEEP, '--workers', '2', '--out', local, '--json'));

    // the victim is SIGKILLed the moment it logs that it took a job (mid-job: a run takes ≈ 0.5 s of CPU)
    let killedJob = '';
    const victim = start(['worker', ...Q(), '--threads', '1', '--lock', '2', '--json'], (all, p) => {
      const m = /started ([0-9a-f]{12})/.exec(all);
      if (m && killedJob === '') {
        killedJob = m[1];
        p.kill('SIGKILL');
      }
    });
    const survivor = start(['worker', ...Q(), '--threads', '1', '--lock', '2', '--json']);
    children.push(victim.p, survivor.p);
    await until(() => /thread\(s\) on queue/.test(victim.err()) && /thread\(s\) on queue/.test(survivor.err()), 60, 'both workers to connect');
    const out = join(root, 'queued');
    const sweep = start(['sweep', ...SWEEP, ...Q(), '--out', out, '--json']);
    children.push(sweep.p);
    await until(() => killedJob !== '', 90, 'the victim worker to start a job');
    expect(await victim.exited).toBe(null); // died of the signal
    expect(victim.err()).not.toMatch(new RegExp(`done ${killedJob}`));
    expect(await sweep.exited, sweep.err()).toBe(0);
    const summary = JSON.parse(sweep.out().trim()) as { table: unknown[] };
    // the killed job was found stalled (its lock expired) and run again by the survivor
    expect(survivor.err()).toMatch(new RegExp(`${killedJob}… had lost its worker \\(stalled\\)`));
    expect(survivor.err()).toMatch(new RegExp(`done ${killedJob}`));

    const got = rows(out);
    expect(got).toHaveLength(4);
    expect(new Set(got.map((r) => canonicalJson(r.spec))).size).toBe(4);
    expect(got).toEqual(rows(local));
    expect(readFileSync(join(out, 'table.csv'), 'utf8')).toBe(readFileSync(join(local, 'table.csv'), 'utf8'));
    expect(summary.table).toHaveLength(2);
    const progress = JSON.parse(readFileSync(join(out, 'progress.json'), 'utf8')) as Record<string, unknown>;
    expect(progress).toMatchObject({ total: 4, done: 4, failed: 0, running: 0, waiting: 0 });
    sweepId = String(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).sweepId);

    survivor.p.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
    const w = JSON.parse(survivor.out().trim()) as { completed: number; stoppedBy: string };
    expect(w.stoppedBy).toBe('SIGTERM');
    expect(w.completed).toBeGreaterThanOrEqual(1);
  });

  it('a re-submitted sweep enqueues nothing and, with no worker running, completes from Redis with the same results; --status and --collect from the id', () => {
    expect(sweepId).toMatch(/^[0-9a-f]{16}$/);
    const again = join(root, 'again');
    const res = run('sweep', ...SWEEP, ...Q(), '--out', again, '--json');
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toMatch(new RegExp(`sweep ${sweepId}: 4 runs .*: 0 enqueued, 4 already there`));
    expect(rows(again)).toEqual(rows(join(root, 'queued')));

    const status = oneJsonLine(run('sweep', ...Q(), '--status', sweepId, '--json'));
    expect(status).toMatchObject({ sweepId, total: 4, done: 4, failed: 0, running: 0, waiting: 0, missing: 0, workers: 0 });
    const collected = join(root, 'collected');
    oneJsonLine(run('sweep', ...Q(), '--collect', sweepId, '--out', collected, '--json'));
    expect(readFileSync(join(collected, 'table.csv'), 'utf8')).toBe(readFileSync(join(root, 'local', 'table.csv'), 'utf8'));
    expect(rows(collected)).toEqual(rows(join(root, 'queued')));
    // collecting again into the same folder: every result is already there (results.jsonl and Redis), each is kept once
    oneJsonLine(run('sweep', ...Q(), '--collect', sweepId, '--out', collected, '--resume', '--json'));
    expect(rows(collected)).toEqual(rows(join(root, 'queued')));
  });

  it('--detach enqueues and exits; an unknown sweep id is a user error naming the queue', () => {
    const det = oneJsonLine(run('sweep', ...SWEEP, '--seeds', '3', ...Q(), '--detach', '--json'));
    expect(det).toMatchObject({ jobs: 2, added: 2, existing: 0, queueName });
    const bad = run('sweep', ...Q(), '--status', '0123456789abcdef');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`no sweep 0123456789abcdef on queue ${queueName}`));
  });
});

// CI installs redis-server (.ci/run): there the Redis tests must run, not skip
it.runIf(process.env.CI === 'true' && existsSync(CLI))('CI has a Redis for the distributed-sweep tests', () => {
  expect(canRun, 'redis-server is not on PATH and REDIS_URL is unset: .ci/run installs the Debian package redis-server').toBe(true);
});

describe.skipIf(!canRun || process.env.REDIS_URL !== undefined)('spinsnn sweep --queue: a Redis with a password', () => {
  let port = 0;
  let secured: ChildProcess | null = null;
  beforeAll(async () => {
    port = await freePort();
    // the test's own throwaway server: its password may sit in its argv, a user's never in spinsnn's
    secured = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', 'pw-of-test'], {
      stdio: 'ignore',
    });
    await until(
      () => spawnSync('redis-cli', ['-p', String(port), '--no-auth-warning', '-a', 'pw-of-test', 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG',
      20,
      'the password-protected redis-server',
    );
  });
  afterAll(async () => {
    if (secured && secured.exitCode === null) {
      const gone = new Promise((r) => secured!.once('exit', r));
      secured.kill('SIGTERM');
      await gone;
    }
  });

  it('no password: says the server needs one and where to put it; a password file gets in; a wrong one is refused', () => {
    const url = `redis://127.0.0.1:${port}`;
    const none = run('sweep', '--queue', url, '--status', '0123456789abcdef');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/requires a password: put it in a file and pass --redis-password-file/);
    const good = join(root, 'good-password');
    writeFileSync(good, 'pw-of-test\n');
    const ok = run('sweep', '--queue', url, '--redis-password-file', good, '--status', '0123456789abcdef');
    expect(ok.status).toBe(2);
    expect(ok.stderr).toMatch(/no sweep 0123456789abcdef on queue/); // connected and authenticated: only the id is unknown
    expect(ok.stderr).not.toMatch(/pw-of-test/);
    const bad = join(root, 'bad-password');
    writeFileSync(bad, 'nope\n');
    const wrong = run('sweep', '--queue', url, '--redis-password-file', bad, '--status', '0123456789abcdef');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/password \(or user\) was refused/);
  });
});

describe.skipIf(!existsSync(CLI))('spinsnn sweep --queue: errors before any work', () => {
  it('Redis not reachable: exit 2, says which URL and what to do, writes no run folder', async () => {
    const port = await freePort(); // nothing listens there
    const out = join(root, 'refused');
    const res = run('sweep', ...SWEEP, '--queue', `redis://127.0.0.1:${port}`, '--out', out);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(
      new RegExp(`Redis at redis://127\\.0\\.0\\.1:${port}/0: connection refused: nothing listens on 127\\.0\\.0\\.1:${port}\\. Start Redis`),
    );
    expect(existsSync(out)).toBe(false);
    const w = run('worker', '--queue', `redis://127.0.0.1:${port}`);
    expect(w.status).toBe(2);
    expect(w.stderr).toMatch(/connection refused/);
  });

  it('a password on the command line is refused (and never echoed); --status without --queue is refused', () => {
    const res = run('sweep', ...SWEEP, '--queue', 'redis://user:s3cret@127.0.0.1:6379');
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/credentials on the command line/);
    expect(res.stderr).not.toMatch(/s3cret/);
    const st = run('sweep', '--status', '0123456789abcdef');
    expect(st.status).toBe(2);
    expect(st.stderr).toMatch(/--status: only with --queue/);
  });
});

describe('queue target and job identity', () => {
  it('the URL comes from --queue or REDIS_URL, the password from REDIS_URL or a file, and is never in the display form', () => {
    const file = join(root, 'redis-password');
    writeFileSync(file, 'hunter2\n');
    const a = queueTarget({ queue: 'redis://10.0.0.5:6400/2', passwordFile: file, env: {} });
    expect(a).toMatchObject({ host: '10.0.0.5', port: 6400, db: 2, password: 'hunter2', tls: false });
    expect(a.display).toBe('redis://10.0.0.5:6400/2 (password from --redis-password-file)');
    const b = queueTarget({ queue: true, env: { REDIS_URL: 'rediss://:p%40ss@cache.example:6380' } });
    expect(b).toMatchObject({ host: 'cache.example', port: 6380, db: 0, password: 'p@ss', tls: true });
    expect(b.display).not.toMatch(/p@ss|p%40ss/);
    expect(queueTarget({ queue: true, env: { REDIS_URL: 'redis://h', REDIS_PASSWORD_FILE: file } }).password).toBe('hunter2');
    expect(queueTarget({ queue: 'h', env: {} })).toMatchObject({ host: 'h', port: 6379 });
    expect(() => queueTarget({ queue: true, env: {} })).toThrow(/no Redis given/);
    expect(() => queueTarget({ queue: 'http://h:1', env: {} })).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => queueTarget({ queue: 'redis://h', passwordFile: join(root, 'missing'), env: {} })).toThrow(/cannot read the Redis password file/);
    expect(() => queueTarget({ queue: 'redis://h', queueName: 'a:b', env: {} })).toThrow(/--queue-name/);
    expect(redact('redis://u:secret@h:1')).toBe('redis://u:***@h:1');
  });

  it('a job id is the hash of the full spec: key order does not matter, the seed and every option do', () => {
    const spec = { neurons: 10, trainSamples: 60, seed: 1, synapse: 'sot/multilevel', deviceParams: { states: 5, c2c: 0 } };
    const id = jobIdOf('k', spec);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(jobIdOf('k', { deviceParams: { c2c: 0, states: 5 }, synapse: 'sot/multilevel', seed: 1, trainSamples: 60, neurons: 10 })).toBe(id);
    expect(jobIdOf('k', { ...spec, preset: undefined })).toBe(id); // absent and undefined are the same spec (JSON drops undefined)
    expect(jobIdOf('k', { ...spec, seed: 2 })).not.toBe(id);
    expect(jobIdOf('k', { ...spec, deviceParams: { states: 5, c2c: 0.01 } })).not.toBe(id);
    expect(jobIdOf('other', spec)).not.toBe(id);
    expect(sweepIdOf([id, 'x'])).not.toBe(sweepIdOf(['x', id]));
    expect(sweepIdOf([id])).toMatch(/^[0-9a-f]{16}$/);
  });
});
