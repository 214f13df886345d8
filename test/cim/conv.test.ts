import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, getModel, resolveModelParams } from '@spinsnn/core';
import '@spinsnn/backends';
import {
  ArrayConvNet,
  ArrayNet,
  deviceRange,
  predictConvIm2col,
  predictConvSoftware,
  predictSoftware,
  resolveHardware,
  vgg8Widths,
  type AnalogNet,
  type BinaryConvLayer,
  type BinaryConvNet,
} from '@spinsnn/learning';
import { hwaWeights, initTf, tfjs, trainBinaryNet, trainBinaryVgg8, type CimTrainData } from '@spinsnn/learning/tfjs';

const arr = getModel('cim/crossbar', 'array');
const dev = getModel('mram/stt', 'synapse');
const idealDev = resolveModelParams(dev, undefined, dev.ideal);

const signs = (n: number, rng: Rng) => Int8Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
// integer-plus-half thresholds: no ±1 dot sits on one, so a tie cannot hide a mismatch
const halfInts = (n: number, sd: number, rng: Rng) => Float64Array.from({ length: n }, () => Math.round(sd * rng.normal()) + 0.5);

function randomConvNet(input: [number, number, number], chans: number[], pools: boolean[], dense: number[], rng: Rng): BinaryConvNet {
  let [h, w, cin] = input;
  const convs: BinaryConvLayer[] = chans.map((cout, l) => {
    const c: BinaryConvLayer = {
      cin,
      cout,
      weights: signs(9 * cin * cout, rng),
      thresholds: halfInts(cout, Math.sqrt(9 * cin) / 2, rng),
      directions: Int8Array.from({ length: cout }, () => (rng.uniform() < 0.8 ? 1 : -1)),
      pool: pools[l],
    };
    cin = cout;
    if (pools[l]) {
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
    return c;
  });
  const sizes = [h * w * cin, ...dense];
  const L = sizes.length - 1;
  return {
    kind: 'binary-conv',
    input,
    convs,
    sizes,
    weights: Array.from({ length: L }, (_, l) => signs(sizes[l] * sizes[l + 1], rng)),
    thresholds: Array.from({ length: L - 1 }, (_, l) => halfInts(sizes[l + 1], Math.sqrt(sizes[l]) / 2, rng)),
    directions: Array.from({ length: L - 1 }, (_, l) => Int8Array.from({ length: sizes[l + 1] }, () => (rng.uniform() < 0.8 ? 1 : -1))),
    inputThreshold: 0.5,
  };
}

const images = (count: number, n: number, rng: Rng) => Float32Array.from({ length: count * n }, () => rng.uniform());

describe('binary conv nets on arrays', () => {
  it('a small conv net on ideal tiles (im2col, tiles cut across rows and columns) predicts what the direct convolution predicts, for both MAC schemes', () => {
    const rng = new Rng(31);
    const net = randomConvNet([9, 9, 2], [5, 7, 6], [false, true, true], [24, 10], rng);
    const x = images(60, 9 * 9 * 2, rng);
    const sw = Array.from(predictConvSoftware(net, x, 60));
    expect(new Set(sw).size).toBeGreaterThan(2); // not a constant classifier
    expect(Array.from(predictConvIm2col(net, x, 60, 7))).toEqual(sw);
    for (const mac of [0, 1]) {
      const a = new ArrayConvNet(
        net,
        { arrayParams: resolveModelParams(arr, undefined, { ...arr.ideal, encoding: 1, mac, rows: 16, cols: 4 }), device: 'mram/stt', deviceParams: idealDev },
        5,
      );
      // conv layer 1: 9·5 = 45 im2col rows → 3 row blocks of 16, 7 filters → 2 column blocks of 4
      expect(a.convLayers[1].tiles.length).toBe(3 * 2);
      expect(Array.from(a.predict(x, 60, 8))).toEqual(sw);
    }
  });

  it('VGG-8 at 1/32 width maps onto 64 × 64 tiles and equals its software forward with every non-ideality off', () => {
    const rng = new Rng(32);
    const { convs, dense } = vgg8Widths(1 / 32);
    expect(convs).toEqual([4, 4, 8, 8, 16, 16]);
    const net = randomConvNet([28, 28, 1], convs, [false, true, false, true, false, true], [dense, 10], rng);
    expect(net.sizes[0]).toBe(3 * 3 * 16);
    const x = images(12, 784, rng);
    const a = new ArrayConvNet(net, { arrayParams: resolveModelParams(arr, 'jung2022', arr.ideal), device: 'mram/stt', deviceParams: idealDev }, 6);
    // tiles per layer: ceil(9·cin / 64) × ceil(cout / 64)
    const expected = [1, 36, 36, 72, 72, 144].map((r) => Math.ceil(r / 64)).reduce((s, v) => s + v, 0) + Math.ceil(144 / 64) + 1;
    expect(a.tileCount).toBe(expected);
    expect(Array.from(a.predict(x, 12, 5))).toEqual(Array.from(predictConvSoftware(net, x, 12)));
  });
});

describe('batch-norm folding reproduces the TF.js forward pass', () => {
  beforeAll(async () => {
    expect((await initTf('wasm')).backend).toBe('wasm');
  });

  /** Two noisy class prototypes per class in [0, 1]^n: a task a small net half-learns in one epoch. */
  function synthetic(count: number, n: number, rng: Rng): CimTrainData {
    const protos = Float32Array.from({ length: 10 * n }, () => rng.uniform());
    const x = new Float32Array(count * n);
    const y = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      y[i] = i % 10;
      for (let k = 0; k < n; k++) x[i * n + k] = Math.min(1, Math.max(0, protos[y[i] * n + k] + 0.3 * rng.normal()));
    }
    return { x, y, count, features: n };
  }

  /** Argmax of the TF.js training-mode forward run on all of `data` as one batch (batch statistics = the fold's statistics). */
  function tfPredict(forward: (xs: import('@tensorflow/tfjs').Tensor2D) => import('@tensorflow/tfjs').Tensor, data: CimTrainData): number[] {
    const tf = tfjs();
    const xb = Float32Array.from(data.x, (v) => (v > 0.5 ? 1 : -1));
    const xs = tf.tensor2d(xb, [data.count, data.features]);
    const logits = forward(xs);
    const p = Array.from(tf.tidy(() => tf.argMax(logits, 1)).dataSync());
    tf.dispose([xs, logits]);
    return p;
  }

  it('binary MLP: folded thresholds give the TF.js forward’s predictions on the calibration set, and the array reproduces them', async () => {
    const data = synthetic(600, 40, new Rng(41));
    let tfPred: number[] = [];
    const net = await trainBinaryNet([40, 16, 10], data, {
      epochs: 1,
      batchSize: 50,
      learningRate: 0.01,
      lrDecay: 1,
      seed: 3,
      inspect: (f) => {
        tfPred = tfPredict(f, data);
      },
    });
    const sw = Array.from(predictSoftware(net, data.x, data.count));
    expect(new Set(sw).size).toBeGreaterThan(3);
    expect(sw).toEqual(tfPred);
    const a = new ArrayNet(net, { arrayParams: resolveModelParams(arr, 'jung2022', arr.ideal), device: 'mram/stt', deviceParams: idealDev }, 1);
    expect(Array.from(a.predict(data.x, data.count))).toEqual(sw);
  });

  it('binary VGG-8 (1/32 width): the folded net’s direct convolution gives the TF.js forward’s predictions', async () => {
    const rng = new Rng(42);
    const d = synthetic(120, 784, rng);
    let tfPred: number[] = [];
    const net = await trainBinaryVgg8(1 / 32, d, {
      epochs: 1,
      batchSize: 40,
      learningRate: 0.01,
      lrDecay: 1,
      seed: 4,
      inspect: (f) => {
        tfPred = tfPredict(f, d);
      },
    });
    const sw = Array.from(predictConvSoftware(net, d.x, d.count));
    expect(new Set(sw).size).toBeGreaterThan(1);
    expect(sw).toEqual(tfPred);
  });
});

describe('hardware-aware analog mapping', () => {
  beforeAll(async () => {
    expect((await initTf('wasm')).backend).toBe('wasm');
  });

  it('an analog net with its recorded weight range runs on ideal 5-state tiles exactly as hwaWeights quantised it in training', () => {
    const tf = tfjs();
    const rng = new Rng(51);
    const n = 100,
      m = 10;
    // normal weights plus a few outliers, so the 3σ range clips some of them
    const w = Float32Array.from({ length: n * m }, (_, k) => (k % 97 === 0 ? (k % 2 ? 0.6 : -0.6) : 0.1 * rng.normal()));
    const hw = resolveHardware('sot/multilevel', 'compound4-acsami2024', { readNoise: 0 });
    expect(hw.levels).toBe(5);
    const t = tf.tensor2d(w, [n, m]);
    const q = tf.tidy(() => hwaWeights(t, hw, new Rng(1)).dataSync() as Float32Array);
    t.dispose();
    const range = deviceRange(w, hw);
    expect(range).toBeLessThan(0.6); // clipping happens
    const bias = new Float32Array(m);
    const mapped: AnalogNet = {
      kind: 'analog',
      sizes: [n, m],
      weights: [w],
      biases: [bias],
      inputScale: Float64Array.of(1),
      weightRange: Float64Array.of(range),
    };
    const trained: AnalogNet = { kind: 'analog', sizes: [n, m], weights: [Float32Array.from(q)], biases: [bias], inputScale: Float64Array.of(1) };
    // sparse inputs (as pixels are), so which column wins varies from sample to sample
    const x = Float32Array.from({ length: 300 * n }, () => (rng.uniform() < 0.2 ? rng.uniform() : 0));
    const devP = resolveModelParams(getModel('sot/multilevel', 'synapse'), 'compound4-acsami2024', { ...getModel('sot/multilevel', 'synapse').ideal });
    const a = new ArrayNet(mapped, { arrayParams: resolveModelParams(arr, 'compound2024', arr.ideal), device: 'sot/multilevel', deviceParams: devP }, 2);
    const sw = Array.from(predictSoftware(trained, x, 300));
    expect(new Set(sw).size).toBeGreaterThan(5);
    expect(Array.from(a.predict(x, 300))).toEqual(sw);
  });
});
