import { readFileSync } from 'node:fs';
import { DataError, decodeSnapshot, encodeSnapshot, type StateValue } from '@spinsnn/core';

/**
 * Checkpoint files of training runs: a trainer's state (its network's `Network.snapshot()` plus
 * the trainer's own counters) as JSON with typed arrays kept bit for bit (core's
 * `encodeSnapshot`), so a resumed run continues exactly as an uninterrupted one.
 */
export function encodeState(value: unknown): string {
  return encodeSnapshot(value as StateValue);
}

export function decodeState<T>(text: string): T {
  return decodeSnapshot(text) as unknown as T;
}

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
