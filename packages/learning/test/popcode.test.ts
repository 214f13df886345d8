/**
 * Population coding with superparamagnetic MTJs (docs/probabilistic.md §3): tuning curves of the
 * simulated telegraph counts against the closed-form rate and Fano factor, the maximum-likelihood
 * decoder against the Cramér–Rao bound, learned decoders and interlinked populations.
 */
import { describe, expect, test } from 'vitest';
import { Rng } from '@spinsnn/core';
import { pbitDevice } from '@spinsnn/backends';
import {
  countSwitches,
  cramerRaoSd,
  deltaRule,
  encodePulsed,
  fitLeastSquares,
  makePopulation,
  mlDecode,
  encode,
  runInterlinked,
  runPopcode,
  switchFano,
  tuningRate,
  decode,
} from '@spinsnn/learning';

const TAU = 10e-9;
const rngFor = (seed: number) => (s: number) => new Rng(seed, s);

describe('tuning curves', () => {
  const pop = makePopulation({ n: 3, xMin: -1, xMax: 1, tauC: TAU }, new Rng(1));
  test('mean switch rate = 1/(τ_c cosh(a(x − c))) within 5 SE, for a short and a long window', () => {
    const rng = new Rng(2);
    for (const window of [3 * TAU, 200 * TAU]) {
      for (const x of [-1, -0.6, 0, 0.3]) {
        const K = window < 10 * TAU ? 8000 : 600;
        let s = 0,
          s2 = 0;
        for (let k = 0; k < K; k++) {
          const n = countSwitches(pop, 1, x, window, rng);
          s += n;
          s2 += n * n;
        }
        const mean = s / K,
          sd = Math.sqrt(s2 / K - mean * mean);
        // the stationary telegraph process switches at exactly r per unit time, whatever the window
        expect(Math.abs(mean / window - tuningRate(pop, 1, x))).toBeLessThan((5 * sd) / Math.sqrt(K) / window);
      }
    }
  });

  test('long-window Fano factor = 2 − sech²(z) (1 at the peak, towards 2 in the tails)', () => {
    const rng = new Rng(3);
    const window = 400 * TAU;
    for (const x of [0, 0.5, 1.0]) {
      const K = 1500;
      let s = 0,
        s2 = 0;
      for (let k = 0; k < K; k++) {
        const n = countSwitches(pop, 1, x, window, rng);
        s += n;
        s2 += n * n;
      }
      const mean = s / K,
        v = s2 / K - mean * mean;
      // SE of a sample variance ≈ v √(2/K) (near-Gaussian counts); the O(τ/T) finite-window
      // correction is below 1 % here
      expect(Math.abs(v / mean / switchFano(pop, 1, x) - 1)).toBeLessThan(5 * Math.sqrt(2 / K) + 0.01);
    }
  });
});

describe('decoders', () => {
  test('maximum likelihood attains the Cramér–Rao bound of the 9-junction population (long window)', () => {
    const pop = makePopulation({ n: 9, xMin: -1, xMax: 1, tauC: TAU }, new Rng(4));
    const window = 500 * TAU;
    const rng = new Rng(5);
    const r = new Float64Array(9);
    for (const x of [-0.4, 0.1]) {
      const K = 600;
      let se = 0;
      for (let k = 0; k < K; k++) se += (mlDecode(pop, encode(pop, x, window, rng, r), window, -1.5, 1.5) - x) ** 2;
      const ratio = se / K / cramerRaoSd(pop, x, window) ** 2;
      // the MSE of K errors has relative SE √(2/K) (Gaussian errors): 5 SE = 29 %
      expect(Math.abs(ratio - 1)).toBeLessThan(5 * Math.sqrt(2 / K));
    }
  });

  test('least squares and the delta rule learn sin(πx) from counts; error falls with the window and N', () => {
    const base = {
      population: { n: 9, xMin: -1, xMax: 1, tauC: TAU },
      window: 50 * TAU,
      target: 'sin' as const,
      decoder: 'lsq' as const,
      train: 1500,
      test: 200,
      seed: 1,
    };
    const short = runPopcode({ ...base, window: 5 * TAU }, rngFor(1));
    const long = runPopcode(base, rngFor(1));
    const big = runPopcode({ ...base, population: { ...base.population, n: 33 } }, rngFor(1));
    expect(long.rmse).toBeLessThan(0.6 * short.rmse);
    expect(big.rmse).toBeLessThan(long.rmse);
    expect(long.rmse).toBeLessThan(0.15);
    const delta = runPopcode({ ...base, decoder: 'delta' }, rngFor(1));
    expect(delta.rmse).toBeLessThan(2 * long.rmse);
  });

  test('identity decoding by least squares never beats the Cramér–Rao bound', () => {
    const r = runPopcode(
      { population: { n: 9, xMin: -1, xMax: 1, tauC: TAU }, window: 100 * TAU, target: 'identity', decoder: 'lsq', train: 2000, test: 400, seed: 2 },
      rngFor(2),
    );
    // relative SE of an RMS over 400 points ≈ 1/√(2·400) = 3.5 %: 5 SE below the bound is 0.82
    expect(r.rmse).toBeGreaterThan(0.82 * r.crbRms);
  });

  test('device variation: a decoder learned on the devices beats one computed for nominal devices', () => {
    const pop = { n: 9, xMin: -1, xMax: 1, tauC: TAU, centreSpread: 0.3, sensitivitySpread: 0.2, barrierSpread: 0.3 };
    const r = runPopcode({ population: pop, window: 100 * TAU, target: 'square', decoder: 'lsq', train: 1500, test: 200, seed: 3 }, rngFor(3));
    expect(r.rmse).toBeLessThan(0.5 * r.rmseNominalDecoder);
  });

  test('least squares solves a known linear system exactly; the delta rule converges to it', () => {
    const rng = new Rng(9);
    const X: Float64Array[] = [],
      Y: number[] = [];
    for (let k = 0; k < 300; k++) {
      const f = Float64Array.from({ length: 4 }, () => rng.normal());
      X.push(f);
      Y.push(0.5 + 2 * f[0] - f[1] + 0.25 * f[3]);
    }
    const d = fitLeastSquares(X, Y, 0);
    [2, -1, 0, 0.25].forEach((w, i) => expect(d.weights[i]).toBeCloseTo(w, 8));
    expect(d.bias).toBeCloseTo(0.5, 8);
    const dl = deltaRule(X, Y, new Rng(1), { epochs: 200 });
    expect(Math.abs(decode(dl, X[0]) - Y[0])).toBeLessThan(1e-3);
  });
});

describe('interlinked populations and pulsed devices', () => {
  test('A → B learns the Gaussian bump through B (end-to-end error well below the target spread)', () => {
    const r = runInterlinked(
      {
        population: { n: 17, xMin: -1, xMax: 1, tauC: TAU },
        populationB: { n: 17, xMin: -0.3, xMax: 1.3, tauC: TAU },
        window: 100 * TAU,
        target: 'bump',
        decoder: 'delta',
        train: 600,
        test: 100,
        seed: 1,
        epochs: 10,
      },
      rngFor(4),
    );
    // the bump has standard deviation ≈ 0.35 over [−1, 1]: learning must cut that by 4×
    expect(r.rmse).toBeLessThan(0.09);
  });

  test('a population of sot-highbarrier p-bits: change-count rate = 2p(1 − p) per pulse within 5 SE', () => {
    const chip = pbitDevice('pbit/sot-highbarrier').chip(4, new Rng(1));
    const us = [-2, -0.5, 0, 1];
    const pulses = 20000;
    const out = encodePulsed(chip, (i) => us[i], pulses, new Rng(2), new Float64Array(4));
    for (let i = 0; i < 4; i++) {
      const q = chip.pUp(i, us[i]);
      const e = 2 * q * (1 - q);
      // change indicators of successive pulses are 1-dependent: var ≤ 3·e(1 − e)/pulses
      expect(Math.abs(out[i] - e)).toBeLessThan(5 * Math.sqrt((3 * e * (1 - e)) / pulses));
    }
  });
});
