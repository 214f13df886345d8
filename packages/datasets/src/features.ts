import FFT from 'fft.js';
import { SpecError } from '@spinsnn/core';

/**
 * Audio features for speech: log-mel spectrogram, MFCC and a gammatone cochleagram. Each
 * extractor is an object built once per configuration: FFT tables, window, filterbank and
 * scratch buffers are allocated in the constructor and reused for every clip, so extracting
 * thousands of clips allocates only the outputs.
 *
 * Output layout: `FeatureMatrix`, frames × bands, row-major (one frame's bands contiguous).
 */
export interface FeatureMatrix {
  frames: number;
  bands: number;
  /** Seconds between frame starts. */
  hopS: number;
  data: Float32Array;
}

/** Framing of audio into analysis frames: sample rate, frame length, hop. */
export interface FramingOptions {
  sampleRate: number;
  /** Samples per analysis frame (Hann window). */
  frameLength: number;
  /** Samples between frame starts. */
  hop: number;
  /** FFT size, a power of two ≥ frameLength; defaults to the next power of two. */
  fftSize?: number;
}

/** Number of frames for `n` samples: frames start every `hop`; a short clip still gives one (zero-padded) frame. */
export function frameCount(n: number, frameLength: number, hop: number): number {
  return n <= frameLength ? 1 : 1 + Math.ceil((n - frameLength) / hop);
}

const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

function checkFraming(o: FramingOptions): number {
  if (!(o.sampleRate > 0)) throw new SpecError('sampleRate', 'a number > 0 Hz', o.sampleRate);
  if (!(Number.isInteger(o.frameLength) && o.frameLength >= 2)) throw new SpecError('frameLength', 'a whole number ≥ 2 samples', o.frameLength);
  if (!(Number.isInteger(o.hop) && o.hop >= 1)) throw new SpecError('hop', 'a whole number ≥ 1 sample', o.hop);
  const n = o.fftSize ?? nextPow2(o.frameLength);
  if (n < o.frameLength || (n & (n - 1)) !== 0 || n < 4) throw new SpecError('fftSize', `a power of two ≥ frameLength (${o.frameLength}) and ≥ 4`, n);
  return n;
}

/** Power spectrogram |X_k|² of Hann-windowed frames, k = 0..fftSize/2. */
export class PowerSpectrogram {
  readonly fftSize: number;
  readonly bins: number;
  private readonly fft: FFT;
  private readonly window: Float64Array;
  private readonly frame: Float64Array;
  private readonly spectrum: Float64Array;

  constructor(readonly opts: FramingOptions) {
    this.fftSize = checkFraming(opts);
    this.bins = this.fftSize / 2 + 1;
    this.fft = new FFT(this.fftSize);
    // periodic Hann window: overlap-adds to a constant at hop = frameLength/2
    this.window = new Float64Array(opts.frameLength);
    for (let i = 0; i < opts.frameLength; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / opts.frameLength);
    this.frame = new Float64Array(this.fftSize);
    this.spectrum = new Float64Array(2 * this.fftSize);
  }

  /** Power spectrum of the frame starting at sample `start` into `out` (length `bins`). */
  frameInto(samples: ArrayLike<number>, start: number, out: Float64Array | Float32Array, outOffset = 0): void {
    const L = this.opts.frameLength;
    const f = this.frame;
    const end = Math.min(L, samples.length - start);
    for (let i = 0; i < end; i++) f[i] = samples[start + i] * this.window[i];
    f.fill(0, Math.max(0, end));
    this.fft.realTransform(this.spectrum, f);
    const s = this.spectrum;
    for (let k = 0; k < this.bins; k++) {
      const re = s[2 * k],
        im = s[2 * k + 1];
      out[outOffset + k] = re * re + im * im;
    }
  }

  compute(samples: ArrayLike<number>): FeatureMatrix {
    const frames = frameCount(samples.length, this.opts.frameLength, this.opts.hop);
    const data = new Float32Array(frames * this.bins);
    for (let t = 0; t < frames; t++) this.frameInto(samples, t * this.opts.hop, data, t * this.bins);
    return { frames, bands: this.bins, hopS: this.opts.hop / this.opts.sampleRate, data };
  }
}

/** HTK mel scale. */
export const hzToMel = (f: number): number => 2595 * Math.log10(1 + f / 700);
/** Inverse of `hzToMel` (HTK mel scale). */
export const melToHz = (m: number): number => 700 * (10 ** (m / 2595) - 1);

/**
 * Triangular mel filterbank, `nMels` × `bins` row-major: filter m rises from mel point m to m+1
 * and falls to m+2 over nMels+2 points equally spaced in mel between fMin and fMax; peak 1.
 */
export function melFilterbank(nMels: number, fftSize: number, sampleRate: number, fMin = 0, fMax = sampleRate / 2): Float32Array {
  if (!(Number.isInteger(nMels) && nMels >= 1)) throw new SpecError('nMels', 'a whole number ≥ 1', nMels);
  if (!(fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2))
    throw new SpecError('fMin, fMax', `0 ≤ fMin < fMax ≤ sampleRate/2 = ${sampleRate / 2} Hz`, `fMin ${fMin} Hz, fMax ${fMax} Hz`);
  const bins = fftSize / 2 + 1;
  const lo = hzToMel(fMin),
    hi = hzToMel(fMax);
  const edges = Array.from({ length: nMels + 2 }, (_, i) => melToHz(lo + ((hi - lo) * i) / (nMels + 1)));
  const fb = new Float32Array(nMels * bins);
  for (let m = 0; m < nMels; m++) {
    const [a, c, b] = [edges[m], edges[m + 1], edges[m + 2]];
    for (let k = 0; k < bins; k++) {
      const f = (k * sampleRate) / fftSize;
      const w = f <= a || f >= b ? 0 : f <= c ? (f - a) / (c - a) : (b - f) / (b - c);
      fb[m * bins + k] = w;
    }
  }
  return fb;
}

/** Centre frequencies (Hz) of the mel filters. */
export function melCentres(nMels: number, sampleRate: number, fMin = 0, fMax = sampleRate / 2): number[] {
  const lo = hzToMel(fMin),
    hi = hzToMel(fMax);
  return Array.from({ length: nMels }, (_, m) => melToHz(lo + ((hi - lo) * (m + 1)) / (nMels + 1)));
}

/** Options of `LogMelSpectrogram`: framing plus the mel bands. */
export interface LogMelOptions extends FramingOptions {
  nMels: number;
  fMin?: number;
  fMax?: number;
  /** Power floor before the logarithm (silence gives log(floor), not −∞). */
  floor?: number;
}

/** Natural-log mel band energies per frame. */
export class LogMelSpectrogram {
  readonly nMels: number;
  private readonly spec: PowerSpectrogram;
  private readonly fb: Float32Array;
  /** Per filter, the first and one-past-last non-zero bin: the product skips the zeros. */
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly power: Float64Array;
  private readonly floor: number;

  constructor(readonly opts: LogMelOptions) {
    this.spec = new PowerSpectrogram(opts);
    this.nMels = opts.nMels;
    this.fb = melFilterbank(opts.nMels, this.spec.fftSize, opts.sampleRate, opts.fMin, opts.fMax);
    this.floor = opts.floor ?? 1e-10;
    const bins = this.spec.bins;
    this.lo = new Int32Array(opts.nMels);
    this.hi = new Int32Array(opts.nMels);
    for (let m = 0; m < opts.nMels; m++) {
      let a = bins,
        b = 0;
      for (let k = 0; k < bins; k++)
        if (this.fb[m * bins + k] > 0) {
          a = Math.min(a, k);
          b = k + 1;
        }
      this.lo[m] = a;
      this.hi[m] = Math.max(a, b);
    }
    this.power = new Float64Array(bins);
  }

  get hopS(): number {
    return this.opts.hop / this.opts.sampleRate;
  }

  /** Log-mel energies of the frame at `start` into `out[offset .. offset+nMels)`. */
  frameInto(samples: ArrayLike<number>, start: number, out: Float32Array | Float64Array, offset: number): void {
    const bins = this.spec.bins;
    this.spec.frameInto(samples, start, this.power);
    for (let m = 0; m < this.nMels; m++) {
      let e = 0;
      const row = m * bins;
      for (let k = this.lo[m]; k < this.hi[m]; k++) e += this.fb[row + k] * this.power[k];
      out[offset + m] = Math.log(e > this.floor ? e : this.floor);
    }
  }

  compute(samples: ArrayLike<number>): FeatureMatrix {
    const frames = frameCount(samples.length, this.opts.frameLength, this.opts.hop);
    const data = new Float32Array(frames * this.nMels);
    for (let t = 0; t < frames; t++) this.frameInto(samples, t * this.opts.hop, data, t * this.nMels);
    return { frames, bands: this.nMels, hopS: this.hopS, data };
  }
}

/** Options of `Mfcc`: log-mel options plus the number of cepstral coefficients. */
export interface MfccOptions extends LogMelOptions {
  /** Cepstral coefficients kept (c0..c(n−1)). */
  nCoeffs: number;
}

/** MFCC: orthonormal DCT-II of the log-mel energies. */
export class Mfcc {
  private readonly mel: LogMelSpectrogram;
  private readonly dct: Float64Array;
  private readonly logMel: Float64Array;
  readonly nCoeffs: number;

  constructor(readonly opts: MfccOptions) {
    if (!(Number.isInteger(opts.nCoeffs) && opts.nCoeffs >= 1 && opts.nCoeffs <= opts.nMels)) {
      throw new SpecError('nCoeffs', `a whole number in [1, nMels = ${opts.nMels}]`, opts.nCoeffs);
    }
    this.mel = new LogMelSpectrogram(opts);
    this.nCoeffs = opts.nCoeffs;
    this.dct = dctMatrix(opts.nCoeffs, opts.nMels);
    this.logMel = new Float64Array(opts.nMels);
  }

  compute(samples: ArrayLike<number>): FeatureMatrix {
    const { frameLength, hop } = this.opts;
    const M = this.opts.nMels,
      C = this.nCoeffs;
    const frames = frameCount(samples.length, frameLength, hop);
    const data = new Float32Array(frames * C);
    for (let t = 0; t < frames; t++) {
      this.mel.frameInto(samples, t * hop, this.logMel, 0);
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let m = 0; m < M; m++) s += this.dct[c * M + m] * this.logMel[m];
        data[t * C + c] = s;
      }
    }
    return { frames, bands: C, hopS: this.mel.hopS, data };
  }
}

/** Orthonormal DCT-II rows k = 0..K−1 over M inputs (the transform scipy calls norm='ortho'). */
export function dctMatrix(K: number, M: number): Float64Array {
  const d = new Float64Array(K * M);
  for (let k = 0; k < K; k++) {
    const scale = k === 0 ? Math.sqrt(1 / M) : Math.sqrt(2 / M);
    for (let m = 0; m < M; m++) d[k * M + m] = scale * Math.cos((Math.PI * k * (m + 0.5)) / M);
  }
  return d;
}

/** Glasberg & Moore (1990) equivalent rectangular bandwidth (Hz) at frequency f (Hz). */
export const erbHz = (f: number): number => 24.7 * (4.37e-3 * f + 1);
const erbRate = (f: number): number => 21.4 * Math.log10(1 + 4.37e-3 * f);
const erbRateToHz = (e: number): number => (10 ** (e / 21.4) - 1) / 4.37e-3;

/** Centre frequencies equally spaced on the ERB-rate scale from fMin to fMax (inclusive). */
export function erbSpacedCentres(n: number, fMin: number, fMax: number): Float64Array {
  const lo = erbRate(fMin),
    hi = erbRate(fMax);
  return Float64Array.from({ length: n }, (_, i) => erbRateToHz(n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)));
}

/** Options of `Cochleagram`: sample rate, ERB-spaced channels and their range. */
export interface CochleagramOptions {
  sampleRate: number;
  channels: number;
  fMin?: number;
  fMax?: number;
  /** Samples per frame over which the envelope energy is averaged. */
  frameLength: number;
  hop: number;
  floor?: number;
}

/**
 * Gammatone cochleagram: a bank of 4th-order gammatone filters, ERB-spaced, bandwidth
 * 1.019·ERB(fc) (Patterson et al. 1992). Each filter is the cascade of four identical complex
 * one-pole resonators with pole a·e^{iω_c} (the all-pole/Holdsworth realisation), unity gain
 * at fc; |output|² is the squared Hilbert envelope of the band, averaged over frames framed
 * like the spectrogram and log-compressed. This is the cochlear preprocessing used in
 * spintronic-reservoir speech work, in place of Lyon's model (a similar filter cascade).
 */
export class Cochleagram {
  readonly centres: Float64Array;
  private readonly poleRe: Float64Array;
  private readonly poleIm: Float64Array;
  private readonly gain: Float64Array;
  private readonly floor: number;
  private energy = new Float64Array(0);

  constructor(readonly opts: CochleagramOptions) {
    const fMin = opts.fMin ?? 50;
    const fMax = opts.fMax ?? opts.sampleRate * 0.475;
    if (!(Number.isInteger(opts.channels) && opts.channels >= 1)) throw new SpecError('channels', 'a whole number ≥ 1', opts.channels);
    if (!(fMin > 0 && fMax > fMin && fMax < opts.sampleRate / 2))
      throw new SpecError('fMin, fMax', `0 < fMin < fMax < sampleRate/2 = ${opts.sampleRate / 2} Hz`, `fMin ${fMin} Hz, fMax ${fMax} Hz`);
    checkFraming({ sampleRate: opts.sampleRate, frameLength: opts.frameLength, hop: opts.hop, fftSize: nextPow2(opts.frameLength) });
    this.centres = erbSpacedCentres(opts.channels, fMin, fMax);
    this.poleRe = new Float64Array(opts.channels);
    this.poleIm = new Float64Array(opts.channels);
    this.gain = new Float64Array(opts.channels);
    for (let c = 0; c < opts.channels; c++) {
      const fc = this.centres[c];
      const a = Math.exp((-2 * Math.PI * 1.019 * erbHz(fc)) / opts.sampleRate);
      const w = (2 * Math.PI * fc) / opts.sampleRate;
      this.poleRe[c] = a * Math.cos(w);
      this.poleIm[c] = a * Math.sin(w);
      this.gain[c] = 1 - a; // per stage: |H(e^{iω_c})| = (1 − a)/|1 − a| = 1
    }
    this.floor = opts.floor ?? 1e-10;
  }

  get hopS(): number {
    return this.opts.hop / this.opts.sampleRate;
  }

  compute(samples: ArrayLike<number>): FeatureMatrix {
    const { channels, frameLength, hop } = this.opts;
    const n = samples.length;
    const frames = frameCount(n, frameLength, hop);
    const data = new Float32Array(frames * channels);
    // prefix sums of |y|², so overlapping frames cost O(1) each
    if (this.energy.length < n + 1) this.energy = new Float64Array(n + 1);
    const cum = this.energy;
    for (let c = 0; c < channels; c++) {
      const pr = this.poleRe[c],
        pi = this.poleIm[c],
        g = this.gain[c];
      let r1 = 0,
        i1 = 0,
        r2 = 0,
        i2 = 0,
        r3 = 0,
        i3 = 0,
        r4 = 0,
        i4 = 0;
      let acc = 0;
      cum[0] = 0;
      for (let t = 0; t < n; t++) {
        const x = g * samples[t];
        let nr = x + pr * r1 - pi * i1;
        let ni = pr * i1 + pi * r1;
        r1 = nr;
        i1 = ni;
        nr = g * r1 + pr * r2 - pi * i2;
        ni = g * i1 + pr * i2 + pi * r2;
        r2 = nr;
        i2 = ni;
        nr = g * r2 + pr * r3 - pi * i3;
        ni = g * i2 + pr * i3 + pi * r3;
        r3 = nr;
        i3 = ni;
        nr = g * r3 + pr * r4 - pi * i4;
        ni = g * i3 + pr * i4 + pi * r4;
        r4 = nr;
        i4 = ni;
        acc += r4 * r4 + i4 * i4;
        cum[t + 1] = acc;
      }
      for (let f = 0; f < frames; f++) {
        const a = Math.min(n, f * hop),
          b = Math.min(n, f * hop + frameLength);
        const e = b > a ? (cum[b] - cum[a]) / frameLength : 0;
        data[f * channels + c] = Math.log(e > this.floor ? e : this.floor);
      }
    }
    return { frames, bands: channels, hopS: this.hopS, data };
  }
}

/**
 * A fixed number of frames: longer inputs keep their first `frames`, shorter ones are padded
 * with `padValue` (default: the matrix's minimum, i.e. its silence level).
 */
export function fixedFrames(m: FeatureMatrix, frames: number, padValue?: number): FeatureMatrix {
  const out = new Float32Array(frames * m.bands);
  const keep = Math.min(frames, m.frames) * m.bands;
  out.set(m.data.subarray(0, keep));
  if (keep < out.length) {
    let pad = padValue;
    if (pad === undefined) {
      pad = Infinity;
      for (let i = 0; i < m.data.length; i++) if (m.data[i] < pad) pad = m.data[i];
    }
    out.fill(pad, keep);
  }
  return { frames, bands: m.bands, hopS: m.hopS, data: out };
}

/**
 * Subtracts each band's mean over the clip's frames (cepstral mean normalisation applied to
 * log energies): a fixed channel gain or microphone colouring is a constant offset per band in
 * the log domain, so this removes it — the usual help for speaker- and channel-independence.
 */
export function subtractBandMeans(m: FeatureMatrix): FeatureMatrix {
  const { frames, bands } = m;
  const data = new Float32Array(m.data.length);
  for (let b = 0; b < bands; b++) {
    let s = 0;
    for (let t = 0; t < frames; t++) s += m.data[t * bands + b];
    const mean = s / frames;
    for (let t = 0; t < frames; t++) data[t * bands + b] = m.data[t * bands + b] - mean;
  }
  return { frames, bands, hopS: m.hopS, data };
}

/** Default FSDD framing: 32 ms Hann frames every 16 ms at 8 kHz. */
export const FSDD_FRAMING = { sampleRate: 8000, frameLength: 256, hop: 128 } as const;
