import { Rng, SpecError } from '@spinsnn/core';
import type { SurrogateKind } from './surrogates.js';

/**
 * A trained (or freshly initialised) spiking MLP as plain data — no TF.js — so it can be saved,
 * exported to a kernel `NetworkSpec` and deployed onto devices (docs/supervised-snn.md §1).
 *
 * Time convention (shared by the TF.js forward pass and the kernel, docs/supervised-snn.md §2):
 * steps k = 0 … T + L − 1 for L weight layers; layer l at step k integrates the spikes layer l − 1
 * emitted at step k − 1 (the input "emits" x[k] at step k), as a zero-delay projection does on the
 * kernel's clock. The output is the spike count of the last layer over all steps.
 */
export interface SnnConfig {
  /** Layer sizes, input first: e.g. [784, 512, 10]. */
  sizes: number[];
  /** Initial leak factor β per step (all layers). */
  beta: number;
  /** Train β per layer (clipped to [0, 1]). */
  learnBeta: boolean;
  threshold: number;
  reset: 'subtract' | 'zero';
  surrogate: SurrogateKind;
  slope: number;
  /** Input time steps T. */
  timesteps: number;
  /**
   * Hidden layers are recurrent: each hidden layer l also hears its own spikes of step k − 1
   * through an all-to-all n_l × n_l weight matrix (the kernel's zero-delay l → l projection).
   */
  recurrent?: boolean;
}

/** Weights and leaks of a spiking MLP: weights[l] is sizes[l] × sizes[l+1], row-major (pre-major). */
export interface SnnParams {
  config: SnnConfig;
  weights: Float32Array[];
  betas: number[];
  /** Optional constant input current per neuron and step, one array per layer (converted ANNs' biases). */
  biases?: Float32Array[];
  /** With `config.recurrent`: one n_l × n_l matrix (pre-major) per hidden layer l = 1 … L − 1. */
  recurrent?: Float32Array[];
}

/** Number of hidden layers whose recurrent matrices `params.recurrent` holds (0 without `config.recurrent`). */
export function recurrentLayers(config: SnnConfig): number {
  return config.recurrent ? config.sizes.length - 2 : 0;
}

/** Total steps a sample occupies: T input steps plus one per layer for the spikes to travel through. */
export function totalSteps(config: SnnConfig): number {
  return config.timesteps + config.sizes.length - 1;
}

/** Checks a config, with typed errors naming the field. */
export function checkSnnConfig(c: SnnConfig): void {
  if (!Array.isArray(c.sizes) || c.sizes.length < 2 || !c.sizes.every((n) => Number.isInteger(n) && n > 0))
    throw new SpecError('snn.sizes', 'at least two whole layer sizes ≥ 1, input first', c.sizes);
  if (!(c.beta >= 0 && c.beta <= 1)) throw new SpecError('snn.beta', 'a leak factor in [0, 1]', c.beta);
  if (!(c.threshold > 0)) throw new SpecError('snn.threshold', 'a number > 0', c.threshold);
  if (c.reset !== 'subtract' && c.reset !== 'zero') throw new SpecError('snn.reset', '"subtract" or "zero"', c.reset);
  if (!(c.slope > 0)) throw new SpecError('snn.slope', 'a surrogate slope > 0', c.slope);
  if (!(Number.isInteger(c.timesteps) && c.timesteps >= 1)) throw new SpecError('snn.timesteps', 'a whole number of steps ≥ 1', c.timesteps);
}

/**
 * Seeded initialisation: W ~ U(−g/√fan_in, g/√fan_in) with gain g (g = 1 is PyTorch's nn.Linear
 * default), drawn layer by layer from one seeded Rng stream.
 */
export function initSnnParams(config: SnnConfig, seed: number, gain = 1): SnnParams {
  checkSnnConfig(config);
  const rng = new Rng(seed, 0x5a1e);
  const weights: Float32Array[] = [];
  for (let l = 0; l + 1 < config.sizes.length; l++) {
    const nIn = config.sizes[l],
      nOut = config.sizes[l + 1];
    const a = gain / Math.sqrt(nIn);
    const w = new Float32Array(nIn * nOut);
    for (let i = 0; i < w.length; i++) w[i] = (2 * rng.uniform() - 1) * a;
    weights.push(w);
  }
  const out: SnnParams = { config: { ...config, sizes: [...config.sizes] }, weights, betas: config.sizes.slice(1).map(() => Math.fround(config.beta)) };
  // recurrent matrices after the feed-forward ones, so the feed-forward draws do not depend on it
  if (config.recurrent) {
    out.recurrent = [];
    for (let l = 1; l + 1 < config.sizes.length; l++) {
      const n = config.sizes[l];
      const a = gain / Math.sqrt(n);
      out.recurrent.push(Float32Array.from({ length: n * n }, () => (2 * rng.uniform() - 1) * a));
    }
  }
  return out;
}

/**
 * Rounds every weight to a multiple of 2^−bits. Float32 sums of such weights are exact in any
 * order while every partial sum stays below 2^(24 − bits) in magnitude, which makes the TF.js
 * matmul and the kernel's float64 accumulation agree bit for bit (checked here: throws if some
 * neuron's Σ|w| could exceed it).
 */
export function dyadicWeights(p: SnnParams, bits = 14): SnnParams {
  const q = 2 ** bits,
    limit = 2 ** (24 - bits);
  const round = (w: Float32Array) => Float32Array.from(w, (x) => Math.round(x * q) / q);
  const recurrent = p.recurrent?.map(round);
  const weights = p.weights.map((w, l) => {
    const nIn = p.config.sizes[l],
      nOut = p.config.sizes[l + 1];
    const out = round(w);
    const rec = recurrent && l + 1 < p.weights.length ? recurrent[l] : null;
    for (let j = 0; j < nOut; j++) {
      let s = 0;
      for (let i = 0; i < nIn; i++) s += Math.abs(out[i * nOut + j]);
      if (rec) for (let i = 0; i < nOut; i++) s += Math.abs(rec[i * nOut + j]);
      if (s >= limit) throw new SpecError(`weights[${l}]`, `Σ|w| per neuron < ${limit} for exact float32 sums at 2^-${bits} (use fewer bits)`, s);
    }
    return out;
  });
  return { config: p.config, weights, betas: [...p.betas], ...(p.biases ? { biases: p.biases } : {}), ...(recurrent ? { recurrent } : {}) };
}

/**
 * Every weight matrix of a network in one list — feed-forward layers first, then the recurrent
 * matrices — with its kernel projection name, source and target layer and shape: the order
 * hardware-aware mapping and deployment share.
 */
export function weightMatrices(p: SnnParams): { name: string; from: number; to: number; rows: number; cols: number; w: Float32Array }[] {
  const s = p.config.sizes;
  const out = p.weights.map((w, l) => ({ name: `w${l}`, from: l, to: l + 1, rows: s[l], cols: s[l + 1], w }));
  const R = recurrentLayers(p.config);
  if (R > 0 && (!p.recurrent || p.recurrent.length !== R))
    throw new SpecError('recurrent', `${R} recurrent matrices (one per hidden layer)`, p.recurrent?.length ?? 0);
  for (let l = 0; l < R; l++) {
    const n = s[l + 1];
    if (p.recurrent![l].length !== n * n) throw new SpecError(`recurrent[${l}]`, `${n} × ${n} values`, p.recurrent![l].length);
    out.push({ name: `r${l + 1}`, from: l + 1, to: l + 1, rows: n, cols: n, w: p.recurrent![l] });
  }
  return out;
}
