/**
 * LLG ground truth for the STNO (issue 4 item 4): the out-of-plane macrospin the
 * auto-oscillator model of params.ts abstracts. Thin film (N_z = 1), field H0 along +z, STT
 * polariser along −z with Λ = 1 (ε = P/2), so the same P gives the same σ in both models.
 *
 * For this axial geometry the macrospin is exact in closed form: it precesses on a cone with
 * p = (1 − m_z)/2 = (ζ − 1)/(Q + 1) at ω0 + 2 ω_M p (÷(1+α²)). The auto-oscillator model's
 * p0 = (ζ − 1)/(ζ + Q) agrees to first order in ζ − 1 (relative difference (ζ − 1)/(ζ + Q)).
 */
import { Rng, ps } from '@spinsnn/core';
import { MacrospinEnsemble, macrospinDefaults, type MacrospinParams } from '../physics/llg.js';
import { stnoDerived, type StnoParams } from './params.js';

/** Macrospin parameters equivalent to an STNO parameter set, for the LLG cross-check. */
export function llgStnoMacrospin(p: StnoParams): MacrospinParams {
  const d = stnoDerived(p);
  const m = macrospinDefaults();
  m.ms = p.ms;
  m.alpha = p.alpha;
  m.volume = d.volume;
  m.hk = 0;
  m.demag = [0, 0, 1];
  m.hExt = [0, 0, p.h0];
  m.p = [0, 0, -1];
  m.polarisation = p.polarisation;
  m.lambda = 1;
  m.temperature = 0;
  return m;
}

/** One point of an STNO's LLG steady state: drive current and normalised power. */
export interface LlgStnoPoint {
  readonly current: number;
  /** Normalised power (1 − m_z)/2 after the transient. */
  readonly p: number;
  /** Precession frequency (Hz) from the unwrapped azimuth. */
  readonly f: number;
}

/**
 * Steady state of the macrospin STNO at each current (T = 0): integrate `settle` seconds from a
 * 3° tilt, then measure p and the frequency over `measure` seconds.
 */
export function llgStnoSteadyState(p: StnoParams, currents: readonly number[], o: { dt?: number; settle?: number; measure?: number } = {}): LlgStnoPoint[] {
  const dt = o.dt ?? 1 * ps;
  const settle = Math.round((o.settle ?? 150e-9) / dt);
  const measure = Math.round((o.measure ?? 2e-9) / dt);
  const m = llgStnoMacrospin(p);
  const out: LlgStnoPoint[] = [];
  for (const current of currents) {
    m.current = current;
    const e = new MacrospinEnsemble(1, m, dt, new Rng(1));
    const th = (3 * Math.PI) / 180;
    e.set(0, Math.sin(th), 0, Math.cos(th));
    e.advance(0, settle);
    const f = Math.abs(e.precessionFrequency(0, measure));
    out.push({ current, p: (1 - e.mz[0]) / 2, f });
  }
  return out;
}
