#!/usr/bin/env node
// Runs one example: `node examples/run.mjs <name> [--option value ...]` (or `npm run example -- <name> …`).
// Options are the fields of the example's `main(options)`, numbers or words: `--neurons 400 --duration 0.2`.
// The example's `report(result)` prints what it measured; `--json` prints the result as JSON instead.
import { register } from 'node:module';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

register('./ts-loader.mjs', import.meta.url);

const dir = fileURLToPath(new URL('.', import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--help' || !existsSync(join(dir, `${name.replace(/\.ts$/, '')}.ts`))) {
  console.error(`usage: node examples/run.mjs <example> [--option value …] [--json]\nexamples: ${names.join(', ')}`);
  process.exit(name && name !== '--help' ? 2 : 0);
}
const options = {};
let json = false;
for (let k = 0; k < rest.length; k++) {
  const a = rest[k];
  if (a === '--json') {
    json = true;
    continue;
  }
  const m = /^--([A-Za-z][\w]*)(?:=(.*))?$/.exec(a);
  if (!m) {
    console.error(`expected --option value, got "${a}"`);
    process.exit(2);
  }
  const raw = m[2] ?? rest[++k];
  if (raw === undefined) {
    console.error(`--${m[1]}: expected a value`);
    process.exit(2);
  }
  options[m[1]] = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
}
const mod = await import(pathToFileURL(join(dir, `${name.replace(/\.ts$/, '')}.ts`)).href);
if (mod.defaults) {
  // a misspelt option must not be ignored silently
  const known = Object.keys(mod.defaults);
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) {
      console.error(`--${k}: not an option of ${name} (its options: ${known.map((x) => `--${x} (default ${mod.defaults[x]})`).join(', ')})`);
      process.exit(2);
    }
    if (typeof mod.defaults[k] === 'number' && typeof options[k] !== 'number') {
      console.error(`--${k}: expected a number, got "${options[k]}"`);
      process.exit(2);
    }
  }
}
const t0 = performance.now();
const result = await mod.main(options);
const wall = (performance.now() - t0) / 1000;
if (json) console.log(JSON.stringify(result, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)));
else console.log(`${mod.report ? mod.report(result) : JSON.stringify(result, null, 2)}\n(${wall.toFixed(2)} s)`);
