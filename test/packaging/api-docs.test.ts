import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
// a plain .mjs script (also run as `npm run docs:check`), typed by scripts/undocumented-exports.d.mts
import { PUBLIC_ENTRIES, undocumentedExports } from '../../scripts/undocumented-exports.mjs';

// Every symbol exported from a public entry point (package.json exports minus ./internal) has a
// `/** … */` doc comment. A failure lists `file:line  name` of each one that lacks it.
describe('API reference', () => {
  it('every public export has a one-line doc comment', () => {
    // the entries checked are exactly the packages' public exports (package.json, minus ./internal)
    const root = new URL('../../', import.meta.url);
    const declared = readdirSync(new URL('packages/', root)).flatMap((pkg) => {
      const json = JSON.parse(readFileSync(new URL(`packages/${pkg}/package.json`, root), 'utf8')) as { exports?: Record<string, unknown> };
      return Object.keys(json.exports ?? {})
        .filter((k) => k !== './internal' && k !== './package.json')
        .map((k) => `packages/${pkg}/src/${k === '.' ? 'index' : k.slice(2)}.ts`);
    });
    expect([...PUBLIC_ENTRIES].sort()).toEqual(declared.sort());
    // and the API reference (`npm run docs`, typedoc) is built from the same entries
    const typedoc = JSON.parse(readFileSync(new URL('typedoc.json', root), 'utf8')) as { entryPoints: string[] };
    expect([...typedoc.entryPoints].sort()).toEqual(declared.sort());
    const missing = undocumentedExports().map((m) => `${m.file}:${m.line}  ${m.name}  (from ${m.entry})`);
    expect(missing).toEqual([]);
  });
});
