/**
 * The NIR neuron models (core/nir_lif, core/nir_cubalif, core/if, core/li, core/integrator,
 * core/nir_threshold) against the closed-form solutions of their equations under a constant
 * current (docs/nir.md): exact propagators, so agreement is to rounding, and in-step threshold
 * crossings put each spike in the step that contains the exact crossing time.
 */
import { describe, expect, it } from 'vitest';
import { Network, SpecError, type NetworkSpec } from '@spinsnn/core';

const DT = 1e-4;

function runConst(model: string, params: Record<string, number>, bias: number, steps: number, extra: Partial<NetworkSpec> = {}) {
  const spec: NetworkSpec = {
    dt: DT,
    seed: 1,
    populations: [{ name: 'n', size: 1, model, params, init: { bias: [bias] } }],
    monitors: [
      { type: 'spikes', population: 'n' },
      { type: 'state', population: 'n', variable: 'v', indices: [0], interval: DT },
    ],
    ...extra,
  };
  const net = new Network(spec);
  net.run(steps * DT);
  const v = net.stateMonitors.values().next().value!.values[0];
  return { v, spikeSteps: Array.from(net.spikes('n').times, (t) => Math.round(t / DT)) };
}

describe('NIR neuron models against closed forms', () => {
  it('core/li: v(t) = v_leak + r·I·(1 − e^(−t/τ)) at every step', () => {
    const [tau, r, vLeak, I] = [3.7e-3, 2.5, -0.2, 0.8];
    const { v, spikeSteps } = runConst('core/li', { tau, r, vLeak }, I, 200);
    expect(spikeSteps).toEqual([]);
    for (let k = 0; k < 200; k++) expect(Math.abs(v[k] - (vLeak + r * I * (1 - Math.exp((-k * DT) / tau))))).toBeLessThan(1e-14);
  });

  it('core/integrator: v(t) = r·I·t', () => {
    const { v } = runConst('core/integrator', { r: 3 }, 0.7, 100);
    for (let k = 0; k < 100; k++) expect(v[k]).toBeCloseTo(3 * 0.7 * k * DT, 14);
  });

  it('core/if: crossings at n·vθ/(r·I), each in its step; subtraction keeps the phase exactly', () => {
    const [r, vth, I] = [1000, 1, 3.3]; // period vθ/(rI) = 3.0303 steps
    const { spikeSteps, v } = runConst('core/if', { r, vThreshold: vth, vReset: 0, subtract: 1 }, I, 300);
    const period = vth / (r * I) / DT;
    const want = Array.from({ length: 99 }, (_, n) => Math.floor((n + 1) * period)).filter((k) => k < 300);
    expect(spikeSteps).toEqual(want);
    // v at step k is r·I·(t − t_last) with t_last the exact last crossing
    for (const k of [50, 151, 299]) {
      const tLast = Math.floor((k * DT) / (vth / (r * I))) * (vth / (r * I));
      expect(v[k]).toBeCloseTo(r * I * (k * DT - tLast), 9);
    }
  });

  it('core/nir_lif: spike train period τ·ln(v∞/(v∞ − vθ)) with the reset at the crossing instant', () => {
    const [tau, r, vth, I] = [2e-3, 1, 0.5, 1.3];
    const vInf = r * I;
    const T = tau * Math.log(vInf / (vInf - vth));
    for (const subtract of [0, 1]) {
      const { spikeSteps, v } = runConst('core/nir_lif', { tau, r, vLeak: 0, vThreshold: vth, vReset: 0, subtract }, I, 400);
      const want: number[] = [];
      for (let n = 1; n * T < 400 * DT; n++) want.push(Math.floor((n * T) / DT));
      expect(spikeSteps).toEqual(want);
      const k = 399,
        tLast = Math.floor((k * DT) / T) * T;
      expect(Math.abs(v[k] - vInf * (1 - Math.exp(-(k * DT - tLast) / tau)))).toBeLessThan(1e-12);
    }
  });

  it('core/nir_cubalif: v and I follow the two-exponential closed form until the first spike', () => {
    const [tauSyn, tauMem, r, wIn, x] = [1e-3, 4e-3, 2, 1.5, 0.3];
    const { v, spikeSteps } = runConst('core/nir_cubalif', { tauSyn, tauMem, r, vLeak: 0, vThreshold: 10, vReset: 0, wIn, subtract: 0 }, x, 300);
    expect(spikeSteps).toEqual([]);
    const Iinf = wIn * x;
    // τm v' = −v + r·I(t), I(t) = I∞(1 − e^(−t/τs)):  v = r·I∞·[1 − e^(−t/τm) − τs/(τs − τm)·(e^(−t/τs) − e^(−t/τm))]
    for (let k = 0; k < 300; k++) {
      const t = k * DT;
      const want = r * Iinf * (1 - Math.exp(-t / tauMem) - (tauSyn / (tauSyn - tauMem)) * (Math.exp(-t / tauSyn) - Math.exp(-t / tauMem)));
      expect(Math.abs(v[k] - want)).toBeLessThan(1e-13);
    }
  });

  it('core/nir_threshold: a spike in every step whose input exceeds the threshold', () => {
    expect(runConst('core/nir_threshold', { vThreshold: 0.5 }, 0.6, 10).spikeSteps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(runConst('core/nir_threshold', { vThreshold: 0.5 }, 0.4, 10).spikeSteps).toEqual([]);
  });

  it('an input spike is a current held over the next step', () => {
    // LI with τ: a spike of weight w at t = 0 adds r·w·(1 − e^(−dt/τ)) by the end of step 1
    const [tau, r, w] = [2e-3, 1.5, 2];
    const { v } = runConst('core/li', { tau, r, vLeak: 0 }, 0, 5, {
      inputs: [{ name: 'in', type: 'spike_times', size: 1, indices: [0], times: [0] }],
      projections: [{ source: 'in', target: 'n', connectivity: { rule: 'one_to_one' }, weight: w }],
    });
    expect(v[1]).toBe(0);
    expect(v[2]).toBeCloseTo(r * w * (1 - Math.exp(-DT / tau)), 15);
    expect(v[3]).toBeCloseTo(v[2] * Math.exp(-DT / tau), 15);
  });

  it('a reset at or above threshold without subtraction is refused', () => {
    expect(() => runConst('core/nir_lif', { tau: 1e-3, r: 1, vLeak: 0, vThreshold: 1, vReset: 1, subtract: 0 }, 0, 1)).toThrow(SpecError);
  });
});

describe('projection bias (a NIR Affine bias kept on its projection)', () => {
  const base = (bias: number | number[], model = 'core/li'): NetworkSpec => ({
    dt: DT,
    seed: 1,
    inputs: [{ name: 'x', type: 'spike_times', size: 2, indices: [], times: [] }],
    populations: [{ name: 'n', size: 3, model, params: { tau: 1e-3, r: 1, vLeak: 0 }, init: { bias: [0.5, 0, 0] } }],
    projections: [
      { source: 'x', target: 'n', connectivity: { rule: 'all_to_all' }, weight: 1, bias: [1, 2, 3] },
      { source: 'x', target: 'n', connectivity: { rule: 'all_to_all' }, weight: 1, bias },
    ],
  });

  it("adds each projection's bias to the population's own: bias = init + Σ projections", () => {
    const net = new Network(base(10));
    expect(Array.from(net.population('n').group!.state('bias'))).toEqual([11.5, 12, 13]);
  });

  it('refuses a list of the wrong length, a distribution, and a target model without a bias input', () => {
    expect(() => new Network(base([1, 2]))).toThrow(SpecError);
    expect(() => new Network(base([1, 2]))).toThrow(/projections\[1\]\.bias.*3 values/);
    expect(() => new Network(base({ uniform: [0, 1] } as unknown as number))).toThrow(/projections\[1\]\.bias/);
    const lif: NetworkSpec = { ...base(1), populations: [{ name: 'n', size: 3, model: 'core/lif' }] };
    expect(() => new Network(lif)).toThrow(/projections\[0\]\.bias.*bias input/);
  });
});
