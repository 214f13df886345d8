/**
 * A software echo-state network (Jaeger 2001; docs/oscillators.md §3) as the reservoir control:
 *   x(t) = (1 − a) x(t−1) + a tanh(W x(t−1) + W_in u(t) + b)
 * W sparse random, rescaled to spectral radius ρ (largest |eigenvalue|, ml-matrix), W_in uniform
 * in ±inputScale, b uniform in ±biasScale. States are the x(t).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { SpecError, type Rng } from '@spinsnn/core';

/** ESN hyper-parameters. */
export interface EsnOptions {
  /** Reservoir units N. */
  readonly size: number;
  /** Input channels. */
  readonly inputs: number;
  /** Spectral radius ρ of W (default 0.9). */
  readonly spectralRadius?: number;
  /** Fraction of non-zero recurrent weights (default min(1, 10/N)). */
  readonly density?: number;
  /** Input weights uniform in ±inputScale (default 1). */
  readonly inputScale?: number;
  /** Bias uniform in ±biasScale (default 0.1). */
  readonly biasScale?: number;
  /** Leak rate a ∈ (0, 1] (default 1). */
  readonly leak?: number;
}

/** Largest |eigenvalue| of a square matrix n × n (row-major). */
export function spectralRadius(w: Float64Array, n: number): number {
  const m = Matrix.from1DArray(n, n, w);
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: false });
  let r = 0;
  for (let i = 0; i < n; i++) r = Math.max(r, Math.hypot(e.realEigenvalues[i], e.imaginaryEigenvalues[i]));
  return r;
}

/** The echo-state network; `run` resets it and returns the states for a whole input sequence. */
export class EchoStateNetwork {
  readonly n: number;
  readonly inputs: number;
  /** Recurrent (CSR: rowStart, col, val), input (N × inputs) and bias weights. */
  private readonly rowStart: Int32Array;
  private readonly col: Int32Array;
  private readonly val: Float64Array;
  readonly win: Float64Array;
  readonly bias: Float64Array;
  readonly leak: number;
  readonly x: Float64Array;
  private readonly pre: Float64Array;

  constructor(o: EsnOptions, rng: Rng) {
    const n = o.size;
    if (!(Number.isInteger(n) && n >= 1)) throw new SpecError('esn size', 'a whole number ≥ 1', n);
    if (!(Number.isInteger(o.inputs) && o.inputs >= 1)) throw new SpecError('esn inputs', 'a whole number ≥ 1', o.inputs);
    const leak = o.leak ?? 1;
    if (!(leak > 0 && leak <= 1)) throw new SpecError('esn leak', 'a leak rate in (0, 1]', leak);
    const rho = o.spectralRadius ?? 0.9;
    if (!(rho >= 0)) throw new SpecError('esn spectralRadius', 'a number ≥ 0', rho);
    const density = o.density ?? Math.min(1, 10 / n);
    if (!(density > 0 && density <= 1)) throw new SpecError('esn density', 'a fraction in (0, 1]', density);
    this.n = n;
    this.inputs = o.inputs;
    this.leak = leak;
    const w = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) if (rng.uniform() < density) w[i] = 2 * rng.uniform() - 1;
    const r0 = spectralRadius(w, n);
    const s = r0 > 0 ? rho / r0 : 0;
    const cols: number[] = [],
      vals: number[] = [];
    this.rowStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++)
        if (w[i * n + j] !== 0) {
          cols.push(j);
          vals.push(w[i * n + j] * s);
        }
      this.rowStart[i + 1] = cols.length;
    }
    this.col = Int32Array.from(cols);
    this.val = Float64Array.from(vals);
    const is = o.inputScale ?? 1,
      bs = o.biasScale ?? 0.1;
    this.win = new Float64Array(n * o.inputs);
    for (let i = 0; i < this.win.length; i++) this.win[i] = is * (2 * rng.uniform() - 1);
    this.bias = new Float64Array(n);
    for (let i = 0; i < n; i++) this.bias[i] = bs * (2 * rng.uniform() - 1);
    this.x = new Float64Array(n);
    this.pre = new Float64Array(n);
  }

  /** Zero state. */
  reset(): void {
    this.x.fill(0);
  }

  /** One update with input u (length `inputs`, read from u[offset…]); the state is `this.x`. */
  step(u: ArrayLike<number>, offset = 0): void {
    const { n, inputs, x, pre, win, bias, rowStart, col, val, leak } = this;
    for (let i = 0; i < n; i++) {
      let s = bias[i];
      for (let q = rowStart[i]; q < rowStart[i + 1]; q++) s += val[q] * x[col[q]];
      const wr = i * inputs;
      for (let c = 0; c < inputs; c++) s += win[wr + c] * u[offset + c];
      pre[i] = s;
    }
    for (let i = 0; i < n; i++) x[i] = (1 - leak) * x[i] + leak * Math.tanh(pre[i]);
  }

  /** Resets, runs `frames` inputs (frames × inputs, row-major) and returns the states (frames × N). */
  run(input: ArrayLike<number>, frames: number, out: Float64Array = new Float64Array(frames * this.n)): Float64Array {
    if (input.length !== frames * this.inputs) throw new SpecError('esn input', `frames × inputs = ${frames * this.inputs} values`, input.length);
    this.reset();
    for (let t = 0; t < frames; t++) {
      this.step(input, t * this.inputs);
      out.set(this.x, t * this.n);
    }
    return out;
  }
}
