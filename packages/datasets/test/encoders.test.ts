import { describe, expect, it } from 'vitest';
import { Rng } from '@spinsnn/core';
import { deltaEncode, latencyEncode, poissonEncode, populationRates, spikeCounts } from '@spinsnn/datasets';

const mean = (x: ArrayLike<number>): number => Array.from(x).reduce((a, b) => a + b, 0) / x.length;
const variance = (x: ArrayLike<number>): number => {
  const m = mean(x);
  return Array.from(x).reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
};

describe('Poisson rate encoder', () => {
  // Diehl & Cook: 350 ms per sample, a white pixel at 63.75 Hz → mean count λ = 22.3
  const N = 2000,
    rate = 63.75,
    T = 0.35,
    lambda = rate * T;

  it('continuous time: counts have mean and variance λ (Poisson), ISIs are exponential', () => {
    const train = poissonEncode(new Float64Array(N).fill(rate), T, new Rng(11));
    const c = spikeCounts(train);
    // mean of N counts: sd √(λ/N) = 0.106 → 4 sd = 0.42
    expect(Math.abs(mean(c) - lambda)).toBeLessThan(4 * Math.sqrt(lambda / N));
    // sample variance of N Poisson(λ) counts: sd ≈ λ·√(2/N) (plus a small λ-dependent term) → 4 sd ≈ 2.0
    expect(Math.abs(variance(c) - lambda)).toBeLessThan(4 * lambda * Math.sqrt(2 / N + 1 / (lambda * N)));
    // times sorted, inside [0, T)
    for (let k = 1; k < train.times.length; k++) expect(train.times[k]).toBeGreaterThanOrEqual(train.times[k - 1]);
    expect(train.times[train.times.length - 1]).toBeLessThan(T);
    // exponential ISIs: CV = 1 (first ISIs of every neuron, N samples: sd of CV ≈ 1/√N → 4 sd = 0.09)
    const first = new Float64Array(N).fill(-1),
      second = new Float64Array(N).fill(-1);
    for (let k = 0; k < train.times.length; k++) {
      const i = train.indices[k];
      if (first[i] < 0) first[i] = train.times[k];
      else if (second[i] < 0) second[i] = train.times[k];
    }
    const isi = Array.from(second)
      .map((s, i) => s - first[i])
      .filter((d, i) => second[i] >= 0 && d >= 0);
    expect(Math.abs(Math.sqrt(variance(isi)) / mean(isi) - 1)).toBeLessThan(4 / Math.sqrt(isi.length));
    expect(Math.abs(mean(isi) - 1 / rate)).toBeLessThan(4 / rate / Math.sqrt(isi.length));
  });

  it('per-pixel rates: counts scale with intensity/4, silent pixels never spike', () => {
    const intensities = [0, 64, 128, 255];
    const rates = Float64Array.from({ length: 4 * 500 }, (_, i) => intensities[i % 4] / 4);
    const c = spikeCounts(poissonEncode(rates, T, new Rng(3)));
    for (let q = 0; q < 4; q++) {
      const cq = Array.from(c).filter((_, i) => i % 4 === q);
      const lam = (intensities[q] / 4) * T;
      if (lam === 0) expect(cq.every((x) => x === 0)).toBe(true);
      else expect(Math.abs(mean(cq) - lam)).toBeLessThan(4 * Math.sqrt(lam / 500));
    }
  });

  it('clocked (Bernoulli per dt): mean count steps·r·dt, variance steps·p(1−p)', () => {
    const dt = 0.5e-3,
      p = rate * dt,
      steps = Math.round(T / dt);
    const train = poissonEncode(new Float64Array(N).fill(rate), T, new Rng(5), { dt });
    const c = spikeCounts(train);
    const m = steps * p,
      v = steps * p * (1 - p);
    expect(Math.abs(mean(c) - m)).toBeLessThan(4 * Math.sqrt(v / N));
    expect(Math.abs(variance(c) - v)).toBeLessThan(4 * v * Math.sqrt(2 / N + 1 / (v * N)));
    expect(train.times.every((t) => Math.abs(t / dt - Math.round(t / dt)) < 1e-9)).toBe(true);
  });

  it('is a pure function of the seed', () => {
    const r = new Float64Array(50).fill(20);
    const a = poissonEncode(r, 1, new Rng(9)),
      b = poissonEncode(r, 1, new Rng(9)),
      c = poissonEncode(r, 1, new Rng(10));
    expect(a.times).toEqual(b.times);
    expect(a.indices).toEqual(b.indices);
    expect(a.times).not.toEqual(c.times);
    expect(() => poissonEncode([1, -2], 1, new Rng(1))).toThrow(/poissonEncode rate 1: expected a finite number ≥ 0 Hz, got -2/);
  });
});

describe('latency encoder', () => {
  it('linear: t = tMax·(1 − x/max), one spike per input above threshold', () => {
    const tr = latencyEncode([255, 0, 51, 204], { tMax: 0.1, max: 255, threshold: 0.1 });
    expect(Array.from(tr.indices)).toEqual([0, 3, 2]);
    const want = [0, 0.1 * (1 - 0.8), 0.1 * (1 - 0.2)];
    tr.times.forEach((t, k) => expect(t).toBeCloseTo(want[k], 12));
  });

  it('log (RC charging): t = τ·ln(x/(x − θ)), capped at tMax', () => {
    const tau = 0.02,
      thr = 0.2;
    const tr = latencyEncode([1, 0.5, 0.21], { tMax: 0.05, threshold: thr, mode: 'log', tau });
    const t = (x: number): number => Math.min(0.05, tau * Math.log(x / (x - thr)));
    expect(Array.from(tr.times)).toEqual([t(1), t(0.5), t(0.21)].sort((a, b) => a - b));
    expect(tr.times[2]).toBe(0.05); // 0.21 charges too slowly: capped
  });
});

describe('delta (send-on-delta) encoder', () => {
  it('a rising ramp gives ⌊rise/θ⌋ ON spikes, a falling one OFF spikes, and the spikes reconstruct the signal within θ', () => {
    // one band: 0 → 1 over 11 frames, then back to 0.3
    const x = [...Array.from({ length: 11 }, (_, f) => f / 10), 0.3];
    const m = { frames: x.length, bands: 1, hopS: 0.016, data: Float32Array.from(x) };
    const theta = 0.15;
    const tr = deltaEncode(m, theta);
    const on = Array.from(tr.indices).filter((i) => i === 0).length;
    const off = Array.from(tr.indices).filter((i) => i === 1).length;
    expect(on).toBe(Math.floor(1 / theta)); // 6 ON spikes for a rise of 1
    let rec = x[0];
    for (const i of tr.indices) rec += i === 0 ? theta : -theta;
    expect(Math.abs(rec - x[x.length - 1])).toBeLessThan(theta);
    expect(off).toBe(Math.round((x[0] + on * theta - rec) / theta));
    expect(tr.neurons).toBe(2);
    for (let k = 1; k < tr.times.length; k++) expect(tr.times[k]).toBeGreaterThan(tr.times[k - 1]);
  });
});

describe('population encoder', () => {
  it('Gaussian tuning: peak at the preferred value, e^(−1/2) one σ away; centre of mass decodes the value', () => {
    const P = 21,
      opts = { perValue: P, min: 0, max: 1, maxRateHz: 100 };
    const spacing = 1 / (P - 1);
    const r = populationRates([0.5, 0.5 + spacing / 1], opts);
    expect(r[10]).toBeCloseTo(100, 12);
    expect(r[9]).toBeCloseTo(100 * Math.exp(-0.5), 12);
    for (const x of [0.3, 0.47, 0.62]) {
      const rr = populationRates([x], opts);
      let s = 0,
        w = 0;
      rr.forEach((v, j) => {
        s += v * j * spacing;
        w += v;
      });
      // interior values: the Gaussian sum over a grid of σ = spacing is flat to ~1e-8 (Poisson summation), so unbiased
      expect(s / w).toBeCloseTo(x, 6);
    }
    expect(r.length).toBe(2 * P);
  });
});
