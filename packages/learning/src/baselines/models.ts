import type * as TF from '@tensorflow/tfjs';
import { tfjs } from './tfjs.js';

/**
 * The baseline architectures. Every initializer and dropout layer gets its own seed derived
 * from `seed`, so a model's starting weights are a pure function of the seed.
 */
export type BaselineModelKind = 'mlp' | 'cnn' | 'cnn-avg';

/** Options of the baseline model builders. */
export interface ModelOptions {
  seed: number;
}

function seeder(seed: number): () => number {
  let k = 0;
  // distinct, reproducible per-layer seeds (golden-ratio stride keeps them apart)
  return () => ((seed >>> 0) + Math.imul(++k, 0x9e3779b1)) >>> 0;
}

const glorot = (next: () => number) => tfjs().initializers.glorotUniform({ seed: next() });
const he = (next: () => number) => tfjs().initializers.heNormal({ seed: next() });

/** 784-256-10 ReLU MLP with dropout 0.2 (about 200k weights). */
export function mnistMlp(o: ModelOptions): TF.Sequential {
  const s = seeder(o.seed);
  const tf = tfjs();
  return tf.sequential({
    name: 'mnist_mlp',
    layers: [
      tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu', kernelInitializer: he(s) }),
      tf.layers.dropout({ rate: 0.2, seed: s() }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: glorot(s) }),
    ],
  });
}

/**
 * Small LeNet-style CNN for 28×28 digits: conv3×3·16 → pool → conv3×3·32 → pool → dense 128
 * → 10. Sized for the single-threaded wasm backend (about 1 min per 60k epoch). `pooling:
 * 'average'` is the form ANN→SNN conversion takes (docs/supervised-snn.md §6): an average is
 * linear, so it folds into the next layer's synapses, where a max over spike trains has no
 * integrate-and-fire equivalent.
 */
export function mnistCnn(o: ModelOptions & { pooling?: 'max' | 'average' }): TF.Sequential {
  const s = seeder(o.seed);
  const tf = tfjs();
  const pool = () => (o.pooling === 'average' ? tf.layers.averagePooling2d({ poolSize: 2 }) : tf.layers.maxPooling2d({ poolSize: 2 }));
  return tf.sequential({
    name: o.pooling === 'average' ? 'mnist_cnn_avg' : 'mnist_cnn',
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: he(s) }),
      pool(),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: he(s) }),
      pool(),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.25, seed: s() }),
      tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: he(s) }),
      tf.layers.dropout({ rate: 0.25, seed: s() }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: glorot(s) }),
    ],
  });
}

/**
 * CNN on a fixed-size feature image (frames × bands × 1), e.g. 64 × 40 log-mel:
 * conv3×3·16 → pool → conv3×3·32 → pool → dense 64 → 10 with dropout.
 */
export function featureCnn(frames: number, bands: number, o: ModelOptions, classes = 10): TF.Sequential {
  const s = seeder(o.seed);
  const tf = tfjs();
  return tf.sequential({
    name: 'feature_cnn',
    layers: [
      tf.layers.conv2d({ inputShape: [frames, bands, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(s) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(s) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.3, seed: s() }),
      tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: he(s) }),
      tf.layers.dropout({ rate: 0.3, seed: s() }),
      tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: glorot(s) }),
    ],
  });
}
