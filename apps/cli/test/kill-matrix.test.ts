import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE } from '../src/run-folder.js';
import { dataset } from '../../../test/support/datasets.js';

// Kill matrix (issue "Reliability"): SIGKILL each long-running command at fixed times after its
// start, check that what it left is whole (every file complete), rerun it (--resume where the
// command has it, else --force), and compare with an uninterrupted run; no lock or temporary
// file may remain. Through the built CLI (`npm test` builds first).
const CLI = new URL('../dist/main.js', import.meta.url).pathname;
const G1 = dataset('gset/G1.txt');

const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
const jsonLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const stray = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f === LOCK_FILE || /\.tmp-/.test(f)) : []);

function ok(res: ReturnType<typeof cli>): Record<string, unknown> {
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout.trim()) as Record<string, unknown>;
}

/**
 * Starts the command and SIGKILLs it `ms` after its start, or after `file` appears in `dir` (the
 * start of the work, less sensitive to a loaded machine's start-up time), if it is still running.
 */
async function killAt(args: string[], dir: string, at: KillPoint): Promise<void> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
  let gone = false;
  const exited = new Promise<void>((r) => child.on('exit', () => ((gone = true), r())));
  const kill = () => setTimeout(() => gone || child.kill('SIGKILL'), at.ms);
  if (!at.file) kill();
  else {
    const poll = setInterval(() => {
      if (gone) clearInterval(poll);
      else if (existsSync(join(dir, at.file!))) {
        clearInterval(poll);
        kill();
      }
    }, 2);
  }
  await exited;
}

interface KillPoint {
  readonly file?: string;
  readonly ms: number;
}

/** A killed run leaves only complete files: every JSON and JSON-lines file parses (temporary files aside). */
function expectWhole(dir: string): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    if (/\.tmp-/.test(f)) continue;
    if (f.endsWith('.json') && f !== 'checkpoint.json') expect(() => JSON.parse(readFileSync(join(dir, f), 'utf8')), f).not.toThrow();
    if (f === 'checkpoint.json') expect(readFileSync(join(dir, f), 'utf8').trimEnd().endsWith('}'), f).toBe(true);
    if (f.endsWith('.jsonl')) expect(() => jsonLines(join(dir, f)), f).not.toThrow();
  }
}

/** The fields of a summary that do not measure time or memory. */
const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

const nonEmpty = (dir: string) => existsSync(dir) && readdirSync(dir).some((f) => f !== LOCK_FILE && !/\.tmp-/.test(f));

interface Case {
  name: string;
  args: string[];
  /** Flags of the rerun after a kill, from what the kill left in the folder. */
  rerun: (dir: string) => string[];
  /** What must equal the uninterrupted run. */
  result: (dir: string, out: Record<string, unknown>) => unknown;
  kills: KillPoint[];
}

const CASES: Case[] = [
  {
    name: 'train mnist',
    args: ['train', 'mnist', '--neurons', '5', '--train', '40', '--test', '10', '--assign', '10', '--checkpoint-every', '5', '--window', '10', '--json'],
    rerun: (dir) => (existsSync(join(dir, 'checkpoint.json')) ? ['--resume'] : nonEmpty(dir) ? ['--force'] : []),
    // config.json is written as training starts: before the first checkpoint, between checkpoints, near the end;
    // and right after the first checkpoint, a point inside the work however loaded the machine is
    kills: [
      { ms: 300 },
      { file: 'config.json', ms: 0 },
      { file: 'config.json', ms: 120 },
      { file: 'config.json', ms: 250 },
      { file: 'checkpoint.json', ms: 0 },
    ],
    result: (dir, out) => ({
      weightsHash: out.weightsHash,
      accuracy: out.accuracy,
      metrics: jsonLines(join(dir, 'metrics.jsonl')).map((m) => [m.done, m.epoch, m.runningAccuracy, m.accuracy]),
    }),
  },
  {
    name: 'sweep',
    args: ['sweep', '--grid', 'c2c=0,0.05', '--seeds', '1', '--neurons', '5', '--train', '20', '--test', '10', '--assign', '10', '--workers', '2', '--json'],
    rerun: (dir) => (existsSync(join(dir, 'config.json')) ? ['--resume'] : nonEmpty(dir) ? ['--force'] : []),
    // config.json is written as the workers start; results.jsonl when the first point is done
    kills: [
      { file: 'config.json', ms: 0 },
      { file: 'config.json', ms: 400 },
      { file: 'results.jsonl', ms: 0 },
    ],
    result: (dir, out) => ({
      table: out.table,
      results: jsonLines(join(dir, 'results.jsonl')).map((r) => [r.params, r.spec, r.accuracy, r.energyPerTrainSampleJ, r.energyPerInferenceJ]),
    }),
  },
  {
    // TF.js on the wasm backend: the resumed run's weights.bin is byte-identical to the
    // uninterrupted run's (tested here for the MLP; Adam's step count, moments and β^t products
    // are restored, shuffles and learning-rate decays of the finished epochs replayed, dropout
    // masks are seeded). 100 steps an epoch: with fewer, Adam's β^t recomputed by setWeights
    // (pow instead of the running product) happened to agree; after ~85 steps it did not
    // (FSDD CNN: weights differed in the last bits, accuracy and loss to 6 digits equal).
    name: 'baseline mnist',
    args: ['baseline', 'mnist', '--train', '1000', '--test', '100', '--epochs', '3', '--batch', '10', '--backend', 'wasm', '--json'],
    rerun: (dir) => (existsSync(join(dir, 'checkpoint.json')) ? ['--resume'] : nonEmpty(dir) ? ['--force'] : []),
    // config.json is written as training starts, checkpoint.json after each epoch
    kills: [
      { file: 'config.json', ms: 0 },
      { file: 'checkpoint.json', ms: 0 },
      { file: 'checkpoint.json', ms: 150 },
    ],
    result: (dir, out) => ({
      accuracy: out.accuracy,
      finalLoss: out.finalLoss,
      metrics: jsonLines(join(dir, 'metrics.jsonl')).map((m) => [m.epoch, m.loss, m.learningRate]),
      weights: readFileSync(join(dir, 'model', 'weights.bin')).toString('base64'),
      confusion: readFileSync(join(dir, 'confusion.json'), 'utf8'),
      leftovers: readdirSync(dir).filter((f) => f.startsWith('checkpoint')),
    }),
  },
  {
    name: 'ising maxcut',
    args: ['ising', 'maxcut', '--graph', G1, '--sweeps', '300', '--runs', '4', '--threads', '1', '--json'],
    rerun: (dir) => (existsSync(join(dir, 'config.json')) ? ['--resume'] : nonEmpty(dir) ? ['--force'] : []),
    // config.json, runs.jsonl (and best-spins.txt when it is the best) are written as each run finishes
    kills: [{ ms: 250 }, { file: 'config.json', ms: 0 }, { file: 'runs.jsonl', ms: 0 }, { file: 'runs.jsonl', ms: 60 }],
    result: (dir, out) => ({
      cut: out.cut,
      summary: pick(out, ['runs', 'threads', 'sweeps', 'flips', 'stateChanges', 'cuts', 'hits', 'energyPerSolution', 'graph', 'seed']),
      runs: jsonLines(join(dir, 'runs.jsonl')).map((r) => [r.run, r.cut, r.sweeps, r.bestSweep, r.flips]),
      spins: readFileSync(join(dir, 'best-spins.txt'), 'utf8'),
    }),
  },
];

describe.skipIf(!existsSync(CLI))('kill matrix: SIGKILL at fixed times, then rerun', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: the rerun equals the uninterrupted run; no half, stray or lock files', async (_, c) => {
    const root = mkdtempSync(join(tmpdir(), 'spinsnn-kill-'));
    const refDir = join(root, 'whole');
    const ref = c.result(refDir, ok(cli([...c.args, '--out', refDir])));
    expect(stray(refDir)).toEqual([]);
    const used: string[] = [];
    for (const [k, at] of c.kills.entries()) {
      const dir = join(root, `killed-${k}`);
      await killAt([...c.args, '--out', dir], dir, at);
      expectWhole(dir);
      const flags = c.rerun(dir);
      used.push(...flags);
      const out = ok(cli([...c.args, '--out', dir, ...flags]));
      expect(c.result(dir, out), `killed ${at.ms} ms after ${at.file ?? 'the start'}, rerun with ${flags.join(' ') || 'no flag'}`).toEqual(ref);
      expect(stray(dir)).toEqual([]);
    }
    // the kill points reach the work itself, not only the start-up
    expect(used).toContain('--resume');
  });
});

describe.skipIf(!existsSync(CLI))('ising maxcut --resume', () => {
  const ARGS = ['ising', 'maxcut', '--graph', G1, '--sweeps', '200', '--runs', '3', '--json'];
  it('resume with other --threads keeps the finished runs and equals an uninterrupted run; other settings are refused', () => {
    const root = mkdtempSync(join(tmpdir(), 'spinsnn-maxcut-resume-'));
    const whole = join(root, 'whole');
    const ref = ok(cli([...ARGS, '--threads', '1', '--out', whole]));
    const dir = join(root, 'part');
    ok(cli([...ARGS, '--threads', '1', '--out', dir]));
    // an interrupted job: drop the last run from runs.jsonl
    const rows = readFileSync(join(dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean);
    writeFileSync(join(dir, 'runs.jsonl'), rows.slice(0, 2).join('\n') + '\n');
    rmSync(join(dir, 'summary.json'));
    const res = cli([...ARGS, '--threads', '2', '--out', dir, '--resume']);
    expect(res.stderr).toMatch(/2 of 3 runs already in/);
    const out = ok(res);
    expect(out.cuts).toEqual(ref.cuts);
    expect(
      readFileSync(join(dir, 'runs.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).bestSweep),
    ).toEqual(jsonLines(join(whole, 'runs.jsonl')).map((r) => r.bestSweep));
    expect(readFileSync(join(dir, 'best-spins.txt'), 'utf8')).toBe(readFileSync(join(whole, 'best-spins.txt'), 'utf8'));
    // best-spins.txt lost: the best run is run again, the result is the same
    rmSync(join(dir, 'best-spins.txt'));
    expect(ok(cli([...ARGS, '--out', dir, '--resume'])).cuts).toEqual(ref.cuts);
    expect(readFileSync(join(dir, 'best-spins.txt'), 'utf8')).toBe(readFileSync(join(whole, 'best-spins.txt'), 'utf8'));
    // other settings, --resume with --force or --time, no job in the folder: refused (exit 2)
    for (const [args, msg] of [
      [[...ARGS.map((a) => (a === '200' ? '201' : a)), '--out', dir, '--resume'], /other settings \(sweeps/],
      [[...ARGS, '--out', dir, '--resume', '--force'], /pass one of them/],
      [[...ARGS, '--out', dir, '--resume', '--time', '1'], /--time budget/],
      [[...ARGS, '--out', join(root, 'none'), '--resume'], /no config\.json/],
    ] as const) {
      const r = cli([...args]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe('');
    }
    expect(stray(dir)).toEqual([]);
    expect(existsSync(join(root, 'none'))).toBe(false);
  });
});

describe.skipIf(!existsSync(CLI))('baseline --resume refusals', () => {
  it('other settings, --resume with --force, a folder without checkpoint.json: exit 2 before training', () => {
    const root = mkdtempSync(join(tmpdir(), 'spinsnn-baseline-resume-'));
    const dir = join(root, 'b');
    const ARGS = ['baseline', 'mnist', '--train', '100', '--test', '20', '--epochs', '2', '--batch', '50', '--backend', 'wasm', '--json'];
    // a finished run: nothing to resume
    ok(cli([...ARGS, '--out', dir]));
    expect(readdirSync(dir).filter((f) => f.startsWith('checkpoint'))).toEqual([]); // a finished run keeps no checkpoint
    for (const [args, msg] of [
      [[...ARGS, '--out', dir, '--resume'], /no checkpoint\.json/],
      [[...ARGS, '--out', dir, '--resume', '--force'], /pass one of them/],
      [[...ARGS, '--out', join(root, 'none'), '--resume'], /no checkpoint\.json/],
    ] as const) {
      const r = cli([...args]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/this is a bug|\n {4}at /);
      expect(r.stdout).toBe('');
    }
    // a checkpoint of other settings
    writeFileSync(
      join(dir, 'checkpoint.json'),
      JSON.stringify({
        epoch: 1,
        dir: 'checkpoint-1',
        config: { command: 'baseline mnist', dataset: 'mnist', model: 'mlp', seed: 9 },
        optimizer: [],
        metrics: [],
      }),
    );
    const r = cli([...ARGS, '--out', dir, '--resume']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/other settings \(.*seed/);
    expect(stray(dir)).toEqual([]);
    expect(existsSync(join(root, 'none'))).toBe(false);
  });
});
