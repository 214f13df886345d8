/**
 * Registers the p-bit with the device registry (`spinsnn devices`, `spinsnn device pbit/telegraph`):
 * P(m = +1) vs input and dwell time vs barrier and input, with an optional macrospin-LLG overlay.
 */
import { ns, registerBackend, registerModel, type CharacteriseOptions, type Curve, type ParamValues } from '@spinsnn/core';
import { llgPbitDwell, llgPbitGain, llgPbitSigmoid } from './calibration.js';
import { dwellTimeIn, pbitFromValues, pbitParamSpecs, pbitPresets, pUp } from './device.js';
import { PbitTelegraphGroup } from './telegraph.js';

/** Largest barrier and attempt time the LLG overlay simulates (keeps `--llg` to about a second). */
const LLG_MAX_DELTA = 3;
const LLG_TAU0 = 0.5 * ns;

function characterisePbit(v: ParamValues, o: CharacteriseOptions): Curve[] {
  const p = pbitFromValues(v);
  const span = 3 / Math.max(p.beta, 1e-3);
  const sig: [number, number][] = [];
  for (let k = 0; k <= 60; k++) {
    const u = -span + (2 * span * k) / 60;
    sig.push([u, pUp(p.beta, u + p.offset)]);
  }
  const barrier: [number, number][] = [];
  for (let k = 0; k <= 30; k++) {
    const d = k * 0.5;
    barrier.push([d, p.tau0 * Math.exp(d)]);
  }
  const up: [number, number][] = [],
    down: [number, number][] = [];
  for (let k = 0; k <= 40; k++) {
    const u = -span + (2 * span * k) / 40;
    up.push([u, dwellTimeIn(p, 1, u + p.offset)]);
    down.push([u, dwellTimeIn(p, -1, u + p.offset)]);
  }
  const curves: Curve[] = [
    { name: 'p-up-vs-input', x: 'input u', xUnit: '1', y: 'P(m = +1)', yUnit: '1', points: sig },
    { name: 'dwell-vs-barrier', x: 'barrier Δ', xUnit: 'kB·T', y: 'mean dwell time τ0·e^Δ', yUnit: 's', points: barrier },
    { name: 'dwell-up-vs-input', x: 'input u', xUnit: '1', y: 'mean dwell time in +1', yUnit: 's', points: up },
    { name: 'dwell-down-vs-input', x: 'input u', xUnit: '1', y: 'mean dwell time in −1', yUnit: 's', points: down },
  ];
  if (o.llg) {
    // the stationary law does not depend on τ0 or α, so a fast low-barrier macrospin shows the shape
    const dLlg = Math.min(p.delta, LLG_MAX_DELTA);
    const g = llgPbitGain(dLlg);
    const us = Array.from({ length: 9 }, (_, k) => -span + (2 * span * k) / 8);
    const pts = llgPbitSigmoid(
      dLlg,
      us.map((u) => (p.beta * (u + p.offset)) / g),
      { tau0: LLG_TAU0, seed: o.seed },
    );
    curves.push({
      name: `p-up-vs-input (LLG macrospin, Δ = ${dLlg.toFixed(2)}, STT i = βu/g)`,
      x: 'input u',
      xUnit: '1',
      y: 'P(m = +1)',
      yUnit: '1',
      points: pts.map((q, k) => [us[k], q.pUp]),
    });
    const tau0 = Math.min(p.tau0, 1 * ns);
    const dw: [number, number][] = [];
    for (const d of [1, 2, 3]) dw.push([d, llgPbitDwell(d, { tau0, seed: o.seed, spins: 8, dwells: 20 }).mean]);
    curves.push({
      name: `dwell-vs-barrier (LLG macrospin, τ0 = ${tau0 / ns} ns via Brown's prefactor)`,
      x: 'barrier Δ',
      xUnit: 'kB·T',
      y: 'mean dwell time',
      yUnit: 's',
      points: dw,
    });
  }
  return curves;
}

registerBackend({
  name: 'pbit',
  description: 'stochastic-MTJ p-bits: Gibbs updates on sparse graphs and continuous-time telegraph neurons (β, offsets, dwell times, energy per flip)',
});

registerModel({
  id: 'pbit/telegraph',
  kind: 'neuron',
  aliases: ['pbit'],
  description:
    'stochastic MTJ p-bit: P(m=+1) = σ(2β(u+offset)), telegraph dwell τ0·e^(Δ ± βu); continuous-time flips as autonomous events, a spike on each flip into +1',
  integrations: ['event'],
  receptors: ['bias'],
  weightUnit: '1 (persistent shift of the dimensionless p-bit input)',
  stateNames: ['m', 'u'],
  exampleWeight: 0.2,
  params: pbitParamSpecs,
  presets: pbitPresets,
  ideal: { betaSpread: 0, offsetSpread: 0, offset: 0 },
  createGroup: (size, params, _integration, _dt, options) => new PbitTelegraphGroup(size, pbitFromValues(params), options?.kernel ?? 'auto'),
  characterise: characterisePbit,
});
