import { existsSync, readFileSync, statSync } from 'node:fs';
import { DataError } from '@spinsnn/core';
import { decodeWav, type WavAudio, type WavExpectation } from './wav.js';

// Node-only part of wav.ts (reads files), exported from @spinsnn/datasets/node.

/** Reads and decodes a WAV file, checked against `want` (e.g. FSDD_WAV). */
export function readWav(file: string, want: WavExpectation = {}): WavAudio {
  if (!existsSync(file)) throw new DataError(file, 'missing: no such WAV file');
  if (!statSync(file).isFile()) throw new DataError(file, 'is a folder, expected a WAV file');
  const buf = readFileSync(file);
  return decodeWav(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), file, want);
}
