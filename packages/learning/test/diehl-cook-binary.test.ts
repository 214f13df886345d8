/**
 * The Diehl & Cook network on two-state synapses (mram/stt): cells start high with the mean
 * probability of the analog start, and STDP and the weight normalisation act by stochastic
 * rounding (a change Δw switches a cell with probability |Δw|/(wMax − wMin)).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@spinsnn/core';
import '@spinsnn/backends';
import { DiehlCookNetwork, diehlCookDefaults } from '@spinsnn/learning';

const N = 20;

function network(): DiehlCookNetwork {
  const cfg = diehlCookDefaults(N);
  // nominal cells (no spread, no read noise): a weight is exactly 0 or wMax, so sums count high cells
  cfg.synapse = { device: 'mram/stt', preset: 'jung2022', params: { resistanceSpread: 0, readNoise: 0, writeErrorRate: 0 } };
  return new DiehlCookNetwork(cfg);
}

const sums = (dc: DiehlCookNetwork) => {
  const W = dc.weights;
  const out = new Float64Array(N);
  // all-to-all input → exc: synapse s = input i · N + neuron j (CSR by source row)
  for (let s = 0; s < W.length; s++) out[s % N] += W[s];
  return out;
};

describe('Diehl & Cook on binary cells (mram/stt)', () => {
  it('starts with each cell high with probability mean(w₀)/wMax, so the sums match the analog start', () => {
    const dc = network();
    const W = dc.weights;
    expect(W.every((w) => w === 0 || w === 1)).toBe(true);
    const cfg = dc.cfg;
    const p = (cfg.wInitLow + cfg.wInitHigh) / 2 / cfg.wMax;
    // each neuron's sum is Binomial(784, p): mean 784p ≈ 120, sd √(784p(1−p)) ≈ 10; the mean over 20 neurons has sd ≈ 2.3
    const s = sums(dc);
    const mean = s.reduce((a, b) => a + b, 0) / N;
    const sd = Math.sqrt(784 * p * (1 - p));
    expect(Math.abs(mean - 784 * p)).toBeLessThan((5 * sd) / Math.sqrt(N));
    // the initial programming is not training: the ledger is empty
    expect(dc.net.ledger.totalJ()).toBe(0);
  });

  it('learns: normalisation brings the sums to 78 within the rounding noise, and STDP switches cells', () => {
    const dc = network();
    const rng = new Rng(3);
    const before = Uint8Array.from(dc.weights);
    for (let k = 0; k < 4; k++) {
      const img = Float64Array.from({ length: 784 }, () => (rng.uniform() < 0.2 ? 255 * rng.uniform() : 0));
      const counts = dc.present(img);
      // the layer fires at the first presentation intensity (no re-presentation at rising rates)
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(dc.cfg.minSpikes);
      expect(dc.lastPresentations).toBe(1);
    }
    dc.normalise();
    const s = sums(dc);
    // after one normalisation from ≈120 each sum is ≈ 78 with a stochastic-rounding sd of √(Σ p(1−p)) < √120 ≈ 11
    for (const x of s) expect(Math.abs(x - 78)).toBeLessThan(5 * 11);
    const mean = s.reduce((a, b) => a + b, 0) / N;
    expect(Math.abs(mean - 78)).toBeLessThan((5 * 11) / Math.sqrt(N));
    let changed = 0;
    for (let i = 0; i < before.length; i++) if (before[i] !== dc.weights[i]) changed++;
    expect(changed).toBeGreaterThan(0);
  });
});
