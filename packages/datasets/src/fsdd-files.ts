import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '@spinsnn/core';
import { FSDD_NAME as NAME, type FsddClip } from './fsdd.js';
import { FSDD_WAV } from './wav.js';
import { readWav } from './wav-file.js';

// Node-only part of fsdd.ts (reads files), exported from @spinsnn/datasets/node.

/** The folder holding the WAV files: `dir` itself or `dir/recordings`. */
export function resolveFsddDir(dir: string): string {
  if (!existsSync(dir))
    throw new DataError(dir, 'FSDD folder is missing (git clone https://github.com/Jakobovski/free-spoken-digit-dataset and pass its path)');
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

/** Decodes one clip, checking it is 8 kHz mono 16-bit PCM. */
export function readFsddClip(clip: FsddClip): Float32Array {
  return readWav(clip.file, FSDD_WAV).samples;
}
