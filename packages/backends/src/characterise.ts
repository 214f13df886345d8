import { EnergyLedger, Rng } from '@spinsnn/core';
import { criticalCurrent50, switchingProbability, type SwitchingParams } from './switching.js';
import { standaloneContext } from './store-base.js';
import type { DeviceSynapseStore } from './types.js';
import type { Curve, SynapseDeviceContext } from '@spinsnn/core';

/** Shared curve builders for `characterise`: conductance cycles and switching probabilities. */

export function curve(name: string, x: string, xUnit: string, y: string, yUnit: string, points: [number, number][]): Curve {
  return { name, x, xUnit, y, yUnit, points };
}

/** Pulse widths at which P(I) is shown, and currents at which P(t_p) is shown. */
export const WIDTHS = [1e-9, 10e-9, 100e-9];

/**
 * P_sw vs current for several pulse widths and vs width at I50(10 ns), closed form, plus a
 * Monte-Carlo estimate (`samples` Bernoulli draws per point) so the plot shows the sampling.
 */
export function switchingCurves(sw: SwitchingParams, seed: number, samples = 2000): Curve[] {
  const out: Curve[] = [];
  const rng = new Rng(seed, 7);
  for (const tp of WIDTHS) {
    const i50 = criticalCurrent50(sw, tp);
    const pts: [number, number][] = [];
    const mc: [number, number][] = [];
    for (let k = 0; k <= 40; k++) {
      const I = i50 * (0.8 + (0.4 * k) / 40);
      const P = switchingProbability(sw, I, tp);
      pts.push([I, P]);
      if (k % 4 === 0) {
        let hits = 0;
        for (let r = 0; r < samples; r++) if (rng.uniform() < P) hits++;
        mc.push([I, hits / samples]);
      }
    }
    const ns = Math.round(tp * 1e9);
    out.push(curve(`psw-vs-current@${ns}ns`, 'pulse current', 'A', 'switching probability', '1', pts));
    out.push(curve(`psw-vs-current@${ns}ns (Monte Carlo, ${samples} pulses)`, 'pulse current', 'A', 'switching probability', '1', mc));
  }
  const iRef = criticalCurrent50(sw, 10e-9);
  const wPts: [number, number][] = [];
  for (let k = 0; k <= 40; k++) {
    const tp = 1e-10 * Math.pow(10, (4 * k) / 40); // 0.1 ns … 1 µs
    wPts.push([tp, switchingProbability(sw, iRef, tp)]);
  }
  out.push(curve('psw-vs-width@I50(10ns)', 'pulse width', 's', 'switching probability', '1', wPts));
  const i50: [number, number][] = [];
  for (let k = 0; k <= 30; k++) {
    const tp = 1e-9 * Math.pow(10, (3 * k) / 30);
    i50.push([tp, criticalCurrent50(sw, tp)]);
  }
  out.push(curve('i50-vs-width', 'pulse width', 's', '50 % switching current', 'A', i50));
  return out;
}

/**
 * Conductance vs pulse number over an ensemble of devices: `up` potentiating pulses then `down`
 * depressing pulses of the device's nominal pulse; mean and mean ± σ across the ensemble
 * (device-to-device and cycle-to-cycle variation make the band).
 */
export function cycleCurves(
  make: (ctx: SynapseDeviceContext) => DeviceSynapseStore,
  devices: number,
  up: number,
  down: number,
  seed: number,
  initialWeight = 0,
): Curve[] {
  const store = make(
    standaloneContext({ size: devices, rng: new Rng(seed, 11), ledger: new EnergyLedger(), initialWeights: new Float64Array(devices).fill(initialWeight) }),
  );
  const mean: [number, number][] = [];
  const lo: [number, number][] = [];
  const hi: [number, number][] = [];
  const snap = (k: number) => {
    // two passes: s2/N − m² would cancel catastrophically when the spread is tiny
    let s1 = 0;
    for (let s = 0; s < devices; s++) s1 += store.conductance(s);
    const m = s1 / devices;
    let s2 = 0;
    for (let s = 0; s < devices; s++) s2 += (store.conductance(s) - m) ** 2;
    const sd = Math.sqrt(s2 / devices);
    mean.push([k, m]);
    lo.push([k, m - sd]);
    hi.push([k, m + sd]);
  };
  snap(0);
  const pot = { ...store.nominalPulse, polarity: 1 as const };
  const dep = { ...store.nominalPulse, polarity: -1 as const };
  for (let k = 1; k <= up + down; k++) {
    const pulse = k <= up ? pot : dep;
    for (let s = 0; s < devices; s++) store.applyPulse(s, pulse, k * pulse.width);
    snap(k);
  }
  return [
    curve('conductance-vs-pulse (mean)', 'pulse number', '1', 'conductance', 'S', mean),
    curve('conductance-vs-pulse (mean − σ)', 'pulse number', '1', 'conductance', 'S', lo),
    curve('conductance-vs-pulse (mean + σ)', 'pulse number', '1', 'conductance', 'S', hi),
  ];
}
