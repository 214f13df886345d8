import type { Rng } from '@spinsnn/core';
import type * as TF from '@tensorflow/tfjs';

/**
 * The parts of a resumable training loop that the classifier and the spiking-network trainers
 * share: a seeded sample order per epoch, the replay of the epochs a resumed run has already done,
 * the Adam state a checkpoint saves and restores, and the tally of predictions against labels.
 */

/** One optimizer weight as TF.js `getWeights` names it. */
export interface NamedTensor {
  name: string;
  tensor: TF.Tensor;
}

/** What `onEpoch` gets to read the optimizer's state (Adam: step count and moments) for a checkpoint. */
export interface OptimizerState {
  optimizerWeights: () => Promise<NamedTensor[]>;
}

/** order ← 0..n−1, then a shuffle drawn from rng (the one draw per epoch a resumed run replays). */
export function shuffleOrder(rng: Rng, order: Int32Array): void {
  for (let i = 0; i < order.length; i++) order[i] = i;
  rng.shuffle(order);
}

/**
 * Replays the shuffles and learning-rate decays of the `start` epochs already trained, so epoch
 * start + 1 sees the same order and rate as in an uninterrupted run; returns that rate.
 */
export function replayEpochs(rng: Rng, order: Int32Array, start: number, learningRate: number, lrDecay: number): number {
  let lr = learningRate;
  for (let epoch = 1; epoch <= start; epoch++) {
    shuffleOrder(rng, order);
    lr *= lrDecay;
  }
  return lr;
}

/** Sets the rate Adam reads on every step (tfjs has no public setter). */
export function setLearningRate(optimizer: TF.Optimizer, lr: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}

// Adam keeps β1^t and β2^t as running products (accBeta1/2, not in getWeights; setWeights
// recomputes them by pow, which differs in the last bits after many steps): saved and restored
// as extra entries, so a resumed run continues bit for bit
const ACC = ['accBeta1', 'accBeta2'] as const;

/** Restores `saved` (from a checkpoint's optimizerWeights) onto a fresh Adam; returns the state reader for the next checkpoint. */
export async function resumeAdam(optimizer: TF.Optimizer, saved?: NamedTensor[]): Promise<OptimizerState> {
  const acc = optimizer as unknown as Record<string, TF.Variable | undefined>;
  if (saved) {
    await optimizer.setWeights(saved.filter((w) => !w.name.startsWith('__adam.')));
    for (const name of ACC) {
      const s = saved.find((w) => w.name === `__adam.${name}`);
      if (s && acc[name]) acc[name]!.assign(s.tensor);
    }
  }
  return {
    optimizerWeights: async () => [
      ...(await optimizer.getWeights()),
      ...ACC.flatMap((name) => (acc[name] ? [{ name: `__adam.${name}`, tensor: acc[name]! as TF.Tensor }] : [])),
    ],
  };
}

/**
 * Records the predictions p[0..n) of samples s0..s0+n−1 in `predictions` and the row-major
 * classes × classes `confusion[true][predicted]`; returns how many were right.
 */
export function tallyPredictions(
  p: ArrayLike<number>,
  y: Uint8Array,
  s0: number,
  n: number,
  classes: number,
  predictions: Uint8Array,
  confusion: Int32Array,
): number {
  let correct = 0;
  for (let k = 0; k < n; k++) {
    const t = y[s0 + k];
    predictions[s0 + k] = p[k];
    confusion[t * classes + p[k]]++;
    if (p[k] === t) correct++;
  }
  return correct;
}
