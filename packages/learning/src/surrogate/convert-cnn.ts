import { SpecError } from '@spinsnn/core';
import type { LayeredSnn, LayerMatrix } from './deploy.js';
import type { SnnConfig } from './model.js';

/**
 * ANN→SNN conversion of a convolutional ReLU network (docs/supervised-snn.md §6, "CNN"): every
 * convolution and dense layer becomes a layer of integrate-and-fire neurons (`learning/dt_lif`,
 * β = 1, θ = 1, reset by subtraction), normalised by its activation percentile as the dense
 * converter does (convert.ts). A 2 × 2 average pooling is linear, so it is not a layer of its own:
 * it folds into the synapses of the layer above (each pooled input pixel is ¼ of four spike
 * trains). Neurons of a layer are numbered in TF.js's row-major (y, x, channel) order, so a
 * flatten is the identity. On the kernel each layer's synapses are an explicit (pre, post) list
 * (`cnnLayered`), on TF.js the same arithmetic runs as conv2d / avgPool (`TfIfCnn`).
 */
export type Shape3 = [height: number, width: number, channels: number];

/** A 'valid' stride-1 convolution of the (optionally 2 × 2 average-pooled) layer below. */
export interface CnnConvLayer {
  kind: 'conv';
  /** Shape of the layer below, before pooling. */
  inShape: Shape3;
  /** 1: no pooling; 2: 2 × 2 average pooling, stride 2, 'valid' (odd edges dropped, as TF.js does). */
  pool: 1 | 2;
  /** Kernel height = width. */
  size: number;
  filters: number;
  /** size × size × channels × filters (TF.js HWIO), row-major. */
  kernel: Float32Array;
  /** One per filter: a constant input per step. */
  bias: Float32Array;
}

/** A dense map of the (optionally pooled, then flattened) layer below. */
export interface CnnDenseLayer {
  kind: 'dense';
  inShape: Shape3;
  pool: 1 | 2;
  units: number;
  /** (pooled height · width · channels) × units, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

/** One layer of a converted CNN. */
export type CnnLayer = CnnConvLayer | CnnDenseLayer;

/** A converted CNN: its layers (input 28 × 28 × 1 first) and the input time steps T. */
export interface IfCnn {
  layers: CnnLayer[];
  timesteps: number;
}

/** The layer's input after pooling. */
export function pooledShape(l: CnnLayer): Shape3 {
  const [h, w, c] = l.inShape;
  return [Math.floor(h / l.pool), Math.floor(w / l.pool), c];
}

/** The layer's output shape (dense: 1 × 1 × units). */
export function outputShape(l: CnnLayer): Shape3 {
  const [h, w] = pooledShape(l);
  return l.kind === 'conv' ? [h - l.size + 1, w - l.size + 1, l.filters] : [1, 1, l.units];
}

const volume = (s: Shape3) => s[0] * s[1] * s[2];

/** Checks shapes and array lengths layer by layer (typed errors naming the layer). */
export function checkIfCnn(net: IfCnn): void {
  if (!(Number.isInteger(net.timesteps) && net.timesteps >= 1)) throw new SpecError('cnn.timesteps', 'a whole number of steps ≥ 1', net.timesteps);
  if (net.layers.length === 0) throw new SpecError('cnn.layers', 'at least one layer', 0);
  net.layers.forEach((l, i) => {
    const path = `cnn.layers[${i}]`;
    if (i > 0) {
      const below = outputShape(net.layers[i - 1]);
      if (below.some((v, k) => v !== l.inShape[k]))
        throw new SpecError(`${path}.inShape`, `the output shape of the layer below, ${below.join(' × ')}`, l.inShape.join(' × '));
    }
    if (l.pool !== 1 && l.pool !== 2) throw new SpecError(`${path}.pool`, '1 (none) or 2 (2 × 2 average pooling)', l.pool);
    const [h, w, c] = pooledShape(l);
    if (l.kind === 'conv') {
      if (!(l.size >= 1 && l.size <= Math.min(h, w))) throw new SpecError(`${path}.size`, `a kernel size in [1, ${Math.min(h, w)}]`, l.size);
      if (l.kernel.length !== l.size * l.size * c * l.filters)
        throw new SpecError(`${path}.kernel`, `${l.size}·${l.size}·${c}·${l.filters} values (HWIO)`, l.kernel.length);
      if (l.bias.length !== l.filters) throw new SpecError(`${path}.bias`, `${l.filters} values`, l.bias.length);
    } else {
      if (l.weights.length !== h * w * c * l.units) throw new SpecError(`${path}.weights`, `${h * w * c} × ${l.units} values`, l.weights.length);
      if (l.bias.length !== l.units) throw new SpecError(`${path}.bias`, `${l.units} values`, l.bias.length);
    }
  });
}

/** The time convention and neuron counts of a converted CNN as an `SnnConfig` (sizes: input, then each layer's outputs). */
export function ifCnnConfig(net: IfCnn): SnnConfig {
  return {
    sizes: [volume(net.layers[0].inShape), ...net.layers.map((l) => volume(outputShape(l)))],
    beta: 1,
    learnBeta: false,
    threshold: 1,
    reset: 'subtract',
    surrogate: 'fast_sigmoid',
    slope: 5,
    timesteps: net.timesteps,
  };
}

/**
 * Weight normalisation of a ReLU CNN (Rueckauer et al. 2017, as `convertDense`): with λ_l the
 * activation percentile of layer l (λ_0 = 1), kernels become W·λ_{l−1}/λ_l and biases b/λ_l.
 */
export function convertCnn(layers: readonly CnnLayer[], lambdas: readonly number[], timesteps: number): IfCnn {
  if (layers.length !== lambdas.length) throw new SpecError('lambdas', `one scale per layer (${layers.length})`, lambdas.length);
  let prev = 1;
  const out = layers.map((l, i): CnnLayer => {
    const lam = lambdas[i];
    if (!(lam > 0)) throw new SpecError(`lambdas[${i}]`, 'a scale > 0 (the layer never activates on the normalisation data)', lam);
    const bias = Float32Array.from(l.bias, (b) => b / lam);
    const scale = (w: Float32Array) => Float32Array.from(w, (x) => (x * prev) / lam);
    const next: CnnLayer = l.kind === 'conv' ? { ...l, kernel: scale(l.kernel), bias } : { ...l, weights: scale(l.weights), bias };
    prev = lam;
    return next;
  });
  const net = { layers: out, timesteps };
  checkIfCnn(net);
  return net;
}

/**
 * The synapses of one layer as (pre, post, w), sorted by pre then post (so pair order is the
 * kernel's CSR order): pre indexes the layer below (before pooling), post this layer's neurons.
 */
export function cnnSynapses(l: CnnLayer): { pre: Int32Array; post: Int32Array; w: Float32Array } {
  const [H, W, C] = l.inShape;
  const [ph, pw] = pooledShape(l);
  const p = l.pool,
    share = 1 / (p * p);
  const pre: number[] = [],
    post: number[] = [],
    w: number[] = [];
  const [oh, ow, F] = outputShape(l);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const py = Math.floor(y / p),
        px = Math.floor(x / p);
      if (py >= ph || px >= pw) continue; // dropped by 'valid' pooling
      for (let c = 0; c < C; c++) {
        const i = (y * W + x) * C + c;
        if (l.kind === 'dense') {
          const row = ((py * pw + px) * C + c) * l.units;
          for (let u = 0; u < l.units; u++) {
            pre.push(i);
            post.push(u);
            w.push(l.weights[row + u] * share);
          }
          continue;
        }
        const k = l.size;
        // outputs (oy, ox) whose window covers pooled pixel (py, px): oy = py − ky, ky ∈ [0, k)
        for (let oy = Math.max(0, py - k + 1); oy <= Math.min(oh - 1, py); oy++)
          for (let ox = Math.max(0, px - k + 1); ox <= Math.min(ow - 1, px); ox++) {
            const base = (((py - oy) * k + (px - ox)) * C + c) * F;
            for (let f = 0; f < F; f++) {
              pre.push(i);
              post.push((oy * ow + ox) * F + f);
              w.push(l.kernel[base + f] * share);
            }
          }
      }
    }
  // the loops run over pre = (y, x, c) ascending and, within it, post = (oy, ox, f) ascending
  return { pre: Int32Array.from(pre), post: Int32Array.from(post), w: Float32Array.from(w) };
}

/** The converted CNN in the layered form the kernel deployment takes (explicit synapse lists, biases per neuron). */
export function cnnLayered(net: IfCnn): LayeredSnn {
  checkIfCnn(net);
  const config = ifCnnConfig(net);
  const matrices: LayerMatrix[] = net.layers.map((l, i) => {
    const s = cnnSynapses(l);
    return { name: `w${i}`, from: i, to: i + 1, rows: config.sizes[i], cols: config.sizes[i + 1], w: s.w, pairs: { pre: s.pre, post: s.post } };
  });
  const biases = net.layers.map((l, i) => {
    const n = config.sizes[i + 1];
    const perChannel = l.bias.length;
    return Float32Array.from({ length: n }, (_, j) => l.bias[j % perChannel]);
  });
  return { config, betas: net.layers.map(() => 1), biases, matrices };
}

/**
 * Rounds kernels, weights and biases to multiples of 2^−bits, so float32 (TF.js) and float64
 * (kernel) sums agree bit for bit (the argument of `dyadicWeights`; pooling's ¼ keeps them dyadic).
 */
export function dyadicCnn(net: IfCnn, bits = 14): IfCnn {
  const q = 2 ** (bits - 2); // pooling divides by 4: two bits of headroom
  const round = (a: Float32Array) => Float32Array.from(a, (x) => Math.round(x * q) / q);
  return {
    timesteps: net.timesteps,
    layers: net.layers.map((l) =>
      l.kind === 'conv' ? { ...l, kernel: round(l.kernel), bias: round(l.bias) } : { ...l, weights: round(l.weights), bias: round(l.bias) },
    ),
  };
}
