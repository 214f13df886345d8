import { describe, expect, it } from 'vitest';
import FFT from 'fft.js';
import { Rng } from '@spinsnn/core';
import {
  Cochleagram,
  dctMatrix,
  erbHz,
  fixedFrames,
  frameCount,
  hzToMel,
  LogMelSpectrogram,
  melCentres,
  melFilterbank,
  melToHz,
  Mfcc,
  PowerSpectrogram,
  subtractBandMeans,
} from '@spinsnn/datasets';

const tone = (f: number, n: number, rate: number, amp = 1, phase = 0): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => amp * Math.cos((2 * Math.PI * f * i) / rate + phase));

describe('FFT and power spectrogram', () => {
  it('fft.js: a cosine at bin k has |X_k| = A·N/2 and nothing elsewhere', () => {
    const N = 256,
      k0 = 19,
      A = 0.7;
    const f = new FFT(N);
    const out = f.createComplexArray() as number[];
    f.realTransform(out, Array.from(tone((k0 * 8000) / N, N, 8000, A, 0.3)));
    for (let k = 0; k <= N / 2; k++) {
      const mag = Math.hypot(out[2 * k], out[2 * k + 1]);
      expect(mag).toBeCloseTo(k === k0 ? (A * N) / 2 : 0, 3); // float32 input: ~1e-5 relative
    }
  });

  it('Hann-windowed bin-centred tone: power (AL/4)² at k, (AL/8)² at k±1, 0 beyond', () => {
    // periodic Hann = ½ − ½cos: its DFT has weights ½ at 0 and −¼ at ±1, so a cosine of
    // amplitude A (A/2 per side) gives A/2·L/2 at the tone's bin and A/2·L/4 next to it
    const L = 256,
      k0 = 40,
      A = 0.5;
    const spec = new PowerSpectrogram({ sampleRate: 8000, frameLength: L, hop: L });
    const m = spec.compute(tone((k0 * 8000) / L, L, 8000, A));
    expect(m.frames).toBe(1);
    for (let k = 0; k < spec.bins; k++) {
      const want = k === k0 ? ((A * L) / 4) ** 2 : Math.abs(k - k0) === 1 ? ((A * L) / 8) ** 2 : 0;
      expect(Math.abs(m.data[k] - want)).toBeLessThan(1e-4 * ((A * L) / 4) ** 2);
    }
  });

  it('frames every hop, zero-padding the last and giving short clips one frame', () => {
    expect(frameCount(100, 256, 128)).toBe(1);
    expect(frameCount(256, 256, 128)).toBe(1);
    expect(frameCount(257, 256, 128)).toBe(2);
    expect(frameCount(8000, 256, 128)).toBe(62); // 1 + ceil(7744/128)
  });
});

describe('mel filterbank, log-mel and MFCC', () => {
  it('HTK mel scale: 700 Hz ↦ 2595·log10 2, and melToHz inverts it', () => {
    expect(hzToMel(700)).toBeCloseTo(2595 * Math.log10(2), 9);
    for (const f of [0, 125, 1000, 3999]) expect(melToHz(hzToMel(f))).toBeCloseTo(f, 6);
  });

  it('triangles with shared edges sum to 1 between the first and last centres', () => {
    const nMels = 20,
      N = 1024,
      rate = 8000;
    const fb = melFilterbank(nMels, N, rate);
    const c = melCentres(nMels, rate);
    const bins = N / 2 + 1;
    for (let k = 0; k < bins; k++) {
      const f = (k * rate) / N;
      if (f < c[0] || f > c[nMels - 1]) continue;
      let s = 0;
      for (let m = 0; m < nMels; m++) s += fb[m * bins + k];
      expect(s).toBeCloseTo(1, 5);
    }
  });

  it('a pure tone at each band centre lands in that band', () => {
    const nMels = 20,
      rate = 8000;
    const mel = new LogMelSpectrogram({ sampleRate: rate, frameLength: 1024, hop: 512, nMels });
    for (const [m, f] of melCentres(nMels, rate).entries()) {
      const out = mel.compute(tone(f, 4096, rate));
      for (let t = 0; t < out.frames; t++) {
        const row = Array.from(out.data.subarray(t * nMels, (t + 1) * nMels));
        expect(row.indexOf(Math.max(...row))).toBe(m);
      }
    }
  });

  it('the DCT is orthonormal, and a flat log-mel spectrum has only c0 = √M·value', () => {
    const M = 26;
    const d = dctMatrix(M, M);
    for (let i = 0; i < M; i++)
      for (let j = 0; j < M; j++) {
        let s = 0;
        for (let k = 0; k < M; k++) s += d[i * M + k] * d[j * M + k];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    // silence: every band sits at log(floor)
    const mfcc = new Mfcc({ sampleRate: 8000, frameLength: 256, hop: 128, nMels: M, nCoeffs: 13, floor: 1e-8 });
    const out = mfcc.compute(new Float32Array(1000));
    expect(out.bands).toBe(13);
    expect(out.data[0]).toBeCloseTo(Math.sqrt(M) * Math.log(1e-8), 3);
    for (let c = 1; c < 13; c++) expect(Math.abs(out.data[c])).toBeLessThan(1e-4);
  });
});

describe('gammatone cochleagram', () => {
  const rate = 8000;
  const coch = new Cochleagram({ sampleRate: rate, channels: 24, frameLength: 256, hop: 128 });

  it('ERB of Glasberg & Moore: 24.7·(4.37·f/kHz + 1)', () => {
    expect(erbHz(1000)).toBeCloseTo(132.639, 3);
  });

  it('a tone at a channel centre: that channel wins, with the envelope energy A²/4 of unity gain', () => {
    const A = 0.3;
    for (const c of [4, 12, 20]) {
      const out = coch.compute(tone(coch.centres[c], rate, rate, A));
      // skip the onset (a 4th-order gammatone rings for ~4/(2π·1.019·ERB) < 30 ms = 2 frames)
      let sum = 0,
        frames = 0;
      for (let t = 4; t < out.frames - 2; t++) {
        const row = Array.from(out.data.subarray(t * 24, (t + 1) * 24));
        expect(row.indexOf(Math.max(...row))).toBe(c);
        sum += Math.exp(row[c]);
        frames++;
      }
      // what remains is the negative-frequency image (its cross term averages out over a frame)
      // and float32 storage of the log: both far below 1e-4 (measured: < 2e-7)
      expect(Math.abs(sum / frames / ((A * A) / 4) - 1)).toBeLessThan(1e-4);
    }
  });

  it('detuned tones follow the closed-form magnitude [(1−a)/|1 − a·e^{iΔω}|]^4', () => {
    const c = 14,
      fc = coch.centres[c];
    const a = Math.exp((-2 * Math.PI * 1.019 * erbHz(fc)) / rate);
    for (const df of [50, 150, -100]) {
      const dw = (2 * Math.PI * df) / rate;
      const h = ((1 - a) / Math.hypot(1 - a * Math.cos(dw), a * Math.sin(dw))) ** 4;
      const out = coch.compute(tone(fc + df, rate, rate));
      let e = 0,
        n = 0;
      for (let t = 4; t < out.frames - 2; t++) {
        e += Math.exp(out.data[t * 24 + c]);
        n++;
      }
      // same residuals as above: 1e-4 relative
      expect(Math.abs(e / n / (0.25 * h * h) - 1)).toBeLessThan(1e-4);
    }
  });
});

describe('fixed-size features', () => {
  it('per-clip band means: a constant gain (offset in the log domain) disappears', () => {
    const mel = new LogMelSpectrogram({ sampleRate: 8000, frameLength: 256, hop: 128, nMels: 16 });
    // white noise with a slow envelope: every band stays far above the log floor
    const rng = new Rng(1);
    const x = Float32Array.from({ length: 4000 }, (_, i) => (0.6 + 0.4 * Math.sin(i * 0.002)) * rng.normal() * 0.1);
    const a = subtractBandMeans(mel.compute(x));
    const b = subtractBandMeans(mel.compute(x.map((v) => 0.25 * v))); // gain ¼: log power −ln 16 in every band
    for (let k = 0; k < a.data.length; k++) expect(b.data[k]).toBeCloseTo(a.data[k], 3);
    for (let band = 0; band < 16; band++) {
      let s = 0;
      for (let t = 0; t < a.frames; t++) s += a.data[t * 16 + band];
      expect(Math.abs(s / a.frames)).toBeLessThan(1e-5);
    }
  });

  it('cuts long inputs and pads short ones with their minimum (silence level)', () => {
    const m = { frames: 3, bands: 2, hopS: 0.016, data: Float32Array.from([1, 2, 3, -4, 5, 6]) };
    expect(Array.from(fixedFrames(m, 2).data)).toEqual([1, 2, 3, -4]);
    expect(Array.from(fixedFrames(m, 4).data)).toEqual([1, 2, 3, -4, 5, 6, -4, -4]);
    expect(Array.from(fixedFrames(m, 4, 0).data.subarray(6))).toEqual([0, 0]);
  });
});
