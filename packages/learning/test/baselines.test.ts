import { describe, expect, it, beforeAll } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@spinsnn/core';
import { FSDD_FRAMING, LogMelSpectrogram, fixedFrames, fsddOfficialSplit, randomMnistSubset } from '@spinsnn/datasets';
import { listFsdd, loadMnist, readFsddClip } from '@spinsnn/datasets/node';
import {
  evaluateClassifier,
  featureClassificationData,
  featureCnn,
  featureNorm,
  initTf,
  loadModel,
  mnistClassificationData,
  mnistMlp,
  saveModel,
  tfjs,
  trainClassifier,
  type TrainOptions,
} from '@spinsnn/learning/tfjs';
import { dataset } from '../../../test/support/datasets.js';

const FSDD = dataset('fsdd/');

/**
 * P(X ≥ k) for X ~ Binomial(n, p): how likely a classifier guessing at chance would score at
 * least k right. Accuracy thresholds below are set where this is < 1e-6, so passing means the
 * model learned and failing is not bad luck.
 */
function binomialTail(n: number, p: number, k: number): number {
  let s = 0;
  for (let j = k; j <= n; j++) {
    let lc = 0;
    for (let i = 1; i <= j; i++) lc += Math.log((n - j + i) / i);
    s += Math.exp(lc + j * Math.log(p) + (n - j) * Math.log(1 - p));
  }
  return s;
}

const opts = (o: Partial<TrainOptions>): TrainOptions => ({ epochs: 1, batchSize: 64, seed: 1, learningRate: 1e-3, lrDecay: 1, classes: 10, ...o });

describe('TF.js baselines', () => {
  beforeAll(async () => {
    const info = await initTf('wasm');
    expect(info.backend).toBe('wasm');
  });

  it('the wasm conv filter gradient matches a direct sum Σ x[b,i+kh,j+kw,c]·dy[b,i,j,f] ("valid" and "same")', () => {
    const tf = tfjs();
    const rng = new Rng(4);
    const [B, H, W, C, F, K] = [3, 7, 6, 2, 4, 3];
    const xv = Float32Array.from({ length: B * H * W * C }, () => rng.normal());
    for (const pad of ['valid', 'same'] as const) {
      const oh = pad === 'valid' ? H - K + 1 : H,
        ow = pad === 'valid' ? W - K + 1 : W,
        off = pad === 'valid' ? 0 : (K - 1) / 2;
      const dyv = Float32Array.from({ length: B * oh * ow * F }, () => rng.normal());
      const x = tf.tensor4d(xv, [B, H, W, C]);
      const dy = tf.tensor4d(dyv, [B, oh, ow, F]);
      // d/dw of Σ conv(x, w)·dy is the filter gradient for upstream gradient dy
      const g = tf.grad((w: TF.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as TF.Tensor4D, 1, pad), dy)))(tf.zeros([K, K, C, F]));
      const got = g.dataSync();
      for (let kh = 0; kh < K; kh++)
        for (let kw = 0; kw < K; kw++)
          for (let c = 0; c < C; c++)
            for (let f = 0; f < F; f++) {
              let s = 0;
              for (let b = 0; b < B; b++)
                for (let i = 0; i < oh; i++)
                  for (let j = 0; j < ow; j++) {
                    const yi = i + kh - off,
                      xj = j + kw - off;
                    if (yi < 0 || yi >= H || xj < 0 || xj >= W) continue;
                    s += xv[((b * H + yi) * W + xj) * C + c] * dyv[((b * oh + i) * ow + j) * F + f];
                  }
              // float32 sums of ≤ 126 products of unit normals: error ~1e-6·√n, 1e-4 is ample
              expect(Math.abs(got[((kh * K + kw) * C + c) * F + f] - s)).toBeLessThan(1e-4);
            }
      tf.dispose([x, dy, g]);
    }
  });

  it('tiny MNIST MLP run: learns far above chance, deterministic per seed, saves and loads', async () => {
    const rng = new Rng(2);
    const train = mnistClassificationData(randomMnistSubset(loadMnist('train'), 1000, rng), 'flat');
    const test = mnistClassificationData(randomMnistSubset(loadMnist('test'), 500, rng), 'flat');
    const model = mnistMlp({ seed: 3 });
    const reports = await trainClassifier(model, train, opts({ epochs: 3, batchSize: 32, seed: 3 }));
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(reports[2].loss).toBeLessThan(reports[0].loss);
    const ev = evaluateClassifier(model, test, 10);
    // chance is 10 %: P(≥ 350/500 right by chance) < 1e-100 (this seed reaches 88 %)
    expect(binomialTail(500, 0.1, 350)).toBeLessThan(1e-6);
    expect(ev.accuracy).toBeGreaterThanOrEqual(0.7);
    expect(Array.from(ev.confusion).reduce((a, b) => a + b, 0)).toBe(500);

    const again = mnistMlp({ seed: 3 });
    await trainClassifier(again, train, opts({ epochs: 3, batchSize: 32, seed: 3 }));
    expect(evaluateClassifier(again, test, 10).predictions).toEqual(ev.predictions);
    expect(again.getWeights()[0].dataSync()).toEqual(model.getWeights()[0].dataSync());

    const dir = join(mkdtempSync(join(tmpdir(), 'baseline-')), 'model');
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    expect(evaluateClassifier(loaded, test, 10).predictions).toEqual(ev.predictions);
  });

  it('shift-augmented training is deterministic per seed, sees shifted images, and refuses a shape that is not the image', async () => {
    const rng = new Rng(4);
    const train = mnistClassificationData(randomMnistSubset(loadMnist('train'), 256, rng), 'flat');
    const augment = { height: 28, width: 28, maxShift: 2 };
    const weightsAfter = async (o: Partial<TrainOptions>) => {
      const m = mnistMlp({ seed: 5 });
      await trainClassifier(m, train, opts({ epochs: 1, batchSize: 64, seed: 5, ...o }));
      return m.getWeights()[0].dataSync();
    };
    const a = await weightsAfter({ augment }),
      b = await weightsAfter({ augment }),
      plain = await weightsAfter({});
    expect(b).toEqual(a);
    expect(plain).not.toEqual(a);
    await expect(weightsAfter({ augment: { height: 28, width: 27, maxShift: 2 } })).rejects.toThrow(/height × width/);
  });

  it('tiny FSDD CNN run on log-mel features trains through the wasm conv gradient', async () => {
    // one speaker's official split: 450 training clips, 50 test clips, 32 frames × 20 mel bands
    const split = fsddOfficialSplit(listFsdd(FSDD).filter((c) => c.speaker === 'jackson'));
    const mel = new LogMelSpectrogram({ ...FSDD_FRAMING, nMels: 20 });
    const feats = (cs: typeof split.train) => cs.map((c) => fixedFrames(mel.compute(readFsddClip(c)), 32));
    const trF = feats(split.train),
      teF = feats(split.test);
    const norm = featureNorm(trF);
    const train = featureClassificationData(
      trF,
      split.train.map((c) => c.digit),
      norm,
    );
    const test = featureClassificationData(
      teF,
      split.test.map((c) => c.digit),
      norm,
    );
    const model = featureCnn(32, 20, { seed: 1 });
    await trainClassifier(model, train, opts({ epochs: 4, batchSize: 32, seed: 1 }));
    const ev = evaluateClassifier(model, test, 10);
    // threshold 35/50: P(≥ 35 right at chance 10 %) < 1e-20 (this seed reaches 45/50)
    expect(binomialTail(50, 0.1, 35)).toBeLessThan(1e-6);
    expect(ev.accuracy).toBeGreaterThanOrEqual(35 / 50);
  });
});
