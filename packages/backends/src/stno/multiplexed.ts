/**
 * The time-multiplexed single-STNO reservoir with a physical read-out (Torrejon 2017 scheme;
 * docs/oscillators.md §1). Frame n of a (frames × channels) input is masked into N_v values
 * J_k = Σ_c u(n, c) M(c, k) / √C; each is held as I = iDc + deltaI · J_k for θ, and virtual node k
 * is the detected read-out voltage at the end of that θ.
 *
 * Amplitude only: the reservoir needs p = |c|², whose equation does not involve the phase, so the
 * step is the exact logistic solution of dp/dt = 2p(a − bp) (§4.1 of docs/physics.md) over each
 * held current, one evaluation per θ when noise-free. Thermal noise is isotropic in the complex
 * plane, so it can be added to the real amplitude √p and the phase dropped again (the same law as
 * the full complex update).
 *
 * Read-out chain (docs/oscillators.md §1.3): detector (`amplitude`: V = cOut √p, the RF envelope;
 * `power`: square-law V = cOut² p / 1 V, a rectifying diode), a first-order low-pass of bandwidth
 * B (0: none), then white amplifier noise of density e_n (V/√Hz) over the noise bandwidth πB/2.
 */
import { SpecError, type Rng } from '@spinsnn/core';
import { ZigguratNormal } from '../physics/normal.js';
import { stnoDerived, type StnoDerived, type StnoParams } from './params.js';

/** How the oscillator's output is detected. */
export type StnoDetector = 'amplitude' | 'power';

/** Options of `StnoMultiplexedReservoir`. */
export interface MultiplexedOptions {
  readonly params: StnoParams;
  /** Virtual nodes per frame N_v. */
  readonly nodes: number;
  /** Input channels C. */
  readonly channels: number;
  /** Mask, channels × nodes row-major (`randomBinaryMask`). */
  readonly mask: Float64Array;
  /** Bias current (A). */
  readonly iDc: number;
  /** Current per unit of the normalised masked input (A). */
  readonly deltaI: number;
  /** Virtual-node duration θ (s). */
  readonly theta: number;
  /** Integration steps per θ when noise is on (default 4; noise-free runs use one exact step). */
  readonly substeps?: number;
  /** Detector (default `amplitude`). */
  readonly detector?: StnoDetector;
  /** Read-out bandwidth B (Hz); 0 or absent: unlimited. */
  readonly bandwidth?: number;
  /** Amplifier input noise density e_n (V/√Hz); needs a finite bandwidth. */
  readonly ampNoise?: number;
  /** Seeded generator: required for thermal (temperature > 0) or amplifier noise. */
  readonly rng?: Rng;
}

/** Exact solution over dt of dp/dt = 2p(a − bp) from p0 ≥ 0 (b > 0 or a < 0). */
export function logisticPowerStep(p0: number, a: number, b: number, dt: number): number {
  if (p0 <= 0) return 0;
  const ad = 2 * a * dt;
  if (ad < 1) {
    const em1 = Math.expm1(ad);
    const ratio = Math.abs(ad) < 1e-12 ? 2 * dt : em1 / a;
    return (p0 * (1 + em1)) / (1 + b * p0 * ratio);
  }
  // long steps: divide through by e^(2a dt) so nothing overflows
  return p0 / (Math.exp(-ad) - (b * p0 * Math.expm1(-ad)) / a);
}

/** Seed power kept when noise-free, so that p = 0 (a fixed point) cannot trap the oscillator. */
const SEED_POWER = 1e-12;

/** A single STNO run as a time-multiplexed reservoir; reusable across clips (no allocation per clip). */
export class StnoMultiplexedReservoir {
  readonly derived: StnoDerived;
  readonly nodes: number;
  readonly channels: number;
  /** Normalised power p and the low-pass state of the detected voltage. */
  p = 0;
  private vf = 0;
  private readonly sub: number;
  private readonly h: number;
  private readonly noise: number;
  private readonly ampSigma: number;
  private readonly lpf: number;
  private readonly normal: ZigguratNormal | null;
  private readonly detector: StnoDetector;
  private readonly invSqrtC: number;
  private readonly jBuf: Float64Array;
  /** Simulated device time (s) and charge² · time (A² s) since construction: energy = R ∫I² dt. */
  deviceTime = 0;
  i2Time = 0;

  constructor(readonly o: MultiplexedOptions) {
    this.derived = stnoDerived(o.params);
    if (!(Number.isInteger(o.nodes) && o.nodes >= 1)) throw new SpecError('reservoir nodes', 'a whole number ≥ 1', o.nodes);
    if (!(Number.isInteger(o.channels) && o.channels >= 1)) throw new SpecError('reservoir channels', 'a whole number ≥ 1', o.channels);
    if (o.mask.length !== o.channels * o.nodes) throw new SpecError('reservoir mask', `channels × nodes = ${o.channels * o.nodes} values`, o.mask.length);
    if (!(o.theta > 0)) throw new SpecError('reservoir theta', 'a virtual-node duration > 0 s', o.theta);
    const bw = o.bandwidth ?? 0;
    if (!(bw >= 0)) throw new SpecError('reservoir bandwidth', 'a read-out bandwidth ≥ 0 Hz (0: unlimited)', bw);
    const en = o.ampNoise ?? 0;
    if (!(en >= 0)) throw new SpecError('reservoir ampNoise', 'an amplifier noise density ≥ 0 V/√Hz', en);
    if (en > 0 && bw === 0)
      throw new SpecError('reservoir ampNoise', 'a finite --bandwidth with amplifier noise (white noise over unlimited bandwidth has infinite power)', en);
    const noisy = this.derived.d > 0 || en > 0;
    if (noisy && !o.rng) throw new SpecError('reservoir rng', 'a seeded Rng when temperature > 0 or amplifier noise is on', 'none');
    this.normal = noisy ? new ZigguratNormal(o.rng!) : null;
    this.nodes = o.nodes;
    this.channels = o.channels;
    this.sub = this.derived.d > 0 || bw > 0 ? Math.max(1, o.substeps ?? 4) : 1;
    this.h = o.theta / this.sub;
    this.noise = this.derived.d > 0 ? Math.sqrt(this.derived.d * this.h) : 0;
    this.ampSigma = en * Math.sqrt((Math.PI * bw) / 2);
    this.lpf = bw > 0 ? -Math.expm1(-2 * Math.PI * bw * this.h) : 1;
    this.detector = o.detector ?? 'amplitude';
    this.invSqrtC = 1 / Math.sqrt(o.channels);
    this.jBuf = new Float64Array(o.nodes);
    this.reset();
  }

  /** Puts the oscillator on its bias steady state (noise-free p0, or the seed below threshold). */
  reset(): void {
    const { sigma, gammaG, q } = this.derived;
    const z = (sigma * this.o.iDc) / gammaG;
    this.p = z > 1 ? (z - 1) / (z + q) : SEED_POWER;
    this.vf = this.detect(this.p);
  }

  private detect(p: number): number {
    const c = this.o.params.cOut;
    return this.detector === 'amplitude' ? c * Math.sqrt(p) : c * c * p;
  }

  /** Holds current I for one θ and returns the detected (filtered, noisy) voltage at its end. */
  hold(current: number): number {
    const { sigma, gammaG, q } = this.derived;
    const sI = sigma * current;
    const a = sI - gammaG,
      b = gammaG * q + sI;
    let p = this.p;
    for (let s = 0; s < this.sub; s++) {
      p = logisticPowerStep(p, a, b, this.h);
      if (this.noise > 0) {
        const x = Math.sqrt(p) + this.noise * this.normal!.next();
        const y = this.noise * this.normal!.next();
        p = x * x + y * y;
      } else if (p < SEED_POWER) p = SEED_POWER;
      this.vf += this.lpf * (this.detect(p) - this.vf);
    }
    this.p = p;
    this.deviceTime += this.o.theta;
    this.i2Time += current * current * this.o.theta;
    return this.ampSigma > 0 ? this.vf + this.ampSigma * this.normal!.next() : this.vf;
  }

  /**
   * Resets to the bias steady state, runs `frames` frames of `channels` inputs and writes the
   * virtual-node voltages (frames × nodes, row-major) into `out`.
   */
  run(input: ArrayLike<number>, frames: number, out: Float64Array): Float64Array {
    const { nodes, channels, jBuf } = this;
    if (input.length < frames * channels) throw new SpecError('reservoir input', `frames × channels = ${frames * channels} values`, input.length);
    if (out.length < frames * nodes) throw new SpecError('reservoir output', `frames × nodes = ${frames * nodes} values`, out.length);
    const m = this.o.mask,
      iDc = this.o.iDc,
      dI = this.o.deltaI * this.invSqrtC;
    this.reset();
    for (let f = 0; f < frames; f++) {
      jBuf.fill(0);
      for (let c = 0; c < channels; c++) {
        const u = input[f * channels + c];
        if (u === 0) continue;
        const row = c * nodes;
        for (let k = 0; k < nodes; k++) jBuf[k] += u * m[row + k];
      }
      for (let k = 0; k < nodes; k++) out[f * nodes + k] = this.hold(iDc + dI * jBuf[k]);
    }
    return out;
  }
}
