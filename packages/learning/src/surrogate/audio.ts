import { SpecError } from '@spinsnn/core';
import type { FeatureMatrix } from '@spinsnn/datasets';

/**
 * Audio features as spike rasters for the recurrent SNN (docs/supervised-snn.md §8): a log-energy
 * feature matrix (log-mel or cochleagram of @spinsnn/datasets, natural log, frames × bands) is
 * normalised per clip to x = clip((f − (max − range))/range, 0, 1) — the loudest bin is 1, bins
 * `range` nats (range·4.34 dB) below it and quieter are 0 — and each band drives an
 * integrate-and-fire encoder over the frames (β = 1, θ = 1, reset by subtraction, starting at ½,
 * one step per frame): deterministic, at most one spike per band and frame, spike density ≈ x.
 * Clips longer than `frames` keep their first frames; shorter ones are silent (no spikes) after.
 */
export interface AudioRasterOptions {
  /** Steps (= frames) per sample, T. */
  frames: number;
  /** Dynamic range kept below each clip's maximum, in nats of the log energy. */
  rangeNats: number;
}

/** Default dynamic range of `audioRaster`: 8 nats ≈ 35 dB below the clip's loudest bin. */
export const AUDIO_RANGE_NATS = 8;

/** Writes the spike raster (T × bands, step-major, 0/1) of one clip into out[offset …]. */
export function audioRaster(m: FeatureMatrix, o: AudioRasterOptions, out: Float32Array, offset = 0): void {
  const T = o.frames,
    n = m.bands;
  if (!(Number.isInteger(T) && T >= 1)) throw new SpecError('frames', 'a whole number of frames ≥ 1', T);
  if (!(o.rangeNats > 0)) throw new SpecError('rangeNats', 'a dynamic range > 0 nats', o.rangeNats);
  if (out.length < offset + T * n) throw new SpecError('audioRaster out', `at least ${offset + T * n} values`, out.length);
  let max = -Infinity;
  for (let i = 0; i < m.frames * n; i++) if (m.data[i] > max) max = m.data[i];
  const lo = max - o.rangeNats;
  out.fill(0, offset, offset + T * n);
  const frames = Math.min(T, m.frames);
  for (let b = 0; b < n; b++) {
    let acc = 0.5;
    for (let t = 0; t < frames; t++) {
      const x = Math.min(1, Math.max(0, (m.data[t * n + b] - lo) / o.rangeNats));
      acc += x;
      if (acc >= 1) {
        acc -= 1;
        out[offset + t * n + b] = 1;
      }
    }
  }
}
