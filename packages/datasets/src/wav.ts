import wav from 'node-wav';
import { DataError } from '@spinsnn/core';

/**
 * WAV reading: the RIFF header is checked here (chunk sizes against the file length, PCM
 * format, channels, rate, bit depth) so a truncated or wrong file gets a message naming what
 * was expected; the samples are then decoded by `node-wav`.
 */
export interface WavHeader {
  /** 1 = integer PCM, 3 = IEEE float. */
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Byte offset and length of the `data` chunk's payload. */
  dataOffset: number;
  dataBytes: number;
  frames: number;
}

/** Decoded audio: sample rate and mono samples. */
export interface WavAudio {
  sampleRate: number;
  /** Mono samples scaled to [−1, 1]. */
  samples: Float32Array;
}

/** What a WAV file must be (sample rate, channels, bits per sample); unset fields are not checked. */
export interface WavExpectation {
  sampleRate?: number;
  channels?: number;
  /** Accept only integer PCM with this many bits per sample. */
  bitsPerSample?: number;
}

/** The FSDD format: 8 kHz mono 16-bit PCM. */
export const FSDD_WAV: Required<WavExpectation> = { sampleRate: 8000, channels: 1, bitsPerSample: 16 };

/** Parses a WAV file's RIFF header and locates its data chunk; a DataError names a malformed file. */
export function parseWavHeader(bytes: Uint8Array, file: string): WavHeader {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number): string => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (bytes.length < 12) throw new DataError(file, `${bytes.length} bytes: too short for a WAV file (12-byte RIFF header)`);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new DataError(file, `not a WAV file: starts "${printable(tag(0))}…${printable(tag(8))}", expected "RIFF…WAVE"`);
  }
  let pos = 12;
  let fmt: Omit<WavHeader, 'dataOffset' | 'dataBytes' | 'frames'> | null = null;
  while (pos + 8 <= bytes.length) {
    const id = tag(pos);
    const size = v.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) throw new DataError(file, `"fmt " chunk of ${size} bytes is truncated or too short (expected ≥ 16)`);
      fmt = {
        format: v.getUint16(body, true),
        channels: v.getUint16(body + 2, true),
        sampleRate: v.getUint32(body + 4, true),
        bitsPerSample: v.getUint16(body + 14, true),
      };
      // WAVE_FORMAT_EXTENSIBLE: the real format code is the first 2 bytes of the sub-format GUID.
      if (fmt.format === 0xfffe && size >= 40) fmt.format = v.getUint16(body + 24, true);
    } else if (id === 'data') {
      if (!fmt) throw new DataError(file, '"data" chunk before any "fmt " chunk');
      if (body + size > bytes.length) {
        throw new DataError(file, `truncated: the "data" chunk declares ${size} bytes but only ${bytes.length - body} follow`);
      }
      const block = fmt.channels * (fmt.bitsPerSample >> 3);
      if (block === 0 || size % block !== 0) {
        throw new DataError(file, `"data" chunk of ${size} bytes is not a whole number of ${block}-byte sample frames`);
      }
      return { ...fmt, dataOffset: body, dataBytes: size, frames: size / block };
    }
    pos = body + size + (size & 1); // chunks are padded to an even length
  }
  throw new DataError(file, fmt ? 'no "data" chunk (truncated?)' : 'no "fmt " chunk (truncated?)');
}

/** Checks a header against what the caller needs; the message says what the file is instead. */
export function checkWavHeader(h: WavHeader, want: WavExpectation, file: string): void {
  const got = `${h.sampleRate} Hz, ${h.channels} channel(s), ${h.format === 1 ? `${h.bitsPerSample}-bit PCM` : h.format === 3 ? `${h.bitsPerSample}-bit float` : `format code ${h.format}`}`;
  const expected = `${want.sampleRate ?? 'any'} Hz, ${want.channels ?? 'any number of'} channel(s), ${want.bitsPerSample ?? 'any'}-bit PCM`;
  const bad =
    (want.sampleRate !== undefined && h.sampleRate !== want.sampleRate) ||
    (want.channels !== undefined && h.channels !== want.channels) ||
    (want.bitsPerSample !== undefined && (h.format !== 1 || h.bitsPerSample !== want.bitsPerSample)) ||
    (h.format !== 1 && h.format !== 3);
  if (bad) throw new DataError(file, `${got}; expected ${expected} (resample/convert it, e.g. sox in.wav -r 8000 -c 1 -b 16 out.wav)`);
}

/** Decodes WAV bytes to mono samples; multi-channel files are averaged to mono. */
export function decodeWav(bytes: Uint8Array, file: string, want: WavExpectation = {}): WavAudio {
  const h = parseWavHeader(bytes, file);
  checkWavHeader(h, want, file);
  // node-wav assumes the view starts at offset 0 of its ArrayBuffer, ignores the pad byte of
  // odd-sized chunks and needs aligned samples: hand it a canonical 44-byte-header copy unless
  // the file already is one (FSDD's are).
  const canonical = h.dataOffset === 44 && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const exact = canonical ? bytes : canonicalWav(bytes, h);
  let decoded: ReturnType<typeof wav.decode>;
  try {
    decoded = wav.decode(exact);
  } catch (e) {
    throw new DataError(file, `WAV decoding failed: ${(e as Error).message}`);
  }
  if (!decoded || decoded.channelData.length !== h.channels) throw new DataError(file, 'WAV decoding returned no audio');
  const ch = decoded.channelData;
  if (ch.length === 1) return { sampleRate: h.sampleRate, samples: ch[0] };
  const mono = new Float32Array(ch[0].length);
  for (const c of ch) for (let i = 0; i < mono.length; i++) mono[i] += c[i] / ch.length;
  return { sampleRate: h.sampleRate, samples: mono };
}

function canonicalWav(bytes: Uint8Array, h: WavHeader): Uint8Array {
  const out = new Uint8Array(44 + h.dataBytes);
  const v = new DataView(out.buffer);
  const tag = (o: number, t: string): void => {
    for (let k = 0; k < 4; k++) out[o + k] = t.charCodeAt(k);
  };
  const block = h.channels * (h.bitsPerSample >> 3);
  tag(0, 'RIFF');
  v.setUint32(4, out.length - 8, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, h.format, true);
  v.setUint16(22, h.channels, true);
  v.setUint32(24, h.sampleRate, true);
  v.setUint32(28, h.sampleRate * block, true);
  v.setUint16(32, block, true);
  v.setUint16(34, h.bitsPerSample, true);
  tag(36, 'data');
  v.setUint32(40, h.dataBytes, true);
  out.set(bytes.subarray(h.dataOffset, h.dataOffset + h.dataBytes), 44);
  return out;
}

/**
 * Encodes mono samples in [−1, 1] as 16-bit PCM WAV bytes (test fixtures, exports). Written
 * here rather than with node-wav's encoder, which calls the deprecated `Buffer()` constructor.
 */
export function encodeWav16(samples: ArrayLike<number>, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + 2 * samples.length);
  const v = new DataView(out.buffer);
  const put = (o: number, s: string): void => {
    for (let k = 0; k < 4; k++) out[o + k] = s.charCodeAt(k);
  };
  put(0, 'RIFF');
  v.setUint32(4, out.length - 8, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, 2 * samples.length, true);
  for (let i = 0; i < samples.length; i++) {
    const x = Math.max(-1, Math.min(1, samples[i]));
    v.setInt16(44 + 2 * i, x < 0 ? Math.round(x * 32768) : Math.round(x * 32767), true);
  }
  return out;
}

const printable = (s: string): string => s.replace(/[^\x20-\x7e]/g, '?');
