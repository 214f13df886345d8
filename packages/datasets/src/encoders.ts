import { SpecError, type Rng } from '@spinsnn/core';
import type { FeatureMatrix } from './features.js';

/**
 * Spike encoders: turn intensities or audio features into spike trains. A spike train is a
 * pair of parallel arrays sorted by time (then neuron), ready for core's `SpikeTimesInput`
 * (indices, times); rate encoders also expose their rates, for core's `PoissonInput`.
 */
export interface SpikeTrain {
  /** Number of input neurons the train addresses. */
  neurons: number;
  /** Duration covered, s. */
  duration: number;
  indices: Int32Array;
  times: Float64Array;
}

/** Sorts (index, time) pairs by time, then index, into a SpikeTrain. */
function toTrain(neurons: number, duration: number, idx: number[], t: number[]): SpikeTrain {
  const order = Array.from({ length: t.length }, (_, k) => k).sort((a, b) => t[a] - t[b] || idx[a] - idx[b]);
  return { neurons, duration, indices: Int32Array.from(order, (k) => idx[k]), times: Float64Array.from(order, (k) => t[k]) };
}

/** Spike counts per neuron (for checking statistics or rate readouts). */
export function spikeCounts(train: SpikeTrain): Int32Array {
  const c = new Int32Array(train.neurons);
  for (let k = 0; k < train.indices.length; k++) c[train.indices[k]]++;
  return c;
}

/**
 * Homogeneous Poisson spike trains, rates in Hz, over [0, duration). Continuous time by
 * default (exponential inter-spike intervals, exact); with `dt`, Bernoulli per time step with
 * p = rate·dt and spikes at step starts, as clock-driven simulators (Brian2) draw them.
 */
export function poissonEncode(rates: ArrayLike<number>, duration: number, rng: Rng, opts: { dt?: number } = {}): SpikeTrain {
  if (!(duration > 0)) throw new SpecError('poissonEncode duration', 'a number > 0 s', duration);
  const idx: number[] = [],
    t: number[] = [];
  const dt = opts.dt;
  if (dt !== undefined && !(dt > 0)) throw new SpecError('poissonEncode dt', 'a number > 0 s', dt);
  for (let i = 0; i < rates.length; i++) {
    const r = rates[i];
    if (!(r >= 0) || !Number.isFinite(r)) throw new SpecError(`poissonEncode rate ${i}`, 'a finite number ≥ 0 Hz', r);
    if (r === 0) continue;
    if (dt === undefined) {
      for (let s = rng.exponential(r); s < duration; s += rng.exponential(r)) {
        idx.push(i);
        t.push(s);
      }
    } else {
      const p = r * dt;
      if (p > 1) throw new SpecError('poissonEncode dt', `a dt with rate × dt ≤ 1 (rate ${r} Hz × dt ${dt} s = ${p}): use a smaller dt`, dt);
      const steps = Math.round(duration / dt);
      for (let k = 0; k < steps; k++)
        if (rng.uniform() < p) {
          idx.push(i);
          t.push(k * dt);
        }
    }
  }
  return toTrain(rates.length, duration, idx, t);
}

/**
 * Latency (time-to-first-spike) code: one spike per input, earlier for larger values.
 * Values are normalised to [0, 1] by `max`; inputs at or below `threshold` stay silent.
 * `linear`: t = tMax·(1 − x). `log`: the RC-neuron charging time t = τ·ln(x/(x − threshold)),
 * capped at tMax (as in snnTorch's spikegen.latency).
 */
export function latencyEncode(
  values: ArrayLike<number>,
  opts: { tMax: number; max?: number; threshold?: number; mode?: 'linear' | 'log'; tau?: number },
): SpikeTrain {
  const { tMax } = opts;
  const max = opts.max ?? 1;
  const thr = opts.threshold ?? 0;
  const mode = opts.mode ?? 'linear';
  if (!(tMax > 0)) throw new SpecError('latencyEncode tMax', 'a number > 0 s', tMax);
  if (!(max > 0)) throw new SpecError('latencyEncode max', 'a number > 0', max);
  if (!(thr >= 0 && thr < 1)) throw new SpecError('latencyEncode threshold', 'a number in [0, 1)', thr);
  const tau = opts.tau ?? tMax / 5;
  if (mode === 'log' && !(thr > 0))
    throw new SpecError('latencyEncode threshold', 'a threshold > 0 with mode "log" (the RC neuron never fires at threshold 0)', thr);
  const idx: number[] = [],
    t: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const x = Math.min(1, values[i] / max);
    if (!(x > thr)) continue;
    const s = mode === 'linear' ? tMax * (1 - x) : Math.min(tMax, tau * Math.log(x / (x - thr)));
    idx.push(i);
    t.push(s);
  }
  return toTrain(values.length, tMax, idx, t);
}

/**
 * Delta (send-on-delta / threshold-crossing) code for features over time, e.g. a log-mel
 * spectrogram: every band has an ON neuron (2b) and an OFF neuron (2b+1). A band's reference
 * starts at its first frame's value; whenever the value moves ≥ threshold above (below) it, an
 * ON (OFF) spike is emitted and the reference moves by one threshold, so the number of spikes
 * equals the total variation divided by the threshold, up to one per band. k spikes in one frame
 * are spread evenly across that frame.
 */
export function deltaEncode(features: FeatureMatrix, threshold: number): SpikeTrain {
  if (!(threshold > 0)) throw new SpecError('deltaEncode threshold', 'a number > 0', threshold);
  const { frames, bands, data, hopS } = features;
  const ref = Float64Array.from({ length: bands }, (_, b) => data[b]);
  const idx: number[] = [],
    t: number[] = [];
  for (let f = 1; f < frames; f++) {
    for (let b = 0; b < bands; b++) {
      const x = data[f * bands + b];
      const d = x - ref[b];
      const k = Math.floor(Math.abs(d) / threshold);
      if (k === 0) continue;
      const neuron = 2 * b + (d > 0 ? 0 : 1);
      ref[b] += Math.sign(d) * k * threshold;
      for (let s = 0; s < k; s++) {
        idx.push(neuron);
        t.push((f + s / k) * hopS);
      }
    }
  }
  return toTrain(2 * bands, frames * hopS, idx, t);
}

/**
 * Population code with Gaussian tuning: each value drives `perValue` neurons whose preferred
 * values are equally spaced over [min, max]; neuron j's rate is maxRateHz·exp(−(x − μ_j)²/(2σ²)).
 * σ defaults to the spacing between preferred values. Returns rates (Hz), values.length × perValue,
 * value-major; pass them to `poissonEncode` or core's `PoissonInput`.
 */
export function populationRates(
  values: ArrayLike<number>,
  opts: { perValue: number; min: number; max: number; maxRateHz: number; sigma?: number },
  out?: Float64Array,
): Float64Array {
  const { perValue: P, min, max, maxRateHz } = opts;
  if (!(Number.isInteger(P) && P >= 2)) throw new SpecError('populationRates perValue', 'a whole number ≥ 2', P);
  if (!(max > min)) throw new SpecError('populationRates min, max', 'max > min', `[${min}, ${max}]`);
  if (!(maxRateHz >= 0)) throw new SpecError('populationRates maxRateHz', 'a number ≥ 0 Hz', maxRateHz);
  const spacing = (max - min) / (P - 1);
  const sigma = opts.sigma ?? spacing;
  if (!(sigma > 0)) throw new SpecError('populationRates sigma', 'a number > 0', sigma);
  const r = out ?? new Float64Array(values.length * P);
  if (r.length !== values.length * P) throw new SpecError('populationRates out', `a buffer of length ${values.length * P}`, `length ${r.length}`);
  const inv = 1 / (2 * sigma * sigma);
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < P; j++) {
      const d = values[i] - (min + j * spacing);
      r[i * P + j] = maxRateHz * Math.exp(-d * d * inv);
    }
  }
  return r;
}
