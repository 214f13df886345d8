#!/usr/bin/env node
// Side-by-side CUBA/COBA comparison of spinsnn and Brian2 on this machine, in one session.
//
//   node bench/compare.mjs --benchmark cuba --neurons 4000,64000 --seeds 1,2,3 --duration 1
//   npm run bench:compare -- --benchmark coba --neurons 4000 --seeds 1,2,3
//   node bench/compare.mjs --benchmark cuba --neurons 4000,64000 --threads 1,2   (Brian2 OpenMP beside)
//   node bench/compare.mjs --benchmark cuba --neurons 64000 --precision float32  (both sides float32)
//
// For every size and seed it runs `spinsnn bench <benchmark> --json` (node apps/cli/dist/main.js)
// and bench/peers/run_brian2.sh, each in its own process, alternating which goes first, and prints
// one JSON line per run on stdout, then one summary line with medians and spinsnn/Brian2 ratios.
// Progress goes to stderr. By default spinsnn's loop is timed in process CPU time (--clock cpu,
// bench/lib/cpu-clock.mjs), the clock Brian2's standalone binary times its loop with, so that load
// from other users of the machine does not bias the ratio. A run whose process got clearly less than a core (CPU time / wall time
// below --min-cpu-share: other load took its core) is flagged `collided` and repeated up to
// --max-retries times; the summary uses each seed's first clean attempt (or its least-disturbed one).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { collided, intList, ratio, summariseSize } from './lib/summary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'apps/cli/dist/main.js');
const peer = join(root, 'bench/peers/run_brian2.sh');
const TIME_BIN = '/usr/bin/time';

const HELP = `Usage: node bench/compare.mjs [options]

Runs spinsnn and Brian2 alternately on the same networks and prints JSON lines (one per run,
then a summary with medians and spinsnn/Brian2 ratios). Progress on stderr.

Options:
  --benchmark <cuba|coba>   network (default cuba)
  --neurons <list>          comma-separated sizes (default 4000,64000)
  --seeds <list>            comma-separated seeds (default 1,2,3)
  --duration <s>            simulated seconds (default 1)
  --target <t>              Brian2 target: cpp_standalone | cython | numpy (default cpp_standalone)
  --threads <list>          comma-separated thread counts (default 1). For each count T: spinsnn
                            \`bench <benchmark> --threads T\` (the parallel engine) beside Brian2 with
                            T = 1 its single-threaded cpp_standalone, T > 1 OpenMP with T threads
                            (devices.cpp_standalone.openmp_threads). T > 1 is timed in wall time on
                            both sides (Brian2 with OpenMP times its loop by omp_get_wtime), whatever --clock
  --precision <p>           float64 (default) or float32: spinsnn \`bench --precision p\` (the parallel
                            engine's state, rings and weights) beside Brian2 with
                            prefs.core.default_float_dtype = p, so both sides run like for like
  --clock <cpu|wall>        how spinsnn's loop is timed (default cpu). cpu: process CPU time, the
                            clock Brian2's standalone binary uses, so other load on the machine does
                            not bias the ratio; wall: spinsnn's own wall clock, as \`spinsnn bench\` prints
  --max-retries <n>         repeat a run that collided with other load up to n times (default 1)
  --min-cpu-share <x>       CPU time / wall time below which a run counts as collided (default 0.9)
  --retry-wait <s>          pause before repeating a collided run, to let the load pass (default 5)
  --quiet-psi <pct>         before each run wait until the machine's CPU pressure (Linux PSI "some"
                            avg10: % of time some task waited for a CPU) is below pct; 0 = don't (default 30)
  --quiet-max-wait <s>      wait at most this long for that (default 30)
  --build                   build the CLI first (npx tsc -b apps/cli)
  -h, --help                this text

Examples:
  node bench/compare.mjs --benchmark cuba --neurons 4000 --seeds 1,2,3,4,5
  node bench/compare.mjs --benchmark coba --neurons 4000,64000 --seeds 1,2,3 --threads 1,2
  node bench/compare.mjs --benchmark cuba --neurons 4000,64000 --seeds 1,2,3 --precision float32`;

function options() {
  const { values } = parseArgs({
    options: {
      benchmark: { type: 'string', default: 'cuba' },
      neurons: { type: 'string', default: '4000,64000' },
      seeds: { type: 'string', default: '1,2,3' },
      duration: { type: 'string', default: '1' },
      target: { type: 'string', default: 'cpp_standalone' },
      threads: { type: 'string', default: '1' },
      precision: { type: 'string', default: 'float64' },
      'max-retries': { type: 'string', default: '1' },
      clock: { type: 'string', default: 'cpu' },
      'min-cpu-share': { type: 'string', default: '0.9' },
      'retry-wait': { type: 'string', default: '5' },
      'quiet-psi': { type: 'string', default: '30' },
      'quiet-max-wait': { type: 'string', default: '30' },
      build: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    process.exit(0);
  }
  if (!['cuba', 'coba'].includes(values.benchmark)) throw new RangeError(`--benchmark: expected cuba or coba, got "${values.benchmark}"`);
  if (!['cpp_standalone', 'cython', 'numpy'].includes(values.target)) {
    throw new RangeError(`--target: expected cpp_standalone, cython or numpy, got "${values.target}"`);
  }
  if (!['float64', 'float32'].includes(values.precision)) throw new RangeError(`--precision: expected float64 or float32, got "${values.precision}"`);
  if (!['cpu', 'wall'].includes(values.clock)) throw new RangeError(`--clock: expected cpu or wall, got "${values.clock}"`);
  const duration = Number(values.duration);
  if (!(duration > 0)) throw new RangeError(`--duration: expected a positive number of seconds, got "${values.duration}"`);
  const minCpuShare = Number(values['min-cpu-share']);
  if (!(minCpuShare >= 0 && minCpuShare <= 1)) throw new RangeError(`--min-cpu-share: expected a number in [0, 1], got "${values['min-cpu-share']}"`);
  const retryWaitS = Number(values['retry-wait']);
  if (!(retryWaitS >= 0)) throw new RangeError(`--retry-wait: expected a non-negative number of seconds, got "${values['retry-wait']}"`);
  const quietPsi = Number(values['quiet-psi']);
  if (!(quietPsi >= 0 && quietPsi <= 100)) throw new RangeError(`--quiet-psi: expected a percentage in [0, 100], got "${values['quiet-psi']}"`);
  const quietMaxWaitS = Number(values['quiet-max-wait']);
  if (!(quietMaxWaitS >= 0)) throw new RangeError(`--quiet-max-wait: expected a non-negative number of seconds, got "${values['quiet-max-wait']}"`);
  return {
    clock: values.clock,
    retryWaitS,
    quietPsi,
    quietMaxWaitS,
    benchmark: values.benchmark,
    neurons: intList('--neurons', values.neurons, 10, 50_000_000),
    seeds: intList('--seeds', values.seeds, 0, 2 ** 32 - 1),
    duration,
    target: values.target,
    threads: intList('--threads', values.threads, 1, 256),
    precision: values.precision,
    maxRetries: intList('--max-retries', values['max-retries'], 0, 100)[0],
    minCpuShare,
    build: values.build,
  };
}

/** Total microseconds during which some task on this machine waited for a CPU (Linux PSI), or null. */
function cpuStallUs() {
  try {
    const m = /some .*total=(\d+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The machine's CPU pressure over the last 10 s (% of time some task waited for a CPU), or null. */
function cpuPressureAvg10() {
  try {
    const m = /some avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Wait (bounded) until other load has calmed down; return the pressure we started with. */
function waitForQuiet(o) {
  if (o.quietPsi <= 0) return null;
  const t0 = performance.now();
  let p = cpuPressureAvg10();
  let told = false;
  while (p !== null && p > o.quietPsi && (performance.now() - t0) / 1000 < o.quietMaxWaitS) {
    if (!told) progress(`machine busy (CPU pressure ${p.toFixed(0)} %): waiting up to ${o.quietMaxWaitS} s for < ${o.quietPsi} %`);
    told = true;
    sleep(2);
    p = cpuPressureAvg10();
  }
  return p;
}

/** Run a command, return its parsed JSON stdout line plus wall time, CPU time and machine CPU pressure. */
function runJson(label, cmd, args) {
  const haveTime = existsSync(TIME_BIN);
  const dir = mkdtempSync(join(tmpdir(), 'spinsnn-compare-'));
  const usageFile = join(dir, 'usage');
  try {
    const full = haveTime ? [TIME_BIN, ['-o', usageFile, '-f', '%U %S', cmd, ...args]] : [cmd, args];
    const stall0 = cpuStallUs();
    const t0 = performance.now();
    const r = spawnSync(full[0], full[1], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    const wallS = (performance.now() - t0) / 1000;
    const stall1 = cpuStallUs();
    if (r.error) throw new Error(`${label}: could not start ${cmd}: ${r.error.message}`);
    if (r.status !== 0) {
      throw new Error(`${label} failed (exit ${r.status}): ${cmd} ${args.join(' ')}\n${(r.stderr ?? '').split('\n').slice(-20).join('\n')}`);
    }
    const lines = r.stdout.trim().split('\n');
    let result;
    try {
      result = JSON.parse(lines[lines.length - 1]);
    } catch {
      throw new Error(`${label}: expected one JSON line on stdout, got:\n${r.stdout.slice(0, 2000)}`);
    }
    let cpuS = null;
    if (haveTime) {
      const [u, s] = readFileSync(usageFile, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
      cpuS = u + s;
    }
    const pressure = stall0 !== null && stall1 !== null ? (stall1 - stall0) / 1e6 / wallS : null;
    return { result, processWallS: wallS, processCpuS: cpuS, pressure };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cpuClock = join(root, 'bench/lib/cpu-clock.mjs');

/** The clock a run with `threads` is timed by: cpu only for one thread (CPU time sums over threads). */
function clockFor(o, threads) {
  return threads > 1 ? 'wall' : o.clock;
}

function runSpinsnn(o, neurons, seed, threads) {
  const clock = clockFor(o, threads);
  const clockArgs = clock === 'cpu' ? ['--import', pathToFileURL(cpuClock).href] : [];
  const r = runJson('spinsnn', process.execPath, [
    ...clockArgs,
    cli,
    'bench',
    o.benchmark,
    '--neurons',
    String(neurons),
    '--duration',
    String(o.duration),
    '--seed',
    String(seed),
    '--threads',
    String(threads),
    '--precision',
    o.precision,
    '--json',
  ]);
  // spinsnn times the loop with the wall clock: judge it by its whole process's CPU share.
  r.result.loopClock = clock === 'cpu' ? 'cpu (process.cpuUsage via bench/lib/cpu-clock.mjs)' : 'wall (performance.now)';
  return { ...r, cpuS: r.processCpuS, wallS: r.processWallS };
}

function runBrian2(o, neurons, seed, threads) {
  const r = runJson('brian2', 'bash', [
    peer,
    o.benchmark,
    '--neurons',
    String(neurons),
    '--duration',
    String(o.duration),
    '--seed',
    String(seed),
    '--target',
    o.target,
    '--threads',
    String(threads),
    '--precision',
    o.precision,
    '--json',
  ]);
  // The Python process compiles with make -j; the simulating process is the binary (standalone),
  // whose own CPU and wall time the peer reports. Runtime targets: no separate process to judge.
  const standalone = typeof r.result.binaryCpuS === 'number';
  return { ...r, cpuS: standalone ? r.result.binaryCpuS : null, wallS: standalone ? r.result.binaryWallS : null };
}

function sleep(seconds) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function progress(msg) {
  process.stderr.write(`[compare] ${msg}\n`);
}

/** Run one side with retries; print every attempt; return the accepted result. */
function measure(o, side, neurons, seed, threads) {
  const run = side === 'spinsnn' ? runSpinsnn : runBrian2;
  const attempts = [];
  for (let attempt = 1; attempt <= 1 + o.maxRetries; attempt++) {
    if (attempt > 1) sleep(o.retryWaitS);
    waitForQuiet(o);
    const r = run(o, neurons, seed, threads);
    // a T-thread run that owns its cores uses about T CPU-seconds per wall-second
    const hit = collided(r.cpuS, r.wallS, o.minCpuShare * threads);
    const cpuShare = r.cpuS !== null && r.wallS ? r.cpuS / r.wallS : null;
    const line = { side, attempt, collided: hit, cpuShare, cpuPressure: r.pressure, ...r.result };
    emit(line);
    progress(
      `${side.padEnd(7)} N=${neurons} seed=${seed} attempt ${attempt}: ${(r.result.eventsPerS / 1e6).toFixed(2)} M events/s, ` +
        `${r.result.meanRateHz.toFixed(3)} Hz, ${r.result.peakRssMB?.toFixed(1)} MB` +
        (hit ? `  (collided: CPU share ${cpuShare.toFixed(2)})` : ''),
    );
    attempts.push({ line, cpuShare: cpuShare ?? 1 });
    if (!hit) return line;
  }
  return attempts.reduce((a, b) => (b.cpuShare > a.cpuShare ? b : a)).line;
}

function gitCommit() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  if (head.status !== 0) return null;
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'packages/core', 'apps/cli'], { cwd: root, encoding: 'utf8' });
  return head.stdout.trim() + (dirty.stdout.trim() ? '+uncommitted(core/cli)' : '');
}

function main() {
  const o = options();
  if (o.build) {
    progress('building the CLI (npx tsc -b apps/cli)');
    const b = spawnSync('npx', ['tsc', '-b', 'apps/cli'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (b.status !== 0) throw new Error('npx tsc -b apps/cli failed; fix the build or run without --build against the existing dist/');
  }
  if (!existsSync(cli)) throw new Error(`${cli} not found: build the CLI first (npx tsc -b apps/cli, or pass --build)`);
  const sizes = [];
  let flaggedAccepted = 0;
  for (const neurons of o.neurons) {
    for (const threads of o.threads) {
      const pairs = [];
      o.seeds.forEach((seed, i) => {
        // Alternate which simulator goes first so that slow drifts in machine load hit both alike.
        const order = i % 2 === 0 ? ['spinsnn', 'brian2'] : ['brian2', 'spinsnn'];
        const pair = {};
        for (const side of order) {
          pair[side] = measure(o, side, neurons, seed, threads);
          if (pair[side].collided) flaggedAccepted++;
        }
        pairs.push(pair);
      });
      sizes.push({
        threads,
        clock: clockFor(o, threads),
        brian2Mode: threads > 1 ? `cpp_standalone + OpenMP ${threads} threads` : o.target,
        ...summariseSize(neurons, pairs),
      });
    }
  }
  // the same size at several thread counts: spinsnn at T threads against Brian2 single-threaded,
  // and each side's speed-up over its own single-threaded run
  const crossRatios = [];
  for (const neurons of o.neurons) {
    const one = sizes.find((x) => x.neurons === neurons && x.threads === 1);
    if (!one) continue;
    for (const x of sizes.filter((y) => y.neurons === neurons && y.threads > 1)) {
      crossRatios.push({
        neurons,
        threads: x.threads,
        spinsnnVsBrian2Single: ratio(x.spinsnn.eventsPerSMedian, one.brian2.eventsPerSMedian),
        spinsnnVsBrian2OpenMP: ratio(x.spinsnn.eventsPerSMedian, x.brian2.eventsPerSMedian),
        spinsnnSpeedup: ratio(x.spinsnn.eventsPerSMedian, one.spinsnn.eventsPerSMedian),
        brian2Speedup: ratio(x.brian2.eventsPerSMedian, one.brian2.eventsPerSMedian),
        note: 'T-thread runs are timed in wall time, single-threaded ones by --clock; on a loaded machine wall time is distorted',
      });
    }
  }
  emit({
    summary: true,
    benchmark: o.benchmark,
    durationS: o.duration,
    seeds: o.seeds,
    brian2Target: o.target,
    spinsnnClock: o.clock,
    spinsnnCommit: gitCommit(),
    node: process.version,
    cores: cpus().length,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
    collidedRunsInSummary: flaggedAccepted,
    threads: o.threads,
    precision: o.precision,
    crossRatios,
    note:
      'ratios are spinsnn / Brian2; wallS is the simulation loop only on both sides, timed in process CPU time ' +
      '(Brian2 cpp_standalone: std::clock in its binary; spinsnn: process.cpuUsage, with --clock cpu) or wall time (spinsnn with --clock wall)',
    sizes,
  });
}

try {
  main();
} catch (err) {
  process.stderr.write(`compare: ${err instanceof Error ? err.message : String(err)}\n`);
  const badInput = err instanceof RangeError || String(err?.code ?? '').startsWith('ERR_PARSE_ARGS');
  process.exit(badInput ? 2 : 1);
}
