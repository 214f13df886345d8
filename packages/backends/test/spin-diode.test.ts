/**
 * Spin-diode synapse (issue 13 item 4; docs/oscillators.md §4.1): the rectified voltage against
 * the closed-form Lorentzian lineshape, its peak, and the registered device's curves.
 */
import { describe, expect, test } from 'vitest';
import { characteriseDevice, spinDiodePeak, spinDiodeVoltage } from '@spinsnn/backends';

describe('spin-diode lineshape', () => {
  const d = { fr: 1e9, linewidth: 2e7, kRect: 1e3, symmetric: 0.3, antisymmetric: 1 };
  test('symmetric part: V = k I² S/2 at one half-width, k I² S at resonance; antisymmetric part odd in f − f_r', () => {
    const i = 1e-4,
      v0 = d.kRect * i * i;
    expect(spinDiodeVoltage(d, d.fr, i)).toBeCloseTo(v0 * d.symmetric, 15);
    const up = spinDiodeVoltage(d, d.fr + d.linewidth, i),
      down = spinDiodeVoltage(d, d.fr - d.linewidth, i);
    // L(±Γ) = 1/2 and L_a(±Γ) = ±1/2
    expect((up + down) / 2).toBeCloseTo((v0 * d.symmetric) / 2, 15);
    expect((up - down) / 2).toBeCloseTo((v0 * d.antisymmetric) / 2, 15);
    // V0 ∝ I_rf²
    expect(spinDiodeVoltage(d, d.fr + 3e6, 2 * i) / spinDiodeVoltage(d, d.fr + 3e6, i)).toBeCloseTo(4, 12);
  });

  test('the peak detuning solves A x² + 2 S x − A = 0; a dense sweep finds the same maximum', () => {
    const pk = spinDiodePeak(d.symmetric, d.antisymmetric);
    let best = -Infinity,
      at = 0;
    for (let k = -50000; k <= 50000; k++) {
      const x = k / 10000;
      const v = spinDiodeVoltage({ ...d, kRect: 1 }, d.fr + x * d.linewidth, 1);
      if (v > best) {
        best = v;
        at = x;
      }
    }
    expect(at).toBeCloseTo(pk.x, 3);
    expect(best).toBeCloseTo(pk.value, 6);
  });

  test('the registered stno/spin-diode sweeps V_dc(f) at three resonance shifts', () => {
    const { curves } = characteriseDevice('stno/spin-diode');
    expect(curves).toHaveLength(3);
    // shifting f_r by 2Γ moves the curve rigidly by 2Γ (same peak value)
    const peak = (c: { points: [number, number][] }) => c.points.reduce((m, p) => (p[1] > m[1] ? p : m));
    const [a, b] = [peak(curves[0]), peak(curves[1])];
    expect(b[0] - a[0]).toBeCloseTo(2 * 20e6, -5);
    expect(b[1]).toBeCloseTo(a[1], 12);
  });
});
