/**
 * Continuous-attractor ring of p-bit neurons (docs/probabilistic.md §4): the bump threshold and
 * amplitude against mean-field theory, sub-threshold fluctuations against Gaussian fluctuation
 * theory, path integration by a kernel shift, cue integration against the Bayes-optimal
 * inverse-variance estimate, and the ring run on the pulsed p-bit devices.
 */
import { describe, expect, test } from 'vitest';
import { Rng } from '@spinsnn/core';
import { pbitDevice } from '@spinsnn/backends';
import {
  PbitRing,
  bumpDiffusion,
  bumpThreshold,
  cueIntegration,
  meanFieldBump,
  pathIntegration,
  subThresholdAmplitude,
  type RingConfig,
} from '@spinsnn/learning';

const BETA = 4;

/** Time-averaged |Z| after burn-in, with the SE from 10 batch means (samples are autocorrelated). */
function amplitude(ring: PbitRing, samples = 400, every = 2): { mean: number; se: number } {
  ring.sweep(200);
  const batches = 10,
    per = samples / batches;
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let a = 0;
    for (let k = 0; k < per; k++) {
      ring.sweep(every);
      a += ring.amplitude();
    }
    means.push(a / per);
  }
  const mean = means.reduce((x, y) => x + y, 0) / batches;
  const sd = Math.sqrt(means.reduce((x, y) => x + (y - mean) ** 2, 0) / (batches - 1));
  return { mean, se: sd / Math.sqrt(batches) };
}

describe('bump formation', () => {
  const jc = bumpThreshold(BETA, 0, 0);
  test('threshold J1c = 2/(β m̄(1 − m̄)): 8/β for zero drive', () => {
    expect(jc).toBeCloseTo(8 / BETA, 10);
    expect(meanFieldBump(BETA, 0.95 * jc, 0, 0).r).toBeLessThan(1e-6);
    expect(meanFieldBump(BETA, 1.05 * jc, 0, 0).r).toBeGreaterThan(0.05);
  });

  test('above threshold the bump amplitude equals the mean-field r; below it |Z| is the Gaussian fluctuation level', () => {
    for (const f of [0.5, 0.8, 1.5, 2]) {
      const cfg: RingConfig = { n: 400, beta: BETA, j1: f * jc, j0: 0, bias: 0 };
      const ring = new PbitRing(cfg, new Rng(1));
      ring.randomise();
      const a = amplitude(ring);
      const theory = f < 1 ? subThresholdAmplitude(cfg) : meanFieldBump(BETA, cfg.j1, 0, 0).r;
      // 5 batch-mean SE plus the O(1/N) finite-size correction of either theory (1/400)
      expect(Math.abs(a.mean - theory), `J1 = ${f} J1c`).toBeLessThan(5 * a.se + 1 / cfg.n);
    }
  });

  test('with uniform inhibition J0 and a threshold the same theory holds (m̄ ≠ 1/2)', () => {
    const j0 = 1,
      bias = 0.3;
    const jc2 = bumpThreshold(BETA, j0, -bias);
    const cfg: RingConfig = { n: 400, beta: BETA, j1: 1.6 * jc2, j0, bias };
    const ring = new PbitRing(cfg, new Rng(2));
    ring.randomise();
    const a = amplitude(ring);
    expect(Math.abs(a.mean - meanFieldBump(BETA, cfg.j1, j0, -bias).r)).toBeLessThan(5 * a.se + 1 / cfg.n);
  });

  test('the phase diffuses, faster for fewer neurons and more device noise (lower β)', () => {
    // fixed couplings J1 = 2 J1c(β = 4); more device noise is a lower β (only βJ1 matters)
    const d = (n: number, beta: number) => {
      const ring = new PbitRing({ n, beta, j1: 2 * jc, j0: 0, bias: 0 }, new Rng(3));
      ring.seedBump(0);
      ring.sweep(50);
      return bumpDiffusion(ring, 1500, 2, 8).d;
    };
    const d100 = d(100, BETA),
      d400 = d(400, BETA),
      dNoisy = d(100, 0.75 * BETA);
    // mean-field-exact rings have D ∝ 1/N; the estimates carry ~10 % error each, so ask for > 2.5×
    expect(d100 / d400).toBeGreaterThan(2.5);
    expect(dNoisy).toBeGreaterThan(d100);
  });
});

describe('path and cue integration', () => {
  const jc = bumpThreshold(BETA, 0, 0);
  test('a kernel shift δ = κv moves the bump at a speed proportional to v', () => {
    const ring = new PbitRing({ n: 200, beta: BETA, j1: 2 * jc, j0: 0, bias: 0 }, new Rng(4));
    ring.seedBump(0);
    ring.sweep(50);
    const T = 200;
    const speed = (v: number) => {
      const p = pathIntegration(ring, Array(T).fill(v), 0.1, 1).phase;
      return (p[T - 1] - p[0]) / (T - 1);
    };
    const s1 = speed(0.5),
      s2 = speed(1),
      s0 = speed(0),
      sNeg = speed(-1);
    // phase SE over T sweeps ≈ √(2 D T) with D ≲ 0.005 rad²/sweep: 5 SE of a speed ≈ 5·√(2·0.005/T)/1 ≈ 0.035 rad/sweep
    const tol = 5 * Math.sqrt((2 * 0.005) / T);
    expect(Math.abs(s2 - 2 * s1)).toBeLessThan(tol * 2);
    expect(Math.abs(s0)).toBeLessThan(tol);
    expect(Math.abs(sNeg + s2)).toBeLessThan(tol * 2);
    expect(s2).toBeGreaterThan(0.05);
  });

  test('two noisy cues are combined with the Bayes-optimal inverse-variance weight (within 5 SE)', () => {
    const r = cueIntegration(
      { ring: { n: 200, beta: BETA, j1: 2 * jc, j0: 0, bias: 0 }, sigma1: 0.2, sigma2: 0.4, gain: 0.01, trials: 150, settle: 30, read: 80 },
      new Rng(5),
    );
    expect(Math.abs(r.weight1 - r.weight1Bayes)).toBeLessThan(5 * r.weight1Se);
    expect(Math.abs(r.meanDiff)).toBeLessThan(5 * r.seDiff);
    // the combined estimate beats each cue alone (Bayes 0.179 vs cue 1 0.2 at these noise levels)
    expect(r.rmsNetwork).toBeLessThan(r.rmsCue2);
  });
});

describe('ring of device p-bits', () => {
  const jc = bumpThreshold(BETA, 0, 0);
  test('sot-highbarrier neurons (an exact logistic law) give the mean-field bump; vcma neurons form a bump too', () => {
    const cfg: RingConfig = { n: 400, beta: BETA, j1: 2 * jc, j0: 0, bias: 0 };
    const sot = pbitDevice('pbit/sot-highbarrier', 'ren2024');
    const ring = new PbitRing(cfg, new Rng(6), sot.chip(cfg.n, new Rng(7)), sot.effective.beta);
    ring.randomise();
    const a = amplitude(ring);
    expect(Math.abs(a.mean - meanFieldBump(BETA, cfg.j1, 0, 0).r)).toBeLessThan(5 * a.se + 1 / cfg.n);
    const vcma = pbitDevice('pbit/vcma');
    const rv = new PbitRing(cfg, new Rng(8), vcma.chip(cfg.n, new Rng(9)), vcma.effective.beta);
    rv.randomise();
    // a bump, far above the sub-threshold fluctuation level of an equivalent logistic ring
    expect(amplitude(rv).mean).toBeGreaterThan(5 * subThresholdAmplitude({ ...cfg, j1: 0.5 * jc }));
  });
});
