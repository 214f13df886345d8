/**
 * Oscillator reservoirs (issue 13; docs/oscillators.md §1–2): the time-multiplexed STNO stays on
 * its bias steady state without input, forgets an impulse on τ_relax, and its exact logistic
 * step matches a fine-step integration; the coupled array without input or coupling stays on p0.
 */
import { describe, expect, test } from 'vitest';
import { Rng } from '@spinsnn/core';
import {
  defaultStno,
  StnoArrayReservoir,
  StnoMultiplexedReservoir,
  logisticPowerStep,
  randomBinaryMask,
  relaxationTime,
  stationaryPower,
  stnoDerived,
  type StnoParams,
} from '@spinsnn/backends';

const params = (over: Partial<StnoParams> = {}): StnoParams => ({ ...defaultStno(), ...over });

describe('time-multiplexed STNO reservoir', () => {
  const p = params();
  const d = stnoDerived(p);
  const iDc = 1.5 * d.ith;
  const tau = relaxationTime(d, iDc);
  const make = (theta: number) =>
    new StnoMultiplexedReservoir({ params: p, nodes: 50, channels: 4, mask: randomBinaryMask(4, 50, new Rng(1)), iDc, deltaI: 0.5 * d.ith, theta });

  test('zero input keeps every virtual node on the bias steady state cOut·√p0', () => {
    const r = make(0.25 * tau);
    const out = r.run(new Float64Array(10 * 4), 10, new Float64Array(500));
    const v0 = p.cOut * Math.sqrt(stationaryPower(d, iDc));
    for (const v of out) expect(Math.abs(v / v0 - 1)).toBeLessThan(1e-12);
  });

  test('fading memory: an impulse decays as exp(−t/τ_relax) (linear regime)', () => {
    const theta = 0.25 * tau;
    const r = make(theta);
    r.reset();
    const v0 = p.cOut * Math.sqrt(stationaryPower(d, iDc));
    r.hold(iDc * 1.01); // 1 % kick for one θ: the deviation is small, so its decay is linear
    const dev: number[] = [];
    for (let k = 0; k < 40; k++) dev.push(r.hold(iDc) - v0);
    // after m θ the deviation has shrunk by exp(−mθ/τ); second-order terms are O(deviation) ≈ 1e-3
    for (const m of [4, 12, 24]) expect(Math.abs(dev[m] / dev[0] / Math.exp((-m * theta) / tau) - 1)).toBeLessThan(5e-3);
  });

  test('the exact logistic step agrees with a fine RK4 integration of dp/dt = 2p(a − bp)', () => {
    const a = 3e8,
      b = 2e9,
      dt = 5e-9;
    let p1 = 0.01;
    const h = dt / 20000;
    const f = (x: number) => 2 * x * (a - b * x);
    for (let i = 0; i < 20000; i++) {
      const k1 = f(p1),
        k2 = f(p1 + 0.5 * h * k1),
        k3 = f(p1 + 0.5 * h * k2),
        k4 = f(p1 + h * k3);
      p1 += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    expect(logisticPowerStep(0.01, a, b, dt)).toBeCloseTo(p1, 12);
    // below threshold (a < 0) the power decays to 0
    expect(logisticPowerStep(0.01, -a, b, 1e-6)).toBeLessThan(1e-100);
  });

  test('thermal noise at 300 K: deterministic per seed, and the mean stays near p0', () => {
    const hot = params({ temperature: 300 });
    const run = () =>
      new StnoMultiplexedReservoir({
        params: hot,
        nodes: 20,
        channels: 2,
        mask: randomBinaryMask(2, 20, new Rng(1)),
        iDc,
        deltaI: 0,
        theta: 0.25 * tau,
        rng: new Rng(9),
      }).run(new Float64Array(200 * 2), 200, new Float64Array(4000));
    const a = run(),
      b = run();
    expect(a).toEqual(b);
    // k_BT/E0 ≈ 7e-4 against p0 ≈ 0.10: the noise moves √p by well under 1 %, so 5 % is a loose bound
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean / (p.cOut * Math.sqrt(stationaryPower(d, iDc))) - 1)).toBeLessThan(0.05);
  });

  test('amplifier noise needs a finite bandwidth (typed error naming the fix)', () => {
    expect(
      () =>
        new StnoMultiplexedReservoir({
          params: p,
          nodes: 2,
          channels: 1,
          mask: new Float64Array(2),
          iDc,
          deltaI: 0,
          theta: 1e-9,
          ampNoise: 1e-9,
          rng: new Rng(1),
        }),
    ).toThrow(/bandwidth/);
  });
});

describe('coupled STNO array reservoir', () => {
  test('uncoupled, spread-free and without input every oscillator stays on p0', () => {
    const p = params();
    const d = stnoDerived(p);
    const iDc = 2 * d.ith;
    const a = new StnoArrayReservoir({
      params: p,
      size: 9,
      channels: 3,
      mask: randomBinaryMask(3, 9, new Rng(2)),
      iDc,
      deltaI: d.ith,
      frameTime: 1e-9,
      coupling: 'none',
      kappa: 0,
      rng: new Rng(3),
    });
    const out = a.run(new Float64Array(5 * 3), 5, new Float64Array(5 * a.width));
    for (const v of out) expect(Math.abs(v / Math.sqrt(stationaryPower(d, iDc)) - 1)).toBeLessThan(1e-12);
  });
});
