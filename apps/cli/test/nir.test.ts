import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataset } from '../../../test/support/datasets.js';

// End-to-end through the built CLI, as a user runs it (`npm test` builds first).
const CLI = new URL('../dist/main.js', import.meta.url).pathname;
const NIR = dataset('nir/');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('spinsnn nir', () => {
  it('import → export → import of the Braille SRNN gives the same spec; bad input is refused and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spinsnn-nir-'));
    const a = run('nir', 'import', join(NIR, '03_rnn/braille_noDelay_bias_zero.nir'), '--out', join(dir, 'a.json'), '--json');
    expect(a.status, a.stderr).toBe(0);
    const r = JSON.parse(a.stdout.trim());
    expect(r.populations).toEqual([
      { name: 'lif1.lif', model: 'core/nir_cubalif', size: 38 },
      { name: 'lif2', model: 'core/nir_cubalif', size: 7 },
    ]);
    expect(r.synapses).toBe(38 * 12 + 38 * 38 + 7 * 38 - 0); // dense matrices, no zero weights in this file
    const e = run('nir', 'export', '--spec', join(dir, 'a.json'), '--out', join(dir, 'b.nir'), '--json');
    expect(e.status, e.stderr).toBe(0);
    const b = run('nir', 'import', join(dir, 'b.nir'), '--out', join(dir, 'b.json'), '--json');
    expect(b.status, b.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')));
    // refuses to overwrite without --force, writes nothing on a bad file
    expect(run('nir', 'import', join(NIR, '01_lif/lif_norse.nir'), '--out', join(dir, 'a.json')).status).toBe(2);
    writeFileSync(join(dir, 'trunc.nir'), readFileSync(join(NIR, '01_lif/lif_norse.nir')).subarray(0, 3000));
    const t = run('nir', 'import', join(dir, 'trunc.nir'), '--out', join(dir, 't.json'));
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(/trunc\.nir: truncated/);
    expect(existsSync(join(dir, 't.json'))).toBe(false);
  });

  it('nir lif: the kernel on lif_norse.nir matches the exact solution and the plot has every framework', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spinsnn-nir-lif-'));
    const res = run('nir', 'lif', '--data', NIR, '--out', dir, '--force', '--json');
    expect(res.status, res.stderr).toBe(0);
    const r = JSON.parse(res.stdout.trim());
    expect(r.pass).toBe(true);
    expect(r.spinsnn['spinsnn (lif_norse.nir)'].spikeSteps).toEqual(r.exactSpikeSteps);
    expect(r.float64ExactSolver.kernelVsSolver.maxAbsVoltageError).toBeLessThan(1e-13);
    expect(Object.keys(r.frameworks).sort()).toEqual(['norse', 'rockpool', 'snntorch', 'spyx']);
    const svg = readFileSync(join(dir, 'lif.svg'), 'utf8');
    for (const name of ['exact', 'norse', 'rockpool', 'snntorch', 'spyx', 'time (ms)']) expect(svg).toContain(name);
  });
});
