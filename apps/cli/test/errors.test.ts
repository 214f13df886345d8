import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InternalError, SpecError } from '@spinsnn/core';
import { runCli } from '../src/cli.js';
import { ArgumentError, Interrupted } from '../src/util.js';

const sink = () => {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
};

/** A program whose only command throws `err`. */
async function exitFor(err: unknown): Promise<{ code: number; stderr: string }> {
  const stderr = sink();
  const register = (p: Command) => {
    p.command('boom').action(() => {
      throw err;
    });
  };
  const code = await runCli(['node', 'spinsnn', 'boom'], { register, stderr });
  return { code, stderr: stderr.text() };
}

describe('exit codes: bad input 2, a bug 1', () => {
  it.each([
    ['ArgumentError', new ArgumentError('--grid', 'expected name=v1,v2,…, got "x"')],
    ['SpecError', new SpecError('threads', 'a whole number ≥ 1', 0)],
  ])('%s exits 2 with its message and no stack', async (_, err) => {
    const r = await exitFor(err);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`spinsnn: ${(err as Error).message}\n`);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('an Interrupted run (%s, checkpoint written) exits %i with its message and no stack', async (signal, code) => {
    const r = await exitFor(new Interrupted(signal, `${signal}: stopped; continue with --resume`));
    expect(r.code).toBe(code);
    expect(r.stderr).toBe(`spinsnn: ${signal}: stopped; continue with --resume\n`);
  });

  it.each([
    ['InternalError', new InternalError('an invariant broke')],
    ['TypeError', new TypeError('x is undefined')],
    ['RangeError', new RangeError('index out of range')],
    ['a thrown string', 'oops'],
  ])('%s exits 1 saying "this is a bug", with the stack', async (_, err) => {
    const r = await exitFor(err);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/internal error — this is a bug/);
    if (err instanceof Error) expect(r.stderr).toContain(err.stack!.split('\n')[0]);
  });
});

// End-to-end through the built CLI (`npm test` builds first).
const CLI = new URL('../dist/main.js', import.meta.url).pathname;
const run = (args: string[], cwd?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

describe.skipIf(!existsSync(CLI))('the built CLI on bad input', () => {
  it.each([
    [['sweep'], /--grid: .*at least one --grid name=v1,v2/],
    [['sweep', '--grid', 'c2c=a,b'], /--grid: expected name=v1,v2,… with finite numbers/],
    [['sweep', '--grid', 'c2c=0', '--seeds', '1,x'], /--seeds: expected whole numbers ≥ 0/],
    [['train', 'cifar'], /knows the dataset "mnist", got "cifar"/],
    [['train', 'mnist', '--synapse', 'sot', '--device', 'c2c'], /--device: expected name=value/],
    [['eval', '--run', '/nonexistent/run'], /--run: .*no checkpoint\.json/],
    [['bench', 'coba', '--network', '/x'], /--network: .*bench cuba --network/],
    [['bench', 'cuba', '--neurons', 'many'], /--neurons.*whole number/],
    [['bogus'], /unknown command/],
  ])('%j exits 2 with a message saying what to fix, nothing on stdout, no run folder', (args, message) => {
    const cwd = mkdtempSync(join(tmpdir(), 'spinsnn-err-'));
    const res = run(args as string[], cwd);
    expect(res.status, res.stderr).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/this is a bug/);
    expect(res.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });
});
