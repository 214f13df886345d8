import { existsSync, readFileSync, statSync } from 'node:fs';
import { DataError } from '@spinsnn/core';
import { parseGset, type Graph } from './gset.js';

// Node-only part of gset.ts (reads files), exported from @spinsnn/datasets/node.

/** Reads a Gset graph file (e.g. G1.txt); a DataError names a missing or malformed file. */
export function readGset(file: string): Graph {
  if (!existsSync(file)) throw new DataError(file, 'missing: no such Gset file');
  if (!statSync(file).isFile()) throw new DataError(file, 'is a folder, expected a Gset text file (e.g. G1.txt)');
  return parseGset(readFileSync(file, 'utf8'), file);
}
