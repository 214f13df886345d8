import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@spinsnn/core';
import { LOCK_FILE, RunFolder } from '../src/run-folder.js';
import { AtomicFile, ArgumentError, writeFileAtomic } from '../src/util.js';
import { dataset } from '../../../test/support/datasets.js';

// Regression tests of issue "Reliability", end-to-end through the built CLI (`npm test` builds first).
const CLI = new URL('../dist/main.js', import.meta.url).pathname;
const G1 = dataset('gset/G1.txt');
const cli = (args: string[], cwd?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, timeout: 60_000 });
const tmp = (p = 'spinsnn-rel-') => mkdtempSync(join(tmpdir(), p));
const TRAIN = ['train', 'mnist', '--neurons', '5', '--train', '40', '--test', '10', '--assign', '10', '--checkpoint-every', '5', '--window', '10'];
const SWEEP = ['sweep', '--grid', 'c2c=0,0.05', '--seeds', '1', '--neurons', '5', '--train', '20', '--test', '10', '--assign', '10', '--workers', '2'];
const stray = (dir: string) => readdirSync(dir).filter((f) => f === LOCK_FILE || /\.tmp-/.test(f));

function oneJson(res: ReturnType<typeof cli>): Record<string, unknown> {
  expect(res.status, res.stderr).toBe(0);
  const lines = res.stdout.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as Record<string, unknown>;
}

/** Exit 2, a message matching `message`, no stack, nothing on stdout. */
function refused(res: ReturnType<typeof cli>, message: RegExp): void {
  expect(res.status, res.stderr).toBe(2);
  expect(res.stderr).toMatch(message);
  expect(res.stderr).not.toMatch(/this is a bug|\n {4}at /);
  expect(res.stdout).toBe('');
}

describe('RunFolder.prepare and AtomicFile (unit)', () => {
  it('bad output path: a file, a non-empty folder without --force, a live lock are ArgumentErrors; --force and a dead lock are fine', () => {
    const root = tmp();
    writeFileSync(join(root, 'file'), 'x');
    expect(() => new RunFolder('t', { out: join(root, 'file') }).prepare()).toThrow(ArgumentError);
    mkdirSync(join(root, 'full'));
    writeFileSync(join(root, 'full', 'a.json'), '{}');
    expect(() => new RunFolder('t', { out: join(root, 'full') }).prepare()).toThrow(/not empty.*--force/);
    expect(() => new RunFolder('t', { out: join(root, 'full') }).prepare({ canResume: true })).toThrow(/--resume/);
    const forced = new RunFolder('t', { out: join(root, 'full') });
    forced.prepare({ force: true });
    expect(readFileSync(join(root, 'full', LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    forced.release();
    expect(existsSync(join(root, 'full', LOCK_FILE))).toBe(false);

    mkdirSync(join(root, 'locked'));
    writeFileSync(join(root, 'locked', LOCK_FILE), `${process.ppid}\n`); // a live process
    expect(() => new RunFolder('t', { out: join(root, 'locked') }).prepare()).toThrow(/being written by another spinsnn run/);
    writeFileSync(join(root, 'locked', LOCK_FILE), '2147483646\n'); // no such pid: a killed run's lock
    writeFileSync(join(root, 'locked', '.x.json.tmp-2147483646-0'), 'half');
    const taken = new RunFolder('t', { out: join(root, 'locked') });
    taken.prepare();
    expect(readdirSync(join(root, 'locked'))).toEqual([LOCK_FILE]); // the dead run's temporary file is swept
    taken.release();
    expect(existsSync(join(root, 'locked'))).toBe(true); // not created by this run: kept
  });

  it('bad output path: a folder prepare() created is removed again when the run writes nothing', () => {
    const out = join(tmp(), 'a', 'b');
    const run = new RunFolder('t', { out });
    run.prepare();
    expect(existsSync(out)).toBe(true);
    run.release();
    expect(existsSync(join(out, '..'))).toBe(false);
  });

  it('streaming outputs: AtomicFile writes chunks through a temporary file, renamed on commit, removed on abort', () => {
    const dir = tmp();
    const f = new AtomicFile(join(dir, 'big.csv'));
    for (let k = 0; k < 20_000; k++) f.write(`${k},${k * 1e-4}\n`);
    expect(readdirSync(dir)).toHaveLength(1); // only the temporary file so far
    expect(readdirSync(dir)[0]).toMatch(/^\.big\.csv\.tmp-/);
    f.commit();
    expect(readdirSync(dir)).toEqual(['big.csv']);
    expect(readFileSync(join(dir, 'big.csv'), 'utf8').split('\n')).toHaveLength(20_001);
    const g = new AtomicFile(join(dir, 'big.csv'));
    g.write('partial');
    g.abort();
    expect(readdirSync(dir)).toEqual(['big.csv']);
    expect(() => new AtomicFile(dir, '--spikes-out')).toThrow(/--spikes-out: .* is a folder/);
    expect(() => writeFileAtomic(join(dir, 'big.csv', 'x'), 'y')).toThrow(DataError); // a file on the path
  });

  it('corrupt run state: a metrics.jsonl line that is not JSON is a DataError naming the file and line', () => {
    const out = tmp();
    writeFileSync(join(out, 'metrics.jsonl'), '{"done":5}\n{"done":1');
    expect(() => new RunFolder('t', { out }).readMetrics()).toThrow(/metrics\.jsonl: line 2 is not JSON/);
  });
});

describe.skipIf(!existsSync(CLI))('reliability (built CLI)', () => {
  it.each([
    ['demo', ['demo', 'cuba', '--neurons', '100', '--duration', '0.01']],
    ['train', TRAIN],
    ['sweep', SWEEP],
    ['baseline', ['baseline', 'mnist', '--train', '100', '--test', '10', '--epochs', '1', '--backend', 'cpu']],
    ['ising maxcut', ['ising', 'maxcut', '--graph', G1, '--sweeps', '10']],
    ['device', ['device', 'sot/multilevel']],
  ])('bad output path: %s refuses an --out that is a file, or non-empty, or unwritable, before the work (exit 2)', (_, args) => {
    const root = tmp();
    writeFileSync(join(root, 'file'), 'x');
    const t0 = performance.now();
    refused(cli([...args, '--out', join(root, 'file')]), /--out: .* is a file, not a folder/);
    mkdirSync(join(root, 'full'));
    writeFileSync(join(root, 'full', 'notes.txt'), 'mine');
    refused(cli([...args, '--out', join(root, 'full')]), /--out: .*is not empty \(notes\.txt\).*--force/);
    refused(cli([...args, '--out', join(root, 'file', 'sub')]), /--out: cannot create .*not a folder/);
    // /sys refuses new folders even to root
    if (existsSync('/sys/kernel')) refused(cli([...args, '--out', '/sys/kernel/spinsnn-test']), /--out: cannot create .*(permission denied|read-only)/);
    expect(performance.now() - t0).toBeLessThan(30_000); // refused at once, not after the training
    expect(readdirSync(root).sort()).toEqual(['file', 'full']);
    expect(readdirSync(join(root, 'full'))).toEqual(['notes.txt']);
  });

  it('bad output path: --force writes into a non-empty folder; a live lock refuses a second run; no lock or temporary file is left', () => {
    const out = tmp();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    oneJson(cli(['demo', 'cuba', '--neurons', '100', '--duration', '0.01', '--out', out, '--force', '--json']));
    expect(readdirSync(out).sort()).toEqual(['config.json', 'notes.txt', 'raster.svg', 'rate.svg', 'summary.json']);
    writeFileSync(join(out, LOCK_FILE), `${process.pid}\n`);
    refused(
      cli(['demo', 'cuba', '--neurons', '100', '--duration', '0.01', '--out', out, '--force']),
      new RegExp(`being written by another spinsnn run \\(pid ${process.pid}`),
    );
  });

  it.each(['cuba', 'coba'])('bad output path: bench %s --spikes-out pointing to a folder is refused before simulating (exit 2)', (kind) => {
    const dir = tmp();
    const t0 = performance.now();
    refused(cli(['bench', kind, '--neurons', '40000', '--duration', '5', '--spikes-out', dir]), /--spikes-out: .* is a folder: pass a file path/);
    expect(performance.now() - t0).toBeLessThan(10_000);
    refused(
      cli(['bench', kind, '--neurons', '100', '--duration', '0.01', '--no-warmup', '--spikes-out', join(dir, 'x', 'y.csv', '..', '..')]),
      /--spikes-out: .* is a folder/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('streaming outputs: --spikes-out writes the CSV of every spike, in order, with no temporary file left', () => {
    const dir = tmp();
    const file = join(dir, 'spikes.csv');
    const r = oneJson(cli(['bench', 'cuba', '--neurons', '4000', '--duration', '0.2', '--no-warmup', '--spikes-out', file, '--json']));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('i,t');
    expect(lines.length - 1).toBe(r.spikes);
    const t = lines.slice(1).map((l) => Number(l.split(',')[1]));
    expect(t.every((x, k) => k === 0 || x >= t[k - 1])).toBe(true);
    expect(readdirSync(dir)).toEqual(['spikes.csv']);
  });

  it.each([
    [['demo', 'cuba', '--neurons', '5'], /--neurons/],
    [['train', 'mnist', '--neurons', '0'], /--neurons/],
    [['train', 'mnist', '--bogus'], /unknown option/],
    [['sweep', '--workers', 'two'], /--workers/],
    [['baseline', 'mnist', '--lr', '-1'], /--lr/],
    [['baseline', 'mnist', '--backend', 'gpu'], /--backend/],
    [['ising', 'maxcut', '--graph', 'x', '--icm-fraction', '5'], /--icm-fraction.*≤ 1/],
    [['ising', 'maxcut', '--graph', 'x', '--icm-fraction', '0'], /--icm-fraction/],
    [['ising', 'maxcut'], /--graph/],
    [['bench', 'cuba', '--duration', '0'], /--duration/],
    [['eval'], /--run/],
  ])('exit codes: option-parsing error %j exits 2', (args, message) => {
    const cwd = tmp();
    const res = cli(args as string[], cwd);
    expect(res.status, res.stderr).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('corrupt run state: a corrupt or foreign checkpoint.json is a DataError naming the file (train --resume, eval)', () => {
    const out = tmp();
    writeFileSync(join(out, 'checkpoint.json'), '{"args": {"synapse": "ideal/flo');
    writeFileSync(join(out, 'config.json'), '{}');
    refused(cli([...TRAIN, '--out', out, '--resume']), /checkpoint\.json: not a spinsnn checkpoint, or truncated/);
    refused(cli(['eval', '--run', out]), /checkpoint\.json: not a spinsnn checkpoint, or truncated/);
    writeFileSync(join(out, 'checkpoint.json'), '{"hello": 1}');
    refused(cli([...TRAIN, '--out', out, '--resume']), /checkpoint\.json: not a spinsnn train checkpoint/);
    refused(cli(['eval', '--run', out]), /checkpoint\.json: not a spinsnn train checkpoint/);
    expect(stray(out)).toEqual([]);
  });

  it('corrupt run state: a corrupt metrics.jsonl is a DataError naming it; --resume with flags that differ from the checkpoint is refused naming them', () => {
    const root = tmp();
    oneJson(cli([...TRAIN, '--out', join(root, 'whole'), '--json']));
    const out = join(root, 'corrupt');
    cpSync(join(root, 'whole'), out, { recursive: true });
    writeFileSync(join(out, 'metrics.jsonl'), '{"done":20}\n{"done":3');
    refused(cli([...TRAIN, '--out', out, '--resume']), /metrics\.jsonl: line 2 is not JSON/);

    const conflict = cli([...TRAIN, '--neurons', '7', '--synapse', 'sot/multilevel', '--out', join(root, 'whole'), '--resume']);
    refused(conflict, /--resume: these flags differ from the run in .*--neurons 7 \(checkpoint: 5\).*--synapse sot\/multilevel \(checkpoint: ideal\/float\)/);
    expect(stray(join(root, 'whole'))).toEqual([]);
  });

  it('corrupt run state: SIGINT and SIGTERM during train write a checkpoint and exit 130/143; --resume continues bit for bit; metrics rows past the checkpoint are dropped and refilled', async () => {
    const root = tmp();
    const args = [...TRAIN, '--train', '200', '--checkpoint-every', '50', '--json'];
    const whole = oneJson(cli([...args, '--out', join(root, 'whole')]));
    const metricsOf = (dir: string) =>
      readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const m = JSON.parse(l) as Record<string, unknown>;
          return [m.done, m.runningAccuracy ?? m.accuracy];
        });
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      const dir = join(root, signal);
      const child = spawn(process.execPath, [CLI, ...args, '--out', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      // signal once the first periodic checkpoint is written (50 of 200 samples): a point inside
      // the training loop whatever the machine's load, so the resume has work done to continue from
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no checkpoint.json within 60 s')), 60_000);
        const poll = setInterval(() => {
          if (existsSync(join(dir, 'checkpoint.json'))) {
            clearInterval(poll);
            clearTimeout(t);
            child.kill(signal);
            resolve();
          }
        }, 2);
      });
      expect(await exited).toBe(code);
      expect(stderr).toMatch(new RegExp(`${signal}: stopped after \\d+ of 200 training samples; checkpoint written, continue with: .*--resume`));
      expect(existsSync(join(dir, 'summary.json'))).toBe(false);
      expect(stray(dir)).toEqual([]);
      if (signal === 'SIGTERM') {
        // the state a kill between the metrics write and the checkpoint write leaves: rows past the checkpoint
        const done = (JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as { trainer: { done: number } }).trainer.done;
        writeFileSync(
          join(dir, 'metrics.jsonl'),
          readFileSync(join(dir, 'metrics.jsonl'), 'utf8') + JSON.stringify({ done: done + 1, runningAccuracy: 9 }) + '\n',
        );
      }
      const resumed = oneJson(cli([...args, '--out', dir, '--resume']));
      expect(resumed.resumedAt).toBeGreaterThan(0);
      expect(resumed.weightsHash).toBe(whole.weightsHash);
      expect(resumed.accuracy).toBe(whole.accuracy);
      expect(metricsOf(dir)).toEqual(metricsOf(join(root, 'whole')));
      expect(stray(dir)).toEqual([]);
    }
  });

  it('resume where users need it: sweep saves each point as it finishes; --resume runs only the missing ones, results as uninterrupted', () => {
    const root = tmp();
    const whole = oneJson(cli([...SWEEP, '--out', join(root, 'whole'), '--json']));
    const rows = readFileSync(join(root, 'whole', 'results.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(rows).toHaveLength(2);
    const dir = join(root, 'half');
    mkdirSync(dir);
    cpSync(join(root, 'whole', 'config.json'), join(dir, 'config.json'));
    writeFileSync(join(dir, 'results.jsonl'), rows[1] + '\n'); // the second point finished first
    refused(cli([...SWEEP, '--out', dir]), /not empty.*--resume.*--force/);
    refused(cli([...SWEEP, '--neurons', '6', '--out', dir, '--resume']), /--resume: the sweep in .* was run with other settings \(neurons differ\)/);
    const res = cli([...SWEEP, '--out', dir, '--resume', '--json']);
    const resumed = oneJson(res);
    expect(res.stderr).toMatch(/1 of 2 runs already in/);
    expect(resumed.table).toEqual(whole.table);
    const pick = (l: string) => {
      const r = JSON.parse(l) as Record<string, unknown>;
      return [r.params, r.spec, r.accuracy, r.energyPerTrainSampleJ, r.energyPerInferenceJ];
    };
    const again = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n');
    expect(again.map(pick)).toEqual(rows.map(pick));
    expect(again[1]).toBe(rows[1]); // the kept point is not rerun
    writeFileSync(join(dir, 'results.jsonl'), '{"params":');
    refused(cli([...SWEEP, '--out', dir, '--resume']), /results\.jsonl: line 1 is not JSON/);
    expect(stray(dir)).toEqual([]);
  });

  it.each([
    ["''", ''],
    ['1,,2', '1,,2'],
    ['1,', '1,'],
    ['-1', '-1'],
    ['1.5', '1.5'],
  ])('small ones: sweep --seeds %s is refused', (_, seeds) => {
    const cwd = tmp();
    refused(cli(['sweep', '--grid', 'c2c=0', '--seeds', seeds], cwd), /--seeds: expected whole numbers ≥ 0 separated by commas/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    [['--device', 'c2c=x'], /--device: expected name=value/],
    [['--synapse', 'sot/nope'], /--synapse/],
    [['--synapse', 'sot/multilevel', '--preset', 'nope'], /preset/],
    [['--synapse', 'sot/multilevel', '--device', 'nope=1'], /nope/],
    [['--rule', 'learning/nope'], /--rule/],
    [['--rule-param', 'nope=1'], /nope/],
  ])('small ones: train %j leaves no run folder (default or --out)', (extra, message) => {
    const cwd = tmp();
    refused(cli([...TRAIN, ...(extra as string[])], cwd), message);
    refused(cli([...TRAIN, ...(extra as string[]), '--out', 'mine'], cwd), message);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('small ones: ising maxcut --icm-fraction outside (0, 1] is a user error before the graph is read', () => {
    const cwd = tmp();
    refused(
      cli(['ising', 'maxcut', '--graph', G1, '--sampler', 'tempering', '--houdayer', '--icm-fraction', '5', '--sweeps', '10'], cwd),
      /--icm-fraction.*expected a number > 0 and ≤ 1, got "5"/,
    );
    oneJson(
      cli([
        'ising',
        'maxcut',
        '--graph',
        G1,
        '--sampler',
        'tempering',
        '--houdayer',
        '--replicas',
        '4',
        '--icm-fraction',
        '0.5',
        '--sweeps',
        '10',
        '--no-plot',
        '--out',
        join(cwd, 'ok'),
        '--json',
      ]),
    );
  });
});
