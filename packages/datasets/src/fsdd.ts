import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataError, SpecError } from '@spinsnn/core';
import { FSDD_WAV, readWav } from './wav.js';

/**
 * The Free Spoken Digit Dataset (Jakobovski/free-spoken-digit-dataset): WAV files named
 * `{digit}_{speaker}_{take}.wav`, 8 kHz mono 16-bit PCM. The user passes the clone's root or
 * its `recordings/` folder.
 */
export interface FsddClip {
  file: string;
  digit: number;
  speaker: string;
  take: number;
}

export interface FsddSplit {
  name: string;
  train: FsddClip[];
  test: FsddClip[];
}

const NAME = /^(\d)_([a-z]+)_(\d+)\.wav$/;

/** The folder holding the WAV files: `dir` itself or `dir/recordings`. */
export function resolveFsddDir(dir: string): string {
  if (!existsSync(dir)) throw new DataError(dir, 'FSDD folder is missing (git clone https://github.com/Jakobovski/free-spoken-digit-dataset and pass its path)');
  if (!statSync(dir).isDirectory()) throw new DataError(dir, 'expected the FSDD folder (repository root or its recordings/), got a file');
  const rec = join(dir, 'recordings');
  if (existsSync(rec) && statSync(rec).isDirectory()) return rec;
  return dir;
}

/** Lists the clips, sorted by (speaker, digit, take); files that are not WAV are ignored. */
export function listFsdd(dir: string): FsddClip[] {
  const root = resolveFsddDir(dir);
  const clips: FsddClip[] = [];
  for (const name of readdirSync(root)) {
    if (!name.toLowerCase().endsWith('.wav')) continue;
    const m = NAME.exec(name);
    if (!m) throw new DataError(join(root, name), 'file name does not follow {digit}_{speaker}_{take}.wav (e.g. 7_jackson_32.wav)');
    clips.push({ file: join(root, name), digit: Number(m[1]), speaker: m[2], take: Number(m[3]) });
  }
  if (clips.length === 0) throw new DataError(root, 'no {digit}_{speaker}_{take}.wav files: is this the FSDD repository or its recordings/ folder?');
  clips.sort((a, b) => (a.speaker < b.speaker ? -1 : a.speaker > b.speaker ? 1 : a.digit - b.digit || a.take - b.take));
  return clips;
}

export function fsddSpeakers(clips: readonly FsddClip[]): string[] {
  return [...new Set(clips.map((c) => c.speaker))].sort();
}

/** The dataset's own split: takes 0–4 of every speaker and digit are the test set. */
export function fsddOfficialSplit(clips: readonly FsddClip[]): FsddSplit {
  return { name: 'official', train: clips.filter((c) => c.take >= 5), test: clips.filter((c) => c.take < 5) };
}

/** Speaker-independent split: every clip of `speaker` is the test set. */
export function fsddSpeakerSplit(clips: readonly FsddClip[], speaker: string): FsddSplit {
  const speakers = fsddSpeakers(clips);
  if (!speakers.includes(speaker)) throw new SpecError('split', `a speaker of this dataset (${speakers.join(', ')})`, speaker);
  return { name: `speaker:${speaker}`, train: clips.filter((c) => c.speaker !== speaker), test: clips.filter((c) => c.speaker === speaker) };
}

/** Parses `official` or `speaker:NAME`. */
export function fsddSplit(clips: readonly FsddClip[], spec: string): FsddSplit {
  if (spec === 'official') return fsddOfficialSplit(clips);
  if (spec.startsWith('speaker:')) return fsddSpeakerSplit(clips, spec.slice('speaker:'.length));
  throw new SpecError('split', '"official" or "speaker:NAME"', spec);
}

/** Decodes one clip, checking it is 8 kHz mono 16-bit PCM. */
export function readFsddClip(clip: FsddClip): Float32Array {
  return readWav(clip.file, FSDD_WAV).samples;
}

export const FSDD_SAMPLE_RATE = FSDD_WAV.sampleRate;

export const fsddClipName = (c: FsddClip): string => basename(c.file);
