import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = new URL('../dist/main.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('spinsnn cim', () => {
  it('efficiency: the terms add up to the energy per MAC, and the unverified 405 TOPS/W is labelled', () => {
    const r = run('cim', 'efficiency', '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const c of j.configurations) {
      const t = c.terms;
      expect((t.cellJ + t.adcJ + t.driverJ) / t.macs).toBeCloseTo(t.energyPerMacJ, 25);
      expect(c.topsPerW).toBeCloseTo(2 / t.energyPerMacJ / 1e12, 1);
    }
    const jung = j.published.find((p: { topsPerW: unknown }) => p.topsPerW === 405);
    expect(jung.status).toMatch(/UNVERIFIED/);
  });

  it('puf prints the three figures into a run folder', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cim-')), 'puf');
    const r = run('cim', 'puf', '--cells', '512', '--bits', '64', '--chips', '4', '--challenges', '2', '--rereads', '1', '--out', out, '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.uniqueness.mean).toBeGreaterThan(0.3);
    expect(j.reliability.voteAndMask).toBeGreaterThanOrEqual(j.reliability.majorityVote);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });

  it('refuses a binary network on differential pairs before doing any work, and leaves no run folder', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cim-')), 'bad');
    const r = run('cim', 'mnist', '--model', 'mlp2', '--array-param', 'encoding=0', '--array-param', 'mac=0', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/needs XNOR pairs, encoding=1/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses hardware-aware epochs for a binary network and more hardware-aware epochs than epochs, leaving no run folder', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cim-')), 'bad');
    const a = run('cim', 'mnist', '--model', 'mlp2', '--hwa-epochs', '2', '--out', out);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/binary/);
    const b = run('cim', 'mnist', '--model', 'mlp-mtj', '--epochs', '2', '--hwa-epochs', '3', '--out', out);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/at most --epochs \(2\)/);
    expect(existsSync(out)).toBe(false);
  });
});
