import { DataError } from '@spinsnn/core';
import { loadMnist } from '@spinsnn/datasets/node';
import { KernelSnnRunner, cnnLayered, convertCnn, dyadicCnn, encodeState, outputShape, pooledShape, type CnnLayer, type Shape3 } from '@spinsnn/learning';
import { TfIfCnn, evaluateClassifier, evaluateSnn, mnistClassificationData, tfjs, type ClassificationData } from '@spinsnn/learning/tfjs';
import type * as TF from '@tensorflow/tfjs';
import { lineSpec } from '../plot.js';
import type { RunFolder } from '../run-folder.js';
import { round } from '../util.js';
import { kernelCheckOf, modelTimesteps, type ConvertOpts } from './train-snn.js';

/** Normalisation samples of a CNN when --norm-samples is not given (its first layer alone has ~10⁴ activations per image). */
export const CNN_NORM_SAMPLES = 2000;

/** Test batch of the TF.js IF simulation of a CNN (S·B·10⁴ floats per layer tensor). */
const CNN_EVAL_BATCH = 25;

/**
 * Reads the layers of a TF.js ReLU CNN into conversion layers (docs/supervised-snn.md §6): 'valid'
 * stride-1 convolutions and dense layers, each 2 × 2 average pooling folded into the layer above;
 * flatten and dropout are identities at inference. Anything else is refused with the reason.
 */
export function cnnLayersOf(ann: TF.LayersModel, dir: string): CnnLayer[] {
  const input = ann.inputs[0].shape.slice(1);
  if (input.length !== 3) throw new DataError(dir, `a CNN on images (input height × width × channels), not input shape [${input.join(', ')}]`);
  let shape = input as Shape3;
  let pool: 1 | 2 = 1;
  const layers: CnnLayer[] = [];
  const denseActs: string[] = [];
  for (const layer of ann.layers) {
    const kind = layer.getClassName();
    const cfg = layer.getConfig() as Record<string, unknown>;
    const act = (cfg.activation as string | undefined) ?? 'linear';
    const where = `layer ${layer.name} (${kind})`;
    if (kind === 'Flatten' || kind === 'Dropout' || kind === 'InputLayer') continue;
    if (kind === 'MaxPooling2D')
      throw new DataError(
        dir,
        `${where}: max pooling has no integrate-and-fire equivalent; train the CNN with average pooling (spinsnn baseline mnist --model cnn-avg)`,
      );
    if (kind === 'AveragePooling2D') {
      const size = cfg.poolSize as number[],
        strides = (cfg.strides as number[] | null) ?? size;
      if (size[0] !== 2 || size[1] !== 2 || strides[0] !== 2 || strides[1] !== 2 || cfg.padding !== 'valid')
        throw new DataError(dir, `${where}: only 2 × 2 average pooling with stride 2 and 'valid' padding converts`);
      if (pool !== 1) throw new DataError(dir, `${where}: two pooling layers in a row`);
      pool = 2;
      continue;
    }
    const [k, b] = layer.getWeights();
    const bias = b ? Float32Array.from(b.dataSync() as Float32Array) : null;
    if (kind === 'Conv2D') {
      const ks = cfg.kernelSize as number[],
        st = cfg.strides as number[],
        dil = cfg.dilationRate as number[] | number;
      if (cfg.padding !== 'valid' || st[0] !== 1 || st[1] !== 1 || ks[0] !== ks[1] || (Array.isArray(dil) ? dil.some((d) => d !== 1) : dil !== 1))
        throw new DataError(dir, `${where}: conversion takes square 'valid' convolutions with stride 1 and no dilation`);
      if (act !== 'relu') throw new DataError(dir, `${where}: activation ${act}; conversion needs ReLU`);
      const filters = k.shape[3]!;
      const l: CnnLayer = {
        kind: 'conv',
        inShape: shape,
        pool,
        size: ks[0],
        filters,
        kernel: Float32Array.from(k.dataSync() as Float32Array),
        bias: bias ?? new Float32Array(filters),
      };
      layers.push(l);
      shape = outputShape(l);
    } else if (kind === 'Dense') {
      const units = k.shape[1]!;
      const [h, w, c] = pooledShape({ kind: 'dense', inShape: shape, pool, units, weights: new Float32Array(0), bias: new Float32Array(0) });
      if (k.shape[0] !== h * w * c) throw new DataError(dir, `${where}: ${k.shape[0]} inputs, but the layer below gives ${h * w * c}`);
      denseActs.push(act);
      layers.push({
        kind: 'dense',
        inShape: shape,
        pool,
        units,
        weights: Float32Array.from(k.dataSync() as Float32Array),
        bias: bias ?? new Float32Array(units),
      });
      shape = [1, 1, units];
    } else throw new DataError(dir, `${where}: a layer kind conversion does not know (it takes Conv2D, AveragePooling2D, Flatten, Dropout, Dense)`);
    pool = 1;
  }
  const last = ann.layers[ann.layers.length - 1];
  if (last.getClassName() !== 'Dense') throw new DataError(dir, 'the last layer must be the dense classifier');
  const hiddenActs = denseActs.slice(0, -1);
  const bad = hiddenActs.findIndex((a) => a !== 'relu');
  if (bad >= 0) throw new DataError(dir, `hidden dense layer ${bad + 1} has activation ${hiddenActs[bad]}; conversion needs ReLU`);
  return layers;
}

/** Per-layer p-th percentile of the positive ReLU activations (output: pre-activation) of `data`, batch by batch. */
function cnnLambdas(layers: readonly CnnLayer[], data: ClassificationData, percentile: number): number[] {
  const tf = tfjs();
  const positives = layers.map(() => ({ buf: new Float32Array(1 << 20), n: 0 }));
  const push = (l: number, v: Float32Array) => {
    const p = positives[l];
    for (let i = 0; i < v.length; i++) {
      if (!(v[i] > 0)) continue;
      if (p.n === p.buf.length) {
        const grown = new Float32Array(p.buf.length * 2);
        grown.set(p.buf);
        p.buf = grown;
      }
      p.buf[p.n++] = v[i];
    }
  };
  const kernels = layers.map((l) => {
    if (l.kind === 'conv') return tf.tensor4d(l.kernel, [l.size, l.size, l.inShape[2], l.filters]);
    const [h, w, c] = pooledShape(l);
    return tf.tensor2d(l.weights, [h * w * c, l.units]);
  });
  const B = 250;
  for (let s0 = 0; s0 < data.count; s0 += B) {
    const nb = Math.min(B, data.count - s0);
    const acts = tf.tidy(() => {
      let a = tf.tensor4d(data.x.subarray(s0 * 784, (s0 + nb) * 784), [nb, 28, 28, 1]) as TF.Tensor;
      return layers.map((l, i) => {
        let x = a as TF.Tensor4D;
        if (l.pool === 2) x = tf.avgPool(x, 2, 2, 'valid');
        const z =
          l.kind === 'conv'
            ? tf.add(tf.conv2d(x, kernels[i] as TF.Tensor4D, 1, 'valid'), tf.tensor1d(l.bias))
            : tf.add(tf.matMul(tf.reshape(x, [nb, -1]) as TF.Tensor2D, kernels[i] as TF.Tensor2D), tf.tensor1d(l.bias));
        a = i < layers.length - 1 ? tf.relu(z) : z;
        return a;
      });
    });
    acts.forEach((t, l) => push(l, t.dataSync() as Float32Array));
    tf.dispose(acts);
  }
  tf.dispose(kernels);
  return positives.map((p) => {
    if (p.n === 0) return 0;
    const v = p.buf.subarray(0, p.n).sort();
    return v[Math.min(p.n - 1, Math.max(0, Math.ceil((percentile / 100) * p.n) - 1))];
  });
}

/**
 * `spinsnn train mnist --method convert --ann DIR` for a CNN: conversion, accuracy vs T on the
 * TF.js IF simulation (the whole test set) and on the event kernel (`--kernel-check` samples,
 * spike for spike against TF.js with dyadic weights), model.json (format spinsnn-if-cnn-model).
 */
export async function trainConvertCnn(opts: ConvertOpts, ann: TF.LayersModel, annDir: string, run: RunFolder, tfInfo: object, list: number[]): Promise<void> {
  const layers = cnnLayersOf(ann, annDir);
  const testSet = loadMnist('test');
  const count = Math.min(opts.test, testSet.count);
  const cut = (d: ClassificationData): ClassificationData => ({ ...d, x: d.x.subarray(0, count * 784), y: d.y.subarray(0, count), count });
  const testImages = cut(mnistClassificationData(testSet, 'image'));
  const test = cut(mnistClassificationData(testSet, 'flat'));
  const annAcc = evaluateClassifier(ann, testImages, 10).accuracy;
  const trainSet = mnistClassificationData(loadMnist('train'), 'flat');
  const normCount = Math.min(opts.normSamples ?? CNN_NORM_SAMPLES, trainSet.count);
  const lambdas = cnnLambdas(
    layers,
    { ...trainSet, x: trainSet.x.subarray(0, normCount * 784), y: trainSet.y.subarray(0, normCount), count: normCount },
    opts.percentile,
  );
  const rows: Record<string, unknown>[] = [];
  const accs: { T: number; acc: number }[] = [];
  for (const T of list) {
    const net = convertCnn(layers, lambdas, T);
    const model = new TfIfCnn(net);
    const ev = evaluateSnn(model, test, 'direct', opts.seed, 10, CNN_EVAL_BATCH);
    model.dispose();
    let k: ReturnType<typeof kernelCheckOf> | null = null;
    if (opts.kernelCheck > 0) {
      const q = dyadicCnn(net);
      k = kernelCheckOf(new TfIfCnn(q), new KernelSnnRunner(cnnLayered(q)), test, 'direct', opts.seed, opts.kernelCheck, CNN_EVAL_BATCH);
    }
    const row = {
      timesteps: T,
      accuracy: ev.accuracy,
      kernelAccuracy: k?.accuracy ?? null,
      identicalPredictions: k?.identicalPredictions ?? null,
      identicalSpikes: k?.identicalSpikes ?? null,
      kernelSamples: k?.samples ?? 0,
      kernelCpuSamplesPerS: k?.cpuSamplesPerS ?? null,
      synapticEventsPerSample: k?.synapticEventsPerSample ?? null,
      spikesPerSample: ev.spikesPerSample.map((s) => round(s)),
    };
    rows.push(row);
    accs.push({ T, acc: ev.accuracy });
    run.appendMetrics(row);
    if (!opts.json)
      run.log(
        `T = ${T}: TF.js ${(ev.accuracy * 100).toFixed(2)} % on ${test.count}` +
          (k
            ? `, kernel ${(k.accuracy * 100).toFixed(2)} % on ${k.samples} (${k.identicalSpikes} identical spike trains, ${k.identicalPredictions} identical predictions)`
            : ''),
      );
  }
  const final = convertCnn(layers, lambdas, modelTimesteps(opts, list));
  run.writeFile('model.json', encodeState({ format: 'spinsnn-if-cnn-model', layers: final.layers, timesteps: final.timesteps, coding: 'direct' } as never));
  run.writeConfig({
    command: 'train mnist --method convert',
    ann: opts.ann,
    architecture: 'cnn',
    percentile: opts.percentile,
    lambdas,
    normSamples: normCount,
    timesteps: list,
    tf: tfInfo,
  });
  await run.writePlot(
    'accuracy-vs-T.svg',
    lineSpec(
      [
        ...accs.map((r) => ({ x: r.T, y: r.acc * 100, series: 'converted CNN (TF.js IF)' })),
        ...accs.map((r) => ({ x: r.T, y: annAcc * 100, series: 'source ANN' })),
      ],
      { title: 'ANN→SNN conversion of the MNIST CNN', x: 'time steps T', y: 'test accuracy (%)', logX: true },
    ),
  );
  const sizes = [784, ...final.layers.map((l) => outputShape(l).reduce((a, b) => a * b, 1))];
  const summary = {
    method: 'convert',
    architecture: 'cnn',
    ann: opts.ann,
    annAccuracy: annAcc,
    layers: final.layers.map((l) =>
      l.kind === 'conv'
        ? `conv${l.size}x${l.size}x${l.filters}${l.pool === 2 ? ' (after avg-pool 2)' : ''}`
        : `dense${l.units}${l.pool === 2 ? ' (after avg-pool 2)' : ''}`,
    ),
    sizes,
    synapses: cnnLayered(final).matrices.reduce((s, m) => s + m.w.length, 0),
    percentile: opts.percentile,
    lambdas: lambdas.map((l) => round(l)),
    testSamples: test.count,
    byTimesteps: rows,
    modelTimesteps: final.timesteps,
    runDir: run.dir,
  };
  run.writeSummary(summary);
  run.finish(
    summary,
    () => `ANN ${(annAcc * 100).toFixed(2)} %; converted CNN: ${accs.map((r) => `T=${r.T} ${(r.acc * 100).toFixed(2)} %`).join(', ')}\nrun folder: ${run.dir}`,
  );
}
