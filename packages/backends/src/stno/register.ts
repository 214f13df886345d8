/**
 * Registers the STNO with the device registry (`spinsnn device stno/oscillator`): power,
 * frequency, relaxation time and RF amplitude vs current, with an optional macrospin-LLG overlay.
 */
import { ns, ps, registerBackend, registerModel, type CharacteriseOptions, type Curve, type ParamValues } from '@spinsnn/core';
import { llgStnoSteadyState } from './calibration.js';
import { generationFrequency, relaxationTime, stationaryPower, stnoDerived, stnoFromValues, stnoParamSpecs, stnoPresets } from './params.js';

function characteriseStno(v: ParamValues, o: CharacteriseOptions): Curve[] {
  const p = stnoFromValues(v);
  const d = stnoDerived(p);
  const power: [number, number][] = [],
    freq: [number, number][] = [],
    relax: [number, number][] = [],
    amp: [number, number][] = [];
  for (let k = 0; k <= 60; k++) {
    const I = (3 * d.ith * k) / 60;
    power.push([I, stationaryPower(d, I)]);
    freq.push([I, generationFrequency(d, I)]);
    amp.push([I, p.cOut * Math.sqrt(stationaryPower(d, I))]);
    if (Math.abs(I / d.ith - 1) > 0.02) relax.push([I, relaxationTime(d, I)]);
  }
  const curves: Curve[] = [
    { name: 'power-vs-current', x: 'current', xUnit: 'A', y: 'normalised power p0', yUnit: '1', points: power },
    { name: 'frequency-vs-current', x: 'current', xUnit: 'A', y: 'generation frequency', yUnit: 'Hz', points: freq },
    { name: 'relaxation-time-vs-current', x: 'current', xUnit: 'A', y: 'amplitude relaxation time', yUnit: 's', points: relax },
    { name: 'rf-amplitude-vs-current', x: 'current', xUnit: 'A', y: 'RF amplitude cOut·√p0', yUnit: 'V', points: amp },
  ];
  if (o.llg) {
    const zetas = [0.9, 1.05, 1.1, 1.2, 1.5, 2, 2.5, 3];
    const settle = Math.max(150 * ns, 10 * relaxationTime(d, 1.05 * d.ith));
    const pts = llgStnoSteadyState(
      { ...p, temperature: 0 },
      zetas.map((z) => z * d.ith),
      { dt: 0.25 * ps, settle },
    );
    curves.push({
      name: 'power-vs-current (LLG macrospin, T = 0)',
      x: 'current',
      xUnit: 'A',
      y: 'normalised power (1 − m_z)/2',
      yUnit: '1',
      points: pts.map((q) => [q.current, q.p]),
    });
    curves.push({
      name: 'frequency-vs-current (LLG macrospin, T = 0)',
      x: 'current',
      xUnit: 'A',
      y: 'precession frequency',
      yUnit: 'Hz',
      points: pts.filter((q) => q.p > 1e-4).map((q) => [q.current, q.f]),
    });
  }
  return curves;
}

registerBackend({
  name: 'stno',
  description:
    'spin-torque nano-oscillators: nonlinear auto-oscillator model (power, phase, threshold, relaxation), rate neurons, time-multiplexed reservoirs, spin diodes',
});

registerModel({
  id: 'stno/oscillator',
  kind: 'oscillator',
  description: 'out-of-plane STNO, Slavin–Tiberkevich auto-oscillator: p0 = (ζ−1)/(ζ+Q), f = (ω0 + N p0)/2π; network neuron model `stno/rate`',
  params: stnoParamSpecs,
  presets: stnoPresets,
  characterise: characteriseStno,
});
