import { describe, expect, it } from 'vitest';
import { Rng } from '@spinsnn/core';
import { PbitRbm, barsAndStripes } from '@spinsnn/learning';

describe('restricted Boltzmann machine of p-bits', () => {
  it('bars-and-stripes 3×3 has 2^(3+1) − 2 = 14 distinct patterns', () => {
    expect(barsAndStripes(3).length).toBe(14);
  });

  it('exact log-likelihood: uniform at zero weights (−9 ln 2) and normalised', () => {
    const m = new PbitRbm(9, 4, new Rng(1), { initScale: 0 });
    expect(m.logLikelihood(barsAndStripes(3))).toBeCloseTo(-9 * Math.log(2), 10);
    const w = new PbitRbm(4, 3, new Rng(2), { initScale: 0.8 });
    const logZ = w.logPartition();
    let total = 0;
    for (let c = 0; c < 16; c++) total += Math.exp(-w.freeEnergy([0, 1, 2, 3].map((i) => ((c >>> i) & 1 ? 1 : -1))) - logZ);
    expect(total).toBeCloseTo(1, 12);
  });

  it('hidden p-bits sampled with clamped visibles follow P(h_j = +1 | v) = σ(2 I_j)', () => {
    const m = new PbitRbm(4, 2, new Rng(3), { initScale: 0.7 });
    const v = [1, -1, 1, 1];
    const I = Float64Array.from(m.hiddenInput(v));
    const h = new Int8Array(2);
    const S = 40000;
    const up = [0, 0];
    for (let s = 0; s < S; s++) {
      m.sampleHidden(v, h);
      if (h[0] > 0) up[0]++;
      if (h[1] > 0) up[1]++;
    }
    for (let j = 0; j < 2; j++) {
      const p = 1 / (1 + Math.exp(-2 * I[j]));
      // binomial standard error √(p(1−p)/S) ≤ 0.0025; 5σ
      expect(Math.abs(up[j] / S - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / S));
    }
  });

  it('CD-1 training raises the exact log-likelihood from −6.24 to within 0.2 nats of the optimum −ln 14', () => {
    const data = barsAndStripes(3);
    const m = new PbitRbm(9, 16, new Rng(1));
    const before = m.logLikelihood(data);
    for (let e = 0; e < 3000; e++) m.cdStep(data, 0.05, 1);
    const after = m.logLikelihood(data);
    expect(before).toBeLessThan(-6);
    // No model can exceed −ln 14 on 14 equiprobable patterns (Gibbs' inequality).
    expect(after).toBeLessThanOrEqual(-Math.log(14) + 1e-9);
    expect(after).toBeGreaterThan(-Math.log(14) - 0.2);
    expect(m.reconstructionError(data)).toBeLessThan(0.05);
  });
});
