import { describe, expect, it } from 'vitest';
// a plain .mjs script (also run as `npm run docs:check`), typed by scripts/undocumented-exports.d.mts
import { PUBLIC_ENTRIES, undocumentedExports } from '../../scripts/undocumented-exports.mjs';

// Every symbol exported from a public entry point (package.json exports minus ./internal) has a
// `/** … */` doc comment. A failure lists `file:line  name` of each one that lacks it.
describe('API reference', () => {
  it('every public export has a one-line doc comment', () => {
    expect(PUBLIC_ENTRIES.length).toBe(7);
    const missing = undocumentedExports().map((m) => `${m.file}:${m.line}  ${m.name}  (from ${m.entry})`);
    expect(missing).toEqual([]);
  });
});
