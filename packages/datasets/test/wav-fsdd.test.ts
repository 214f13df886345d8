import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, SpecError } from '@spinsnn/core';
import { decodeWav, encodeWav16, FSDD_WAV, fsddOfficialSplit, fsddSpeakerSplit, fsddSplit, fsddSpeakers, parseWavHeader } from '@spinsnn/datasets';
import { listFsdd, readFsddClip, readWav } from '@spinsnn/datasets/node';
import { dataset } from '../../../test/support/datasets.js';

const FSDD = dataset('fsdd/');

/** A WAV header + data written byte by byte, independent of the encoder under test. */
function handWav(o: {
  rate?: number;
  channels?: number;
  bits?: number;
  format?: number;
  samples?: number[];
  declaredBytes?: number;
  extraChunk?: boolean;
}): Uint8Array {
  const rate = o.rate ?? 8000,
    ch = o.channels ?? 1,
    bits = o.bits ?? 16,
    fmt = o.format ?? 1;
  const samples = o.samples ?? [0, 1000, -1000, 32767, -32768];
  const data = samples.length * (bits / 8);
  const extra = o.extraChunk ? 8 + 3 + 1 : 0; // odd-sized LIST chunk + pad byte
  const buf = new Uint8Array(44 + extra + data);
  const v = new DataView(buf.buffer);
  const tag = (off: number, s: string): void => {
    for (let k = 0; k < 4; k++) buf[off + k] = s.charCodeAt(k);
  };
  tag(0, 'RIFF');
  v.setUint32(4, buf.length - 8, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, fmt, true);
  v.setUint16(22, ch, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, (rate * ch * bits) / 8, true);
  v.setUint16(32, (ch * bits) / 8, true);
  v.setUint16(34, bits, true);
  let p = 36;
  if (o.extraChunk) {
    tag(p, 'LIST');
    v.setUint32(p + 4, 3, true);
    p += 12;
  }
  tag(p, 'data');
  v.setUint32(p + 4, o.declaredBytes ?? data, true);
  samples.forEach((s, i) => (bits === 16 ? v.setInt16(p + 8 + 2 * i, s, true) : v.setUint8(p + 8 + i, s)));
  return buf;
}

describe('WAV reader', () => {
  it('decodes hand-made 16-bit PCM exactly (node-wav scaling: x/32768 below 0, x/32767 above)', () => {
    const a = decodeWav(handWav({}), 'hand.wav', FSDD_WAV);
    expect(a.sampleRate).toBe(8000);
    expect(Array.from(a.samples)).toEqual([0, Math.fround(1000 / 32767), Math.fround(-1000 / 32768), 1, -1]);
  });

  it('skips other chunks, honouring the pad byte of odd-sized ones', () => {
    const h = parseWavHeader(handWav({ extraChunk: true }), 'list.wav');
    expect(h.frames).toBe(5);
    expect(decodeWav(handWav({ extraChunk: true }), 'list.wav', FSDD_WAV).samples.length).toBe(5);
  });

  it('round-trips encodeWav16 to within one quantisation step', () => {
    const x = Array.from({ length: 400 }, (_, i) => 0.8 * Math.sin((2 * Math.PI * 440 * i) / 8000));
    const y = decodeWav(encodeWav16(x, 8000), 'sine.wav', FSDD_WAV).samples;
    for (let i = 0; i < x.length; i++) expect(Math.abs(y[i] - x[i])).toBeLessThanOrEqual(1 / 32767);
  });

  it.each([
    ['16 kHz', { rate: 16000 }, /16000 Hz, 1 channel\(s\), 16-bit PCM; expected 8000 Hz, 1 channel\(s\), 16-bit PCM/],
    ['stereo', { channels: 2, samples: [0, 0, 1, 1] }, /2 channel\(s\).*expected 8000 Hz, 1 channel/],
    ['8-bit', { bits: 8, samples: [128, 129] }, /8-bit PCM; expected/],
    ['IEEE float', { format: 3, bits: 32, samples: [] }, /32-bit float; expected/],
    ['truncated data', { declaredBytes: 100 }, /truncated: the "data" chunk declares 100 bytes but only 10 follow/],
    ['half sample frame', { declaredBytes: 9 }, /not a whole number of 2-byte sample frames/],
  ])('rejects %s with a message saying what was expected', (_n, o, message) => {
    const run = (): unknown => decodeWav(handWav(o), '/clips/x.wav', FSDD_WAV);
    expect(run).toThrow(DataError);
    expect(run).toThrow(message);
    expect(run).toThrow(/^\/clips\/x\.wav: /);
  });

  it('rejects files that are not RIFF/WAVE or lose their header', () => {
    expect(() => decodeWav(new TextEncoder().encode('ID3\u0004 not a wav file'), 'a.mp3')).toThrow(/not a WAV file/);
    expect(() => decodeWav(handWav({}).subarray(0, 30), 'cut.wav')).toThrow(/"fmt " chunk of 16 bytes is truncated/);
    expect(() => decodeWav(handWav({}).subarray(0, 38), 'cut.wav')).toThrow(/no "data" chunk/);
    expect(() => readWav('/no/such/file.wav')).toThrow(/\/no\/such\/file\.wav: missing/);
  });
});

describe('FSDD', () => {
  const clips = listFsdd(FSDD);

  it('finds the 3,000 clips of 6 speakers from the repository root or its recordings/ folder', () => {
    expect(clips.length).toBe(3000);
    expect(fsddSpeakers(clips)).toEqual(['george', 'jackson', 'lucas', 'nicolas', 'theo', 'yweweler']);
    expect(listFsdd(join(FSDD, 'recordings')).length).toBe(3000);
  });

  it('official split: takes 0–4 of every speaker and digit are the 300 test clips', () => {
    const s = fsddOfficialSplit(clips);
    expect([s.train.length, s.test.length]).toEqual([2700, 300]);
    const perCell = new Map<string, number>();
    for (const c of s.test) perCell.set(`${c.speaker}/${c.digit}`, (perCell.get(`${c.speaker}/${c.digit}`) ?? 0) + 1);
    expect(perCell.size).toBe(60);
    expect([...perCell.values()].every((n) => n === 5)).toBe(true);
    expect(s.test.every((c) => c.take < 5) && s.train.every((c) => c.take >= 5)).toBe(true);
  });

  it('leave-one-speaker-out split holds out all 500 clips of that speaker', () => {
    const s = fsddSplit(clips, 'speaker:theo');
    expect([s.train.length, s.test.length]).toEqual([2500, 500]);
    expect(s.test.every((c) => c.speaker === 'theo') && s.train.every((c) => c.speaker !== 'theo')).toBe(true);
    expect(() => fsddSpeakerSplit(clips, 'alice')).toThrow(SpecError);
    expect(() => fsddSplit(clips, 'random')).toThrow(/"official" or "speaker:NAME"/);
  });

  it('decodes a real clip: 8 kHz mono, length from the data chunk', () => {
    const c = clips.find((k) => k.file.endsWith('0_george_0.wav'))!;
    // the file's data chunk declares 0x12a0 = 4768 bytes = 2384 16-bit samples
    const x = readFsddClip(c);
    expect(x.length).toBe(2384);
    expect(Math.max(...x.map(Math.abs))).toBeGreaterThan(0.05);
  });

  it('reports missing folders, empty folders and stray file names clearly', () => {
    expect(() => listFsdd('/no/such/fsdd')).toThrow(/missing.*git clone/);
    const dir = mkdtempSync(join(tmpdir(), 'fsdd-'));
    expect(() => listFsdd(dir)).toThrow(/no \{digit\}_\{speaker\}_\{take\}\.wav files/);
    mkdirSync(join(dir, 'recordings'));
    writeFileSync(join(dir, 'recordings', '3_ann_0.wav'), handWav({ rate: 44100 }));
    expect(listFsdd(dir).length).toBe(1);
    expect(() => readFsddClip(listFsdd(dir)[0])).toThrow(/44100 Hz.*expected 8000 Hz/);
    writeFileSync(join(dir, 'recordings', 'three.wav'), handWav({}));
    expect(() => listFsdd(dir)).toThrow(/three\.wav: file name does not follow/);
  });
});
