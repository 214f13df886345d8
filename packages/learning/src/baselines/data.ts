import { SpecError } from '@spinsnn/core';
import type { FeatureMatrix, MnistSet } from '@spinsnn/datasets';
import type { ClassificationData } from './train.js';

/** MNIST as classifier input: intensities / 255 in [0, 1], flat (MLP) or as 28×28×1 images (CNN). */
export function mnistClassificationData(set: MnistSet, layout: 'flat' | 'image'): ClassificationData {
  const x = new Float32Array(set.images.length);
  for (let i = 0; i < x.length; i++) x[i] = set.images[i] / 255;
  const sampleShape = layout === 'flat' ? [set.rows * set.cols] : [set.rows, set.cols, 1];
  return { x, y: set.labels, count: set.count, sampleShape };
}

/** Per-band mean and standard deviation over every frame of a training set. */
export interface FeatureNorm {
  mean: Float32Array;
  std: Float32Array;
}

/** Per-band mean and standard deviation of feature matrices, for normalising inputs. */
export function featureNorm(features: readonly FeatureMatrix[]): FeatureNorm {
  const bands = features[0]?.bands ?? 0;
  const sum = new Float64Array(bands),
    sq = new Float64Array(bands);
  let n = 0;
  for (const f of features) {
    for (let t = 0; t < f.frames; t++)
      for (let b = 0; b < bands; b++) {
        const v = f.data[t * bands + b];
        sum[b] += v;
        sq[b] += v * v;
      }
    n += f.frames;
  }
  const mean = new Float32Array(bands),
    std = new Float32Array(bands);
  for (let b = 0; b < bands; b++) {
    mean[b] = sum[b] / n;
    std[b] = Math.sqrt(Math.max(sq[b] / n - mean[b] * mean[b], 1e-12));
  }
  return { mean, std };
}

/** Fixed-size feature images (frames × bands × 1), standardised per band with `norm` (from the training set only). */
export function featureClassificationData(features: readonly FeatureMatrix[], labels: ArrayLike<number>, norm: FeatureNorm): ClassificationData {
  const { frames, bands } = features[0];
  const x = new Float32Array(features.length * frames * bands);
  features.forEach((f, i) => {
    if (f.frames !== frames || f.bands !== bands)
      throw new SpecError(`features[${i}]`, `${frames}×${bands} frames × bands like the others (use fixedFrames)`, `${f.frames}×${f.bands}`);
    const o = i * frames * bands;
    for (let t = 0; t < frames; t++) for (let b = 0; b < bands; b++) x[o + t * bands + b] = (f.data[t * bands + b] - norm.mean[b]) / norm.std[b];
  });
  return { x, y: Uint8Array.from(labels), count: features.length, sampleShape: [frames, bands, 1] };
}
