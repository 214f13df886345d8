/**
 * Discrete-time Gibbs sampling with p-bits on a sparse coupling graph (devices.md §3.2–3.3).
 *
 * The graph is CSR: the neighbours of p-bit i are `targets[offsets[i] .. offsets[i+1])` with
 * couplings `weights[...]`; J must be symmetric with a zero diagonal for the samples to follow
 * P(s) ∝ exp(−β H(s)), H = −½ Σ J_ij s_i s_j − Σ h_i s_i.
 *
 * - `sweepSequential` updates p-bits one at a time in index order, always using the latest
 *   neighbour states: an exact Gibbs sampler.
 * - `sweepChromatic` updates the colour classes of a proper colouring in turn; p-bits of one
 *   colour share no edge, so updating them "at once" is the same as one after the other.
 *
 * Each update draws one uniform r and sets m = +1 iff r < σ(2 β_i u_i): m = sgn(tanh(βu) − r')
 * with r' ~ U(−1,1) is the same event. σ comes from a table with linear interpolation (error
 * ≤ 2.9e-6, checked when the table is built); only when r falls within SIGMOID_GUARD of the
 * tabulated value is σ computed exactly. The decisions are therefore exactly those of the
 * exp-based rule (`update`), at a fraction of its cost (exp dominated the sweep).
 *
 * Sweeps run in a WebAssembly kernel (assembly/pbit.ts) where the engine has wasm, else in the
 * TypeScript loops below, which stay the reference: both make the same decisions from the same
 * uniforms (same seed → identical states; tested). What the kernel buys is the up/down decision
 * as a `select` instead of a branch that mispredicts about half the time. The TS loops take the
 * sign of d without a compare for the same reason (`((d · 2^30) | 0) >> 31`: exact outside the
 * guard band, where it matters, since |d| > 1e-5 ≫ 2^−30).
 */
import { SpinsnnError, type KernelChoice, type Rng } from '@spinsnn/core';
import { pbitArenaFor, type PbitArena } from './wasm.js';

/** Sparse symmetric couplings in compressed rows. */
export interface CouplingGraph {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float64Array;
}

/**
 * Builds a symmetric CSR graph from an undirected edge list: edge k joins i[k] and j[k] with
 * coupling w[k] (or w for all edges). Each undirected edge is given once.
 */
export function couplingGraph(n: number, i: ArrayLike<number>, j: ArrayLike<number>, w: ArrayLike<number> | number): CouplingGraph {
  const m = i.length;
  if (j.length !== m || (typeof w !== 'number' && w.length !== m)) {
    throw new RangeError(`couplingGraph: edge arrays differ in length (i ${m}, j ${j.length}, w ${typeof w === 'number' ? 'scalar' : w.length})`);
  }
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) {
    const a = i[k], b = j[k];
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a < n && b >= 0 && b < n)) {
      throw new RangeError(`couplingGraph: edge ${k} (${a}, ${b}) has an index outside 0..${n - 1}`);
    }
    if (a === b) throw new RangeError(`couplingGraph: edge ${k} is a self-loop on ${a}; p-bit couplings need a zero diagonal`);
    offsets[a + 1]++;
    offsets[b + 1]++;
  }
  for (let k = 0; k < n; k++) offsets[k + 1] += offsets[k];
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(offsets[n]);
  const weights = new Float64Array(offsets[n]);
  for (let k = 0; k < m; k++) {
    const a = i[k], b = j[k], wk = typeof w === 'number' ? w : w[k];
    targets[fill[a]] = b; weights[fill[a]++] = wk;
    targets[fill[b]] = a; weights[fill[b]++] = wk;
  }
  return { n, offsets, targets, weights };
}

/** Greedy proper colouring (largest degree first); returns colour per node and the class lists. */
export function greedyColouring(g: CouplingGraph): { colour: Int32Array; classes: Int32Array[] } {
  const { n, offsets, targets } = g;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => offsets[b + 1] - offsets[b] - (offsets[a + 1] - offsets[a]) || a - b);
  const colour = new Int32Array(n).fill(-1);
  const used = new Int32Array(n + 1).fill(-1);
  let nColours = 0;
  for (const i of order) {
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const c = colour[targets[k]];
      if (c >= 0) used[c] = i;
    }
    let c = 0;
    while (used[c] === i) c++;
    colour[i] = c;
    if (c + 1 > nColours) nColours = c + 1;
  }
  const counts = new Int32Array(nColours);
  for (let i = 0; i < n; i++) counts[colour[i]]++;
  const classes = Array.from({ length: nColours }, (_, c) => new Int32Array(counts[c]));
  counts.fill(0);
  for (let i = 0; i < n; i++) classes[colour[i]][counts[colour[i]]++] = i;
  return { colour, classes };
}

/** Tabulated σ(x) on [−SIGMOID_RANGE, SIGMOID_RANGE], SIGMOID_STEPS points per unit. */
const SIGMOID_RANGE = 20;
const SIGMOID_STEPS = 64;
/** Decisions closer than this to the tabulated σ are recomputed exactly. */
export const SIGMOID_GUARD = 1e-5;
const SIGMOID = (() => {
  const n = 2 * SIGMOID_RANGE * SIGMOID_STEPS + 2;
  const t = new Float64Array(n);
  for (let j = 0; j < n; j++) t[j] = 1 / (1 + Math.exp(-(j / SIGMOID_STEPS - SIGMOID_RANGE)));
  // interpolation error ≤ h²/8 · max|σ''| = 2.9e-6 for h = 1/64 (max|σ''| = 0.096), and σ(±20)
  // is 2e-9 from 0 or 1. Decisions are exact while the error stays below the guard; demand half
  // of it, for rounding headroom, and verify rather than trust the estimate.
  let worst = 0;
  for (let x = -SIGMOID_RANGE - 2; x <= SIGMOID_RANGE + 2; x += 1 / 1024 + 1e-7) worst = Math.max(worst, Math.abs(sigmoidTable(t, x) - 1 / (1 + Math.exp(-x))));
  if (!(worst < SIGMOID_GUARD / 2)) throw new Error(`p-bit sigmoid table error ${worst} exceeds its guard band`);
  return t;
})();

function sigmoidTable(t: Float64Array, x: number): number {
  let y = (x + SIGMOID_RANGE) * SIGMOID_STEPS;
  y = y < 0 ? 0 : y > t.length - 2 ? t.length - 2 : y;
  const j = y | 0;
  const a = t[j];
  return a + (y - j) * (t[j + 1] - a);
}

/**
 * The wasm sequential sweep computes both decisions of p-bit i for a neighbour updated at most
 * this many steps before it, so as not to wait for that neighbour's new state (assembly/pbit.ts).
 */
const SPEC_WINDOW = 4;

/** Options of a GibbsSampler. */
export interface GibbsOptions {
  /** 'auto' (default): the WebAssembly kernel where the engine runs it; 'wasm': demand it; 'js': the TypeScript reference. */
  kernel?: KernelChoice;
}

/** The wasm side of a sampler: the arena and the byte offsets of the arrays in it. */
interface GibbsWasm {
  arena: PbitArena;
  off: number; tgt: number; w: number; m: number; beta: number; bias: number; u: number; tab: number; order: number; spec: number;
  /** Int32 view of the chromatic order and the classes it was copied from. */
  orderView: Int32Array;
  orderOf: readonly Int32Array[] | null;
  orderLength: number;
}

/** Fields of a sampler: states and per-device gains/offsets (typed arrays, reused). */
export class GibbsSampler {
  /** Spins ±1. */
  readonly m: Int8Array;
  /** Per-p-bit gain β_i (already including the device spread). */
  readonly beta: Float64Array;
  /** Per-p-bit bias: h_i + offset_i. */
  readonly bias: Float64Array;
  /** The sweep implementation in use. */
  readonly kernel: 'wasm' | 'js';
  /** Uniform draws for one sweep, filled from the Rng in one call (cheaper than a call per update). */
  private readonly uniforms: Float64Array;
  private readonly wasm: GibbsWasm | null;
  /** Number of single-p-bit updates done. */
  updates = 0;
  /** Number of updates that changed a state. */
  flips = 0;

  /**
   * With the wasm kernel, m, beta, bias and copies of the graph's arrays live in the kernel's
   * memory: the graph is read at construction (later edits to its arrays are not seen by sweeps).
   */
  constructor(readonly graph: CouplingGraph, h: ArrayLike<number> | null, beta: number | Float64Array, private readonly rng: Rng, options: GibbsOptions = {}) {
    const n = graph.n;
    const edges = graph.offsets[n];
    const table = SIGMOID;
    const bytes = 8 * (3 * n + edges + table.length) + 4 * (3 * n + 1 + edges) + n + 16 * 10;
    const arena = n > 0 ? pbitArenaFor(options.kernel ?? 'auto', bytes) : null;
    if (arena) {
      const offsets = arena.i32(n + 1), targets = arena.i32(edges), weights = arena.f64(edges), tab = arena.f64(table.length);
      offsets.set(graph.offsets);
      targets.set(graph.targets.subarray(0, edges));
      weights.set(graph.weights.subarray(0, edges));
      tab.set(table);
      this.m = arena.i8(n);
      this.beta = arena.f64(n);
      this.bias = arena.f64(n);
      this.uniforms = arena.f64(n);
      const orderView = arena.i32(n);
      const spec = arena.i32(n);
      for (let i = 0; i < n; i++) {
        // the CSR entry of the most recently updated neighbour within SPEC_WINDOW steps (−1: none)
        let best = -1, bestJ = i - SPEC_WINDOW - 1;
        for (let k = offsets[i]; k < offsets[i + 1]; k++) {
          const j = targets[k];
          if (j < i && j > bestJ) { best = k; bestJ = j; }
        }
        spec[i] = best;
      }
      this.wasm = {
        arena, off: offsets.byteOffset, tgt: targets.byteOffset, w: weights.byteOffset, m: this.m.byteOffset, beta: this.beta.byteOffset,
        bias: this.bias.byteOffset, u: this.uniforms.byteOffset, tab: tab.byteOffset, order: orderView.byteOffset, spec: spec.byteOffset, orderView, orderOf: null, orderLength: 0,
      };
      this.kernel = 'wasm';
    } else {
      this.m = new Int8Array(n);
      this.beta = new Float64Array(n);
      this.bias = new Float64Array(n);
      this.uniforms = new Float64Array(n);
      this.wasm = null;
      this.kernel = 'js';
    }
    for (let i = 0; i < n; i++) this.m[i] = rng.uniform32() < 0.5 ? -1 : 1;
    if (typeof beta === 'number') this.beta.fill(beta);
    else {
      if (beta.length !== n) throw new SpinsnnError(`GibbsSampler: ${beta.length} gains for ${n} p-bits`);
      this.beta.set(beta);
    }
    if (h) {
      if (h.length !== n) throw new SpinsnnError(`GibbsSampler: ${h.length} fields h for ${n} p-bits`);
      for (let i = 0; i < n; i++) this.bias[i] = h[i];
    }
  }

  /** Sets every gain to β (annealing schedules call this between sweeps). */
  setBeta(beta: number): void {
    this.beta.fill(beta);
  }

  /** Updates p-bit i once. */
  update(i: number): void {
    const { offsets, targets, weights } = this.graph;
    const m = this.m;
    let u = this.bias[i];
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) u += weights[k] * m[targets[k]];
    const s = this.rng.uniform32() * (1 + Math.exp(-2 * this.beta[i] * u)) < 1 ? 1 : -1;
    if (s !== m[i]) {
      m[i] = s;
      this.flips++;
    }
    this.updates++;
  }

  /** `sweeps` sequential sweeps in index order. */
  sweepSequential(sweeps = 1): void {
    const w = this.wasm;
    if (!w) return this.sweepSequentialJs(sweeps);
    const n = this.graph.n, rng = this.rng, uniforms = this.uniforms, ex = w.arena.exports, top = SIGMOID.length - 2;
    let flips = 0;
    for (let s = 0; s < sweeps; s++) {
      rng.fillUniform32(uniforms);
      flips += ex.gibbsSweep(n, w.off, w.tgt, w.w, w.m, w.beta, w.bias, w.u, w.tab, top, w.spec);
    }
    this.flips += flips;
    this.updates += sweeps * n;
  }

  /** The TypeScript reference of `sweepSequential` (what the wasm kernel must match decision for decision). */
  sweepSequentialJs(sweeps = 1): void {
    const { n, offsets, targets, weights } = this.graph;
    const { m, beta, bias, rng, uniforms } = this;
    const table = SIGMOID, top = table.length - 2;
    let flips = 0;
    for (let s = 0; s < sweeps; s++) {
      rng.fillUniform32(uniforms);
      let k = 0;
      for (let i = 0; i < n; i++) {
        let u = bias[i];
        for (const e = offsets[i + 1]; k < e; k++) u += weights[k] * m[targets[k]];
        const x = 2 * beta[i] * u;
        const r = uniforms[i];
        let y = (x + SIGMOID_RANGE) * SIGMOID_STEPS;
        y = y < 0 ? 0 : y > top ? top : y;
        const j = y | 0;
        const a = table[j];
        const d = r - (a + (y - j) * (table[j + 1] - a));
        // r < σ(x): +1 iff d < 0, decided by the table unless r is within the guard band
        let v = -2 * (((d * 1073741824) | 0) >> 31) - 1;
        if (Math.abs(d) <= SIGMOID_GUARD) v = r * (1 + Math.exp(-x)) < 1 ? 1 : -1;
        flips += (1 - v * m[i]) >> 1;
        m[i] = v;
      }
    }
    this.flips += flips;
    this.updates += sweeps * n;
  }

  /** `sweeps` sweeps over the colour classes (a proper colouring, e.g. `greedyColouring`). */
  sweepChromatic(classes: readonly Int32Array[], sweeps = 1): void {
    const w = this.wasm;
    if (!w) return this.sweepChromaticJs(classes, sweeps);
    const n = this.graph.n;
    if (w.orderOf !== classes) {
      // the classes partition the p-bits: copy them once, class after class, as the kernel's order
      let len = 0;
      for (const cls of classes) {
        if (len + cls.length > n) throw new SpinsnnError(`GibbsSampler.sweepChromatic: the colour classes list more than the ${n} p-bits`);
        for (let c = 0; c < cls.length; c++) {
          const i = cls[c];
          if (!(i >= 0 && i < n)) throw new SpinsnnError(`GibbsSampler.sweepChromatic: p-bit ${i} outside 0..${n - 1}`);
          w.orderView[len++] = i;
        }
      }
      w.orderOf = classes;
      w.orderLength = len;
    }
    const rng = this.rng, uniforms = this.uniforms, ex = w.arena.exports, top = SIGMOID.length - 2, len = w.orderLength;
    let flips = 0;
    for (let s = 0; s < sweeps; s++) {
      rng.fillUniform32(uniforms);
      flips += ex.gibbsSweepOrdered(len, w.order, w.off, w.tgt, w.w, w.m, w.beta, w.bias, w.u, w.tab, top);
    }
    this.flips += flips;
    this.updates += sweeps * len;
  }

  /** The TypeScript reference of `sweepChromatic`. */
  sweepChromaticJs(classes: readonly Int32Array[], sweeps = 1): void {
    const { offsets, targets, weights } = this.graph;
    const { m, beta, bias, rng, uniforms } = this;
    const table = SIGMOID, top = table.length - 2;
    let flips = 0, updates = 0;
    for (let s = 0; s < sweeps; s++) {
      rng.fillUniform32(uniforms);
      let r = 0; // the colour classes partition the p-bits: one uniform each
      for (const cls of classes) {
        for (let c = 0; c < cls.length; c++) {
          const i = cls[c];
          let u = bias[i];
          for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) u += weights[k] * m[targets[k]];
          const x = 2 * beta[i] * u;
          const ru = uniforms[r++];
          let y = (x + SIGMOID_RANGE) * SIGMOID_STEPS;
          y = y < 0 ? 0 : y > top ? top : y;
          const j = y | 0;
          const a = table[j];
          const d = ru - (a + (y - j) * (table[j + 1] - a));
          let v = -2 * (((d * 1073741824) | 0) >> 31) - 1;
          if (Math.abs(d) <= SIGMOID_GUARD) v = ru * (1 + Math.exp(-x)) < 1 ? 1 : -1;
          flips += (1 - v * m[i]) >> 1;
          m[i] = v;
        }
        updates += cls.length;
      }
    }
    this.flips += flips;
    this.updates += updates;
  }

  /** Ising energy H(s) = −½ Σ_ij J_ij s_i s_j − Σ_i h_i s_i (h here includes offsets). */
  energy(): number {
    const { n, offsets, targets, weights } = this.graph;
    const m = this.m;
    let e = 0;
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let k = offsets[i]; k < offsets[i + 1]; k++) u += weights[k] * m[targets[k]];
      e -= 0.5 * m[i] * u + this.bias[i] * m[i];
    }
    return e;
  }
}
