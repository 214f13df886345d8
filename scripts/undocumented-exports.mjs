#!/usr/bin/env node
// Lists the exported symbols of the packages' public entry points that have no `/** … */` doc
// comment, as file:line, with the TypeScript compiler API (no emit, no type check: a few seconds).
// `node scripts/undocumented-exports.mjs` prints them and exits 1 if there are any;
// test/packaging/api-docs.test.ts runs the same check in CI.
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';

const repo = fileURLToPath(new URL('../', import.meta.url));

/** The public entry points (package.json exports minus `./internal`), as source files. */
export const PUBLIC_ENTRIES = [
  'packages/core/src/index.ts',
  'packages/core/src/node.ts',
  'packages/backends/src/index.ts',
  'packages/datasets/src/index.ts',
  'packages/datasets/src/node.ts',
  'packages/learning/src/index.ts',
  'packages/learning/src/node.ts',
  'packages/learning/src/tfjs.ts',
  'packages/plot/src/index.ts',
];

const hasDoc = (decl) =>
  ts
    .getJSDocCommentsAndTags(decl)
    .some((d) =>
      ts.isJSDoc(d) && typeof d.comment === 'string' ? d.comment.trim() !== '' : ts.isJSDoc(d) && Array.isArray(d.comment) && d.comment.length > 0,
    );

/** `{ entry, name, file, line }` of every undocumented export, sorted by file and line. */
export function undocumentedExports(entries = PUBLIC_ENTRIES) {
  const files = entries.map((e) => repo + e);
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    allowJs: false,
  });
  const checker = program.getTypeChecker();
  const out = [];
  const seen = new Set();
  for (const [i, f] of files.entries()) {
    const sf = program.getSourceFile(f);
    if (!sf) throw new Error(`${entries[i]}: not found`);
    const mod = checker.getSymbolAtLocation(sf);
    if (!mod) continue;
    for (const exp of checker.getExportsOfModule(mod)) {
      const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      const decls = sym.declarations ?? [];
      if (decls.length === 0 || decls.some(hasDoc)) continue;
      const d = decls[0];
      const dsf = d.getSourceFile();
      const key = `${dsf.fileName}:${d.pos}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const { line } = dsf.getLineAndCharacterOfPosition(d.getStart());
      out.push({ entry: entries[i], name: exp.name, file: relative(repo, dsf.fileName), line: line + 1 });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const missing = undocumentedExports();
  for (const m of missing) console.log(`${m.file}:${m.line}  ${m.name}  (exported from ${m.entry})`);
  console.log(missing.length === 0 ? 'every public export has a doc comment' : `${missing.length} public exports without a /** … */ doc comment`);
  process.exitCode = missing.length === 0 ? 0 : 1;
}
