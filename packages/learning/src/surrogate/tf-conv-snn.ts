import type * as TF from '@tensorflow/tfjs';
import { Rng, SpecError } from '@spinsnn/core';
import { tfjs } from '../baselines/tfjs.js';
import { checkSnnConfig, totalSteps, type SnnConfig } from './model.js';
import { detach, smoothStepTf, spikeFn, type ForwardOptions, type ForwardResult, type SnnModel } from './tf-snn.js';

/**
 * A convolutional spiking network for 28 × 28 images (docs/supervised-snn.md §10), trained by the
 * same BPTT (`trainSnn`) as the MLP: conv 5 × 5 (c1 channels, 'same') → LIF → 2 × 2 average
 * pooling → conv 5 × 5 (c2, 'same') → LIF → 2 × 2 average pooling → dense → LIF output, spike
 * counts as logits. Time convention as the MLP's (model.ts): layer l at step k integrates layer
 * l − 1's spikes of step k − 1, S = T + 3 steps. Average pooling of spikes is linear, so it is
 * folded into the next layer's input current. Convolutions run on all S·B images of a layer at
 * once (the layers are feed-forward); the wasm backend's missing Conv2DBackpropFilter is the one
 * registered in baselines/tfjs.ts (the other gradients — Conv2DBackpropInput, AvgPoolGrad — are
 * wasm kernels).
 */
export interface ConvSnnShape {
  /** Channels of the two conv layers. */
  channels: [number, number];
  /** Square kernel size of both convs (odd). */
  kernel: number;
}

/** Layer sizes (flattened) of the conv SNN: input 784, conv1 28·28·c1, conv2 14·14·c2, output 10. */
export function convSnnSizes(shape: ConvSnnShape, classes = 10): number[] {
  return [784, 28 * 28 * shape.channels[0], 14 * 14 * shape.channels[1], classes];
}

/**
 * Default init gain of the CLI's conv SNN: at gain 1 (PyTorch's default) the direct-coded MNIST
 * input leaves the dense output silent (measured spike rates per neuron and step 1.4 %, 0.01 %,
 * 0 %), so the count loss has no gradient; gain 3 gives 5.8 %, 5.6 %, 3.5 % [D: measured on 16
 * test digits, T = 8, not tuned further].
 */
export const CONV_INIT_GAIN = 3;

let convCount = 0;

/** The conv SNN's trainable tensors and forward pass (TF.js). */
export class TfConvSnn implements SnnModel {
  readonly config: SnnConfig;
  /** conv1 [k,k,1,c1], conv2 [k,k,c1,c2], dense [7·7·c2, classes]. */
  readonly kernels: TF.Variable[];
  readonly betas: TF.Variable[];

  constructor(
    config: SnnConfig,
    readonly shape: ConvSnnShape,
    seed: number,
    /** Initial weights U(±gain/√fan_in); spike inputs are weaker than analog ones, so deep layers need gain > 1 to spike at all. */
    gain = 1,
  ) {
    checkSnnConfig(config);
    const want = convSnnSizes(shape, config.sizes[config.sizes.length - 1]);
    if (config.sizes.length !== 4 || config.sizes.some((n, i) => n !== want[i]))
      throw new SpecError('snn.sizes', `[${want.join(', ')}] for this conv shape`, config.sizes);
    if (!(Number.isInteger(shape.kernel) && shape.kernel >= 1 && shape.kernel % 2 === 1))
      throw new SpecError('kernel', 'an odd whole kernel size ≥ 1', shape.kernel);
    const tf = tfjs();
    this.config = config;
    const rng = new Rng(seed, 0xc0ff);
    const [c1, c2] = shape.channels,
      k = shape.kernel;
    const id = ++convCount;
    // U(±gain/√fan_in) (gain 1: PyTorch's Conv2d/Linear defaults), from one seeded stream
    const init = (dims: number[], fanIn: number) => {
      const a = gain / Math.sqrt(fanIn);
      const n = dims.reduce((x, y) => x * y, 1);
      return tf.tensor(
        Float32Array.from({ length: n }, () => (2 * rng.uniform() - 1) * a),
        dims,
      );
    };
    const classes = config.sizes[3];
    this.kernels = [
      tf.variable(init([k, k, 1, c1], k * k), true, `csnn${id}_k1`),
      tf.variable(init([k, k, c1, c2], k * k * c1), true, `csnn${id}_k2`),
      tf.variable(init([7 * 7 * c2, classes], 7 * 7 * c2), true, `csnn${id}_w3`),
    ];
    this.betas = [0, 1, 2].map((l) => tf.variable(tf.scalar(config.beta), config.learnBeta, `csnn${id}_beta${l}`));
  }

  /** Every weight tensor (hardware-aware mapping maps them like matrices: each element one device pair). */
  matrices(): TF.Variable[] {
    return [...this.kernels];
  }

  /** Trainable variables. */
  trainable(): TF.Variable[] {
    return this.config.learnBeta ? [...this.kernels, ...this.betas] : [...this.kernels];
  }

  /** Runs x ([T·B, 784] time-major spikes) through the network over S = T + 3 steps. */
  forward(x: TF.Tensor2D, batch: number, o: ForwardOptions = {}, override?: TF.Tensor[]): ForwardResult {
    const tf = tfjs();
    const c = this.config,
      T = c.timesteps,
      S = totalSteps(c);
    const [k1, k2, w3] = (override ?? this.kernels) as [TF.Tensor4D, TF.Tensor4D, TF.Tensor2D];
    const spike = o.smooth ? (v: TF.Tensor) => smoothStepTf(c.surrogate, c.slope, v) : spikeFn(c.surrogate, c.slope);
    const thr = tf.scalar(c.threshold);
    const recorded: TF.Tensor3D[] = [];
    // one LIF layer over S steps; input [S, B, …]; returns spikes [S, B, …]
    const lif = (cur: TF.Tensor, l: number): TF.Tensor => {
      const beta = c.learnBeta ? tf.clipByValue(this.betas[l], 0, 1) : this.betas[l];
      const steps = tf.unstack(cur);
      let v: TF.Tensor = tf.zerosLike(steps[0]);
      const out: TF.Tensor[] = [];
      for (let k = 0; k < S; k++) {
        v = tf.add(tf.mul(v, beta), steps[k]);
        const s = spike(tf.sub(v, thr));
        const r = o.gradThroughReset || o.smooth ? s : detach(s);
        v = c.reset === 'subtract' ? tf.sub(v, tf.mul(r, thr)) : tf.mul(v, tf.sub(1, r));
        out.push(s);
      }
      const spikes = tf.stack(out);
      if (o.record) recorded.push(tf.keep(tf.reshape(spikes, [S, batch, -1]) as TF.Tensor3D));
      return spikes;
    };
    const [c1, c2] = this.shape.channels;
    // layer 1: the input of step k acts at step k + 1
    const i1 = tf.reshape(tf.conv2d(tf.reshape(x, [T * batch, 28, 28, 1]) as TF.Tensor4D, k1, 1, 'same'), [T, batch, 28, 28, c1]);
    const s1 = lif(
      tf.pad(i1, [
        [1, S - T - 1],
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ]),
      0,
    );
    // layer 2 hears layer 1 of step k − 1: steps 0 … S − 2 of s1, pooled, convolved
    const p1 = tf.avgPool(tf.reshape(tf.slice(s1, [0], [S - 1]), [(S - 1) * batch, 28, 28, c1]) as TF.Tensor4D, 2, 2, 'valid');
    const i2 = tf.reshape(tf.conv2d(p1, k2, 1, 'same'), [S - 1, batch, 14, 14, c2]);
    const s2 = lif(
      tf.pad(i2, [
        [1, 0],
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ]),
      1,
    );
    const p2 = tf.avgPool(tf.reshape(tf.slice(s2, [0], [S - 1]), [(S - 1) * batch, 14, 14, c2]) as TF.Tensor4D, 2, 2, 'valid');
    const i3 = tf.reshape(tf.matMul(tf.reshape(p2, [(S - 1) * batch, 7 * 7 * c2]), w3), [S - 1, batch, w3.shape[1]]);
    const s3 = lif(
      tf.pad(i3, [
        [1, 0],
        [0, 0],
        [0, 0],
      ]),
      2,
    );
    return { counts: tf.sum(s3, 0) as TF.Tensor2D, spikes: recorded };
  }

  /** Frees the variables. */
  dispose(): void {
    for (const v of [...this.kernels, ...this.betas]) v.dispose();
  }
}
