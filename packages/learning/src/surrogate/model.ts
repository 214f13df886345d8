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
}

/** Weights and leaks of a spiking MLP: weights[l] is sizes[l] × sizes[l+1], row-major (pre-major). */
export interface SnnParams {
  config: SnnConfig;
  weights: Float32Array[];
  betas: number[];
  /** Optional constant input current per neuron and step, one array per layer (converted ANNs' biases). */
  biases?: Float32Array[];
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
  return { config: { ...config, sizes: [...config.sizes] }, weights, betas: config.sizes.slice(1).map(() => Math.fround(config.beta)) };
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
  const weights = p.weights.map((w, l) => {
    const nIn = p.config.sizes[l],
      nOut = p.config.sizes[l + 1];
    const out = Float32Array.from(w, (x) => Math.round(x * q) / q);
    for (let j = 0; j < nOut; j++) {
      let s = 0;
      for (let i = 0; i < nIn; i++) s += Math.abs(out[i * nOut + j]);
      if (s >= limit) throw new SpecError(`weights[${l}]`, `Σ|w| per neuron < ${limit} for exact float32 sums at 2^-${bits} (use fewer bits)`, s);
    }
    return out;
  });
  return { config: p.config, weights, betas: [...p.betas], ...(p.biases ? { biases: p.biases } : {}) };
}
