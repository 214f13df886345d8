import { describe, expect, it } from 'vitest';
import { ns, us } from '@spinsnn/core';
import {
  criticalCurrent50,
  currentForProbability,
  dwellTime,
  precessionalTime,
  retentionFlipProbability,
  switchingProbability,
  type SwitchingParams,
} from '@spinsnn/backends';

// Compact thermal-activation model of docs/physics.md §2, checked against the numbers that file
// derives ([D]) — re-derived here by hand where the file asks for it.
const base: SwitchingParams = { delta: 60, ic0: 1, tau0: 1 * ns, exponent: 1, tauD: 2.3 * ns };

describe('thermal activation (docs/physics.md §2.1)', () => {
  it('dwell time at zero current is τ0·e^Δ (the §2.1 table)', () => {
    // table: Δ = 10 → 22 µs, 20 → 0.49 s, 40 → 7.4 yr (values quoted to 2 digits: 3 % tolerance)
    const year = 365.25 * 24 * 3600;
    expect(dwellTime({ ...base, delta: 10 }, 0) / (22 * us)).toBeCloseTo(1, 1);
    expect(Math.abs(dwellTime({ ...base, delta: 20 }, 0) / 0.49 - 1)).toBeLessThan(0.03);
    expect(Math.abs(dwellTime({ ...base, delta: 40 }, 0) / (7.4 * year) - 1)).toBeLessThan(0.03);
  });

  it('P_sw = 1 − exp(−t_p/τ(I)) with τ = τ0 exp(Δ(1 − I/Ic0)^n)', () => {
    for (const n of [1, 1.5, 2]) {
      const p = { ...base, exponent: n };
      for (const I of [0.2, 0.5, 0.8, 0.95]) {
        const tau = 1e-9 * Math.exp(60 * Math.pow(1 - I, n));
        expect(switchingProbability(p, I, 10 * ns)).toBeCloseTo(1 - Math.exp(-10e-9 / tau), 14);
      }
    }
  });

  it('I50/Ic0 = 0.994, 0.956, 0.917, 0.879 for t_p = 1 ns … 1 µs at Δ = 60 (docs/physics.md §2.2)', () => {
    const widths = [1 * ns, 10 * ns, 100 * ns, 1 * us];
    const expected = [0.994, 0.956, 0.917, 0.879]; // quoted to 3 decimals
    widths.forEach((tp, k) => {
      const i50 = criticalCurrent50(base, tp);
      expect(Math.abs(i50 - expected[k])).toBeLessThan(0.0006);
      expect(switchingProbability(base, i50, tp)).toBeCloseTo(0.5, 12);
    });
  });

  it('slope at I50 is ½ ln2 Δ/Ic0 (docs/physics.md §2.2, n = 1)', () => {
    const tp = 10 * ns;
    const i50 = criticalCurrent50(base, tp);
    const h = 1e-7;
    const slope = (switchingProbability(base, i50 + h, tp) - switchingProbability(base, i50 - h, tp)) / (2 * h);
    // central difference error O(h²·P''') ≪ 1e-6 relative
    expect(slope / (0.5 * Math.LN2 * 60)).toBeCloseTo(1, 5);
  });

  it('precessional time at 2 Ic0 with the ARM set (τD 2.3 ns, Δ 70) is 6.7 ns (docs/physics.md §2.3)', () => {
    const p = { ...base, delta: 70 };
    expect(precessionalTime(p, 2)).toBeGreaterThan(6.65e-9);
    expect(precessionalTime(p, 2)).toBeLessThan(6.75e-9);
    expect(switchingProbability(p, 2, 6.8 * ns)).toBe(1);
    expect(switchingProbability(p, 2, 6.6 * ns)).toBeCloseTo(1 - Math.exp(-6.6), 12);
  });

  it('P is continuous at Ic0 and non-decreasing in current and in width', () => {
    const below = switchingProbability(base, 1 - 1e-12, 3 * ns);
    const above = switchingProbability(base, 1 + 1e-12, 3 * ns);
    expect(Math.abs(below - above)).toBeLessThan(1e-9);
    let prev = 0;
    for (let k = 0; k <= 400; k++) {
      const P = switchingProbability(base, (3 * k) / 400, 10 * ns);
      expect(P).toBeGreaterThanOrEqual(prev);
      prev = P;
    }
    prev = 0;
    for (let k = 0; k <= 200; k++) {
      const P = switchingProbability(base, 0.93, 1e-10 * Math.pow(10, k / 40));
      expect(P).toBeGreaterThanOrEqual(prev);
      prev = P;
    }
  });

  it('currentForProbability inverts P_sw across both regimes', () => {
    for (const n of [1, 2]) {
      const p = { ...base, exponent: n };
      for (const tp of [1 * ns, 10 * ns, 1 * us]) {
        for (const prob of [1e-6, 0.01, 0.3, 0.5, 0.9, 0.999]) {
          const I = currentForProbability(p, prob, tp);
          if (prob <= 1 - Math.exp(-tp / p.tau0)) expect(switchingProbability(p, I, tp)).toBeCloseTo(prob, 9);
        }
        expect(switchingProbability(p, currentForProbability(p, 1, tp), tp)).toBe(1);
      }
    }
  });

  it('retention flip probability is 1 − exp(−t/(τ0 e^Δ))', () => {
    expect(retentionFlipProbability(10, 1e-9, 22e-6)).toBeCloseTo(1 - Math.exp(-22e-6 / (1e-9 * Math.exp(10))), 14);
    expect(retentionFlipProbability(60, 1e-9, 0)).toBe(0);
  });
});
