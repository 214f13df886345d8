/**
 * Feature normalisations and deltas for speaker-independent reservoir readouts
 * (docs/oscillators.md §3.3): cepstral-style mean and variance normalisation (CMVN) per utterance
 * or per speaker, and regression deltas. Per-speaker CMVN uses only the (unlabelled) frames of
 * that speaker, so applying it to a held-out speaker leaks no label and no training statistic.
 */
import { SpecError } from '@spinsnn/core';
import { channelStats, type FrameSequence } from './pooling.js';

/** A frame sequence with Float32 data (the datasets' FeatureMatrix shape). */
export interface Float32Frames extends FrameSequence {
  readonly data: Float32Array;
  readonly hopS: number;
}

function normaliseGroup<T extends Float32Frames>(seqs: readonly T[], members: readonly number[], out: Float32Frames[]): void {
  const c = seqs[members[0]].bands;
  for (const i of members) if (seqs[i].bands !== c) throw new SpecError('cmvn', `${c} bands in every utterance`, seqs[i].bands);
  const { mean, std } = channelStats(seqs, members);
  const inv = Float64Array.from(std, (sd) => 1 / sd);
  for (const i of members) {
    const m = seqs[i];
    const data = new Float32Array(m.data.length);
    for (let t = 0; t < m.frames; t++) for (let b = 0; b < c; b++) data[t * c + b] = (m.data[t * c + b] - mean[b]) * inv[b];
    out[i] = { frames: m.frames, bands: c, hopS: m.hopS, data };
  }
}

/** Mean and variance normalisation per band within each group (group[i] names utterance i's group). */
export function groupCmvn(seqs: readonly Float32Frames[], group: readonly string[]): Float32Frames[] {
  if (group.length !== seqs.length) throw new SpecError('groupCmvn group', `one group name per utterance (${seqs.length})`, group.length);
  const members = new Map<string, number[]>();
  group.forEach((g, i) => {
    const l = members.get(g);
    if (l) l.push(i);
    else members.set(g, [i]);
  });
  const out: Float32Frames[] = new Array(seqs.length);
  for (const m of members.values()) normaliseGroup(seqs, m, out);
  return out;
}

/** Mean and variance normalisation per band of each utterance on its own. */
export function clipCmvn(seqs: readonly Float32Frames[]): Float32Frames[] {
  return groupCmvn(
    seqs,
    seqs.map((_, i) => String(i)),
  );
}

/**
 * Appends regression deltas d_t = Σ_{n=1..N} n (c_{t+n} − c_{t−n}) / (2 Σ n²) (edges clamped),
 * doubling the bands: [c, Δc] per frame.
 */
export function withDeltas(m: Float32Frames, width = 2): Float32Frames {
  if (!(Number.isInteger(width) && width >= 1)) throw new SpecError('withDeltas width', 'a whole number ≥ 1', width);
  const { frames, bands } = m;
  const out = new Float32Array(frames * 2 * bands);
  let den = 0;
  for (let n = 1; n <= width; n++) den += 2 * n * n;
  for (let t = 0; t < frames; t++) {
    for (let b = 0; b < bands; b++) {
      out[t * 2 * bands + b] = m.data[t * bands + b];
      let s = 0;
      for (let n = 1; n <= width; n++) {
        const up = Math.min(frames - 1, t + n),
          dn = Math.max(0, t - n);
        s += n * (m.data[up * bands + b] - m.data[dn * bands + b]);
      }
      out[t * 2 * bands + bands + b] = s / den;
    }
  }
  return { frames, bands: 2 * bands, hopS: m.hopS, data: out };
}
