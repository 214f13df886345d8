import { readFileSync } from 'node:fs';
import { DataError } from '@spinsnn/core';
import { decodeState } from './checkpoint.js';

// Node-only half of checkpoint.ts (reads the file), exported from @spinsnn/learning/node.

/** Reads a checkpoint; a truncated or foreign file is a DataError naming it. */
export function readState<T>(path: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataError(path, `cannot read the checkpoint (${(e as Error).message})`);
  }
  try {
    return decodeState<T>(text);
  } catch (e) {
    throw new DataError(path, `not a spinsnn checkpoint, or truncated (${(e as Error).message}); delete it to start the run afresh`);
  }
}
