#!/usr/bin/env node
// One-off migration for code written before the entry-point split: rewrites
// `import { … } from '@spinsnn/learning'` / `'@spinsnn/datasets'` in the given files so that each
// name comes from the entry that now exports it (`@spinsnn/learning/node`, `/tfjs`,
// `@spinsnn/datasets/node`). Reads the entries' export lists from packages/*/src.
//   node scripts/migrate-entry-imports.mjs $(git grep -lE "@spinsnn/(learning|datasets)'" -- '*.ts' '*.mjs')
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
function exportsOf(file) {
  const s = readFileSync(repo + file, 'utf8');
  const names = new Set();
  for (const m of s.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (let part of m[1].split(',')) {
      part = part.trim().replace(/^type\s+/, '');
      if (part) names.add(part.split(' as ').pop().trim());
    }
  }
  for (const m of s.matchAll(/export\s+(?:const|function|class|interface|type)\s+(\w+)/g)) names.add(m[1]);
  return names;
}
const ENTRIES = {
  learning: {
    '': exportsOf('packages/learning/src/index.ts'),
    node: exportsOf('packages/learning/src/node.ts'),
    tfjs: exportsOf('packages/learning/src/tfjs.ts'),
  },
  datasets: { '': exportsOf('packages/datasets/src/index.ts'), node: exportsOf('packages/datasets/src/node.ts') },
};
const IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@spinsnn\/(learning|datasets)'\s*;/g;
for (const file of process.argv.slice(2)) {
  const src = readFileSync(file, 'utf8');
  const out = src.replace(IMPORT, (whole, typeAll = '', list, pkg) => {
    const groups = new Map();
    for (const p of list
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      const name = p
        .replace(/^type\s+/, '')
        .split(' as ')[0]
        .trim();
      const entry = Object.keys(ENTRIES[pkg]).find((e) => ENTRIES[pkg][e].has(name));
      if (entry === undefined) console.error(`${file}: ${name} is exported by no entry of @spinsnn/${pkg}`);
      const key = entry ?? '';
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    if (groups.size === 1 && groups.has('')) return whole;
    return Object.keys(ENTRIES[pkg])
      .filter((e) => groups.has(e))
      .map((e) => `import ${typeAll}{ ${groups.get(e).join(', ')} } from '@spinsnn/${pkg}${e ? '/' + e : ''}';`)
      .join('\n');
  });
  if (out !== src) {
    writeFileSync(file, out);
    console.log(`rewrote ${file}`);
  }
}
