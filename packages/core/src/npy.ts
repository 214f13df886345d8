import { unzipSync, zipSync } from 'fflate';
import { DataError } from './errors.js';
import { isStateArray, type StateRecord, type StateValue } from './state.js';

/**
 * NumPy's `.npy` and `.npz` formats (format 1.0, little-endian), so weights and checkpoints open
 * in Python with `numpy.load` and no converter. The layout is NumPy's own
 * (numpy.lib.format): the magic `\x93NUMPY`, version 1.0, a little-endian uint16 header length,
 * a Python-dict header padded with spaces to a multiple of 64 bytes and ending in `\n`, then the
 * raw C-order data. An `.npz` is a zip of `<name>.npy` members.
 */

/** The typed arrays that have a NumPy dtype. */
export type NpyArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** One array with its shape (C order: the last index varies fastest). */
export interface NpyTensor {
  data: NpyArray;
  shape: number[];
}

const DTYPES: [string, new (b: ArrayBuffer, o: number, n: number) => NpyArray, number][] = [
  ['<f8', Float64Array, 8],
  ['<f4', Float32Array, 4],
  ['<i4', Int32Array, 4],
  ['<u4', Uint32Array, 4],
  ['<i2', Int16Array, 2],
  ['<u2', Uint16Array, 2],
  ['|i1', Int8Array, 1],
  ['|u1', Uint8Array, 1],
];
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function dtypeOf(a: NpyArray): string {
  for (const [descr, ctor] of DTYPES) if (a instanceof ctor) return descr;
  throw new DataError('npy', `cannot store a ${(a as object).constructor.name} (use a Float64/32, (U)Int32/16/8 array)`);
}

/** The bytes of one `.npy` file holding `data` with `shape` (default: a 1-D array). */
export function encodeNpy(data: NpyArray, shape: readonly number[] = [data.length]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0) || count !== data.length) {
    throw new DataError('npy', `shape [${shape.join(', ')}] holds ${count} values but the array has ${data.length}`);
  }
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${dtypeOf(data)}', 'fortran_order': False, 'shape': (${dims}), }`;
  // magic (6) + version (2) + header length (2) + header, padded so the data starts 64-aligned
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

/** Reads one `.npy` file (format 1.0/2.0, little-endian, C order); `name` labels errors. */
export function decodeNpy(bytes: Uint8Array, name = 'npy'): NpyTensor {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw new DataError(name, 'not a .npy file (no \\x93NUMPY magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new DataError(name, 'truncated .npy header');
  let header = '';
  for (let i = 0; i < headerLen; i++) header += String.fromCharCode(bytes[start + i]);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  // one-byte types have no byte order: NumPy writes '|u1', some writers '<u1'
  const dtype = DTYPES.find(([d]) => d === descr || (d[0] === '|' && descr === `<${d.slice(1)}`));
  if (!dtype || fortran !== 'False' || shapeText === undefined) {
    throw new DataError(name, `unsupported .npy header ${header.trim()} (expected a little-endian C-order array of f8, f4, i4, u4, i2, u2, i1 or u1)`);
  }
  const shape = shapeText
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  if (offset + count * dtype[2] > bytes.length)
    throw new DataError(name, `truncated .npy data: shape [${shape.join(', ')}] needs ${count * dtype[2]} bytes, the file has ${bytes.length - offset}`);
  // copy so the result is aligned and independent of the file's buffer
  const buf = bytes.slice(offset, offset + count * dtype[2]).buffer;
  return { data: new dtype[1](buf, 0, count), shape };
}

/** The bytes of an `.npz` (an uncompressed zip of `<name>.npy`), as `numpy.savez` writes. */
export function encodeNpz(arrays: Record<string, NpyTensor>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, t] of Object.entries(arrays)) files[`${name}.npy`] = encodeNpy(t.data, t.shape);
  return zipSync(files, { level: 0 });
}

/** Reads an `.npz` into its arrays by name (without the `.npy` suffix). */
export function decodeNpz(bytes: Uint8Array, name = 'npz'): Record<string, NpyTensor> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new DataError(name, `not a readable .npz (zip) file: ${(e as Error).message}`);
  }
  const out: Record<string, NpyTensor> = {};
  for (const [file, data] of Object.entries(files)) out[file.replace(/\.npy$/, '')] = decodeNpy(data, `${name}:${file}`);
  return out;
}

/**
 * Every typed array of a state record (a checkpoint or `Network.snapshot()`), by its dotted
 * path (`projections.in->exc.store.arrays.weights`), as 1-D tensors for an `.npz`. Numbers and
 * strings stay in the JSON checkpoint; this is the arrays' view for NumPy.
 */
export function stateArrays(value: StateValue, prefix = ''): Record<string, NpyTensor> {
  const out: Record<string, NpyTensor> = {};
  const walk = (v: StateValue, path: string): void => {
    if (isStateArray(v)) {
      out[path] = { data: v, shape: [v.length] };
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i)));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v as StateRecord)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(value, prefix);
  return out;
}
