/**
 * The hot loop of the asynchronous p-bit group (telegraph.ts): the queue of pending flips and
 * the flips themselves, as a TypeScript reference and as a WebAssembly kernel
 * (assembly/telegraph.ts) that makes bit-identical flips.
 *
 * A kernel owns the arrays a flip touches; the group reads and writes them between runs.
 * `run(horizon, budget, latency)` flips p-bits in time order while the next flip is before the
 * horizon, and lists the flips into +1 for the group to fire afterwards: an up-flip at t may have
 * effects from t + latency on (the spike sink's latency: a projection's delay; Infinity when
 * nothing but monitors listens), so it lowers the horizon to that. With latency 0 a run stops
 * right after each up-flip.
 *
 * Layout (state interleaving, docs/physics.md §3.3): at 10^5 p-bits the arrays are far larger
 * than the L2 cache and a flip is a random access, so what costs is the number of distinct cache
 * lines and pages a flip touches. Everything of p-bit i that a flip reads or writes is one
 * 32-byte record `state[4i … 4i+3]` = [m, rate factor, field, (row start, row end) as two int32];
 * an edge is 8 bytes (target, class) and its coupling and gains live in a table of edge classes
 * (w, e^(2β_j w), e^(−2β_j w)) — two classes for ideal devices with ±J couplings, so the table
 * stays in L1; with device spread every edge is its own class. Pending flip times stay in the
 * blocked queue (a block's 16 keys are two cache lines for its scan).
 */
import type { KernelChoice, Rng } from '@spinsnn/core';
import { BlockedQueue, plainArrays, type ArrayAllocator } from './block-queue.js';
import type { IsingModel } from './ising-model.js';
import { pbitArenaFor, type PbitArena, type PbitKernelExports } from './wasm.js';

/** float64 per p-bit record of `FlipKernel.state`. */
export const STATE_STRIDE = 4;
/** Offsets in a record: state ±1, rate factor e^(−m β u) (flip rate / ν0), field Σ_j J_ij m_j + h_i + offset_i. */
export const REC_M = 0;
export const REC_RATE = 1;
export const REC_FIELD = 2;
/** Most shared edge classes (searched linearly); beyond, every edge is its own class. */
const MAX_SHARED_CLASSES = 16;

export interface FlipKernel {
  readonly kind: 'js' | 'wasm';
  /** Records of STRIDE float64 per p-bit: [m, rate factor, field, row bounds] (offsets REC_*). */
  readonly state: Float64Array;
  /** Pending flip time of each p-bit (s). Change with `update`, or fill and `rebuild`. */
  readonly tNext: Float64Array;
  /** Sets the edge factors from the per-device gains: per edge k (i → j) e^(±2 β_j w_k). */
  setEdgeGains(beta: ArrayLike<number>): void;
  /** Sets p-bit i's pending flip time. */
  update(i: number, t: number): void;
  /** Rebuilds the queue from `tNext`. */
  rebuild(): void;
  /** Earliest pending flip time (Infinity: none). */
  topKey(): number;
  /** The p-bit of that flip (the one a `run` of budget 1 flips). */
  topItem(): number;
  /** Flips while the next flip is before the horizon, at most `budget` (≤ FLIP_BATCH); an up-flip at t lowers the horizon to t + latency. Returns the number of flips. */
  run(horizon: number, budget: number, latency: number, rng: Rng): number;
  /** Time of the last flip of the last `run` (when it made any). */
  readonly lastTime: number;
  /** Number of up-flips the last `run` listed in `upItems` / `upTimes`, in time order. */
  readonly upCount: number;
  /** Neighbour updates (coupling visits) the last `run` made. */
  readonly visits: number;
  readonly upItems: Int32Array;
  readonly upTimes: Float64Array;
}

/** Most flips one `run` may make (the up-flip lists are this long). */
export const FLIP_BATCH = 4096;

/** A float64 array of n whose first element is 64-byte aligned (records never straddle a cache line). */
function alignedF64(alloc: ArrayAllocator, n: number): Float64Array {
  const a = alloc.f64(n + 8);
  const skip = ((64 - (a.byteOffset & 63)) & 63) >> 3;
  return a.subarray(skip, skip + n);
}

/** What both kernels share: the records, the edges (placed by `alloc`) and the queue of pending flips. */
abstract class FlipKernelBase {
  readonly state: Float64Array;
  /** The same records as int32: row start and end of p-bit i at 8i + 6, 8i + 7. */
  protected readonly state32: Int32Array;
  readonly tNext: Float64Array;
  readonly upItems: Int32Array;
  readonly upTimes: Float64Array;
  protected readonly queue: BlockedQueue;
  /** Per edge k: target at 2k, class at 2k + 1. */
  protected readonly edges: Int32Array;
  /** Per class c: [w, e^(2β_j w), e^(−2β_j w), 2β_j w (the class key)] at 4c. */
  protected readonly classes: Float64Array;
  protected readonly graph: IsingModel | null;

  constructor(
    readonly n: number,
    graph: IsingModel | null,
    protected readonly nu0: number,
    alloc: ArrayAllocator,
  ) {
    const e = graph ? graph.rowPtr[n] : 0;
    this.graph = graph;
    this.queue = new BlockedQueue(n, alloc);
    this.tNext = this.queue.key.subarray(0, n);
    this.state = alignedF64(alloc, STATE_STRIDE * n);
    this.state32 = new Int32Array(this.state.buffer, this.state.byteOffset, 2 * STATE_STRIDE * n);
    this.edges = alloc.i32(2 * Math.max(1, e));
    this.classes = alignedF64(alloc, 4 * Math.max(1, e));
    this.upItems = alloc.i32(FLIP_BATCH);
    this.upTimes = alloc.f64(FLIP_BATCH);
    for (let i = 0; i < n; i++) {
      this.state32[8 * i + 6] = graph ? graph.rowPtr[i] : 0;
      this.state32[8 * i + 7] = graph ? graph.rowPtr[i + 1] : 0;
    }
    if (graph) for (let k = 0; k < e; k++) this.edges[2 * k] = graph.col[k];
  }

  /** Bytes the arrays take (for sizing a WebAssembly memory; alignment slack included). */
  static bytes(n: number, edges: number): number {
    const e = Math.max(1, edges);
    return BlockedQueue.bytes(n) + 8 * (STATE_STRIDE * n + 8) + 8 * e + 8 * (4 * e + 8) + 12 * FLIP_BATCH + 8 * 16;
  }

  setEdgeGains(beta: ArrayLike<number>): void {
    if (this.graph && !this.sharedClasses(this.graph, beta)) this.perEdgeClasses(this.graph, beta);
  }

  /**
   * Edge classes by (w, 2β_j w), searched among at most MAX_SHARED_CLASSES; false (and nothing
   * usable written) when there are more. Each factor is Math.exp(2β_j w) and its inverse, as
   * with one exp per edge.
   */
  private sharedClasses(g: IsingModel, beta: ArrayLike<number>): boolean {
    const { edges, classes } = this;
    let count = 0,
      last = -1;
    for (let k = 0, m = g.rowPtr[g.n]; k < m; k++) {
      const w = g.val[k];
      const x = 2 * beta[g.col[k]] * w;
      let c = last >= 0 && classes[4 * last + 3] === x && classes[4 * last] === w ? last : -1;
      for (let q = 0; c < 0 && q < count; q++) if (classes[4 * q + 3] === x && classes[4 * q] === w) c = q;
      if (c < 0) {
        if (count === MAX_SHARED_CLASSES) return false;
        c = count++;
        const up = Math.exp(x);
        classes[4 * c] = w;
        classes[4 * c + 1] = up;
        classes[4 * c + 2] = 1 / up;
        classes[4 * c + 3] = x;
      }
      edges[2 * k + 1] = c;
      last = c;
    }
    return true;
  }

  /** Every edge its own class (device spread, or many distinct couplings). */
  private perEdgeClasses(g: IsingModel, beta: ArrayLike<number>): void {
    const { edges, classes } = this;
    // annealing calls this every β step: reuse the last exp while 2β_j w repeats
    let lastX = NaN,
      up = 1;
    for (let k = 0, m = g.rowPtr[g.n]; k < m; k++) {
      const w = g.val[k];
      const x = 2 * beta[g.col[k]] * w;
      if (x !== lastX) {
        lastX = x;
        up = Math.exp(x);
      }
      edges[2 * k + 1] = k;
      classes[4 * k] = w;
      classes[4 * k + 1] = up;
      classes[4 * k + 2] = 1 / up;
      classes[4 * k + 3] = x;
    }
  }

  update(i: number, t: number): void {
    this.queue.update(i, t);
  }

  rebuild(): void {
    this.queue.build();
  }

  topKey(): number {
    return this.queue.topKey();
  }

  topItem(): number {
    return this.queue.top(); // the wasm kernel's queue lives in these same arrays
  }
}

/** The TypeScript reference. */
export class JsFlipKernel extends FlipKernelBase implements FlipKernel {
  readonly kind = 'js';
  lastTime = 0;
  upCount = 0;
  visits = 0;

  constructor(n: number, graph: IsingModel | null, nu0: number) {
    super(n, graph, nu0, plainArrays);
  }

  run(horizon: number, budget: number, latency: number, rng: Rng): number {
    const q = this.queue,
      key = q.key,
      st = this.state,
      st32 = this.state32,
      edges = this.edges,
      cls = this.classes;
    const { nu0, upItems, upTimes } = this;
    let done = 0,
      ups = 0,
      visits = 0,
      h = horizon;
    while (done < budget) {
      const i = q.top();
      const t = key[i];
      if (!(t < h)) break;
      done++;
      this.lastTime = t;
      const ri = STATE_STRIDE * i;
      const m = -st[ri + REC_M];
      st[ri + REC_M] = m;
      const rf = 1 / st[ri + REC_RATE]; // e^(−mβu) with m reversed
      st[ri + REC_RATE] = rf;
      q.update(i, t - Math.log(rng.uniformPositive()) / (nu0 * rf));
      const k0 = st32[8 * i + 6],
        k1 = st32[8 * i + 7];
      visits += k1 - k0;
      for (let k = k0; k < k1; k++) {
        const j = edges[2 * k],
          c = 4 * edges[2 * k + 1];
        const rj = STATE_STRIDE * j;
        st[rj + REC_FIELD] += 2 * cls[c] * m;
        // remaining time scales by rate_old/rate_new = e^(m_j β_j du), du = 2 w m: e^(±2 β_j w);
        // pick by index, not by a branch (m_j m is ±1 at random: a branch mispredicts half the time)
        const b = (1 - st[rj + REC_M] * m) >> 1; // 1 where m_j and m differ
        st[rj + REC_RATE] *= cls[c + 2 - b];
        q.update(j, t + (key[j] - t) * cls[c + 1 + b]);
      }
      if (m > 0) {
        upItems[ups] = i;
        upTimes[ups++] = t;
        const reach = t + latency; // its spike may act from here on: stop before
        if (reach < h) h = reach;
      }
    }
    this.upCount = ups;
    this.visits = visits;
    return done;
  }
}

/** The WebAssembly kernel: the same flips as JsFlipKernel, with its arrays in the kernel's memory. */
export class WasmFlipKernel extends FlipKernelBase implements FlipKernel {
  readonly kind = 'wasm';
  private readonly x: PbitKernelExports;
  private readonly rngWords: Int32Array;
  /** [time of the last flip, up-flips listed, neighbour updates, (bits of the prefetch touches)], written by the kernel. */
  private readonly status: Float64Array;

  constructor(arena: PbitArena, n: number, graph: IsingModel | null, nu0: number) {
    super(n, graph, nu0, arena);
    this.x = arena.exports;
    this.rngWords = arena.i32(4);
    this.status = arena.f64(4);
    const q = this.queue,
      p = (a: ArrayBufferView) => a.byteOffset;
    this.x.tgInit(
      p(q.key),
      p(q.arg),
      q.leaves,
      p(q.treeKey),
      p(q.treeBlock),
      p(this.state),
      p(this.edges),
      p(this.classes),
      p(this.rngWords),
      p(this.upItems),
      p(this.upTimes),
      p(this.status),
      nu0,
    );
  }

  get lastTime(): number {
    return this.status[0];
  }

  get upCount(): number {
    return this.status[1];
  }

  get visits(): number {
    return this.status[2];
  }

  run(horizon: number, budget: number, latency: number, rng: Rng): number {
    rng.saveWords(this.rngWords); // the kernel continues the group's stream, and hands it back
    const done = this.x.runFlips(horizon, budget, latency);
    rng.loadWords(this.rngWords);
    return done;
  }
}

/** The WebAssembly kernel where `choice` allows it and the engine runs it, else the TypeScript one ('wasm' then throws). */
export function createFlipKernel(choice: KernelChoice, n: number, graph: IsingModel | null, nu0: number): FlipKernel {
  const edges = graph ? graph.rowPtr[n] : 0;
  const arena: PbitArena | null = pbitArenaFor(choice, FlipKernelBase.bytes(n, edges) + 16 + 16);
  return arena ? new WasmFlipKernel(arena, n, graph, nu0) : new JsFlipKernel(n, graph, nu0);
}
