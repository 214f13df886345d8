/**
 * Speaker-independent feature normalisation of the speech pipeline (docs/oscillators.md §3.3):
 * per-group CMVN gives each group zero mean and unit variance per band using only that group's
 * frames, and regression deltas of a linear ramp equal its slope.
 */
import { describe, expect, test } from 'vitest';
import { Rng } from '@spinsnn/core';
import { clipCmvn, groupCmvn, withDeltas, type Float32Frames } from '@spinsnn/learning';

function seq(frames: number, bands: number, rng: Rng, offset: number, scale: number): Float32Frames {
  const data = new Float32Array(frames * bands);
  for (let i = 0; i < data.length; i++) data[i] = offset + scale * rng.normal();
  return { frames, bands, hopS: 0.016, data };
}

describe('CMVN and deltas', () => {
  test('per-speaker CMVN: zero mean, unit variance per band within each speaker; other speakers do not matter', () => {
    const rng = new Rng(4);
    const seqs = [seq(30, 3, rng, 5, 2), seq(40, 3, rng, 5, 2), seq(50, 3, rng, -1, 0.5)];
    const out = groupCmvn(seqs, ['a', 'a', 'b']);
    for (const [g, members] of [
      ['a', [0, 1]],
      ['b', [2]],
    ] as const) {
      for (let b = 0; b < 3; b++) {
        let s = 0,
          s2 = 0,
          n = 0;
        for (const i of members)
          for (let t = 0; t < out[i].frames; t++) {
            const v = out[i].data[t * 3 + b];
            s += v;
            s2 += v * v;
            n++;
          }
        expect(Math.abs(s / n), g).toBeLessThan(1e-5);
        expect(s2 / n).toBeCloseTo(1, 4);
      }
    }
    // speaker b's result is the same whether or not speaker a is present (no cross-speaker leak)
    expect(Array.from(groupCmvn([seqs[2]], ['b'])[0].data)).toEqual(Array.from(out[2].data));
    expect(Array.from(clipCmvn([seqs[2]])[0].data)).toEqual(Array.from(out[2].data));
  });

  test('deltas of a linear ramp equal its slope away from the edges; channels doubled', () => {
    const frames = 20;
    const data = new Float32Array(frames * 2);
    for (let t = 0; t < frames; t++) {
      data[2 * t] = 3 * t;
      data[2 * t + 1] = -0.5 * t;
    }
    const d = withDeltas({ frames, bands: 2, hopS: 0.016, data });
    expect(d.bands).toBe(4);
    for (let t = 2; t < frames - 2; t++) {
      expect(d.data[t * 4]).toBe(3 * t);
      expect(d.data[t * 4 + 2]).toBeCloseTo(3, 5);
      expect(d.data[t * 4 + 3]).toBeCloseTo(-0.5, 5);
    }
  });
});
