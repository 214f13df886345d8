/**
 * Discrete-time Gibbs sampling with p-bits on an Ising model (docs/physics.md §3.2–3.3): the one
 * Gibbs sampler of spinsnn (learning's PbitMachine runs its sweeps here).
 *
 * The model is symmetric CSR (ising-model.ts): the neighbours of p-bit i are
 * `col[rowPtr[i] .. rowPtr[i+1])` with couplings `val[...]`, so the samples follow
 * P(s) ∝ exp(−β H(s)), H = −½ Σ J_ij s_i s_j − Σ (h_i + offset_i) s_i.
 *
 * - `sweepSequential` updates p-bits one at a time in index order, always using the latest
 *   neighbour states: an exact Gibbs sampler.
 * - `sweepChromatic` updates the colour classes of a proper colouring in turn; p-bits of one
 *   colour share no edge, so updating them "at once" is the same as one after the other.
 * - `sweepOrdered` updates any list of p-bits in its order (e.g. the free ones when some are clamped).
 * - `sweepIncremental` updates a list too, but keeps the coupling sums c_i = Σ_j J_ij m_j up to
 *   date on each flip instead of summing row i at each update: O(1) per update that does not flip,
 *   which is what annealing spends most updates on (learning's PbitMachine uses it). Same decision
 *   rule at u = bias_i + c_i, one uniform drawn per update; on integer models c_i is exact, so
 *   for an order of all n p-bits its chain is the same as `sweepOrdered`'s for the same seed.
 * - `sweepThreshold` is `sweepIncremental` for ideal p-bits at one β on an integer model (small
 *   fields): the flip probability 1/(1 + e^(2β m f)) depends on the integer m_i·f_i only, so it is
 *   a 2^32-scaled threshold from a table, compared with the raw 32-bit draw, and a threshold of 0
 *   (probability < 2^−33) skips the draw: the cold end of an anneal costs a few loads per update.
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
import { InternalError, SpecError, type KernelChoice, type Rng } from '@spinsnn/core';
import type { IsingModel } from './ising-model.js';
import { pbitArenaFor, type PbitArena } from './wasm.js';

/** Tabulated σ(x) on [−SIGMOID_RANGE, SIGMOID_RANGE], SIGMOID_STEPS points per unit. */
const SIGMOID_RANGE = 20;
const SIGMOID_STEPS = 64;
/** `sweepThreshold` takes integer models whose |local field| stays below this (its table has 2·maxField + 1 entries). */
export const MAX_THRESHOLD_FIELD = 1 << 14;
/** Decisions closer than this to the tabulated σ are recomputed exactly. */
export const SIGMOID_GUARD = 1e-5;
/**
 * Beyond |x| = 23 a p-bit in state sgn(x) stays for every 32-bit uniform r = k·2^−32 but r = 0:
 * r·(1 + e^−|x|) < 1 holds for r ≤ 1 − 2^−32 since e^−23 = 1.0e−10 < 2^−32 = 2.3e−10 (with a
 * margin ~10^6 times the rounding), and r < σ(−|x|) ≤ 1.0e−10 only for r = 0.
 */
const SURE_X = 23;
const TWO_POW_32 = 4294967296;
const TWO_POW_32_INV = 1 / TWO_POW_32;
const SIGMOID = (() => {
  const n = 2 * SIGMOID_RANGE * SIGMOID_STEPS + 2;
  const t = new Float64Array(n);
  for (let j = 0; j < n; j++) t[j] = 1 / (1 + Math.exp(-(j / SIGMOID_STEPS - SIGMOID_RANGE)));
  // interpolation error ≤ h²/8 · max|σ''| = 2.9e-6 for h = 1/64 (max|σ''| = 0.096), and σ(±20)
  // is 2e-9 from 0 or 1. Decisions are exact while the error stays below the guard; demand half
  // of it, for rounding headroom, and verify rather than trust the estimate.
  let worst = 0;
  for (let x = -SIGMOID_RANGE - 2; x <= SIGMOID_RANGE + 2; x += 1 / 1024 + 1e-7) worst = Math.max(worst, Math.abs(sigmoidTable(t, x) - 1 / (1 + Math.exp(-x))));
  if (!(worst < SIGMOID_GUARD / 2)) throw new InternalError(`p-bit sigmoid table error ${worst} exceeds its guard band`);
  return t;
})();

/**
 * The p-bit decision of every TS sweep (the wasm kernels' tableGap + select): +1 iff r < σ(x),
 * decided by the table unless r is within the guard band of it, then by the exact rule.
 */
function decide(x: number, r: number, table: Float64Array, top: number): number {
  let y = (x + SIGMOID_RANGE) * SIGMOID_STEPS;
  y = y < 0 ? 0 : y > top ? top : y;
  const j = y | 0;
  const a = table[j];
  const d = r - (a + (y - j) * (table[j + 1] - a));
  // the sign of d without a compare (see the header)
  const v = -2 * (((d * 1073741824) | 0) >> 31) - 1;
  return Math.abs(d) <= SIGMOID_GUARD ? (r * (1 + Math.exp(-x)) < 1 ? 1 : -1) : v;
}

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
  off: number;
  tgt: number;
  w: number;
  m: number;
  beta: number;
  bias: number;
  u: number;
  tab: number;
  order: number;
  spec: number;
  h: number;
  c: number;
  status: Float64Array;
  rngWords: Int32Array;
  /** Threshold table of `sweepThreshold` in the arena (allocated on first use). */
  thr: Float64Array | null;
  /** Int32 view of the kernel's copy of the last order swept. */
  orderView: Int32Array;
}

/**
 * Spins, per-device gains and biases of n p-bits on a model, and the sweeps over them.
 * `m`, `beta` and `bias` may be written between sweeps (e.g. clamping, annealing, device offsets).
 */
export class GibbsSampler {
  /** Spins ±1. */
  readonly m: Int8Array;
  /** Per-p-bit gain β_i (already including the device spread). */
  readonly beta: Float64Array;
  /** Per-p-bit bias: h_i + offset_i (starts as the model's h). */
  readonly bias: Float64Array;
  /** c_i = Σ_j J_ij m_j, current after `sweepIncremental` and `flip` (read it through `couplingSums()`). */
  private readonly coupled: Float64Array;
  private coupledCurrent = false;
  /** The sweep implementation in use. */
  readonly kernel: 'wasm' | 'js';
  /** Uniform draws for one sweep, filled from the Rng in one call (cheaper than a call per update). */
  private readonly uniforms: Float64Array;
  private readonly wasm: GibbsWasm | null;
  /** The order the kernel holds (by identity) and its class list, so repeated sweeps copy nothing. */
  private orderOf: Int32Array | null = null;
  private classesOf: readonly Int32Array[] | null = null;
  private classOrder: Int32Array | null = null;
  /** Number of single-p-bit updates done. */
  updates = 0;
  /** Number of updates that changed a state. */
  flips = 0;
  /** Neighbour coupling sums adjusted after flips (`sweepIncremental`, `flip`). */
  sumUpdates = 0;

  /**
   * With the wasm kernel, m, beta, bias and copies of the model's CSR arrays live in the kernel's
   * memory: the couplings are read at construction (later edits to them are not seen by sweeps).
   */
  constructor(
    readonly model: IsingModel,
    beta: number | Float64Array,
    private readonly rng: Rng,
    options: GibbsOptions = {},
  ) {
    const n = model.n;
    const edges = model.rowPtr[n];
    const table = SIGMOID;
    const thrLength = model.integral && model.maxField <= MAX_THRESHOLD_FIELD ? 2 * model.maxField + 1 : 0;
    const bytes = 8 * (5 * n + edges + table.length + 2 + thrLength) + 4 * (3 * n + 5 + edges) + n + 16 * 15;
    const arena = n > 0 ? pbitArenaFor(options.kernel ?? 'auto', bytes) : null;
    if (arena) {
      const offsets = arena.i32(n + 1),
        targets = arena.i32(edges),
        weights = arena.f64(edges),
        tab = arena.f64(table.length);
      offsets.set(model.rowPtr);
      targets.set(model.col.subarray(0, edges));
      weights.set(model.val.subarray(0, edges));
      tab.set(table);
      this.m = arena.i8(n);
      this.beta = arena.f64(n);
      this.bias = arena.f64(n);
      this.uniforms = arena.f64(n);
      const orderView = arena.i32(n);
      const spec = arena.i32(n);
      const h = arena.f64(n);
      h.set(model.h);
      this.coupled = arena.f64(n);
      const status = arena.f64(2);
      const rngWords = arena.i32(4);
      const thr = thrLength > 0 ? arena.f64(thrLength) : null;
      for (let i = 0; i < n; i++) {
        // the CSR entry of the most recently updated neighbour within SPEC_WINDOW steps (−1: none)
        let best = -1,
          bestJ = i - SPEC_WINDOW - 1;
        for (let k = offsets[i]; k < offsets[i + 1]; k++) {
          const j = targets[k];
          if (j < i && j > bestJ) {
            best = k;
            bestJ = j;
          }
        }
        spec[i] = best;
      }
      this.wasm = {
        arena,
        off: offsets.byteOffset,
        tgt: targets.byteOffset,
        w: weights.byteOffset,
        m: this.m.byteOffset,
        beta: this.beta.byteOffset,
        bias: this.bias.byteOffset,
        u: this.uniforms.byteOffset,
        tab: tab.byteOffset,
        order: orderView.byteOffset,
        spec: spec.byteOffset,
        orderView,
        h: h.byteOffset,
        c: this.coupled.byteOffset,
        status,
        rngWords,
        thr,
      };
      this.kernel = 'wasm';
    } else {
      this.m = new Int8Array(n);
      this.beta = new Float64Array(n);
      this.bias = new Float64Array(n);
      this.uniforms = new Float64Array(n);
      this.coupled = new Float64Array(n);
      this.wasm = null;
      this.kernel = 'js';
    }
    for (let i = 0; i < n; i++) this.m[i] = rng.uniform32() < 0.5 ? -1 : 1;
    if (typeof beta === 'number') this.beta.fill(beta);
    else {
      if (beta.length !== n) throw new SpecError('GibbsSampler.beta', `${n} gains (one per p-bit)`, beta.length);
      this.beta.set(beta);
    }
    this.bias.set(model.h);
  }

  /** Sets every gain to β (annealing schedules call this between sweeps). */
  setBeta(beta: number): void {
    this.beta.fill(beta);
  }

  /** Updates p-bit i once (the plain exp-based rule the table decisions reproduce). */
  update(i: number): void {
    const { rowPtr, col, val } = this.model;
    const m = this.m;
    let u = this.bias[i];
    for (let k = rowPtr[i], e = rowPtr[i + 1]; k < e; k++) u += val[k] * m[col[k]];
    const s = this.rng.uniform32() * (1 + Math.exp(-2 * this.beta[i] * u)) < 1 ? 1 : -1;
    if (s !== m[i]) {
      m[i] = s;
      this.flips++;
      this.coupledCurrent = false;
    }
    this.updates++;
  }

  /** `sweeps` sequential sweeps in index order. */
  sweepSequential(sweeps = 1): void {
    const w = this.wasm;
    if (!w) return this.sweepSequentialJs(sweeps);
    const n = this.model.n,
      rng = this.rng,
      uniforms = this.uniforms,
      ex = w.arena.exports,
      top = SIGMOID.length - 2;
    let flips = 0;
    for (let s = 0; s < sweeps; s++) {
      rng.fillUniform32(uniforms);
      flips += ex.gibbsSweep(n, w.off, w.tgt, w.w, w.m, w.beta, w.bias, w.u, w.tab, top, w.spec);
    }
    this.flips += flips;
    this.coupledCurrent = false; // these sweeps do not keep the coupling sums
    this.updates += sweeps * n;
  }

  /** The TypeScript reference of `sweepSequential` (what the wasm kernel must match decision for decision). */
  sweepSequentialJs(sweeps = 1): void {
    const { n, rowPtr, col, val } = this.model;
    const { m, beta, bias, rng, uniforms } = this;
    const table = SIGMOID,
      top = table.length - 2;
    let flips = 0;
    for (let s = 0; s < sweeps; s++) {
      rng.fillUniform32(uniforms);
      let k = 0;
      for (let i = 0; i < n; i++) {
        let u = bias[i];
        for (const e = rowPtr[i + 1]; k < e; k++) u += val[k] * m[col[k]];
        const v = decide(2 * beta[i] * u, uniforms[i], table, top);
        flips += (1 - v * m[i]) >> 1;
        m[i] = v;
      }
    }
    this.flips += flips;
    this.coupledCurrent = false; // these sweeps do not keep the coupling sums
    this.updates += sweeps * n;
  }

  /** `sweeps` sweeps over the colour classes of a proper colouring (learning's `dsatur`), class after class. */
  sweepChromatic(classes: readonly Int32Array[], sweeps = 1): void {
    this.sweepOrdered(this.flatten(classes), sweeps);
  }

  /** The TypeScript reference of `sweepChromatic`. */
  sweepChromaticJs(classes: readonly Int32Array[], sweeps = 1): void {
    this.sweepOrderedJs(this.flatten(classes), sweeps);
  }

  /**
   * `sweeps` sweeps updating the p-bits of `order` (distinct indices) in that order, each with
   * the latest neighbour states. Sweep k draws n uniforms and the c-th listed p-bit uses the c-th.
   */
  sweepOrdered(order: Int32Array, sweeps = 1): void {
    const w = this.wasm;
    if (!w) return this.sweepOrderedJs(order, sweeps);
    this.useOrder(order);
    const rng = this.rng,
      uniforms = this.uniforms,
      ex = w.arena.exports,
      top = SIGMOID.length - 2,
      len = order.length;
    let flips = 0;
    for (let s = 0; s < sweeps; s++) {
      rng.fillUniform32(uniforms);
      flips += ex.gibbsSweepOrdered(len, w.order, w.off, w.tgt, w.w, w.m, w.beta, w.bias, w.u, w.tab, top);
    }
    this.flips += flips;
    this.coupledCurrent = false; // these sweeps do not keep the coupling sums
    this.updates += sweeps * len;
  }

  /** The TypeScript reference of `sweepOrdered`. */
  sweepOrderedJs(order: Int32Array, sweeps = 1): void {
    this.useOrder(order);
    const { rowPtr, col, val } = this.model;
    const { m, beta, bias, rng, uniforms } = this;
    const table = SIGMOID,
      top = table.length - 2,
      len = order.length;
    let flips = 0;
    for (let s = 0; s < sweeps; s++) {
      rng.fillUniform32(uniforms);
      for (let c = 0; c < len; c++) {
        const i = order[c];
        let u = bias[i];
        for (let k = rowPtr[i], e = rowPtr[i + 1]; k < e; k++) u += val[k] * m[col[k]];
        const v = decide(2 * beta[i] * u, uniforms[c], table, top);
        flips += (1 - v * m[i]) >> 1;
        m[i] = v;
      }
    }
    this.flips += flips;
    this.coupledCurrent = false; // these sweeps do not keep the coupling sums
    this.updates += sweeps * len;
  }

  /**
   * `sweeps` sweeps over `order` with incremental coupling sums (see the header); returns the
   * change of the model energy −½ Σ J m m − Σ h m they made (device offsets excluded).
   */
  sweepIncremental(order: Int32Array, sweeps = 1): number {
    const w = this.wasm;
    if (!w) return this.sweepIncrementalJs(order, sweeps);
    const ex = w.arena.exports,
      top = SIGMOID.length - 2;
    return this.runKept(w, order, sweeps, (len, rngP) =>
      ex.gibbsSweepIncremental(len, w.order, w.off, w.tgt, w.w, w.m, w.beta, w.bias, w.h, w.c, rngP, w.tab, top, w.status.byteOffset),
    );
  }

  /** The TypeScript reference of `sweepIncremental`. */
  sweepIncrementalJs(order: Int32Array, sweeps = 1): number {
    this.useOrder(order);
    const c = this.couplingSums();
    const { m, beta, bias, rng } = this;
    const table = SIGMOID,
      top = table.length - 2,
      len = order.length;
    let flips = 0,
      dE = 0;
    for (let s = 0; s < sweeps; s++) {
      let dS = 0; // per sweep, as the kernel returns it
      for (let k = 0; k < len; k++) {
        const i = order[k];
        const x = 2 * beta[i] * (bias[i] + c[i]);
        const bits = rng.nextUint32(); // one draw per update, in order (the kernel draws the same)
        const old = m[i];
        // sure to stay: P(leave) < 2^-32 at |x| ≥ 23, so only r = 0 (bits 0) can move a p-bit out of −1
        if (old * x >= SURE_X && (old > 0 || bits !== 0)) continue;
        if (decide(x, bits * TWO_POW_32_INV, table, top) === old) continue;
        flips++;
        dS += this.flip(i);
      }
      dE += dS;
    }
    this.flips += flips;
    this.updates += sweeps * len;
    return dE;
  }

  private thrJs: Float64Array | null = null;
  private thrBeta = NaN;

  /** The threshold table at β: entry x + maxField is round(2^32 / (1 + e^(2βx))), x = m·f. */
  private thresholds(beta: number): Float64Array {
    const model = this.model;
    if (!model.integral || model.maxField > MAX_THRESHOLD_FIELD) {
      throw new SpecError(
        'GibbsSampler.sweepThreshold',
        `an integer model with max |field| ≤ ${MAX_THRESHOLD_FIELD}`,
        model.integral ? `max |field| ${model.maxField}` : 'non-integer couplings or fields',
      );
    }
    if (!(beta >= 0) || !Number.isFinite(beta)) throw new SpecError('GibbsSampler.sweepThreshold β', 'a finite number ≥ 0', beta);
    const half = model.maxField;
    const t = this.wasm?.thr ?? (this.thrJs ??= new Float64Array(2 * half + 1));
    if (beta !== this.thrBeta) {
      for (let x = -half; x <= half; x++) t[x + half] = Math.round(TWO_POW_32 / (1 + Math.exp(2 * beta * x)));
      this.thrBeta = beta;
    }
    return t;
  }

  /**
   * `sweeps` incremental sweeps over `order` of ideal p-bits at gain β (every β_i = β and bias = h
   * are assumed, not read) on an integer model, with the threshold table (see the header); returns
   * the model energy change.
   */
  sweepThreshold(order: Int32Array, beta: number, sweeps = 1): number {
    const w = this.wasm;
    if (!w) return this.sweepThresholdJs(order, beta, sweeps);
    const thr = this.thresholds(beta).byteOffset,
      ex = w.arena.exports,
      half = this.model.maxField;
    return this.runKept(w, order, sweeps, (len, rngP) =>
      ex.gibbsSweepThreshold(len, w.order, w.off, w.tgt, w.w, w.m, w.h, w.c, rngP, thr, half, w.status.byteOffset),
    );
  }

  /** The TypeScript reference of `sweepThreshold`. */
  sweepThresholdJs(order: Int32Array, beta: number, sweeps = 1): number {
    const thr = this.thresholds(beta);
    this.useOrder(order);
    const c = this.couplingSums();
    const { h, maxField: half } = this.model;
    const { m, rng } = this;
    const len = order.length;
    let flips = 0,
      dE = 0;
    for (let s = 0; s < sweeps; s++) {
      let dS = 0;
      for (let k = 0; k < len; k++) {
        const i = order[k];
        const t = thr[m[i] * (c[i] + h[i]) + half];
        if (t === 0 || rng.nextUint32() >= t) continue; // a threshold of 0 draws nothing (the kernel skips it too)
        flips++;
        dS += this.flip(i);
      }
      dE += dS;
    }
    this.flips += flips;
    this.updates += sweeps * len;
    return dE;
  }

  /** The wasm side of the sweeps that keep coupling sums: `sweep(len, rngP)` runs one, continuing the sampler's stream. */
  private runKept(w: GibbsWasm, order: Int32Array, sweeps: number, sweep: (len: number, rngP: number) => number): number {
    this.useOrder(order);
    this.couplingSums();
    const rng = this.rng,
      len = order.length;
    let flips = 0,
      dE = 0,
      visits = 0;
    rng.saveWords(w.rngWords); // the kernel draws from the sampler's generator, and hands it back
    for (let s = 0; s < sweeps; s++) {
      flips += sweep(len, w.rngWords.byteOffset);
      dE += w.status[0];
      visits += w.status[1];
    }
    rng.loadWords(w.rngWords);
    this.flips += flips;
    this.sumUpdates += visits;
    this.updates += sweeps * len;
    return dE;
  }

  /** c_i = Σ_j J_ij m_j for every p-bit (recomputed if the state changed since they were kept). */
  couplingSums(): Float64Array {
    if (!this.coupledCurrent) {
      const { n, rowPtr, col, val } = this.model;
      const m = this.m,
        c = this.coupled;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) s += val[k] * m[col[k]];
        c[i] = s;
      }
      this.coupledCurrent = true;
    }
    return this.coupled;
  }

  /** Call after writing `m` directly (the coupling sums are then recomputed when next needed). */
  stateChanged(): void {
    this.coupledCurrent = false;
  }

  /** Flips p-bit i deterministically (a cluster move), keeping the coupling sums; returns the model energy change. */
  flip(i: number): number {
    const c = this.couplingSums();
    const { rowPtr, col, val, h } = this.model;
    const old = this.m[i];
    const v = -old;
    this.m[i] = v;
    const dm = 2 * v;
    for (let e = rowPtr[i], end = rowPtr[i + 1]; e < end; e++) c[col[e]] += dm * val[e];
    this.sumUpdates += rowPtr[i + 1] - rowPtr[i];
    return 2 * old * (c[i] + h[i]);
  }

  /** Ising energy H(s) = −½ Σ_ij J_ij s_i s_j − Σ_i bias_i s_i (bias includes device offsets; no model constant). */
  energy(): number {
    const { n, rowPtr, col, val } = this.model;
    const m = this.m;
    let e = 0;
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) u += val[k] * m[col[k]];
      e -= 0.5 * m[i] * u + this.bias[i] * m[i];
    }
    return e;
  }

  /** The classes concatenated (cached by identity: the kernel keeps its copy of the last order). */
  private flatten(classes: readonly Int32Array[]): Int32Array {
    if (this.classesOf === classes && this.classOrder) return this.classOrder;
    let len = 0;
    for (const cls of classes) len += cls.length;
    const order = new Int32Array(len);
    len = 0;
    for (const cls of classes) {
      order.set(cls, len);
      len += cls.length;
    }
    this.classesOf = classes;
    this.classOrder = order;
    return order;
  }

  /** Checks a new order and gives the kernel its copy (once per order, by identity). */
  private useOrder(order: Int32Array): void {
    if (this.orderOf === order) return;
    this.checkOrder(order);
    this.wasm?.orderView.set(order);
    this.orderOf = order;
  }

  /** An order lists each p-bit at most once (the uniforms and the kernel's copy hold n). */
  private checkOrder(order: Int32Array): void {
    const n = this.model.n;
    if (order.length > n) throw new SpecError('GibbsSampler order', `at most the ${n} p-bits, each once`, `${order.length} entries`);
    const seen = new Uint8Array(n);
    for (let c = 0; c < order.length; c++) {
      const i = order[c];
      if (!(i >= 0 && i < n) || seen[i]) throw new SpecError(`GibbsSampler order[${c}]`, `a p-bit in 0..${n - 1} not listed before`, i);
      seen[i] = 1;
    }
  }
}
