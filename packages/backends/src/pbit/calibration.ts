/**
 * LLG ground truth for the p-bit (issue 4 item 4): a low-barrier uniaxial macrospin with a
 * collinear STT polariser (Λ = 1) is the physical p-bit the compact model abstracts.
 *
 * The axial macrospin's stationary distribution under a reduced current i = I/I_c0 is
 * P(z) ∝ exp(Δ(z² + 2iz)) (physics/theory.ts). Its two-state reduction is a p-bit with
 * P(up) ≈ σ(2 g i), g = 2Δ⟨|m_z|⟩₀: the slope at i = 0 is exact (dP/di = Δ⟨|m_z|⟩₀) and for
 * Δ → ∞ it tends to the telegraph form e^(4Δi) of docs/physics.md §3.4 (where ⟨|m_z|⟩ → 1). The
 * compact model's σ(2βu) therefore maps onto the macrospin with i = βu/g. Its time scale is Brown's: τ0 = (1+α²)/(α γ' H_k) √(π/Δ), so a preset's τ0
 * fixes H_k = (1+α²)√(π/Δ)/(α γ' τ0).
 */
import { Rng, mu0, ps } from '@spinsnn/core';
import { GAMMA_PRIME, MacrospinEnsemble, macrospinDefaults, type MacrospinParams } from '../physics/llg.js';
import { axialAverage, sttCriticalCurrent, volumeForStability } from '../physics/theory.js';

/** Options of the macrospin-LLG calibration of a p-bit (damping, attempt time, ensemble size, …). */
export interface LlgPbitOptions {
  /** Gilbert damping of the macrospin (the stationary P(up) does not depend on it; dwell times do). */
  readonly alpha?: number;
  /** Attempt time τ0 the macrospin should reproduce (s); sets H_k via Brown's prefactor. */
  readonly tau0?: number;
  /** Independent macrospins. */
  readonly spins?: number;
  /** Integration step (s). */
  readonly dt?: number;
  readonly seed?: number;
}

/** The macrospin p-bit: axial PMA, Ms = 1e6 A/m, 300 K, volume set by Δ, H_k set by τ0. */
export function llgPbitMacrospin(delta: number, o: LlgPbitOptions = {}): MacrospinParams {
  const alpha = o.alpha ?? 0.5;
  const tau0 = o.tau0 ?? 1e-9;
  const p = macrospinDefaults();
  p.ms = 1e6;
  p.alpha = alpha;
  p.temperature = 300;
  p.hk = ((1 + alpha * alpha) * Math.sqrt(Math.PI / Math.max(delta, 0.5))) / (alpha * GAMMA_PRIME * tau0);
  p.volume = volumeForStability(delta, p.ms, p.hk, p.temperature);
  p.p = [0, 0, 1];
  p.polarisation = 0.5;
  p.lambda = 1;
  return p;
}

/** Gain g = 2Δ⟨|m_z|⟩₀ of the macrospin p-bit per unit reduced current I/I_c0 (P(up) ≈ σ(2 g i)). */
export function llgPbitGain(delta: number): number {
  return 2 * delta * axialAverage(delta, 0, Math.abs);
}

/** Zero-temperature critical current I_c0 (A) of that macrospin (what i = I/I_c0 refers to). */
export function llgPbitCriticalCurrent(p: MacrospinParams): number {
  return sttCriticalCurrent(p.alpha, p.hk, p.ms, p.volume, p.polarisation, p.lambda);
}

/** One point of a p-bit's LLG sigmoid: reduced current and the simulated fraction of time up. */
export interface LlgPbitPoint {
  /** Reduced current I/I_c0. */
  readonly i: number;
  /** Fraction of time with m_z > 0 over the ensemble. */
  readonly pUp: number;
  /** Standard error of pUp from the spread between independent spins. */
  readonly se: number;
}

/**
 * P(m_z > 0) of the macrospin p-bit at reduced currents `currents`, time-averaged over
 * `samples` samples `every` steps apart on each spin after a burn-in of `burnIn` steps.
 */
export function llgPbitSigmoid(
  delta: number,
  currents: readonly number[],
  o: LlgPbitOptions & { samples?: number; every?: number; burnIn?: number } = {},
): LlgPbitPoint[] {
  const spins = o.spins ?? 16;
  const samples = o.samples ?? 400;
  const every = o.every ?? 200;
  const burnIn = o.burnIn ?? 2000;
  const p = llgPbitMacrospin(delta, o);
  const ic0 = llgPbitCriticalCurrent(p);
  const rng = new Rng(o.seed ?? 1, 41);
  const out: LlgPbitPoint[] = [];
  for (const i of currents) {
    p.current = i * ic0;
    const e = new MacrospinEnsemble(spins, p, o.dt ?? 1 * ps, rng);
    for (let s = 0; s < spins; s++) e.set(s, 0, 0, s % 2 === 0 ? 1 : -1);
    const frac = new Float64Array(spins);
    for (let s = 0; s < spins; s++) {
      e.advance(s, burnIn);
      let up = 0;
      for (let k = 0; k < samples; k++) {
        e.advance(s, every);
        if (e.mz[s] > 0) up++;
      }
      frac[s] = up / samples;
    }
    const mean = frac.reduce((a, b) => a + b, 0) / spins;
    const sd = Math.sqrt(frac.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, spins - 1));
    out.push({ i, pUp: mean, se: sd / Math.sqrt(spins) });
  }
  return out;
}

/**
 * Mean dwell time (s) of the macrospin p-bit at zero current, with hysteresis thresholds ±thr
 * on m_z, from `dwells` dwells per spin (the first, which starts at the pole, is dropped).
 */
export function llgPbitDwell(delta: number, o: LlgPbitOptions & { dwells?: number; threshold?: number } = {}): { mean: number; se: number; n: number } {
  const spins = o.spins ?? 8;
  const perSpin = o.dwells ?? 40;
  const thr = o.threshold ?? 0.5;
  const dt = o.dt ?? 1 * ps;
  const p = llgPbitMacrospin(delta, o);
  const e = new MacrospinEnsemble(spins, p, dt, new Rng(o.seed ?? 1, 42));
  const d: number[] = [];
  for (let s = 0; s < spins; s++) {
    let sign = 1;
    for (let k = 0; k <= perSpin; k++) {
      const steps = e.advance(s, 2 ** 40, sign, -thr);
      if (k > 0) d.push(steps * dt);
      sign = -sign;
    }
  }
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, d.length - 1));
  return { mean, se: sd / Math.sqrt(d.length), n: d.length };
}

/** μ0 H_k in tesla of the macrospin p-bit (for reports). */
export function llgPbitAnisotropyTesla(p: MacrospinParams): number {
  return mu0 * p.hk;
}
