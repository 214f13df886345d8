/**
 * Vowel pipeline of issue 13 item 3 (docs/oscillators.md §5): the LPC formant tracker against
 * synthetic vowels with known formants and against praat's formants of the same (regenerated,
 * 16-bit quantised) signals, the committed espeak-ng table's tracker-vs-praat agreement, and the
 * synchronisation classifier on a separable toy task and for determinism.
 */
import { describe, expect, test } from 'vitest';
import { Rng } from '@spinsnn/core';
import { stnoFromValues, stnoParamSpecs } from '@spinsnn/backends';
import { decodeWav, encodeWav16 } from '@spinsnn/datasets';
import {
  PRAAT_FIXTURE_SETTINGS,
  PRAAT_SYNTH_FIXTURES,
  SyncVowelClassifier,
  burgLpc,
  espeakVowels,
  meanFormant,
  synthVowel,
  trackFormants,
  vowelClasses,
  vowelSpeakerSplit,
  type VowelSample,
} from '@spinsnn/learning';

const S = PRAAT_FIXTURE_SETTINGS;
function fixtureSignal(formants: readonly number[], f0: number): Float32Array {
  const x = synthVowel({ formants, bandwidths: S.bandwidths, f0, sampleRate: S.sampleRate, duration: S.duration });
  return decodeWav(encodeWav16(x, S.sampleRate), 'fixture').samples; // the same 16-bit signal praat read
}

describe('LPC formant tracker', () => {
  test('Burg LPC recovers an AR(2) process exactly enough', () => {
    // x[n] = 1.6 x[n−1] − 0.9 x[n−2] + e[n]: predictor a = [1, −1.6, 0.9]
    const rng = new Rng(3);
    const n = 20000;
    const x = new Float64Array(n);
    for (let i = 2; i < n; i++) x[i] = 1.6 * x[i - 1] - 0.9 * x[i - 2] + rng.normal();
    const a = burgLpc(x, 2);
    // sampling error of AR estimates ~ 1/√n ≈ 0.007; 0.03 is > 4σ
    expect(a[1]).toBeCloseTo(-1.6, 1);
    expect(Math.abs(a[1] + 1.6)).toBeLessThan(0.03);
    expect(Math.abs(a[2] - 0.9)).toBeLessThan(0.03);
  });

  test('synthetic vowels: F1, F2 within the harmonic-sampling bias of the known values', () => {
    for (const fx of PRAAT_SYNTH_FIXTURES) {
      const tr = trackFormants(fixtureSignal(fx.formants, fx.f0), S.sampleRate, { maxFormant: S.maxFormant });
      const f1 = meanFormant(tr, 0, S.window[0], S.window[1]);
      const f2 = meanFormant(tr, 1, S.window[0], S.window[1]);
      // LPC peaks are pulled toward the nearest harmonic of f0: allow f0/4 or 3 %, whichever is larger
      expect(Math.abs(f1 - fx.formants[0])).toBeLessThan(Math.max(fx.f0 / 4, 0.03 * fx.formants[0]));
      expect(Math.abs(f2 - fx.formants[1])).toBeLessThan(Math.max(fx.f0 / 4, 0.03 * fx.formants[1]));
    }
  });

  test('agrees with praat (To Formant (burg)) on the same signals within 1.5 %', () => {
    // identical analysis (window, order, pre-emphasis); the remaining difference is the resampler
    // (windowed sinc here, praat's own) — measured ≤ 0.6 % on the fixtures
    for (const fx of PRAAT_SYNTH_FIXTURES) {
      const tr = trackFormants(fixtureSignal(fx.formants, fx.f0), S.sampleRate, { maxFormant: S.maxFormant });
      expect(Math.abs(meanFormant(tr, 0, S.window[0], S.window[1]) / fx.praatF1 - 1)).toBeLessThan(0.015);
      expect(Math.abs(meanFormant(tr, 1, S.window[0], S.window[1]) / fx.praatF2 - 1)).toBeLessThan(0.015);
    }
  });

  test('committed espeak-ng table: tracker and praat agree (median < 0.5 %, 90th percentile < 3 %)', () => {
    const rows = espeakVowels();
    const dev = rows.flatMap((r) => [Math.abs(r.f1 / r.f1Praat - 1), Math.abs(r.f2 / r.f2Praat - 1)]).sort((a, b) => a - b);
    expect(rows.length).toBeGreaterThan(1000);
    expect(dev[Math.floor(dev.length / 2)]).toBeLessThan(0.005);
    expect(dev[Math.floor(0.9 * dev.length)]).toBeLessThan(0.03);
    expect(vowelClasses(rows)).toEqual(['iy', 'ih', 'eh', 'ae', 'aa', 'ao', 'uw']);
  });
});

describe('synchronisation classifier', () => {
  const params = stnoFromValues(Object.fromEntries(stnoParamSpecs.map((s) => [s.name, s.default])));
  // spread 10/30 Hz: 4σ maps to ≤ 14 MHz of the 40 MHz locking half-width, so every sample can lock
  function toy(n: number, rng: Rng): VowelSample[] {
    const out: VowelSample[] = [];
    for (let i = 0; i < n; i++) {
      const k = i % 2;
      out.push({ f1: (k ? 750 : 300) + 10 * rng.normal(), f2: (k ? 1100 : 2300) + 30 * rng.normal(), label: k });
    }
    return out;
  }
  test('two well-separated classes: 100 % on held-out samples', () => {
    const c = new SyncVowelClassifier(params, 2, { lockHz: 40e6 });
    c.train(toy(30, new Rng(5, 1)), 4, new Rng(5, 2));
    expect(c.evaluate(toy(30, new Rng(5, 3))).accuracy).toBe(1);
  });

  test('deterministic: same table, split and seed give the same predictions', () => {
    const rows = espeakVowels(['en-us']).filter((_, i) => i % 6 === 0);
    const run = (): Int32Array => {
      const sp = vowelSpeakerSplit(rows, 0.25, new Rng(2, 7));
      const c = new SyncVowelClassifier(params, sp.classes.length, { lockHz: 40e6 });
      c.train(sp.train, 1, new Rng(2, 8));
      return c.evaluate(sp.test).predictions;
    };
    expect(Array.from(run())).toEqual(Array.from(run()));
  });
});
