import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EnergyLedger, Rng, getModel, resolveModelParams } from '@spinsnn/core';
import '@spinsnn/backends';
import '../fixtures/plugins/skyrmion-synapse.mjs'; // a device from one file outside the packages
import { W_MAX, W_MIN, build, conformanceCases, idealQuantise, workload } from './suite.js';

// Every backend folder is loaded, exported from the package index or not: a device added as a
// new folder under packages/backends/src is tested without touching this file.
const srcDir = fileURLToPath(new URL('../../packages/backends/src/', import.meta.url));
for (const d of readdirSync(srcDir, { withFileTypes: true })) {
  const entry = `${srcDir}${d.name}/index.ts`;
  if (d.isDirectory() && existsSync(entry)) await import(pathToFileURL(entry).href);
}

const cases = conformanceCases();

describe('registry', () => {
  it('has the issue-3 synapse devices registered (and with core)', () => {
    const ids = new Set(cases.map((c) => c.id));
    for (const id of ['ideal/float', 'sot/multilevel', 'sot/binary', 'mram/stt']) expect(ids.has(id)).toBe(true);
    for (const id of ids) {
      const model = getModel(id, 'synapse');
      const store = model.createStore(
        { size: 3, initialWeights: new Float64Array(3), wMin: 0, wMax: 1, rng: new Rng(1), ledger: new EnergyLedger(), component: 'x', path: 'p' },
        resolveModelParams(model, undefined, {}),
      );
      expect(store.device).toBe(id);
    }
  });
});

describe.each(cases.map((c) => [`${c.id} [${c.config}]`, c] as const))('%s', (_name, c) => {
  it('reads and states stay physical under a mixed workload', () => {
    const store = build(c, 200, 1);
    workload(store, 3000, 1);
    for (let s = 0; s < store.size; s++) {
      expect(Number.isFinite(store.weights[s])).toBe(true);
      expect(Number.isFinite(store.read(s))).toBe(true);
      expect(store.conductance(s)).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(store.conductance(s))).toBe(true);
    }
    expect(store.readEnergyJ).toBeGreaterThanOrEqual(0);
    if (c.config === 'ideal') {
      expect(store.noisyReads).toBe(false);
      for (let s = 0; s < store.size; s++) {
        expect(store.weights[s]).toBeGreaterThanOrEqual(W_MIN);
        expect(store.weights[s]).toBeLessThanOrEqual(W_MAX);
        expect(store.read(s)).toBe(store.weights[s]);
      }
    }
  });

  it('is deterministic per seed (weights, device state and ledger)', () => {
    const run = (seed: number) => {
      const ledger = new EnergyLedger();
      const store = build(c, 100, seed, undefined, ledger);
      workload(store, 2000, seed);
      const reads = Array.from({ length: 100 }, (_, s) => store.read(s));
      return { w: Array.from(store.weights), reads, rows: ledger.rows() };
    };
    expect(run(7)).toEqual(run(7));
  });

  it('energy is non-negative and additive, and the ledger holds exactly what each operation reported', () => {
    const ledger = new EnergyLedger();
    const store = build(c, 100, 3, undefined, ledger);
    const write = () =>
      ledger
        .rows()
        .filter((r) => r.op === 'write')
        .reduce((a, r) => a + r.energyJ, 0);
    const a = workload(store, 500, 3);
    const eA = write();
    const b = workload(store, 500, 4, 1);
    const eAB = write();
    for (const e of [...a, ...b]) expect(e).toBeGreaterThanOrEqual(0);
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    // float sums in a different order: relative rounding ≤ ops × 2^-52
    const tol = (x: number) => 1e-12 * Math.max(x, 1e-30);
    expect(Math.abs(eA - sum(a))).toBeLessThanOrEqual(tol(eA));
    expect(Math.abs(eAB - eA - sum(b))).toBeLessThanOrEqual(tol(eAB));
    // synaptic events are priced at one read each
    const ev = ledger.counter(`conformance:${c.id}`, 'synapticEvent');
    expect(ev.unitEnergyJ).toBe(store.readEnergyJ);
    ev.count += 10;
    const row = ledger.priced().find((r) => r.op === 'synapticEvent')!;
    expect(row.energyJ).toBeCloseTo(10 * store.readEnergyJ, 30);
  });

  it('switching statistics match the probabilities the device states (Poisson-binomial, 4σ)', () => {
    for (const f of [0.3, 0.45, 0.6, 1]) {
      const N = 4000;
      const store = build(c, N, 5, new Float64Array(N).fill(W_MIN));
      const pulse = { polarity: 1 as const, amplitude: store.nominalPulse.amplitude * f, width: store.nominalPulse.width };
      let expected = 0;
      let variance = 0;
      let hits = 0;
      for (let s = 0; s < N; s++) {
        const p = store.switchingProbability(s, pulse, 0);
        expected += p;
        variance += p * (1 - p);
        store.applyPulse(s, pulse, 0);
        expect(store.last.probability).toBe(p);
        if (store.last.switched) hits++;
      }
      // hits is a sum of independent Bernoulli(p_s): mean Σp, variance Σp(1 − p); 4σ (+0.5 for a lattice)
      expect(Math.abs(hits - expected)).toBeLessThanOrEqual(4 * Math.sqrt(variance) + 0.5);
    }
  });

  if (c.config === 'ideal' && c.model.idealLevels) {
    it('with every non-ideality off equals ideal quantisation exactly', () => {
      const levels = c.model.idealLevels!(c.params);
      const step = (W_MAX - W_MIN) / (levels - 1);
      const store = build(c, 300, 9);
      const rng = new Rng(9, 1);
      const w0 = Float64Array.from({ length: 300 }, () => W_MIN + (W_MAX - W_MIN) * rng.uniform());
      const fresh = build(c, 300, 9, w0);
      for (let s = 0; s < 300; s++) expect(fresh.weights[s]).toBe(idealQuantise(w0[s], W_MIN, W_MAX, levels));
      // whole-step requests move whole levels, clipped at the ends; the result is always a level
      for (let k = 0; k < 3000; k++) {
        const s = rng.int(300);
        const j = rng.int(2 * levels + 1) - levels;
        const before = Math.round((store.weights[s] - W_MIN) / step);
        store.requestChange(s, j * step, k);
        const after = Math.min(levels - 1, Math.max(0, before + j));
        expect(store.weights[s]).toBe(idealQuantise(W_MIN + after * step, W_MIN, W_MAX, levels));
      }
    });
  }
});
