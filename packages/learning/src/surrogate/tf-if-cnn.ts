import type * as TF from '@tensorflow/tfjs';
import { tfjs } from '../baselines/tfjs.js';
import { checkIfCnn, ifCnnConfig, pooledShape, type IfCnn } from './convert-cnn.js';
import { totalSteps, type SnnConfig } from './model.js';
import type { ForwardOptions, ForwardResult, SnnModel } from './tf-snn.js';

/**
 * A converted CNN (convert-cnn.ts) run on TF.js: integrate-and-fire layers over S = T + L steps
 * with the time convention, update order and float32 semantics of `TfSnn` (β = 1, θ = 1, reset
 * by subtraction, bias added after the input each step), the synapses as avgPool + conv2d or a
 * matmul of all steps at once. Inference only: `evaluateSnn` and the kernel cross-check use it.
 */
export class TfIfCnn implements SnnModel {
  readonly config: SnnConfig;
  private readonly weights: TF.Tensor[];
  private readonly biases: TF.Tensor1D[];

  constructor(readonly net: IfCnn) {
    checkIfCnn(net);
    const tf = tfjs();
    this.config = ifCnnConfig(net);
    this.weights = net.layers.map((l) => {
      if (l.kind === 'conv') return tf.keep(tf.tensor4d(l.kernel, [l.size, l.size, l.inShape[2], l.filters]));
      const [h, w, c] = pooledShape(l);
      return tf.keep(tf.tensor2d(l.weights, [h * w * c, l.units]));
    });
    // per neuron: a conv layer's neurons are (y, x, filter) row-major, so neuron j has filter j mod F
    this.biases = net.layers.map((l, i) => {
      const n = this.config.sizes[i + 1];
      return tf.keep(tf.tensor1d(Float32Array.from({ length: n }, (_, j) => l.bias[j % l.bias.length])));
    });
  }

  /** No trainable variables: a converted network is not trained further here. */
  matrices(): TF.Variable[] {
    return [];
  }

  trainable(): TF.Variable[] {
    return [];
  }

  /** Input current of layer l for R rows of the layer below's spikes ([R, n_below] → [R, n_l]). */
  private synapses(l: number, rows: TF.Tensor2D): TF.Tensor2D {
    const tf = tfjs();
    const layer = this.net.layers[l];
    const R = rows.shape[0];
    let a = tf.reshape(rows, [R, ...layer.inShape]) as TF.Tensor4D;
    if (layer.pool === 2) a = tf.avgPool(a, 2, 2, 'valid');
    if (layer.kind === 'conv') return tf.reshape(tf.conv2d(a, this.weights[l] as TF.Tensor4D, 1, 'valid'), [R, this.config.sizes[l + 1]]) as TF.Tensor2D;
    const [h, w, c] = pooledShape(layer);
    return tf.matMul(tf.reshape(a, [R, h * w * c]) as TF.Tensor2D, this.weights[l] as TF.Tensor2D);
  }

  /** x: [T·B, n_in] time-major 0/1 spikes (encodeBatch); the output's spike counts, and with `record` every layer's spikes. */
  forward(x: TF.Tensor2D, batch: number, o: ForwardOptions = {}): ForwardResult {
    const tf = tfjs();
    const c = this.config;
    const L = c.sizes.length - 1,
      T = c.timesteps,
      S = totalSteps(c);
    const thr = tf.scalar(c.threshold);
    const recorded: TF.Tensor3D[] = [];
    let counts: TF.Tensor2D | null = null;
    let cur = tf.pad(tf.reshape(this.synapses(0, x), [T, batch, c.sizes[1]]), [
      [1, S - T - 1],
      [0, 0],
      [0, 0],
    ]) as TF.Tensor3D;
    for (let l = 0; l < L; l++) {
      const n = c.sizes[l + 1];
      const steps = tf.unstack(cur);
      let v: TF.Tensor = tf.zeros([batch, n]);
      const out: TF.Tensor[] = [];
      for (let k = 0; k < S; k++) {
        // one tidy per step: a conv layer's membrane is large, and only v and the spikes live on
        const [next, s] = tf.tidy(() => {
          const u = tf.add(tf.add(v, steps[k]), this.biases[l]);
          const spike = tf.cast(tf.greater(u, thr), 'float32');
          return [tf.sub(u, tf.mul(spike, thr)), spike];
        });
        v.dispose();
        v = next;
        out.push(s);
      }
      const spikes = tf.stack(out) as TF.Tensor3D;
      tf.dispose([v, cur, ...steps, ...out]);
      if (o.record) recorded.push(tf.keep(spikes));
      if (l === L - 1) counts = tf.sum(spikes, 0) as TF.Tensor2D;
      else {
        const below = tf.reshape(tf.slice(spikes, [0, 0, 0], [S - 1, batch, n]), [(S - 1) * batch, n]) as TF.Tensor2D;
        cur = tf.pad(tf.reshape(this.synapses(l + 1, below), [S - 1, batch, c.sizes[l + 2]]), [
          [1, 0],
          [0, 0],
          [0, 0],
        ]) as TF.Tensor3D;
      }
    }
    return { counts: counts!, spikes: recorded };
  }

  dispose(): void {
    tfjs().dispose([...this.weights, ...this.biases]);
  }
}
