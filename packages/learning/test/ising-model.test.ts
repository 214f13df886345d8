import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DataError, Rng, SpecError } from '@spinsnn/core';
import { parseGset } from '@spinsnn/datasets';
import { readGset } from '@spinsnn/datasets/node';
import { IsingModel } from '@spinsnn/backends';
import {
  PbitMachine,
  anneal,
  bestKnownCut,
  houdayerMove,
  betaSequence,
  cutFromEnergy,
  cutValue,
  dsatur,
  exactBoltzmann,
  isProperColouring,
  isingFromQubo,
  maxCutModel,
  parallelTempering,
  prepareMaxCut,
  runMaxCut,
  spinsFromCode,
} from '@spinsnn/learning';
import { dataset } from '../../../test/support/datasets.js';

const GSET = dataset('gset/');
const graphOf = (name: string) => {
  const g = readGset(`${GSET}${name}.txt`);
  return { name: g.name, nodes: g.n, from: g.src, to: g.dst, weight: g.weight };
};

describe('Ising model', () => {
  it('energy equals −Σ_{i<j} J m m − Σ h m summed directly over the edge list, and the CSR is symmetric', () => {
    const rng = new Rng(1);
    const n = 12,
      from: number[] = [],
      to: number[] = [],
      J: number[] = [];
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        if (rng.uniform() < 0.4) {
          from.push(i);
          to.push(j);
          J.push(rng.normal());
        }
    const h = Array.from({ length: n }, () => rng.normal());
    const model = IsingModel.fromEdges(n, from, to, J, h);
    expect(model.edges).toBe(from.length);
    for (let trial = 0; trial < 20; trial++) {
      const m = Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
      let e = 0;
      for (let k = 0; k < from.length; k++) e -= J[k] * m[from[k]] * m[to[k]];
      for (let i = 0; i < n; i++) e -= h[i] * m[i];
      expect(model.energy(m)).toBeCloseTo(e, 10);
    }
  });

  it('rejects self-couplings and out-of-range vertices with SpecError', () => {
    expect(() => IsingModel.fromEdges(3, [0], [0], [1])).toThrow(SpecError);
    expect(() => IsingModel.fromEdges(3, [0], [3], [1])).toThrow(SpecError);
  });

  it("QUBO → Ising keeps every assignment's value xᵀQx", () => {
    const rng = new Rng(2);
    const n = 6;
    const entries: [number, number, number][] = [];
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) if (rng.uniform() < 0.6) entries.push([i, j, Math.round(10 * rng.normal())]);
    const model = isingFromQubo(n, entries);
    for (let c = 0; c < 1 << n; c++) {
      const m = spinsFromCode(c, n);
      const x = Array.from(m, (s) => (s + 1) / 2);
      const q = entries.reduce((s, [i, j, v]) => s + v * x[i] * x[j], 0);
      expect(model.energy(m)).toBeCloseTo(q, 9);
    }
  });

  it('exact Boltzmann weights of two coupled spins match the closed form', () => {
    const pair = IsingModel.fromEdges(2, [0], [1], [0.7], [0.2, -0.4]);
    const p = exactBoltzmann(pair, 1.3);
    const w = (a: number, b: number) => Math.exp(1.3 * (0.7 * a * b + 0.2 * a - 0.4 * b));
    const z = w(1, 1) + w(1, -1) + w(-1, 1) + w(-1, -1);
    expect(p[0b11]).toBeCloseTo(w(1, 1) / z, 12); // code bit i set ⇔ m_i = +1
    expect(p[0b01]).toBeCloseTo(w(1, -1) / z, 12);
  });
});

describe('Gset max-cut', () => {
  it('G11: W = Σw = 34 as the README states, and (W − E)/2 equals the cut counted on the edges', () => {
    const g = graphOf('G11');
    const { model, totalWeight } = maxCutModel(g);
    expect(totalWeight).toBe(34);
    const rng = new Rng(3);
    for (let t = 0; t < 5; t++) {
      const s = Array.from({ length: g.nodes }, () => (rng.uniform() < 0.5 ? -1 : 1));
      expect(cutFromEnergy(totalWeight, model.energy(s))).toBe(cutValue(g, s));
    }
  });

  it('DSATUR colourings are proper and match the README colour counts (G1 15, G15 7, G11 2)', () => {
    for (const [name, colours] of [
      ['G1', 15],
      ['G15', 7],
      ['G11', 2],
    ] as const) {
      const { model } = maxCutModel(graphOf(name));
      const c = dsatur(model);
      expect(isProperColouring(model, c.colourOf)).toBe(true);
      expect(c.colours).toBe(colours);
      expect(c.classes.reduce((s, k) => s + k.length, 0)).toBe(model.n);
    }
  });

  it('the cut a run reports equals the cut recomputed from its spins (sequential, coloured, tempering)', () => {
    const g = graphOf('G15');
    for (const sampler of ['sequential', 'coloured', 'tempering'] as const) {
      const inst = prepareMaxCut(g, sampler);
      const r = runMaxCut(inst, { sampler, sweeps: 200, schedule: { kind: 'linear', beta0: 0.1, beta1: 3 }, seed: 4, replicas: 4 }, 0);
      expect(r.cut).toBe(cutValue(g, r.spins));
      expect(r.cutFromEnergy).toBe(r.cut);
      // an annealed cut beats a random one (≈ W/2 = 2330) by a wide margin
      expect(r.cut).toBeGreaterThan(2900);
    }
  });

  it('async annealing on the telegraph group (instantaneous synapses in the flip kernel, delayed ones as delivery events) reports consistent cuts', () => {
    const g = graphOf('G15');
    for (const asyncDelay of [0, 0.05]) {
      const inst = prepareMaxCut(g, 'async');
      const r = runMaxCut(inst, { sampler: 'async', sweeps: 200, schedule: { kind: 'linear', beta0: 0.1, beta1: 3 }, seed: 4, asyncDelay }, 0);
      expect(r.cut).toBe(cutValue(g, r.spins));
      expect(r.cutFromEnergy).toBe(r.cut);
      expect(r.cut).toBeGreaterThan(2900);
      expect(r.flips).toBeGreaterThan(800 * 10); // every p-bit flips many times while β is low
      expect(r.edgeVisits).toBeGreaterThan(r.flips); // each flip updates its neighbours (G15: degree ≈ 12)
    }
  });

  it('best-known cuts are read from the README table (largest listed value)', () => {
    const readme = readFileSync(`${GSET}README.md`, 'utf8');
    expect(bestKnownCut(readme, 'G1')).toBe(11624);
    expect(bestKnownCut(readme, 'G15')).toBe(3050);
    expect(bestKnownCut(readme, 'G55')).toBe(10299);
    expect(bestKnownCut(readme, 'G81')).toBe(14060);
    expect(bestKnownCut(readme, 'G99')).toBeNull();
  });

  it('malformed Gset text raises DataError (header, edge count, vertex range)', () => {
    expect(() => parseGset('3\n1 2 1\n', 'bad.txt')).toThrow(DataError);
    expect(() => parseGset('3 2\n1 2 1\n', 'short.txt')).toThrow(/declares 2 edges/);
    expect(() => parseGset('3 1\n1 4 1\n', 'range.txt')).toThrow(/out of range/);
  });
});

describe('annealing and tempering', () => {
  it('schedules hit their end points (linear, geometric) and custom resamples piecewise', () => {
    const lin = betaSequence({ kind: 'linear', beta0: 0.5, beta1: 5 }, 10);
    expect(lin[0]).toBe(0.5);
    expect(lin[9]).toBeCloseTo(5, 12);
    expect(lin[1] - lin[0]).toBeCloseTo(0.5, 12);
    const geo = betaSequence({ kind: 'geometric', beta0: 0.1, beta1: 10 }, 5);
    expect(geo[2]).toBeCloseTo(1, 12); // geometric midpoint = √(0.1 · 10)
    expect(Array.from(betaSequence({ kind: 'custom', betas: [1, 2] }, 4))).toEqual([1, 1, 2, 2]);
    expect(() => betaSequence({ kind: 'geometric', beta0: 0, beta1: 1 }, 3)).toThrow(SpecError);
  });

  it('annealing and parallel tempering find the enumerated ground state of a frustrated 14-spin glass', () => {
    const rng = new Rng(6);
    const n = 14,
      from: number[] = [],
      to: number[] = [],
      J: number[] = [];
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        if (rng.uniform() < 0.35) {
          from.push(i);
          to.push(j);
          J.push(rng.uniform() < 0.5 ? -1 : 1);
        }
    const model = IsingModel.fromEdges(n, from, to, J);
    let eMin = Infinity;
    for (let c = 0; c < 1 << n; c++) eMin = Math.min(eMin, model.energy(spinsFromCode(c, n)));
    const sa = anneal(model, new Rng(7), { sweeps: 2000, schedule: { kind: 'geometric', beta0: 0.1, beta1: 4 } });
    expect(sa.bestEnergy).toBe(eMin);
    expect(model.energy(sa.bestSpins)).toBe(sa.bestEnergy);
    const pt = parallelTempering(model, new Rng(8), { betas: betaSequence({ kind: 'geometric', beta0: 0.2, beta1: 4 }, 6), sweeps: 500, adaptEvery: 50 });
    expect(pt.bestEnergy).toBe(eMin);
    expect(model.energy(pt.bestSpins)).toBe(pt.bestEnergy);
    for (const a of pt.swapAcceptance) expect(a).toBeGreaterThan(0);
  });

  it('Houdayer cluster moves conserve the pair energy and keep incremental fields exact', () => {
    const g = graphOf('G11'); // ±1 torus: clusters of disagreeing sites are what the move flips
    const { model } = maxCutModel(g);
    const a = new PbitMachine(model, new Rng(9)),
      b = new PbitMachine(model, new Rng(10));
    for (let s = 0; s < 20; s++) {
      a.sweep(1.5);
      b.sweep(1.5);
    }
    const stack = new Int32Array(model.n),
      mark = new Uint8Array(model.n);
    const rng = new Rng(11);
    let moved = 0;
    for (let k = 0; k < 50; k++) {
      const before = a.energy + b.energy;
      moved += houdayerMove(a, b, rng, stack, mark);
      expect(a.energy + b.energy).toBe(before); // integer couplings: exact
      expect(a.energy).toBe(model.energy(a.spins));
      expect(b.energy).toBe(model.energy(b.spins));
    }
    expect(moved).toBeGreaterThan(0);
    // fields after the moves equal fields recomputed from scratch
    const f = model.localFields(a.spins);
    for (let i = 0; i < model.n; i++) expect(a.localField(i)).toBe(f[i]);
  });
  it('quench descends a copy to a single-flip-stable state without touching the chain; annealing with it only improves', () => {
    const { model } = maxCutModel(graphOf('G15'));
    const m = new PbitMachine(model, new Rng(12));
    for (let s = 0; s < 30; s++) m.sweep(1.2);
    const spins = Int8Array.from(m.spins),
      energy = m.energy,
      rngState = JSON.stringify(m.rng.getState());
    const out = new Int8Array(model.n);
    const eq = m.quench(out);
    expect(eq).toBe(model.energy(out));
    expect(eq).toBeLessThan(energy); // at β = 1.2 the chain carries excitations
    const f = model.localFields(out);
    for (let i = 0; i < model.n; i++) expect(out[i] * f[i]).toBeGreaterThanOrEqual(0); // no improving single flip left
    expect(Array.from(m.spins)).toEqual(Array.from(spins));
    expect(m.energy).toBe(energy);
    expect(JSON.stringify(m.rng.getState())).toBe(rngState);
    for (let i = 0; i < model.n; i++) expect(m.localField(i)).toBe(model.localFields(spins)[i]);
    // quenching draws nothing, so the same seed gives the same chain; the best can only improve
    const o = { sweeps: 300, schedule: { kind: 'linear', beta0: 0.1, beta1: 1.5 } } as const;
    const plain = anneal(model, new Rng(13), o);
    const withQ = anneal(model, new Rng(13), { ...o, quenchEvery: 5 });
    expect(withQ.finalEnergy).toBe(plain.finalEnergy);
    expect(withQ.bestEnergy).toBeLessThan(plain.bestEnergy);
    expect(model.energy(withQ.bestSpins)).toBe(withQ.bestEnergy);
    const pt = parallelTempering(model, new Rng(14), { betas: [0.5, 1, 1.5], sweeps: 100, quenchEvery: 10 });
    expect(model.energy(pt.bestSpins)).toBe(pt.bestEnergy);
  });
});
