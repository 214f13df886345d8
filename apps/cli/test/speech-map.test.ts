/**
 * `speech map` (issue 13 item 2; docs/oscillators.md §3.4): the accuracy map is deterministic —
 * the same grid on one worker thread and on two gives identical cells — and it writes its table
 * and heatmap. Needs the built CLI and FSDD (skipped otherwise).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findDataset } from '../src/commands/datasets.js';

const CLI = join(__dirname, '..', 'dist', 'main.js');
const fsdd = findDataset('fsdd'); // $SPINSNN_DATA or spinsnn.config.json dataDirs

describe.skipIf(!existsSync(CLI) || !fsdd)('speech map', () => {
  test('one thread and two threads give the same map; table and SVG written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spinsnn-map-'));
    try {
      const run = (threads: number) =>
        JSON.parse(
          execFileSync(
            'node',
            [
              CLI,
              'speech',
              'map',
              '--data',
              fsdd as string,
              '--takes',
              '11',
              '--x',
              'theta=0.25,1',
              '--y',
              'nodes=20,40',
              '--threads',
              String(threads),
              '--json',
              '--out',
              join(dir, `t${threads}`),
            ],
            { encoding: 'utf8' },
          ),
        ) as { cells: { x: number; y: number; accuracy: number }[] };
      const a = run(1),
        b = run(2);
      expect(a.cells.map((c) => [c.x, c.y, c.accuracy])).toEqual(b.cells.map((c) => [c.x, c.y, c.accuracy]));
      expect(a.cells).toHaveLength(4);
      expect(readFileSync(join(dir, 't2', 'table.md'), 'utf8')).toContain('| 20 |');
      expect(readFileSync(join(dir, 't2', 'map.svg'), 'utf8')).toContain('<svg');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
