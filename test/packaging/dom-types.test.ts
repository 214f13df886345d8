import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// A page's TypeScript project (lib: ["dom", "es2022"], skipLibCheck off, no @types/node) must
// type-check against the built .d.ts files of the browser entry points. Core once declared a
// global `WebAssembly` of its own, which collides with lib.dom.d.ts (TS2300/TS2649); this keeps
// any such global declaration from coming back. Needs the build (`npm test` builds first).
const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/dom-consumer', import.meta.url));

describe('a DOM-typed consumer project', () => {
  it('type-checks against the published declarations (no skipLibCheck)', () => {
    let out = '';
    try {
      out = execFileSync(process.execPath, [tsc, '-p', fixture, '--pretty', 'false'], { cwd: repo, encoding: 'utf8' });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(
      out
        .trim()
        .split('\n')
        .filter((l) => l.includes('error TS')),
    ).toEqual([]);
  });
});
