/**
 * Registers the spin-Hall nano-oscillator (`spinsnn device shno/oscillator`, docs/oscillators.md §6):
 * generation frequency, power and single-oscillator linewidth vs current (closed forms of the
 * universal model); array synchronisation and Q vs N are `spinsnn shno sync`.
 */
import { registerBackend, registerModel, type Curve, type ParamValues } from '@spinsnn/core';
import { shnoDerived, shnoFromValues, shnoNu, shnoParamSpecs, shnoPresets } from './params.js';

function characteriseShno(v: ParamValues): Curve[] {
  const p = shnoFromValues(v);
  const d = shnoDerived(p);
  const freq: [number, number][] = [],
    power: [number, number][] = [],
    width: [number, number][] = [];
  for (let k = 1; k <= 60; k++) {
    const zeta = (3 * k) / 60;
    const I = zeta * d.ith;
    const p0 = zeta > 1 ? (zeta - 1) / (zeta + d.q) : 0;
    power.push([I, p0]);
    freq.push([I, (d.omega0 + d.n * p0) / (2 * Math.PI)]);
    if (zeta > 1.05) {
      const nu = shnoNu(p, zeta);
      width.push([I, (d.d * (1 + nu * nu)) / p0 / (2 * Math.PI)]);
    }
  }
  return [
    { name: 'frequency-vs-current', x: 'current', xUnit: 'A', y: 'generation frequency', yUnit: 'Hz', points: freq },
    { name: 'power-vs-current', x: 'current', xUnit: 'A', y: 'normalised power p0', yUnit: '1', points: power },
    { name: 'linewidth-vs-current', x: 'current', xUnit: 'A', y: 'single-oscillator FWHM D(1+ν²)/(2π p0)', yUnit: 'Hz', points: width },
  ];
}

registerBackend({
  name: 'shno',
  description: 'spin-Hall nano-oscillators: universal auto-oscillator rates, mutually synchronised 2-D arrays (Zahedinejad 2020), array reservoirs',
});

registerModel({
  id: 'shno/oscillator',
  kind: 'oscillator',
  description: 'spin-Hall nano-oscillator (nano-constriction), universal model in its rates; 2-D arrays synchronise, Q ∝ N',
  params: shnoParamSpecs,
  presets: shnoPresets,
  characterise: characteriseShno,
});
