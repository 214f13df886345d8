/**
 * STNOs driven by microwave inputs and coupled through a shared line (docs/oscillators.md §5.3):
 *
 *   dc_i/dt = −i ω(p_i) c_i − Γ+(p_i) c_i + Γ−(p_i) c_i + Σ_k F_k e^(−i ω_k t) + κ e^(iψ) (1/(n−1)) Σ_{j≠i} c_j
 *
 * integrated in the frame rotating at `omegaRef` with the exact amplitude/phase step of the
 * held current (as `StnoArray`, docs/physics.md §4.1) followed by the explicit drive and coupling
 * increment. Noise-free. Phase slips relative to each drive are counted to read the
 * synchronisation pattern: oscillator i is locked to input k when its phase relative to the
 * input drifts by less than π over the measurement window.
 */
import { SpecError } from '@spinsnn/core';
import { stnoDerived, type StnoDerived, type StnoParams } from './params.js';

/** One microwave input: amplitude F (in units of √p per second) and angular frequency (rad/s). */
export interface MicrowaveInput {
  readonly amplitude: number;
  readonly omega: number;
}

/** Options of a driven-array run. */
export interface DrivenRunOptions {
  /** Integration step (s); must resolve the detunings from omegaRef. */
  readonly dt: number;
  /** Settling time before measurement (s). */
  readonly settle: number;
  /** Measurement window (s). */
  readonly measure: number;
}

/** Result of a run: mean angular frequency of each oscillator (lab frame) and the locking matrix. */
export interface DrivenRunResult {
  /** Mean angular frequency of oscillator i over the measurement window (rad/s, lab frame). */
  readonly omega: Float64Array;
  /** locked[i·m + k] = 1 when oscillator i is phase-locked to input k. */
  readonly locked: Uint8Array;
  /** Mean power p of each oscillator over the window. */
  readonly power: Float64Array;
}

/** An array of n STNOs with m microwave inputs and mean-field electrical coupling. */
export class DrivenStnoArray {
  /** Drive currents (A). */
  readonly current: Float64Array;
  /** Per-oscillator offset of ω0 (rad/s). */
  readonly omegaOffset: Float64Array;
  readonly derived: StnoDerived;
  /** Coupling strength κ (1/s) and phase ψ (rad) of the shared line. */
  kappa = 0;
  couplingPhase = 0;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly tmpRe: Float64Array;
  private readonly tmpIm: Float64Array;

  constructor(
    readonly n: number,
    readonly params: StnoParams,
  ) {
    if (!(n >= 1)) throw new SpecError('DrivenStnoArray n', 'at least one oscillator', n);
    this.derived = stnoDerived(params);
    this.current = new Float64Array(n);
    this.omegaOffset = new Float64Array(n);
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    this.tmpRe = new Float64Array(n);
    this.tmpIm = new Float64Array(n);
  }

  /** Free-running angular frequency ω0 + N p0(ζ) of oscillator i (rad/s); 0 below threshold. */
  freeOmega(i: number): number {
    const d = this.derived;
    const zeta = this.current[i] / d.ith;
    if (zeta <= 1) return d.omega0 + this.omegaOffset[i];
    return d.omega0 + this.omegaOffset[i] + (d.n * (zeta - 1)) / (zeta + d.q);
  }

  /** dω/dζ of the free-running oscillator at its current (rad/s per unit I/I_th). */
  tunability(i: number): number {
    const d = this.derived;
    const zeta = Math.max(this.current[i] / d.ith, 1);
    return (d.n * (1 + d.q)) / ((zeta + d.q) * (zeta + d.q));
  }

  /**
   * Starts every oscillator on its free-running orbit (p0, phases spread evenly) and integrates
   * with the inputs for settle + measure; returns frequencies, powers and the locking matrix.
   */
  run(inputs: readonly MicrowaveInput[], omegaRef: number, o: DrivenRunOptions): DrivenRunResult {
    const { n, re, im, current, omegaOffset, tmpRe, tmpIm } = this;
    const { gammaG, sigma, q, omega0, n: nShift, ith } = this.derived;
    const m = inputs.length;
    const dt = o.dt;
    if (!(dt > 0) || !(o.measure > 0) || !(o.settle >= 0)) throw new SpecError('DrivenStnoArray.run', 'dt > 0, measure > 0, settle ≥ 0 (s)', o);
    let maxDet = 0;
    for (const inp of inputs) maxDet = Math.max(maxDet, Math.abs(inp.omega - omegaRef));
    for (let i = 0; i < n; i++) maxDet = Math.max(maxDet, Math.abs(this.freeOmega(i) - omegaRef));
    if (maxDet * dt > 0.3) throw new SpecError('DrivenStnoArray.run dt', `dt ≤ ${(0.3 / maxDet).toExponential(2)} s (detuning × dt ≤ 0.3 rad)`, dt);
    for (let i = 0; i < n; i++) {
      const z = current[i] / ith;
      const p0 = z > 1 ? (z - 1) / (z + q) : 1e-6;
      const ph = (2 * Math.PI * i) / n;
      re[i] = Math.sqrt(p0) * Math.cos(ph);
      im[i] = Math.sqrt(p0) * Math.sin(ph);
    }
    const settleSteps = Math.round(o.settle / dt);
    const measureSteps = Math.max(1, Math.round(o.measure / dt));
    // drive phasors in the rotating frame: F_k e^(−i(ω_k − ω_ref)t), advanced by rotation
    const dr = new Float64Array(m),
      di = new Float64Array(m),
      rotC = new Float64Array(m),
      rotS = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      dr[k] = inputs[k].amplitude;
      di[k] = 0;
      const w = -(inputs[k].omega - omegaRef) * dt;
      rotC[k] = Math.cos(w);
      rotS[k] = Math.sin(w);
    }
    const phase = new Float64Array(n); // unwrapped phase of c_i (rotating frame), as −arg
    const relMin = new Float64Array(n * m).fill(Number.POSITIVE_INFINITY);
    const relMax = new Float64Array(n * m).fill(Number.NEGATIVE_INFINITY);
    const powerSum = new Float64Array(n);
    const kap = n > 1 ? this.kappa / (n - 1) : 0;
    const kc = kap * Math.cos(this.couplingPhase),
      ks = kap * Math.sin(this.couplingPhase);
    const total = settleSteps + measureSteps;
    let sumRe = 0,
      sumIm = 0;
    for (let s = 0; s < total; s++) {
      // exact amplitude/phase step of each free oscillator over dt
      sumRe = 0;
      sumIm = 0;
      for (let i = 0; i < n; i++) {
        sumRe += re[i];
        sumIm += im[i];
      }
      for (let i = 0; i < n; i++) {
        const sI = sigma * current[i];
        const a = sI - gammaG;
        const b = gammaG * q + sI;
        let x = re[i],
          y = im[i];
        const p0 = x * x + y * y;
        if (p0 > 0) {
          const ad = 2 * a * dt;
          const em1 = Math.expm1(ad);
          const ratio = Math.abs(ad) < 1e-12 ? 2 * dt : em1 / a;
          const bpr = b * p0 * ratio;
          const p1 = (p0 * (1 + em1)) / (1 + bpr);
          const intP = Math.abs(bpr) < 1e-12 ? 0.5 * p0 * ratio : Math.log1p(bpr) / (2 * b);
          const dphi = -((omega0 + omegaOffset[i] - omegaRef) * dt + nShift * intP);
          const scale = Math.sqrt(p1 / p0);
          const c = Math.cos(dphi) * scale,
            sn = Math.sin(dphi) * scale;
          const nx = x * c - y * sn;
          y = x * sn + y * c;
          x = nx;
        }
        // explicit drive + mean-field coupling (other oscillators' amplitudes before this step)
        let fr = 0,
          fi = 0;
        for (let k = 0; k < m; k++) {
          fr += dr[k];
          fi += di[k];
        }
        const orr = sumRe - re[i],
          oi = sumIm - im[i];
        tmpRe[i] = x + dt * (fr + kc * orr - ks * oi);
        tmpIm[i] = y + dt * (fi + kc * oi + ks * orr);
      }
      for (let i = 0; i < n; i++) {
        // phase advance (c ∝ e^(−iφ)): Δφ = −arg(c_new c_old*)
        const cr = tmpRe[i] * re[i] + tmpIm[i] * im[i];
        const ci = tmpIm[i] * re[i] - tmpRe[i] * im[i];
        phase[i] -= Math.atan2(ci, cr);
        re[i] = tmpRe[i];
        im[i] = tmpIm[i];
      }
      for (let k = 0; k < m; k++) {
        const nr = dr[k] * rotC[k] - di[k] * rotS[k];
        di[k] = dr[k] * rotS[k] + di[k] * rotC[k];
        dr[k] = nr;
      }
      if (s >= settleSteps) {
        const t = (s + 1 - settleSteps) * dt;
        for (let i = 0; i < n; i++) {
          powerSum[i] += re[i] * re[i] + im[i] * im[i];
          for (let k = 0; k < m; k++) {
            // phase relative to input k (rotating frame: the input's phase is (ω_k − ω_ref) t)
            const rel = phase[i] - (inputs[k].omega - omegaRef) * t;
            const j = i * m + k;
            if (rel < relMin[j]) relMin[j] = rel;
            if (rel > relMax[j]) relMax[j] = rel;
          }
        }
      }
      if (s === settleSteps - 1) phase.fill(0);
    }
    const omega = new Float64Array(n);
    const locked = new Uint8Array(n * m);
    const power = new Float64Array(n);
    const window = measureSteps * dt;
    for (let i = 0; i < n; i++) {
      omega[i] = omegaRef + phase[i] / window;
      power[i] = powerSum[i] / measureSteps;
      for (let k = 0; k < m; k++) locked[i * m + k] = relMax[i * m + k] - relMin[i * m + k] < Math.PI ? 1 : 0;
    }
    return { omega, locked, power };
  }
}

/**
 * Analytic half-width of the locking band of one STNO to a weak drive F (Slavin & Tiberkevich
 * 2009; derived in docs/oscillators.md §5.3): Ω = F √(1 + ν²)/√p0, ν = N/(Γ_G Q + σI) (rad/s).
 */
export function adlerLockingHalfWidth(derived: StnoDerived, zeta: number, amplitude: number): number {
  if (!(zeta > 1)) throw new SpecError('adlerLockingHalfWidth zeta', 'I/I_th > 1 (above threshold)', zeta);
  const p0 = (zeta - 1) / (zeta + derived.q);
  const b = derived.gammaG * (derived.q + zeta);
  const nu = derived.n / b;
  return (amplitude * Math.sqrt(1 + nu * nu)) / Math.sqrt(p0);
}
