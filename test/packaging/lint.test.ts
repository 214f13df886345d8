import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `npm run lint` in CI: the Biome rules of biome.jsonc (recommended, minus the ones it turns off
// with a reason) pass on the tree, warnings included, and the tree is formatted as `npm run
// format` writes it (biome check = lint + format).
const repo = fileURLToPath(new URL('../../', import.meta.url));
const biome = fileURLToPath(new URL('../../node_modules/@biomejs/biome/bin/biome', import.meta.url));

describe('lint', () => {
  it('biome check (lint and format) reports no error or warning', () => {
    const r = spawnSync(process.execPath, [biome, 'check', '--error-on-warnings', '--max-diagnostics=50', '--colors=off', '.'], {
      cwd: repo,
      encoding: 'utf8',
    });
    const report = `${r.stdout}\n${r.stderr}`;
    expect(r.status, report).toBe(0);
    expect(report).toMatch(/Checked \d+ files/);
  });
});
