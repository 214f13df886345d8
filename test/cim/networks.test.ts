import { describe, expect, it } from 'vitest';
import { Rng, getModel, resolveModelParams } from '@spinsnn/core';
import { evaluatePuf } from '@spinsnn/backends';
import { ArrayNet, TiledLayer, predictSoftware, type AnalogNet, type BinaryNet } from '@spinsnn/learning';

const arr = getModel('cim/crossbar', 'array');

function randomBinaryNet(sizes: number[], rng: Rng): BinaryNet {
  const L = sizes.length - 1;
  return {
    kind: 'binary',
    sizes,
    inputThreshold: 0.5,
    weights: Array.from({ length: L }, (_, l) => Int8Array.from({ length: sizes[l] * sizes[l + 1] }, () => (rng.uniform() < 0.5 ? -1 : 1))),
    // integer-plus-half thresholds: no dot ever sits exactly on one, so a tie cannot hide a mismatch
    thresholds: Array.from({ length: L - 1 }, (_, l) => Float64Array.from({ length: sizes[l + 1] }, () => 2 * Math.round(4 * rng.normal()) + 0.5)),
    directions: Array.from({ length: L - 1 }, (_, l) => Int8Array.from({ length: sizes[l + 1] }, () => (rng.uniform() < 0.8 ? 1 : -1))),
  };
}

function images(count: number, n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: count * n }, () => rng.uniform());
}

describe('networks on arrays', () => {
  it('a binary network on ideal arrays (tiled 64 × 64, partial sums accumulated) predicts exactly what software predicts', () => {
    const rng = new Rng(21);
    const net = randomBinaryNet([200, 70, 10], rng);
    const x = images(300, 200, rng);
    const sw = predictSoftware(net, x, 300);
    const dev = getModel('mram/stt', 'synapse');
    for (const mac of [0, 1]) {
      const a = new ArrayNet(
        net,
        {
          arrayParams: resolveModelParams(arr, undefined, { ...arr.ideal, encoding: 1, mac }),
          device: 'mram/stt',
          deviceParams: resolveModelParams(dev, undefined, dev.ideal),
        },
        3,
      );
      expect(a.layers[0].tiles.length).toBe(4 * 2); // ceil(200/64) × ceil(70/64)
      expect(Array.from(a.predict(x, 300, 128))).toEqual(Array.from(sw));
    }
  });

  it('tiled partial-sum accumulation equals one big tile', () => {
    const rng = new Rng(22);
    const n = 150,
      m = 40,
      batch = 7;
    const w = Float64Array.from({ length: n * m }, () => 2 * rng.uniform() - 1);
    const x = Float64Array.from({ length: batch * n }, () => rng.uniform());
    const dev = getModel('sot/multilevel', 'synapse');
    const devP = resolveModelParams(dev, undefined, { ...dev.ideal, quantise: 0 });
    const small = new TiledLayer(
      arr,
      { arrayParams: resolveModelParams(arr, undefined, { ...arr.ideal, rows: 32, cols: 16 }), device: 'sot/multilevel', deviceParams: devP },
      w,
      n,
      m,
      new Rng(1),
      'l',
    );
    const big = new TiledLayer(
      arr,
      { arrayParams: resolveModelParams(arr, undefined, { ...arr.ideal, rows: 256, cols: 64 }), device: 'sot/multilevel', deviceParams: devP },
      w,
      n,
      m,
      new Rng(1),
      'l',
    );
    const a = new Float64Array(batch * m),
      b = new Float64Array(batch * m);
    small.forward(batch, x, a, false);
    big.forward(batch, x, b, false);
    for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-11);
  });

  it('an analog network on ideal differential arrays predicts what software predicts', () => {
    const rng = new Rng(23);
    const sizes = [100, 30, 10];
    const net: AnalogNet = {
      kind: 'analog',
      sizes,
      weights: [Float32Array.from({ length: 3000 }, () => rng.normal() * 0.1), Float32Array.from({ length: 300 }, () => rng.normal() * 0.3)],
      biases: [Float32Array.from({ length: 30 }, () => 0.1 * rng.normal()), Float32Array.from({ length: 10 }, () => 0.1 * rng.normal())],
      inputScale: Float64Array.of(1, 1000), // a full scale no activation reaches: the DAC never clips
    };
    const x = images(200, 100, rng);
    const sw = predictSoftware(net, x, 200);
    const dev = getModel('sot/multilevel', 'synapse');
    const a = new ArrayNet(
      net,
      {
        arrayParams: resolveModelParams(arr, undefined, arr.ideal),
        device: 'sot/multilevel',
        deviceParams: resolveModelParams(dev, undefined, { ...dev.ideal, quantise: 0 }),
      },
      4,
    );
    expect(Array.from(a.predict(x, 200))).toEqual(Array.from(sw));
  });
});

describe('MRAM PUF', () => {
  const dev = resolveModelParams(getModel('mram/stt', 'synapse'), 'jung2022', {});
  const base = {
    device: 'mram/stt',
    deviceParams: dev,
    cells: 1024,
    bits: 128,
    chips: 12,
    challenges: 4,
    readNoise: 0.01,
    tempCoeff: -5e-4,
    tempCoeffSpread: 5e-5,
    t0: 300,
    temperatures: [273, 358],
    rereads: 2,
    votes: 9,
    maskMargin: 0.02,
    seed: 3,
  };

  it('uniformity and uniqueness are 0.5 within their sampling error; stabilisation raises reliability', () => {
    const r = evaluatePuf(base);
    // fair bits: each response's fraction of ones has σ = 0.5/√bits; over chips × challenges responses the mean's SE is that / √(responses); 4 SE
    const responses = base.chips * base.challenges;
    expect(Math.abs(r.uniformity.mean - 0.5)).toBeLessThan((4 * 0.5) / Math.sqrt(base.bits * responses));
    // inter-chip HD of independent chips: binomial(bits, 1/2)/bits per pair; pairs share chips, so use the pair count conservatively as chips·challenges
    expect(Math.abs(r.uniqueness.mean - 0.5)).toBeLessThan((4 * 0.5) / Math.sqrt(base.bits * responses));
    expect(r.uniqueness.sd).toBeGreaterThan((0.5 * 0.5) / Math.sqrt(base.bits));
    expect(r.reliability.majorityVote).toBeGreaterThan(r.reliability.singleRead);
    expect(r.reliability.voteAndMask).toBeGreaterThanOrEqual(r.reliability.majorityVote);
    // single-read error of a pair comparison with Gaussian spread σ_d and noise σ_n (both relative): arctan(σ_n/σ_d)/π
    const noiseOnly = evaluatePuf({ ...base, temperatures: [300], tempCoeffSpread: 0, maskMargin: 0 });
    const expected = Math.atan(base.readNoise / dev.resistanceSpread) / Math.PI;
    const n = base.chips * base.challenges * base.bits * base.rereads;
    // the enrolled bit itself is a vote (rarely wrong), so allow its own small error on top of 4 SE
    expect(Math.abs(1 - noiseOnly.reliability.singleRead - expected)).toBeLessThan(4 * Math.sqrt(expected / n) + 0.01);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = evaluatePuf({ ...base, chips: 3, challenges: 2 });
    expect(evaluatePuf({ ...base, chips: 3, challenges: 2 })).toEqual(a);
    expect(evaluatePuf({ ...base, chips: 3, challenges: 2, seed: 4 })).not.toEqual(a);
  });
});
