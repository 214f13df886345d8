import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { characteriseDevice } from '@spinsnn/backends';
import { escapeHtml, reportHtml } from '../src/demo/report.js';

const CLI = new URL('../dist/main.js', import.meta.url).pathname;
const PETERSEN = new URL('../../web/public/graphs/petersen.txt', import.meta.url).pathname;

/** The Petersen graph's maximum cut by enumerating all 2^10 partitions (independent of the sampler). */
function petersenMaxCut(): number {
  const edges = readFileSync(PETERSEN, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(/\s+/).map(Number));
  let best = 0;
  for (let s = 0; s < 1 << 10; s++) best = Math.max(best, edges.filter(([i, j]) => ((s >> (i - 1)) & 1) !== ((s >> (j - 1)) & 1)).length);
  return best;
}

describe('spinsnn demo (showcase report)', () => {
  it('max-cut and device parts: a self-contained report (inline SVG, no scripts or external references), summary.json and the table', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spinsnn-demo-')), 'run');
    const res = spawnSync(process.execPath, [CLI, 'demo', '--parts', 'maxcut,device', '--graph', PETERSEN, '--sweeps', '300', '--out', dir], {
      encoding: 'utf8',
    });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/p-bit max-cut petersen\s+cut 12/);
    expect(res.stdout).toContain(`report: ${join(dir, 'report.html')}`);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    // viewable offline: every figure inline, nothing fetched
    expect(html).not.toMatch(/<script|<link|<img[^>]+src="(?!data:)|url\(|@import|https?:\/\/(?!www\.w3\.org\/)/i);
    expect((html.match(/<svg/g) ?? []).length).toBe(3); // cut trace, SOT curves, p-bit curves
    expect(html).toContain('spinsnn ising maxcut --graph');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.maxcut.bestCut).toBe(petersenMaxCut());
    // the device part is the registry's characterisation, as `spinsnn device` writes it
    const dev = JSON.parse(readFileSync(join(dir, 'device.json'), 'utf8'));
    expect(dev.curves).toEqual(JSON.parse(JSON.stringify(characteriseDevice('sot/multilevel', { preset: 'hsin2025', seed: 1 }).curves)));
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'device.json', 'device.svg', 'maxcut.svg', 'report.html', 'summary.json']);
  });

  it('an unknown part is refused before anything is written (exit 2)', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spinsnn-demo-')), 'run');
    const res = spawnSync(process.execPath, [CLI, 'demo', '--parts', 'mnist,bogus', '--out', dir], { encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/--parts: unknown part "bogus"/);
    expect(() => readdirSync(dir)).toThrow();
  });

  it('report text is escaped', () => {
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
    const html = reportHtml({ title: 'T<1>', subtitle: 's', footer: 'f', sections: [{ id: 'a', title: 'A & B', lead: '<b>', table: [['h'], ['<td>']] }] });
    expect(html).toContain('<title>T&lt;1&gt;</title>');
    expect(html).toContain('<td>&lt;td&gt;</td>');
    expect(html).not.toContain('<b>');
  });
});
