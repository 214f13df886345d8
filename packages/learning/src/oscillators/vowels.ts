/**
 * The committed espeak-ng vowel table (docs/oscillators.md §5.1): parsing and the speaker split.
 * A "speaker" is an accent + voice variant; its pitch variants stay on the same side of the split.
 */
import { SpecError, type Rng } from '@spinsnn/core';
import { ESPEAK_VOWELS_CSV } from './vowel-table.js';
import type { VowelSample } from './vowel-sync.js';

/** One clip of the table: who said which vowel, and F1/F2 (Hz) from spinsnn's tracker and from praat. */
export interface VowelRow {
  readonly accent: string;
  readonly variant: string;
  readonly pitch: number;
  readonly vowel: string;
  readonly f1: number;
  readonly f2: number;
  readonly f1Praat: number;
  readonly f2Praat: number;
}

/** Parses the committed table; `accents` filters (default: all). */
export function espeakVowels(accents?: readonly string[]): VowelRow[] {
  const lines = ESPEAK_VOWELS_CSV.trim().split('\n');
  const head = lines[0].split(',');
  const col = (name: string): number => head.indexOf(name);
  const [ia, iv, ip, iw, i1, i2, i1p, i2p] = ['accent', 'variant', 'pitch', 'vowel', 'f1', 'f2', 'f1Praat', 'f2Praat'].map(col);
  const rows: VowelRow[] = [];
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    if (accents && !accents.includes(c[ia])) continue;
    rows.push({ accent: c[ia], variant: c[iv], pitch: +c[ip], vowel: c[iw], f1: +c[i1], f2: +c[i2], f1Praat: +c[i1p], f2Praat: +c[i2p] });
  }
  if (rows.length === 0)
    throw new SpecError('espeakVowels accents', `one or more of ${[...new Set(lines.slice(1).map((l) => l.split(',')[ia]))].join(', ')}`, accents);
  return rows;
}

/** Vowel labels in table order. */
export function vowelClasses(rows: readonly VowelRow[]): string[] {
  return [...new Set(rows.map((r) => r.vowel))];
}

/** Splits by speaker: a seeded shuffle of the speakers, `testFraction` of them held out. */
export function vowelSpeakerSplit(
  rows: readonly VowelRow[],
  testFraction: number,
  rng: Rng,
  useFormants: 'tracker' | 'praat' = 'tracker',
): { train: VowelSample[]; test: VowelSample[]; classes: string[]; testSpeakers: string[] } {
  if (!(testFraction > 0 && testFraction < 1)) throw new SpecError('vowelSpeakerSplit testFraction', 'in (0, 1)', testFraction);
  const classes = vowelClasses(rows);
  const speakers = [...new Set(rows.map((r) => `${r.accent}+${r.variant}`))];
  for (let i = speakers.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [speakers[i], speakers[j]] = [speakers[j], speakers[i]];
  }
  const testSpeakers = speakers.slice(0, Math.max(1, Math.round(testFraction * speakers.length)));
  const held = new Set(testSpeakers);
  const train: VowelSample[] = [],
    test: VowelSample[] = [];
  for (const r of rows) {
    const s: VowelSample =
      useFormants === 'praat' ? { f1: r.f1Praat, f2: r.f2Praat, label: classes.indexOf(r.vowel) } : { f1: r.f1, f2: r.f2, label: classes.indexOf(r.vowel) };
    (held.has(`${r.accent}+${r.variant}`) ? test : train).push(s);
  }
  return { train, test, classes, testSpeakers: testSpeakers.sort() };
}

/**
 * Software control on the same two features: a Gaussian (quadratic discriminant) classifier with
 * one full 2×2 covariance per class, equal priors. Its test accuracy bounds what any two-formant
 * classifier of this corpus can be expected to reach.
 */
export function gaussianVowelBaseline(train: readonly VowelSample[], test: readonly VowelSample[], classes: number): number {
  const models: { m: [number, number]; c: [number, number, number]; logDet: number }[] = [];
  for (let k = 0; k < classes; k++) {
    const xs = train.filter((s) => s.label === k);
    if (xs.length < 3) throw new SpecError('gaussianVowelBaseline', `at least 3 training samples per class (class ${k} has ${xs.length})`, xs.length);
    const m: [number, number] = [xs.reduce((a, s) => a + s.f1, 0) / xs.length, xs.reduce((a, s) => a + s.f2, 0) / xs.length];
    let c11 = 0,
      c12 = 0,
      c22 = 0;
    for (const s of xs) {
      c11 += ((s.f1 - m[0]) * (s.f1 - m[0])) / xs.length;
      c12 += ((s.f1 - m[0]) * (s.f2 - m[1])) / xs.length;
      c22 += ((s.f2 - m[1]) * (s.f2 - m[1])) / xs.length;
    }
    const det = c11 * c22 - c12 * c12;
    models.push({ m, c: [c22 / det, -c12 / det, c11 / det], logDet: Math.log(det) });
  }
  let right = 0;
  for (const s of test) {
    let best = -1,
      bl = Number.NEGATIVE_INFINITY;
    for (const [k, g] of models.entries()) {
      const a = s.f1 - g.m[0],
        b = s.f2 - g.m[1];
      const l = -0.5 * (g.c[0] * a * a + 2 * g.c[1] * a * b + g.c[2] * b * b) - 0.5 * g.logDet;
      if (l > bl) {
        bl = l;
        best = k;
      }
    }
    if (best === s.label) right++;
  }
  return right / test.length;
}
