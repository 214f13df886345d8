#!/usr/bin/env node
// Distributed-sweep benchmark (docs/distributed-sweeps.md): the same 100-point sweep through
// `spinsnn sweep --queue` with one worker process, then with two, then with two of which one is
// SIGKILLed mid-job; prints one JSON line with wall and CPU seconds of each, the two/one ratio,
// and whether every grid point got exactly one result equal to the uninterrupted run's.
//
//   npx tsc -b apps/cli && node bench/sweep-queue.mjs                 # a private redis-server on a free port
//   REDIS_URL=redis://127.0.0.1:6379 node bench/sweep-queue.mjs --levels 5 --seeds 4
//
// Options: --levels N (grid states=3..N+2, default 10; states=2 is left out to keep the grid the
// earlier measurements used — binary cells once hardly spiked, fixed since), --seeds N (default 10; points = levels × seeds),
// --train/--test/--neurons (default 40/20/10: a run is ~0.2 s of CPU), --threads per worker (default 1),
// --lock S (worker lock, default 5), --kill-after K (SIGKILL the victim at its first job start after
// K results, default a third of the points), --nice N (default 10: the machine is shared),
// --cold (time the workers' first jobs too: thread start, module imports, MNIST parse — paid once per
// worker, not per sweep; by default each worker first runs one warm-up job per thread, untimed),
// --same-session (workers in this script's session; by default each worker gets its own session,
// setsid: with Linux autogroup scheduling a session's processes share one CPU share, so two workers
// in one session cannot run faster than one — as two machines would — on a machine shared with
// other sessions).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const CLI = new URL('../apps/cli/dist/main.js', import.meta.url).pathname;
const VALUED = ['levels', 'seeds', 'threads', 'lock', 'kill-after', 'nice', 'neurons', 'train', 'test'];
let parsed;
try {
  parsed = parseArgs({
    strict: true,
    options: {
      ...Object.fromEntries(VALUED.map((o) => [o, { type: 'string' }])),
      cold: { type: 'boolean' },
      'same-session': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (e) {
  console.error(`sweep-queue.mjs: ${e.message} (--help lists the options)`);
  process.exit(2);
}
if (parsed.help) {
  // the header comment above is the help text
  const lines = readFileSync(new URL(import.meta.url), 'utf8')
    .split('\n')
    .slice(1);
  const header = lines.slice(
    0,
    lines.findIndex((l) => !l.startsWith('//')),
  );
  console.log(header.map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}
const arg = (name, def) => {
  if (parsed[name] === undefined) return def;
  const v = Number(parsed[name]);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`sweep-queue.mjs: --${name} needs a number ≥ 0, got ${JSON.stringify(parsed[name])}`);
    process.exit(2);
  }
  return v;
};
const levels = arg('levels', 10);
const seedCount = arg('seeds', 10);
const points = levels * seedCount;
const threads = arg('threads', 1);
const lock = arg('lock', 5);
const killAfter = arg('kill-after', Math.floor(points / 3));
const nice = arg('nice', 10);
const SWEEP = [
  '--grid',
  `states=${Array.from({ length: levels }, (_, k) => k + 3).join(',')}`,
  '--seeds',
  Array.from({ length: seedCount }, (_, k) => k + 1).join(','),
  '--neurons',
  String(arg('neurons', 10)),
  '--train',
  String(arg('train', 40)),
  '--test',
  String(arg('test', 20)),
  '--assign',
  String(arg('test', 20)),
];
const root = mkdtempSync(join(tmpdir(), 'spinsnn-bench-queue-'));

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
/** User + system CPU seconds of the node process under `pid` (nice and setsid exec, so the pid is node's). */
function cpuOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK;
  } catch {
    return null;
  }
}

const cold = parsed.cold === true;
const ownSession = parsed['same-session'] !== true;
function start(args, session = false) {
  const cmd = [...(session ? ['setsid'] : []), 'nice', '-n', String(nice), process.execPath, CLI, ...args];
  const p = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REDIS_URL: '' } });
  const c = { p, out: '', err: '', exit: null };
  p.stdout.on('data', (d) => (c.out += d));
  p.stderr.on('data', (d) => (c.err += d));
  c.exited = new Promise((r) => p.on('exit', (code, sig) => r((c.exit = code ?? sig))));
  return c;
}
async function until(ok, seconds, what) {
  const end = Date.now() + seconds * 1000;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
const rows = (dir) =>
  readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const { samplesPerS, trainS, evalS, ...r } = JSON.parse(l);
      return r;
    });

let server = null;
let url = process.env.REDIS_URL ?? '';
const live = [];
async function main() {
  if (url === '') {
    const port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    url = `redis://127.0.0.1:${port}`;
    await until(() => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG', 20, 'redis-server');
  }
  const stamp = Date.now();
  async function scenario(name, workers, kill) {
    const queueName = `bench-${name}-${stamp}`;
    const Q = ['--queue', url, '--queue-name', queueName];
    const ws = Array.from({ length: workers }, () => start(['worker', ...Q, '--threads', String(threads), '--lock', String(lock), '--json'], ownSession));
    live.push(...ws);
    await until(() => ws.every((w) => /thread\(s\) on queue/.test(w.err)), 120, 'workers to connect');
    if (!cold) {
      // warm-up jobs (other seeds, so other job ids) until every worker has finished one: its threads started and warm
      const n = workers * threads * 2;
      for (let round = 0; !ws.every((w) => /done /.test(w.err)); round++) {
        if (round === 5) throw new Error(`${name}: a worker took no warm-up job in 5 rounds`);
        const seeds = Array.from({ length: n }, (_, k) => 1000 + round * n + k).join(',');
        const warm = start([
          'sweep',
          '--grid',
          'states=5',
          '--seeds',
          seeds,
          ...SWEEP.slice(4),
          ...Q,
          '--out',
          join(root, `${name}-warmup-${round}`),
          '--json',
        ]);
        live.push(warm);
        await warm.exited;
        if (warm.exit !== 0) throw new Error(`${name}: warm-up sweep exited ${warm.exit}: ${warm.err.slice(-2000)}`);
      }
    }
    const cpuAtStart = ws.map((w) => cpuOf(w.p.pid));
    const loads = [loadavg()[0]];
    const sampler = setInterval(() => loads.push(loadavg()[0]), 2000);
    const out = join(root, name);
    const t0 = performance.now();
    const sweep = start(['sweep', ...SWEEP, ...Q, '--out', out, '--json']);
    live.push(sweep);
    let killed = null;
    if (kill) {
      const victim = ws[0];
      await until(() => (sweep.err.match(/(\d+)\/\d+ done/g) ?? []).some((m) => Number(m.split('/')[0]) >= killAfter), 3600, `${killAfter} results`);
      const before = (victim.err.match(/started /g) ?? []).length;
      await until(() => (victim.err.match(/started /g) ?? []).length > before || victim.exit !== null, 600, 'the victim to start a job');
      const starts = [...victim.err.matchAll(/started ([0-9a-f]{12})/g)];
      killed = starts.at(-1)[1];
      victim.p.kill('SIGKILL');
    }
    await sweep.exited;
    const wallS = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    if (sweep.exit !== 0) throw new Error(`${name}: sweep exited ${sweep.exit}: ${sweep.err.slice(-2000)}`);
    const cpuAtEnd = ws.map((w) => (w.exit === null ? cpuOf(w.p.pid) : null));
    for (const w of ws) if (w.exit === null) w.p.kill('SIGTERM');
    await Promise.all(ws.map((w) => w.exited));
    const reports = ws.filter((w) => w.exit === 0).map((w) => JSON.parse(w.out.trim()));
    const got = rows(out);
    // CPU of the workers during the timed sweep: /proc/<pid>/stat of the node process (under nice/setsid) at start and end
    const cpuS = cpuAtEnd.reduce((a, c, k) => a + (c === null || cpuAtStart[k] === null ? 0 : c - cpuAtStart[k]), 0);
    return {
      name,
      workers,
      threadsPerWorker: threads,
      wallS: Number(wallS.toFixed(2)),
      workerCpuS: Number(cpuS.toFixed(2)),
      workerCpuNote: kill ? 'the killed worker is not counted (its CPU is lost with it)' : undefined,
      workerLifetimeCpuS: Number(reports.reduce((a, r) => a + r.cpuUserS + r.cpuSystemS, 0).toFixed(2)),
      jobsPerWorker: reports.map((r) => r.completed),
      results: got.length,
      uniquePoints: new Set(got.map((r) => JSON.stringify(r.spec))).size,
      killedJob: killed,
      killedJobRetried:
        killed === null ? null : ws.slice(1).some((w) => new RegExp(`${killed}… had lost its worker`).test(w.err) && new RegExp(`done ${killed}`).test(w.err)),
      meanLoad1m: Number((loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(2)),
      rows: got,
    };
  }
  const one = await scenario('one', 1, false);
  const two = await scenario('two', 2, false);
  const killed = await scenario('two-kill', 2, true);
  const same = (a, b) => JSON.stringify(a.rows) === JSON.stringify(b.rows);
  const strip = ({ rows: _r, ...s }) => s;
  console.log(
    JSON.stringify({
      benchmark: 'sweep-queue',
      points,
      sweep: SWEEP.join(' '),
      warmWorkers: !cold,
      workersInOwnSessions: ownSession,
      cpus: cpus().length,
      one: strip(one),
      two: strip(two),
      twoKill: strip(killed),
      wallRatioTwoOverOne: Number((two.wallS / one.wallS).toFixed(3)),
      cpuRatioTwoOverOne: Number((two.workerCpuS / one.workerCpuS).toFixed(3)),
      target: 'two-process wall ≤ 0.55 × one-process wall',
      targetMet: two.wallS <= 0.55 * one.wallS,
      resultsIdentical: { twoVsOne: same(two, one), killVsUninterrupted: same(killed, two) },
      nothingLostOrDuplicated: [one, two, killed].every((s) => s.results === points && s.uniquePoints === points),
    }),
  );
}

try {
  await main();
} finally {
  for (const c of live) if (c.exit === null) c.p.kill('SIGKILL');
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}
