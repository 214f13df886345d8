/**
 * Parallel tempering on the multi-spin-coded sampler (docs/probabilistic.md §6): the bit-sliced
 * replica energies equal a direct count, every level samples exp(−β_k E) (its mean energy against
 * enumeration within 5 batch SE), runs are deterministic for a seed, and the annealer's 128-replica
 * mode reaches the exact ground state of a small ±1 torus.
 */
import { describe, expect, test } from 'vitest';
import { Rng, SpecError } from '@spinsnn/core';
import { IsingModel, MscSampler } from '@spinsnn/backends';
import { dsatur, mscAllEnergies, mscAnneal, mscEdgeList, mscTempering } from '@spinsnn/learning';
import { pmTorus } from '../../../test/support/ising.js';

/** Exact ⟨E⟩ and ground energy at β by enumerating 2^n states. */
function exact(m: IsingModel, beta: number): { mean: number; ground: number } {
  const spin = new Int8Array(m.n);
  let z = 0,
    e1 = 0,
    ground = Infinity;
  for (let c = 0; c < 1 << m.n; c++) {
    for (let i = 0; i < m.n; i++) spin[i] = (c >> i) & 1 ? 1 : -1;
    const e = m.energy(spin);
    ground = Math.min(ground, e);
    const w = Math.exp(-beta * e);
    z += w;
    e1 += w * e;
  }
  return { mean: e1 / z, ground };
}

describe('msc parallel tempering', () => {
  test('bit-sliced energies of all 128 replicas equal the direct count', () => {
    const m = pmTorus(6, 1);
    const s = new MscSampler(m, new Rng(2), { words: 4 });
    s.randomise();
    s.sweep(0.7, 5);
    const e = mscAllEnergies(mscEdgeList(s.g), s.s, 4, new Float64Array(128));
    for (let r = 0; r < 128; r += 7) expect(e[r]).toBe(s.energy(r));
  });

  test('each level samples exp(−β_k E): mean energy within 5 SE of enumeration (4×4 torus)', () => {
    const m = pmTorus(4, 4);
    const betas = [0.2, 0.45, 0.7, 1.0];
    const exactMean = betas.map((b) => exact(m, b).mean);
    // batch means: 20 runs of independent seeds, each a time average of the level's mean energy over
    // its 32 chains after burn-in (the spread between runs carries chain and replica correlations)
    const runs = 20;
    const levelMeans = levelEnergyMeans(m, betas, runs);
    for (let k = 0; k < betas.length; k++) {
      const xs = levelMeans[k];
      const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
      expect(Math.abs(mean - exactMean[k]), `level ${k} (β ${betas[k]})`).toBeLessThan((5 * sd) / Math.sqrt(xs.length) + 1e-9);
    }
  });

  test('deterministic for a seed; reaches the ground state of a 4×4 torus; refuses a bad ladder', () => {
    const m = pmTorus(4, 6);
    const g = exact(m, 1).ground;
    const a = mscTempering(m, new Rng(3), { betas: [0.3, 0.8, 1.5, 3], sweeps: 200, colouring: dsatur(m) });
    const b = mscTempering(m, new Rng(3), { betas: [0.3, 0.8, 1.5, 3], sweeps: 200, colouring: dsatur(m) });
    expect(a.bestEnergy).toBe(g);
    expect(m.energy(a.bestSpins)).toBe(g);
    expect(Array.from(a.bestSpins)).toEqual(Array.from(b.bestSpins));
    expect(a.flips).toBe(b.flips);
    expect(() => mscTempering(m, new Rng(1), { betas: [1, 0.5], sweeps: 10 })).toThrow(SpecError);
    const w4 = mscAnneal(m, new Rng(4), { sweeps: 300, schedule: { kind: 'geometric', beta0: 0.3, beta1: 2 }, words: 4 });
    expect(w4.bestEnergy).toBe(g);
    expect(m.energy(w4.bestSpins)).toBe(g);
  });
});

/** Per-run time-averaged energy of each level (32 chains), from the tempering's own level energies. */
function levelEnergyMeans(m: IsingModel, betas: number[], runs: number): number[][] {
  const out = betas.map(() => [] as number[]);
  for (let k = 0; k < runs; k++) {
    const sums = new Float64Array(betas.length);
    let count = 0;
    mscTempering(m, new Rng(10, k), {
      betas,
      sweeps: 400,
      onLevels: (sweep, energies) => {
        if (sweep <= 100) return; // burn-in
        count++;
        for (let l = 0; l < betas.length; l++) {
          let s = 0;
          for (let r = 0; r < 32; r++) s += energies[l][r];
          sums[l] += s / 32;
        }
      },
    });
    for (let l = 0; l < betas.length; l++) out[l].push(sums[l] / count);
  }
  return out;
}
