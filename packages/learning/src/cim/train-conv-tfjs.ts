import { Rng } from '@spinsnn/core';
import type * as TF from '@tensorflow/tfjs';
import { tfjs } from '../baselines/tfjs.js';
import { vgg8Widths, type BinaryConvLayer, type BinaryConvNet } from './conv.js';
import { BN_EPS, fitSoftmax, glorot, steSign, type CimTrainData, type CimTrainOptions } from './train-tfjs.js';

/**
 * Training of the binary VGG-8 (docs/cim.md §3.2) in TF.js: the BNN recipe of `trainBinaryNet`
 * (latent weights clipped to [−1, 1], sign forward, straight-through backward, batch norm before
 * every sign, Adam through the shared `fitSoftmax` loop) on VGG-8's topology — six 3 × 3 'same'
 * convolutions (pool after the 2nd, 4th, 6th), one hidden dense layer, 10 outputs — with channel
 * widths scaled by `width`. 'same' padding pads with −1, as the XNOR array does. After training
 * batch norm is folded into thresholds over a calibration subset, layer by layer with the
 * already-folded earlier layers, so the returned net is exactly what the arrays run.
 */

/** Pixel grid of the training images (MNIST). */
const SIDE = 28;
/** Images whose batch statistics fold the batch norm. */
const FOLD_CALIB = 4000;
/** Images per TF.js call while folding. */
const FOLD_CHUNK = 500;

/** Trains a binary VGG-8 of `width` × VGG-8's channels on 28 × 28 × 1 images; returns its ±1 form for arrays. */
export async function trainBinaryVgg8(width: number, data: CimTrainData, o: CimTrainOptions, inputThreshold = 0.5): Promise<BinaryConvNet> {
  const tf = tfjs();
  const sign = steSign(tf);
  const rng = new Rng(o.seed, 0xc099);
  const { convs: widths, dense } = vgg8Widths(width);
  const pools = [false, true, false, true, false, true];
  const cins = [1, ...widths.slice(0, -1)];
  const Wc = widths.map((c, l) => tf.variable(tf.tensor4d(glorot(rng, 9 * cins[l], c), [3, 3, cins[l], c]), true, `c${l}`));
  const gc = widths.map((c, l) => tf.variable(tf.ones([c]), true, `cg${l}`));
  const bc = widths.map((c, l) => tf.variable(tf.zeros([c]), true, `cb${l}`));
  const side = 3; // 28 → 14 → 7 → 3
  const flat = side * side * widths[5];
  const sizes = [flat, dense, 10];
  const Wd = [
    tf.variable(tf.tensor2d(glorot(rng, flat, dense), [flat, dense]), true, 'd0'),
    tf.variable(tf.tensor2d(glorot(rng, dense, 10), [dense, 10]), true, 'd1'),
  ];
  const gd = tf.variable(tf.ones([dense]), true, 'dg0');
  const bd = tf.variable(tf.zeros([dense]), true, 'db0');
  const alpha = tf.variable(tf.scalar(1 / Math.sqrt(dense)), true, 'alpha');
  const vars = [...Wc, ...gc, ...bc, ...Wd, gd, bd, alpha];
  const conv = (a: TF.Tensor4D, l: number): TF.Tensor4D =>
    tf.conv2d(
      tf.pad(
        a,
        [
          [0, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ],
        -1,
      ),
      sign(Wc[l]) as TF.Tensor4D,
      1,
      'valid',
    );
  const bn = (z: TF.Tensor, axes: number[], g: TF.Tensor, b: TF.Tensor): TF.Tensor => {
    const { mean, variance } = tf.moments(z, axes);
    return z.sub(mean).div(variance.add(BN_EPS).sqrt()).mul(g).add(b);
  };
  const forward = (xs: TF.Tensor2D): TF.Tensor => {
    let a = xs.reshape([xs.shape[0], SIDE, SIDE, 1]) as TF.Tensor4D;
    for (let l = 0; l < 6; l++) {
      a = sign(bn(conv(a, l), [0, 1, 2], gc[l], bc[l])) as TF.Tensor4D;
      if (pools[l]) a = tf.maxPool(a, 2, 2, 'valid');
    }
    const f = a.reshape([a.shape[0], flat]) as TF.Tensor2D;
    const h = sign(bn(tf.matMul(f, sign(Wd[0]) as TF.Tensor2D), [0], gd, bd)) as TF.Tensor2D;
    return tf.matMul(h, sign(Wd[1]) as TF.Tensor2D).mul(alpha);
  };
  const F = data.features;
  const xbin = new Float32Array(data.x.length);
  for (let i = 0; i < xbin.length; i++) xbin[i] = data.x[i] > inputThreshold ? 1 : -1;
  await fitSoftmax(tf, xbin, data, o, rng, forward, vars, () => {
    for (const w of [...Wc, ...Wd] as TF.Variable[]) tf.tidy(() => w.assign(tf.clipByValue(w, -1, 1)));
  });
  // fold: per channel μ, σ of the pre-activation over the calibration images, earlier layers already folded
  const calib = Math.min(data.count, FOLD_CALIB);
  const signsOf = (w: TF.Variable) => Int8Array.from(tf.tidy(() => sign(w)).dataSync());
  const convLayers: BinaryConvLayer[] = [];
  const stats = (z: Float32Array, C: number, acc: { s: Float64Array; q: Float64Array; n: number }) => {
    for (let k = 0; k < z.length; k++) {
      const c = k % C;
      acc.s[c] += z[k];
      acc.q[c] += z[k] * z[k];
    }
    acc.n += z.length / C;
  };
  const foldThresholds = (acc: { s: Float64Array; q: Float64Array; n: number }, g: Float32Array, b: Float32Array) => {
    const C = acc.s.length;
    const th = new Float64Array(C),
      dir = new Int8Array(C);
    for (let c = 0; c < C; c++) {
      const mu = acc.s[c] / acc.n;
      const sd = Math.sqrt(Math.max(0, acc.q[c] / acc.n - mu * mu) + BN_EPS);
      const gj = g[c] === 0 ? 1e-12 : g[c];
      th[c] = mu - (b[c] * sd) / gj;
      dir[c] = gj > 0 ? 1 : -1;
    }
    return { th, dir };
  };
  // activations of the calibration images, layer by layer (kept as ±1 tensors in chunks)
  let chunks: TF.Tensor4D[] = [];
  for (let s0 = 0; s0 < calib; s0 += FOLD_CHUNK) {
    const n = Math.min(FOLD_CHUNK, calib - s0);
    chunks.push(tf.tensor4d(xbin.subarray(s0 * F, (s0 + n) * F), [n, SIDE, SIDE, 1]));
  }
  for (let l = 0; l < 6; l++) {
    const C = widths[l];
    const acc = { s: new Float64Array(C), q: new Float64Array(C), n: 0 };
    for (const a of chunks)
      stats(
        tf.tidy(() => conv(a, l).dataSync() as Float32Array),
        C,
        acc,
      );
    const { th, dir } = foldThresholds(acc, gc[l].dataSync() as Float32Array, bc[l].dataSync() as Float32Array);
    convLayers.push({ cin: cins[l], cout: C, weights: signsOf(Wc[l]), thresholds: th, directions: dir, pool: pools[l] });
    const thT = tf.tensor1d(Float32Array.from(th));
    const dirT = tf.tensor1d(Float32Array.from(dir));
    const next = chunks.map((a) =>
      tf.tidy(() => {
        let y = tf.where(tf.greaterEqual(conv(a, l).sub(thT).mul(dirT), 0), 1, -1).cast('float32') as TF.Tensor4D;
        if (pools[l]) y = tf.maxPool(y, 2, 2, 'valid');
        return y;
      }),
    );
    for (const a of chunks) a.dispose();
    thT.dispose();
    dirT.dispose();
    chunks = next;
  }
  const accD = { s: new Float64Array(dense), q: new Float64Array(dense), n: 0 };
  for (const a of chunks)
    stats(
      tf.tidy(() => tf.matMul(a.reshape([a.shape[0], flat]) as TF.Tensor2D, sign(Wd[0]) as TF.Tensor2D).dataSync() as Float32Array),
      dense,
      accD,
    );
  for (const a of chunks) a.dispose();
  const fd = foldThresholds(accD, gd.dataSync() as Float32Array, bd.dataSync() as Float32Array);
  const net: BinaryConvNet = {
    kind: 'binary-conv',
    input: [SIDE, SIDE, 1],
    convs: convLayers,
    sizes,
    weights: Wd.map(signsOf),
    thresholds: [fd.th],
    directions: [fd.dir],
    inputThreshold,
  };
  o.inspect?.((xs) => tf.tidy(() => forward(xs)));
  for (const v of vars) v.dispose();
  return net;
}
