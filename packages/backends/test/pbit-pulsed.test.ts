/**
 * Pulse-driven p-bits (docs/probabilistic.md §2): `pbit/vcma` and `pbit/sot-highbarrier` against
 * their compact laws, an independent integration of the two-state master equation, the
 * linearised device-variation formulas, and exact Boltzmann marginals when they drive a Gibbs
 * sampler.
 */
import { describe, expect, test } from 'vitest';
import { Network, Rng, SpecError, getModel, ns, type NetworkSpec } from '@spinsnn/core';
import {
  PulsedPbitGroup,
  logistic,
  pbitDevice,
  sotHighBarrierParams,
  sotHighBarrierPUp,
  sotRetentionFlip,
  vcmaBarrierAt50,
  vcmaChip,
  vcmaEffectivePbit,
  vcmaParams,
  vcmaPInf,
  vcmaPUpAtVoltage,
  vcmaSlopeAt50,
  vcmaV50,
} from '@spinsnn/backends';

/** RK4 integration of dp/dt = r₊(1 − p) − r₋ p from p = 0 over t (an independent route to the law). */
function masterEquation(rPlus: number, rMinus: number, t: number, steps = 4000): number {
  let p = 0;
  const h = t / steps;
  const f = (x: number) => rPlus * (1 - x) - rMinus * x;
  for (let k = 0; k < steps; k++) {
    const k1 = f(p),
      k2 = f(p + (h / 2) * k1),
      k3 = f(p + (h / 2) * k2),
      k4 = f(p + h * k3);
    p += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  return p;
}

describe('pbit/vcma', () => {
  const p = vcmaParams();
  test('compact law = two-state master equation with rates e^(−Δ(V) ± b)/τ0 from reset', () => {
    for (const V of [0.9, 1.0, 1.05, 1.1, 1.15]) {
      const barrier = p.delta0 * (1 - V / p.vc);
      const rPlus = Math.exp(-barrier + p.biasTilt) / p.tau0,
        rMinus = Math.exp(-barrier - p.biasTilt) / p.tau0;
      expect(vcmaPUpAtVoltage(p, p.delta0, p.vc, V)).toBeCloseTo(masterEquation(rPlus, rMinus, p.pulseWidth), 6);
    }
  });

  test('V50 gives P = 1/2, the slope formula matches a finite difference, the range is 0 … σ(2b)', () => {
    const v50 = vcmaV50(p, p.delta0, p.vc);
    expect(vcmaPUpAtVoltage(p, p.delta0, p.vc, v50)).toBeCloseTo(0.5, 12);
    const h = 1e-6;
    const chip = vcmaChip(p, 1, new Rng(1));
    const fd = (chip.pUp(0, h) - chip.pUp(0, -h)) / (2 * h);
    expect(fd).toBeCloseTo(vcmaSlopeAt50(p), 6);
    expect(chip.pUp(0, -30)).toBeLessThan(1e-6);
    expect(chip.pUp(0, 30)).toBeCloseTo(vcmaPInf(p), 9);
    // D50 does not depend on Δ0 or Vc: every device's 50 % point sits at the same barrier
    expect(vcmaBarrierAt50(p)).toBeCloseTo(Math.log((2 * Math.cosh(p.biasTilt) * p.pulseWidth) / (p.tau0 * -Math.log(1 - 1 / (2 * vcmaPInf(p))))), 12);
    // a longer pulse needs less voltage for 50 %
    expect(vcmaV50({ ...p, pulseWidth: 100 * ns }, p.delta0, p.vc)).toBeLessThan(v50);
  });

  test('linearised device spread (offset σ, β spread) agrees with the exact per-device V50 over 20,000 devices', () => {
    const q = vcmaParams(undefined, { delta0Spread: 0.02, vcSpread: 0.02 });
    const eff = vcmaEffectivePbit(q);
    const rng = new Rng(5);
    const n = 20000;
    const d50 = vcmaBarrierAt50(q);
    let s = 0,
      s2 = 0;
    for (let i = 0; i < n; i++) {
      const d0 = q.delta0 * (1 + q.delta0Spread * rng.normal()),
        vc = q.vc * (1 + q.vcSpread * rng.normal());
      const off = (vcmaV50(q, q.delta0, q.vc) - vc * (1 - d50 / d0)) / q.vPerInput;
      s += off;
      s2 += off * off;
    }
    const sd = Math.sqrt(s2 / n - (s / n) ** 2);
    // standard error of a sample SD ≈ σ/√(2n) = 0.5 %; the linearisation's own error is O(spread²) ≈ 0.04 %
    expect(Math.abs(sd - eff.offsetSpread) / eff.offsetSpread).toBeLessThan(5 / Math.sqrt(2 * n) + 1e-3);
  });

  test('the network group samples the law: frequency of +1 within 5 binomial SE per input level', () => {
    const spec: NetworkSpec = { dt: 1e-6, seed: 4, populations: [{ name: 'v', size: 5, model: 'pbit/vcma' }] };
    const net = new Network(spec);
    const g = net.population('v').group as PulsedPbitGroup;
    const us = [-2, -0.5, 0, 0.5, 2];
    for (let i = 0; i < 5; i++) g.u[i] = us[i];
    const steps = 4000;
    const ups = new Float64Array(5);
    for (let k = 0; k < steps; k++) {
      net.run(1e-6);
      for (let i = 0; i < 5; i++) if (g.m[i] > 0) ups[i]++;
    }
    const chip = vcmaChip(p, 1, new Rng(1));
    for (let i = 0; i < 5; i++) {
      const q = chip.pUp(0, us[i]);
      expect(Math.abs(ups[i] / steps - q)).toBeLessThan(5 * Math.sqrt((q * (1 - q)) / steps) + 1e-9);
    }
  });
});

describe('pbit/sot-highbarrier', () => {
  const p = sotHighBarrierParams('ren2024');
  test('0–100 % tunable by J, 50 % at J50, exactly the logistic σ(2βu) the samplers run', () => {
    expect(sotHighBarrierPUp(p.j50, p.j50, p.width)).toBe(0.5);
    expect(sotHighBarrierPUp(p.j50 - 12 * p.width, p.j50, p.width)).toBeLessThan(1e-5);
    expect(sotHighBarrierPUp(p.j50 + 12 * p.width, p.j50, p.width)).toBeGreaterThan(1 - 1e-5);
    const dev = pbitDevice('pbit/sot-highbarrier', 'ren2024');
    const chip = dev.chip(1, new Rng(1));
    for (const u of [-3, -1, -0.2, 0, 0.4, 2]) expect(chip.pUp(0, u)).toBeCloseTo(logistic(2 * dev.effective.beta * u), 12);
  });

  test('non-volatile between pulses: retention flip probability over 1 s at Δ = 45 is below 1e-10', () => {
    expect(sotRetentionFlip(p, 1)).toBeLessThan(1e-10);
    expect(sotRetentionFlip({ ...p, delta: 20 }, 1)).toBeGreaterThan(1e-2); // a low barrier would not hold
  });

  test('a Gibbs sampler whose conditional is the device law samples exact Boltzmann marginals (3-spin frustrated triangle + field)', () => {
    const dev = pbitDevice('pbit/sot-highbarrier', 'ren2024', { jPerInput: 6e9 });
    const beta = dev.effective.beta;
    const edges: [number, number, number][] = [
      [0, 1, -1],
      [1, 2, -1],
      [0, 2, -1],
    ];
    const h = [0.3, 0, -0.2];
    const J = [
      [0, -1, -1],
      [-1, 0, -1],
      [-1, -1, 0],
    ];
    const exact = new Float64Array(8);
    let z = 0;
    for (let s = 0; s < 8; s++) {
      const m = [0, 1, 2].map((i) => ((s >> i) & 1 ? 1 : -1));
      let e = 0;
      for (const [i, j, w] of edges) e -= w * m[i] * m[j];
      for (let i = 0; i < 3; i++) e -= h[i] * m[i];
      exact[s] = Math.exp(-beta * e);
      z += exact[s];
    }
    for (let s = 0; s < 8; s++) exact[s] /= z;
    const chip = dev.chip(3, new Rng(2));
    const rng = new Rng(3);
    const m = [1, 1, 1];
    const counts = new Float64Array(8);
    const sweeps = 40000;
    for (let t = 0; t < sweeps; t++) {
      for (let i = 0; i < 3; i++) {
        let u = h[i];
        for (let j = 0; j < 3; j++) u += J[i][j] * m[j];
        m[i] = rng.uniform() < chip.pUp(i, u) ? 1 : -1;
      }
      counts[(m[0] > 0 ? 1 : 0) | (m[1] > 0 ? 2 : 0) | (m[2] > 0 ? 4 : 0)]++;
    }
    // successive sweeps are correlated; the integrated autocorrelation time of this 3-spin chain is
    // ≲ 2 sweeps, so 5 SE are taken with an effective sample count of sweeps/4 (conservative)
    const nEff = sweeps / 4;
    for (let s = 0; s < 8; s++) expect(Math.abs(counts[s] / sweeps - exact[s])).toBeLessThan(5 * Math.sqrt((exact[s] * (1 - exact[s])) / nEff));
  });
});

describe('pbitDevice', () => {
  test('resolves every device; an unknown id or parameter is a SpecError naming it', () => {
    for (const id of ['pbit/telegraph', 'pbit/vcma', 'pbit/sot-highbarrier']) {
      const d = pbitDevice(id);
      expect(d.effective.beta).toBeGreaterThan(0);
      expect(getModel(id, 'neuron').id).toBe(id);
    }
    expect(() => pbitDevice('pbit/nope')).toThrow(SpecError);
    expect(() => pbitDevice('pbit/vcma', undefined, { nope: 1 })).toThrow(/nope/);
    expect(() => pbitDevice('pbit/vcma', undefined, { vc: -1 })).toThrow(SpecError);
  });
});
