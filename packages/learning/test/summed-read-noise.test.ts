import { describe, expect, it } from 'vitest';
import { Rng } from '@spinsnn/core';
import '@spinsnn/backends';
import { KernelSnnRunner, type DtLifGroup, type SnnParams } from '@spinsnn/learning';

/**
 * The kernel's summed-read path (docs/kernel.md, "Spikes and synapses"): a batch from a store with
 * additive Gaussian reads delivers Σ w_s plus one N(0, Σ σ_s²) per target neuron instead of one
 * noisy read per event. Checked against (a) the closed form — mean Σ w_s, variance
 * Σ (σ_r·G_s·wPerG)² over both halves of every differential pair, read from the devices'
 * conductances — and (b) per-event reads: the same sums built from `store.read(s)` one event at a
 * time. Tolerances are 4.5 standard errors of the estimators (mean: sd/√n; variance:
 * var·√(2/(n − 1)) for a Gaussian), so each check fails by chance with p < 10⁻⁵.
 */
const N_IN = 48;
const N_OUT = 3;
const TRIALS = 3000;
const SIGMA = 0.05; // read noise 5 %: large enough for the variance to be measured well
const Z = 4.5;

function net(seed: number): { runner: KernelSnnRunner; params: SnnParams } {
  const rng = new Rng(7);
  const w = Float32Array.from({ length: N_IN * N_OUT }, () => 2 * rng.uniform() - 1);
  const params: SnnParams = {
    // β = 1 and a threshold no input reaches: v after the sample is the summed input
    config: { sizes: [N_IN, N_OUT], beta: 1, learnBeta: false, threshold: 1e6, reset: 'subtract', surrogate: 'fast_sigmoid', slope: 5, timesteps: 1 },
    weights: [w],
    betas: [1],
  };
  const runner = new KernelSnnRunner(params, { seed, synapse: { device: 'sot/multilevel', preset: 'hsin2025', params: { readNoise: SIGMA } } });
  return { runner, params };
}

interface DeviceStore {
  weights: Float64Array;
  readVariance?: Float64Array | null;
  read(s: number): number;
  conductance(s: number): number;
  wMax: number;
}

const stats = (xs: Float64Array) => {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - m) ** 2;
  return { mean: m, variance: v / (xs.length - 1) };
};

describe('summed Gaussian read noise on the kernel', () => {
  it('matches the closed form and per-event reads in mean and variance, for every target neuron', () => {
    const { runner } = net(3);
    const pos = runner.net.projection('w0p').store as unknown as DeviceStore;
    const neg = runner.net.projection('w0n').store as unknown as DeviceStore;
    expect(pos.readVariance).toBeInstanceOf(Float64Array);
    const group = runner.net.population('l1').group as unknown as DtLifGroup;
    const all = Int32Array.from({ length: N_IN }, (_, i) => i);
    const steps = new Int32Array(N_IN);
    const kernel = Array.from({ length: N_OUT }, () => new Float64Array(TRIALS));
    for (let t = 0; t < TRIALS; t++) {
      runner.infer(all, steps);
      for (let j = 0; j < N_OUT; j++) kernel[j][t] = group.v[j];
    }
    // per-event reference: one read per synapse and event, summed as the neuron would
    const perEvent = Array.from({ length: N_OUT }, () => new Float64Array(TRIALS));
    for (let t = 0; t < TRIALS; t++)
      for (let j = 0; j < N_OUT; j++) {
        let s = 0;
        for (let i = 0; i < N_IN; i++) s += pos.read(i * N_OUT + j) - neg.read(i * N_OUT + j);
        perEvent[j][t] = Math.fround(s);
      }
    // wPerG = wMax / (Gmax − Gmin): both halves share the range [0, wMax]
    const gMin = Math.min(...Array.from({ length: N_IN * N_OUT }, (_, s) => Math.min(pos.conductance(s), neg.conductance(s))));
    const gMax = Math.max(...Array.from({ length: N_IN * N_OUT }, (_, s) => Math.max(pos.conductance(s), neg.conductance(s))));
    const wPerG = pos.wMax / (gMax - gMin);
    for (let j = 0; j < N_OUT; j++) {
      let mean = 0,
        variance = 0;
      for (let i = 0; i < N_IN; i++) {
        const s = i * N_OUT + j;
        mean += pos.weights[s] - neg.weights[s];
        variance += (SIGMA * wPerG) ** 2 * (pos.conductance(s) ** 2 + neg.conductance(s) ** 2);
      }
      for (const xs of [kernel[j], perEvent[j]]) {
        const st = stats(xs);
        expect(Math.abs(st.mean - mean)).toBeLessThan(Z * Math.sqrt(variance / TRIALS));
        expect(Math.abs(st.variance - variance)).toBeLessThan(Z * variance * Math.sqrt(2 / (TRIALS - 1)));
      }
    }
  });

  it('is Gaussian in shape (standardised 4th moment 3 within sampling error) and seeded', () => {
    const run = (seed: number) => {
      const { runner } = net(seed);
      const group = runner.net.population('l1').group as unknown as DtLifGroup;
      const all = Int32Array.from({ length: N_IN }, (_, i) => i);
      const xs = new Float64Array(TRIALS);
      for (let t = 0; t < TRIALS; t++) {
        runner.infer(all, new Int32Array(N_IN));
        xs[t] = group.v[0];
      }
      return xs;
    };
    const a = run(5);
    expect(run(5)).toEqual(a);
    expect(run(6)).not.toEqual(a);
    const { mean, variance } = stats(a);
    let m4 = 0;
    for (const x of a) m4 += (x - mean) ** 4;
    const kurt = m4 / TRIALS / variance ** 2;
    // sd of the sample kurtosis of a Gaussian ≈ √(24/n)
    expect(Math.abs(kurt - 3)).toBeLessThan(Z * Math.sqrt(24 / TRIALS));
  });
});
