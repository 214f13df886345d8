import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// End-to-end through the built CLI: train a tiny surrogate SNN, resume it, deploy it on a device.
const CLI = new URL('../dist/main.js', import.meta.url).pathname;
const TRAIN = [
  'train',
  'mnist',
  '--method',
  'surrogate',
  '--hidden',
  '8',
  '--timesteps',
  '6',
  '--train',
  '128',
  '--test',
  '50',
  '--batch',
  '64',
  '--kernel-check',
  '30',
  '--json',
];

function run(args: string[]) {
  const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(0);
  const lines = res.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  // biome-ignore lint/suspicious/noExplicitAny: test reads nested JSON fields without declaring each shape
  return JSON.parse(lines[0]) as Record<string, any>;
}

describe.skipIf(!existsSync(CLI))('spinsnn train --method surrogate / deploy (built CLI)', () => {
  it('2 epochs ≡ 1 epoch + --resume (same weights); the kernel spikes like TF.js; deploy reports device instances', () => {
    const root = mkdtempSync(join(tmpdir(), 'spinsnn-sup-'));
    const whole = run([...TRAIN, '--epochs', '2', '--out', join(root, 'whole')]);
    expect(whole).toMatchObject({ method: 'surrogate', sizes: [784, 8, 10], epochs: 2, resumedAt: null });
    expect(whole.kernel).toMatchObject({ samples: 30, identicalSpikes: 30, identicalPredictions: 30 });
    // the run stopped after epoch 1 (its checkpoint), continued by --resume
    run([...TRAIN, '--epochs', '1', '--out', join(root, 'part')]);
    const cfg = JSON.parse(readFileSync(join(root, 'part', 'config.json'), 'utf8'));
    cfg.args.epochs = 2; // the interrupted run was asked for 2 epochs
    writeFileSync(join(root, 'part', 'config.json'), JSON.stringify(cfg));
    const resumed = run([...TRAIN, '--out', join(root, 'part'), '--resume']);
    expect(resumed.resumedAt).toBe(1);
    expect(readFileSync(join(root, 'part', 'model.json'), 'utf8')).toBe(readFileSync(join(root, 'whole', 'model.json'), 'utf8'));
    expect(resumed.accuracy).toBe(whole.accuracy);

    // --hwa maps the weights through the device in every training forward pass: another loss than the ideal run's
    run([...TRAIN, '--epochs', '1', '--hwa', '--synapse', 'mram/stt', '--preset', 'jung2022', '--kernel-check', '0', '--out', join(root, 'hwa')]);
    const lossOf = (d: string) => JSON.parse(readFileSync(join(root, d, 'metrics.jsonl'), 'utf8').split('\n')[0]).loss as number;
    expect(lossOf('hwa')).not.toBe(lossOf('whole'));
    const dep = run([
      'deploy',
      '--run',
      join(root, 'whole'),
      '--synapse',
      'sot/multilevel',
      '--preset',
      'hsin2025',
      '--instances',
      '2',
      '--test',
      '10',
      '--retention',
      '1,31536000',
      '--out',
      join(root, 'dep'),
      '--json',
    ]);
    expect(dep).toMatchObject({ synapse: 'sot/multilevel', preset: 'hsin2025', instances: 2, testSamples: 10 });
    expect(dep.hardware).toMatchObject({ levels: 11, programSigma: 0.02 });
    expect(dep.programming.withinTolerance.mean).toBeGreaterThan(0.95);
    expect(dep.retention).toHaveLength(2);
    // device reads cost far less than 45 nm SRAM reads + adds (docs/physics.md §7)
    expect(dep.energyPerInferenceJ.mean).toBeLessThan(dep.cmosReference.energyPerInferenceJ);
  }, 600_000);
});

describe.skipIf(!existsSync(CLI))('spinsnn train --method surrogate: bad --reset', () => {
  it('is refused by the MLP and the conv SNN alike, before any training', () => {
    for (const arch of ['mlp', 'conv']) {
      const res = spawnSync(process.execPath, [CLI, ...TRAIN, '--arch', arch, '--reset', 'sideways'], { encoding: 'utf8' });
      expect(res.status, arch).toBe(2);
      expect(res.stderr).toMatch(/--reset: subtract or zero, got "sideways"/);
      expect(res.stdout).toBe('');
    }
  });
});

describe.skipIf(!existsSync(CLI))('spinsnn train --method convert of a CNN (built CLI)', () => {
  it('converts an average-pooling CNN, spikes like TF.js on the kernel, deploys on devices; a max-pooling CNN is refused', () => {
    const root = mkdtempSync(join(tmpdir(), 'spinsnn-cnn-'));
    for (const model of ['cnn-avg', 'cnn'])
      run(['baseline', 'mnist', '--model', model, '--train', '300', '--test', '100', '--epochs', '1', '--out', join(root, model), '--json']);
    const conv = run([
      'train',
      'mnist',
      '--method',
      'convert',
      '--ann',
      join(root, 'cnn-avg'),
      '--test',
      '40',
      '--timesteps-list',
      '6,12',
      '--norm-samples',
      '100',
      '--kernel-check',
      '8',
      '--out',
      join(root, 'convert'),
      '--json',
    ]);
    expect(conv.architecture).toBe('cnn');
    expect(conv.sizes).toEqual([784, 26 * 26 * 16, 11 * 11 * 32, 128, 10]);
    expect(conv.modelTimesteps).toBe(12);
    for (const row of conv.byTimesteps) {
      expect(row.identicalSpikes).toBe(8);
      expect(row.kernelAccuracy).toBeGreaterThanOrEqual(0);
      expect(row.spikesPerSample[0]).toBeGreaterThan(0);
    }
    const model = JSON.parse(readFileSync(join(root, 'convert', 'model.json'), 'utf8')) as { format: string; timesteps: number };
    expect(model.format).toBe('spinsnn-if-cnn-model');
    const dep = run([
      'deploy',
      '--run',
      join(root, 'convert'),
      '--synapse',
      'sot/multilevel',
      '--preset',
      'hsin2025',
      '--instances',
      '2',
      '--test',
      '10',
      '--json',
    ]);
    expect(dep.instances).toBe(2);
    expect(dep.programming.withinTolerance.mean).toBeGreaterThan(0.9);
    const refused = spawnSync(
      process.execPath,
      [CLI, 'train', 'mnist', '--method', 'convert', '--ann', join(root, 'cnn'), '--out', join(root, 'bad'), '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/max pooling has no integrate-and-fire equivalent.*--model cnn-avg/);
    expect(existsSync(join(root, 'bad', 'summary.json'))).toBe(false);
  }, 600_000);
});
