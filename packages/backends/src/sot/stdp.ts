import { currentForProbability, type SwitchingParams } from '../switching.js';

/**
 * Spike timing → pulse, for stochastic pulse STDP on SOT devices (docs/physics.md §8.4): the pulse's
 * amplitude is chosen so its switching probability is P = pMax · exp(−|Δt|/τ), with Δt = t_post −
 * t_pre. Δt > 0 (pre before post) potentiates, Δt < 0 depresses; E[Δw] = P · ΔG_step. The pulse is
 * written into `out` (no allocation); apply it with `store.applyPulse(s, out, t)`.
 */
export interface TimingPulseOptions {
  /** STDP time constant (s). */
  readonly tau: number;
  /** Switching probability at Δt = 0 (0 < pMax ≤ 1). */
  readonly pMax: number;
  /** Pulse width (s), usually the store's nominalPulse.width. */
  readonly width: number;
}

/** The SOT pulse for spike-timing difference `dt`: switching probability pMax·exp(−|dt|/τ), sign by the order of the spikes. */
export function timingPulse(
  sw: SwitchingParams,
  dt: number,
  o: TimingPulseOptions,
  out: { polarity: 1 | -1; amplitude: number; width: number },
): { polarity: 1 | -1; amplitude: number; width: number } {
  const p = o.pMax * Math.exp(-Math.abs(dt) / o.tau);
  out.polarity = dt >= 0 ? 1 : -1;
  out.width = o.width;
  out.amplitude = currentForProbability(sw, p, o.width);
  return out;
}
