#!/usr/bin/env node
// Run by each package's `prepack`: deletes build outputs in dist/ whose source in src/ is gone (a
// module that was moved or deleted since the last build), so a tarball never ships stale modules
// or source maps pointing at missing sources. Run from the package folder.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const OUT = /(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/;
const pruned = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (OUT.test(name)) {
      const src = join('src', relative('dist', path)).replace(OUT, '.ts');
      if (!existsSync(src)) {
        rmSync(path);
        pruned.push(path);
      }
    }
  }
}
if (existsSync('dist')) walk('dist');
if (pruned.length > 0)
  console.error(`prune-dist: removed ${pruned.length} stale build outputs (${pruned.slice(0, 3).join(', ')}${pruned.length > 3 ? ', …' : ''})`);
