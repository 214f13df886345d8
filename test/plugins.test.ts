/**
 * A newcomer's models, each one file in test/fixtures/plugins/ and nothing else edited: a
 * skyrmion synapse device, an AdEx neuron and a symmetric STDP rule. They are reachable from a
 * JSON spec (library and `spinsnn run`), from `spinsnn devices` and `spinsnn train`, and they
 * pass the conformance suites (which import them too).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Network, getModel, validateNetworkSpec } from '@spinsnn/core';
import '@spinsnn/backends';
import '@spinsnn/learning';
import './fixtures/plugins/skyrmion-synapse.mjs';
import './fixtures/plugins/adex-neuron.mjs';
import './fixtures/plugins/symmetric-stdp.mjs';

const PLUGINS = ['skyrmion-synapse', 'adex-neuron', 'symmetric-stdp'].flatMap((f) => ['--plugin', `test/fixtures/plugins/${f}.mjs`]);
const CLI = 'apps/cli/bin/spinsnn.js';

const specJson = JSON.stringify({
  seed: 2,
  populations: [{ name: 'n', size: 20, model: 'adex/neuron', preset: 'brette2005' }],
  inputs: [{ name: 'in', type: 'poisson', size: 50, rate: 40 }],
  projections: [
    {
      source: 'in',
      target: 'n',
      connectivity: { rule: 'fixed_probability', p: 0.4 },
      weight: { uniform: [0.002, 0.006] },
      synapse: { device: 'skyrmion/racetrack', preset: 'song2020', wMin: 0, wMax: 0.008 },
      plasticity: { rule: 'lab/symmetric_stdp', params: { amplitude: 0.0005 } },
    },
  ],
  monitors: [{ type: 'spikes', population: 'n' }],
});

describe('models added from one file each', () => {
  it('are registered under their ids with their kinds', () => {
    expect(getModel('skyrmion/racetrack').kind).toBe('synapse');
    expect(getModel('adex/neuron').kind).toBe('neuron');
    expect(getModel('lab/symmetric_stdp').kind).toBe('plasticity');
  });

  it('run from a JSON spec: the AdEx neurons fire, the rule moves the skyrmion synapses on their 11 levels', () => {
    const spec: unknown = JSON.parse(specJson);
    validateNetworkSpec(spec);
    const net = new Network(spec);
    const w0 = net.projections[0].store!.weights.slice();
    net.run(0.5);
    expect(net.spikes('n').count).toBeGreaterThan(0);
    const w = net.projections[0].store!.weights;
    let changed = 0;
    for (let s = 0; s < w.length; s++) {
      if (w[s] !== w0[s]) changed++;
      const level = (w[s] / 0.008) * 10;
      expect(Math.abs(level - Math.round(level))).toBeLessThan(1e-9);
    }
    expect(changed).toBeGreaterThan(0);
    const energy = net.ledger.rows().find((r) => r.component === 'projection:in->n' && r.op === 'write');
    expect(energy?.energyJ).toBeCloseTo(energy!.count * 50e-15, 20);
  });

  describe.skipIf(!existsSync('apps/cli/dist/main.js'))('through the built CLI with --plugin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spinsnn-plugins-'));
    const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...PLUGINS, ...args], { encoding: 'utf8' });

    it('spinsnn devices lists all three; spinsnn device characterises the synapse', () => {
      const listing = JSON.parse(execFileSync(process.execPath, [CLI, ...PLUGINS, 'devices', '--json'], { encoding: 'utf8' }));
      const ids = listing.backends.flatMap((b: { models: { id: string }[] }) => b.models.map((m) => m.id));
      for (const id of ['skyrmion/racetrack', 'adex/neuron', 'lab/symmetric_stdp']) expect(ids).toContain(id);
      const r = cli(['device', 'skyrmion/racetrack', '--preset', 'song2020', '--out', join(dir, 'device'), '--json']);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).curves[0].points).toHaveLength(11);
    });

    it('spinsnn run takes the JSON spec', () => {
      const file = join(dir, 'net.json');
      writeFileSync(file, specJson);
      const r = cli(['run', file, '--duration', '0.2', '--out', join(dir, 'run'), '--json']);
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.populations.find((p: { name: string }) => p.name === 'n').spikes).toBeGreaterThan(0);
      expect(existsSync(join(dir, 'run', 'raster.svg'))).toBe(true);
    });

    it('spinsnn train uses the synapse and the rule', () => {
      const r = cli([
        'train',
        'mnist',
        '--synapse',
        'skyrmion/racetrack',
        '--rule',
        'lab/symmetric_stdp',
        '--neurons',
        '5',
        '--train',
        '20',
        '--test',
        '10',
        '--assign',
        '10',
        '--out',
        join(dir, 'train'),
        '--json',
      ]);
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.synapse).toBe('skyrmion/racetrack');
      expect(out.rule.rule).toBe('lab/symmetric_stdp');
      expect(out.energyJ).toBeGreaterThan(0);
    });

    it('without the plugin the same command is a clear user error (exit 2)', () => {
      const r = spawnSync(process.execPath, [CLI, 'train', 'mnist', '--synapse', 'skyrmion/racetrack', '--neurons', '5', '--train', '20', '--test', '10'], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--synapse: expected a registered synapse model id \(.*sot\/multilevel.*\), got "skyrmion\/racetrack"/);
      const bad = cli(['--plugin', join(dir, 'missing.mjs'), 'devices']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/cannot load this plugin/);
    });

    it.sequential('cleans up', () => rmSync(dir, { recursive: true, force: true }));
  });
});
