import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// End-to-end through the built CLI: the run-folder layout users rely on.
const CLI = new URL('../dist/main.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const oneJsonLine = (res: ReturnType<typeof run>): Record<string, unknown> => {
  expect(res.status, res.stderr).toBe(0);
  const lines = res.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as Record<string, unknown>;
};

describe.skipIf(!existsSync(CLI))('run folders of the built CLI', () => {
  it('sweep: two worker threads, results.jsonl, tables and the accuracy plot', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spinsnn-sweep-')), 'run');
    const out = oneJsonLine(
      run(
        'sweep',
        '--grid',
        'c2c=0,0.05',
        '--seeds',
        '1,2',
        '--neurons',
        '5',
        '--train',
        '20',
        '--test',
        '10',
        '--assign',
        '10',
        '--workers',
        '2',
        '--out',
        dir,
        '--json',
      ),
    );
    expect(out.runDir).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual(['accuracy-vs-c2c.svg', 'config.json', 'results.jsonl', 'table.csv', 'table.md']);
    const rows = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { params: { c2c: number }; spec: { seed: number } });
    expect(rows.map((r) => [r.params.c2c, r.spec.seed])).toEqual([
      [0, 1],
      [0, 2],
      [0.05, 1],
      [0.05, 2],
    ]);
    expect((out.table as unknown[]).length).toBe(2);
  });

  it('device: characterisation JSON, config and SVG; --json prints the characterisation', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spinsnn-dev-')), 'run');
    const out = oneJsonLine(run('device', 'sot/multilevel', '--preset', 'hsin2025', '--out', dir, '--json'));
    expect(out.model).toBe('sot/multilevel');
    expect(readdirSync(dir).sort()).toEqual(['characterisation.json', 'characterisation.svg', 'config.json']);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toMatchObject({ command: 'device', model: 'sot/multilevel', preset: 'hsin2025' });
  });

  it('demo cuba --json: one line with the summary and the run folder', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spinsnn-demo-')), 'run');
    const out = oneJsonLine(run('demo', 'cuba', '--neurons', '400', '--duration', '0.1', '--out', dir, '--json'));
    expect(out).toMatchObject({ neurons: 400, runDir: dir });
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'raster.svg', 'rate.svg', 'summary.json']);
  });

  it('ising maxcut: the worker-pool runs give the same cuts on 1 and 2 threads', () => {
    const root = mkdtempSync(join(tmpdir(), 'spinsnn-ising-'));
    // a 6-cycle plus chords, Gset format: "n m" then "i j w" (1-based)
    const edges = [
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
      [6, 1],
      [1, 4],
      [2, 5],
    ];
    writeFileSync(join(root, 'G0.txt'), `6 ${edges.length}\n${edges.map(([i, j]) => `${i} ${j} 1`).join('\n')}\n`);
    const cuts = (threads: string) => {
      const out = oneJsonLine(
        run(
          'ising',
          'maxcut',
          '--graph',
          join(root, 'G0.txt'),
          '--sweeps',
          '50',
          '--runs',
          '5',
          '--threads',
          threads,
          '--no-plot',
          '--out',
          join(root, `t${threads}`),
          '--json',
        ),
      );
      return (out.cuts as { all: number[] }).all;
    };
    const one = cuts('1');
    expect(one).toHaveLength(5);
    expect(cuts('2')).toEqual(one);
  });
});

describe.skipIf(!existsSync(CLI))('weights for NumPy', () => {
  it('train mnist writes weights.npy (inputs × neurons, the checkpoint’s weights) and checkpoint.npz', async () => {
    const { decodeNpy, decodeNpz, decodeSnapshot } = await import('@spinsnn/core');
    const dir = join(mkdtempSync(join(tmpdir(), 'spinsnn-npy-')), 'run');
    oneJsonLine(run('train', 'mnist', '--neurons', '5', '--train', '20', '--test', '10', '--assign', '10', '--out', dir, '--json'));
    const w = decodeNpy(new Uint8Array(readFileSync(join(dir, 'weights.npy'))));
    expect(w.shape).toEqual([784, 5]);
    // the same numbers as the JSON checkpoint's store weights, found by their path in the npz
    const z = decodeNpz(new Uint8Array(readFileSync(join(dir, 'checkpoint.npz'))));
    const key = Object.keys(z).find((k) => k.includes('input->exc') && k.endsWith('weights'));
    expect(key).toBeDefined();
    expect(Array.from(z[key!].data)).toEqual(Array.from(w.data));
    const ck = decodeSnapshot(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as Record<string, unknown>;
    expect(ck).toHaveProperty('trainer');
  });
});
