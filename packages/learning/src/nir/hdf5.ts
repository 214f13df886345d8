/**
 * NIR files (HDF5) ↔ `NirGraph`, through h5wasm. Node-only (it opens paths on disk); the graph and
 * its conversion to a spec are pure (graph.ts, convert.ts). Layout (NIR's `nir.write`): root
 * dataset `version`, group `node` with `type` = "NIRGraph", group `nodes` (one group per node:
 * dataset `type`, one dataset per field, optional group `metadata`) and dataset `edges` (n × 2
 * strings). Every dtype is kept, so read → write → read gives the same graph (docs/nir.md).
 */
import fs, { closeSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { DataError, SpecError } from '@spinsnn/core';
import { isTensor, validateNirGraph, type NirDtype, type NirGraph, type NirNode, type NirTensor, type NirValue } from './graph.js';

type H5Module = typeof import('h5wasm/node').default;
type H5Group = InstanceType<H5Module['Group']>;
type H5Dataset = InstanceType<H5Module['Dataset']>;

let ready: Promise<H5Module> | null = null;
/**
 * Loads the HDF5 wasm module once. HDF5's default error handler is kept: its throwing handler
 * unwinds through HDF5's C code and leaves the library broken after the first damaged file
 * (every later call aborts), while the default one returns error codes and stays usable.
 */
async function h5(): Promise<H5Module> {
  // imported on first use: loading h5wasm compiles ~4 MB of wasm, which no other command should pay
  ready ??= import('h5wasm/node').then(async (m) => {
    await m.default.ready;
    return m.default;
  });
  return ready;
}

/**
 * Runs f with stderr captured: HDF5 prints its error stack (and Emscripten "Aborted(…)") there;
 * a damaged file is reported once, as a DataError carrying the stack's last line, not as a page
 * of diagnostics.
 */
function quietly<T>(f: () => T): { value?: T; error?: unknown; diag: string } {
  const write = process.stderr.write;
  const writeSync = fs.writeSync;
  let diag = '';
  const keep = (chunk: unknown): void => {
    diag +=
      typeof chunk === 'string'
        ? chunk
        : ArrayBuffer.isView(chunk)
          ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8')
          : String(chunk);
  };
  process.stderr.write = ((chunk: string | Uint8Array) => {
    keep(chunk);
    return true;
  }) as typeof process.stderr.write;
  // Emscripten writes fd 2 with fs.writeSync when Node's stderr is not a terminal
  fs.writeSync = ((fd: number, buffer: unknown, ...rest: unknown[]) => {
    if (fd !== 2) return (writeSync as (...a: unknown[]) => number)(fd, buffer, ...rest);
    if (typeof buffer === 'string') {
      keep(buffer);
      return Buffer.byteLength(buffer);
    }
    const v = buffer as ArrayBufferView;
    const offset = typeof rest[0] === 'number' ? rest[0] : 0;
    const length = typeof rest[1] === 'number' ? rest[1] : v.byteLength - offset;
    keep(Buffer.from(v.buffer, v.byteOffset + offset, length).toString('utf8'));
    return length;
  }) as typeof fs.writeSync;
  try {
    return { value: f(), diag };
  } catch (error) {
    return { error, diag };
  } finally {
    process.stderr.write = write;
    fs.writeSync = writeSync;
  }
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Checks the HDF5 superblock before h5wasm sees the file: the signature at byte 0 and the
 * end-of-file address it records against the file's length, so a truncated or foreign file is a
 * DataError saying so rather than a library error stack.
 */
export function checkHdf5Header(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new DataError(file, 'cannot read the file (does it exist?)');
  }
  const head = new Uint8Array(64);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, 64, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 8 || HDF5_SIGNATURE.some((b, i) => head[i] !== b))
    throw new DataError(file, 'not an HDF5 file (no HDF5 signature at byte 0): a NIR file is written by nir.write() or `spinsnn nir export`');
  const version = head[8];
  const offsetSize = version >= 2 ? head[9] : head[13];
  const eofAt = version >= 2 ? 12 + 2 * offsetSize : (version === 1 ? 28 : 24) + 2 * offsetSize;
  if (![4, 8].includes(offsetSize) || n < eofAt + offsetSize) throw new DataError(file, `truncated or damaged HDF5 superblock (${size} bytes)`);
  let eof = 0;
  for (let i = offsetSize - 1; i >= 0; i--) eof = eof * 256 + head[eofAt + i];
  if (eof > size) throw new DataError(file, `truncated: the HDF5 superblock says the file ends at byte ${eof} but it has ${size} bytes — copy the file again`);
}

const DTYPE_OF: Record<string, NirDtype> = { f4: 'f4', f8: 'f8', i1: 'i1', i2: 'i2', i4: 'i4', i8: 'i8', u1: 'u1', u2: 'u2', u4: 'u4', u8: 'u8' };
const H5_DTYPE: Record<NirDtype, string> = { f4: '<f', f8: '<d', i1: '<b', i2: '<h', i4: '<i', i8: '<q', u1: '<B', u2: '<H', u4: '<I', u8: '<Q', b1: '<B' };

function readValue(file: string, ds: H5Dataset, path: string): NirValue {
  const meta = ds.metadata;
  const shape = ds.shape ?? [];
  const v = ds.value as unknown;
  if (meta.type === 3) {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map((x) => String(x));
    throw new DataError(file, `${path}: a string dataset with an unreadable value`);
  }
  if (meta.type !== 0 && meta.type !== 1) throw new DataError(file, `${path}: HDF5 type class ${meta.type} (NIR fields are numbers or strings)`);
  const code = `${meta.type === 1 ? 'f' : meta.signed ? 'i' : 'u'}${meta.size}`;
  const dtype = DTYPE_OF[code];
  if (!dtype) throw new DataError(file, `${path}: element type ${code} is not one NIR uses`);
  let data: Float64Array;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') data = Float64Array.of(Number(v));
  else if (ArrayBuffer.isView(v)) data = Float64Array.from(v as unknown as ArrayLike<number | bigint>, (x) => Number(x));
  else throw new DataError(file, `${path}: unreadable numeric value`);
  return { kind: 'tensor', dtype, shape: [...shape], data } satisfies NirTensor;
}

function readFields(file: string, m: H5Module, g: H5Group, path: string): Record<string, NirValue> {
  const out: Record<string, NirValue> = {};
  for (const k of g.keys()) {
    const c = g.get(k);
    if (c instanceof m.Dataset) out[k] = readValue(file, c, `${path}/${k}`);
    else if (c instanceof m.Group && k !== 'metadata' && k !== 'nodes') throw new DataError(file, `${path}/${k}: a group where a field was expected`);
  }
  return out;
}

function readGraph(file: string, m: H5Module, g: H5Group, path: string, version: string): NirGraph {
  const nodesGroup = g.get('nodes');
  if (!(nodesGroup instanceof m.Group)) throw new DataError(file, `${path}: no group "nodes" (is this a NIR file?)`);
  const nodes: NirNode[] = [];
  for (const name of nodesGroup.keys()) {
    const ng = nodesGroup.get(name);
    const p = `${path}/nodes/${name}`;
    if (!(ng instanceof m.Group)) throw new DataError(file, `${p}: a node must be a group`);
    const fields = readFields(file, m, ng, p);
    const type = fields.type;
    if (typeof type !== 'string')
      throw new SpecError(
        `nir.nodes.${name}.type`,
        `the node ${name} has a "type" string (LIF, Affine, …); ${file} has none — re-export it from its framework`,
        type === undefined ? 'missing' : type,
      );
    delete fields.type;
    let metadata: Record<string, NirValue> = {};
    const mg = ng.get('metadata');
    if (mg instanceof m.Group) metadata = readFields(file, m, mg, `${p}/metadata`);
    if (type === 'NIRGraph') {
      delete fields.edges;
      nodes.push({ name, type, params: fields, metadata, graph: readGraph(file, m, ng, p, '') });
    } else nodes.push({ name, type, params: fields, metadata });
  }
  const e = g.get('edges');
  let edges: [string, string][] = [];
  if (e instanceof m.Dataset) {
    const v = readValue(file, e, `${path}/edges`);
    const flat = typeof v === 'string' ? [v] : isTensor(v) ? null : v;
    if (flat === null || flat.length % 2 !== 0) throw new DataError(file, `${path}/edges: an n × 2 array of node names`);
    edges = [];
    for (let k = 0; k < flat.length; k += 2) edges.push([flat[k], flat[k + 1]]);
  }
  return { version, nodes, edges };
}

/**
 * Reads a NIR file into a validated graph. A file that is not HDF5, is truncated or is not laid
 * out as NIR is a DataError naming it; a graph with a missing type, field or a wrong shape is a
 * SpecError naming the node.
 */
export async function readNirFile(file: string): Promise<NirGraph> {
  checkHdf5Header(file);
  const m = await h5();
  const r = quietly(() => {
    const f = new m.File(file, 'r');
    try {
      const root = f.get('node');
      if (!(root instanceof m.Group)) throw new DataError(file, 'no group "node" at the root: not a NIR graph file');
      const v = f.get('version');
      const version = v instanceof m.Dataset ? String(v.value) : '';
      return readGraph(file, m, root, 'node', version);
    } finally {
      f.close();
    }
  });
  if (r.error !== undefined) {
    if (r.error instanceof DataError || r.error instanceof SpecError) throw r.error;
    throw new DataError(file, `damaged or truncated HDF5 (HDF5 could not read it): ${firstLine(r.diag || r.error)}`);
  }
  const g = r.value!;
  validateNirGraph(g);
  return g;
}

function firstLine(err: unknown): string {
  const s = err instanceof Error ? err.message : String(err);
  if (/^Aborted\(/.test(s.trim())) return 'the HDF5 library aborted on its structure';
  const lines = s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const minor = lines.filter((l) => l.startsWith('minor:')).pop();
  return [lines[0], minor].filter(Boolean).join(' … ').slice(0, 300);
}

function writeValue(g: H5Group, name: string, v: NirValue): void {
  if (typeof v === 'string') g.create_dataset({ name, data: v });
  else if (isTensor(v)) {
    const dt = H5_DTYPE[v.dtype];
    const data = v.dtype === 'i8' ? BigInt64Array.from(v.data, (x) => BigInt(x)) : v.dtype === 'u8' ? BigUint64Array.from(v.data, (x) => BigInt(x)) : v.data;
    g.create_dataset({ name, data, shape: [...v.shape], dtype: dt });
  } else g.create_dataset({ name, data: [...v], shape: [v.length], dtype: 'S' });
}

function writeGraph(g: H5Group, graph: NirGraph): void {
  g.create_dataset({ name: 'type', data: 'NIRGraph' });
  const nodes = g.create_group('nodes', true); // creation order: the graph's node order survives
  for (const n of graph.nodes) {
    const ng = nodes.create_group(n.name, true);
    if (n.type === 'NIRGraph' && n.graph) writeGraph(ng, n.graph);
    else ng.create_dataset({ name: 'type', data: n.type });
    for (const [k, v] of Object.entries(n.params)) writeValue(ng, k, v);
    if (Object.keys(n.metadata).length > 0) {
      const mg = ng.create_group('metadata');
      for (const [k, v] of Object.entries(n.metadata)) writeValue(mg, k, v);
    }
  }
  g.create_dataset({ name: 'edges', data: graph.edges.flat(), shape: [graph.edges.length, 2], dtype: 'S' });
}

/** NIR version written when the graph carries none. */
export const NIR_WRITE_VERSION = '1.0.0';

/** Writes a graph as a NIR file (validated first; written to a temporary name, then renamed). */
export async function writeNirFile(file: string, graph: NirGraph): Promise<void> {
  validateNirGraph(graph);
  const m = await h5();
  const tmp = `${file}.tmp-${process.pid}`;
  const f = new m.File(tmp, 'w');
  try {
    f.create_dataset({ name: 'version', data: graph.version || NIR_WRITE_VERSION });
    writeGraph(f.create_group('node', true), graph);
  } catch (err) {
    f.close();
    rmSync(tmp, { force: true });
    throw new DataError(file, `could not write: ${firstLine(err)}`);
  }
  f.close();
  renameSync(tmp, file);
}
