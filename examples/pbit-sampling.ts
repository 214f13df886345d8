/**
 * p-bits sample a Boltzmann distribution: a frustrated Ising ring (an odd number of spins with
 * antiferromagnetic couplings, so one bond must always be unhappy) is sampled by sequential
 * p-bit updates m_i = sgn(tanh(β I_i) − r), r ~ U(−1, 1) (`GibbsSampler`), and the histogram of
 * the 2^n states is compared with the exact distribution exp(−βE)/Z by its total variation
 * distance, against the distance that sampling noise alone would give.
 *
 *   node examples/run.mjs pbit-sampling [--spins 5] [--beta 1] [--sweeps 100000] [--seed 1]
 *
 * Tutorial: docs/examples/pbit-sampling.md.
 */
import { Network, Rng, ns, us } from '@spinsnn/core';
import { GibbsSampler, IsingModel, type PbitTelegraphGroup } from '@spinsnn/backends';
import { codeFromSpins, exactBoltzmann, spinsFromCode, totalVariation } from '@spinsnn/learning';
import { pathToFileURL } from 'node:url';

export interface PbitSamplingOptions {
  /** Spins on the ring (odd: frustrated), 3 … 16. */
  spins?: number;
  /** Inverse temperature β (1/energy unit). */
  beta?: number;
  /** Recorded sweeps (one sample per sweep). */
  sweeps?: number;
  /** Sweeps discarded first (burn-in). */
  burnIn?: number;
  /** Bias on spin 0 (breaks the up/down symmetry), energy units. */
  bias?: number;
  /** Simulated time of the telegraph (clockless) p-bits in a network (s); 0 skips that part. */
  telegraphTime?: number;
  /** Device-to-device spread of the telegraph p-bits' gain β (relative) and offset (input units). */
  spread?: number;
  seed?: number;
}

/** The ring: E(m) = −Σ J m_i m_{i+1} − h m_0 with J = −1 (antiferromagnetic). */
export function frustratedRing(n: number, bias: number): IsingModel {
  const from = Array.from({ length: n }, (_, i) => i);
  const to = from.map((i) => (i + 1) % n);
  const h = new Float64Array(n);
  h[0] = bias;
  return IsingModel.fromEdges(n, from, to, -1, h);
}

export interface PbitSamplingResult {
  spins: number;
  beta: number;
  samples: number;
  states: number;
  /** Total variation distance between the sampled histogram and exp(−βE)/Z. */
  tv: number;
  /**
   * What independent samples would give: E[TV] ≈ ½ Σ_s √(2 p_s (1 − p_s) / (π N)) (each count
   * is binomial, its mean absolute deviation √(2/π) σ). p-bit samples are correlated from sweep
   * to sweep, so the measured TV may exceed it by a factor of about √(integrated autocorrelation time).
   */
  tvNoise: number;
  /** The most probable states (spins as a string of + and −) with exact and sampled probabilities. */
  top: { state: string; energy: number; exact: number; sampled: number }[];
  /** Flip rate: fraction of p-bit updates that changed a spin. */
  flipFraction: number;
  /**
   * The same ring as a population of `pbit/telegraph` p-bits (continuous-time stochastic MTJs,
   * dwell τ0·e^(Δ ± βu)) in a network: TV of their time-weighted state distribution against the
   * exact one, ideal devices and with device-to-device spread; null when telegraphTime = 0.
   */
  telegraph: {
    timeS: number;
    flips: number;
    tvIdeal: number;
    /** `tvNoise` for flips / spins independent samples (about one per p-bit flip each). */
    tvNoise: number;
    tvSpread: number;
    spread: number;
    /** Ledger energy of the ideal run's flips (bias power × dwell). */
    energyJ: number;
  } | null;
}

/** Runs the ring as `pbit/telegraph` p-bits for `time` and returns the time-weighted distribution. */
function telegraphRing(model: IsingModel, beta: number, time: number, spread: number, seed: number): { dist: Float64Array; flips: number; energyJ: number } {
  const net = new Network({
    seed,
    dt: 1 * ns, // unused by the clockless p-bits; no clock-driven group here
    populations: [{ name: 'ring', size: model.n, model: 'pbit/telegraph', params: { beta, tau0: 1 * ns, delta: 1, betaSpread: spread, offsetSpread: spread } }],
  });
  // couplings within a p-bit population are not spec data: they are set on the group
  const group = net.population('ring').group as PbitTelegraphGroup;
  group.setCoupling(model);
  group.trackStates();
  net.run(time);
  const flipRow = net.ledger.rows().find((r) => r.op === 'flip');
  return { dist: group.stateDistribution(), flips: group.flips, energyJ: flipRow?.energyJ ?? 0 };
}

/** The default options (`node examples/run.mjs` refuses an option not named here). */
export const defaults: Required<PbitSamplingOptions> = {
  spins: 5,
  beta: 1,
  sweeps: 100_000,
  burnIn: 1000,
  bias: 0.3,
  telegraphTime: 100 * us,
  spread: 0.1,
  seed: 1,
};

export function main(options: PbitSamplingOptions = {}): PbitSamplingResult {
  const { spins: n, beta, sweeps, burnIn, bias, telegraphTime, spread, seed } = { ...defaults, ...options };
  const model = frustratedRing(n, bias);
  const exact = exactBoltzmann(model, beta);

  const sampler = new GibbsSampler(model, beta, new Rng(seed));
  sampler.sweepSequential(burnIn);
  const counts = new Float64Array(1 << n);
  for (let k = 0; k < sweeps; k++) {
    sampler.sweepSequential(1);
    counts[codeFromSpins(sampler.m)]++;
  }
  const sampled = counts.map((c) => c / sweeps);

  const noise = (samples: number) => exact.reduce((s, p) => s + 0.5 * Math.sqrt((2 * p * (1 - p)) / (Math.PI * samples)), 0);
  const tvNoise = noise(sweeps);
  const order = Array.from(exact.keys()).sort((a, b) => exact[b] - exact[a]);
  const top = order.slice(0, 6).map((c) => {
    const m = spinsFromCode(c, n);
    return { state: Array.from(m, (s) => (s > 0 ? '+' : '−')).join(''), energy: model.energy(m), exact: exact[c], sampled: sampled[c] };
  });
  return {
    spins: n,
    beta,
    samples: sweeps,
    states: 1 << n,
    tv: totalVariation(sampled, exact),
    tvNoise,
    top,
    flipFraction: sampler.flips / sampler.updates,
    telegraph: telegraphTime > 0 ? telegraphResult() : null,
  };

  function telegraphResult() {
    const ideal = telegraphRing(model, beta, telegraphTime, 0, seed);
    const spreadRun = telegraphRing(model, beta, telegraphTime, spread, seed);
    return {
      timeS: telegraphTime,
      flips: ideal.flips,
      tvIdeal: totalVariation(ideal.dist, exact),
      tvNoise: noise(ideal.flips / n),
      tvSpread: totalVariation(spreadRun.dist, exact),
      spread,
      energyJ: ideal.energyJ,
    };
  }
}

export function report(r: PbitSamplingResult): string {
  const lines = [
    `frustrated antiferromagnetic ring of ${r.spins} p-bits at β = ${r.beta}: ${r.samples} samples of ${r.states} states`,
    '  state   energy   exact    sampled',
    ...r.top.map((t) => `  ${t.state.padEnd(7)} ${t.energy.toFixed(1).padStart(6)}   ${t.exact.toFixed(4)}   ${t.sampled.toFixed(4)}`),
    `total variation distance ${r.tv.toFixed(4)} (independent samples would give ≈ ${r.tvNoise.toFixed(4)}); ${(100 * r.flipFraction).toFixed(1)} % of updates flip`,
  ];
  const t = r.telegraph;
  if (t) {
    lines.push(
      `telegraph p-bits (pbit/telegraph, τ0 = 1 ns, Δ = 1) in a network for ${(t.timeS / 1e-6).toFixed(0)} µs: ${t.flips} flips, ${(t.energyJ / 1e-12).toFixed(1)} pJ`,
      `  time-weighted TV: ideal devices ${t.tvIdeal.toFixed(4)} (≈ ${t.tvNoise.toFixed(4)} for flips/spins samples), with ${t.spread} spread of β and offset ${t.tvSpread.toFixed(4)}`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(report(main()));
