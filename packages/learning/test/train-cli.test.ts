import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// End-to-end through the built CLI, as a user runs it (`npm test` builds first).
const CLI = new URL('../../../apps/cli/dist/main.js', import.meta.url).pathname;
const ARGS = ['train', 'mnist', '--neurons', '10', '--train', '400', '--test', '20', '--assign', '40', '--checkpoint-every', '10', '--window', '20', '--json'];

function trainJson(out: string, extra: string[] = []) {
  const res = spawnSync(process.execPath, [CLI, ...ARGS, '--out', out, ...extra], { encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(0);
  const lines = res.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as Record<string, unknown>;
}

describe.skipIf(!existsSync(CLI))('spinsnn train mnist (built CLI)', () => {
  it('killed mid-epoch and rerun with --resume, ends with the weights of an uninterrupted run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'spinsnn-train-'));
    const whole = trainJson(join(root, 'whole'));
    for (const k of ['neurons', 'synapse', 'trainSamples', 'testSamples', 'epochs', 'accuracy', 'samplesPerS', 'energyJ', 'seed'])
      expect(whole).toHaveProperty(k);
    expect(whole).toMatchObject({ neurons: 10, synapse: 'ideal/float', trainSamples: 400, testSamples: 20, epochs: 1, seed: 1, resumedAt: null });

    // start the same run, SIGKILL it as soon as its first checkpoint exists
    const dir = join(root, 'killed');
    const child = spawn(process.execPath, [CLI, ...ARGS, '--out', dir], { stdio: 'ignore' });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    const ck = join(dir, 'checkpoint.json');
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (existsSync(ck)) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      void exited.then(() => {
        clearInterval(poll);
        resolve();
      });
      setTimeout(() => reject(new Error('no checkpoint within 60 s')), 60_000);
    });
    await exited;
    expect(existsSync(join(dir, 'summary.json'))).toBe(false); // it really was interrupted
    // rerunning without --resume refuses to overwrite the run
    const refused = spawnSync(process.execPath, [CLI, ...ARGS, '--out', dir], { encoding: 'utf8' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/--resume/);

    const resumed = trainJson(dir, ['--resume']);
    expect(resumed.resumedAt).toBeGreaterThan(0);
    expect(resumed.resumedAt).toBeLessThan(400);
    expect(resumed.weightsHash).toBe(whole.weightsHash);
    expect(resumed.accuracy).toBe(whole.accuracy);
    for (const f of ['config.json', 'metrics.jsonl', 'receptive-fields.png', 'confusion.json', 'confusion.svg', 'energy.json', 'summary.json'])
      expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, 'receptive-fields.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('rejects a bad device parameter with a clear message and a non-zero exit', () => {
    const res = spawnSync(process.execPath, [CLI, 'train', 'mnist', '--synapse', 'sot', '--device', 'c2c=abc', '--json'], { encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/name=value/);
  });
});
