import type { Command } from 'commander';
import { Option } from 'commander';
import { Rng } from '@spinsnn/core';
import { defaultStno } from '@spinsnn/backends';
import { SYNC_VOWEL_DEFAULTS, SyncVowelClassifier, espeakVowels, gaussianVowelBaseline, vowelSpeakerSplit } from '@spinsnn/learning';
import type { TopLevelSpec } from 'vega-lite';
import { RunFolder } from '../run-folder.js';
import { intArg, numArg, round } from '../util.js';

/**
 * `spinsnn vowels`: Romera 2018-style vowel classification by the synchronisation pattern of four
 * coupled STNOs driven by two microwave inputs (F1, F2), trained with the dc-current rule, on the
 * committed espeak-ng vowel table (docs/oscillators.md §5).
 */
interface VowelOpts {
  accent: string;
  formants: 'tracker' | 'praat';
  oscillators: number;
  epochs: number;
  lr: number;
  push: number;
  lockHz: number;
  bandHz: number;
  kappa: number;
  testFraction: number;
  seed: number;
  out?: string;
  force?: boolean;
  json?: boolean;
}

/** Registers `spinsnn vowels`. */
export function registerVowels(program: Command): void {
  const d = SYNC_VOWEL_DEFAULTS;
  program
    .command('vowels')
    .description('spoken-vowel classification by the synchronisation of coupled STNOs to two microwave inputs (Romera 2018 style)')
    .option('--accent <list>', 'espeak-ng accents of the committed table: en-us, en-gb-x-rp', 'en-us')
    .addOption(
      new Option('--formants <src>', "F1/F2 from spinsnn's LPC tracker or from praat (both in the table)").choices(['tracker', 'praat']).default('tracker'),
    )
    .option('--oscillators <n>', 'coupled STNOs', intArg(3, 8), d.oscillators)
    .option('--epochs <n>', 'passes of the dc-current rule', intArg(0, 1000), 6)
    .option('--lr <x>', 'fraction of the frequency gap a missing lock closes per error', numArg({ min: 0, max: 1 }), d.learningRate)
    .option('--push <x>', 'fraction of the margin a wrong lock is pushed out per error', numArg({ min: 0, max: 1 }), d.pushRate)
    .option('--lock-hz <x>', 'analytic locking half-width at the initial bias (Hz); sets the input amplitude', numArg({ positive: true }), 40e6)
    .option('--band-hz <x>', 'input band half-width (Hz): standardised F ±2.5 maps to f_c ± band', numArg({ positive: true }), d.bandHz)
    .option('--kappa <x>', 'shared-line coupling: drive from one other oscillator over the input amplitude', numArg({ min: 0 }), d.kappa)
    .option('--test-fraction <x>', 'share of speakers (accent + voice variant) held out', numArg({ min: 0.05, max: 0.95 }), 0.25)
    .option('--seed <n>', 'seed of the speaker split and the sample order', intArg(0, 2 ** 32 - 1), 1)
    .option('--out <dir>', 'run folder (default runs/vowels-<time>)')
    .option('--force', 'write into a non-empty --out')
    .option('--json', 'print exactly one JSON line')
    .addHelpText('after', '\nExamples:\n  spinsnn vowels --json\n  spinsnn vowels --accent en-gb-x-rp --epochs 10 --lock-hz 30e6')
    .action(async (o: VowelOpts) => {
      const accents = o.accent.split(',').map((s) => s.trim());
      const rows = espeakVowels(accents);
      const run = new RunFolder('vowels', { out: o.out, json: o.json });
      run.prepare({ force: o.force });
      run.writeConfig({ command: 'vowels', ...o, node: process.version });
      run.writeMetrics([]);
      const split = vowelSpeakerSplit(rows, o.testFraction, new Rng(o.seed, 7), o.formants === 'praat' ? 'praat' : 'tracker');
      const params = defaultStno();
      const clf = new SyncVowelClassifier(params, split.classes.length, {
        oscillators: o.oscillators,
        learningRate: o.lr,
        pushRate: o.push,
        lockHz: o.lockHz,
        bandHz: o.bandHz,
        kappa: o.kappa,
      });
      const progress = run.progress('vowels');
      const c0 = process.cpuUsage();
      clf.initialise(split.train);
      clf.calibrate(split.train);
      const untrained = clf.evaluate(split.test).accuracy;
      clf.train(split.train, o.epochs, new Rng(o.seed, 8), (e) => {
        progress.update(e.epoch / Math.max(1, o.epochs), `epoch ${e.epoch} train ${(100 * e.trainAccuracy).toFixed(1)} %`);
        run.appendMetrics({ ...e, trainAccuracy: round(e.trainAccuracy, 6), zeta: e.zeta.map((z) => round(z, 6)) });
      });
      if (o.epochs === 0) clf.calibrate(split.train);
      const tr = clf.evaluate(split.train);
      const te = clf.evaluate(split.test);
      const cpu = process.cpuUsage(c0);
      progress.done();
      const confusion = split.classes.map(() => new Array<number>(split.classes.length + 1).fill(0));
      for (const [i, s] of split.test.entries()) confusion[s.label][te.predictions[i] < 0 ? split.classes.length : te.predictions[i]]++;
      const summary = {
        classes: split.classes,
        trainClips: split.train.length,
        testClips: split.test.length,
        testSpeakers: split.testSpeakers.length,
        trainAccuracy: round(tr.accuracy, 6),
        testAccuracy: round(te.accuracy, 6),
        testUnmatched: round(te.unmatched, 6),
        untrainedTestAccuracy: round(untrained, 6),
        gaussianBaselineTestAccuracy: round(gaussianVowelBaseline(split.train, split.test, split.classes.length), 6),
        zeta: Array.from({ length: o.oscillators }, (_, i) => round(clf.zeta(i), 6)),
        configurations: split.classes.map((c, k) => ({ vowel: c, lockedToA: clf.targetA[k], lockedToB: clf.targetB[k] })),
        confusion,
        cpuS: round((cpu.user + cpu.system) / 1e6),
        target: 0.88,
        runDir: run.dir,
      };
      run.writeSummary(summary);
      // the synchronisation map: predicted class over the (F1, F2) plane
      const grid: { f1: number; f2: number; p: string }[] = [];
      const f1s = split.train.map((s) => s.f1).sort((a, b) => a - b);
      const f2s = split.train.map((s) => s.f2).sort((a, b) => a - b);
      const q = (a: number[], x: number): number => a[Math.floor(x * (a.length - 1))];
      const [a0, a1, b0, b1] = [q(f1s, 0.01), q(f1s, 0.99), q(f2s, 0.01), q(f2s, 0.99)];
      const G = 36;
      for (let i = 0; i < G; i++) {
        for (let j = 0; j < G; j++) {
          const f1 = a0 + ((a1 - a0) * i) / (G - 1),
            f2 = b0 + ((b1 - b0) * j) / (G - 1);
          const k = clf.classify(f1, f2);
          grid.push({ f1, f2, p: k < 0 ? 'none' : split.classes[k] });
        }
      }
      const points = split.test.map((s) => ({ f1: s.f1, f2: s.f2, vowel: split.classes[s.label] }));
      await run.writePlot('sync-map.svg', mapSpec(grid, points));
      run.finish(
        summary,
        () =>
          `test ${(100 * te.accuracy).toFixed(2)} % (train ${(100 * tr.accuracy).toFixed(2)} %, unmatched ${(100 * te.unmatched).toFixed(1)} %); Gaussian control ${(100 * summary.gaussianBaselineTestAccuracy).toFixed(2)} %\n  run folder ${run.dir}`,
      );
    });
}

function mapSpec(grid: { f1: number; f2: number; p: string }[], points: { f1: number; f2: number; vowel: string }[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Coupled-STNO vowel classifier: class read from the synchronisation pattern over (F1, F2), test clips on top',
    width: 360,
    height: 360,
    layer: [
      {
        data: { values: grid },
        mark: { type: 'square', size: 90, opacity: 0.45 },
        encoding: {
          x: { field: 'f1', type: 'quantitative', title: 'F1 (Hz)', scale: { zero: false } },
          y: { field: 'f2', type: 'quantitative', title: 'F2 (Hz)', scale: { zero: false } },
          color: { field: 'p', type: 'nominal', title: 'predicted vowel' },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', size: 14, filled: true },
        encoding: {
          x: { field: 'f1', type: 'quantitative' },
          y: { field: 'f2', type: 'quantitative' },
          color: { field: 'vowel', type: 'nominal', title: 'true vowel' },
          shape: { field: 'vowel', type: 'nominal', title: 'true vowel' },
        },
      },
    ],
  };
}
