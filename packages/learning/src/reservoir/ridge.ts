/**
 * Ridge-regression readout for reservoirs (docs/oscillators.md §3): standardised inputs, an
 * unpenalised bias, W = (XᵀX + λI)⁻¹ XᵀY on the centred data, solved by Cholesky (ml-matrix).
 * The Gram matrix is accumulated by hand (the hot part: n·d² multiply-adds) and reused for every
 * λ of a validation sweep, so choosing the regulariser costs one d³/3 factorisation per λ.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { SpecError } from '@spinsnn/core';

/** A trained linear readout y = W (x − μ)/s + b. */
export class RidgeReadout {
  constructor(
    /** Inputs d and outputs k. */
    readonly inputs: number,
    readonly outputs: number,
    /** Per-input mean μ and scale s (1 when not standardised). */
    readonly mean: Float64Array,
    readonly scale: Float64Array,
    /** Weights, d × k row-major, for the standardised inputs. */
    readonly weights: Float64Array,
    /** Bias per output. */
    readonly bias: Float64Array,
    /** The regulariser λ used. */
    readonly lambda: number,
  ) {}

  /** y = readout(x) for one input row (length d) into out (length k). */
  predictInto(x: ArrayLike<number>, xOffset: number, out: Float64Array): void {
    const { inputs: d, outputs: k, weights: w } = this;
    for (let j = 0; j < k; j++) out[j] = this.bias[j];
    for (let i = 0; i < d; i++) {
      const z = (x[xOffset + i] - this.mean[i]) / this.scale[i];
      if (z === 0) continue;
      const row = i * k;
      for (let j = 0; j < k; j++) out[j] += z * w[row + j];
    }
  }

  /** Index of the largest output for each of the n rows of x (n × d). */
  classify(x: Float64Array, n: number): Int32Array {
    const out = new Float64Array(this.outputs);
    const cls = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      this.predictInto(x, r * this.inputs, out);
      let best = 0;
      for (let j = 1; j < this.outputs; j++) if (out[j] > out[best]) best = j;
      cls[r] = best;
    }
    return cls;
  }
}

/** Sufficient statistics of a ridge problem: the centred, standardised Gram matrix and cross term. */
export interface RidgeStats {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  /** ZᵀZ (d × d, full) and ZᵀY_c (d × k), Z the standardised centred inputs. */
  readonly gram: Float64Array;
  readonly cross: Float64Array;
  readonly yMean: Float64Array;
}

/** Options of `ridgeStats`. */
export interface RidgeStatsOptions {
  /** Divide each centred input by its standard deviation (default true). */
  readonly standardise?: boolean;
}

/**
 * Accumulates the ridge statistics of n rows x (n × d) with targets y (n × k), both row-major.
 */
export function ridgeStats(x: Float64Array, y: Float64Array, n: number, d: number, k: number, o: RidgeStatsOptions = {}): RidgeStats {
  if (!(n >= 1 && d >= 1 && k >= 1)) throw new SpecError('ridge shape', 'n, d, k ≥ 1', `n ${n}, d ${d}, k ${k}`);
  if (x.length !== n * d) throw new SpecError('ridge inputs', `n × d = ${n * d} values`, x.length);
  if (y.length !== n * k) throw new SpecError('ridge targets', `n × k = ${n * k} values`, y.length);
  const mean = new Float64Array(d),
    scale = new Float64Array(d).fill(1),
    yMean = new Float64Array(k);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) mean[i] += x[r * d + i];
    for (let j = 0; j < k; j++) yMean[j] += y[r * k + j];
  }
  for (let i = 0; i < d; i++) mean[i] /= n;
  for (let j = 0; j < k; j++) yMean[j] /= n;
  if (o.standardise ?? true) {
    const v = new Float64Array(d);
    for (let r = 0; r < n; r++)
      for (let i = 0; i < d; i++) {
        const z = x[r * d + i] - mean[i];
        v[i] += z * z;
      }
    // a constant input keeps scale 1 (its centred value is 0 everywhere, so it carries no weight)
    for (let i = 0; i < d; i++) scale[i] = v[i] > 0 ? Math.sqrt(v[i] / n) : 1;
  }
  const gram = new Float64Array(d * d),
    cross = new Float64Array(d * k);
  const z = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) z[i] = (x[r * d + i] - mean[i]) / scale[i];
    for (let i = 0; i < d; i++) {
      const zi = z[i];
      if (zi === 0) continue;
      const row = i * d;
      for (let j = i; j < d; j++) gram[row + j] += zi * z[j];
      for (let j = 0; j < k; j++) cross[i * k + j] += zi * (y[r * k + j] - yMean[j]);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) gram[i * d + j] = gram[j * d + i];
  return { n, d, k, mean, scale, gram, cross, yMean };
}

/** Solves the ridge problem of `s` for one λ (relative to the mean diagonal of the Gram matrix when `relative`). */
export function ridgeSolve(s: RidgeStats, lambda: number, relative = true): RidgeReadout {
  if (!(lambda >= 0)) throw new SpecError('lambda', 'a regulariser ≥ 0', lambda);
  const { d, k } = s;
  let tr = 0;
  for (let i = 0; i < d; i++) tr += s.gram[i * d + i];
  const lam = relative ? (lambda * tr) / d : lambda;
  const a = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a.set(i, j, s.gram[i * d + j] + (i === j ? lam : 0));
  const b = new Matrix(d, k);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) b.set(i, j, s.cross[i * k + j]);
  const chol = new CholeskyDecomposition(a);
  if (!chol.isPositiveDefinite()) {
    throw new SpecError('lambda', `a larger regulariser: XᵀX + λI is singular at λ = ${lambda} (more inputs than independent rows?)`, lambda);
  }
  const w = chol.solve(b);
  const weights = new Float64Array(d * k);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) weights[i * k + j] = w.get(i, j);
  // the bias makes the prediction at the input mean equal the target mean (z = 0 there)
  return new RidgeReadout(d, k, s.mean, s.scale, weights, Float64Array.from(s.yMean), lambda);
}

/** One-hot targets (n × classes) for integer labels. */
export function oneHot(labels: ArrayLike<number>, classes: number): Float64Array {
  const y = new Float64Array(labels.length * classes);
  for (let r = 0; r < labels.length; r++) {
    const c = labels[r];
    if (!(Number.isInteger(c) && c >= 0 && c < classes)) throw new SpecError('label', `an integer in [0, ${classes})`, c);
    y[r * classes + c] = 1;
  }
  return y;
}

/** Fraction of rows whose argmax matches the label. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) ok++;
  return labels.length ? ok / labels.length : 0;
}

/** Result of choosing λ on a validation split. */
export interface RidgeSelection {
  /** The λ with the best validation accuracy (ties: the larger λ) and the readout refit on all rows. */
  readonly lambda: number;
  readonly readout: RidgeReadout;
  /** Validation accuracy per λ. */
  readonly curve: { lambda: number; accuracy: number }[];
}

/**
 * Ridge classifier with λ chosen on a validation subset: fit on the rows with `isVal[r] = 0`,
 * score the held-out rows for every λ of `lambdas`, then refit on every row with the best λ.
 */
export function ridgeClassifierSelect(
  x: Float64Array,
  labels: ArrayLike<number>,
  d: number,
  classes: number,
  isVal: Uint8Array,
  lambdas: readonly number[],
): RidgeSelection {
  const n = labels.length;
  if (lambdas.length === 0) throw new SpecError('lambdas', 'at least one regulariser', '[]');
  let nv = 0;
  for (let r = 0; r < n; r++) nv += isVal[r] ? 1 : 0;
  if (nv === 0 || nv === n) throw new SpecError('validation split', 'some rows for fitting and some for validation', `${nv} of ${n} rows held out`);
  const fitX = new Float64Array((n - nv) * d),
    valX = new Float64Array(nv * d);
  const fitL: number[] = [],
    valL: number[] = [];
  for (let r = 0, a = 0, b = 0; r < n; r++) {
    if (isVal[r]) {
      valX.set(x.subarray(r * d, (r + 1) * d), b * d);
      valL.push(labels[r]);
      b++;
    } else {
      fitX.set(x.subarray(r * d, (r + 1) * d), a * d);
      fitL.push(labels[r]);
      a++;
    }
  }
  const s = ridgeStats(fitX, oneHot(fitL, classes), n - nv, d, classes);
  const curve = lambdas.map((lambda) => ({ lambda, accuracy: accuracy(ridgeSolve(s, lambda).classify(valX, nv), valL) }));
  let best = curve[0];
  for (const c of curve) if (c.accuracy > best.accuracy || (c.accuracy === best.accuracy && c.lambda > best.lambda)) best = c;
  const all = ridgeStats(x, oneHot(labels, classes), n, d, classes);
  return { lambda: best.lambda, readout: ridgeSolve(all, best.lambda), curve };
}

/** The default λ grid (relative to the mean Gram diagonal): 1e-6 … 10 in decades and half-decades. */
export const DEFAULT_LAMBDAS: readonly number[] = [1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10];
