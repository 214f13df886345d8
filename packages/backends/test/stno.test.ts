/**
 * Spin-torque nano-oscillators (docs/physics.md §4): the auto-oscillator closed forms and the §4.1
 * worked example, the exact-step integrator, thermal noise, mutual locking, the
 * time-multiplexed reservoir, the spin diode, the rate neuron, and the LLG calibration of the
 * threshold current, power and frequency (issue 4 items 2 and 4).
 */
import { describe, expect, test } from 'vitest';
import { Network, Rng, kB, mA, ms, ns, ps } from '@spinsnn/core';
import {
  defaultStno,
  characteriseDevice,
  StnoArray,
  generationFrequency,
  llgStnoSteadyState,
  randomBinaryMask,
  relaxationTime,
  runStnoReservoir,
  spinDiodeChain,
  spinDiodeVoltage,
  stationaryPower,
  stnoDerived,
  type StnoParams,
} from '@spinsnn/backends';

const defaults = (over: Partial<StnoParams> = {}): StnoParams => ({ ...defaultStno(), ...over });

describe('auto-oscillator closed forms', () => {
  test('reproduce the docs/physics.md §4.1 worked example (f0, Γ_G, Q, τ_relax and p0 at ζ = 1.1 … 3)', () => {
    const d = stnoDerived(defaults());
    // the example quotes 2–3 significant digits: half a unit in the last digit
    expect(Math.abs(d.omega0 / (2 * Math.PI * 1e9) - 9.24)).toBeLessThan(0.03); // γe vs the doc's 1.76e11 rounding
    expect(Math.abs(d.gammaG / 1e8 - 5.8)).toBeLessThan(0.05);
    expect(Math.abs(d.q - 3.42)).toBeLessThan(0.005);
    const table: [number, number, number][] = [
      [1.1, 8.6, 0.022],
      [1.5, 1.7, 0.1],
      [2, 0.86, 0.18],
      [3, 0.43, 0.31],
    ];
    for (const [zeta, tau, p0] of table) {
      const tr = relaxationTime(d, zeta * d.ith) / ns;
      expect(Math.abs(tr - tau) / tau).toBeLessThan(0.03);
      const p = stationaryPower(d, zeta * d.ith);
      expect(Math.abs(p - p0)).toBeLessThan(p0 < 0.1 ? 0.0005 : 0.005);
    }
    expect(stationaryPower(d, 0.9 * d.ith)).toBe(0);
  });

  test('an H0 ≤ Ms field is rejected with a clear message', () => {
    expect(() => stnoDerived(defaults({ h0: 0.5 / 1.25663706212e-6 }))).toThrow(/H0 > Ms/);
  });
});

describe('exact-step integration', () => {
  test('the power relaxes to p0 with time constant τ_relax and precesses at ω0 + N p0', () => {
    const a = new StnoArray(1, defaults());
    const d = a.derived;
    const I = 1.5 * d.ith;
    a.current[0] = I;
    a.step(1 * ns, 200); // 200 ns ≫ τ_relax = 1.7 ns
    const p0 = stationaryPower(d, I);
    expect(Math.abs(a.power(0) / p0 - 1)).toBeLessThan(1e-9);
    // perturb by 1 % and watch the deviation decay by e after τ_relax (linear regime: 1 % → O(1e-4) error)
    const s = Math.sqrt(1.01);
    a.re[0] *= s;
    a.im[0] *= s;
    const tau = relaxationTime(d, I);
    a.step(tau / 100, 100);
    expect(Math.abs((a.power(0) - p0) / (0.01 * p0) / Math.exp(-1) - 1)).toBeLessThan(0.01);
    // phase speed at steady state
    a.step((20 * tau) / 100, 100);
    const ph0 = Math.atan2(a.im[0], a.re[0]);
    const h = 1 * ps;
    a.step(h);
    let dphi = Math.atan2(a.im[0], a.re[0]) - ph0;
    if (dphi > Math.PI) dphi -= 2 * Math.PI;
    if (dphi < -Math.PI) dphi += 2 * Math.PI;
    expect(Math.abs(-dphi / h / (2 * Math.PI * generationFrequency(d, I)) - 1)).toBeLessThan(1e-6);
  });

  test('the step is exact: 1000 steps of 1 ps equal one step of 1 ns', () => {
    const a = new StnoArray(1, defaults()),
      b = new StnoArray(1, defaults());
    a.current[0] = b.current[0] = 1.3 * a.derived.ith;
    a.step(1 * ps, 1000);
    b.step(1 * ns, 1);
    expect(Math.abs(a.power(0) / b.power(0) - 1)).toBeLessThan(1e-9);
    expect(Math.abs(a.re[0] - b.re[0]) + Math.abs(a.im[0] - b.im[0])).toBeLessThan(1e-9);
  });

  test('thermal noise below threshold gives the equilibrium power ⟨p⟩ = kB T / E0', () => {
    const n = 200;
    const a = new StnoArray(n, defaults({ temperature: 300 }), new Rng(8));
    const d = a.derived;
    const dt = 0.02 / d.gammaG; // 2 % of 1/Γ_G: Euler–Maruyama bias O(Γ_G dt) = 2 %
    a.step(dt, 500); // 10/Γ_G: forget the seed amplitude
    const means = new Float64Array(n);
    const samples = 400;
    for (let k = 0; k < samples; k++) {
      a.step(dt, 5);
      for (let i = 0; i < n; i++) means[i] += a.power(i) / samples;
    }
    const m = means.reduce((x, y) => x + y, 0) / n;
    const sd = Math.sqrt(means.reduce((x, y) => x + (y - m) ** 2, 0) / (n - 1));
    const exact = (kB * 300) / d.e0;
    // 4 standard errors (independent oscillators) plus the 2 % discretisation bias
    expect(Math.abs(m - exact)).toBeLessThan((4 * sd) / Math.sqrt(n) + 0.02 * exact);
  });

  test('two coupled oscillators lock when κ exceeds |Δω|/2 (Adler) and drift apart below it', () => {
    const drift = (kappaOverDw: number): number => {
      const a = new StnoArray(2, defaults({ nScale: 0 }));
      const d = a.derived;
      a.current[0] = a.current[1] = 2 * d.ith;
      const dw = 0.05 * d.gammaG;
      a.omegaOffset[1] = dw;
      a.re[1] = 0;
      a.im[1] = Math.sqrt(1e-6);
      a.setAllToAllCoupling(kappaOverDw * dw);
      a.carrierFrame = true; // the coupling acts on the slow envelopes
      const dt = 0.1 * ns; // κ dt, Δω dt ≤ 3e-3
      a.step(dt, 50_000); // 5 µs ≫ 1/κ ≈ 60 ns: settle
      const phase = () => Math.atan2(a.im[0] * a.re[1] - a.re[0] * a.im[1], a.re[0] * a.re[1] + a.im[0] * a.im[1]);
      let total = 0,
        last = phase();
      for (let k = 0; k < 2000; k++) {
        a.step(dt, 100); // 10 ns per sample: the phase moves < 0.6 rad between samples
        const ph = phase();
        let x = ph - last;
        if (x > Math.PI) x -= 2 * Math.PI;
        if (x < -Math.PI) x += 2 * Math.PI;
        total += x;
        last = ph;
      }
      return Math.abs(total) / (2000 * 100 * dt) / dw; // mean beat frequency / detuning
    };
    expect(drift(0.6)).toBeLessThan(0.01); // locked: no mean phase slip
    // unlocked: Adler's beat √(1 − (2κ/Δω)²) = 0.6 Δω; amplitude–phase coupling shifts it by O(κ/Γ_G(ζ−1)) ≈ 4 %
    expect(Math.abs(drift(0.4) - 0.6)).toBeLessThan(0.05);
  });
});

describe('time-multiplexed reservoir', () => {
  test('virtual nodes have fading memory: a change in frame 0 shows in frame 1 and fades later', () => {
    const params = defaults();
    const d = stnoDerived(params);
    const channels = 3,
      nodes = 20,
      frames = 6;
    const mask = randomBinaryMask(channels, nodes, new Rng(3));
    const base = new Float64Array(frames * channels).fill(0.2);
    const changed = base.slice();
    changed[0] = 1;
    changed[1] = -1;
    const opts = { params, nodes, mask, iDc: 2 * d.ith, deltaI: 0.3 * d.ith, theta: relaxationTime(d, 2 * d.ith) / 4 };
    const a = runStnoReservoir(base, frames, channels, opts);
    const b = runStnoReservoir(changed, frames, channels, opts);
    const diff = (f: number) => {
      let s = 0;
      for (let k = 0; k < nodes; k++) s += Math.abs(a[f * nodes + k] - b[f * nodes + k]);
      return s;
    };
    expect(a.length).toBe(frames * nodes);
    expect(diff(0)).toBeGreaterThan(0);
    expect(diff(1)).toBeGreaterThan(0); // memory across the frame boundary
    expect(diff(1)).toBeLessThan(diff(0));
    expect(diff(5)).toBeLessThan(1e-6 * diff(0)); // fades: 100 θ = 25 τ_relax later
    expect(runStnoReservoir(base, frames, channels, opts)).toEqual(a); // deterministic without noise
  });
});

describe('spin diode', () => {
  test('symmetric Lorentzian peaks at f_r with V ∝ I_rf²; the antisymmetric part changes sign at f_r', () => {
    const sym = { fr: 5e9, linewidth: 1e8, kRect: 1e3, symmetric: 1, antisymmetric: 0 };
    expect(spinDiodeVoltage(sym, 5e9, 1 * mA)).toBeCloseTo(1e-3, 15);
    expect(spinDiodeVoltage(sym, 5.1e9, 1 * mA)).toBeCloseTo(0.5e-3, 12);
    expect(spinDiodeVoltage(sym, 5e9, 2 * mA) / spinDiodeVoltage(sym, 5e9, 1 * mA)).toBeCloseTo(4, 12);
    const anti = { ...sym, symmetric: 0, antisymmetric: 1 };
    expect(spinDiodeVoltage(anti, 5e9, 1 * mA)).toBe(0);
    expect(Math.sign(spinDiodeVoltage(anti, 5.05e9, 1 * mA))).toBe(-Math.sign(spinDiodeVoltage(anti, 4.95e9, 1 * mA)));
    // a chain sums junctions and inputs
    const chain = [sym, { ...sym, fr: 6e9 }];
    expect(spinDiodeChain(chain, [5e9, 6e9], [1 * mA, 1 * mA])).toBeCloseTo(
      2 * spinDiodeVoltage(sym, 5e9, 1 * mA) + 2 * spinDiodeVoltage(sym, 6e9, 1 * mA),
      15,
    );
  });
});

describe('STNO rate neuron', () => {
  test('fires at rateGain · p0(I) in a network', () => {
    const d = stnoDerived(defaults());
    const iDc = 1.5 * d.ith;
    const net = new Network({
      seed: 1,
      dt: 0.1 * ms,
      populations: [{ name: 'osc', size: 3, model: 'stno/rate', params: { iDc, rateGain: 2000 } }],
    });
    net.sim.run(1);
    const expected = 3 * 2000 * stationaryPower(d, iDc) * 1;
    // deterministic accumulator: each neuron fires ⌊∫rate dt⌋ times; the turn-on transient
    // (≈ 20 τ_relax ≪ dt) costs less than one step
    expect(Math.abs(net.populations.get('osc')!.spikes - expected)).toBeLessThanOrEqual(3 * 2);
  });
});

describe('calibration against the macrospin LLG', () => {
  test('threshold current, power and frequency of the LLG oscillator vs the auto-oscillator model', () => {
    const params = defaults();
    const d = stnoDerived(params);
    const zetas = [0.95, 1.05, 1.1, 1.2];
    // dt = 0.25 ps: Heun's spurious anti-damping on a precession, ≈ (ω dt)⁴/8 per step, is then
    // 2e-5 of Γ_G (at 1 ps it shifts ζ by 0.2 % and p by 6e-4)
    const pts = llgStnoSteadyState(
      params,
      zetas.map((z) => z * d.ith),
      { dt: 0.25 * ps, settle: 150 * ns },
    );
    // below threshold the precession decays: the LLG threshold is I_th within 5 %
    expect(pts[0].p).toBeLessThan(1e-4);
    for (let k = 1; k < zetas.length; k++) {
      const z = zetas[k];
      const pt = pts[k];
      // macrospin closed form (ζ − 1)/(Q + 1), exact for this axial geometry
      expect(Math.abs(pt.p / ((z - 1) / (d.q + 1)) - 1)).toBeLessThan(0.01);
      // auto-oscillator p0 = (ζ − 1)/(ζ + Q): first order in ζ − 1; within 5 % for ζ ≤ 1.2
      expect(Math.abs(stationaryPower(d, z * d.ith) / pt.p - 1)).toBeLessThan(0.05);
      // frequency ω0 + N p at the LLG's power, Gilbert factor 1/(1+α²) on the LLG side
      const fModel = (d.omega0 + d.n * pt.p) / (2 * Math.PI) / (1 + params.alpha ** 2);
      expect(Math.abs(pt.f / fModel - 1)).toBeLessThan(0.005);
    }
  });
});

describe('registry: spinsnn device stno/oscillator', () => {
  test('power, frequency and relaxation curves follow the closed forms', () => {
    const c = characteriseDevice('stno/oscillator', { preset: 'slavin-oop', seed: 1 });
    const d = stnoDerived(defaults());
    const power = c.curves.find((cv) => cv.name === 'power-vs-current')!;
    for (const [I, p] of power.points) {
      expect(p).toBeCloseTo(stationaryPower(d, I), 14);
      if (I < d.ith) expect(p).toBe(0);
    }
    const f = c.curves.find((cv) => cv.name === 'frequency-vs-current')!;
    expect(f.points[0][1]).toBeCloseTo(d.omega0 / (2 * Math.PI), 3);
    expect(() => characteriseDevice('stno/oscillator', { params: { h0: 1 } })).toThrow(/H0 > Ms/);
  });
});
