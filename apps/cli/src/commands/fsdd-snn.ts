import { resolve } from 'node:path';
import { Cochleagram, FSDD_FRAMING, LogMelSpectrogram, fsddSplit, type FeatureMatrix } from '@spinsnn/datasets';
import { listFsdd, readFsddClip, resolveFsddDir } from '@spinsnn/datasets/node';
import { audioRaster } from '@spinsnn/learning';
import type { ClassificationData } from '@spinsnn/learning/tfjs';
import { findDataset } from './datasets.js';
import { ArgumentError } from '../util.js';

/**
 * FSDD as spike rasters for the recurrent SNN (docs/supervised-snn.md §8): every clip's log-mel
 * spectrogram (or gammatone cochleagram) of @spinsnn/datasets, FSDD framing (32 ms Hann frames
 * every 16 ms at 8 kHz), through `audioRaster` (per-clip dynamic range, integrate-and-fire
 * encoder, one step per frame). `split`: `official` (takes 0–4 of every speaker and digit are
 * the test set) or `speaker:NAME`.
 */
export interface FsddSnnOptions {
  data?: string;
  split: string;
  features: 'logmel' | 'cochleagram';
  bands: number;
  frames: number;
  rangeNats: number;
}

/** The FSDD train and test sets as `raster` samples (T × bands values each) and what was read. */
export function loadFsddSnn(o: FsddSnnOptions): { train: ClassificationData; test: ClassificationData; dir: string; speakers: string[] } {
  const dir = o.data ?? findDataset('fsdd');
  if (!dir) throw new ArgumentError('--data', 'FSDD not found: pass --data DIR (git clone https://github.com/Jakobovski/free-spoken-digit-dataset)');
  if (o.features !== 'logmel' && o.features !== 'cochleagram') throw new ArgumentError('--features', `logmel or cochleagram, got "${o.features}"`);
  const clips = listFsdd(dir);
  const split = fsddSplit(clips, o.split);
  let ex: (x: Float32Array) => FeatureMatrix;
  if (o.features === 'logmel') {
    const e = new LogMelSpectrogram({ ...FSDD_FRAMING, nMels: o.bands });
    ex = (x) => e.compute(x);
  } else {
    const e = new Cochleagram({ ...FSDD_FRAMING, channels: o.bands });
    ex = (x) => e.compute(x);
  }
  const per = o.frames * o.bands;
  const build = (list: typeof clips): ClassificationData => {
    const x = new Float32Array(list.length * per);
    const y = new Uint8Array(list.length);
    list.forEach((c, i) => {
      audioRaster(ex(readFsddClip(c)), { frames: o.frames, rangeNats: o.rangeNats }, x, i * per);
      y[i] = c.digit;
    });
    return { x, y, count: list.length, sampleShape: [o.frames, o.bands] };
  };
  return { train: build(split.train), test: build(split.test), dir: resolve(resolveFsddDir(dir)), speakers: [...new Set(clips.map((c) => c.speaker))].sort() };
}
