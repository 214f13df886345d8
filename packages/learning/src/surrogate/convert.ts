import { SpecError } from '@spinsnn/core';
import type { SnnParams } from './model.js';

/**
 * ANN→SNN conversion (Rueckauer et al., Front. Neurosci. 11, 682 (2017); docs/supervised-snn.md §6):
 * a ReLU network's dense layers become integrate-and-fire layers (`learning/dt_lif` with β = 1,
 * θ = 1, reset by subtraction), whose spike rates approximate the ReLU activations once the
 * weights are normalised layer by layer: with λ_l the p-th percentile of layer l's activations
 * on training data (λ_0 = 1 for inputs in [0, 1]),
 *
 *   W_l ← W_l · λ_{l−1} / λ_l,   b_l ← b_l / λ_l
 *
 * so every layer's rate stays below one spike per step (p = 100: max-norm, Diehl et al. 2015;
 * p = 99.9: Rueckauer's robust norm). The biases are constant currents per step.
 */
export interface DenseLayer {
  /** nIn × nOut, row-major. */
  weights: Float32Array;
  bias: Float32Array | null;
  nIn: number;
  nOut: number;
}

/** The p-th percentile (0 < p ≤ 100) of the positive values of `a` (0 when none is positive). */
export function positivePercentile(a: ArrayLike<number>, p: number): number {
  if (!(p > 0 && p <= 100)) throw new SpecError('percentile', 'a number in (0, 100]', p);
  const pos: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] > 0) pos.push(a[i]);
  if (pos.length === 0) return 0;
  pos.sort((x, y) => x - y);
  const k = Math.min(pos.length - 1, Math.max(0, Math.ceil((p / 100) * pos.length) - 1));
  return pos[k];
}

/**
 * Converts dense ReLU layers into the parameters of an IF spiking MLP, given the per-layer
 * normalisation scales λ_1 … λ_L (from `positivePercentile` of each layer's activations).
 */
export function convertDense(layers: readonly DenseLayer[], lambdas: readonly number[], timesteps: number): SnnParams {
  if (layers.length !== lambdas.length) throw new SpecError('lambdas', `one scale per layer (${layers.length})`, lambdas.length);
  const sizes = [layers[0].nIn, ...layers.map((l) => l.nOut)];
  const weights: Float32Array[] = [],
    biases: Float32Array[] = [];
  let prev = 1;
  layers.forEach((layer, l) => {
    const lam = lambdas[l];
    if (!(lam > 0)) throw new SpecError(`lambdas[${l}]`, 'a scale > 0 (the layer never activates on the normalisation data)', lam);
    if (l > 0 && layer.nIn !== layers[l - 1].nOut) throw new SpecError(`layers[${l}]`, `${layers[l - 1].nOut} inputs`, layer.nIn);
    weights.push(Float32Array.from(layer.weights, (w) => (w * prev) / lam));
    biases.push(layer.bias ? Float32Array.from(layer.bias, (b) => b / lam) : new Float32Array(layer.nOut));
    prev = lam;
  });
  return {
    config: { sizes, beta: 1, learnBeta: false, threshold: 1, reset: 'subtract', surrogate: 'fast_sigmoid', slope: 5, timesteps },
    weights,
    betas: layers.map(() => 1),
    biases,
  };
}
