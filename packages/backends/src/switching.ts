/**
 * Compact stochastic switching of a bistable magnet by a current pulse (docs/physics.md §2): the
 * closed forms every SOT/STT compact model here shares. Currents are magnitudes (A); the
 * polarity only decides which state the pulse pushes towards.
 *
 *   thermal regime (I < Ic0):  τ(I) = τ0 · exp(Δ (1 − I/Ic0)^n),  P = 1 − exp(−tp/τ)         §2.1
 *   precessional (I ≥ Ic0):    t_sw = τD · ln(π/(2θ0)) / (I/Ic0 − 1),  θ0 = 1/√(2Δ)          §2.3
 *                              P = 1 when tp ≥ t_sw, else barrier-free activation 1 − exp(−tp/τ0)
 *
 * At I = Ic0 both branches give 1 − exp(−tp/τ0), so P is continuous there and non-decreasing in I.
 */
export interface SwitchingParams {
  /** Thermal stability factor Δ = E_b/(kB T) at the ambient temperature. */
  readonly delta: number;
  /** Zero-temperature critical current (A). */
  readonly ic0: number;
  /** Attempt time (s). */
  readonly tau0: number;
  /** Barrier exponent (1: Koch/in-plane STT, 2: pitchfork/PMA, 1.5: saddle-node). */
  readonly exponent: number;
  /** Precessional time scale τD (s) of §2.3. */
  readonly tauD: number;
}

/** Mean dwell time τ(I) (s) in the thermal regime; τ0 at and above Ic0. */
export function dwellTime(p: SwitchingParams, current: number): number {
  const x = Math.abs(current) / p.ic0;
  if (x >= 1) return p.tau0;
  return p.tau0 * Math.exp(p.delta * Math.pow(1 - x, p.exponent));
}

/** Precessional switching time (s) for I > Ic0 (Infinity at or below Ic0). */
export function precessionalTime(p: SwitchingParams, current: number): number {
  const x = Math.abs(current) / p.ic0;
  if (x <= 1) return Infinity;
  const theta0 = 1 / Math.sqrt(2 * p.delta);
  return (p.tauD * Math.log(Math.PI / (2 * theta0))) / (x - 1);
}

/** Probability that one pulse of |current| and width switches the magnet. */
export function switchingProbability(p: SwitchingParams, current: number, width: number): number {
  if (!(width > 0) || current === 0) return 0;
  if (width >= precessionalTime(p, current)) return 1;
  return -Math.expm1(-width / dwellTime(p, current));
}

/**
 * The 50 % switching current I50 for pulse width tp (docs/physics.md §2.2, general n):
 * I50 = Ic0 · [1 − (ln(tp/(τ0 ln 2))/Δ)^(1/n)]. For tp ≤ τ0 ln 2 even a barrier-free pulse
 * switches with P < 1/2 in the thermal branch; the precessional branch then sets I50.
 */
export function criticalCurrent50(p: SwitchingParams, width: number): number {
  return currentForProbability(p, 0.5, width);
}

/**
 * Inverse of `switchingProbability` in I: the smallest current whose pulse of `width` switches
 * with probability `prob` (0 < prob ≤ 1). This is how a requested expected weight change becomes
 * a physical pulse amplitude (stochastic rounding through the device, docs/physics.md §8.4).
 */
export function currentForProbability(p: SwitchingParams, prob: number, width: number): number {
  if (!(prob > 0)) return 0;
  const pMaxThermal = -Math.expm1(-width / p.tau0);
  if (prob <= pMaxThermal) {
    // 1 − exp(−tp/τ) = P  ⇔  τ = −tp/ln(1−P)  ⇔  Δ(1−x)^n = ln(τ/τ0)
    const tau = -width / Math.log1p(-prob);
    const lnRatio = Math.log(tau / p.tau0);
    if (lnRatio >= p.delta) return 0; // even I = 0 switches this often (only for tiny Δ)
    return p.ic0 * (1 - Math.pow(Math.max(0, lnRatio) / p.delta, 1 / p.exponent));
  }
  // precessional: t_sw(I) = width ⇒ I = Ic0 (1 + τD ln(π/2θ0) / width); nudged up so P = 1 exactly
  const theta0 = 1 / Math.sqrt(2 * p.delta);
  return p.ic0 * (1 + (p.tauD * Math.log(Math.PI / (2 * theta0))) / width) * (1 + 1e-12);
}

/** Retention: probability that a bit flips spontaneously within `duration` (Néel–Brown, §5.1). */
export function retentionFlipProbability(delta: number, tau0: number, duration: number): number {
  if (!(duration > 0)) return 0;
  return -Math.expm1(-duration / (tau0 * Math.exp(delta)));
}

/**
 * switchingProbability for the pulse asked last, recomputed only when amplitude or width change:
 * learning rules send the same pulse over and over, and the closed form costs an exp or two.
 */
export class SwitchingProbabilityCache {
  private amplitude = NaN;
  private width = NaN;
  private p = 0;
  constructor(private readonly sw: SwitchingParams) {}

  get(amplitude: number, width: number): number {
    if (amplitude !== this.amplitude || width !== this.width) {
      this.amplitude = amplitude;
      this.width = width;
      this.p = switchingProbability(this.sw, amplitude, width);
    }
    return this.p;
  }
}
