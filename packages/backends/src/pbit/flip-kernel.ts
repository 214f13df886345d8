/**
 * The hot loop of the asynchronous p-bit group (telegraph.ts): the queue of pending flips and
 * the flips themselves, as a TypeScript reference and as a WebAssembly kernel
 * (assembly/telegraph.ts) that makes bit-identical flips, ~2× faster.
 *
 * A kernel owns the arrays a flip touches (states, fields, rate factors, pending times, edge
 * gains); the group reads and writes them between runs. `run(horizon, budget, latency)` flips
 * p-bits in time order while the next flip is before the horizon, and lists the flips into +1
 * for the group to fire afterwards: an up-flip at t may have effects from t + latency on (the
 * spike sink's latency: a projection's delay; Infinity when nothing but monitors listens), so it
 * lowers the horizon to that. With latency 0 a run stops right after each up-flip.
 */
import type { KernelChoice, Rng } from '@spinsnn/core';
import { BlockedQueue, plainArrays, type ArrayAllocator } from './block-queue.js';
import type { IsingModel } from './ising-model.js';
import { pbitArenaFor, type PbitArena, type PbitKernelExports } from './wasm.js';

export interface FlipKernel {
  readonly kind: 'js' | 'wasm';
  /** States ±1. */
  readonly m: Float64Array;
  /** Σ_j J_ij m_j + h_i + offset_i. */
  readonly field: Float64Array;
  /** e^(−m_i β_i u_i): flip rate / ν0. */
  readonly rateFactor: Float64Array;
  /** Pending flip time of each p-bit (s). Change with `update`, or fill and `rebuild`. */
  readonly tNext: Float64Array;
  /** Per edge k (i → j): e^(2 β_j w_k) at 2k, its inverse at 2k + 1 (the group fills them). */
  readonly edgeGains: Float64Array;
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

/** What both kernels share: the arrays (placed by `alloc`) and the queue of pending flips. */
abstract class FlipKernelBase {
  readonly m: Float64Array;
  readonly field: Float64Array;
  readonly rateFactor: Float64Array;
  readonly tNext: Float64Array;
  readonly edgeGains: Float64Array;
  readonly upItems: Int32Array;
  readonly upTimes: Float64Array;
  protected readonly queue: BlockedQueue;
  protected readonly offsets: Int32Array;
  protected readonly targets: Int32Array;
  protected readonly weights: Float64Array;

  constructor(
    readonly n: number,
    graph: IsingModel | null,
    protected readonly nu0: number,
    alloc: ArrayAllocator,
  ) {
    const edges = graph ? graph.rowPtr[n] : 0;
    this.queue = new BlockedQueue(n, alloc);
    this.tNext = this.queue.key.subarray(0, n);
    this.m = alloc.f64(n);
    this.rateFactor = alloc.f64(n);
    this.field = alloc.f64(n);
    this.offsets = alloc.i32(n + 1);
    this.targets = alloc.i32(Math.max(1, edges));
    this.weights = alloc.f64(Math.max(1, edges));
    this.edgeGains = alloc.f64(2 * edges);
    this.upItems = alloc.i32(FLIP_BATCH);
    this.upTimes = alloc.f64(FLIP_BATCH);
    if (graph) {
      this.offsets.set(graph.rowPtr);
      this.targets.set(graph.col);
      this.weights.set(graph.val);
    }
  }

  /** Bytes the arrays take (for sizing a WebAssembly memory; + 16 per array for alignment). */
  static bytes(n: number, edges: number): number {
    return BlockedQueue.bytes(n) + 8 * 3 * n + 4 * (n + 1) + (4 + 8 + 16) * Math.max(1, edges) + 12 * FLIP_BATCH + 9 * 16;
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
      mm = this.m,
      rate = this.rateFactor,
      field = this.field,
      gains = this.edgeGains;
    const { offsets, targets, weights, nu0, upItems, upTimes } = this;
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
      const m = -mm[i];
      mm[i] = m;
      const rf = 1 / rate[i]; // e^(−mβu) with m reversed
      rate[i] = rf;
      q.update(i, t - Math.log(rng.uniformPositive()) / (nu0 * rf));
      visits += offsets[i + 1] - offsets[i];
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        const j = targets[k];
        field[j] += 2 * weights[k] * m;
        // remaining time scales by rate_old/rate_new = e^(m_j β_j du), du = 2 w m: e^(±2 β_j w);
        // pick by index, not by a branch (m_j m is ±1 at random: a branch mispredicts half the time)
        const o = 2 * k + ((1 - mm[j] * m) >> 1);
        rate[j] *= gains[o ^ 1];
        q.update(j, t + (key[j] - t) * gains[o]);
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
  /** [time of the last flip, up-flips listed, neighbour updates], written by the kernel. */
  private readonly status: Float64Array;

  constructor(arena: PbitArena, n: number, graph: IsingModel | null, nu0: number) {
    super(n, graph, nu0, arena);
    this.x = arena.exports;
    this.rngWords = arena.i32(4);
    this.status = arena.f64(3);
    const q = this.queue,
      p = (a: ArrayBufferView) => a.byteOffset;
    this.x.tgInit(
      p(q.key),
      p(q.arg),
      q.leaves,
      p(q.treeKey),
      p(q.treeBlock),
      p(this.m),
      p(this.rateFactor),
      p(this.field),
      p(this.offsets),
      p(this.targets),
      p(this.weights),
      p(this.edgeGains),
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
