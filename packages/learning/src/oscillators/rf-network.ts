/**
 * An all-spintronic RF network in the manner of Ross et al. 2023 (docs/oscillators.md §4):
 * inputs are RF currents whose powers carry the data, each at its own frequency F_k; a neuron
 * is an STNO driven by the dc voltage of its chain of spin-diode synapses; its RF output (power
 * ∝ p) at its own frequency feeds the next layer's chains.
 *
 *   layer 1: V_j = v1 Σ_m Σ_k a_k² D(F_k − f_{jm}),  ζ_j = b_j + V_j,  h_j = p0(ζ_j)
 *   layer 2: U_o = v2 Σ_m Σ_j (h_j/p_ref) D(F'_j − g_{om}),  ζ_o = c_o + U_o,  y_o = p0(ζ_o)
 *   D(x) = S Γ²/(x² + Γ²) + A xΓ/(x² + Γ²)   (the spin-diode lineshape, stno/diode.ts)
 *   p0(ζ) = (ζ − 1)/(ζ + Q) above threshold, 0 below (the STNO's stationary power)
 *
 * a_k² ∈ [0, 1] is input k's power over the full scale; v1, v2 are the full-scale rectified
 * voltage of one junction over R·I_th (the voltage that moves ζ by one). Junction m of a chain
 * is tuned near input m (its resonance f_{jm} = F_m + Γ δ_{jm}) but hears every input (cross-talk
 * is kept). Trained parameters: the detunings δ (the resonance shift, |δ| ≤ δmax) and the
 * neuron bias currents b, c (the dc current through each oscillator), by Adam on the softmax
 * cross-entropy of β·y. Neurons keep a fixed output frequency (their nonlinear frequency shift
 * is left out: a simplification, docs/oscillators.md §4.2).
 */
import { SpecError, type Rng } from '@spinsnn/core';
import { spinDiodeVoltage, type SpinDiode } from '@spinsnn/backends';

/** Architecture and device constants. */
export interface RfNetOptions {
  /** Data inputs (a bias input at full power is added). */
  readonly inputs: number;
  readonly hidden: number;
  readonly outputs: number;
  /** Junction half-width Γ (Hz) and channel spacing (Hz) of the input and neuron frequencies. */
  readonly linewidth?: number;
  readonly spacing?: number;
  /** Lineshape weights S, A (default 0.3, 1). */
  readonly symmetric?: number;
  readonly antisymmetric?: number;
  /** Full-scale junction voltage over R·I_th, per layer (default 1, 2). */
  readonly v1?: number;
  readonly v2?: number;
  /** STNO nonlinear damping Q of the neurons (default 3.42, the slavin-oop preset). */
  readonly q?: number;
  /** Tuning range |δ| ≤ δmax in linewidths (default 4). */
  readonly maxDetuning?: number;
}

/** Training settings. */
export interface RfTrainOptions {
  readonly epochs: number;
  readonly learningRate?: number;
  /** Logit scale β (default 20). */
  readonly beta?: number;
  readonly onEpoch?: (epoch: number, loss: number) => void;
}

const pZero = (z: number, q: number): number => (z > 1 ? (z - 1) / (z + q) : 0);
/**
 * dp0/dζ; below threshold a surrogate slope (5 % of the slope at threshold) so that a neuron
 * pushed below threshold can be trained back (a training device, not physics: the forward pass
 * stays exact).
 */
const dpZero = (z: number, q: number): number => (z > 1 ? (1 + q) / ((z + q) * (z + q)) : 0.05 / (1 + q));

/** The two-layer spin-diode / STNO network with its trainable resonances and bias currents. */
export class RfNetwork {
  readonly k: number;
  readonly h: number;
  readonly o: number;
  readonly gamma: number;
  readonly spacing: number;
  readonly s: number;
  readonly a: number;
  readonly v1: number;
  readonly v2: number;
  readonly q: number;
  readonly maxDet: number;
  /** Detunings δ1 (hidden × inputs+1), δ2 (outputs × hidden) in linewidths; biases b (hidden), c (outputs) as I/I_th. */
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly b1: Float64Array;
  readonly b2: Float64Array;
  private readonly pRef: number;

  constructor(
    readonly opts: RfNetOptions,
    rng: Rng,
  ) {
    if (!(opts.inputs >= 1 && opts.hidden >= 1 && opts.outputs >= 2))
      throw new SpecError('rf network', 'inputs ≥ 1, hidden ≥ 1, outputs ≥ 2', `${opts.inputs}/${opts.hidden}/${opts.outputs}`);
    this.k = opts.inputs + 1;
    this.h = opts.hidden;
    this.o = opts.outputs;
    this.gamma = opts.linewidth ?? 20e6;
    this.spacing = opts.spacing ?? 10 * this.gamma;
    this.s = opts.symmetric ?? 0.3;
    this.a = opts.antisymmetric ?? 1;
    this.v1 = opts.v1 ?? 1;
    this.v2 = opts.v2 ?? 2;
    this.q = opts.q ?? 3.42;
    this.maxDet = opts.maxDetuning ?? 4;
    this.pRef = pZero(3, this.q);
    // start near the zero crossing of the lineshape (δ = S/A: D = 0), so every neuron starts
    // close to its bias current, above threshold, with weights of both signs
    const zero = this.s / this.a;
    this.d1 = Float64Array.from({ length: this.h * this.k }, () => zero + (2 * rng.uniform() - 1) * 0.5);
    this.d2 = Float64Array.from({ length: this.o * this.h }, () => zero + (2 * rng.uniform() - 1) * 0.5);
    this.b1 = Float64Array.from({ length: this.h }, () => 1.2 + rng.uniform());
    this.b2 = new Float64Array(this.o).fill(1.5);
  }

  /** The junction of chain `row` tuned to channel m with detuning δ (linewidths), as a stno/diode SpinDiode (kRect·I² = 1). */
  junction(channel: number, delta: number): SpinDiode {
    return { fr: channel * this.spacing + delta * this.gamma, linewidth: this.gamma, kRect: 1, symmetric: this.s, antisymmetric: this.a };
  }

  /** Lineshape D at detuning x (in linewidths) and its derivative dD/dx. */
  private shape(x: number): [number, number] {
    const den = x * x + 1;
    const v = (this.s + this.a * x) / den;
    const dv = (this.a * den - 2 * x * (this.s + this.a * x)) / (den * den);
    return [v, dv];
  }

  /**
   * Forward pass of one sample: input powers a² (length inputs, in [0, 1]) → outputs y (length
   * outputs). Fills the hidden ζ and h when given (training).
   */
  forward(a2: ArrayLike<number>, off: number, y: Float64Array, zh?: Float64Array, hh?: Float64Array, zo?: Float64Array): void {
    const { k, h, o, q } = this;
    const sep = this.spacing / this.gamma;
    const hid = hh ?? new Float64Array(h);
    for (let j = 0; j < h; j++) {
      let v = 0;
      for (let m = 0; m < k; m++) {
        const fr = m * sep + this.d1[j * k + m];
        for (let c = 0; c < k; c++) {
          const p = c < k - 1 ? a2[off + c] : 1;
          if (p !== 0) v += p * this.shape(c * sep - fr)[0];
        }
      }
      const z = this.b1[j] + this.v1 * v;
      if (zh) zh[j] = z;
      hid[j] = pZero(z, q);
    }
    for (let t = 0; t < o; t++) {
      let u = 0;
      for (let m = 0; m < h; m++) {
        const fr = m * sep + this.d2[t * h + m];
        for (let j = 0; j < h; j++) if (hid[j] !== 0) u += (hid[j] / this.pRef) * this.shape(j * sep - fr)[0];
      }
      const z = this.b2[t] + this.v2 * u;
      if (zo) zo[t] = z;
      y[t] = pZero(z, q);
    }
  }

  /** Class of each of the n samples (n × inputs powers): the output oscillator with the most power. */
  classify(a2: Float64Array, n: number): Int32Array {
    const y = new Float64Array(this.o),
      out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.forward(a2, i * (this.k - 1), y);
      let best = 0;
      for (let t = 1; t < this.o; t++) if (y[t] > y[best]) best = t;
      out[i] = best;
    }
    return out;
  }

  /** Full-batch Adam on the cross-entropy of softmax(β y); returns the final loss. */
  train(a2: Float64Array, labels: ArrayLike<number>, t: RfTrainOptions): number {
    const { k, h, o, q } = this;
    const n = labels.length;
    const sep = this.spacing / this.gamma;
    const beta = t.beta ?? 20,
      lr = t.learningRate ?? 0.05;
    const params = [this.d1, this.d2, this.b1, this.b2];
    const grads = params.map((p) => new Float64Array(p.length));
    const m1 = params.map((p) => new Float64Array(p.length)),
      m2 = params.map((p) => new Float64Array(p.length));
    const zh = new Float64Array(h),
      hh = new Float64Array(h),
      zo = new Float64Array(o),
      y = new Float64Array(o);
    const gh = new Float64Array(h),
      gy = new Float64Array(o);
    let loss = 0;
    for (let ep = 1; ep <= t.epochs; ep++) {
      for (const g of grads) g.fill(0);
      loss = 0;
      for (let i = 0; i < n; i++) {
        const off = i * (k - 1);
        this.forward(a2, off, y, zh, hh, zo);
        let mx = -Infinity;
        for (let c = 0; c < o; c++) mx = Math.max(mx, beta * y[c]);
        let se = 0;
        for (let c = 0; c < o; c++) se += Math.exp(beta * y[c] - mx);
        loss += -(beta * y[labels[i]] - mx - Math.log(se)) / n;
        // dL/dζ_o
        for (let c = 0; c < o; c++) gy[c] = ((Math.exp(beta * y[c] - mx) / se - (c === labels[i] ? 1 : 0)) * beta * dpZero(zo[c], q)) / n;
        gh.fill(0);
        for (let c = 0; c < o; c++) {
          if (gy[c] === 0) continue;
          grads[3][c] += gy[c];
          for (let m = 0; m < h; m++) {
            const fr = m * sep + this.d2[c * h + m];
            for (let j = 0; j < h; j++) {
              const [v, dv] = this.shape(j * sep - fr);
              grads[1][c * h + m] += gy[c] * this.v2 * (hh[j] / this.pRef) * -dv;
              gh[j] += (gy[c] * this.v2 * v) / this.pRef;
            }
          }
        }
        for (let j = 0; j < h; j++) {
          const gz = gh[j] * dpZero(zh[j], q);
          if (gz === 0) continue;
          grads[2][j] += gz;
          for (let m = 0; m < k; m++) {
            const fr = m * sep + this.d1[j * k + m];
            for (let c = 0; c < k; c++) {
              const p = c < k - 1 ? a2[off + c] : 1;
              if (p !== 0) grads[0][j * k + m] += gz * this.v1 * p * -this.shape(c * sep - fr)[1];
            }
          }
        }
      }
      // Adam (β1 0.9, β2 0.999), then the device limits: tuning range and non-negative bias
      for (let g = 0; g < params.length; g++) {
        const p = params[g];
        for (let i = 0; i < p.length; i++) {
          m1[g][i] = 0.9 * m1[g][i] + 0.1 * grads[g][i];
          m2[g][i] = 0.999 * m2[g][i] + 0.001 * grads[g][i] * grads[g][i];
          const mh = m1[g][i] / (1 - 0.9 ** ep),
            vh = m2[g][i] / (1 - 0.999 ** ep);
          p[i] -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
          p[i] = g < 2 ? Math.max(-this.maxDet, Math.min(this.maxDet, p[i])) : Math.max(0, Math.min(4, p[i]));
        }
      }
      t.onEpoch?.(ep, loss);
    }
    return loss;
  }

  /** Rectified voltage of hidden neuron j's chain (in units of R·I_th) computed with the registered device's closed form. */
  chainVoltage(j: number, a2: ArrayLike<number>, off: number): number {
    let v = 0;
    for (let m = 0; m < this.k; m++) {
      const d = this.junction(m, this.d1[j * this.k + m]);
      for (let c = 0; c < this.k; c++) v += spinDiodeVoltage(d, c * this.spacing, Math.sqrt(c < this.k - 1 ? a2[off + c] : 1));
    }
    return this.v1 * v;
  }
}

/** Maps 2-D points to input powers in [0, 1] with the training set's per-axis range (5 % margin). */
export function powerEncoding(train: Float64Array, dims: number): (x: Float64Array) => Float64Array {
  const lo = new Float64Array(dims).fill(Infinity),
    hi = new Float64Array(dims).fill(-Infinity);
  for (let i = 0; i < train.length; i++) {
    const d = i % dims;
    lo[d] = Math.min(lo[d], train[i]);
    hi[d] = Math.max(hi[d], train[i]);
  }
  for (let d = 0; d < dims; d++) {
    const pad = 0.05 * (hi[d] - lo[d]);
    lo[d] -= pad;
    hi[d] += pad;
  }
  return (x) => Float64Array.from(x, (v, i) => Math.max(0, Math.min(1, (v - lo[i % dims]) / (hi[i % dims] - lo[i % dims]))));
}
