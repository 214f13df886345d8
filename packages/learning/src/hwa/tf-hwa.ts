import type * as TF from '@tensorflow/tfjs';
import type { Rng, SynapseHardware } from '@spinsnn/core';
import { tfjs } from '../baselines/tfjs.js';
import { RANGE_SIGMAS } from './hardware.js';

/**
 * Hardware-aware forward mapping of a weight matrix onto differential device pairs (TF.js;
 * docs/supervised-snn.md §4). Each weight w becomes G⁺ − G⁻ with G⁺ holding max(w, 0) and G⁻
 * max(−w, 0), each on [0, wMax] (wMax: `deviceRange`'s rule, computed here in TF and held
 * constant for the gradient):
 *
 * 1. clip to the range; levels: round to the nearest of `levels` with the straight-through estimator;
 * 2. programming (cycle-to-cycle) error of the last write: + programSigma·wMax·ξ per device
 *    with a target > 0 (clipped at 0);
 * 3. device-to-device range spread: × (1 + d2dRange·ξ) per device;
 * 4. stuck-at faults: each device independently at 0 (stuck at Gmin) or wMax (at Gmax);
 * 5. read noise: + readNoise·(G/(Gmax − Gmin))·wMax·ξ with G counted from Gmin = wMax/(onOff − 1).
 *
 * Draws are fresh per call (one device instance per minibatch) from seeds taken from `rng`.
 * Gradients reach w through the straight-through steps (clipping passes none outside the range).
 * With every non-ideality off and no levels the result is max(w, 0) − max(−w, 0) = w, bit for bit.
 * Read noise is drawn once per forward pass, not per synaptic event (the kernel draws per event).
 */
export function hwaWeights(w: TF.Tensor2D, hw: SynapseHardware, rng: Rng, sigmas = RANGE_SIGMAS): TF.Tensor2D {
  const tf = tfjs();
  return tf.tidy(() => {
    const seed = () => rng.int(2 ** 31 - 1);
    const absW = tf.abs(w);
    const noise = hw.programSigma > 0 || hw.d2dRange > 0 || hw.readNoise > 0 || hw.stuckAtMin > 0 || hw.stuckAtMax > 0;
    if (hw.levels === null && !noise) return tf.sub(tf.relu(w), tf.relu(tf.neg(w))) as TF.Tensor2D;
    const maxAbs = tf.max(absW);
    let wMax: TF.Tensor = maxAbs;
    if (hw.levels !== null) {
      const { variance } = tf.moments(w);
      wMax = tf.minimum(maxAbs, tf.mul(sigmas, tf.sqrt(variance)));
    }
    wMax = stop(tf.maximum(wMax, 1e-12));
    const half = (x: TF.Tensor): TF.Tensor => {
      // min(relu(x), wMax) written with sub (tfjs's Minimum gradient mishandles a broadcast scalar)
      const r = tf.relu(x);
      let a = tf.sub(r, tf.relu(tf.sub(r, wMax)));
      if (hw.levels !== null && hw.levels >= 2) {
        const step = tf.div(wMax, hw.levels - 1);
        const q = tf.mul(tf.round(tf.div(a, step)), step);
        a = tf.add(a, stop(tf.sub(q, a)));
      }
      const shape = x.shape;
      // an erased device whose target is 0 is never written, so it carries no write error
      if (hw.programSigma > 0)
        a = tf.relu(tf.add(a, tf.mul(tf.mul(tf.sign(a), tf.mul(hw.programSigma, wMax)), tf.randomNormal(shape, 0, 1, 'float32', seed()))));
      if (hw.d2dRange > 0) a = tf.mul(a, tf.add(1, tf.mul(hw.d2dRange, tf.randomNormal(shape, 0, 1, 'float32', seed()))));
      if (hw.stuckAtMin > 0 || hw.stuckAtMax > 0) {
        const u = tf.randomUniform(shape, 0, 1, 'float32', seed());
        const sMin = tf.cast(tf.less(u, hw.stuckAtMin), 'float32');
        const sMax = tf.cast(tf.logicalAnd(tf.greaterEqual(u, hw.stuckAtMin), tf.less(u, hw.stuckAtMin + hw.stuckAtMax)), 'float32');
        a = tf.add(tf.mul(a, tf.sub(1, tf.add(sMin, sMax))), tf.mul(sMax, wMax));
      }
      if (hw.readNoise > 0) {
        const g0 = Number.isFinite(hw.onOff) ? tf.div(wMax, hw.onOff - 1) : tf.scalar(0);
        a = tf.add(a, tf.mul(tf.mul(hw.readNoise, tf.add(stop(a), g0)), tf.randomNormal(shape, 0, 1, 'float32', seed())));
      }
      return a;
    };
    return tf.sub(half(w), half(tf.neg(w))) as TF.Tensor2D;
  });
}

let stopFn: ((x: TF.Tensor) => TF.Tensor) | null = null;
/** Identity forward, zero gradient. */
function stop(x: TF.Tensor): TF.Tensor {
  const tf = tfjs();
  stopFn ??= tf.customGrad((...args: (TF.Tensor | TF.GradSaveFunc)[]) => ({
    value: tf.clone(args[0] as TF.Tensor),
    gradFunc: (dy: TF.Tensor) => [tf.zerosLike(dy)],
  })) as unknown as (x: TF.Tensor) => TF.Tensor;
  return stopFn(x);
}
