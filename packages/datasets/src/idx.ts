import { DataError } from '@spinsnn/core';

/**
 * Reader for the IDX format of LeCun's MNIST files: a 4-byte magic number
 * `0x00 0x00 <type> <ndims>`, then `ndims` big-endian uint32 dimensions, then the values,
 * big-endian, in row-major order. Every check states what was expected, so a truncated
 * download or a wrong file says so instead of yielding garbage digits.
 */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** A parsed IDX array: element type, dimensions and values. */
export interface IdxArray {
  type: IdxType;
  dims: number[];
  /** Values in row-major order; uint8 data is a view of the file buffer (no copy). */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Record<number, { type: IdxType; bytes: number }> = {
  0x08: { type: 'uint8', bytes: 1 },
  0x09: { type: 'int8', bytes: 1 },
  0x0b: { type: 'int16', bytes: 2 },
  0x0c: { type: 'int32', bytes: 4 },
  0x0d: { type: 'float32', bytes: 4 },
  0x0e: { type: 'float64', bytes: 8 },
};

/** Parses IDX bytes; `file` names the source in error messages. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new DataError(file, `${bytes.length} bytes: too short for an IDX header (4-byte magic number)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(
      file,
      `not an IDX file: magic number starts 0x${hex(bytes[0])} 0x${hex(bytes[1])}, expected 0x00 0x00 (gzip-compressed? gunzip it first)`,
    );
  }
  const t = TYPES[bytes[2]];
  if (!t) throw new DataError(file, `unknown IDX element type 0x${hex(bytes[2])}, expected one of 0x08 0x09 0x0b 0x0c 0x0d 0x0e`);
  const ndims = bytes[3];
  if (ndims < 1) throw new DataError(file, 'IDX header declares 0 dimensions, expected at least 1');
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new DataError(file, `${bytes.length} bytes: truncated inside the header (${ndims} dimensions need ${headerBytes} bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < ndims; d++) {
    const n = view.getUint32(4 + 4 * d, false);
    if (n === 0) throw new DataError(file, `dimension ${d} is 0, expected ≥ 1`);
    dims.push(n);
    count *= n;
  }
  const expected = headerBytes + count * t.bytes;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'truncated' : 'has trailing bytes';
    throw new DataError(file, `${bytes.length} bytes, expected ${expected} for ${t.type}[${dims.join('×')}] (${what})`);
  }
  return { type: t.type, dims, data: decodeValues(view, headerBytes, count, t.type, bytes) };
}

function decodeValues(view: DataView, off: number, n: number, type: IdxType, bytes: Uint8Array): IdxArray['data'] {
  switch (type) {
    case 'uint8':
      return bytes.subarray(off, off + n);
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset + off, n);
    case 'int16': {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(off + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(off + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(off + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(off + 8 * i, false);
      return out;
    }
  }
}

/** Encodes values as IDX bytes (big-endian); used to write test fixtures and exports. */
export function encodeIdx(type: IdxType, dims: number[], values: ArrayLike<number>): Uint8Array {
  const code = Number(Object.keys(TYPES).find((k) => TYPES[Number(k)].type === type));
  const size = TYPES[code].bytes;
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + values.length * size);
  const v = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, k) => v.setUint32(4 + 4 * k, d, false));
  for (let i = 0; i < values.length; i++) {
    const o = header + i * size;
    if (type === 'uint8') v.setUint8(o, values[i]);
    else if (type === 'int8') v.setInt8(o, values[i]);
    else if (type === 'int16') v.setInt16(o, values[i], false);
    else if (type === 'int32') v.setInt32(o, values[i], false);
    else if (type === 'float32') v.setFloat32(o, values[i], false);
    else v.setFloat64(o, values[i], false);
  }
  return out;
}

const hex = (b: number): string => b.toString(16).padStart(2, '0');
