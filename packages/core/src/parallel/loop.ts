/**
 * The per-thread loop of the parallel engine (docs/parallel.md) and its shared-memory protocol:
 * one control block (barrier, commands, error flag, counters) and, per thread, two spike lists
 * (by exchange parity) in SharedArrayBuffers. Every thread — the main one included — runs
 * `runSteps` in lockstep: integrate its neurons for one exchange interval, publish its spikes,
 * one barrier, then read every thread's lists and deliver them to its own targets. Two lists by
 * parity make one barrier per exchange enough: a thread writing interval I + 1's list cannot
 * overwrite interval I − 1's (same parity) before everyone passed barrier I, i.e. finished
 * reading I − 1. Browser-safe: only Atomics (a page would need cross-origin isolation).
 */
import { SimulationError } from '../errors.js';
import { deliverStep, flushRing, integrateStep, type Partition } from './partition.js';

/** Control block slots (Int32). */
export const CTL = {
  barrierCount: 0,
  barrierGen: 1,
  cmdGen: 2,
  cmd: 3,
  argK0: 4,
  argSteps: 5,
  error: 6,
  ready: 7,
  spin: 8,
  /** Int32 slots before the float64 counters. */
  size: 16,
} as const;

/** Commands the main thread gives. */
export const CMD = { run: 1, state: 2, stop: 3 } as const;

/** Bytes of the error message area after the counters. */
export const ERROR_BYTES = 4096;

/** Float64 counters per thread: synaptic events, synapses, synapse bytes, build seconds, arena bytes. */
export const COUNTERS = 5;

/** Byte size of the control buffer for `threads` threads. */
export function controlBytes(threads: number): number {
  return CTL.size * 4 + threads * COUNTERS * 8 + ERROR_BYTES;
}

/** What each thread holds of the shared memory. */
export interface SharedViews {
  readonly ctl: Int32Array;
  readonly counters: Float64Array;
  readonly errorText: Uint8Array;
  /** spikes[r][parity]: thread r's list: interval+1 step offsets, then the spikes. */
  readonly spikes: Int32Array[][];
  /** Gathered final state (v, ge, gi, lastSpikeStep) when asked for at creation. */
  readonly state: { v: Float64Array; ge: Float64Array; gi: Float64Array; last: Int32Array } | null;
}

/** The shared buffers a parallel network is made of (passed to each worker). */
export interface SharedBuffers {
  readonly control: SharedArrayBuffer;
  readonly spikes: SharedArrayBuffer;
  readonly state: SharedArrayBuffer | null;
}

/** Int32 slots of one thread's spike list (per parity): header, then size × interval spikes. */
export function spikeListInts(partSize: number, interval: number): number {
  return interval + 1 + partSize * interval;
}

/** Views on the shared buffers for a given partition layout. */
export function sharedViews(buf: SharedBuffers, bounds: Int32Array, interval: number, neurons: number): SharedViews {
  const threads = bounds.length - 1;
  const ctl = new Int32Array(buf.control, 0, CTL.size);
  const counters = new Float64Array(buf.control, CTL.size * 4, threads * COUNTERS);
  const errorText = new Uint8Array(buf.control, CTL.size * 4 + threads * COUNTERS * 8, ERROR_BYTES);
  const spikes: Int32Array[][] = [];
  let off = 0;
  for (let r = 0; r < threads; r++) {
    const n = spikeListInts(bounds[r + 1] - bounds[r], interval);
    spikes.push([new Int32Array(buf.spikes, off * 4, n), new Int32Array(buf.spikes, (off + n) * 4, n)]);
    off += 2 * n;
  }
  const state = buf.state
    ? {
        v: new Float64Array(buf.state, 0, neurons),
        ge: new Float64Array(buf.state, neurons * 8, neurons),
        gi: new Float64Array(buf.state, neurons * 16, neurons),
        last: new Int32Array(buf.state, neurons * 24, neurons),
      }
    : null;
  return { ctl, counters, errorText, spikes, state };
}

/** Total Int32 slots of all spike lists. */
export function spikeBufferInts(bounds: Int32Array, interval: number): number {
  let n = 0;
  for (let r = 0; r + 1 < bounds.length; r++) n += 2 * spikeListInts(bounds[r + 1] - bounds[r], interval);
  return n;
}

/** The error another thread reported, as text. */
export function readError(v: SharedViews): string {
  const bytes = v.errorText;
  let end = bytes.indexOf(0);
  if (end < 0) end = bytes.length;
  return new TextDecoder().decode(bytes.slice(0, end));
}

/** Reports a failure to every thread: message, error flag, then a barrier release so none waits. */
export function reportError(v: SharedViews, message: string): void {
  if (Atomics.compareExchange(v.ctl, CTL.error, 0, 1) !== 0) return;
  const enc = new TextEncoder().encode(message).subarray(0, ERROR_BYTES - 1);
  v.errorText.fill(0);
  v.errorText.set(enc);
  Atomics.add(v.ctl, CTL.barrierGen, 1);
  Atomics.notify(v.ctl, CTL.barrierGen);
  Atomics.add(v.ctl, CTL.cmdGen, 1);
  Atomics.notify(v.ctl, CTL.cmdGen);
}

/** Throws the reported failure, if any. */
export function checkError(v: SharedViews): void {
  if (Atomics.load(v.ctl, CTL.error) !== 0) throw new SimulationError(`a thread of the parallel engine failed: ${readError(v)}`);
}

/** A sense-counting barrier over the control block: spin a little, then sleep on the generation. */
export function barrier(v: SharedViews, threads: number): void {
  if (threads === 1) return;
  const ctl = v.ctl;
  const gen = Atomics.load(ctl, CTL.barrierGen);
  if (Atomics.add(ctl, CTL.barrierCount, 1) === threads - 1) {
    Atomics.store(ctl, CTL.barrierCount, 0);
    Atomics.add(ctl, CTL.barrierGen, 1);
    Atomics.notify(ctl, CTL.barrierGen);
  } else {
    const spin = ctl[CTL.spin];
    let released = false;
    for (let i = 0; i < spin; i++) {
      if (Atomics.load(ctl, CTL.barrierGen) !== gen) {
        released = true;
        break;
      }
    }
    if (!released) while (Atomics.load(ctl, CTL.barrierGen) === gen) Atomics.wait(ctl, CTL.barrierGen, gen, 1000);
  }
  checkError(v);
}

/** What a thread runs: its partition, the shared views, and (thread 0) a spike observer. */
export interface ThreadContext {
  readonly rank: number;
  readonly threads: number;
  readonly part: Partition;
  readonly views: SharedViews;
  /** Exchanges done so far (all threads count alike: it picks the parity). */
  exchanges: number;
  /** Thread 0 only: sees every step's spikes, global indices ascending. */
  readonly observe: ((k: number, spikes: Int32Array, from: number, to: number) => void) | null;
}

/** Runs steps [k0, k0 + steps) on this thread, in lockstep with the others (see file comment). */
export function runSteps(ctx: ThreadContext, k0: number, steps: number): void {
  const { part, views, threads, rank } = ctx;
  const M = part.plan.interval;
  const staging = part.staging;
  const stepStart = new Int32Array(M + 1);
  const head = M + 1;
  for (let K = k0; K < k0 + steps; K += M) {
    const len = Math.min(M, k0 + steps - K);
    const parity = ctx.exchanges++ & 1;
    const out = views.spikes[rank][parity];
    let at = head;
    for (let s = 0; s < len; s++) {
      out[s] = at - head;
      at = integrateStep(part, K + s, out, at);
      if (M > 1) flushRing(part, K + s);
    }
    out[len] = at - head;
    barrier(views, threads);
    let pos = 0;
    for (let s = 0; s < len; s++) {
      stepStart[s] = pos;
      for (let r = 0; r < threads; r++) {
        const list = views.spikes[r][parity];
        const a = list[s],
          b = list[s + 1];
        if (b > a) {
          staging.set(list.subarray(head + a, head + b), pos);
          pos += b - a;
        }
      }
    }
    stepStart[len] = pos;
    for (let s = 0; s < len; s++) {
      if (ctx.observe) ctx.observe(K + s, staging, stepStart[s], stepStart[s + 1]);
      deliverStep(part, K + s, stepStart[s], stepStart[s + 1]);
      if (M === 1) flushRing(part, K + s);
    }
  }
}

/** Writes this thread's counters (synaptic events, synapses, synapse bytes, build s, arena bytes). */
export function writeCounters(ctx: ThreadContext, buildS: number): void {
  const c = ctx.views.counters,
    o = ctx.rank * COUNTERS;
  c[o] = ctx.part.synapticEvents;
  c[o + 1] = ctx.part.stats.synapses;
  c[o + 2] = ctx.part.stats.synapseBytes;
  if (buildS >= 0) c[o + 3] = buildS;
  c[o + 4] = ctx.part.stats.arenaBytes;
}

/** Copies this thread's neuron state into the shared state arrays (global indices). */
export function writeState(ctx: ThreadContext): void {
  const st = ctx.views.state;
  if (!st) throw new SimulationError('state(): create the parallel network with collectState: true to read neuron state back');
  for (const seg of ctx.part.segments) {
    const g = seg.pop.base + seg.start;
    st.v.set(seg.v, g);
    st.ge.set(seg.ge, g);
    st.gi.set(seg.gi, g);
    st.last.set(seg.lastSpikeStep, g);
  }
}

/**
 * A worker's command loop: wait for a command, run it with the others, until stop. Commands are
 * counted from 0 (none is given before every worker said ready), so one given between the ready
 * message and this loop is not missed.
 */
export function commandLoop(ctx: ThreadContext): void {
  const ctl = ctx.views.ctl;
  let seen = 0;
  for (;;) {
    while (Atomics.load(ctl, CTL.cmdGen) === seen) Atomics.wait(ctl, CTL.cmdGen, seen, 1000);
    seen = Atomics.load(ctl, CTL.cmdGen);
    if (Atomics.load(ctl, CTL.error) !== 0) return;
    const cmd = Atomics.load(ctl, CTL.cmd);
    if (cmd === CMD.stop) return;
    if (cmd === CMD.run) {
      runSteps(ctx, Atomics.load(ctl, CTL.argK0), Atomics.load(ctl, CTL.argSteps));
      writeCounters(ctx, -1);
    } else if (cmd === CMD.state) writeState(ctx);
    barrier(ctx.views, ctx.threads);
  }
}
