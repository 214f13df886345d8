import { DataError, Rng, getModel, type ArrayModel, type ArrayTile, type ParamValues } from '@spinsnn/core';

/**
 * Trained networks mapped onto in-memory-computing arrays (docs/cim.md §3). Layers larger than
 * one tile are cut into tiles of the array's rows × cols; each tile's outputs (after its ADC)
 * are accumulated digitally into the layer's partial sums. Binary networks (weights and
 * activations ±1) use XNOR pairs: a tile returns matches m, the ±1 dot over its n rows is 2m − n.
 * Analog networks use differential pairs: weights scaled to [−1, 1] per layer, activations to
 * [0, 1] through the DAC, the tile returns Σ x·w in those units.
 */

/** A binary network: ±1 weights, hidden activations sign(s·(dot − θ)), output argmax of the last dots. */
export interface BinaryNet {
  readonly kind: 'binary';
  /** Layer widths, input first, e.g. [784, 128, 10]. */
  readonly sizes: number[];
  /** Per layer, in × out signs (row-major by input), ±1. */
  readonly weights: Int8Array[];
  /** Per hidden layer: threshold θ of each neuron (in ±1-dot units) and direction s = ±1. */
  readonly thresholds: Float64Array[];
  readonly directions: Int8Array[];
  /** Input binarisation: pixel/255 > inputThreshold is +1. */
  readonly inputThreshold: number;
}

/** An analog MLP: ReLU hidden layers, float weights and biases. */
export interface AnalogNet {
  readonly kind: 'analog';
  readonly sizes: number[];
  /** Per layer, in × out (row-major by input). */
  readonly weights: Float32Array[];
  readonly biases: Float32Array[];
  /** Per layer, the value of its input that maps to the DAC's full scale (1 for pixels in [0, 1]). */
  readonly inputScale: Float64Array;
  /**
   * Per layer, the weight mapped onto a fully programmed cell (|w| beyond it clips); absent: max|w|.
   * Hardware-aware training records the range it trained with (docs/cim.md §3).
   */
  readonly weightRange?: Float64Array;
}

/** Either kind of trained network. */
export type CimNet = BinaryNet | AnalogNet;

/** What builds the tiles: the array model, its parameters, the cell device and its parameters. */
export interface ArrayConfig {
  readonly arrayParams: ParamValues;
  readonly device: string;
  readonly deviceParams: ParamValues;
}

/** One layer cut into tiles, with digital partial-sum accumulation. */
export class TiledLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly tileRows: number;
  readonly tileCols: number;
  readonly tiles: ArrayTile[];
  /** Rows of each tile-row block (the last may be short). */
  private readonly blockRows: number[];
  private readonly blockCols: number[];
  private xBuf: Float64Array;
  private yBuf: Float64Array;

  constructor(model: ArrayModel, cfg: ArrayConfig, weights: ArrayLike<number>, inputs: number, outputs: number, rng: Rng, path: string) {
    this.inputs = inputs;
    this.outputs = outputs;
    this.tileRows = cfg.arrayParams.rows;
    this.tileCols = cfg.arrayParams.cols;
    this.tiles = [];
    this.blockRows = [];
    this.blockCols = [];
    const R = this.tileRows,
      C = this.tileCols;
    for (let r0 = 0; r0 < inputs; r0 += R) this.blockRows.push(Math.min(R, inputs - r0));
    for (let c0 = 0; c0 < outputs; c0 += C) this.blockCols.push(Math.min(C, outputs - c0));
    let k = 0;
    for (let bi = 0; bi < this.blockRows.length; bi++) {
      for (let bj = 0; bj < this.blockCols.length; bj++) {
        const rows = this.blockRows[bi],
          cols = this.blockCols[bj];
        const w = new Float64Array(rows * cols);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) w[i * cols + j] = weights[(bi * R + i) * outputs + bj * C + j];
        this.tiles.push(
          model.createTile(
            { rows, cols, weights: w, device: cfg.device, deviceParams: cfg.deviceParams, rng: rng.fork(++k), path: `${path}.tile[${bi},${bj}]` },
            cfg.arrayParams,
          ),
        );
      }
    }
    this.xBuf = new Float64Array(0);
    this.yBuf = new Float64Array(0);
  }

  /**
   * out (batch × outputs) ← Σ over tile rows of each tile's outputs; `binary` turns matches m of
   * an n-row tile into the ±1 dot 2m − n.
   */
  forward(batch: number, x: Float64Array, out: Float64Array, binary: boolean): void {
    const R = this.tileRows,
      C = this.tileCols;
    out.fill(0, 0, batch * this.outputs);
    if (this.xBuf.length < batch * R) this.xBuf = new Float64Array(batch * R);
    if (this.yBuf.length < batch * C) this.yBuf = new Float64Array(batch * C);
    let t = 0;
    for (let bi = 0; bi < this.blockRows.length; bi++) {
      const rows = this.blockRows[bi];
      const xs = this.xBuf;
      for (let b = 0; b < batch; b++) for (let i = 0; i < rows; i++) xs[b * rows + i] = x[b * this.inputs + bi * R + i];
      for (let bj = 0; bj < this.blockCols.length; bj++) {
        const cols = this.blockCols[bj];
        const tile = this.tiles[t++];
        tile.mac(batch, xs, this.yBuf);
        const ys = this.yBuf;
        for (let b = 0; b < batch; b++) {
          const o = b * this.outputs + bj * C;
          for (let j = 0; j < cols; j++) out[o + j] += binary ? 2 * ys[b * cols + j] - rows : ys[b * cols + j];
        }
      }
    }
  }
}

/** A network on arrays: one TiledLayer per layer. */
export class ArrayNet {
  readonly net: CimNet;
  readonly layers: TiledLayer[];
  /** Per analog layer: the weight range (net.weightRange, else max|w|) that maps onto [−1, 1]. */
  private readonly wScale: Float64Array;

  constructor(net: CimNet, cfg: ArrayConfig, seed: number) {
    this.net = net;
    const model = getModel('cim/crossbar', 'array');
    const rng = new Rng(seed, 0xa77a);
    this.layers = [];
    this.wScale = new Float64Array(net.sizes.length - 1);
    for (let l = 0; l + 1 < net.sizes.length; l++) {
      const n = net.sizes[l],
        m = net.sizes[l + 1];
      let w: ArrayLike<number> = net.weights[l];
      if (net.kind === 'analog') {
        let mx = 0;
        for (const v of net.weights[l]) mx = Math.max(mx, Math.abs(v));
        this.wScale[l] = net.weightRange?.[l] ?? (mx || 1);
        const s = this.wScale[l];
        w = Float64Array.from(net.weights[l], (v) => (v > s ? 1 : v < -s ? -1 : v / s));
      }
      this.layers.push(new TiledLayer(model, cfg, w, n, m, rng.fork(l + 1), `layer[${l}]`));
    }
  }

  /** Predicted class of each of `count` samples (pixels / 255 in [0, 1], count × sizes[0]). */
  predict(x: Float32Array, count: number, batch = 500): Uint8Array {
    return forwardNet(this.net, x, count, batch, (l, nb, xin, out) => this.layers[l].forward(nb, xin, out, this.net.kind === 'binary'), this.wScale, true);
  }
}

/** Predicted classes of the network in software (exact arithmetic: integer dots for binary nets). */
export function predictSoftware(net: CimNet, x: Float32Array, count: number, batch = 500): Uint8Array {
  const scale = new Float64Array(net.sizes.length - 1).fill(1);
  return forwardNet(
    net,
    x,
    count,
    batch,
    (l, nb, xin, out) => {
      const n = net.sizes[l],
        m = net.sizes[l + 1];
      const w = net.weights[l];
      out.fill(0, 0, nb * m);
      for (let b = 0; b < nb; b++) {
        const o = b * m;
        for (let i = 0; i < n; i++) {
          const a = xin[b * n + i];
          if (a === 0) continue;
          const r = i * m;
          for (let j = 0; j < m; j++) out[o + j] += a * w[r + j];
        }
      }
    },
    scale,
    false,
  );
}

type LayerFn = (layer: number, batch: number, x: Float64Array, out: Float64Array) => void;

/**
 * The shared forward pass. Binary: input bits (pixel > threshold), per layer dot → sign(s(dot − θ))
 * as bits for the next array (an array takes 1 for +1, 0 for −1; software takes ±1). Analog: the
 * layer's input is divided by its inputScale (the DAC full scale), the array's output multiplied
 * back by inputScale·wScale, the bias added digitally, ReLU.
 */
function forwardNet(net: CimNet, x: Float32Array, count: number, batch: number, layer: LayerFn, wScale: Float64Array, onArray: boolean): Uint8Array {
  const L = net.sizes.length - 1;
  const n0 = net.sizes[0];
  if (x.length < count * n0) throw new DataError('inputs', `${count} × ${n0} values, got ${x.length}`);
  const maxW = Math.max(...net.sizes);
  const a = new Float64Array(batch * maxW);
  const z = new Float64Array(batch * maxW);
  const pred = new Uint8Array(count);
  for (let s0 = 0; s0 < count; s0 += batch) {
    const nb = Math.min(batch, count - s0);
    for (let b = 0; b < nb; b++) {
      for (let i = 0; i < n0; i++) {
        const v = x[(s0 + b) * n0 + i];
        a[b * n0 + i] = net.kind === 'binary' ? (v > net.inputThreshold ? 1 : -1) : v;
      }
    }
    for (let l = 0; l < L; l++) {
      const n = net.sizes[l],
        m = net.sizes[l + 1];
      if (net.kind === 'binary') {
        if (onArray) for (let k = 0; k < nb * n; k++) a[k] = a[k] > 0 ? 1 : 0;
        layer(l, nb, a, z);
        if (l + 1 < L) {
          const th = net.thresholds[l],
            dir = net.directions[l];
          for (let b = 0; b < nb; b++) for (let j = 0; j < m; j++) a[b * m + j] = dir[j] * (z[b * m + j] - th[j]) >= 0 ? 1 : -1;
        }
      } else {
        const sIn = net.inputScale[l];
        if (onArray) for (let k = 0; k < nb * n; k++) a[k] /= sIn;
        layer(l, nb, a, z);
        const k = onArray ? sIn * wScale[l] : 1;
        const bias = net.biases[l];
        for (let b = 0; b < nb; b++)
          for (let j = 0; j < m; j++) {
            const v = z[b * m + j] * k + bias[j];
            a[b * m + j] = l + 1 < L ? (v > 0 ? v : 0) : v;
          }
        if (l + 1 === L) for (let k2 = 0; k2 < nb * m; k2++) z[k2] = a[k2];
      }
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

/** Fraction of predictions equal to the labels. */
export function cimAccuracy(pred: Uint8Array, labels: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) c++;
  return pred.length ? c / pred.length : 0;
}

/** JSON form of a trained network (for the run folder's model cache). */
export function netToJson(net: CimNet): object {
  if (net.kind === 'binary') {
    return {
      kind: 'binary',
      sizes: net.sizes,
      inputThreshold: net.inputThreshold,
      weights: net.weights.map((w) => Array.from(w)),
      thresholds: net.thresholds.map((t) => Array.from(t)),
      directions: net.directions.map((d) => Array.from(d)),
    };
  }
  return {
    kind: 'analog',
    sizes: net.sizes,
    inputScale: Array.from(net.inputScale),
    weights: net.weights.map((w) => Array.from(w)),
    biases: net.biases.map((b) => Array.from(b)),
    ...(net.weightRange ? { weightRange: Array.from(net.weightRange) } : {}),
  };
}

/** Parses netToJson's output; a DataError says what is malformed. */
export function netFromJson(j: unknown, path: string): CimNet {
  const o = j as Record<string, unknown>;
  const bad = (what: string): never => {
    throw new DataError(path, `not a cached spinsnn CIM network (${what}); delete it or run with --force`);
  };
  if (!o || typeof o !== 'object' || !Array.isArray(o.sizes) || !Array.isArray(o.weights)) return bad('sizes/weights missing');
  const sizes = (o.sizes as unknown[]).map(Number);
  const L = sizes.length - 1;
  const weights = o.weights as number[][];
  if (weights.length !== L) bad('layer count');
  for (let l = 0; l < L; l++) if (weights[l].length !== sizes[l] * sizes[l + 1]) bad(`layer ${l} size`);
  if (o.kind === 'binary') {
    return {
      kind: 'binary',
      sizes,
      inputThreshold: Number(o.inputThreshold),
      weights: weights.map((w) => Int8Array.from(w)),
      thresholds: (o.thresholds as number[][]).map((t) => Float64Array.from(t)),
      directions: (o.directions as number[][]).map((d) => Int8Array.from(d)),
    };
  }
  if (o.kind === 'analog') {
    return {
      kind: 'analog',
      sizes,
      inputScale: Float64Array.from(o.inputScale as number[]),
      weights: weights.map((w) => Float32Array.from(w)),
      biases: (o.biases as number[][]).map((b) => Float32Array.from(b)),
      ...(Array.isArray(o.weightRange) ? { weightRange: Float64Array.from(o.weightRange as number[]) } : {}),
    };
  }
  return bad(`kind ${String(o.kind)}`);
}
