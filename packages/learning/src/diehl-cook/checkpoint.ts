import { decodeSnapshot, encodeSnapshot, type StateValue } from '@spinsnn/core';

/**
 * Checkpoint files of training runs: a trainer's state (its network's `Network.snapshot()` plus
 * the trainer's own counters) as JSON with typed arrays kept bit for bit (core's
 * `encodeSnapshot`), so a resumed run continues exactly as an uninterrupted one.
 */
export function encodeState(value: unknown): string {
  return encodeSnapshot(value as StateValue);
}

/** Parses checkpoint JSON written by `encodeState`. */
export function decodeState<T>(text: string): T {
  return decodeSnapshot(text) as unknown as T;
}
