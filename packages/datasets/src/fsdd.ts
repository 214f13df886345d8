import { SpecError } from '@spinsnn/core';
import { baseName } from './paths.js';
import { FSDD_WAV } from './wav.js';

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

/** A train/test split of FSDD clips. */
export interface FsddSplit {
  name: string;
  train: FsddClip[];
  test: FsddClip[];
}

/** File names of FSDD clips: digit, speaker, take. */
export const FSDD_NAME = /^(\d)_([a-z]+)_(\d+)\.wav$/;

/** The speakers among `clips`, sorted. */
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

/** Sample rate of FSDD clips: 8 kHz. */
export const FSDD_SAMPLE_RATE = FSDD_WAV.sampleRate;

/** A clip's file name (without its folder). */
export const fsddClipName = (c: FsddClip): string => baseName(c.file);
