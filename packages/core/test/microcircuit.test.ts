/**
 * The PD14 microcircuit (docs/microcircuit.md): its connectivity statistics against the model
 * description — synapse numbers per pair from PD14's formula, in- and out-degree distributions
 * of fixed_total_number, the delay histogram (truncated, grid-rounded normal), weights — and the
 * 10 % model's rates against the published full-scale rates.
 */
import { describe, expect, it } from 'vitest';
import {
  Network,
  PD14,
  PD14_CONN_PROBS,
  PD14_POPULATIONS,
  PD14_REFERENCE_RATES,
  PD14_SIZES,
  microcircuitSpec,
  microcircuitTables,
  pd14SynapseCount,
  pscOverPsp,
  roundHalfEven,
  SpecError,
  validateNetworkSpec,
  type NetworkSpec,
} from '@spinsnn/core';

const dt = PD14.dt;

/** erf, Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, far below the sampling errors tested). */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
const Phi = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));

/**
 * Mean and sd of the delay distribution PD14 + NEST specify: normal(μ, σ) redrawn until ≥ dt/2,
 * then rounded to the nearest multiple of dt — computed from Φ, independently of the code.
 */
function delayMoments(mu: number, sigma: number): { mean: number; sd: number; pMin: number } {
  const lo = dt / 2;
  const norm = 1 - Phi((lo - mu) / sigma);
  let m1 = 0,
    m2 = 0,
    pMin = 0;
  for (let m = 1; m < 200; m++) {
    const a = Math.max(lo, (m - 0.5) * dt);
    const p = (Phi(((m + 0.5) * dt - mu) / sigma) - Phi((a - mu) / sigma)) / norm;
    if (m === 1) pMin = p;
    m1 += p * m * dt;
    m2 += p * (m * dt) ** 2;
  }
  return { mean: m1, sd: Math.sqrt(m2 - m1 * m1), pMin };
}

describe('PD14 microcircuit: connectivity against the model description', () => {
  // a 10 % model with 10 % in-degrees: 3.0 M synapses, built in about a second
  const scale = 0.1,
    kScale = 0.1;
  const spec = microcircuitSpec({ scale, kScale, seed: 7 });
  const net = new Network(spec);
  const tb = microcircuitTables(scale, kScale, 'poisson');

  it('draws exactly K·N_scaling·K_scaling synapses per pair, K = log(1−p)/log(1−1/(N_pre·N_post)) (PD14 eq. 1)', () => {
    PD14_POPULATIONS.forEach((t, ti) =>
      PD14_POPULATIONS.forEach((s, si) => {
        const p = PD14_CONN_PROBS[ti][si];
        const K = pd14SynapseCount(p, PD14_SIZES[si], PD14_SIZES[ti]);
        // independent check of the formula: for p ≪ 1, K ≈ −ln(1−p)·N_pre·N_post
        expect(Math.abs(K + Math.log1p(-p) * PD14_SIZES[si] * PD14_SIZES[ti])).toBeLessThanOrEqual(1 + 1e-9 * K);
        const n = roundHalfEven(K * scale * kScale);
        if (n === 0) return;
        expect(net.projection(`${s}-${t}`).size).toBe(n);
      }),
    );
    // sizes rounded as numpy rounds (the NEST example): 1065 × 0.1 = 106.5 → 106
    expect(tb.sizes).toEqual([2068, 583, 2192, 548, 485, 106, 1440, 295]);
    expect(roundHalfEven(2.5)).toBe(2);
    expect(roundHalfEven(3.5)).toBe(4);
    expect(roundHalfEven(-0.4)).toBe(-0);
    // the full model has ~0.3 billion synapses (PD14: "approximately 0.3 billion synapses")
    const full = microcircuitTables(1, 1, 'poisson')
      .synapses.flat()
      .reduce((a, b) => a + b, 0);
    expect(full).toBeGreaterThan(2.9e8);
    expect(full).toBeLessThan(3.1e8);
  });

  it('gives each target a Binomial(n, 1/N_post) in-degree and each source a Binomial(n, 1/N_pre) out-degree', () => {
    for (const [s, t] of [
      ['L23E', 'L23E'],
      ['L4E', 'L23E'],
      ['L5I', 'L5E'],
      ['L6I', 'L6E'],
    ]) {
      const proj = net.projection(`${s}-${t}`);
      const nPre = proj.source.size,
        nPost = proj.target.size,
        n = proj.size;
      const indeg = new Float64Array(nPost);
      for (let k = 0; k < n; k++) indeg[proj.post[k]]++;
      const outdeg = Float64Array.from({ length: nPre }, (_, i) => proj.rowPtr[i + 1] - proj.rowPtr[i]);
      for (const [deg, N] of [
        [indeg, nPost],
        [outdeg, nPre],
      ] as const) {
        const mean = deg.reduce((a, b) => a + b, 0) / N;
        expect(mean).toBeCloseTo(n / N, 9); // exactly n synapses
        const v = deg.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1);
        const expected = n * (1 / N) * (1 - 1 / N);
        // sample variance of N (near-normal: binomial means ≥ 40) values: sd = σ²·√(2/(N − 1)); 5 sd
        expect(Math.abs(v - expected)).toBeLessThan(5 * expected * Math.sqrt(2 / (N - 1)));
      }
    }
  });

  it('draws delays ≥ dt on the dt grid with the mean and sd of the redrawn, rounded normal (exc 1.5 ± 0.75 ms, inh 0.75 ± 0.375 ms)', () => {
    for (const [s, t, mu] of [
      ['L23E', 'L23E', PD14.delay_exc_mean],
      ['L23I', 'L23E', PD14.delay_inh_mean],
      ['L4I', 'L4I', PD14.delay_inh_mean],
    ] as const) {
      const d = net.projection(`${s}-${t}`).delays!;
      const sigma = mu * PD14.delay_rel_sd;
      const { mean: em, sd: es, pMin } = delayMoments(mu, sigma);
      const n = d.length;
      let sum = 0,
        sq = 0,
        min = Infinity,
        atMin = 0,
        offGrid = 0;
      for (let k = 0; k < n; k++) {
        sum += d[k];
        sq += d[k] * d[k];
        if (d[k] < min) min = d[k];
        if (Math.abs(d[k] / dt - Math.round(d[k] / dt)) > 1e-9) offGrid++;
      }
      for (let k = 0; k < n; k++) if (d[k] === min) atMin++;
      const mean = sum / n;
      const sd = Math.sqrt(sq / n - mean * mean);
      expect(offGrid).toBe(0);
      expect(min / dt).toBeCloseTo(1, 9);
      // sampling errors: mean ± sd/√n, sd ± sd·√((κ − 1)/(4n)) with kurtosis κ ≤ 3.2 for this near-normal; 5 sd
      expect(Math.abs(mean - em)).toBeLessThan((5 * es) / Math.sqrt(n));
      expect(Math.abs(sd - es)).toBeLessThan(5 * es * Math.sqrt(2.2 / (4 * n)));
      expect(Math.abs(atMin / n - pMin)).toBeLessThan(5 * Math.sqrt((pMin * (1 - pMin)) / n));
    }
  });

  it('draws weights of the right sign with mean J and sd 0.1·|J| (J from 0.15 mV PSPs, g = −4, L4E→L23E doubled, /√K_scaling)', () => {
    const J = (PD14.PSP_exc_mean * pscOverPsp(PD14.C_m, PD14.tau_m, PD14.tau_syn)) / Math.sqrt(kScale);
    for (const [s, t, factor] of [
      ['L23E', 'L23E', 1],
      ['L4E', 'L23E', 2],
      ['L23I', 'L4E', PD14.g],
    ] as const) {
      const w = net.projection(`${s}-${t}`).store!.weights;
      const mu = factor * J,
        sigma = Math.abs(mu) * PD14.weight_rel_sd;
      let sum = 0,
        sq = 0,
        wrongSign = 0;
      for (const x of w) {
        sum += x;
        sq += x * x;
        if (x * mu < 0) wrongSign++;
      }
      const mean = sum / w.length;
      const sd = Math.sqrt(sq / w.length - mean * mean);
      expect(wrongSign).toBe(0);
      // truncation at 10 sd changes nothing measurable: plain normal sampling errors, 5 sd
      expect(Math.abs(mean - mu)).toBeLessThan((5 * sigma) / Math.sqrt(w.length));
      expect(Math.abs(sd - sigma)).toBeLessThan(5 * sigma * Math.sqrt(1 / (2 * w.length)));
    }
    expect(tb.wExt).toBeCloseTo(J, 20);
  });

  it('refuses bad fixed_total_number and bounded-normal specs with SpecErrors', () => {
    const base = (pr: Record<string, unknown>): NetworkSpec =>
      ({
        seed: 1,
        populations: [{ name: 'a', size: 10, model: 'core/iaf_psc_exp' }],
        projections: [{ source: 'a', target: 'a', connectivity: { rule: 'fixed_total_number', n: 5 }, weight: 1e-12, ...pr }],
      }) as NetworkSpec;
    expect(() => validateNetworkSpec(base({ connectivity: { rule: 'fixed_total_number', n: -1 } }))).toThrow(SpecError);
    expect(() => validateNetworkSpec(base({ connectivity: { rule: 'fixed_total_number', k: 5 } }))).toThrow(/did you mean|keys/);
    expect(() => validateNetworkSpec(base({ delay: { normal: { mean: 1e-3, sd: 1e-3 } } }))).toThrow(/unbounded below/);
    expect(() => validateNetworkSpec(base({ delay: { normal: { mean: 1e-3, sd: 1e-3, min: -1 } } }))).toThrow(SpecError);
    expect(() => validateNetworkSpec(base({ weight: { normal: { mean: 0, sd: 1, min: 10 } } }))).toThrow(/within 3 sd/);
    expect(() => validateNetworkSpec(base({ delay: { normal: { mean: 1e-3, sd: 1e-4, min: 0, grid: 0 } } }))).toThrow(/grid/);
    expect(() => validateNetworkSpec(base({ delay: { normal: { mean: 1e-3, sd: 1e-4, min: 0, grid: 1e-4 } } }))).not.toThrow();
  });
});

describe('PD14 microcircuit: rates of the 10 % model', () => {
  it('fires each population near its published full-scale rate, with the published ordering', () => {
    // The 10 % model at full in-degree (the "10 % model": 7,718 neurons, 30 M synapses)
    // — the in-degrees, hence mean and variance of every neuron's input, are the full model's, so
    // its rates are the full model's up to finite-size effects (10× the connection probabilities:
    // stronger correlations, slow population fluctuations of ±50 % in 100 ms bins in L5). 0.2 s
    // of warm-up (the 'optimized' initial V_m leaves no visible onset transient in 100 ms bins)
    // and 0.4 s measured keep it near 12 s of CPU; the NEST example's 0.5 s + 1 s gives the
    // figures in docs/microcircuit.md.
    const net = new Network(microcircuitSpec({ scale: 0.1, kScale: 1, seed: 3 }));
    net.run(0.2);
    const T = 0.4;
    const counts = PD14_POPULATIONS.map((name) => {
      const pop = net.population(name);
      const c = new Float64Array(pop.size);
      pop.addListener({ onSpike: (i) => c[i]++ });
      return c;
    });
    net.run(T);
    const rates = counts.map((c) => {
      const r = Array.from(c, (x) => x / T);
      const mean = r.reduce((a, b) => a + b, 0) / r.length;
      const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
      return { mean, sd };
    });
    rates.forEach(({ mean, sd }, k) => {
      // "within the published spread": the reference rate lies inside one sd of the rates of the
      // population's neurons (the spread the NEST example prints beside each mean rate) — the
      // 10 % model's finite-size deviation is a model property, not a sampling error of the mean
      expect(Math.abs(mean - PD14_REFERENCE_RATES[k])).toBeLessThan(sd);
      expect(mean).toBeGreaterThan(0);
    });
    const r = Object.fromEntries(PD14_POPULATIONS.map((p, k) => [p, rates[k].mean]));
    // the clear orderings of the published rates (each a ratio ≥ 1.35; L5's I/E ratio of 1.12 is
    // within the finite-size fluctuations, so not asserted): inhibitory above excitatory in L2/3,
    // L4 and L6; L2/3e and L6e quieter than L4e; L5e the most active excitatory population
    for (const layer of ['L23', 'L4', 'L6']) expect(r[`${layer}I`]).toBeGreaterThan(r[`${layer}E`]);
    for (const p of ['L23E', 'L6E']) expect(r[p]).toBeLessThan(r.L4E);
    for (const p of ['L23E', 'L4E', 'L6E']) expect(r.L5E).toBeGreaterThan(r[p]);
  });
});
