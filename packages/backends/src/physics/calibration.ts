/**
 * LLG ensembles that compact switching models are calibrated against (issue 4 item 4).
 */
import { Rng } from '@spinsnn/core';
import { MacrospinEnsemble, type MacrospinParams } from './llg.js';

/** One point of a switching-probability curve from the macrospin ensemble: drive and switched fraction. */
export interface SwitchingPoint {
  /** Drive value the caller applied (e.g. current in A, or h_DL in A/m). */
  readonly drive: number;
  /** Fraction of spins that reached m_z > threshold during the pulse. */
  readonly probability: number;
  /** Binomial standard error √(P(1−P)/spins). */
  readonly se: number;
}

/**
 * Switching probability of one pulse of `width` for each drive: `apply(params, drive)` sets the
 * pulse (current, h_DL, …) on a copy of `params`. Each of `spins` macrospins starts at −z, is
 * thermalised for `settle` seconds with the drive off, then pulsed; it counts as switched once
 * m_z > threshold during the pulse.
 */
export function llgSwitchingProbability(
  params: MacrospinParams,
  drives: readonly number[],
  apply: (p: MacrospinParams, drive: number) => void,
  o: { width: number; dt: number; spins?: number; settle?: number; threshold?: number; seed?: number },
): SwitchingPoint[] {
  const spins = o.spins ?? 256;
  const thr = o.threshold ?? 0.5;
  const pulseSteps = Math.max(1, Math.round(o.width / o.dt));
  const settleSteps = Math.round((o.settle ?? 0) / o.dt);
  const rng = new Rng(o.seed ?? 1, 43);
  const out: SwitchingPoint[] = [];
  for (const drive of drives) {
    const off: MacrospinParams = { ...params, hExt: [...params.hExt], demag: [...params.demag], p: [...params.p], sigma: [...params.sigma] };
    const on: MacrospinParams = { ...off };
    apply(on, drive);
    const e = new MacrospinEnsemble(spins, off, o.dt, rng);
    e.setAll(0, 0, -1);
    if (settleSteps > 0) e.advanceAll(settleSteps);
    const pulsed = new MacrospinEnsemble(spins, on, o.dt, rng);
    let switched = 0;
    for (let i = 0; i < spins; i++) {
      pulsed.set(i, e.mx[i], e.my[i], e.mz[i]);
      if (pulsed.mz[i] > thr) {
        switched++;
        continue;
      }
      pulsed.advance(i, pulseSteps, -1, -thr); // stop once m_z > thr
      if (pulsed.mz[i] > thr) switched++;
    }
    const pr = switched / spins;
    out.push({ drive, probability: pr, se: Math.sqrt((pr * (1 - pr)) / spins) });
  }
  return out;
}
