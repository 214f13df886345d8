import { describe, expect, it } from 'vitest';
import { EnergyLedger, Rng, type ParamValues, getModel, resolveModelParams } from '@spinsnn/core';
import { MramStore, resistanceSumMac, standaloneContext, switchingProbability } from '@spinsnn/backends';

const model = getModel('mram/stt');
const params = (over: Record<string, number> = {}, preset?: string): ParamValues => resolveModelParams(model, preset, over);
const make = (p: ParamValues, size: number, seed = 1, w0?: Float64Array, ledger = new EnergyLedger()) =>
  new MramStore(standaloneContext({ size, rng: new Rng(seed), ledger, initialWeights: w0 ?? new Float64Array(size) }), p);

describe('mram/stt', () => {
  it('resistance-sum MAC counts the high terms exactly with nominal cells (docs/physics.md §6.1)', () => {
    const rL = 5e3;
    const rH = 12.5e3;
    const rng = new Rng(2);
    for (let trial = 0; trial < 50; trial++) {
      const n = 64;
      const high = Uint8Array.from({ length: n }, () => (rng.uniform() < 0.4 ? 1 : 0));
      const count = high.reduce((a, b) => a + b, 0);
      expect(resistanceSumMac(new Float64Array(n).fill(rL), new Float64Array(n).fill(rH), high, rL, rH)).toBeCloseTo(count, 9);
    }
  });

  it('XNOR through complementary cells: w·x = 2·popcount(XNOR) − N', () => {
    const rng = new Rng(3);
    const n = 64;
    const w = Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
    const x = Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
    // a term is "low" (R_L) when input and weight agree: MAC counts disagreements
    const high = Uint8Array.from({ length: n }, (_, i) => (w[i] === x[i] ? 0 : 1));
    const mismatches = resistanceSumMac(new Float64Array(n).fill(1), new Float64Array(n).fill(2), high, 1, 2);
    const dot = w.reduce((s, wi, i) => s + wi * x[i], 0);
    expect(2 * (n - mismatches) - n).toBeCloseTo(dot, 12);
  });

  it('cell-to-cell resistance spread has the stated σ', () => {
    const spread = 0.05;
    const N = 20000;
    const dev = make(params({ resistanceSpread: spread }), N, 4);
    const p = params({ resistanceSpread: spread });
    let m = 0;
    let v = 0;
    for (let s = 0; s < N; s++) m += 1 / dev.gP[s] / p.rP;
    m /= N;
    for (let s = 0; s < N; s++) v += (1 / dev.gP[s] / p.rP - m) ** 2;
    // SE of σ̂ is σ/√(2N), of the mean σ/√N
    expect(Math.abs(Math.sqrt(v / (N - 1)) / spread - 1)).toBeLessThan(4 / Math.sqrt(2 * N));
    expect(Math.abs(m - 1)).toBeLessThan((4 * spread) / Math.sqrt(N));
  });

  it('write errors occur at the write error rate (binomial, 4σ)', () => {
    const wer = 0.1;
    const N = 20000;
    const dev = make(params({ writeErrorRate: wer, resistanceSpread: 0 }), N, 5);
    let fails = 0;
    for (let s = 0; s < N; s++) if (dev.requestChange(s, 1, 0) === 0) fails++;
    expect(Math.abs(fails - N * wer)).toBeLessThan(4 * Math.sqrt(N * wer * (1 - wer)));
  });

  it('read disturb flips AP cells with the sub-critical P_sw(V_read/R_AP, t_read)', () => {
    const p = params({ readVoltage: 0.25, resistanceSpread: 0, delta: 40 });
    const N = 20000;
    const dev = make(p, N, 6);
    const P = switchingProbability(
      { delta: p.delta, ic0: p.ic0, tau0: p.tau0, exponent: p.exponent, tauD: p.tauD },
      p.readVoltage / (p.rP * (1 + p.tmr)),
      p.readTime,
    );
    expect(dev.disturbProbability).toBeCloseTo(P, 15);
    expect(P).toBeGreaterThan(1e-3); // the chosen bias makes the effect measurable
    let flips = 0;
    for (let s = 0; s < N; s++) {
      dev.read(s);
      if (dev.bit[s] === 1) flips++;
    }
    expect(Math.abs(flips - N * P)).toBeLessThan(4 * Math.sqrt(N * P * (1 - P)));
    // a P cell is never disturbed towards P
    const flipped = dev.bit.indexOf(1);
    for (let k = 0; k < 100; k++) dev.read(flipped);
    expect(dev.bit[flipped]).toBe(1);
  });

  it('prices a write as I_w²·R̄·t_w and a read as V_r²·Ḡ·t_r', () => {
    const p = params({ resistanceSpread: 0, writeErrorRate: 0 });
    const ledger = new EnergyLedger();
    const dev = make(p, 1, 7, undefined, ledger);
    dev.requestChange(0, 1, 0);
    const rMean = 0.5 * (p.rP + p.rP * (1 + p.tmr));
    expect(dev.last.energyJ).toBeCloseTo(p.writeCurrent ** 2 * rMean * p.writeWidth, 25);
    const gMax = 1 / p.rP;
    expect(dev.readEnergyJ).toBeCloseTo(p.readVoltage ** 2 * 0.5 * (gMax + gMax / (1 + p.tmr)) * p.readTime, 25);
  });
});
