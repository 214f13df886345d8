/**
 * Reservoir computing with one spin-torque nano-oscillator (Torrejon et al. 2017 scheme): a
 * random sequence of sine and square wave periods, 8 points each, is fed point by point through
 * a random binary mask into the oscillator's current (`runStnoReservoir`); its amplitude, sampled
 * every θ, gives N_v "virtual nodes" per input point. A linear least-squares readout of those
 * nodes then says, for every point, whether it belongs to a sine or a square period — which the
 * input value alone cannot (both waves pass through +1, −1 and values near 0), so the accuracy
 * measures the oscillator's nonlinearity and fading memory. A readout of the raw input is the control.
 *
 *   node examples/run.mjs stno-reservoir [--periods 200] [--nodes 24] [--temperature 0] [--seed 1]
 *
 * Tutorial: docs/examples/stno-reservoir.md.
 */
import { Rng, getModel, resolveModelParams } from '@spinsnn/core';
import { randomBinaryMask, relaxationTime, runStnoReservoir, stnoDerived, stnoFromValues } from '@spinsnn/backends';
import { pathToFileURL } from 'node:url';

export interface StnoReservoirOptions {
  /** Wave periods in the sequence (8 points each); the first 60 % train the readout, the rest test it. */
  periods?: number;
  /** Virtual nodes per input point N_v. */
  nodes?: number;
  /** Oscillator temperature (K): 0 noise-free, 300 with thermal noise. */
  temperature?: number;
  /** Bias current in units of the threshold current I_th. */
  bias?: number;
  /** Input current per unit input, in units of I_th. */
  gain?: number;
  /** θ in units of the amplitude relaxation time at the bias. */
  theta?: number;
  /** Ridge regularisation of the least-squares readout. */
  ridge?: number;
  seed?: number;
}

const POINTS = 8;

/** Input u(t) and label (1 = square, 0 = sine) of a random sequence of wave periods. */
export function sineSquare(periods: number, rng: Rng): { u: Float64Array; label: Uint8Array } {
  const u = new Float64Array(periods * POINTS),
    label = new Uint8Array(periods * POINTS);
  for (let p = 0; p < periods; p++) {
    const square = rng.uniform() < 0.5;
    for (let k = 0; k < POINTS; k++) {
      u[p * POINTS + k] = square ? (k < POINTS / 2 ? 1 : -1) : Math.sin((2 * Math.PI * k) / POINTS);
      label[p * POINTS + k] = square ? 1 : 0;
    }
  }
  return { u, label };
}

/** Ridge least squares: w = (XᵀX + λI)⁻¹ Xᵀy for X rows × cols (row-major), by Gaussian elimination. */
export function leastSquares(X: Float64Array, rows: number, cols: number, y: ArrayLike<number>, ridge: number): Float64Array {
  const A = new Float64Array(cols * (cols + 1)); // [XᵀX + λI | Xᵀy]
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < cols; i++) {
      const xi = X[r * cols + i];
      for (let j = 0; j < cols; j++) A[i * (cols + 1) + j] += xi * X[r * cols + j];
      A[i * (cols + 1) + cols] += xi * y[r];
    }
  }
  for (let i = 0; i < cols; i++) A[i * (cols + 1) + i] += ridge;
  for (let c = 0; c < cols; c++) {
    let piv = c;
    for (let r = c + 1; r < cols; r++) if (Math.abs(A[r * (cols + 1) + c]) > Math.abs(A[piv * (cols + 1) + c])) piv = r;
    for (let j = 0; j <= cols; j++) [A[c * (cols + 1) + j], A[piv * (cols + 1) + j]] = [A[piv * (cols + 1) + j], A[c * (cols + 1) + j]];
    for (let r = 0; r < cols; r++) {
      if (r === c) continue;
      const f = A[r * (cols + 1) + c] / A[c * (cols + 1) + c];
      if (f !== 0) for (let j = c; j <= cols; j++) A[r * (cols + 1) + j] -= f * A[c * (cols + 1) + j];
    }
  }
  return Float64Array.from({ length: cols }, (_, i) => A[i * (cols + 1) + cols] / A[i * (cols + 1) + i]);
}

/** Trains a readout on rows [0, split) of `features` (+ a constant column) and returns the test accuracy on the rest. */
function readoutAccuracy(features: Float64Array, width: number, label: Uint8Array, split: number, ridge: number): { train: number; test: number } {
  const rows = label.length,
    cols = width + 1;
  const X = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < width; k++) X[r * cols + k] = features[r * width + k];
    X[r * cols + width] = 1;
  }
  const w = leastSquares(X.subarray(0, split * cols), split, cols, label, ridge);
  const correct = (from: number, to: number) => {
    let ok = 0;
    for (let r = from; r < to; r++) {
      let y = 0;
      for (let k = 0; k < cols; k++) y += w[k] * X[r * cols + k];
      if ((y > 0.5 ? 1 : 0) === label[r]) ok++;
    }
    return ok / (to - from);
  };
  return { train: correct(0, split), test: correct(split, rows) };
}

export interface StnoReservoirResult {
  points: { train: number; test: number };
  nodes: number;
  /** Threshold current I_th (A), bias current (A), θ (s) and the relaxation time at the bias (s). */
  ithA: number;
  iDcA: number;
  thetaS: number;
  tauRelaxS: number;
  /** Accuracy of the readout of the reservoir's virtual nodes, and of the raw input (the control). */
  reservoir: { train: number; test: number };
  inputOnly: { train: number; test: number };
}

/** The default options (`node examples/run.mjs` refuses an option not named here). */
export const defaults: Required<StnoReservoirOptions> = { periods: 200, nodes: 24, temperature: 0, bias: 2, gain: 0.5, theta: 0.5, ridge: 1e-6, seed: 1 };

export function main(options: StnoReservoirOptions = {}): StnoReservoirResult {
  const o = { ...defaults, ...options };
  const rng = new Rng(o.seed);
  // the oscillator's parameters through the registry: defaults ← preset ← overrides, range-checked
  const values = resolveModelParams(getModel('stno/oscillator', 'oscillator'), 'slavin-oop', { temperature: o.temperature });
  const params = stnoFromValues(values);
  const d = stnoDerived(params);
  const iDc = o.bias * d.ith;
  const tauRelax = relaxationTime(d, iDc);
  const theta = o.theta * tauRelax;

  const { u, label } = sineSquare(o.periods, rng.fork(1));
  const frames = u.length;
  const mask = randomBinaryMask(1, o.nodes, rng.fork(2));
  const states = runStnoReservoir(u, frames, 1, { params, nodes: o.nodes, mask, iDc, deltaI: o.gain * d.ith, theta, rng: rng.fork(3) });

  const split = Math.round(0.6 * o.periods) * POINTS;
  return {
    points: { train: split, test: frames - split },
    nodes: o.nodes,
    ithA: d.ith,
    iDcA: iDc,
    thetaS: theta,
    tauRelaxS: tauRelax,
    reservoir: readoutAccuracy(states, o.nodes, label, split, o.ridge),
    inputOnly: readoutAccuracy(u, 1, label, split, o.ridge),
  };
}

export function report(r: StnoReservoirResult): string {
  const pc = (x: number) => `${(100 * x).toFixed(1)} %`;
  return [
    `one STNO (slavin-oop), I_th = ${(r.ithA * 1e3).toFixed(2)} mA, bias ${(r.iDcA * 1e3).toFixed(2)} mA, θ = ${(r.thetaS * 1e9).toFixed(3)} ns (τ_relax ${(r.tauRelaxS * 1e9).toFixed(2)} ns), ${r.nodes} virtual nodes`,
    `sine/square classification, ${r.points.train} training and ${r.points.test} test points (chance 50 %):`,
    `  reservoir readout   train ${pc(r.reservoir.train)}, test ${pc(r.reservoir.test)}`,
    `  raw-input readout   train ${pc(r.inputOnly.train)}, test ${pc(r.inputOnly.test)}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(report(main()));
