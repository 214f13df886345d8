import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `npm run lint` in CI: the Biome rules of biome.jsonc (recommended, minus the ones it turns off
// with a reason) pass on the tree, warnings included. Formatting is not checked here: the tree is
// reformatted once with `npm run format` when branches are merged.
const repo = fileURLToPath(new URL('../../', import.meta.url));
const biome = fileURLToPath(new URL('../../node_modules/@biomejs/biome/bin/biome', import.meta.url));

describe('lint', () => {
  it('biome lint reports no error or warning', () => {
    const r = spawnSync(process.execPath, [biome, 'lint', '--error-on-warnings', '--max-diagnostics=50', '--colors=off', '.'], { cwd: repo, encoding: 'utf8' });
    const report = `${r.stdout}\n${r.stderr}`;
    expect(r.status, report).toBe(0);
    expect(report).toMatch(/Checked \d+ files/);
  });
});
