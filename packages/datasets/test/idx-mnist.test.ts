import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, Rng } from '@spinsnn/core';
import { encodeIdx, MNIST_FILES, mnistImage, mnistRatesHz, parseIdx, randomMnistSubset } from '@spinsnn/datasets';
import { loadMnist, readIdx } from '@spinsnn/datasets/node';

const fixture = (bytes: number[]): Uint8Array => Uint8Array.from(bytes);

describe('IDX reader', () => {
  it('reads a hand-made uint8 file: magic, big-endian dimensions, row-major values', () => {
    // 0x00 0x00 0x08 0x02 | dims 2, 3 (big-endian uint32) | 6 bytes
    const bytes = fixture([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255]);
    const a = parseIdx(bytes, 'hand.idx');
    expect(a.type).toBe('uint8');
    expect(a.dims).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 255]);
  });

  it('decodes big-endian int16 and float32 values', () => {
    // int16 −2 = 0xFFFE, 258 = 0x0102; float32 1.5 = 0x3FC00000
    const i16 = parseIdx(fixture([0, 0, 0x0b, 1, 0, 0, 0, 2, 0xff, 0xfe, 0x01, 0x02]), 'i16');
    expect(Array.from(i16.data)).toEqual([-2, 258]);
    const f32 = parseIdx(fixture([0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0]), 'f32');
    expect(Array.from(f32.data)).toEqual([1.5]);
  });

  it('round-trips every element type through encodeIdx', () => {
    const vals = [-3, 0, 7, 100];
    for (const type of ['int8', 'int16', 'int32', 'float32', 'float64'] as const) {
      const a = parseIdx(encodeIdx(type, [2, 2], vals), type);
      expect(a.type).toBe(type);
      expect(Array.from(a.data)).toEqual(vals);
    }
  });

  it.each([
    ['bad magic (gzip header)', [0x1f, 0x8b, 8, 1, 0, 0, 0, 1, 0], /magic number.*expected 0x00 0x00/],
    ['unknown element type', [0, 0, 0x07, 1, 0, 0, 0, 1, 0], /unknown IDX element type 0x07/],
    ['zero dimensions', [0, 0, 8, 0], /0 dimensions/],
    ['truncated header', [0, 0, 8, 3, 0, 0, 0, 1], /truncated inside the header/],
    ['zero-length dimension', [0, 0, 8, 1, 0, 0, 0, 0], /dimension 0 is 0/],
    ['truncated data', [0, 0, 8, 1, 0, 0, 0, 4, 1, 2, 3], /11 bytes, expected 12 .*truncated/],
    ['trailing bytes', [0, 0, 8, 1, 0, 0, 0, 1, 1, 2], /trailing bytes/],
    ['too short', [0, 0], /too short/],
  ])('rejects %s with a DataError naming the file', (_name, bytes, message) => {
    const run = (): unknown => parseIdx(fixture(bytes as number[]), '/data/x.idx');
    expect(run).toThrow(DataError);
    expect(run).toThrow(message as RegExp);
    expect(run).toThrow(/^\/data\/x\.idx: /);
  });

  it('reports a missing file by path', () => {
    expect(() => readIdx('/nonexistent/train-images-idx3-ubyte')).toThrow(/\/nonexistent\/train-images-idx3-ubyte: missing/);
  });
});

describe('MNIST loader', () => {
  it('loads the 60k/10k original files with the published first labels', () => {
    const train = loadMnist('train');
    const test = loadMnist('test');
    expect([train.count, train.rows, train.cols]).toEqual([60000, 28, 28]);
    expect(test.count).toBe(10000);
    // LeCun's training set starts 5 0 4 1 9 2 1 3 1 4; the test set starts 7 2 1 0 4 1 4 9 5 9
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    // class counts of the training set (published: 5923 zeros, 6742 ones)
    const counts = new Array(10).fill(0);
    for (const l of train.labels) counts[l]++;
    expect(counts[0]).toBe(5923);
    expect(counts[1]).toBe(6742);
  });

  it('rates follow Diehl & Cook: intensity/4 Hz, 255 → 63.75 Hz', () => {
    const train = loadMnist('train');
    const px = mnistImage(train, 0);
    const r = mnistRatesHz(train, 0);
    for (let k = 0; k < px.length; k++) expect(r[k]).toBeCloseTo(px[k] / 4, 12);
    expect(Math.max(...r)).toBeLessThanOrEqual(63.75);
  });

  it('seeded subsets are reproducible, distinct per seed, and keep image/label pairs together', () => {
    const test = loadMnist('test');
    const a = randomMnistSubset(test, 100, new Rng(7));
    const b = randomMnistSubset(test, 100, new Rng(7));
    const c = randomMnistSubset(test, 100, new Rng(8));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.images).toEqual(b.images);
    expect(a.images).not.toEqual(c.images);
    // each subset image is some test image with the same label
    const first = mnistImage(a, 0);
    let found = -1;
    for (let i = 0; i < test.count && found < 0; i++) {
      const img = mnistImage(test, i);
      if (img.every((v, k) => v === first[k])) found = i;
    }
    expect(found).toBeGreaterThanOrEqual(0);
    expect(test.labels[found]).toBe(a.labels[0]);
  });

  it('rejects a folder whose label and image counts disagree, or labels above 9', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-'));
    writeFileSync(join(dir, MNIST_FILES.test.images), encodeIdx('uint8', [2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7]));
    writeFileSync(join(dir, MNIST_FILES.test.labels), encodeIdx('uint8', [3], [1, 2, 3]));
    expect(() => loadMnist('test', dir)).toThrow(/3 labels for 2 images/);
    writeFileSync(join(dir, MNIST_FILES.test.labels), encodeIdx('uint8', [2], [1, 12]));
    expect(() => loadMnist('test', dir)).toThrow(/label 12 at index 1, expected 0–9/);
    writeFileSync(join(dir, MNIST_FILES.test.labels), encodeIdx('uint8', [2], [1, 9]));
    expect(loadMnist('test', dir).count).toBe(2);
    expect(() => loadMnist('train', dir)).toThrow(/train-images-idx3-ubyte: missing/);
  });
});
