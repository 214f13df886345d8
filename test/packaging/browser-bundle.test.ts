import { describe, expect, it } from 'vitest';
import { build, type Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

// Each browser entry point, bundled from the built dist (what npm users get) the way a page's
// bundler would (esbuild, platform=browser), must pull in no `node:*` module and, for
// @spinsnn/learning, none of TF.js. The plugin below records who imports what instead of failing at
// the first unresolvable import, so a failure names every offending import and its importer.

const repo = fileURLToPath(new URL('../../', import.meta.url));
const ENTRIES = ['@spinsnn/core', '@spinsnn/backends', '@spinsnn/datasets', '@spinsnn/learning'];
const NODE_BUILTIN = /^(node:|(fs|path|os|zlib|module|url|worker_threads|child_process|crypto|stream|util|events|buffer)(\/|$))/;

interface Offence {
  path: string;
  importer: string;
}

async function bundle(entry: string): Promise<{ offences: Offence[]; bytes: number }> {
  const offences: Offence[] = [];
  const spy: Plugin = {
    name: 'forbidden-imports',
    setup(b) {
      b.onResolve({ filter: /^(node:|@tensorflow\/|[a-z_]+$)/ }, (args) => {
        if (NODE_BUILTIN.test(args.path) || args.path.startsWith('@tensorflow/')) {
          offences.push({ path: args.path, importer: args.importer.replace(repo, '') });
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
  const out = await build({
    stdin: { contents: `export * from '${entry}';`, resolveDir: repo, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [spy],
  });
  return { offences, bytes: out.outputFiles[0].contents.byteLength };
}

describe('browser entry points bundle for a page (esbuild, platform=browser)', () => {
  for (const entry of ENTRIES) {
    it(`${entry}: no node:* and no @tensorflow import`, async () => {
      const { offences, bytes } = await bundle(entry);
      expect(offences.map((o) => `${o.path} imported by ${o.importer}`)).toEqual([]);
      expect(bytes).toBeGreaterThan(1000); // something was bundled
    });
  }

  it('the Node and TF.js entries do import what the browser entries must not (the check can fail)', async () => {
    const node = await bundle('@spinsnn/learning/node');
    expect(node.offences.some((o) => o.path === 'node:worker_threads')).toBe(true);
    const tf = await bundle('@spinsnn/learning/tfjs');
    expect(tf.offences.some((o) => o.path.startsWith('@tensorflow/'))).toBe(true);
  });

  it('the bundle runs where there is no process, require or Buffer: STDP on SOT synapses in a bare context', async () => {
    const out = await build({
      stdin: { contents: "export * from '@spinsnn/core'; export * from '@spinsnn/learning'; import '@spinsnn/backends';", resolveDir: repo, loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'spinsnn',
      write: false,
      logLevel: 'silent',
    });
    // only what a page's JavaScript has (no Node globals)
    const page = vm.createContext({ WebAssembly, atob, console, TextEncoder, TextDecoder, performance, queueMicrotask, setTimeout });
    vm.runInContext(out.outputFiles[0].text, page);
    const result = JSON.parse(
      vm.runInContext(
        `
      const notices = []; spinsnn.setNoticeSink((m) => notices.push(m));
      const net = new spinsnn.Network({ seed: 1,
        populations: [{ name: 'out', size: 2, model: 'core/lif', params: { tauM: 0.01, drive: 0.015, refractory: 0.002 } }],
        inputs: [{ name: 'in', type: 'poisson', size: 20, rate: 30 }],
        projections: [{ source: 'in', target: 'out', connectivity: { rule: 'all_to_all' }, delay: 0.001, weight: 0.0005,
          synapse: { device: 'sot/multilevel', preset: 'hsin2025', wMin: 0, wMax: 0.001 },
          plasticity: { rule: 'learning/stdp', preset: 'song2000-pair', params: { a2Plus: 0.00002, a2Minus: 0.000021 } } }],
        monitors: [{ type: 'spikes', population: 'out' }] }).run(1);
      JSON.stringify({ spikes: net.spikes('out').times.length, requests: net.rule('in->out').requests, notices, process: typeof process });
    `,
        page,
      ) as string,
    ) as { spikes: number; requests: number; notices: string[]; process: string };
    expect(result.process).toBe('undefined');
    expect(result.spikes).toBeGreaterThan(0);
    expect(result.requests).toBeGreaterThan(0); // STDP ran and asked the device for weight changes
    expect(result.notices).toEqual([]); // nothing was switched off or deprecated
  });
});
