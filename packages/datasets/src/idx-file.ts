import { readFileSync, existsSync, statSync } from 'node:fs';
import { DataError } from '@spinsnn/core';
import { parseIdx, type IdxArray } from './idx.js';

// Node-only part of idx.ts (reads files), exported from @spinsnn/datasets/node.

/** Reads and validates an IDX file from disk. */
export function readIdx(file: string): IdxArray {
  if (!existsSync(file)) throw new DataError(file, 'missing: no such file');
  if (!statSync(file).isFile()) throw new DataError(file, 'is a folder, expected an IDX file');
  const buf = readFileSync(file);
  return parseIdx(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), file);
}
