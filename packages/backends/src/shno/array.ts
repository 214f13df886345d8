/**
 * 2-D arrays of mutually coupled SHNOs (docs/oscillators.md §6.2): rows × cols oscillators on a
 * grid, nearest-neighbour coupling dc_i/dt += κ e^{iψ} Σ_{j ∈ nn(i)} c_j (spin-wave/dipolar
 * coupling through the shared film [A form]), frequency spread δω_i = s ω0 ξ_i, thermal noise D.
 * Integrated in the frame rotating at the generation frequency with the exact held-current
 * amplitude/phase step, additive noise and the explicit coupling step. The linewidth of the
 * summed output follows from its phase diffusion: Var[φ(t+τ) − φ(t)] = Δω τ for a Lorentzian line
 * of FWHM Δω [D], so Q = f/Δf.
 */
import { SpecError, type Rng } from '@spinsnn/core';
import { ZigguratNormal } from '../physics/normal.js';
import type { StnoDerived } from '../stno/params.js';
import { shnoDerived, shnoFrequency, type ShnoParams } from './params.js';

/** Options of an SHNO array. */
export interface ShnoArrayOptions {
  readonly rows: number;
  readonly cols: number;
  /** Bias I/I_th of every oscillator. */
  readonly zeta: number;
  /** Coupling strength κ (rad/s) and phase ψ (rad). */
  readonly kappa: number;
  readonly couplingPhase?: number;
  /** Relative frequency spread s (δω_i = s ω0 ξ_i). */
  readonly spread?: number;
  readonly rng: Rng;
}

/** Linewidth measurement of an array run. */
export interface ShnoLinewidth {
  /** Generation frequency (Hz). */
  readonly frequency: number;
  /** FWHM of the summed output (Hz). */
  readonly linewidth: number;
  /** Quality factor f/Δf. */
  readonly q: number;
  /** Time-averaged Kuramoto order parameter |Σc|/Σ|c| (1: all in phase). */
  readonly order: number;
  /** Share of oscillators whose mean frequency is within 1 % of the coupling rate of the array's. */
  readonly synchronised: number;
  /** Phase-diffusion increments used (the relative error of the linewidth is ≈ √(2/increments)). */
  readonly increments: number;
}

/** rows × cols SHNOs with nearest-neighbour coupling. */
export class ShnoArray {
  readonly n: number;
  readonly derived: StnoDerived;
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly omegaOffset: Float64Array;
  /** Drive current of each oscillator (A). */
  readonly current: Float64Array;
  private readonly tmpRe: Float64Array;
  private readonly tmpIm: Float64Array;
  private readonly nbr: Int32Array;
  private readonly nbrStart: Int32Array;
  private readonly normal: ZigguratNormal;
  private readonly kr: number;
  private readonly ki: number;
  private readonly omegaFrame: number;

  constructor(
    readonly params: ShnoParams,
    readonly o: ShnoArrayOptions,
  ) {
    if (!(Number.isInteger(o.rows) && Number.isInteger(o.cols) && o.rows >= 1 && o.cols >= 1 && o.rows * o.cols <= 4096)) {
      throw new SpecError('ShnoArray rows/cols', 'whole numbers ≥ 1 with rows × cols ≤ 4096', [o.rows, o.cols]);
    }
    if (!(o.zeta > 1)) throw new SpecError('ShnoArray zeta', 'a bias I/I_th > 1 (above threshold)', o.zeta);
    const n = o.rows * o.cols;
    this.n = n;
    this.derived = shnoDerived(params);
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    this.omegaOffset = new Float64Array(n);
    this.current = new Float64Array(n).fill(o.zeta * this.derived.ith);
    this.tmpRe = new Float64Array(n);
    this.tmpIm = new Float64Array(n);
    this.normal = new ZigguratNormal(o.rng);
    const s = o.spread ?? 0;
    for (let i = 0; i < n; i++) this.omegaOffset[i] = s * this.derived.omega0 * this.normal.next();
    const lists: number[][] = [];
    for (let r = 0; r < o.rows; r++)
      for (let c = 0; c < o.cols; c++) {
        const l: number[] = [];
        if (r > 0) l.push((r - 1) * o.cols + c);
        if (r < o.rows - 1) l.push((r + 1) * o.cols + c);
        if (c > 0) l.push(r * o.cols + c - 1);
        if (c < o.cols - 1) l.push(r * o.cols + c + 1);
        lists.push(l);
      }
    this.nbrStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) this.nbrStart[i + 1] = this.nbrStart[i] + lists[i].length;
    this.nbr = Int32Array.from(lists.flat());
    this.kr = o.kappa * Math.cos(o.couplingPhase ?? 0);
    this.ki = o.kappa * Math.sin(o.couplingPhase ?? 0);
    this.omegaFrame = 2 * Math.PI * shnoFrequency(params, o.zeta);
    const p0 = (o.zeta - 1) / (o.zeta + this.derived.q);
    for (let i = 0; i < n; i++) {
      const ph = 2 * Math.PI * o.rng.uniform();
      this.re[i] = Math.sqrt(p0) * Math.cos(ph);
      this.im[i] = Math.sqrt(p0) * Math.sin(ph);
    }
  }

  /** Advances by `steps` steps of dt (frame rotating at the generation frequency). */
  step(dt: number, steps = 1): void {
    const { n, re, im, current, omegaOffset, tmpRe, tmpIm, nbr, nbrStart, kr, ki } = this;
    const { gammaG, sigma, q, omega0, n: nShift, d } = this.derived;
    const noise = d > 0 ? Math.sqrt(d * dt) : 0;
    const frame = this.omegaFrame;
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
          const em1 = Math.expm1(ad);
          const ratio = Math.abs(ad) < 1e-12 ? 2 * dt : em1 / a;
          const bpr = b * p0 * ratio;
          const p1 = (p0 * (1 + em1)) / (1 + bpr);
          const intP = Math.abs(bpr) < 1e-12 ? 0.5 * p0 * ratio : Math.log1p(bpr) / (2 * b);
          const dphi = -((omega0 + omegaOffset[i] - frame) * dt + nShift * intP);
          const scale = Math.sqrt(p1 / p0);
          const c = Math.cos(dphi) * scale,
            sn = Math.sin(dphi) * scale;
          const nx = x * c - y * sn;
          y = x * sn + y * c;
          x = nx;
        }
        if (noise > 0) {
          x += noise * this.normal.next();
          y += noise * this.normal.next();
        }
        tmpRe[i] = x;
        tmpIm[i] = y;
      }
      for (let i = 0; i < n; i++) {
        let sr = 0,
          si = 0;
        for (let k = nbrStart[i]; k < nbrStart[i + 1]; k++) {
          const j = nbr[k];
          sr += re[j];
          si += im[j];
        }
        re[i] = tmpRe[i] + dt * (kr * sr - ki * si);
        im[i] = tmpIm[i] + dt * (kr * si + ki * sr);
      }
    }
  }

  /**
   * Settles for `settle` s, then records the summed output's phase every `lag` s for `windows`
   * lags and returns its linewidth (from the phase-increment variance), Q and the synchrony.
   */
  measure(dt: number, settle: number, lag: number, windows: number): ShnoLinewidth {
    const { n, re, im } = this;
    if (!(dt > 0 && lag >= dt && windows >= 4)) throw new SpecError('ShnoArray.measure', 'dt > 0, lag ≥ dt, windows ≥ 4', { dt, lag, windows });
    const rate = Math.max(Math.abs(this.o.kappa), this.derived.gammaG);
    if (rate * dt > 0.05 * (1 + 1e-9)) throw new SpecError('ShnoArray.measure dt', `dt ≤ ${(0.05 / rate).toExponential(2)} s (max(κ, Γ_G) × dt ≤ 0.05)`, dt);
    this.step(dt, Math.round(settle / dt));
    const per = Math.max(1, Math.round(lag / dt));
    const sub = Math.max(1, Math.floor(per / 16)); // phase sampled 16× per lag to unwrap safely
    const phase = new Float64Array(n);
    const lastRe = Float64Array.from(re),
      lastIm = Float64Array.from(im);
    let sumPhase = 0,
      prevSr = 0,
      prevSi = 0;
    for (let i = 0; i < n; i++) {
      prevSr += re[i];
      prevSi += im[i];
    }
    const incs = new Float64Array(windows);
    let orderSum = 0,
      orderCount = 0;
    for (let w = 0; w < windows; w++) {
      const start = sumPhase;
      for (let k = 0; k < per; k += sub) {
        this.step(dt, Math.min(sub, per - k));
        let sr = 0,
          si = 0,
          mag = 0;
        for (let i = 0; i < n; i++) {
          sr += re[i];
          si += im[i];
          mag += Math.hypot(re[i], im[i]);
          phase[i] -= Math.atan2(im[i] * lastRe[i] - re[i] * lastIm[i], re[i] * lastRe[i] + im[i] * lastIm[i]);
          lastRe[i] = re[i];
          lastIm[i] = im[i];
        }
        sumPhase -= Math.atan2(si * prevSr - sr * prevSi, sr * prevSr + si * prevSi);
        prevSr = sr;
        prevSi = si;
        orderSum += Math.hypot(sr, si) / mag;
        orderCount++;
      }
      incs[w] = sumPhase - start;
    }
    let mean = 0;
    for (const v of incs) mean += v / windows;
    let variance = 0;
    for (const v of incs) variance += ((v - mean) * (v - mean)) / (windows - 1);
    const tau = per * dt;
    const total = tau * windows;
    const dOmega = variance / tau; // FWHM (rad/s) of a Lorentzian line
    const frequency = (this.omegaFrame + mean / tau) / (2 * Math.PI);
    const linewidth = dOmega / (2 * Math.PI);
    // synchronised: mean frequency within 1 % of κ of the array's mean frequency
    const arrayOmega = sumPhase / total;
    let sync = 0;
    for (let i = 0; i < n; i++) if (Math.abs(phase[i] / total - arrayOmega) < 0.01 * Math.abs(this.o.kappa) + (2 * Math.PI) / total) sync++;
    return {
      frequency,
      linewidth,
      q: linewidth > 0 ? frequency / linewidth : Number.POSITIVE_INFINITY,
      order: orderSum / orderCount,
      synchronised: sync / n,
      increments: windows,
    };
  }
}
