import { describe, expect, it } from 'vitest';
import { EnergyLedger, IdealSynapses, Network, Rng, type NetworkSpec, type ParamValues, getModel, resolveModelParams } from '@spinsnn/core';
import { SotMultilevelStore, closedFormCycle, standaloneContext } from '@spinsnn/backends';
import { aNormFromNl, aNormLookup, curveG, curveX, maxDeviation } from '@spinsnn/backends/internal';

const model = getModel('sot/multilevel');
const params = (preset?: string, over: Record<string, number> = {}): ParamValues => resolveModelParams(model, preset, over);
const store = (p: ParamValues, size: number, seed = 1, w0?: Float64Array, ledger = new EnergyLedger()) =>
  new SotMultilevelStore(standaloneContext({ size, rng: new Rng(seed), ledger, initialWeights: w0 ?? new Float64Array(size) }), p);
const OFF = { nlPotentiation: 0, nlDepression: 0, c2c: 0, readNoise: 0 };

describe('NeuroSim nonlinearity (docs/physics.md §5.1)', () => {
  it('A_norm(NL) reproduces the NeuroSim table samples', () => {
    // table values quoted to 4 digits and indexed on a 0.01 NL grid; max|g − x| = 0.099·NL holds
    // to ±4e-4 relative across the table (re-derived), so 1 % covers both roundings
    const table: [number, number][] = [
      [0.01, 126.27],
      [0.1, 12.63],
      [1.51, 0.8195],
      [3.01, 0.3853],
      [4.51, 0.2266],
      [6.01, 0.1351],
      [7.51, 0.0702],
    ];
    for (const [nl, a] of table) {
      expect(Math.abs(aNormFromNl(nl) / a - 1)).toBeLessThan(0.01);
      expect(Math.abs(aNormLookup(nl) / a - 1)).toBeLessThan(0.01);
    }
  });

  it('NL = 1.51 deviates at most 0.149 from the linear ramp (docs/physics.md §5.1 example)', () => {
    expect(maxDeviation(0.8195)).toBeCloseTo(0.149, 3);
    // brute force over a fine grid agrees with the closed-form maximum
    let m = 0;
    for (let i = 0; i <= 100000; i++) m = Math.max(m, curveG(i / 100000, 0.8195) - i / 100000);
    expect(m).toBeCloseTo(maxDeviation(0.8195), 8);
  });

  it('curve and inverse: g(0) = 0, g(1) = 1, x(g(x)) = x', () => {
    for (const a of [0.07, 0.4, 3, Infinity]) {
      expect(curveG(0, a)).toBe(0);
      expect(curveG(1, a)).toBeCloseTo(1, 14);
      // inverting a flat curve amplifies rounding by 1/g'(x) ≤ a·e^(x/a) ≈ 3e4 (a = 0.07, x = 0.9): 1e-10
      for (const x of [0.1, 0.37, 0.9]) expect(curveX(curveG(x, a), a)).toBeCloseTo(x, 10);
    }
  });
});

describe('sot/multilevel store', () => {
  it('analog limit with every non-ideality off reproduces IdealSynapses bit for bit', () => {
    const p = params(undefined, { ...OFF, quantise: 0, retention: 0 });
    const n = 64;
    const rng = new Rng(5);
    const w0 = Float64Array.from({ length: n }, () => rng.uniform());
    const dev = store(p, n, 2, w0);
    const ideal = new IdealSynapses(Float64Array.from(w0), 0, 1);
    for (let k = 0; k < 5000; k++) {
      const s = rng.int(n);
      const dw = (rng.uniform() - 0.5) * 0.3;
      expect(dev.requestChange(s, dw, k)).toBe(ideal.requestChange(s, dw));
    }
    expect(Array.from(dev.weights)).toEqual(Array.from(ideal.weights));
    for (let s = 0; s < n; s++) expect(dev.read(s)).toBe(ideal.read(s));
  });

  it('deterministic pulses trace the NeuroSim closed form G(P) = B(1 − e^(−P/A)) + Gmin', () => {
    for (const nl of [1.51, 4.22]) {
      const p = params(undefined, { c2c: 0, readNoise: 0, nlPotentiation: nl, nlDepression: nl, states: 32 });
      const dev = store(p, 1);
      const pMax = 31;
      // independent closed form in physical units (§5.1): A = A_norm·P_max, B = (Gmax − Gmin)/(1 − e^(−P_max/A))
      const gMax = 1 / p.rP;
      const gMin = gMax / (1 + p.tmr);
      const A = aNormFromNl(nl) * pMax;
      const B = (gMax - gMin) / (1 - Math.exp(-pMax / A));
      const pulse = { polarity: 1 as const, amplitude: p.writeCurrent, width: p.writeWidth };
      for (let P = 1; P <= pMax; P++) {
        dev.applyPulse(0, pulse, P);
        // NeuroSim's label grid is 0.01: A differs from the exact label by < 0.3 % → G by < 1e-3 of the range
        expect(Math.abs(dev.conductance(0) - (B * (1 - Math.exp(-P / A)) + gMin)) / (gMax - gMin)).toBeLessThan(1e-3);
      }
      // depression mirrored from Gmax: G = Gmax − B(1 − e^(−P/A))
      for (let P = 1; P <= pMax; P++) {
        dev.applyPulse(0, { ...pulse, polarity: -1 }, 100 + P);
        expect(Math.abs(dev.conductance(0) - (gMax - B * (1 - Math.exp(-P / A))))).toBeLessThan(1e-3 * (gMax - gMin));
      }
      const closed = closedFormCycle(p);
      expect(closed.length).toBe(2 * pMax + 1);
    }
  });

  it('requestChange turns Δw into round(Δw/range·P_max) pulses and prices each (I²·R_HM·t_p)', () => {
    const p = params(undefined, { ...OFF, states: 11 });
    const ledger = new EnergyLedger();
    const dev = store(p, 1, 1, new Float64Array([0.5]), ledger);
    expect(dev.weights[0]).toBe(0.5);
    dev.requestChange(0, 0.26, 0); // 2.6 pulses → 3
    expect(dev.last.pulses).toBe(3);
    expect(dev.weights[0]).toBeCloseTo(0.8, 15);
    const ePulse = p.writeCurrent ** 2 * p.channelResistance * p.writeWidth;
    expect(dev.last.energyJ).toBeCloseTo(3 * ePulse, 25);
    dev.requestChange(0, 0.04, 1); // 0.4 pulses → none, free
    expect(dev.last.pulses).toBe(0);
    expect(dev.weights[0]).toBeCloseTo(0.8, 15);
    const row = ledger.priced().find((r) => r.op === 'write')!;
    expect(row.count).toBe(3);
    expect(row.energyJ).toBeCloseTo(3 * ePulse, 25);
  });

  it('stochastic rounding: small requests act on average, E[pulses] = Δw/range·P_max (binomial, 4σ)', () => {
    const p = params(undefined, { ...OFF, states: 11, stochasticRounding: 1 });
    const N = 20000;
    const dev = store(p, N, 9, new Float64Array(N).fill(0.5));
    let moved = 0;
    for (let s = 0; s < N; s++) if (dev.requestChange(s, 0.03, 0) !== 0) moved++; // 0.3 of a pulse
    expect(Math.abs(moved - 0.3 * N)).toBeLessThan(4 * Math.sqrt(N * 0.3 * 0.7));
    for (let s = 0; s < N; s++) expect([0.5, 0.6]).toContain(Math.round(dev.weights[s] * 1e12) / 1e12);
  });

  it('cycle-to-cycle noise has σ = c2c·√pulses (in units of the range)', () => {
    const c2c = 0.02;
    const p = params(undefined, { ...OFF, c2c, quantise: 0, states: 101 });
    const N = 20000;
    const dev = store(p, N, 3, new Float64Array(N).fill(0.5));
    for (let s = 0; s < N; s++) dev.requestChange(s, 0.04, 0); // 4 pulses
    let m = 0;
    let v = 0;
    for (let s = 0; s < N; s++) m += dev.level[s];
    m /= N;
    for (let s = 0; s < N; s++) v += (dev.level[s] - m) ** 2;
    const sd = Math.sqrt(v / (N - 1));
    // SE of a sample σ is σ/√(2N) = 0.5 %; 4 SE
    expect(Math.abs(sd / (c2c * 2) - 1)).toBeLessThan(4 / Math.sqrt(2 * N));
    expect(Math.abs(m - 0.54)).toBeLessThan((4 * c2c * 2) / Math.sqrt(N));
  });

  it('read noise: reads have mean G and σ = readNoise·G (mapped to weights)', () => {
    const sigma = 0.05;
    const p = params(undefined, { ...OFF, readNoise: sigma, states: 5 });
    const dev = store(p, 1, 4, new Float64Array([0.5]));
    expect(dev.noisyReads).toBe(true);
    const N = 40000;
    const gMax = 1 / p.rP;
    const gMin = gMax / (1 + p.tmr);
    const g = dev.conductance(0);
    const scale = 1 / (gMax - gMin); // weight per siemens for w ∈ [0, 1]
    let m = 0;
    let v = 0;
    const xs = new Float64Array(N);
    for (let k = 0; k < N; k++) m += xs[k] = dev.read(0);
    m /= N;
    for (let k = 0; k < N; k++) v += (xs[k] - m) ** 2;
    const sd = Math.sqrt(v / (N - 1));
    const sdExpected = sigma * g * scale;
    expect(Math.abs(m - dev.weights[0])).toBeLessThan((4 * sdExpected) / Math.sqrt(N));
    expect(Math.abs(sd / sdExpected - 1)).toBeLessThan(4 / Math.sqrt(2 * N));
  });

  it('stuck-at faults occur at their rates and never move', () => {
    const p = params(undefined, { ...OFF, stuckAtMin: 0.05, stuckAtMax: 0.02 });
    const N = 20000;
    const dev = store(p, N, 6, new Float64Array(N).fill(0.5));
    let sa0 = 0;
    let sa1 = 0;
    for (let s = 0; s < N; s++) {
      if (dev.stuck![s] === 1) sa0++;
      if (dev.stuck![s] === 2) sa1++;
    }
    // binomial: 4σ = 4√(Np(1−p))
    expect(Math.abs(sa0 - 0.05 * N)).toBeLessThan(4 * Math.sqrt(N * 0.05 * 0.95));
    expect(Math.abs(sa1 - 0.02 * N)).toBeLessThan(4 * Math.sqrt(N * 0.02 * 0.98));
    for (let s = 0; s < N; s++) {
      const before = dev.weights[s];
      dev.requestChange(s, s % 2 ? 0.3 : -0.3, 0);
      if (dev.stuck![s] === 1) expect(dev.weights[s]).toBe(0);
      else if (dev.stuck![s] === 2) expect(dev.weights[s]).toBe(1);
      else expect(dev.weights[s]).not.toBe(before);
    }
  });

  it('retention: levels relax as independent two-state elements, E[k′] = k(1 − q) + (P − k)q', () => {
    const p = params(undefined, { ...OFF, delta: 10, tau0: 1e-9, states: 11 });
    const N = 20000;
    const dev = store(p, N, 7, new Float64Array(N).fill(0.8)); // k = 8 of 10
    const tau = 1e-9 * Math.exp(10);
    const d = 0.3 * tau;
    dev.relax(d);
    const q = 0.5 * (1 - Math.exp((-2 * d) / tau));
    let mean = 0;
    for (let s = 0; s < N; s++) mean += dev.level[s] * 10;
    mean /= N;
    const expected = 8 * (1 - q) + 2 * q;
    const variance = 10 * q * (1 - q); // sum of independent Bernoulli(q) flips
    expect(Math.abs(mean - expected)).toBeLessThan(4 * Math.sqrt(variance / N));
  });

  it('compound4-acsami2024: 5 states and ≥ 13.6 % resistance step between neighbours (docs/physics.md §2.6)', () => {
    const p = params('compound4-acsami2024');
    const dev = store(p, 1);
    const R: number[] = [1 / dev.conductance(0)];
    for (let k = 0; k < 4; k++) {
      dev.requestChange(0, 0.25, k);
      R.push(1 / dev.conductance(0));
    }
    expect(new Set(R).size).toBe(5);
    const rP = p.rP;
    for (let k = 0; k < 4; k++) expect((R[k] - R[k + 1]) / rP).toBeGreaterThanOrEqual(0.136);
  });

  it('the same network on core `ideal` and on sot/multilevel with every non-ideality off spikes identically', () => {
    const run = (synapse: Record<string, unknown> | undefined) => {
      const rng = new Rng(4);
      const weights = Array.from({ length: 30 * 10 }, () => 0.5e-3 + 2e-3 * rng.uniform());
      const spec = {
        seed: 9,
        populations: [{ name: 'out', size: 10, model: 'core/lif', params: {} }],
        inputs: [{ name: 'in', type: 'poisson', size: 30, rate: 60 }],
        projections: [{ source: 'in', target: 'out', connectivity: { rule: 'all_to_all' }, weight: weights, ...(synapse ? { synapse } : {}) }],
        monitors: [{ name: 'spikes', type: 'spikes', population: 'out' }],
      } as unknown as NetworkSpec;
      const net = new Network(spec);
      net.run(0.5);
      const m = net.spikeMonitors.get('spikes')!;
      return { i: Array.from(m.indices), t: Array.from(m.times) };
    };
    const ideal = run(undefined);
    expect(ideal.i.length).toBeGreaterThan(10);
    const device = run({ device: 'sot/multilevel', wMin: 0, wMax: 3e-3, params: { ...OFF, quantise: 0, retention: 0 } });
    expect(device).toEqual(ideal);
    // and quantising to 11 levels changes the weights, hence (almost surely) the spikes
    const quantised = run({ device: 'sot/multilevel', wMin: 0, wMax: 3e-3, params: { ...OFF, retention: 0 } });
    expect(quantised).not.toEqual(ideal);
  });

  it('a network spec can use the device: synaptic events priced at the device read energy', () => {
    const spec: NetworkSpec = {
      seed: 3,
      populations: [{ name: 'out', size: 4, model: 'core/lif', params: {} }],
      inputs: [{ name: 'in', type: 'poisson', size: 20, rate: 50 }],
      projections: [
        {
          source: 'in',
          target: 'out',
          connectivity: { rule: 'all_to_all' },
          weight: 0.5e-3,
          synapse: { device: 'sot/multilevel', preset: 'hsin2025', wMin: 0, wMax: 1e-3 },
        },
      ],
    } as unknown as NetworkSpec;
    const net = new Network(spec);
    net.run(0.2);
    const rows = net.ledger.priced();
    const ev = rows.find((r) => r.op === 'synapticEvent')!;
    expect(ev.count).toBeGreaterThan(0);
    const pp = params('hsin2025');
    const gMax = 1 / pp.rP;
    const gMin = gMax / (1 + pp.tmr);
    expect(ev.energyJ).toBeCloseTo(ev.count * pp.readVoltage ** 2 * 0.5 * (gMin + gMax) * pp.readTime, 25);
  });
});
