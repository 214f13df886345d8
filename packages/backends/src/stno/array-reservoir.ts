/**
 * A spatial reservoir of N coupled STNOs (docs/oscillators.md §2): every oscillator gets its own
 * masked input I_i = g_i iDc + deltaI Σ_c u(n, c) M(c, i)/√C, held for one frame of duration
 * `frameTime`, and the amplitudes √p_i sampled `samples` times per frame are the states.
 *
 * Coupling (complex, rad/s, in the frame rotating at ω0, so dt need only resolve detunings):
 *   electrical: dc_i/dt += κ e^{iψ} (1/(N−1)) Σ_{j≠i} c_j   (a shared line: mean field, O(N))
 *   dipolar:    dc_i/dt += κ e^{iψ} Σ_{j ∈ nn(i)} c_j        (nearest neighbours on a √N×√N grid)
 * Device spread: relative standard deviation s of the threshold (g_i = 1/(1 + s ξ_i), ξ ~ N(0,1))
 * and of the frequency (δω_i = s ω0 ξ'_i), drawn once from the seeded generator.
 *
 * Each step: the exact amplitude/phase solution of §4.1 (docs/physics.md) at fixed current, then
 * isotropic thermal noise (Euler–Maruyama), then the explicit coupling step (needs |κ| dt ≪ 1).
 */
import { SpecError, type Rng } from '@spinsnn/core';
import { ZigguratNormal } from '../physics/normal.js';
import { stnoDerived, type StnoDerived, type StnoParams } from './params.js';

/** How the oscillators of an array are coupled. */
export type StnoCoupling = 'electrical' | 'dipolar' | 'none';

/** Options of `StnoArrayReservoir`. */
export interface ArrayReservoirOptions {
  readonly params: StnoParams;
  /** Rates to use instead of those derived from `params` (SHNOs: shnoDerived, docs/oscillators.md §6.3). */
  readonly derived?: StnoDerived;
  /** Oscillators N. */
  readonly size: number;
  /** Input channels C. */
  readonly channels: number;
  /** Mask, channels × N row-major. */
  readonly mask: Float64Array;
  readonly iDc: number;
  readonly deltaI: number;
  /** Hold time of one frame (s). */
  readonly frameTime: number;
  /** Integration steps per frame (default 8) and samples per frame (default 2; must divide steps). */
  readonly steps?: number;
  readonly samples?: number;
  readonly coupling: StnoCoupling;
  /** Coupling strength κ (rad/s) and phase ψ (rad). */
  readonly kappa: number;
  readonly couplingPhase?: number;
  /** Relative device-to-device spread s (default 0). */
  readonly spread?: number;
  /** Seeded generator (spread draws, thermal noise). */
  readonly rng: Rng;
}

/** N coupled STNOs run frame by frame; the states are N × samples values per frame. */
export class StnoArrayReservoir {
  readonly n: number;
  readonly derived: StnoDerived;
  /** State dimension per frame: N × samples. */
  readonly width: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** Per-oscillator current gain g_i and frequency offset δω_i (rad/s). */
  readonly gain: Float64Array;
  readonly omegaOffset: Float64Array;
  private readonly cur: Float64Array;
  private readonly tmpRe: Float64Array;
  private readonly tmpIm: Float64Array;
  private readonly nbr: Int32Array;
  private readonly nbrStart: Int32Array;
  private readonly normal: ZigguratNormal;
  private readonly steps: number;
  private readonly samples: number;
  private readonly dt: number;
  private readonly kr: number;
  private readonly ki: number;
  /** Simulated device time (s) and Σ_i ∫I_i² dt (A² s) since construction. */
  deviceTime = 0;
  i2Time = 0;

  constructor(readonly o: ArrayReservoirOptions) {
    const n = o.size;
    if (!(Number.isInteger(n) && n >= 1)) throw new SpecError('array size', 'a whole number ≥ 1 of oscillators', n);
    if (o.mask.length !== o.channels * n) throw new SpecError('array mask', `channels × size = ${o.channels * n} values`, o.mask.length);
    if (!(o.frameTime > 0)) throw new SpecError('array frameTime', 'a frame hold time > 0 s', o.frameTime);
    this.steps = o.steps ?? 8;
    this.samples = o.samples ?? 2;
    if (!(Number.isInteger(this.steps) && this.steps >= 1 && Number.isInteger(this.samples) && this.samples >= 1 && this.steps % this.samples === 0)) {
      throw new SpecError('array steps/samples', 'whole numbers ≥ 1 with samples dividing steps', `${this.steps}/${this.samples}`);
    }
    const spread = o.spread ?? 0;
    if (!(spread >= 0 && spread < 0.5)) throw new SpecError('array spread', 'a relative spread in [0, 0.5)', spread);
    this.n = n;
    this.derived = o.derived ?? stnoDerived(o.params);
    this.width = n * this.samples;
    this.dt = o.frameTime / this.steps;
    const psi = o.couplingPhase ?? 0;
    this.kr = o.kappa * Math.cos(psi);
    this.ki = o.kappa * Math.sin(psi);
    if (Math.abs(o.kappa) * this.dt > 0.2)
      throw new SpecError('array kappa', `|κ| dt ≪ 1 (now ${(Math.abs(o.kappa) * this.dt).toFixed(2)}): more steps per frame or weaker coupling`, o.kappa);
    this.normal = new ZigguratNormal(o.rng);
    this.gain = new Float64Array(n);
    this.omegaOffset = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.gain[i] = spread > 0 ? 1 / Math.max(0.2, 1 + spread * this.normal.next()) : 1;
      this.omegaOffset[i] = spread > 0 ? spread * this.derived.omega0 * this.normal.next() : 0;
    }
    // neighbour lists of the dipolar grid (rows of ⌈√N⌉)
    const side = Math.ceil(Math.sqrt(n));
    const lists: number[][] = Array.from({ length: n }, () => []);
    if (o.coupling === 'dipolar') {
      for (let i = 0; i < n; i++) {
        const r = Math.floor(i / side),
          c = i % side;
        for (const [dr, dc] of [
          [-1, 0],
          [1, 0],
          [0, -1],
          [0, 1],
        ]) {
          const rr = r + dr,
            cc = c + dc,
            j = rr * side + cc;
          if (rr >= 0 && cc >= 0 && cc < side && j < n) lists[i].push(j);
        }
      }
    }
    this.nbrStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) this.nbrStart[i + 1] = this.nbrStart[i] + lists[i].length;
    this.nbr = Int32Array.from(lists.flat());
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    this.cur = new Float64Array(n);
    this.tmpRe = new Float64Array(n);
    this.tmpIm = new Float64Array(n);
  }

  /** Every oscillator on its own bias steady state (noise-free p0), phases spread by the generator. */
  reset(): void {
    const { sigma, gammaG, q } = this.derived;
    for (let i = 0; i < this.n; i++) {
      const z = (sigma * this.gain[i] * this.o.iDc) / gammaG;
      const a = Math.sqrt(z > 1 ? (z - 1) / (z + q) : 1e-6);
      const ph = (2 * Math.PI * i) / this.n;
      this.re[i] = a * Math.cos(ph);
      this.im[i] = a * Math.sin(ph);
    }
  }

  private step(): void {
    const { n, re, im, cur, dt } = this;
    const { gammaG, sigma, q, n: nShift, d } = this.derived;
    const noise = d > 0 ? Math.sqrt(d * dt) : 0;
    for (let i = 0; i < n; i++) {
      const sI = sigma * cur[i];
      const a = sI - gammaG,
        b = gammaG * q + sI;
      let x = re[i],
        y = im[i];
      const p0 = x * x + y * y;
      if (p0 > 0) {
        const ad = 2 * a * dt;
        let p1: number, intP: number;
        if (ad < 1) {
          const em1 = Math.expm1(ad);
          const ratio = Math.abs(ad) < 1e-12 ? 2 * dt : em1 / a;
          const bpr = b * p0 * ratio;
          p1 = (p0 * (1 + em1)) / (1 + bpr);
          intP = Math.abs(bpr) < 1e-12 ? 0.5 * p0 * ratio : Math.log1p(bpr) / (2 * b);
        } else {
          const den = Math.exp(-ad) - (b * p0 * Math.expm1(-ad)) / a;
          p1 = p0 / den;
          intP = (ad + Math.log(den)) / (2 * b);
        }
        const dphi = -(this.omegaOffset[i] * dt + nShift * intP);
        const scale = Math.sqrt(p1 / p0);
        const c = Math.cos(dphi) * scale,
          s = Math.sin(dphi) * scale;
        const nx = x * c - y * s;
        y = x * s + y * c;
        x = nx;
      }
      if (noise > 0) {
        x += noise * this.normal.next();
        y += noise * this.normal.next();
      }
      re[i] = x;
      im[i] = y;
    }
    this.couple();
  }

  private couple(): void {
    const { n, re, im, tmpRe, tmpIm, kr, ki, dt } = this;
    if (this.o.coupling === 'none' || (kr === 0 && ki === 0)) return;
    if (this.o.coupling === 'electrical') {
      if (n < 2) return;
      let sr = 0,
        si = 0;
      for (let i = 0; i < n; i++) {
        sr += re[i];
        si += im[i];
      }
      const w = dt / (n - 1);
      for (let i = 0; i < n; i++) {
        const ar = sr - re[i],
          ai = si - im[i];
        tmpRe[i] = w * (kr * ar - ki * ai);
        tmpIm[i] = w * (kr * ai + ki * ar);
      }
    } else {
      for (let i = 0; i < n; i++) {
        let ar = 0,
          ai = 0;
        for (let q = this.nbrStart[i]; q < this.nbrStart[i + 1]; q++) {
          ar += re[this.nbr[q]];
          ai += im[this.nbr[q]];
        }
        tmpRe[i] = dt * (kr * ar - ki * ai);
        tmpIm[i] = dt * (kr * ai + ki * ar);
      }
    }
    for (let i = 0; i < n; i++) {
      re[i] += tmpRe[i];
      im[i] += tmpIm[i];
    }
  }

  /** Resets, runs `frames` frames (frames × channels) and writes states (frames × width) into out. */
  run(input: ArrayLike<number>, frames: number, out: Float64Array): Float64Array {
    const { n, cur, gain } = this;
    const C = this.o.channels,
      m = this.o.mask;
    if (input.length < frames * C) throw new SpecError('array input', `frames × channels = ${frames * C} values`, input.length);
    if (out.length < frames * this.width) throw new SpecError('array output', `frames × width = ${frames * this.width} values`, out.length);
    const dI = this.o.deltaI / Math.sqrt(C),
      iDc = this.o.iDc;
    const per = this.steps / this.samples;
    this.reset();
    for (let f = 0; f < frames; f++) {
      for (let i = 0; i < n; i++) cur[i] = 0;
      for (let c = 0; c < C; c++) {
        const u = input[f * C + c];
        if (u === 0) continue;
        for (let i = 0; i < n; i++) cur[i] += u * m[c * n + i];
      }
      let i2 = 0;
      for (let i = 0; i < n; i++) {
        cur[i] = gain[i] * iDc + dI * cur[i];
        i2 += cur[i] * cur[i];
      }
      for (let s = 0; s < this.samples; s++) {
        for (let k = 0; k < per; k++) this.step();
        const base = f * this.width + s * n;
        for (let i = 0; i < n; i++) out[base + i] = Math.sqrt(this.re[i] * this.re[i] + this.im[i] * this.im[i]);
      }
      this.deviceTime += this.o.frameTime;
      this.i2Time += i2 * this.o.frameTime;
    }
    return out;
  }
}
