import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RngState } from '@spinsnn/core';
import type { DiehlCookNetwork } from './network.js';

/**
 * Exact network state at a sample boundary (after the rest): the simulated time, every random
 * stream, the synapse store's device state, neuron state, STDP traces and ledger counts. At a
 * boundary nothing is in flight (every delayed spike arrived during the 150 ms rest, inputs are
 * silent), so a network rebuilt at that time with this state continues bit for bit.
 */
export interface NetworkState {
  t: number;
  streams: RngState[];
  writerRng: RngState;
  /** Every typed-array field of the synapse store (weights and device state such as levels, bits, heat). */
  store: Record<string, TypedArray>;
  exc: Record<string, Float64Array>;
  inh: Record<string, Float64Array>;
  stdp: Record<string, { a: Float64Array; tRef: number }>;
  ledger: { component: string; op: string; count: number; energyJ: number }[];
  spikes: Record<string, number>;
  requests: number;
}

type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;

function isTyped(x: unknown): x is TypedArray {
  return x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint8Array;
}

const GROUP_STATE = ['v', 'ge', 'gi', 'theta', 'lastSpikeStep'] as const;

export function snapshotNetwork(dc: DiehlCookNetwork): NetworkState {
  const store: Record<string, TypedArray> = {};
  // device stores keep their state in typed arrays (weights, levels, bits, heat, …): copy them all
  for (const [k, v] of Object.entries(dc.input.store!)) if (isTyped(v)) store[k] = v.slice();
  const group = (g: DiehlCookNetwork['exc']) => Object.fromEntries(GROUP_STATE.map((n) => [n, g.state(n).slice()]));
  const spikes: Record<string, number> = {};
  for (const [name, p] of dc.net.populations) spikes[name] = p.spikes;
  return {
    t: dc.net.t,
    streams: dc.net.randomStreams.map((r) => r.getState()),
    writerRng: dc.writerRng.getState(),
    store,
    exc: group(dc.exc),
    inh: group(dc.inh),
    stdp: dc.stdp.snapshot(),
    ledger: dc.net.ledger.rows(),
    spikes,
    requests: dc.stdp.requests,
  };
}

/** Restores a state into a network built with the same config at time state.t. */
export function restoreNetwork(dc: DiehlCookNetwork, s: NetworkState): void {
  if (dc.net.t !== s.t) throw new RangeError(`restore: network is at t = ${dc.net.t} s, the state at ${s.t} s; build it with startTime = state.t`);
  const streams = dc.net.randomStreams;
  if (streams.length !== s.streams.length) throw new RangeError(`restore: the checkpoint has ${s.streams.length} random streams, this network ${streams.length} (different config?)`);
  streams.forEach((r, k) => r.setState(s.streams[k]));
  dc.writerRng.setState(s.writerRng);
  const store = dc.input.store! as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(s.store)) {
    const dst = store[k];
    if (!isTyped(dst) || dst.length !== v.length) throw new RangeError(`restore: synapse store field ${k} does not match the checkpoint (different device or size?)`);
    dst.set(v);
  }
  for (const n of GROUP_STATE) {
    dc.exc.state(n).set(s.exc[n]);
    dc.inh.state(n).set(s.inh[n]);
  }
  dc.stdp.restore(s.stdp);
  dc.stdp.requests = s.requests;
  for (const r of s.ledger) {
    const c = dc.net.ledger.counter(r.component, r.op);
    c.count = r.count;
    c.energyJ = r.energyJ;
  }
  for (const [name, n] of Object.entries(s.spikes)) dc.net.population(name).spikes = n;
}

// ---- JSON with exact typed arrays (base64 of the raw bytes)

const KINDS = { f64: Float64Array, f32: Float32Array, i32: Int32Array, u8: Uint8Array } as const;

function kindOf(x: TypedArray): keyof typeof KINDS {
  return x instanceof Float64Array ? 'f64' : x instanceof Float32Array ? 'f32' : x instanceof Int32Array ? 'i32' : 'u8';
}

export function encodeState(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (isTyped(v)) return { $typed: kindOf(v), b64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    return v;
  });
}

export function decodeState<T>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && '$typed' in v && 'b64' in v) {
      const o = v as { $typed: keyof typeof KINDS; b64: string };
      const buf = Buffer.from(o.b64, 'base64');
      const C = KINDS[o.$typed];
      const copy = new Uint8Array(buf.byteLength);
      copy.set(buf);
      return new C(copy.buffer, 0, buf.byteLength / C.BYTES_PER_ELEMENT);
    }
    return v;
  }) as T;
}

/** Writes atomically: a temporary file in the same folder, then rename (readers never see half a file). */
export function writeAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function readState<T>(path: string): T {
  return decodeState<T>(readFileSync(path, 'utf8'));
}
