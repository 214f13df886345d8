import { SpecError } from './errors.js';

/**
 * What a stateful part of a network (group, store, rule, input, monitor, projection) hands to
 * `Network.snapshot()`: a tree of plain values and typed arrays. The arrays are copies, so a
 * snapshot stays valid while the network runs on; `encodeSnapshot` serialises it exactly.
 */
export type StateArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;
/** A value in a snapshot: typed arrays, numbers, strings, booleans, null, arrays and records of them. */
export type StateValue = StateArray | number | boolean | string | null | readonly StateValue[] | { readonly [key: string]: StateValue };
/** A record of snapshot values. */
export type StateRecord = { readonly [key: string]: StateValue };

/** The snapshot contract of groups, stores and rules. */
export interface Stateful {
  /** A copy of everything that changes while the network runs. */
  snapshot(): StateRecord;
  /** Puts a snapshot taken from an identically built object back. */
  restore(state: StateRecord): void;
}

/** True for the typed-array kinds a snapshot keeps bit for bit. */
export function isStateArray(x: unknown): x is StateArray {
  return x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint32Array || x instanceof Uint8Array;
}

/** Copies `src` into `dst` after checking kind and length; `path` names the field for the error. */
export function restoreArray(dst: StateArray, src: StateValue | undefined, path: string): void {
  if (!isStateArray(src) || src.constructor !== dst.constructor || src.length !== dst.length) {
    throw new SpecError(path, `a ${dst.constructor.name} of length ${dst.length} (a snapshot of an identically built network)`, src);
  }
  dst.set(src as never);
}

/** A number field of a snapshot, checked. */
export function stateNumber(s: StateRecord, key: string, path: string): number {
  const v = s[key];
  if (typeof v !== 'number') throw new SpecError(`${path}.${key}`, 'a number (a snapshot of an identically built network)', v);
  return v;
}

/** A nested record of a snapshot, checked. */
export function stateRecord(s: StateRecord, key: string, path: string): StateRecord {
  const v = s[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v) || isStateArray(v))
    throw new SpecError(`${path}.${key}`, 'a record (a snapshot of an identically built network)', v);
  return v as StateRecord;
}

const KINDS = { f64: Float64Array, f32: Float32Array, i32: Int32Array, u32: Uint32Array, u8: Uint8Array } as const;
type Kind = keyof typeof KINDS;

function kindOf(x: StateArray): Kind {
  if (x instanceof Float64Array) return 'f64';
  if (x instanceof Float32Array) return 'f32';
  if (x instanceof Int32Array) return 'i32';
  if (x instanceof Uint32Array) return 'u32';
  return 'u8';
}

/** base64 of raw bytes without depending on Node's Buffer (core also runs in browsers). */
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** JSON with typed arrays kept bit for bit (base64 of their bytes); NaN and ±Infinity survive too. */
export function encodeSnapshot(value: StateValue): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (isStateArray(v)) return { $typed: kindOf(v), b64: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
    return v;
  });
}

/** Parses snapshot JSON written by `encodeSnapshot`, typed arrays restored bit for bit. */
export function decodeSnapshot<T extends StateValue = StateRecord>(text: string): T {
  if (typeof text !== 'string') throw new SpecError('snapshot', 'the JSON text encodeSnapshot wrote', text);
  const reviver = (k: string, v: unknown): unknown => {
    if (v && typeof v === 'object' && '$typed' in v && 'b64' in v) {
      const o = v as { $typed: unknown; b64: unknown };
      const C = typeof o.$typed === 'string' && Object.hasOwn(KINDS, o.$typed) ? KINDS[o.$typed as Kind] : undefined;
      if (!C) throw new SpecError(`snapshot.${k}.$typed`, `a typed-array kind (${Object.keys(KINDS).join(', ')})`, o.$typed);
      if (typeof o.b64 !== 'string') throw new SpecError(`snapshot.${k}.b64`, 'base64 text', o.b64);
      let bytes: Uint8Array;
      try {
        bytes = fromBase64(o.b64);
      } catch {
        throw new SpecError(`snapshot.${k}.b64`, 'valid base64 text', 'invalid characters or length');
      }
      if (bytes.byteLength % C.BYTES_PER_ELEMENT !== 0) {
        throw new SpecError(`snapshot.${k}.b64`, `a whole number of ${C.BYTES_PER_ELEMENT}-byte ${o.$typed} elements`, `${bytes.byteLength} bytes`);
      }
      return new C(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / C.BYTES_PER_ELEMENT);
    }
    if (v && typeof v === 'object' && '$number' in v) {
      const n = (v as { $number: unknown }).$number;
      if (!(n === 'NaN' || n === 'Infinity' || n === '-Infinity')) throw new SpecError(`snapshot.${k}.$number`, 'NaN, Infinity or -Infinity', n);
      return Number(n);
    }
    return v;
  };
  try {
    return JSON.parse(text, reviver) as T;
  } catch (e) {
    if (e instanceof SpecError) throw e;
    // a truncated or edited file: JSON.parse's SyntaxError says where
    throw new SpecError('snapshot', 'the JSON text encodeSnapshot wrote (truncated or edited?)', `a parse error (${(e as Error).message})`);
  }
}
