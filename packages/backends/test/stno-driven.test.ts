/**
 * Driven, coupled STNOs (issue 13 item 3; docs/oscillators.md §5.3): the simulated injection-locking
 * band against the analytic Adler/Slavin–Tiberkevich half-width Ω = F √(1+ν²)/√p0.
 */
import { describe, expect, test } from 'vitest';
import { DrivenStnoArray, adlerLockingHalfWidth, stnoFromValues, stnoParamSpecs } from '@spinsnn/backends';

const params = stnoFromValues(Object.fromEntries(stnoParamSpecs.map((s) => [s.name, s.default])));
const RUN = { dt: 50e-12, settle: 300e-9, measure: 300e-9 };

/** Edge of the locking band on one side, by bisection on the detuning (12 halvings: 0.02 % of Ω). */
function edge(a: DrivenStnoArray, f: number, omegaAn: number, sign: number): number {
  const w0 = a.freeOmega(0);
  let lo = 0.5 * omegaAn,
    hi = 1.5 * omegaAn;
  for (let it = 0; it < 12; it++) {
    const m = (lo + hi) / 2;
    if (a.run([{ amplitude: f, omega: w0 + sign * m }], w0, RUN).locked[0]) lo = m;
    else hi = m;
  }
  return (lo + hi) / 2;
}

describe('injection locking of one STNO', () => {
  for (const [zeta, lockHz] of [
    [1.5, 10e6],
    [2.5, 15e6],
  ] as const) {
    test(`ζ = ${zeta}, Ω/2π = ${lockHz / 1e6} MHz: both band edges within 3 % of the analytic half-width`, () => {
      const a = new DrivenStnoArray(1, params);
      a.current[0] = zeta * a.derived.ith;
      const f = (2 * Math.PI * lockHz) / adlerLockingHalfWidth(a.derived, zeta, 1);
      const omegaAn = adlerLockingHalfWidth(a.derived, zeta, f);
      // 3 %: the analytic form neglects O(Ω/(2 b p0)) corrections of the adiabatic amplitude
      // elimination (Ω ≤ 9.4e7 /s against 2 b p0 ≥ 5.8e8 /s) and the finite window (a slip
      // slower than π per 300 ns counts as locked: a beat of 1/(2·300 ns) ≈ 1.7 MHz at the edge,
      // δΩ/Ω ≈ (beat/Ω)²/2 ≤ 1.4 % for Ω/2π ≥ 10 MHz)
      expect(edge(a, f, omegaAn, 1) / omegaAn).toBeGreaterThan(0.97);
      expect(edge(a, f, omegaAn, 1) / omegaAn).toBeLessThan(1.03);
      expect(edge(a, f, omegaAn, -1) / omegaAn).toBeGreaterThan(0.97);
      expect(edge(a, f, omegaAn, -1) / omegaAn).toBeLessThan(1.03);
    });
  }

  test('locked oscillator runs at the input frequency; unlocked far-detuned one keeps its own', () => {
    const a = new DrivenStnoArray(2, params);
    a.current[0] = 1.5 * a.derived.ith;
    a.current[1] = 1.52 * a.derived.ith; // ≈ 150 MHz higher
    const f = (2 * Math.PI * 10e6) / adlerLockingHalfWidth(a.derived, 1.5, 1);
    const win = a.freeOmega(0) + 2 * Math.PI * 4e6;
    const r = a.run([{ amplitude: f, omega: win }], a.freeOmega(0), RUN);
    expect(Array.from(r.locked)).toEqual([1, 0]);
    expect(Math.abs(r.omega[0] - win) / (2 * Math.PI)).toBeLessThan(0.5e6);
    expect(Math.abs(r.omega[1] - a.freeOmega(1)) / (2 * Math.PI)).toBeLessThan(2e6);
  });

  test('refuses a step that does not resolve the detuning', () => {
    const a = new DrivenStnoArray(1, params);
    a.current[0] = 1.5 * a.derived.ith;
    expect(() => a.run([{ amplitude: 1e5, omega: a.freeOmega(0) + 2 * Math.PI * 5e9 }], a.freeOmega(0), { dt: 50e-12, settle: 1e-9, measure: 1e-9 })).toThrow(
      /detuning/,
    );
  });
});
