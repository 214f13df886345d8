/**
 * An array of STNOs integrated on a fixed step (docs/physics.md §4.1, §4.3).
 *
 * Stability: with the current held over a step, the amplitude equation is logistic,
 * dp/dt = 2p(a − b p), a = σI − Γ_G, b = Γ_G Q + σI, and the step uses its exact solution; the
 * phase advances by the exact ∫ω(p)dt. The deterministic update is therefore exact for any dt
 * (sub-ns for RF signals, much longer when only the power matters, as in the rate neuron).
 * Thermal noise (additive, Euler–Maruyama, variance D dt per component) and coupling
 * dc_i/dt += Σ_j K_ij c_j (explicit; needs |K| dt ≪ 1 and, unless `carrierFrame` is set,
 * ω0 dt ≪ 1) are applied after the exact step.
 */
import { SpecError, type Rng } from '@spinsnn/core';
import { ZigguratNormal } from '../physics/normal.js';
import { stnoDerived, type StnoDerived, type StnoParams } from './params.js';

/** An array of spin-torque nano-oscillators in the universal (Slavin–Tiberkevich) auto-oscillator model. */
export class StnoArray {
  /** Complex amplitudes c = re + i·im, p = |c|². */
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** Drive current of each oscillator (A), held over each step. */
  readonly current: Float64Array;
  /** Per-oscillator offset of ω0 (rad/s): device spread or deliberate detuning. */
  readonly omegaOffset: Float64Array;
  readonly derived: StnoDerived;
  /** Dense coupling K (rad/s): real and imaginary parts, row-major n×n; null when uncoupled. */
  couplingRe: Float64Array | null = null;
  couplingIm: Float64Array | null = null;
  /**
   * Integrate in the frame rotating at ω0 (phases relative to the common carrier). Coupling
   * then sees slowly varying amplitudes, so dt need only resolve detunings and |K|, not ω0.
   */
  carrierFrame = false;
  /** Oscillator-steps done. */
  steps = 0;
  private readonly tmpRe: Float64Array;
  private readonly tmpIm: Float64Array;
  private readonly normal: ZigguratNormal | null;

  constructor(
    readonly n: number,
    readonly params: StnoParams,
    rng: Rng | null = null,
  ) {
    this.normal = rng ? new ZigguratNormal(rng) : null;
    this.derived = stnoDerived(params);
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    this.current = new Float64Array(n);
    this.omegaOffset = new Float64Array(n);
    this.tmpRe = new Float64Array(n);
    this.tmpIm = new Float64Array(n);
    // a tiny seed amplitude: p = 0 is a fixed point of the noise-free equation
    this.re.fill(Math.sqrt(1e-6));
    if (this.derived.d > 0 && !rng) throw new SpecError('StnoArray rng', 'a seeded Rng when temperature > 0 (thermal noise draws from it)', rng);
  }

  /** Uniform coupling strength κ e^(iψ) between every pair (K_ii = 0). */
  setAllToAllCoupling(kappa: number, phase = 0): void {
    const n = this.n;
    this.couplingRe = new Float64Array(n * n);
    this.couplingIm = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        this.couplingRe[i * n + j] = kappa * Math.cos(phase);
        this.couplingIm[i * n + j] = kappa * Math.sin(phase);
      }
    }
  }

  power(i: number): number {
    return this.re[i] * this.re[i] + this.im[i] * this.im[i];
  }

  /** Advances every oscillator by `steps` steps of dt. */
  step(dt: number, steps = 1): void {
    const { n, re, im, current, omegaOffset } = this;
    const { gammaG, sigma, q, omega0, n: nShift, d } = this.derived;
    const noise = d > 0 ? Math.sqrt(d * dt) : 0;
    const carrier = this.carrierFrame ? 0 : omega0;
    const normal = this.normal;
    for (let s = 0; s < steps; s++) {
      for (let i = 0; i < n; i++) {
        const sI = sigma * current[i];
        const a = sI - gammaG;
        const b = gammaG * q + sI;
        let x = re[i],
          y = im[i];
        const p0 = x * x + y * y;
        if (p0 > 0) {
          const ad = 2 * a * dt;
          let p1: number, intP: number; // p after the step and ∫p dt over it
          if (ad < 1) {
            const em1 = Math.expm1(ad);
            const ratio = Math.abs(ad) < 1e-12 ? 2 * dt : em1 / a; // (e^(2a dt) − 1)/a
            const bpr = b * p0 * ratio;
            p1 = (p0 * (1 + em1)) / (1 + bpr);
            intP = Math.abs(bpr) < 1e-12 ? 0.5 * p0 * ratio : Math.log1p(bpr) / (2 * b);
          } else {
            // long steps: divide through by e^(2a dt) so nothing overflows (b > a > 0 here)
            const den = Math.exp(-ad) - (b * p0 * Math.expm1(-ad)) / a;
            p1 = p0 / den;
            intP = (ad + Math.log(den)) / (2 * b);
          }
          const dphi = -((carrier + omegaOffset[i]) * dt + nShift * intP);
          const scale = Math.sqrt(p1 / p0);
          const c = Math.cos(dphi) * scale,
            sn = Math.sin(dphi) * scale;
          const nx = x * c - y * sn;
          y = x * sn + y * c;
          x = nx;
        }
        if (noise > 0) {
          x += noise * normal!.next();
          y += noise * normal!.next();
        }
        re[i] = x;
        im[i] = y;
      }
      if (this.couplingRe) this.applyCoupling(dt);
    }
    this.steps += steps * n;
  }

  private applyCoupling(dt: number): void {
    const { n, re, im, tmpRe, tmpIm } = this;
    const kr = this.couplingRe!,
      ki = this.couplingIm!;
    for (let i = 0; i < n; i++) {
      let sr = 0,
        si = 0;
      for (let j = 0; j < n; j++) {
        const r = kr[i * n + j],
          m = ki[i * n + j];
        sr += r * re[j] - m * im[j];
        si += r * im[j] + m * re[j];
      }
      tmpRe[i] = sr;
      tmpIm[i] = si;
    }
    for (let i = 0; i < n; i++) {
      re[i] += dt * tmpRe[i];
      im[i] += dt * tmpIm[i];
    }
  }
}
