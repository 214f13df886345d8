#!/usr/bin/env node
// Rebuilds packages/learning/src/oscillators/vowel-table.ts (docs/oscillators.md §5): synthesises
// /hVd/ words with espeak-ng over English accents × voice variants × pitches, measures F1/F2 in the
// steady middle of the vowel with spinsnn's LPC tracker and with praat on the same files, and
// writes the small table (no audio). Also writes praat's formants of deterministic synthetic
// vowels (synthVowel, 16-bit quantised) that the unit test regenerates, so CI needs neither tool.
// Needs: npm run build; apt-get install -y espeak-ng praat.
// Usage: node scripts/vowels/build-vowel-table.mjs [--quick]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav, encodeWav16 } from '@spinsnn/datasets';
import { meanFormant, synthVowel, trackFormants, vowelWindow } from '@spinsnn/learning';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, 'packages/learning/src/oscillators/vowel-table.ts');
const quick = process.argv.includes('--quick');
// praat's guideline: maximum formant 5000 Hz for male voices, 5500 Hz for female ones
const MAX_MALE = 5000;
const MAX_FEMALE = 5500;
const FEMALE = new Set([
  'f1',
  'f2',
  'f3',
  'f4',
  'f5',
  'Alicia',
  'Andrea',
  'Annie',
  'aunty',
  'belinda',
  'linda',
  'steph',
  'anika',
  'steph2',
  'steph3',
  'grandma',
]);
const MAX_FORMANT = 5500; // synthetic fixtures

// Seven English monophthongs in /hVd/ words (espeak-ng phoneme mnemonics)
const VOWELS = [
  ['iy', "h'i:d"],
  ['ih', "h'Id"],
  ['eh', "h'Ed"],
  ['ae', "h'ad"],
  ['aa', "h'A:d"],
  ['ao', "h'O:d"],
  ['uw', "h'u:d"],
];
// American English (as Hillenbrand's corpus) and British RP: the other accents merge vowels (e.g. ae/aa)
const ACCENTS = ['en-us', 'en-gb-x-rp'];
const VARIANTS = [
  'm1',
  'm2',
  'm3',
  'm4',
  'm5',
  'm6',
  'm7',
  'm8',
  'f1',
  'f2',
  'f3',
  'f4',
  'f5',
  'klatt',
  'klatt2',
  'klatt3',
  'klatt4',
  'Alicia',
  'Andrea',
  'Annie',
  'aunty',
  'belinda',
  'linda',
  'steph',
  'anika',
  'adam',
  'david',
  'john',
  'max',
  'paul',
  'Andy',
  'benjamin',
  'caleb',
  'ed',
  'edward',
  'iven',
  'Lee',
  'marcelo',
  'Michael',
  'norbert',
  'quincy',
  'rob',
  'robert',
  'shelby',
  'travis',
  'victor',
  'zac',
  'steph2',
  'steph3',
  'grandma',
];
const PITCHES = [25, 50, 75];

// Deterministic synthetic vowels (Peterson & Barney-like formants, Klatt bandwidths)
const SYNTH = [
  { formants: [270, 2290, 3010, 3700, 4500], f0: 110 },
  { formants: [390, 1990, 2550, 3600, 4500], f0: 130 },
  { formants: [530, 1840, 2480, 3500, 4500], f0: 120 },
  { formants: [660, 1720, 2410, 3500, 4500], f0: 100 },
  { formants: [730, 1090, 2440, 3500, 4500], f0: 140 },
  { formants: [570, 840, 2410, 3400, 4500], f0: 115 },
  { formants: [300, 870, 2240, 3400, 4500], f0: 125 },
  { formants: [350, 2300, 2900, 3800, 4700], f0: 170 },
  { formants: [610, 1900, 2990, 4000, 4500], f0: 200 },
  { formants: [850, 1220, 2810, 4000, 4500], f0: 210 },
];
const BANDWIDTHS = [60, 90, 150, 200, 250];
const SYNTH_RATE = 22050;
const SYNTH_WINDOW = [0.1, 0.3];

const tmp = mkdtempSync(join(tmpdir(), 'spinsnn-vowels-'));
const praatScript = join(here, 'formants-batch.praat');
const t0 = Date.now();

function praatBatch(items) {
  const list = join(tmp, 'list.tsv');
  const res = join(tmp, 'res.tsv');
  writeFileSync(list, `${items.map((it) => `${it.path}\t${it.t1}\t${it.t2}\t${it.maxFormant}`).join('\n')}\n`);
  execFileSync('praat', ['--run', praatScript, list, res], { stdio: ['ignore', 'ignore', 'inherit'] });
  return readFileSync(res, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t').map(Number));
}

function quantised(x) {
  return decodeWav(encodeWav16(x, SYNTH_RATE), 'synth').samples;
}

try {
  // 1. synthetic fixtures
  const synthItems = SYNTH.map((s, i) => {
    const x = synthVowel({ formants: s.formants, bandwidths: BANDWIDTHS, f0: s.f0, sampleRate: SYNTH_RATE, duration: 0.4 });
    const path = join(tmp, `synth${i}.wav`);
    writeFileSync(path, encodeWav16(x, SYNTH_RATE));
    const tr = trackFormants(quantised(x), SYNTH_RATE, { maxFormant: MAX_FORMANT });
    return {
      path,
      t1: SYNTH_WINDOW[0],
      t2: SYNTH_WINDOW[1],
      maxFormant: MAX_FORMANT,
      mine: [meanFormant(tr, 0, ...SYNTH_WINDOW), meanFormant(tr, 1, ...SYNTH_WINDOW)],
    };
  });
  const synthPraat = praatBatch(synthItems);

  // 2. espeak-ng corpus
  const rows = [];
  const items = [];
  const accents = quick ? ACCENTS.slice(0, 1) : ACCENTS;
  const variants = quick ? VARIANTS.slice(0, 3) : VARIANTS;
  let k = 0;
  for (const accent of accents) {
    for (const variant of variants) {
      for (const pitch of PITCHES) {
        for (const [vowel, phon] of VOWELS) {
          const path = join(tmp, `c${k++}.wav`);
          execFileSync('espeak-ng', ['-v', `${accent}+${variant}`, '-p', String(pitch), '-w', path, `[[${phon}]]`]);
          const w = decodeWav(new Uint8Array(readFileSync(path)), path);
          const [t1, t2] = vowelWindow(w.samples, w.sampleRate);
          const maxFormant = FEMALE.has(variant) ? MAX_FEMALE : MAX_MALE;
          const tr = trackFormants(w.samples, w.sampleRate, { maxFormant });
          rows.push({ accent, variant, pitch, vowel, t1, t2, maxFormant, f1: meanFormant(tr, 0, t1, t2), f2: meanFormant(tr, 1, t1, t2) });
          items.push({ path, t1, t2, maxFormant });
        }
      }
    }
  }
  const praat = praatBatch(items);
  const r3 = (v) => (Number.isFinite(v) ? v.toFixed(1) : 'NaN');
  const csv = rows.map((r, i) =>
    [r.accent, r.variant, r.pitch, r.vowel, r.t1.toFixed(3), r.t2.toFixed(3), r.maxFormant, r3(r.f1), r3(r.f2), r3(praat[i][0]), r3(praat[i][1])].join(','),
  );
  const espeakVersion = execFileSync('espeak-ng', ['--version']).toString().trim();
  const praatVersion = execFileSync('praat', ['--version']).toString().trim();
  const synth = SYNTH.map((s, i) => ({ ...s, praatF1: +synthPraat[i][0].toFixed(2), praatF2: +synthPraat[i][1].toFixed(2) }));
  const text = `/**
 * Generated by scripts/vowels/build-vowel-table.mjs — do not edit (docs/oscillators.md §5).
 * ${espeakVersion}; ${praatVersion}. ${rows.length} /hVd/ clips: accent, espeak-ng voice variant,
 * pitch (-p), vowel, analysis window t1..t2 (s), F1/F2 from spinsnn's LPC tracker and from praat
 * (To Formant (burg), 5 formants, max formant ${MAX_MALE} Hz for male variants, ${MAX_FEMALE} Hz for female, 25 ms), all Hz.
 */

/** The espeak-ng vowel corpus as CSV (header first). */
export const ESPEAK_VOWELS_CSV = \`accent,variant,pitch,vowel,t1,t2,maxFormant,f1,f2,f1Praat,f2Praat
${csv.join('\n')}\`;

/** Synthetic-vowel fixtures: synthVowel inputs (bandwidths ${BANDWIDTHS.join('/')} Hz, ${SYNTH_RATE} Hz, 0.4 s, 16-bit) and praat's mean F1/F2 over ${SYNTH_WINDOW[0]}–${SYNTH_WINDOW[1]} s. */
export const PRAAT_SYNTH_FIXTURES: readonly { readonly formants: readonly number[]; readonly f0: number; readonly praatF1: number; readonly praatF2: number }[] = ${JSON.stringify(synth)};

/** Settings the fixtures were made with. */
export const PRAAT_FIXTURE_SETTINGS = ${JSON.stringify({ bandwidths: BANDWIDTHS, sampleRate: SYNTH_RATE, duration: 0.4, window: SYNTH_WINDOW, maxFormant: MAX_FORMANT })} as const;
`;
  writeFileSync(out, text);
  const dev = rows.map((r, i) => [Math.abs(r.f1 - praat[i][0]) / praat[i][0], Math.abs(r.f2 - praat[i][1]) / praat[i][1]]);
  const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log(
    JSON.stringify({
      clips: rows.length,
      medianRelDevF1: med(dev.map((d) => d[0])),
      medianRelDevF2: med(dev.map((d) => d[1])),
      synthMine: synthItems.map((s) => s.mine.map((v) => +v.toFixed(1))),
      synthPraat,
      wallSeconds: (Date.now() - t0) / 1000,
      out,
    }),
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
