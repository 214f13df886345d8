/**
 * LPC formant tracker in the manner of Praat's `To Formant (burg)` (docs/oscillators.md §5.2):
 * resample to 2 × the maximum formant, pre-emphasise from 50 Hz, Gaussian window of twice the
 * nominal length, Burg LPC of order 2 × formants, formants from the roots of the predictor
 * polynomial (companion-matrix eigenvalues, ml-matrix), kept when 50 Hz < F < F_max − 50 Hz.
 * Also a source-filter vowel synthesiser with known formants (the test and praat fixtures).
 */
import { SpecError, type Rng } from '@spinsnn/core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Options of the formant tracker (Praat's `To Formant (burg)` arguments). */
export interface FormantOptions {
  /** Maximum formant (Hz); the signal is resampled to twice this. Default 5500. */
  readonly maxFormant?: number;
  /** Number of formants (LPC order 2·n). Default 5. */
  readonly formants?: number;
  /** Nominal window length (s); the Gaussian window spans twice this. Default 0.025. */
  readonly windowLength?: number;
  /** Time step (s). Default windowLength / 4. */
  readonly timeStep?: number;
  /** Pre-emphasis from this frequency (Hz). Default 50. */
  readonly preEmphasis?: number;
}

/** Formant tracks: per frame the centre time (s) and up to n formant frequencies/bandwidths (Hz, NaN where absent). */
export interface FormantTrack {
  readonly times: Float64Array;
  /** Row-major frames × n: formant frequencies (Hz), NaN where fewer were found. */
  readonly freq: Float64Array;
  /** Same layout: bandwidths (Hz). */
  readonly bandwidth: Float64Array;
  readonly n: number;
}

/** Windowed-sinc low-pass resampler (Hann-tapered, `depth` zero crossings each side) to `rateOut`. */
export function resample(x: ArrayLike<number>, rateIn: number, rateOut: number, depth = 50): Float64Array {
  if (!(rateIn > 0 && rateOut > 0)) throw new SpecError('resample rates', 'positive sample rates (Hz)', `${rateIn} → ${rateOut}`);
  const nOut = Math.floor((x.length * rateOut) / rateIn);
  const out = new Float64Array(nOut);
  const ratio = rateIn / rateOut;
  const cutoff = Math.min(1, 1 / ratio) * 0.95; // fraction of the input Nyquist
  const half = Math.ceil((depth * Math.max(1, ratio)) / 1);
  for (let k = 0; k < nOut; k++) {
    const t = k * ratio;
    const c = Math.floor(t);
    let s = 0;
    for (let j = c - half + 1; j <= c + half; j++) {
      if (j < 0 || j >= x.length) continue;
      const d = t - j;
      const arg = Math.PI * cutoff * d;
      const sinc = Math.abs(arg) < 1e-12 ? 1 : Math.sin(arg) / arg;
      const w = 0.5 + 0.5 * Math.cos((Math.PI * d) / (half + 1));
      s += x[j] * cutoff * sinc * w;
    }
    out[k] = s;
  }
  return out;
}

/** Burg's method: predictor a[1..order] of x[n] ≈ −Σ a_k x[n−k] (a[0] = 1). */
export function burgLpc(x: ArrayLike<number>, order: number): Float64Array {
  const n = x.length;
  const a = new Float64Array(order + 1);
  a[0] = 1;
  const f = Float64Array.from(x as ArrayLike<number>);
  const b = Float64Array.from(x as ArrayLike<number>);
  const tmp = new Float64Array(order + 1);
  for (let m = 1; m <= order; m++) {
    let num = 0,
      den = 0;
    for (let i = m; i < n; i++) {
      num += f[i] * b[i - 1];
      den += f[i] * f[i] + b[i - 1] * b[i - 1];
    }
    const k = den > 0 ? (-2 * num) / den : 0;
    tmp.set(a);
    for (let i = 1; i <= m; i++) a[i] = tmp[i] + k * tmp[m - i];
    for (let i = n - 1; i >= m; i--) {
      const fi = f[i];
      f[i] = fi + k * b[i - 1];
      b[i] = b[i - 1] + k * fi;
    }
  }
  return a;
}

/** Roots of 1 + a1 z^-1 + … + ap z^-p as formants (Hz) and bandwidths (Hz) in (fMin, fMax), sorted. */
export function lpcFormants(a: Float64Array, rate: number, fMin: number, fMax: number): { freq: number[]; bandwidth: number[] } {
  const p = a.length - 1;
  const comp = Matrix.zeros(p, p);
  for (let j = 0; j < p; j++) comp.set(0, j, -a[j + 1]);
  for (let i = 1; i < p; i++) comp.set(i, i - 1, 1);
  const eig = new EigenvalueDecomposition(comp);
  const re = eig.realEigenvalues,
    im = eig.imaginaryEigenvalues;
  const found: [number, number][] = [];
  for (let i = 0; i < p; i++) {
    if (im[i] <= 0) continue;
    let r = Math.hypot(re[i], im[i]);
    if (r > 1) r = 1 / r; // reflect roots outside the unit circle (as Praat does)
    const f = (Math.atan2(im[i], re[i]) * rate) / (2 * Math.PI);
    const bw = (-Math.log(r) * rate) / Math.PI;
    if (f > fMin && f < fMax) found.push([f, bw]);
  }
  found.sort((u, v) => u[0] - v[0]);
  return { freq: found.map((u) => u[0]), bandwidth: found.map((u) => u[1]) };
}

/** Tracks formants through a signal (Praat `To Formant (burg)` equivalent, docs/oscillators.md §5.2). */
export function trackFormants(samples: ArrayLike<number>, sampleRate: number, opts: FormantOptions = {}): FormantTrack {
  const maxFormant = opts.maxFormant ?? 5500;
  const nf = opts.formants ?? 5;
  const winLen = opts.windowLength ?? 0.025;
  const step = opts.timeStep ?? winLen / 4;
  const pre = opts.preEmphasis ?? 50;
  if (!(maxFormant > 0) || !(winLen > 0) || !(step > 0) || !(nf >= 1)) {
    throw new SpecError('trackFormants options', 'maxFormant, windowLength, timeStep > 0 and formants ≥ 1', JSON.stringify(opts));
  }
  const rate = 2 * maxFormant;
  const x = Math.abs(rate - sampleRate) < 1e-9 ? Float64Array.from(samples as ArrayLike<number>) : resample(samples, sampleRate, rate);
  const alpha = Math.exp((-2 * Math.PI * pre) / rate);
  for (let i = x.length - 1; i > 0; i--) x[i] -= alpha * x[i - 1];
  const physical = 2 * winLen; // Praat's Gaussian window spans twice the nominal length
  const nw = Math.round(physical * rate);
  const win = new Float64Array(nw);
  // Praat's Gaussian window: (exp(−12 (t/T − 1/2)²) − e^−12)/(1 − e^−12)
  const e12 = Math.exp(-12);
  for (let i = 0; i < nw; i++) {
    const u = (i + 0.5) / nw - 0.5;
    win[i] = (Math.exp(-12 * u * u) - e12) / (1 - e12);
  }
  const duration = x.length / rate;
  const frames = Math.max(0, Math.floor((duration - physical) / step) + 1);
  const t0 = (duration - (frames - 1) * step) / 2; // centred frames, as Praat
  const times = new Float64Array(frames);
  const freq = new Float64Array(frames * nf).fill(Number.NaN);
  const bandwidth = new Float64Array(frames * nf).fill(Number.NaN);
  const buf = new Float64Array(nw);
  for (let fr = 0; fr < frames; fr++) {
    const tc = t0 + fr * step;
    times[fr] = tc;
    const start = Math.round(tc * rate - nw / 2);
    let energy = 0;
    for (let i = 0; i < nw; i++) {
      const j = start + i;
      const v = j >= 0 && j < x.length ? x[j] * win[i] : 0;
      buf[i] = v;
      energy += v * v;
    }
    if (energy === 0) continue;
    const a = burgLpc(buf, 2 * nf);
    const { freq: f, bandwidth: bw } = lpcFormants(a, rate, 50, maxFormant - 50);
    for (let k = 0; k < Math.min(nf, f.length); k++) {
      freq[fr * nf + k] = f[k];
      bandwidth[fr * nf + k] = bw[k];
    }
  }
  return { times, freq, bandwidth, n: nf };
}

/** Mean of formant k (0-based) over frames whose time is in [t1, t2] (NaN frames skipped). */
export function meanFormant(track: FormantTrack, k: number, t1: number, t2: number): number {
  let s = 0,
    c = 0;
  for (let fr = 0; fr < track.times.length; fr++) {
    const t = track.times[fr];
    if (t < t1 || t > t2) continue;
    const v = track.freq[fr * track.n + k];
    if (Number.isNaN(v)) continue;
    s += v;
    c++;
  }
  return c > 0 ? s / c : Number.NaN;
}

/**
 * The steady middle of the voiced part: frames (10 ms RMS) above `fraction` of the peak, the
 * central `keep` share of the span from the first to the last such frame. Returns [t1, t2] (s).
 */
export function vowelWindow(samples: ArrayLike<number>, sampleRate: number, fraction = 0.3, keep = 0.4): [number, number] {
  const hop = Math.round(0.01 * sampleRate);
  const nFrames = Math.floor(samples.length / hop);
  if (nFrames < 1) throw new SpecError('vowelWindow samples', 'at least 10 ms of audio', samples.length);
  const rms = new Float64Array(nFrames);
  let peak = 0;
  for (let f = 0; f < nFrames; f++) {
    let s = 0;
    for (let i = f * hop; i < (f + 1) * hop; i++) s += samples[i] * samples[i];
    rms[f] = Math.sqrt(s / hop);
    if (rms[f] > peak) peak = rms[f];
  }
  let first = -1,
    last = -1;
  for (let f = 0; f < nFrames; f++) {
    if (rms[f] >= fraction * peak) {
      if (first < 0) first = f;
      last = f;
    }
  }
  const a = first * 0.01,
    b = (last + 1) * 0.01;
  const mid = (a + b) / 2,
    half = ((b - a) * keep) / 2;
  return [mid - half, mid + half];
}

/** Options of the source-filter vowel synthesiser. */
export interface SynthVowelOptions {
  readonly formants: readonly number[];
  readonly bandwidths: readonly number[];
  readonly f0: number;
  readonly sampleRate: number;
  readonly duration: number;
  /** Relative jitter of the glottal period (0 = none); draws from `rng`. */
  readonly jitter?: number;
  readonly rng?: Rng;
}

/**
 * A vowel with known formants: impulse train at f0 (Rosenberg-like −12 dB/oct source via two
 * one-pole low-passes at 100 Hz) through a cascade of second-order resonators (Klatt 1980 form,
 * unit gain at dc), then a radiation differencer. Deterministic unless `jitter` is set.
 */
export function synthVowel(o: SynthVowelOptions): Float64Array {
  const n = Math.round(o.duration * o.sampleRate);
  const fs = o.sampleRate;
  if (o.formants.length !== o.bandwidths.length) throw new SpecError('synthVowel bandwidths', 'one bandwidth per formant', o.bandwidths.length);
  const src = new Float64Array(n);
  let t = 0;
  while (t < n) {
    src[Math.floor(t)] = 1;
    const j = o.jitter && o.rng ? 1 + o.jitter * (2 * o.rng.uniform() - 1) : 1;
    t += (fs / o.f0) * j;
  }
  const g = Math.exp((-2 * Math.PI * 100) / fs);
  let y1 = 0,
    y2 = 0;
  for (let i = 0; i < n; i++) {
    y1 = (1 - g) * src[i] + g * y1;
    y2 = (1 - g) * y1 + g * y2;
    src[i] = y2;
  }
  let sig = src;
  for (let k = 0; k < o.formants.length; k++) {
    const c = -Math.exp((-2 * Math.PI * o.bandwidths[k]) / fs);
    const b = 2 * Math.exp((-Math.PI * o.bandwidths[k]) / fs) * Math.cos((2 * Math.PI * o.formants[k]) / fs);
    const a = 1 - b - c;
    const out = new Float64Array(n);
    let p1 = 0,
      p2 = 0;
    for (let i = 0; i < n; i++) {
      const v = a * sig[i] + b * p1 + c * p2;
      out[i] = v;
      p2 = p1;
      p1 = v;
    }
    sig = out;
  }
  let prev = 0,
    peak = 0;
  for (let i = 0; i < n; i++) {
    const v = sig[i] - prev;
    prev = sig[i];
    sig[i] = v;
    if (Math.abs(v) > peak) peak = Math.abs(v);
  }
  if (peak > 0) for (let i = 0; i < n; i++) sig[i] *= 0.5 / peak;
  return sig;
}
