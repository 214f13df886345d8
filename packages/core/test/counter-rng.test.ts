/**
 * The counter-based RNG (docs/microcircuit.md §4): Poisson counts with the right mean, variance
 * and P(0), uniforms without correlation between neighbouring indices or steps, and draws that
 * are a function of (key, index, step) only — whatever order or partition asks for them.
 */
import { describe, expect, it } from 'vitest';
import { counterPoisson, counterPoissonParams, counterUniform, mix32 } from '@spinsnn/core';

const KEY = 0x1234abcd;

/** Mean, variance and fraction of zeros of counterPoisson(λ) over m (index, step) counters. */
function poissonStats(lambda: number, m: number) {
  const p = counterPoissonParams(lambda);
  let sum = 0,
    sq = 0,
    zeros = 0;
  for (let c = 0; c < m; c++) {
    // indices 0..999 × steps: the grid a population of 1,000 neurons uses
    const n = counterPoisson(p, KEY, c % 1000, Math.floor(c / 1000));
    sum += n;
    sq += n * n;
    if (n === 0) zeros++;
  }
  const mean = sum / m;
  return { mean, variance: sq / m - mean * mean, p0: zeros / m };
}

describe('counter-based RNG', () => {
  // m draws: the sample mean has sd √(λ/m); the sample variance has sd √((λ + 2λ²)/m) (Poisson
  // fourth central moment λ(1 + 3λ)); P(0) = e^(−λ) has the binomial sd. All checked to 5 sd.
  for (const lambda of [0.16, 1.6, 2.32, 40]) {
    it(`draws Poisson(${lambda}) counts: mean, variance and P(0) within 5 sd of the sampling error`, () => {
      const m = 200_000;
      const s = poissonStats(lambda, m);
      expect(Math.abs(s.mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / m));
      expect(Math.abs(s.variance - lambda)).toBeLessThan(5 * Math.sqrt((lambda + 2 * lambda * lambda) / m));
      const p0 = Math.exp(-lambda);
      expect(Math.abs(s.p0 - p0)).toBeLessThan(5 * Math.sqrt((p0 * (1 - p0)) / m) + 1e-12);
    });
  }

  it('gives uniforms with mean ½, variance 1/12 and no correlation between neighbouring indices or steps', () => {
    const nI = 500,
      nK = 400,
      m = nI * nK;
    const u = new Float64Array(m);
    for (let k = 0; k < nK; k++) for (let i = 0; i < nI; i++) u[k * nI + i] = counterUniform(KEY, i, k);
    let sum = 0,
      sq = 0;
    for (const x of u) {
      sum += x;
      sq += x * x;
    }
    const mean = sum / m;
    // uniform: sd of the mean √(1/12/m); sd of the variance estimate √((1/80 − 1/144)/m)
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / m));
    expect(Math.abs(sq / m - mean * mean - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / m));
    // lag-1 correlations along the index and along the step: sd 1/√pairs under independence
    const corr = (di: number, dk: number) => {
      let c = 0,
        n = 0;
      for (let k = 0; k + dk < nK; k++)
        for (let i = 0; i + di < nI; i++) {
          c += (u[k * nI + i] - 0.5) * (u[(k + dk) * nI + i + di] - 0.5);
          n++;
        }
      return { r: c / n / (1 / 12), n };
    };
    for (const [di, dk] of [
      [1, 0],
      [0, 1],
      [1, 1],
    ]) {
      const { r, n } = corr(di, dk);
      expect(Math.abs(r)).toBeLessThan(5 / Math.sqrt(n));
    }
    // a different key is a different stream
    const { r } = (() => {
      let c = 0;
      for (let j = 0; j < m; j++) c += (u[j] - 0.5) * (counterUniform(KEY + 1, j % nI, Math.floor(j / nI)) - 0.5);
      return { r: c / m / (1 / 12) };
    })();
    expect(Math.abs(r)).toBeLessThan(5 / Math.sqrt(m));
  });

  it('is a function of (key, index, step) alone: any order or partition of the draws gives the same counts', () => {
    const p = counterPoissonParams(2.32);
    const n = 1000,
      steps = 50;
    const inOrder = new Int32Array(n * steps);
    for (let k = 0; k < steps; k++) for (let i = 0; i < n; i++) inOrder[k * n + i] = counterPoisson(p, KEY, i, k);
    // three uneven partitions, each sweeping its own range, neurons visited backwards
    const parts = new Int32Array(n * steps);
    const cuts = [0, 333, 334, n];
    for (let q = cuts.length - 2; q >= 0; q--)
      for (let k = steps - 1; k >= 0; k--) for (let i = cuts[q + 1] - 1; i >= cuts[q]; i--) parts[k * n + i] = counterPoisson(p, KEY, i, k);
    expect(parts).toEqual(inOrder);
  });

  it('mixes with a bijection of 32-bit words (no two inputs share an output)', () => {
    const seen = new Set<number>();
    for (let x = 0; x < 1 << 16; x++) seen.add(mix32(x * 65_537));
    expect(seen.size).toBe(1 << 16);
  });
});
