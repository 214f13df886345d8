import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CUBA, DataError, type NetworkSpec } from '@spinsnn/core';

/**
 * Reader for a Brian2 CUBA network dump (`shared/datasets/brian2-cuba/` documents the format):
 * manifest.json plus raw little-endian arrays of initial potentials, synapse pairs and the
 * spikes Brian2 produced. Turned into a spec with explicit connectivity, populations `exc`
 * (the first NE neurons) and `inh`.
 */
export interface Brian2Dump {
  dir: string;
  N: number;
  NE: number;
  dt: number;
  duration: number;
  seed: number;
  v0: Float64Array;
  excPre: Int32Array;
  excPost: Int32Array;
  inhPre: Int32Array;
  inhPost: Int32Array;
  /** The reference spikes, when the dump has them. */
  spikeI: Int32Array | null;
  spikeT: Float64Array | null;
}

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
  field('NE', Number.isInteger(raw.NE) && (raw.NE as number) >= 1 && (raw.NE as number) < (raw.N as number), 'a whole number of excitatory neurons, 1 ≤ NE < N');
  field('dt_s', typeof raw.dt_s === 'number' && Number.isFinite(raw.dt_s) && raw.dt_s >= MIN_DT_S, `a time step in seconds ≥ ${MIN_DT_S} (e.g. 0.0001)`);
  field('arrays', isObj(raw.arrays), 'an object of file name → { dtype, length }');
  if (raw.args !== undefined) {
    field('args', isObj(raw.args), 'an object');
    const a = raw.args as Record<string, unknown>;
    if (a.duration !== undefined && a.duration !== null) field('args', typeof a.duration === 'number' && Number.isFinite(a.duration) && a.duration > 0, 'args.duration, a finite duration in seconds > 0');
    if (a.seed !== undefined && a.seed !== null) field('args', Number.isInteger(a.seed) && (a.seed as number) >= 0, 'args.seed, a whole number ≥ 0');
  }
  return raw as unknown as Manifest;
}

/** Splits global (pre, post) pairs into the four exc/inh blocks with local indices. */
function block(pre: Int32Array, post: Int32Array, NE: number, N: number, path: string) {
  const out = { toE: { pre: [] as number[], post: [] as number[] }, toI: { pre: [] as number[], post: [] as number[] } };
  for (let s = 0; s < pre.length; s++) {
    const i = pre[s], j = post[s];
    if (!(i >= 0 && i < N && j >= 0 && j < N)) throw new DataError(path, `synapse ${s} = (${i}, ${j}) outside [0, ${N})`);
    const src = i < NE ? i : i - NE;
    if (j < NE) {
      out.toE.pre.push(src);
      out.toE.post.push(j);
    } else {
      out.toI.pre.push(src);
      out.toI.post.push(j - NE);
    }
  }
  return out;
}

/** The dumped CUBA network as a spinsnn spec (populations `exc` and `inh`, explicit synapses). */
export function brian2CubaSpec(dump: Brian2Dump, options: { recordSpikes?: boolean } = {}): NetworkSpec {
  const { N, NE } = dump;
  for (let s = 0; s < dump.excPre.length; s++) {
    if (dump.excPre[s] >= NE) throw new DataError(join(dump.dir, 'exc_pre.i32'), `synapse ${s} has source ${dump.excPre[s]} ≥ NE = ${NE}: not excitatory`);
  }
  // an inhibitory synapse has an inhibitory source: one from i < NE would land on inh neuron i, not exc neuron i
  for (let s = 0; s < dump.inhPre.length; s++) {
    if (dump.inhPre[s] < NE) throw new DataError(join(dump.dir, 'inh_pre.i32'), `synapse ${s} has source ${dump.inhPre[s]} < NE = ${NE}: not inhibitory`);
  }
  const e = block(dump.excPre, dump.excPost, NE, N, join(dump.dir, 'exc_pre.i32'));
  const i = block(dump.inhPre, dump.inhPost, NE, N, join(dump.dir, 'inh_pre.i32'));
  const params = { ...CUBA.params };
  return {
    dt: dump.dt,
    seed: dump.seed,
    populations: [
      { name: 'exc', size: NE, model: 'core/lif_cuba', params, init: { v: dump.v0.slice(0, NE) } },
      { name: 'inh', size: N - NE, model: 'core/lif_cuba', params, init: { v: dump.v0.slice(NE) } },
    ],
    projections: [
      { source: 'exc', target: 'exc', receptor: 'exc', connectivity: { rule: 'explicit', ...e.toE }, weight: CUBA.we },
      { source: 'exc', target: 'inh', receptor: 'exc', connectivity: { rule: 'explicit', ...e.toI }, weight: CUBA.we },
      { source: 'inh', target: 'exc', receptor: 'inh', connectivity: { rule: 'explicit', ...i.toE }, weight: CUBA.wi },
      { source: 'inh', target: 'inh', receptor: 'inh', connectivity: { rule: 'explicit', ...i.toI }, weight: CUBA.wi },
    ],
    monitors: options.recordSpikes === false ? [] : [{ type: 'spikes', population: 'exc' }, { type: 'spikes', population: 'inh' }],
  };
}
