import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// End-to-end through the built CLI: a tiny recurrent SNN on FSDD (train, deploy, compare fsdd) and
// `spinsnn sweep --method surrogate` over a device grid. FSDD beside the clone, as the dataset tests find it.
const CLI = new URL('../dist/main.js', import.meta.url).pathname;
const FSDD = new URL('../../../../shared/datasets/fsdd/', import.meta.url).pathname;

function run(args: string[], status = 0) {
  const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(status);
  if (status !== 0) return { stderr: res.stderr };
  const lines = res.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  // biome-ignore lint/suspicious/noExplicitAny: test reads nested JSON fields without declaring each shape
  return JSON.parse(lines[0]) as Record<string, any>;
}

describe.skipIf(!existsSync(CLI) || !existsSync(FSDD))(
  'spinsnn train fsdd --method surrogate / deploy / compare fsdd / sweep --method surrogate (built CLI)',
  () => {
    it('a recurrent SNN trains on FSDD rasters, spikes like TF.js on the kernel, deploys, compares and sweeps', () => {
      const root = mkdtempSync(join(tmpdir(), 'spinsnn-fsdd-'));
      const tr = run([
        'train',
        'fsdd',
        '--method',
        'surrogate',
        '--hidden',
        '12',
        '--timesteps',
        '20',
        '--bands',
        '16',
        '--train',
        '128',
        '--test',
        '40',
        '--batch',
        '64',
        '--epochs',
        '1',
        '--kernel-check',
        '40',
        '--data',
        FSDD,
        '--out',
        join(root, 'rsnn'),
        '--json',
      ]);
      expect(tr).toMatchObject({ dataset: 'fsdd', recurrent: true, sizes: [16, 12, 10], timesteps: 20, coding: 'raster', trainSamples: 128, testSamples: 40 });
      expect(tr.kernel).toMatchObject({ samples: 40, identicalSpikes: 40, identicalPredictions: 40 });
      const model = JSON.parse(readFileSync(join(root, 'rsnn', 'model.json'), 'utf8'));
      expect(model.dataset).toBe('fsdd');
      // fsdd's own training defaults (docs/supervised-snn.md §8), recorded in config.json
      const cfg = JSON.parse(readFileSync(join(root, 'rsnn', 'config.json'), 'utf8'));
      expect(cfg.args).toMatchObject({ lr: 1.5e-3, lrDecay: 0.97, clipNorm: 1000 });
      expect(cfg.snn.slope).toBe(2);
      const row = JSON.parse(readFileSync(join(root, 'rsnn', 'metrics.jsonl'), 'utf8').split('\n')[0]);
      expect(row.maxGradNorm).toBeGreaterThan(0);
      expect(row.meanGradNorm).toBeLessThanOrEqual(row.maxGradNorm);
      const dep = run([
        'deploy',
        '--run',
        join(root, 'rsnn'),
        '--preset',
        'hsin2025',
        '--instances',
        '1',
        '--test',
        '10',
        '--data',
        FSDD,
        '--out',
        join(root, 'dep'),
        '--json',
      ]);
      expect(dep).toMatchObject({ synapse: 'sot/multilevel', testSamples: 10, sizes: [16, 12, 10] });
      expect(dep.programming.withinTolerance.mean).toBeGreaterThan(0.95);
      const cmp = run([
        'compare',
        'fsdd',
        '--surrogate',
        join(root, 'rsnn'),
        '--instances',
        '2',
        '--test',
        '10',
        '--data',
        FSDD,
        '--out',
        join(root, 'cmp'),
        '--json',
      ]);
      expect(cmp.rows.map((r: { synapse: string }) => r.synapse)).toEqual(['ideal/float', 'sot/multilevel hsin2025', 'mram/stt jung2022']);
      expect(existsSync(join(root, 'cmp', 'compare.md'))).toBe(true);
      // MNIST-only rows are refused for fsdd
      expect(run(['compare', 'fsdd', '--surrogate', join(root, 'rsnn'), '--convert', join(root, 'rsnn')], 2).stderr).toMatch(/MNIST runs only/);
      const sw = run([
        'sweep',
        '--method',
        'surrogate',
        '--run',
        join(root, 'rsnn'),
        '--preset',
        'hsin2025',
        '--grid',
        'readNoise=0,0.05',
        '--seeds',
        '1,2',
        '--test',
        '10',
        '--baseline',
        '--data',
        FSDD,
        '--out',
        join(root, 'sweep'),
        '--json',
      ]);
      expect(sw.table.map((t: { readNoise: unknown; runs: number }) => [t.readNoise, t.runs])).toEqual([
        ['ideal', 1],
        [0, 2],
        [0.05, 2],
      ]);
      // the same network on the same device instance: noise-free reads reproduce, seeds differ only through the device
      expect(
        readFileSync(join(root, 'sweep', 'results.jsonl'), 'utf8')
          .trim()
          .split('\n'),
      ).toHaveLength(5);
      expect(run(['sweep', '--method', 'surrogate', '--grid', 'readNoise=0'], 2).stderr).toMatch(/--run/);
      expect(run(['sweep', '--method', 'surrogate', '--run', join(root, 'rsnn'), '--grid', 'readNoise=0', '--neurons', '5'], 2).stderr).toMatch(
        /Diehl & Cook setting/,
      );
    }, 600_000);

    it('recurrent checkpoints: 2 epochs ≡ 1 epoch + --resume, bit for bit', () => {
      const root = mkdtempSync(join(tmpdir(), 'spinsnn-fsdd-resume-'));
      const base = [
        'train',
        'fsdd',
        '--method',
        'surrogate',
        '--hidden',
        '6',
        '--timesteps',
        '12',
        '--bands',
        '8',
        '--train',
        '64',
        '--test',
        '20',
        '--batch',
        '32',
        '--kernel-check',
        '0',
        '--data',
        FSDD,
        '--json',
      ];
      const whole = run([...base, '--epochs', '2', '--out', join(root, 'whole')]);
      run([...base, '--epochs', '1', '--out', join(root, 'part')]);
      const cfgFile = join(root, 'part', 'config.json');
      const cfg = JSON.parse(readFileSync(cfgFile, 'utf8'));
      cfg.args.epochs = 2; // the interrupted run was asked for 2 epochs
      writeFileSync(cfgFile, JSON.stringify(cfg));
      const resumed = run(['train', 'fsdd', '--method', 'surrogate', '--data', FSDD, '--out', join(root, 'part'), '--resume', '--json']);
      expect(resumed.resumedAt).toBe(1);
      expect(readFileSync(join(root, 'part', 'model.json'), 'utf8')).toBe(readFileSync(join(root, 'whole', 'model.json'), 'utf8'));
      expect(resumed.accuracy).toBe(whole.accuracy);
    }, 600_000);
  },
);
