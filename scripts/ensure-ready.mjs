#!/usr/bin/env node
// Pre-script of `npm run demo` and `npm test`: a fresh clone works with no other step.
// Installs dependencies with `npm ci` when node_modules is missing or older than the lockfile,
// then builds the workspaces (turbo skips what is up to date).
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
const run = (cmd) => execSync(cmd, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });

const stale = !existsSync(stamp) || statSync(stamp).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  console.error('spinsnn: installing dependencies (npm ci)…');
  run('npm ci --no-audit --no-fund'); // runs `prepare`, which builds
} else {
  run('npm run --silent build');
}
