import { DataError, Rng, getModel } from '@spinsnn/core';
import { TiledLayer, type ArrayConfig } from './networks.js';

/**
 * Binary convolutional networks on arrays (docs/cim.md §3.2): VGG-8's topology with ±1 weights
 * and activations. A 3 × 3 convolution is mapped by im2col: every output position is one array
 * input vector of 9·C_in bits (kernel row, kernel column, input channel — the order of a TF.js
 * filter [kh, kw, C_in, C_out]), the C_out filters are the columns, and layers larger than a tile
 * are cut into tiles with digital partial sums exactly as the MLP layers are (`TiledLayer`).
 * 'same' padding pads with −1 (an XNOR array has no zero input; training pads the same way).
 * Batch norm is folded into per-channel thresholds; 2 × 2 max pooling of ±1 activations is an OR
 * in the digital periphery.
 */

/** One binary 3 × 3 convolution ('same', stride 1), then optional 2 × 2 max pooling. */
export interface BinaryConvLayer {
  readonly cin: number;
  readonly cout: number;
  /** Filter signs, [3, 3, cin, cout] row-major (= im2col rows × cout). */
  readonly weights: Int8Array;
  /** Per output channel: threshold θ (±1-dot units) and direction s = ±1; activation sign(s·(dot − θ)). */
  readonly thresholds: Float64Array;
  readonly directions: Int8Array;
  readonly pool: boolean;
}

/** A binary VGG-style network: convolutions, then a binary MLP on the flattened (h, w, c) map. */
export interface BinaryConvNet {
  readonly kind: 'binary-conv';
  /** Input height, width, channels. */
  readonly input: readonly [number, number, number];
  readonly convs: BinaryConvLayer[];
  /** Dense layer widths, flattened conv output first, classes last. */
  readonly sizes: number[];
  /** Dense ±1 weights, in × out per layer. */
  readonly weights: Int8Array[];
  /** Per hidden dense layer: thresholds and directions. */
  readonly thresholds: Float64Array[];
  readonly directions: Int8Array[];
  /** Input binarisation: pixel/255 > inputThreshold is +1. */
  readonly inputThreshold: number;
}

/** Channel widths of VGG-8 (DNN+NeuroSim: 128-128-256-256-512-512 conv, 1024 dense) scaled by `width` (at least 1 channel). */
export function vgg8Widths(width: number): { convs: number[]; dense: number } {
  const c = (n: number) => Math.max(1, Math.round(n * width));
  return { convs: [128, 128, 256, 256, 512, 512].map(c), dense: c(1024) };
}

/** Multiply–accumulates of one forward pass of a binary conv net (conv positions × 9·cin·cout + dense). */
export function convNetMacs(net: Pick<BinaryConvNet, 'input' | 'convs' | 'sizes'>): number {
  let [h, w] = net.input;
  let macs = 0;
  for (const c of net.convs) {
    macs += h * w * 9 * c.cin * c.cout;
    if (c.pool) {
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
  }
  for (let l = 0; l + 1 < net.sizes.length; l++) macs += net.sizes[l] * net.sizes[l + 1];
  return macs;
}

/** Output height and width after each conv layer (after its pooling). */
function shapes(net: BinaryConvNet): { h: number; w: number }[] {
  let [h, w] = net.input;
  return net.convs.map((c) => {
    if (c.pool) {
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
    return { h, w };
  });
}

/** Checks a binary conv net's shapes; a DataError says what does not fit. */
export function checkConvNet(net: BinaryConvNet, path = 'net'): void {
  let cin = net.input[2];
  net.convs.forEach((c, l) => {
    if (c.cin !== cin) throw new DataError(`${path}.convs[${l}]`, `cin ${cin} (the previous layer's channels), got ${c.cin}`);
    if (c.weights.length !== 9 * c.cin * c.cout) throw new DataError(`${path}.convs[${l}].weights`, `${9 * c.cin * c.cout} signs, got ${c.weights.length}`);
    if (c.thresholds.length !== c.cout || c.directions.length !== c.cout) throw new DataError(`${path}.convs[${l}]`, `${c.cout} thresholds and directions`);
    cin = c.cout;
  });
  const last = shapes(net).at(-1) ?? { h: net.input[0], w: net.input[1] };
  const flat = last.h * last.w * cin;
  if (net.sizes[0] !== flat) throw new DataError(`${path}.sizes[0]`, `${flat} (the flattened conv output), got ${net.sizes[0]}`);
  for (let l = 0; l + 1 < net.sizes.length; l++)
    if (net.weights[l].length !== net.sizes[l] * net.sizes[l + 1]) throw new DataError(`${path}.weights[${l}]`, `${net.sizes[l] * net.sizes[l + 1]} signs`);
}

/** im2col of a ±1 map [B, H, W, C] (−1 padding ring): rows [B·H·W, 9·C] in (kh, kw, c) order, as `lo`/`hi` values for −1/+1. */
function im2col(a: Float64Array, B: number, H: number, W: number, C: number, out: Float64Array, lo: number): void {
  const K = 9 * C;
  for (let b = 0; b < B; b++)
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const r = ((b * H + y) * W + x) * K;
        for (let ky = 0; ky < 3; ky++) {
          const yy = y + ky - 1;
          for (let kx = 0; kx < 3; kx++) {
            const xx = x + kx - 1;
            const o = r + (ky * 3 + kx) * C;
            if (yy < 0 || yy >= H || xx < 0 || xx >= W) for (let c = 0; c < C; c++) out[o + c] = lo;
            else {
              const s = ((b * H + yy) * W + xx) * C;
              for (let c = 0; c < C; c++) out[o + c] = a[s + c] > 0 ? 1 : lo;
            }
          }
        }
      }
}

/** 2 × 2 max pooling (stride 2, floor) of [B, H, W, C]. */
function maxPool(a: Float64Array, B: number, H: number, W: number, C: number, out: Float64Array): void {
  const h2 = Math.floor(H / 2),
    w2 = Math.floor(W / 2);
  for (let b = 0; b < B; b++)
    for (let y = 0; y < h2; y++)
      for (let x = 0; x < w2; x++)
        for (let c = 0; c < C; c++) {
          const i = (yy: number, xx: number) => a[((b * H + yy) * W + xx) * C + c];
          out[((b * h2 + y) * w2 + x) * C + c] = Math.max(i(2 * y, 2 * x), i(2 * y, 2 * x + 1), i(2 * y + 1, 2 * x), i(2 * y + 1, 2 * x + 1));
        }
}

/** sign(s·(z − θ)) per channel (last axis). */
function threshold(z: Float64Array, n: number, C: number, th: Float64Array, dir: Int8Array, out: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const c = k % C;
    out[k] = dir[c] * (z[k] - th[c]) >= 0 ? 1 : -1;
  }
}

type DotFn = (layer: number, rows: number, x: Float64Array, out: Float64Array) => void;

/**
 * The shared forward pass given each layer's dot product (conv layers numbered first, then dense):
 * `convDot(l, n, cols, out)` gets n im2col rows, `denseDot(l, n, x, out)` n flattened vectors. Both
 * receive ±1 inputs as `lo`/1 (lo = 0 for an array's input bits, −1 for software).
 */
function forwardConv(net: BinaryConvNet, x: Float32Array, count: number, batch: number, convDot: DotFn, denseDot: DotFn, lo: number): Uint8Array {
  checkConvNet(net);
  const [H0, W0, C0] = net.input;
  const n0 = H0 * W0 * C0;
  if (x.length < count * n0) throw new DataError('inputs', `${count} × ${n0} values, got ${x.length}`);
  let maxMap = n0,
    maxCols = 0,
    maxZ = 0;
  {
    let h = H0,
      w = W0;
    for (const c of net.convs) {
      maxCols = Math.max(maxCols, h * w * 9 * c.cin);
      maxZ = Math.max(maxZ, h * w * c.cout);
      maxMap = Math.max(maxMap, h * w * c.cout);
      if (c.pool) {
        h = Math.floor(h / 2);
        w = Math.floor(w / 2);
      }
    }
  }
  maxZ = Math.max(maxZ, ...net.sizes);
  let a = new Float64Array(batch * maxMap);
  let t = new Float64Array(batch * maxMap);
  const cols = new Float64Array(batch * maxCols);
  const z = new Float64Array(batch * maxZ);
  const pred = new Uint8Array(count);
  const L = net.sizes.length - 1;
  for (let s0 = 0; s0 < count; s0 += batch) {
    const nb = Math.min(batch, count - s0);
    for (let k = 0; k < nb * n0; k++) a[k] = x[s0 * n0 + k] > net.inputThreshold ? 1 : -1;
    let h = H0,
      w = W0;
    net.convs.forEach((c, l) => {
      const rows = nb * h * w;
      im2col(a, nb, h, w, c.cin, cols, lo);
      convDot(l, rows, cols, z);
      threshold(z, rows * c.cout, c.cout, c.thresholds, c.directions, t);
      if (c.pool) {
        maxPool(t, nb, h, w, c.cout, a);
        h = Math.floor(h / 2);
        w = Math.floor(w / 2);
      } else [a, t] = [t, a];
    });
    for (let l = 0; l < L; l++) {
      const n = net.sizes[l],
        m = net.sizes[l + 1];
      if (lo !== -1) for (let k = 0; k < nb * n; k++) a[k] = a[k] > 0 ? 1 : lo;
      denseDot(l, nb, a, z);
      if (l + 1 < L) threshold(z, nb * m, m, net.thresholds[l], net.directions[l], a);
    }
    const m = net.sizes[L];
    for (let b = 0; b < nb; b++) {
      let best = 0;
      for (let j = 1; j < m; j++) if (z[b * m + j] > z[b * m + best]) best = j;
      pred[s0 + b] = best;
    }
  }
  return pred;
}

/**
 * Software reference of a binary conv net: direct 3 × 3 convolution over the −1-padded map and
 * integer dense dots (no im2col, no tiles), so it checks the array mapping independently.
 */
export function predictConvSoftware(net: BinaryConvNet, x: Float32Array, count: number): Uint8Array {
  checkConvNet(net);
  // direct convolution: walk the forward pass layer by layer with its own loops
  const [H0, W0, C0] = net.input;
  const n0 = H0 * W0 * C0;
  if (x.length < count * n0) throw new DataError('inputs', `${count} × ${n0} values, got ${x.length}`);
  const pred = new Uint8Array(count);
  for (let s = 0; s < count; s++) {
    let h = H0,
      w = W0,
      C = C0;
    let a = Float64Array.from({ length: n0 }, (_, k) => (x[s * n0 + k] > net.inputThreshold ? 1 : -1));
    for (const c of net.convs) {
      const y = new Float64Array(h * w * c.cout);
      for (let oy = 0; oy < h; oy++)
        for (let ox = 0; ox < w; ox++)
          for (let f = 0; f < c.cout; f++) {
            let dot = 0;
            for (let ky = -1; ky <= 1; ky++)
              for (let kx = -1; kx <= 1; kx++) {
                const yy = oy + ky,
                  xx = ox + kx;
                const inside = yy >= 0 && yy < h && xx >= 0 && xx < w;
                for (let ch = 0; ch < C; ch++) {
                  const v = inside ? a[(yy * w + xx) * C + ch] : -1;
                  dot += v * c.weights[(((ky + 1) * 3 + (kx + 1)) * C + ch) * c.cout + f];
                }
              }
            y[(oy * w + ox) * c.cout + f] = c.directions[f] * (dot - c.thresholds[f]) >= 0 ? 1 : -1;
          }
      C = c.cout;
      if (c.pool) {
        const h2 = Math.floor(h / 2),
          w2 = Math.floor(w / 2);
        const p = new Float64Array(h2 * w2 * C);
        for (let py = 0; py < h2; py++)
          for (let px = 0; px < w2; px++)
            for (let ch = 0; ch < C; ch++) {
              let m = -Infinity;
              for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) m = Math.max(m, y[((2 * py + dy) * w + 2 * px + dx) * C + ch]);
              p[(py * w2 + px) * C + ch] = m;
            }
        a = p;
        h = h2;
        w = w2;
      } else a = y;
    }
    const L = net.sizes.length - 1;
    for (let l = 0; l < L; l++) {
      const n = net.sizes[l],
        m = net.sizes[l + 1];
      const z = new Float64Array(m);
      for (let j = 0; j < m; j++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += a[i] * net.weights[l][i * m + j];
        z[j] = d;
      }
      if (l + 1 < L) a = Float64Array.from(z, (v, j) => (net.directions[l][j] * (v - net.thresholds[l][j]) >= 0 ? 1 : -1));
      else {
        let best = 0;
        for (let j = 1; j < m; j++) if (z[j] > z[best]) best = j;
        pred[s] = best;
      }
    }
  }
  return pred;
}

/** A binary conv net on arrays: one `TiledLayer` (XNOR tiles) per conv layer (im2col) and per dense layer. */
export class ArrayConvNet {
  readonly net: BinaryConvNet;
  readonly convLayers: TiledLayer[];
  readonly denseLayers: TiledLayer[];

  constructor(net: BinaryConvNet, cfg: ArrayConfig, seed: number) {
    checkConvNet(net);
    this.net = net;
    const model = getModel('cim/crossbar', 'array');
    const rng = new Rng(seed, 0xc0a7);
    this.convLayers = net.convs.map((c, l) => new TiledLayer(model, cfg, c.weights, 9 * c.cin, c.cout, rng.fork(l + 1), `conv[${l}]`));
    this.denseLayers = net.weights.map((w, l) => new TiledLayer(model, cfg, w, net.sizes[l], net.sizes[l + 1], rng.fork(0x100 + l), `dense[${l}]`));
  }

  /** Tiles of every layer. */
  get tileCount(): number {
    return [...this.convLayers, ...this.denseLayers].reduce((s, t) => s + t.tiles.length, 0);
  }

  /** Predicted class of each of `count` images (pixels / 255, count × H·W·C). */
  predict(x: Float32Array, count: number, batch = 20): Uint8Array {
    return forwardConv(
      this.net,
      x,
      count,
      batch,
      (l, n, cols, out) => this.convLayers[l].forward(n, cols, out, true),
      (l, n, a, out) => this.denseLayers[l].forward(n, a, out, true),
      0,
    );
  }
}

/** Same forward pass as the array, but each dot an exact integer product (im2col path, no tiles): the software view of the deployed net. */
export function predictConvIm2col(net: BinaryConvNet, x: Float32Array, count: number, batch = 20): Uint8Array {
  const dot = (w: Int8Array, n: number, m: number) => (_l: number, rows: number, a: Float64Array, out: Float64Array) => {
    out.fill(0, 0, rows * m);
    for (let r = 0; r < rows; r++)
      for (let i = 0; i < n; i++) {
        const v = a[r * n + i];
        const o = r * m,
          wi = i * m;
        for (let j = 0; j < m; j++) out[o + j] += v * w[wi + j];
      }
  };
  return forwardConv(
    net,
    x,
    count,
    batch,
    (l, rows, a, out) => dot(net.convs[l].weights, 9 * net.convs[l].cin, net.convs[l].cout)(l, rows, a, out),
    (l, rows, a, out) => dot(net.weights[l], net.sizes[l], net.sizes[l + 1])(l, rows, a, out),
    -1,
  );
}

/** JSON form of a binary conv net (run-folder cache). */
export function convNetToJson(net: BinaryConvNet): object {
  return {
    kind: net.kind,
    input: net.input,
    inputThreshold: net.inputThreshold,
    convs: net.convs.map((c) => ({
      cin: c.cin,
      cout: c.cout,
      pool: c.pool,
      weights: Array.from(c.weights),
      thresholds: Array.from(c.thresholds),
      directions: Array.from(c.directions),
    })),
    sizes: net.sizes,
    weights: net.weights.map((w) => Array.from(w)),
    thresholds: net.thresholds.map((t) => Array.from(t)),
    directions: net.directions.map((d) => Array.from(d)),
  };
}

/** Parses convNetToJson's output; a DataError says what is malformed. */
export function convNetFromJson(j: unknown, path: string): BinaryConvNet {
  const o = j as Record<string, unknown>;
  if (o?.kind !== 'binary-conv' || !Array.isArray(o.convs) || !Array.isArray(o.sizes) || !Array.isArray(o.input))
    throw new DataError(path, 'not a cached spinsnn binary conv network; delete it or run with --force');
  const input = (o.input as number[]).map(Number) as [number, number, number];
  const net: BinaryConvNet = {
    kind: 'binary-conv',
    input,
    inputThreshold: Number(o.inputThreshold),
    convs: (o.convs as Record<string, unknown>[]).map((c) => ({
      cin: Number(c.cin),
      cout: Number(c.cout),
      pool: Boolean(c.pool),
      weights: Int8Array.from(c.weights as number[]),
      thresholds: Float64Array.from(c.thresholds as number[]),
      directions: Int8Array.from(c.directions as number[]),
    })),
    sizes: (o.sizes as number[]).map(Number),
    weights: (o.weights as number[][]).map((w) => Int8Array.from(w)),
    thresholds: (o.thresholds as number[][]).map((t) => Float64Array.from(t)),
    directions: (o.directions as number[][]).map((d) => Int8Array.from(d)),
  };
  checkConvNet(net, path);
  return net;
}
