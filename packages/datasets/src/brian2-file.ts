import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '@spinsnn/core';
import type { Brian2Dump } from './brian2.js';

// Node-only part of brian2.ts (reads files), exported from @spinsnn/datasets/node.

interface Manifest {
  N: number;
  NE: number;
  dt_s: number;
  args?: { duration?: number; seed?: number };
  arrays: Record<string, { dtype: string; length: number }>;
}

function readArray(dir: string, m: Manifest, name: string, kind: 'f64' | 'i32'): Float64Array | Int32Array {
  const file = join(dir, name);
  const mf = join(dir, 'manifest.json');
  const meta: unknown = Object.hasOwn(m.arrays, name) ? m.arrays[name] : undefined;
  if (meta === undefined) throw new DataError(mf, `no entry for ${name} in "arrays"`);
  if (!isObj(meta) || !(Number.isInteger(meta.length) && (meta.length as number) >= 0)) {
    throw new DataError(mf, `arrays["${name}"]: expected { dtype, length } with a whole length ≥ 0`);
  }
  const want = kind === 'f64' ? '<f8' : '<i4';
  if (meta.dtype !== want) throw new DataError(file, `dtype ${String(meta.dtype)} in the manifest, expected ${want}`);
  if (!existsSync(file)) throw new DataError(file, 'missing: the manifest lists it but the file is not there');
  const bytes = kind === 'f64' ? 8 : 4;
  const size = statSync(file).size;
  const length = meta.length as number;
  if (size !== length * bytes) {
    throw new DataError(file, `${size} bytes, expected ${length} × ${bytes} = ${length * bytes} (truncated or corrupt)`);
  }
  const buf = readFileSync(file);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return kind === 'f64' ? new Float64Array(ab) : new Int32Array(ab);
}

/** Reads a Brian2 CUBA network dump folder (manifest.json and raw arrays); a DataError names a bad file. */
export function readBrian2Dump(dir: string): Brian2Dump {
  const mf = join(dir, 'manifest.json');
  if (!existsSync(mf)) throw new DataError(dir, 'not a Brian2 network dump: manifest.json is missing');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(mf, 'utf8'));
  } catch (e) {
    throw new DataError(mf, `not valid JSON (${(e as Error).message})`);
  }
  const m = checkManifest(raw, mf);
  const has = (n: string) => Object.hasOwn(m.arrays, n);
  const dump: Brian2Dump = {
    dir,
    N: m.N,
    NE: m.NE,
    dt: m.dt_s,
    duration: m.args?.duration ?? 1,
    seed: m.args?.seed ?? 0,
    v0: readArray(dir, m, 'v0_volt.f64', 'f64') as Float64Array,
    excPre: readArray(dir, m, 'exc_pre.i32', 'i32') as Int32Array,
    excPost: readArray(dir, m, 'exc_post.i32', 'i32') as Int32Array,
    inhPre: readArray(dir, m, 'inh_pre.i32', 'i32') as Int32Array,
    inhPost: readArray(dir, m, 'inh_post.i32', 'i32') as Int32Array,
    spikeI: has('spike_i.i32') ? (readArray(dir, m, 'spike_i.i32', 'i32') as Int32Array) : null,
    spikeT: has('spike_t_s.f64') ? (readArray(dir, m, 'spike_t_s.f64', 'f64') as Float64Array) : null,
  };
  if (dump.v0.length !== dump.N) throw new DataError(join(dir, 'v0_volt.f64'), `${dump.v0.length} potentials for N = ${dump.N} neurons`);
  return dump;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Smallest dt accepted: below it a 1 s run is 10^7 steps, surely a unit mistake (ms for s). */
const MIN_DT_S = 1e-7;

/** Checks every manifest field the reader uses; a DataError names the field. */
function checkManifest(raw: unknown, mf: string): Manifest {
  if (!isObj(raw)) throw new DataError(mf, 'expected a JSON object with fields N, NE, dt_s and arrays');
  const field = (name: string, ok: boolean, expected: string) => {
    if (!ok) throw new DataError(mf, `field ${name}: expected ${expected}, got ${JSON.stringify(raw[name]) ?? 'nothing'}`);
  };
  field('N', Number.isInteger(raw.N) && (raw.N as number) >= 1, 'a whole number of neurons ≥ 1');
  field(
    'NE',
    Number.isInteger(raw.NE) && (raw.NE as number) >= 1 && (raw.NE as number) < (raw.N as number),
    'a whole number of excitatory neurons, 1 ≤ NE < N',
  );
  field('dt_s', typeof raw.dt_s === 'number' && Number.isFinite(raw.dt_s) && raw.dt_s >= MIN_DT_S, `a time step in seconds ≥ ${MIN_DT_S} (e.g. 0.0001)`);
  field('arrays', isObj(raw.arrays), 'an object of file name → { dtype, length }');
  if (raw.args !== undefined) {
    field('args', isObj(raw.args), 'an object');
    const a = raw.args as Record<string, unknown>;
    if (a.duration !== undefined && a.duration !== null)
      field('args', typeof a.duration === 'number' && Number.isFinite(a.duration) && a.duration > 0, 'args.duration, a finite duration in seconds > 0');
    if (a.seed !== undefined && a.seed !== null) field('args', Number.isInteger(a.seed) && (a.seed as number) >= 0, 'args.seed, a whole number ≥ 0');
  }
  return raw as unknown as Manifest;
}
