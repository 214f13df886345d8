/**
 * Corrupted copies of NIR files (HDF5, read through h5wasm): truncations, byte flips, scribbled
 * runs. Each must end in a DataError/SpecError naming the file or node, or in a graph that
 * validates and converts; never an h5wasm RuntimeError or another error type (docs/nir.md).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, Rng, SpecError } from '@spinsnn/core';
import { nirToSpec } from '@spinsnn/learning';
import { readNirFile } from '@spinsnn/learning/node';
import { fuzzRuns, fuzzSeed, fuzzTimeout } from './config.js';
import { dataset } from '../support/datasets.js';

const NIR = dataset('nir/');
const TMP = mkdtempSync(join(tmpdir(), 'spinsnn-fuzz-nir-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function corrupt(src: Uint8Array, rng: Rng): Uint8Array {
  let b = src.slice();
  const n = b.length;
  const at = Math.floor(rng.uniform() * n);
  const len = 1 + Math.floor(rng.uniform() * 16);
  switch (Math.floor(rng.uniform() * 4)) {
    case 0: // truncate
      b = b.slice(0, at);
      break;
    case 1: // flip a bit in a run
      for (let k = 0; k < len && at + k < n; k++) b[at + k] ^= 1 << Math.floor(rng.uniform() * 8);
      break;
    case 2: // overwrite a run with one byte
      b.fill(Math.floor(rng.uniform() * 256), at, Math.min(n, at + len));
      break;
    default: // flip one byte anywhere in the metadata-heavy first 4 kB
      b[Math.floor(rng.uniform() * Math.min(n, 4096))] ^= 0xff;
  }
  return b;
}

describe('fuzz: NIR files', () => {
  const runs = fuzzRuns(300);
  it(
    `corrupted .nir files are a DataError/SpecError or a valid graph (${runs} cases)`,
    async () => {
      const srcs = ['01_lif/lif_norse.nir', '01_lif/lif_rockpool.nir', '03_rnn/braille_noDelay_bias_zero.nir'].map(
        (f) => new Uint8Array(readFileSync(join(NIR, f))),
      );
      const rng = new Rng(fuzzSeed(104));
      const counts = { parsed: 0, refused: 0 };
      const file = join(TMP, 'case.nir');
      for (let k = 0; k < runs; k++) {
        writeFileSync(file, corrupt(srcs[k % srcs.length], rng));
        try {
          nirToSpec(await readNirFile(file));
          counts.parsed++;
        } catch (e) {
          if (e instanceof DataError) expect(e.file).toBe(file);
          else if (e instanceof SpecError) expect(e.path.length).toBeGreaterThan(0);
          else throw new Error(`case ${k}: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
          counts.refused++;
        }
      }
      console.log(`NIR fuzz: ${runs} cases, ${counts.parsed} parsed, ${counts.refused} refused`);
      expect(counts.refused).toBeGreaterThan(0);
      expect(counts.parsed).toBeGreaterThan(0);
      // a damaged file leaves the HDF5 library usable: the originals still read
      for (const f of ['01_lif/lif_norse.nir', '03_rnn/braille_noDelay_bias_zero.nir'])
        expect((await readNirFile(join(NIR, f))).nodes.length).toBeGreaterThan(3);
    },
    fuzzTimeout(runs, 20),
  );
});
