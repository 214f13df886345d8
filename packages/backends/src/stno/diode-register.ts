/**
 * Registers the spin diode (`stno/spin-diode`, docs/oscillators.md §4.1) as a device: its
 * rectified dc voltage vs input frequency (Lorentzian lineshapes) at three resonance shifts, the
 * tuning that sets an RF synapse's weight.
 */
import { registerModel, GHz, MHz, uA, type ParamValues, type Curve } from '@spinsnn/core';
import { spinDiodeVoltage } from './diode.js';

function characteriseDiode(v: ParamValues): Curve[] {
  const curves: Curve[] = [];
  for (const shift of [-2, 0, 2]) {
    const d = { fr: v.fr + shift * v.linewidth, linewidth: v.linewidth, kRect: v.kRect, symmetric: v.symmetric, antisymmetric: v.antisymmetric };
    const points: [number, number][] = [];
    for (let k = 0; k <= 120; k++) {
      const f = v.fr + ((k - 60) / 10) * v.linewidth;
      points.push([f, spinDiodeVoltage(d, f, v.iRf)]);
    }
    curves.push({
      name: `vdc-vs-frequency (resonance shifted by ${shift} Γ)`,
      x: 'input frequency',
      xUnit: 'Hz',
      y: 'rectified dc voltage',
      yUnit: 'V',
      points,
    });
  }
  return curves;
}

registerModel({
  id: 'stno/spin-diode',
  kind: 'cell',
  description: 'MTJ spin diode as an RF synapse: V_dc = k_rect I_rf² [S L(f) + A L_a(f)], weight tuned by shifting the resonance f_r (Ross 2023)',
  params: [
    {
      name: 'fr',
      unit: 'Hz',
      default: 1 * GHz,
      min: 0,
      minExclusive: true,
      description: 'resonance frequency f_r',
      source: 'docs/oscillators.md §4.1 [U: typical]',
    },
    {
      name: 'linewidth',
      unit: 'Hz',
      default: 20 * MHz,
      min: 0,
      minExclusive: true,
      description: 'half-width Γ of the resonance',
      source: 'docs/oscillators.md §4.1 [U: typical]',
    },
    {
      name: 'kRect',
      unit: 'V/A²',
      default: 1e3,
      min: 0,
      description: 'rectification coefficient k_rect (V0 = k_rect I_rf²)',
      source: 'docs/oscillators.md §4.1 [U: assumed]',
    },
    { name: 'symmetric', unit: '1', default: 0.3, description: 'weight S of the symmetric Lorentzian', source: 'docs/oscillators.md §4.1 [U]' },
    { name: 'antisymmetric', unit: '1', default: 1, description: 'weight A of the antisymmetric Lorentzian', source: 'docs/oscillators.md §4.1 [U]' },
    { name: 'iRf', unit: 'A', default: 100 * uA, min: 0, description: 'RF current amplitude of the characterisation sweep' },
  ],
  characterise: characteriseDiode,
});
