import { describe, expect, it, beforeAll } from 'vitest';
import { Rng } from '@spinsnn/core';
import '@spinsnn/backends';
import { KernelSnnRunner, audioRaster, dyadicWeights, initSnnParams, weightMatrices, type SnnConfig } from '@spinsnn/learning';
import { initTf } from '@spinsnn/learning/tfjs';
import { expectBpttMatchesFiniteDifferences, expectKernelSpikesMatchTf, rateBatch } from './support/snn-reference.js';

const cfg = (o: Partial<SnnConfig> = {}): SnnConfig => ({
  sizes: [10, 8, 4],
  beta: 0.9,
  learnBeta: false,
  threshold: 1,
  reset: 'subtract',
  surrogate: 'fast_sigmoid',
  slope: 2,
  timesteps: 7,
  recurrent: true,
  ...o,
});

describe('recurrent spiking network', () => {
  beforeAll(async () => {
    expect((await initTf('wasm')).backend).toBe('wasm');
  });

  it('BPTT through the smoothed recurrent network equals finite differences of a float64 forward pass (feed-forward and recurrent matrices)', () => {
    const p = initSnnParams(cfg(), 9, 2.5);
    const B = 3,
      c = p.config;
    const x = rateBatch(c, B, new Rng(4));
    const coef = Float64Array.from({ length: B * c.sizes[2] }, (_, i) => Math.sin(1.7 * i + 0.3));
    expect(weightMatrices(p).length).toBe(3);
    expectBpttMatchesFiniteDifferences(p, x, B, coef, 3);
  });

  it('the TF.js recurrent forward pass and the kernel (l → l projections) spike identically, step for step', () => {
    const p = dyadicWeights(initSnnParams(cfg({ sizes: [16, 14, 12, 5], timesteps: 10, beta: 0.85 }), 21, 2.5));
    const B = 16;
    const x = rateBatch(p.config, B, new Rng(6));
    const total = expectKernelSpikesMatchTf(p, x, B, ({ indices, out }) => {
      // events: every spike of layer l reaches its feed-forward and its recurrent row
      const hid = out.spikes[0] * (12 + 14) + out.spikes[1] * (5 + 12);
      expect(out.synapticEvents).toBe(indices.length * 14 + hid);
    });
    expect(total).toBeGreaterThan(200);
  });

  it('program-and-verify programs the recurrent matrices too (both halves of every pair)', () => {
    const p = initSnnParams(cfg({ sizes: [6, 5, 3] }), 2);
    const runner = new KernelSnnRunner(p, {
      synapse: { device: 'sot/multilevel', preset: 'hsin2025' },
      program: { tolerance: 0.05, maxWrites: 20 },
    });
    expect(runner.programming.map((r) => r.projection)).toEqual(['w0p', 'w0n', 'w1p', 'w1n', 'r1p', 'r1n']);
    expect(runner.programming.find((r) => r.projection === 'r1p')!.devices).toBe(25);
  });

  it('audioRaster: the integrate-and-fire encoder gives floor(½ + Σx) spikes per band, none below the dynamic range or after the clip', () => {
    const frames = 30,
      bands = 4,
      T = 40,
      range = 8;
    const data = new Float32Array(frames * bands);
    for (let t = 0; t < frames; t++) for (let b = 0; b < bands; b++) data[t * bands + b] = b === 3 ? -50 : 2 + 3 * Math.sin(0.3 * t + b) - 2 * b; // band 3: far below the range
    const out = new Float32Array(T * bands);
    audioRaster({ frames, bands, hopS: 0.016, data }, { frames: T, rangeNats: range }, out);
    let max = -Infinity;
    for (const v of data) max = Math.max(max, v);
    for (let b = 0; b < bands; b++) {
      let sx = 0,
        n = 0;
      for (let t = 0; t < frames; t++) sx += Math.min(1, Math.max(0, (data[t * bands + b] - (max - range)) / range));
      for (let t = 0; t < T; t++) n += out[t * bands + b];
      for (let t = frames; t < T; t++) expect(out[t * bands + b]).toBe(0);
      expect(n).toBe(Math.floor(0.5 + sx + 1e-9));
    }
    expect(out.filter((_, i) => i % bands === 3).every((v) => v === 0)).toBe(true);
  });
});
