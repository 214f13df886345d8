/**
 * SHNO arrays (issue 13 item 5; docs/oscillators.md §6): the single-oscillator linewidth from the
 * simulated phase diffusion against its closed form, mutual synchronisation of 2-D arrays and the
 * quality factor growing ∝ N (Zahedinejad 2020), and the registered model.
 */
import { describe, expect, test } from 'vitest';
import { Rng, getModel } from '@spinsnn/core';
import { ShnoArray, defaultShno, shnoNu } from '@spinsnn/backends';

const p = defaultShno();
const KAPPA = 2 * Math.PI * 100e6;
const PSI = Math.atan(shnoNu(p, 1.5));
const WINDOWS = 150; // relative error of each linewidth ≈ √(2/150) = 11.5 %

function run(side: number, seed: number, kappa = KAPPA) {
  const a = new ShnoArray(p, { rows: side, cols: side, zeta: 1.5, kappa, couplingPhase: PSI, rng: new Rng(seed, side) });
  return a.measure(0.05 / Math.max(kappa, a.derived.gammaG), 200e-9, 100e-9, WINDOWS);
}

describe('SHNO linewidth and synchronisation', () => {
  test('single SHNO: simulated FWHM = the parameter (D(1+ν²)/p0 closed form) within 3σ', () => {
    const r = run(1, 1, 0);
    expect(Math.abs(r.linewidth / p.linewidth - 1)).toBeLessThan(3 * Math.sqrt(2 / WINDOWS));
  });

  test('2×2 and 4×4 arrays synchronise in phase and Q grows ∝ N (ratio 4 within 3σ)', () => {
    const r4 = run(2, 2),
      r16 = run(4, 3);
    expect(r4.order).toBeGreaterThan(0.95);
    expect(r16.order).toBeGreaterThan(0.95);
    expect(r16.synchronised).toBe(1);
    // ratio of two estimates with 11.5 % error each: ≈ 16 % → 3σ ≈ ×/÷ 1.5
    const ratio = r16.q / r4.q;
    expect(ratio).toBeGreaterThan(4 / 1.5);
    expect(ratio).toBeLessThan(4 * 1.5);
    // and far narrower than one oscillator alone
    expect(r4.linewidth).toBeLessThan(p.linewidth / 4);
  });

  test('uncoupled, the summed output of 4 oscillators is not synchronised', () => {
    const r = run(2, 4, 0);
    expect(r.order).toBeLessThan(0.8);
  });

  test('shno/oscillator is registered with its preset', () => {
    const m = getModel('shno/oscillator');
    expect(m.kind).toBe('oscillator');
    expect(m.presets?.map((x) => x.name)).toContain('zahedinejad-2020');
  });
});
