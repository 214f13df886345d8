import type { Csr } from './connectivity.js';
import type { LedgerCounter } from './ledger.js';
import type { Population, SpikeListener } from './population.js';
import type { Simulator } from './simulator.js';
import type { SynapseStore } from './synapses.js';
import type { EventDrivenNeuronGroup } from './neurons/types.js';
import type { PlasticityRule } from './plasticity.js';
import { InternalError, SimulationError, SpecError } from './errors.js';
import { stateNumber, type StateRecord } from './state.js';

/** Synapses by target: those of target j are synapse[colPtr[j] .. colPtr[j+1]−1] (CSR indices). */
export interface IncomingIndex {
  readonly colPtr: Int32Array;
  readonly synapse: Int32Array;
  /** Source neuron of each entry, aligned with `synapse`. */
  readonly pre: Int32Array;
}

const BATCH_DELIVERY = 0;
const CLASS_DELIVERY = 1;

/**
 * Synapses from one population to a receptor of another, stored by source row (CSR).
 *
 * Delays: with one delay for the whole projection (the common case) the spikes of a source
 * population that arrive at the same instant share one queue event — a batch in a FIFO ring —
 * so a zero-delay projection costs one event per step, whatever the spike count. With
 * per-synapse delays each row is sorted by delay and a spike schedules one event per distinct
 * delay in its row (a delay class), never one per synapse.
 *
 * Delivery: into a clock-driven target the synapse weights are added to its input buffer
 * (ge[j] += w); into an event-driven target each synapse calls receive(), which advances that
 * neuron to now and may make it spike.
 */
export class Projection implements SpikeListener {
  readonly rowPtr: Int32Array;
  readonly post: Int32Array;
  readonly size: number;
  /** Scalar weight used when the projection has no per-synapse weights (constant, non-plastic). */
  readonly scalarWeight: number;
  readonly store: SynapseStore | null;
  readonly uniformDelay: number;
  /** Per-synapse delays, sorted within each row (null when uniform). */
  readonly delays: Float64Array | null;
  /** The smallest per-synapse delay (NaN until `latency` first computes it). */
  private minDelay = NaN;
  plasticity: PlasticityRule | null = null;
  private incomingIndex: IncomingIndex | null = null;
  private readonly classStart: Int32Array | null;
  private readonly classEnd: Int32Array | null;
  private readonly rowClassPtr: Int32Array | null;
  private readonly buffer: Float64Array | null;
  /** The target when it is event-driven (receive per synapse); null when it has input buffers. */
  private readonly eventTarget: EventDrivenNeuronGroup | null;
  private handler = -1;
  private sim!: Simulator;
  private events!: LedgerCounter;
  // FIFO of pending spike batches (uniform delay): sources in a ring, one end index per batch
  private fifo: Int32Array<ArrayBuffer> = new Int32Array(256);
  private fifoHead = 0;
  private fifoTail = 0;
  private batchEnds: Int32Array<ArrayBuffer> = new Int32Array(64);
  private batchHead = 0;
  private batchTail = 0;
  private openBatchTime = NaN;

  constructor(
    readonly name: string,
    readonly source: Population,
    readonly target: Population,
    readonly receptor: number,
    csr: Csr,
    weights: { scalar: number } | { store: SynapseStore },
    delays: { uniform: number } | { perSynapse: Float64Array },
    private readonly batching = true,
  ) {
    this.rowPtr = csr.rowPtr;
    this.post = csr.post;
    this.size = csr.post.length;
    const group = target.group;
    if (!group) throw new InternalError(`projection ${name}: target ${target.name} is not a neuron population (the spec validator should have refused it)`);
    this.buffer = group.integration === 'clock' ? group.inputBuffer(receptor) : null;
    this.eventTarget = group.integration === 'event' ? group : null;
    if ('store' in weights) {
      this.store = weights.store;
      this.scalarWeight = NaN;
    } else {
      this.store = null;
      this.scalarWeight = weights.scalar;
    }
    if ('uniform' in delays) {
      this.uniformDelay = delays.uniform;
      this.delays = null;
      this.classStart = this.classEnd = this.rowClassPtr = null;
    } else {
      this.uniformDelay = NaN;
      this.delays = delays.perSynapse;
      const cls = delayClasses(csr.rowPtr, delays.perSynapse);
      this.classStart = cls.start;
      this.classEnd = cls.end;
      this.rowClassPtr = cls.rowClassPtr;
    }
  }

  /**
   * Attaches a plasticity rule: it hears every delivery of this projection and every spike of
   * its target population. Needs per-synapse weights (a synapse store), not a scalar weight.
   */
  setPlasticity(rule: PlasticityRule): void {
    if (!this.store) {
      throw new SimulationError(
        `projection ${this.name}: a plastic projection needs per-synapse weights — give the spec a weight list or distribution, or a synapse device`,
      );
    }
    if (this.plasticity) throw new SimulationError(`projection ${this.name} already has a plasticity rule`);
    this.plasticity = rule;
    this.target.addListener({ onSpike: (j, t) => rule.onPost(this, j, t) });
  }

  /** The transposed index (synapses by target), built on first use. */
  incoming(): IncomingIndex {
    if (this.incomingIndex) return this.incomingIndex;
    const nPost = this.target.size;
    const colPtr = new Int32Array(nPost + 1);
    for (let s = 0; s < this.size; s++) colPtr[this.post[s] + 1]++;
    for (let j = 0; j < nPost; j++) colPtr[j + 1] += colPtr[j];
    const fill = colPtr.slice(0, nPost);
    const synapse = new Int32Array(this.size);
    const pre = new Int32Array(this.size);
    for (let i = 0; i + 1 < this.rowPtr.length; i++) {
      for (let s = this.rowPtr[i]; s < this.rowPtr[i + 1]; s++) {
        const at = fill[this.post[s]]++;
        synapse[at] = s;
        pre[at] = i;
      }
    }
    this.incomingIndex = { colPtr, synapse, pre };
    return this.incomingIndex;
  }

  /** Weight of synapse s as delivered (without read noise). */
  weight(s: number): number {
    return this.store ? this.store.weights[s] : this.scalarWeight;
  }

  attach(sim: Simulator, events: LedgerCounter): void {
    this.sim = sim;
    this.events = events;
    this.handler = sim.register(this);
  }

  /** A spike at t is delivered no earlier than t + the smallest delay. */
  latency(): number {
    if (this.delays === null) return this.uniformDelay;
    if (Number.isNaN(this.minDelay)) {
      let d = Infinity;
      for (let s = 0; s < this.delays.length; s++) if (this.delays[s] < d) d = this.delays[s];
      this.minDelay = d;
    }
    return this.minDelay;
  }

  onSpike(i: number, t: number): void {
    if (this.rowPtr[i] === this.rowPtr[i + 1]) return;
    if (this.delays === null) {
      const tArr = t + this.uniformDelay;
      if (tArr !== this.openBatchTime || !this.batching) {
        this.openBatchTime = tArr;
        this.pushBatchEnd();
        this.sim.schedule(tArr, this.handler, BATCH_DELIVERY, 0);
      }
      this.pushSource(i);
      this.batchEnds[(this.batchTail - 1) & (this.batchEnds.length - 1)] = this.fifoTail;
    } else {
      const r0 = this.rowClassPtr![i],
        r1 = this.rowClassPtr![i + 1];
      for (let c = r0; c < r1; c++) this.sim.schedule(t + this.delays[this.classStart![c]], this.handler, CLASS_DELIVERY, c);
    }
  }

  handleEvent(t: number, mode: number, c: number): void {
    if (mode === CLASS_DELIVERY) {
      const s0 = this.classStart![c];
      this.deliver(s0, this.classEnd![c], t);
      if (this.plasticity) this.plasticity.onPre(this, this.sourceOf(s0), s0, this.classEnd![c], t);
      return;
    }
    // the oldest pending batch: all sources that fired at (t − delay)
    const mask = this.fifo.length - 1;
    const end = this.batchEnds[this.batchHead];
    this.batchHead = (this.batchHead + 1) & (this.batchEnds.length - 1);
    if (this.batchHead === this.batchTail) this.openBatchTime = NaN;
    const rowPtr = this.rowPtr;
    const store = this.store;
    if (store?.noisyReads && store.readVariance && store.gaussian && this.buffer !== null) {
      // Gaussian reads summed per target (docs/kernel.md, "Spikes and synapses"): worth it when
      // the batch holds at least as many synapses as the target has neurons
      let count = 0;
      for (let p = this.fifoHead; p !== end; p = (p + 1) & mask) count += rowPtr[this.fifo[p] + 1] - rowPtr[this.fifo[p]];
      if (count >= this.target.size) {
        this.deliverSummedNoise(end, mask, t, store.readVariance);
        return;
      }
    }
    while (this.fifoHead !== end) {
      const i = this.fifo[this.fifoHead];
      this.fifoHead = (this.fifoHead + 1) & mask;
      const s0 = rowPtr[i],
        s1 = rowPtr[i + 1];
      this.deliver(s0, s1, t);
      if (this.plasticity) this.plasticity.onPre(this, i, s0, s1, t);
    }
  }

  /** Per-target variance of the reads of the batch being delivered (summed-noise path). */
  private readVar: Float64Array | null = null;

  /**
   * Delivers a whole batch from a store with additive Gaussian reads: every synapse adds its
   * noise-free weight and its read variance; then each target neuron gets one draw of
   * N(0, Σ variance). Σ_s (w_s + σ_s ξ_s) and Σ_s w_s + √(Σ_s σ_s²)·ξ have the same distribution
   * for independent standard normals ξ, so the input the neurons integrate is distributed as with
   * one read per event; the ledger counts the same events.
   */
  private deliverSummedNoise(end: number, mask: number, t: number, variance: Float64Array): void {
    const store = this.store!;
    const buf = this.buffer!;
    const post = this.post,
      rowPtr = this.rowPtr,
      W = store.weights;
    const nPost = this.target.size;
    const rv = (this.readVar ??= new Float64Array(nPost));
    while (this.fifoHead !== end) {
      const i = this.fifo[this.fifoHead];
      this.fifoHead = (this.fifoHead + 1) & mask;
      const s0 = rowPtr[i],
        s1 = rowPtr[i + 1];
      this.events.count += s1 - s0;
      for (let s = s0; s < s1; s++) {
        const j = post[s];
        buf[j] += W[s];
        rv[j] += variance[s];
      }
      if (this.plasticity) this.plasticity.onPre(this, i, s0, s1, t);
    }
    for (let j = 0; j < nPost; j++) {
      const v = rv[j];
      if (v > 0) {
        buf[j] += Math.sqrt(v) * store.gaussian!();
        rv[j] = 0;
      }
    }
  }

  private deliver(s0: number, s1: number, t: number): void {
    this.events.count += s1 - s0;
    const post = this.post;
    const buf = this.buffer;
    const store = this.store;
    if (buf !== null) {
      if (store === null) {
        const w = this.scalarWeight;
        for (let s = s0; s < s1; s++) buf[post[s]] += w;
      } else if (!store.noisyReads) {
        const W = store.weights;
        for (let s = s0; s < s1; s++) buf[post[s]] += W[s];
      } else {
        for (let s = s0; s < s1; s++) buf[post[s]] += store.read(s);
      }
    } else {
      const g = this.eventTarget!,
        r = this.receptor;
      for (let s = s0; s < s1; s++) {
        const w = store === null ? this.scalarWeight : store.noisyReads ? store.read(s) : store.weights[s];
        g.receive(post[s], r, w, t);
      }
    }
  }

  /** Spikes in flight (uniform delay: the FIFO of batches; per-synapse delays keep theirs in the queue). */
  snapshot(): StateRecord {
    const mask = this.fifo.length - 1,
      bmask = this.batchEnds.length - 1;
    const fifo = new Int32Array((this.fifoTail - this.fifoHead) & mask);
    for (let k = 0, p = this.fifoHead; p !== this.fifoTail; p = (p + 1) & mask) fifo[k++] = this.fifo[p];
    const ends = new Int32Array((this.batchTail - this.batchHead) & bmask);
    for (let k = 0, b = this.batchHead; b !== this.batchTail; b = (b + 1) & bmask) ends[k++] = (this.batchEnds[b] - this.fifoHead) & mask;
    return { fifo, ends, openBatchTime: this.openBatchTime };
  }

  restore(s: StateRecord): void {
    const path = `snapshot of projection ${this.name}`;
    const fifo = s.fifo,
      ends = s.ends;
    if (!(fifo instanceof Int32Array) || !(ends instanceof Int32Array)) throw new SpecError(path, 'Int32Array fifo and ends', fifo);
    let cap = 256;
    while (cap <= fifo.length) cap *= 2;
    let bcap = 64;
    while (bcap <= ends.length) bcap *= 2;
    this.fifo = new Int32Array(cap);
    this.fifo.set(fifo);
    this.fifoHead = 0;
    this.fifoTail = fifo.length;
    this.batchEnds = new Int32Array(bcap);
    this.batchEnds.set(ends);
    this.batchHead = 0;
    this.batchTail = ends.length;
    this.openBatchTime = stateNumber(s, 'openBatchTime', path);
  }

  /** Source neuron of synapse s (binary search over rows). */
  sourceOf(s: number): number {
    let lo = 0,
      hi = this.rowPtr.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.rowPtr[mid] <= s) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private pushSource(i: number): void {
    let mask = this.fifo.length - 1;
    if (((this.fifoTail + 1) & mask) === this.fifoHead) {
      this.fifo = growRing(this.fifo, this.fifoHead, this.fifoTail);
      this.rebaseBatches(this.fifoHead, mask);
      this.fifoTail = (this.fifoTail - this.fifoHead) & mask;
      this.fifoHead = 0;
      mask = this.fifo.length - 1;
    }
    this.fifo[this.fifoTail] = i;
    this.fifoTail = (this.fifoTail + 1) & mask;
  }

  private rebaseBatches(oldHead: number, oldMask: number): void {
    const bm = this.batchEnds.length - 1;
    for (let b = this.batchHead; b !== this.batchTail; b = (b + 1) & bm) {
      this.batchEnds[b] = (this.batchEnds[b] - oldHead) & oldMask;
    }
  }

  private pushBatchEnd(): void {
    const mask = this.batchEnds.length - 1;
    if (((this.batchTail + 1) & mask) === this.batchHead) {
      this.batchEnds = growRing(this.batchEnds, this.batchHead, this.batchTail);
      this.batchTail = (this.batchTail - this.batchHead) & mask;
      this.batchHead = 0;
    }
    this.batchEnds[this.batchTail] = this.fifoTail;
    this.batchTail = (this.batchTail + 1) & (this.batchEnds.length - 1);
  }
}

/** Doubles a power-of-two ring, unrolling [head, tail) to the front. */
function growRing(ring: Int32Array, head: number, tail: number): Int32Array<ArrayBuffer> {
  const mask = ring.length - 1;
  const out = new Int32Array(ring.length * 2);
  let k = 0;
  for (let p = head; p !== tail; p = (p + 1) & mask) out[k++] = ring[p];
  return out;
}

/**
 * Sorts each row by delay (in place, carrying targets along) and finds the delay classes.
 * Returns the permutation so per-synapse weights can follow.
 */
export function sortRowsByDelay(rowPtr: Int32Array, post: Int32Array, delays: Float64Array): Int32Array {
  const perm = new Int32Array(post.length);
  for (let s = 0; s < perm.length; s++) perm[s] = s;
  const n = rowPtr.length - 1;
  let longest = 0;
  for (let i = 0; i < n; i++) longest = Math.max(longest, rowPtr[i + 1] - rowPtr[i]);
  const scratch = new Int32Array(longest);
  // stable by delay (ties keep synapse order): the same order as sorting by (delay, index)
  for (let i = 0; i < n; i++) mergeSortByKey(perm, rowPtr[i], rowPtr[i + 1], delays, scratch);
  const p2 = post.slice(),
    d2 = delays.slice();
  for (let s = 0; s < perm.length; s++) {
    post[s] = p2[perm[s]];
    delays[s] = d2[perm[s]];
  }
  return perm;
}

/**
 * Stable sort of idx[lo, hi) by key[idx[·]]: insertion sort on runs of 16, then bottom-up merges
 * through `scratch` (typed arrays only; no comparator closures, no boxing).
 */
function mergeSortByKey(idx: Int32Array, lo: number, hi: number, key: Float64Array, scratch: Int32Array): void {
  const RUN = 16;
  for (let a = lo; a < hi; a += RUN) {
    const b = Math.min(a + RUN, hi);
    for (let i = a + 1; i < b; i++) {
      const x = idx[i];
      const kx = key[x];
      let j = i - 1;
      while (j >= a && key[idx[j]] > kx) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = x;
    }
  }
  for (let width = RUN; width < hi - lo; width *= 2) {
    for (let a = lo; a < hi - width; a += 2 * width) {
      const mid = a + width;
      const b = Math.min(a + 2 * width, hi);
      if (key[idx[mid - 1]] <= key[idx[mid]]) continue; // already in order
      let i = a,
        j = mid,
        k = 0;
      while (i < mid && j < b) scratch[k++] = key[idx[j]] < key[idx[i]] ? idx[j++] : idx[i++];
      while (i < mid) scratch[k++] = idx[i++];
      while (j < b) scratch[k++] = idx[j++];
      idx.set(scratch.subarray(0, k), a);
    }
  }
}

function delayClasses(rowPtr: Int32Array, delays: Float64Array) {
  const n = rowPtr.length - 1;
  const rowClassPtr = new Int32Array(n + 1);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < n; i++) {
    const s0 = rowPtr[i],
      s1 = rowPtr[i + 1];
    for (let s = s0; s < s1; s++) {
      if (s === s0 || delays[s] !== delays[s - 1]) {
        if (s !== s0) ends.push(s);
        starts.push(s);
      }
    }
    if (s1 > s0) ends.push(s1);
    rowClassPtr[i + 1] = starts.length;
  }
  return { start: Int32Array.from(starts), end: Int32Array.from(ends), rowClassPtr };
}
