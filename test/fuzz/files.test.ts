/**
 * Corrupted copies of every file format spinsnn reads (WAV, IDX, Gset, Brian2 dump, training
 * checkpoint, network snapshot): truncations, byte flips, wrong headers. Each must end in a
 * DataError/SpecError naming the file or field, or a valid parse; never another error type.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, Network, SpecError, decodeSnapshot, encodeSnapshot, type NetworkSpec } from '@spinsnn/core';
import { brian2CubaSpec, decodeWav, encodeIdx, encodeWav16, parseGset, parseIdx, FSDD_WAV } from '@spinsnn/datasets';
import { readBrian2Dump } from '@spinsnn/datasets/node';
import { encodeState } from '@spinsnn/learning';
import { readState } from '@spinsnn/learning/node';
import { fuzzRuns, fuzzSeed, fuzzTimeout } from './config.js';
import { dataset } from '../support/datasets.js';

const FSDD_CLIP = dataset('fsdd/recordings/0_george_0.wav');
const TMP = mkdtempSync(join(tmpdir(), 'spinsnn-fuzz-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** A corruption of a byte string, as plain numbers fast-check can shrink. */
interface Corruption {
  kind: number;
  at: number;
  len: number;
  byte: number;
}
const corruption: fc.Arbitrary<Corruption> = fc.record({
  kind: fc.nat({ max: 99 }),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 16 }),
  byte: fc.nat({ max: 255 }),
});

function corrupt(src: Uint8Array, cs: readonly Corruption[]): Uint8Array {
  let b = src.slice();
  for (const c of cs) {
    const n = b.length;
    const at = n === 0 ? 0 : c.at % n;
    switch (c.kind % 7) {
      case 0: // truncate
        b = b.slice(0, at);
        break;
      case 1: // flip bits
        for (let k = 0; k < c.len && at + k < n; k++) b[at + k] ^= 1 << (c.byte % 8);
        break;
      case 2: // overwrite a run with one byte
        b.fill(c.byte, at, Math.min(n, at + c.len));
        break;
      case 3: // wrong header: scribble over the first bytes
        for (let k = 0; k < Math.min(n, c.len); k++) b[k] = (c.byte * (k + 7)) & 255;
        break;
      case 4: {
        // delete a run
        const out = new Uint8Array(n - Math.min(c.len, n - at));
        out.set(b.subarray(0, at));
        out.set(b.subarray(at + c.len), at);
        b = out;
        break;
      }
      case 5: {
        // insert a run
        const out = new Uint8Array(n + c.len);
        out.set(b.subarray(0, at));
        out.fill(c.byte, at, at + c.len);
        out.set(b.subarray(at), at + c.len);
        b = out;
        break;
      }
      default: // a digit or character changed (text formats)
        if (n > 0) b[at] = '0123456789-.eE,:[]{}" \nNaInfity'.charCodeAt(c.byte % 32);
    }
  }
  return b;
}

type Outcome = 'parsed' | 'refused';

/** Runs a reader on corrupted input: a user error that names its file/field, or a value. */
function expectContract(read: () => unknown, file: string): Outcome {
  try {
    read();
    return 'parsed';
  } catch (e) {
    if (e instanceof DataError) {
      if (!e.file.includes(file)) throw new Error(`DataError names ${e.file}, expected ${file}: ${e.message}`);
      return 'refused';
    }
    if (e instanceof SpecError) {
      if (!(e.path.length > 0)) throw new Error(`SpecError without a field: ${e.message}`);
      return 'refused';
    }
    throw e;
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function fuzzFormat(name: string, ciRuns: number, seed: number, originals: () => Uint8Array[], read: (bytes: Uint8Array) => unknown, file: string) {
  const runs = fuzzRuns(ciRuns);
  it(
    `${name}: corrupted copies are a DataError/SpecError or a valid parse (${runs} cases)`,
    () => {
      const srcs = originals();
      // the originals themselves parse
      for (const s of srcs) expect(expectContract(() => read(s), file)).toBe('parsed');
      const counts = { parsed: 0, refused: 0 };
      fc.assert(
        fc.property(fc.nat(), fc.array(corruption, { minLength: 1, maxLength: 3 }), (k, cs) => {
          counts[expectContract(() => read(corrupt(srcs[k % srcs.length], cs)), file)]++;
        }),
        { numRuns: runs, seed: fuzzSeed(seed) },
      );
      console.log(`${name} fuzz: ${runs} cases, ${counts.parsed} parsed, ${counts.refused} refused`);
    },
    fuzzTimeout(runs, 5),
  );
}

const snapshotSpec = (): NetworkSpec => ({
  seed: 3,
  populations: [
    { name: 'a', size: 5, model: 'core/lif_cuba' },
    { name: 'b', size: 3, model: 'core/lif', integration: 'event' },
  ],
  inputs: [{ name: 'in', type: 'poisson', size: 4, rate: 400 }],
  projections: [
    { source: 'in', target: 'a', connectivity: { rule: 'all_to_all' }, weight: 3e-3, delay: 1e-3 },
    {
      source: 'a',
      target: 'b',
      connectivity: { rule: 'fixed_probability', p: 0.6 },
      weight: { uniform: [1e-3, 5e-3] },
      delay: { uniform: [0, 2e-3] },
      synapse: { device: 'sot/multilevel' },
      plasticity: { rule: 'learning/stdp' },
    },
  ],
  monitors: [
    { type: 'spikes', population: 'a' },
    { type: 'state', population: 'b', variable: 'v', indices: [0, 2] },
    { type: 'rate', population: 'a' },
  ],
});

describe('fuzz: file formats', () => {
  fuzzFormat(
    'WAV',
    5000,
    101,
    () =>
      [
        encodeWav16(
          Array.from({ length: 64 }, (_, i) => Math.sin(i / 3) * 0.5),
          8000,
        ),
        new Uint8Array(readFileSync(FSDD_CLIP).subarray(0, 400)),
      ].map((b, i) => {
        if (i === 1) {
          // a short real header: rewrite the data size to what is left
          const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
          v.setUint32(40, b.length - 44, true);
          v.setUint32(4, b.length - 8, true);
        }
        return b;
      }),
    (b) => {
      decodeWav(b, 'clip.wav');
      return decodeWav(b, 'clip.wav', FSDD_WAV);
    },
    'clip.wav',
  );

  fuzzFormat(
    'IDX',
    5000,
    102,
    () => [
      encodeIdx(
        'uint8',
        [3, 4, 4],
        Array.from({ length: 48 }, (_, i) => i),
      ),
      encodeIdx('float64', [5], [1, 2, 3, 4, 5]),
      encodeIdx('int16', [2, 3], [1, -2, 3, -4, 5, -6]),
      encodeIdx('int8', [7], [1, -2, 3, -4, 5, -6, 7]),
    ],
    (b) => parseIdx(b, 'train-images-idx3-ubyte'),
    'train-images-idx3-ubyte',
  );

  fuzzFormat(
    'Gset',
    5000,
    103,
    () => [
      enc.encode('5 6\n1 2 1\n2 3 1\n3 4 -1\n4 5 1\n1 5 1\n2 4 1\n'),
      enc.encode(
        readFileSync(dataset('gset/G11.txt'), 'utf8')
          .split('\n')
          .slice(0, 1)
          .map(() => '800 20')
          .concat(readFileSync(dataset('gset/G11.txt'), 'utf8').split('\n').slice(1, 21))
          .join('\n') + '\n',
      ),
    ],
    (b) => parseGset(dec.decode(b), 'G0.txt'),
    'G0.txt',
  );

  // a small dump in the Brian2 format: N = 10, NE = 8
  const dumpDir = join(TMP, 'brian2');
  const dumpFiles = (): Record<string, Uint8Array> => {
    const f64 = (a: number[]) => new Uint8Array(Float64Array.from(a).buffer);
    const i32 = (a: number[]) => new Uint8Array(Int32Array.from(a).buffer);
    const arrays = {
      'v0_volt.f64': f64(Array.from({ length: 10 }, (_, i) => -0.06 + i * 1e-3)),
      'exc_pre.i32': i32([0, 1, 2, 7]),
      'exc_post.i32': i32([1, 8, 9, 3]),
      'inh_pre.i32': i32([8, 9, 9]),
      'inh_post.i32': i32([0, 5, 8]),
      'spike_i.i32': i32([1, 2]),
      'spike_t_s.f64': f64([1e-3, 2e-3]),
    };
    const meta = Object.fromEntries(
      Object.entries(arrays).map(([k, v]) => [k, { dtype: k.endsWith('f64') ? '<f8' : '<i4', length: v.length / (k.endsWith('f64') ? 8 : 4) }]),
    );
    return { 'manifest.json': enc.encode(JSON.stringify({ args: { duration: 0.01, seed: 1 }, N: 10, NE: 8, dt_s: 1e-4, arrays: meta }, null, 1)), ...arrays };
  };
  const names = Object.keys(dumpFiles());
  const writeDump = (which: number, bytes: Uint8Array) => {
    rmSync(dumpDir, { recursive: true, force: true });
    const files = dumpFiles();
    files[names[which % names.length]] = bytes;
    mkdirSync(dumpDir, { recursive: true });
    for (const [n, b] of Object.entries(files)) writeFileSync(join(dumpDir, n), b);
  };
  const runs = fuzzRuns(1500);
  it(
    `Brian2 dump: corrupted files are a DataError/SpecError or a valid spec that builds (${runs} cases)`,
    () => {
      const files = dumpFiles();
      const counts = { parsed: 0, refused: 0 };
      const read = () => {
        const spec = brian2CubaSpec(readBrian2Dump(dumpDir));
        new Network(spec).run(1e-3);
      };
      writeDump(0, files['manifest.json']);
      expect(expectContract(read, 'brian2')).toBe('parsed');
      fc.assert(
        fc.property(fc.nat(), fc.array(corruption, { minLength: 1, maxLength: 3 }), (which, cs) => {
          const name = names[which % names.length];
          writeDump(which, corrupt(files[name], name === 'manifest.json' ? cs.map((c) => ({ ...c, kind: 6 })) : cs));
          counts[expectContract(read, 'brian2')]++;
        }),
        { numRuns: runs, seed: fuzzSeed(104) },
      );
      console.log(`Brian2 fuzz: ${runs} cases, ${counts.parsed} parsed, ${counts.refused} refused`);
    },
    fuzzTimeout(runs, 20),
  );

  const snapOriginals = (): Uint8Array[] => {
    const net = new Network(snapshotSpec());
    net.run(7e-3);
    return [enc.encode(encodeSnapshot(net.snapshot()))];
  };
  fuzzFormat(
    'network snapshot',
    3000,
    105,
    snapOriginals,
    (b) => {
      const net = new Network(snapshotSpec());
      net.restore(decodeSnapshot(dec.decode(b)));
    },
    'snapshot',
  );

  const ckpt = join(TMP, 'checkpoint.json');
  fuzzFormat(
    'training checkpoint',
    3000,
    106,
    () => {
      const net = new Network(snapshotSpec());
      net.run(3e-3);
      return [enc.encode(encodeState({ done: 3, net: net.snapshot(), history: [{ done: 3, runningAccuracy: 0.5 }] }))];
    },
    (b) => {
      writeFileSync(ckpt, b);
      const state = readState<{ net: Parameters<Network['restore']>[0] }>(ckpt);
      new Network(snapshotSpec()).restore(state.net);
    },
    'checkpoint.json',
  );
});
