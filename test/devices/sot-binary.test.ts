import { describe, expect, it } from 'vitest';
import { EnergyLedger, Rng, ns, type ParamValues, getModel, resolveModelParams } from '@spinsnn/core';
import {
  SotBinaryStore,
  anisotropyFactor,
  criticalCurrent50,
  heatedSwitchingProbability,
  standaloneContext,
  switchingOf,
  switchingProbability,
} from '@spinsnn/backends';

const model = getModel('sot/binary');
const params = (preset?: string, over: Record<string, number> = {}): ParamValues => resolveModelParams(model, preset, over);
const make = (p: ParamValues, size: number, seed = 1, w0?: Float64Array, ledger = new EnergyLedger()) =>
  new SotBinaryStore(standaloneContext({ size, rng: new Rng(seed), ledger, initialWeights: w0 ?? new Float64Array(size) }), p);

describe('sot/binary: stochastic switching', () => {
  it('switching frequency of a pulse matches P_sw(I, t_p) (binomial, 4σ)', () => {
    const p = params(undefined, { readNoise: 0 });
    const sw = switchingOf(p);
    const N = 20000;
    for (const f of [0.97, 1, 1.03]) {
      const I = f * criticalCurrent50(sw, p.writeWidth);
      const P = switchingProbability(sw, I, p.writeWidth);
      const dev = make(p, N, 11);
      let hits = 0;
      for (let s = 0; s < N; s++) if (dev.applyPulse(s, { polarity: 1, amplitude: I, width: p.writeWidth }, 0) !== 0) hits++;
      expect(Math.abs(hits - N * P)).toBeLessThan(4 * Math.sqrt(N * P * (1 - P)));
    }
  });

  it('a pulse towards the present state never switches but still costs I²R_HM t_p', () => {
    const p = params();
    const ledger = new EnergyLedger();
    const dev = make(p, 1, 1, new Float64Array([1]), ledger);
    expect(dev.bit[0]).toBe(1);
    expect(dev.applyPulse(0, { polarity: 1, amplitude: 2 * p.ic0, width: 20 * ns }, 0)).toBe(0);
    expect(dev.last.probability).toBe(0);
    expect(dev.last.energyJ).toBeCloseTo((2 * p.ic0) ** 2 * p.channelResistance * 20e-9, 25);
    expect(ledger.priced().find((r) => r.op === 'write')!.energyJ).toBeCloseTo(dev.last.energyJ, 25);
  });

  it('requestChange is unbiased stochastic rounding: E[Δw] = Δw requested', () => {
    const p = params(undefined, { readNoise: 0 });
    const N = 20000;
    for (const q of [0.05, 0.3, 0.8]) {
      const dev = make(p, N, 12);
      let sum = 0;
      for (let s = 0; s < N; s++) {
        sum += dev.requestChange(s, q, 0); // weights in [0, 1]: Δw = q asks for P = q
        expect(dev.last.probability).toBeCloseTo(q, 9);
      }
      // Σ Bernoulli(q): 4σ = 4√(Nq(1−q))
      expect(Math.abs(sum - N * q)).toBeLessThan(4 * Math.sqrt(N * q * (1 - q)));
    }
  });

  it('device-to-device spread of Ic0 makes the realised probability differ per device', () => {
    const p = params(undefined, { d2dIc0: 0.05 });
    const dev = make(p, 200, 3);
    const pulse = { polarity: 1 as const, amplitude: criticalCurrent50(switchingOf(p), p.writeWidth), width: p.writeWidth };
    const probs = new Set<number>();
    for (let s = 0; s < 200; s++) probs.add(dev.switchingProbability(s, pulse, 0));
    expect(probs.size).toBeGreaterThan(150);
  });
});

describe('sot/binary: retention', () => {
  it('idle bits flip with q = (1 − e^(−2d/τ))/2, τ = τ0 e^Δ (binomial, 4σ)', () => {
    const p = params(undefined, { delta: 10, tau0: 1e-9, readNoise: 0 });
    const N = 20000;
    const dev = make(p, N, 31, new Float64Array(N).fill(1));
    const tau = 1e-9 * Math.exp(10);
    dev.relax(0.2 * tau);
    const q = 0.5 * (1 - Math.exp(-0.4));
    let flipped = 0;
    for (let s = 0; s < N; s++) if (dev.bit[s] === 0) flipped++;
    expect(Math.abs(flipped - N * q)).toBeLessThan(4 * Math.sqrt(N * q * (1 - q)));
    for (let s = 0; s < N; s++) expect(dev.weights[s]).toBe(dev.bit[s] ? 1 : 0);
  });
});

describe('sot/binary: Joule heating (Li et al. 2023 model, docs/physics.md §2.4)', () => {
  const p = params('li2023-joule');
  const sw = switchingOf(p);
  const I = 0.95 * criticalCurrent50(sw, p.writeWidth);

  it('with R_th = 0 the heated form equals the isothermal closed form', () => {
    const cold = { ...p, thermalResistance: 0 };
    for (const f of [0.8, 0.9, 0.95, 1]) {
      const J = f * criticalCurrent50(sw, p.writeWidth);
      expect(heatedSwitchingProbability(sw, cold, J, p.writeWidth, 0)).toBeCloseTo(switchingProbability(sw, J, p.writeWidth), 12);
    }
  });

  it('Simpson integral of the rate agrees with a 20 000-point trapezoid', () => {
    const theta0 = 8;
    const thetaInf = I * I * p.channelResistance * p.thermalResistance;
    const T0 = p.temperature;
    const M = 20000;
    let integral = 0;
    for (let i = 0; i <= M; i++) {
      const tau = (i / M) * p.writeWidth;
      const T = T0 + thetaInf + (theta0 - thetaInf) * Math.exp(-tau / p.thermalTime);
      const k = anisotropyFactor(T, T0, p.curieTemperature);
      const rate = 1 / (p.tau0 * Math.exp(((p.delta * k * T0) / T) * (1 - I / (p.ic0 * k))));
      integral += (i === 0 || i === M ? 0.5 : 1) * rate * (p.writeWidth / M);
    }
    // trapezoid error ~ h²/12·max|f''|·t_p ≪ 1e-6 here; Simpson with 16 intervals ~1e-7
    expect(heatedSwitchingProbability(sw, p, I, p.writeWidth, theta0)).toBeCloseTo(1 - Math.exp(-integral), 5);
  });

  it('the second pulse switches more often the sooner it follows the first (STDP-like window)', () => {
    const heat = { end: 0 };
    const single = heatedSwitchingProbability(sw, p, I, p.writeWidth, 0, heat);
    expect(heat.end).toBeGreaterThan(1); // kelvin
    let prev = Infinity;
    for (const gap of [1, 5, 10, 20, 40, 80].map((g) => g * ns)) {
      const P = heatedSwitchingProbability(sw, p, I, p.writeWidth, heat.end * Math.exp(-gap / p.thermalTime));
      expect(P).toBeLessThan(prev);
      expect(P).toBeGreaterThan(single);
      prev = P;
    }
    // 20 τ_th later the channel is back at ambient (e^−20 ≈ 2e-9 of the excess)
    expect(heatedSwitchingProbability(sw, p, I, p.writeWidth, heat.end * Math.exp(-20))).toBeCloseTo(single, 6);
  });

  it('the store carries the heat between pulses: Monte Carlo matches the closed form (binomial, 4σ)', () => {
    const heat = { end: 0 };
    heatedSwitchingProbability(sw, p, I, p.writeWidth, 0, heat);
    const N = 20000;
    for (const gap of [2 * ns, 30 * ns]) {
      const P = heatedSwitchingProbability(sw, p, I, p.writeWidth, heat.end * Math.exp(-gap / p.thermalTime));
      const dev = make(p, N, 21);
      let hits = 0;
      for (let s = 0; s < N; s++) {
        dev.applyPulse(s, { polarity: -1, amplitude: I, width: p.writeWidth }, 0); // heats; device is already 0
        if (dev.applyPulse(s, { polarity: 1, amplitude: I, width: p.writeWidth }, p.writeWidth + gap) !== 0) hits++;
      }
      expect(Math.abs(hits - N * P)).toBeLessThan(4 * Math.sqrt(N * P * (1 - P)));
    }
  });
});
