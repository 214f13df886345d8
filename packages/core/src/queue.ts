/**
 * The kernel's event queue: a binary min-heap over parallel typed arrays, ordered by
 * (time, phase, sequence). No object is allocated per event.
 *
 * - `time` is simulated time in seconds (float64).
 * - `phase` orders events that fall on the same instant: state samples, then clock ticks (group
 *   updates and threshold tests), then spike deliveries and autonomous events, then control.
 *   This reproduces the Brian2/NEST step semantics: a spike that arrives at the instant of a
 *   tick is applied after that tick's update, whatever order the events were scheduled in.
 * - `seq` is the insertion counter: ties in (time, phase) pop in the order they were pushed,
 *   so a run is a pure function of the network, its inputs and its seed.
 *
 * Each event carries a handler id and two int32 payload words (e.g. neuron index and version).
 * FastPriorityQueue with object entries was measured against this on the same workload
 * (`spinsnn bench queue`): it allocates one object per event and is slower.
 */
import { SpecError } from './errors.js';
import { stateNumber, type StateRecord } from './state.js';

export const PHASE_SAMPLE = 0;
export const PHASE_TICK = 1;
export const PHASE_EVENT = 2;
export const PHASE_CONTROL = 3;

const PHASE_SCALE = 2 ** 50; // seq stays below 2^50 (10^15 events)

export class EventQueue {
  private time: Float64Array;
  private key: Float64Array; // phase * 2^50 + seq
  private handler: Int32Array;
  private argA: Int32Array;
  private argB: Int32Array;
  private n = 0;
  private seq = 0;

  constructor(initialCapacity = 1024) {
    this.time = new Float64Array(initialCapacity);
    this.key = new Float64Array(initialCapacity);
    this.handler = new Int32Array(initialCapacity);
    this.argA = new Int32Array(initialCapacity);
    this.argB = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event; +Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.time[0] : Infinity;
  }

  /** The popped event's fields, valid until the next pop. */
  poppedTime = 0;
  poppedHandler = 0;
  poppedA = 0;
  poppedB = 0;

  push(time: number, phase: number, handler: number, a: number, b: number): void {
    if (this.n === this.time.length) this.grow();
    const key = phase * PHASE_SCALE + this.seq++;
    // sift up
    let i = this.n++;
    const T = this.time,
      K = this.key,
      H = this.handler,
      A = this.argA,
      B = this.argB;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = T[p];
      if (tp < time || (tp === time && K[p] < key)) break;
      T[i] = tp;
      K[i] = K[p];
      H[i] = H[p];
      A[i] = A[p];
      B[i] = B[p];
      i = p;
    }
    T[i] = time;
    K[i] = key;
    H[i] = handler;
    A[i] = a;
    B[i] = b;
  }

  /** Removes the earliest event into the popped* fields. Caller checks size > 0. */
  pop(): void {
    const T = this.time,
      K = this.key,
      H = this.handler,
      A = this.argA,
      B = this.argB;
    this.poppedTime = T[0];
    this.poppedHandler = H[0];
    this.poppedA = A[0];
    this.poppedB = B[0];
    const n = --this.n;
    if (n === 0) return;
    const t = T[n],
      k = K[n],
      h = H[n],
      a = A[n],
      b = B[n];
    let i = 0;
    const half = n >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < n && (T[r] < T[c] || (T[r] === T[c] && K[r] < K[c]))) c = r;
      const tc = T[c];
      if (t < tc || (t === tc && k < K[c])) break;
      T[i] = tc;
      K[i] = K[c];
      H[i] = H[c];
      A[i] = A[c];
      B[i] = B[c];
      i = c;
    }
    T[i] = t;
    K[i] = k;
    H[i] = h;
    A[i] = a;
    B[i] = b;
  }

  clear(): void {
    this.n = 0;
  }

  /** The pending events and the insertion counter, exactly (the heap order included). */
  snapshot(): StateRecord {
    const n = this.n;
    return {
      time: this.time.slice(0, n),
      key: this.key.slice(0, n),
      handler: this.handler.slice(0, n),
      a: this.argA.slice(0, n),
      b: this.argB.slice(0, n),
      seq: this.seq,
    };
  }

  restore(s: StateRecord): void {
    const { time, key, handler, a, b } = s;
    if (
      !(time instanceof Float64Array && key instanceof Float64Array && handler instanceof Int32Array && a instanceof Int32Array && b instanceof Int32Array) ||
      [key, handler, a, b].some((x) => x.length !== time.length)
    ) {
      throw new SpecError('snapshot.sim.queue', 'time, key (Float64Array), handler, a, b (Int32Array) of equal length', 'arrays of other types or lengths');
    }
    while (this.time.length < time.length) this.grow();
    this.time.set(time);
    this.key.set(key);
    this.handler.set(handler);
    this.argA.set(a);
    this.argB.set(b);
    this.n = time.length;
    this.seq = stateNumber(s, 'seq', 'snapshot of the event queue');
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap);
    t.set(this.time);
    this.time = t;
    const k = new Float64Array(cap);
    k.set(this.key);
    this.key = k;
    const h = new Int32Array(cap);
    h.set(this.handler);
    this.handler = h;
    const a = new Int32Array(cap);
    a.set(this.argA);
    this.argA = a;
    const b = new Int32Array(cap);
    b.set(this.argB);
    this.argB = b;
  }
}
