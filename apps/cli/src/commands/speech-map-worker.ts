/**
 * Worker of `spinsnn speech map` (docs/oscillators.md §3.4): reads FSDD and computes the features
 * once per worker (workerData), then evaluates one grid point per job on the official split.
 */
import { serveJobs } from '@spinsnn/learning/internal';
import { listFsdd, readFsddClip } from '@spinsnn/datasets/node';
import type { FeatureMatrix, FsddClip } from '@spinsnn/datasets';
import { officialAccuracy, prepareFeatures, type ReservoirKind, type SpeechOpts } from './speech.js';

/** What every map worker gets once. */
export interface MapWorkerData {
  readonly dir: string;
  /** Keep takes below this (official split: 0–4 test, the rest train). */
  readonly takes: number;
  readonly base: SpeechOpts;
}

/** One grid point: the reservoir and the option overrides. */
export interface MapJob {
  readonly reservoir: ReservoirKind;
  readonly set: Record<string, number>;
}

/** Result of one grid point. */
export interface MapResult {
  readonly accuracy: number;
  readonly lambda: number;
  /** Wall seconds of the job in its worker. */
  readonly wallS: number;
}

let cache: { clips: FsddClip[]; feats: FeatureMatrix[] } | null = null;

serveJobs<MapJob, MapResult>((job, ctx) => {
  const d = ctx.data as MapWorkerData;
  if (!cache) {
    const clips = listFsdd(d.dir).filter((c) => c.take < d.takes);
    cache = { clips, feats: prepareFeatures(clips, readFsddClip, d.base) };
  }
  const o = { ...d.base, ...job.set } as SpeechOpts;
  return officialAccuracy(job.reservoir, cache.clips, cache.feats, o);
});
