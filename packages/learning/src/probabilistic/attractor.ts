/**
 * Continuous-attractor network of p-bit neurons on a ring (docs/probabilistic.md §4).
 *
 *   neuron i at angle θ_i = 2π i/N, state s_i ∈ {0, 1}, updated asynchronously (random order):
 *   P(s_i = 1) = σ(β h_i),  h_i = Σ_{j≠i} w_ij s_j + I_i − b,  w_ij = (J1 cos(θ_i − θ_j − δ) − J0)/N
 *
 * With δ = 0 the weights are symmetric and the asynchronous updates sample the Boltzmann
 * distribution of E = −½ Σ w s s − Σ (I − b) s at temperature 1/β (the p-bit rule, docs/physics.md
 * §3.2). The cosine weights are rank 2, so h_i needs only C = Σ s cos θ, S = Σ s sin θ, M = Σ s:
 * one update is O(1).
 *
 * Mean-field theory (exact for N → ∞ in this all-to-all model) [D]: m(θ) = σ(β(J1 r cos θ −
 * J0 m̄ + I − b)), r = ⟨m cos θ⟩, m̄ = ⟨m⟩. The uniform state (r = 0) loses stability to the bump
 * when β J1 m̄(1 − m̄)/2 > 1, i.e. above J1c = 2/(β m̄(1 − m̄)) (m̄ the uniform solution).
 * Below it the population vector Z = (C + iS)/N fluctuates with per-component variance
 * m̄(1 − m̄)/(2N) / (1 − J1/J1c) (Gaussian fluctuation theory, the susceptibility enhancement).
 *
 * A kernel shift δ ≠ 0 makes the bump travel (path integration: δ = κ·v for a velocity input v);
 * external cosine inputs pin it (cue integration). Device noise — β, and N through the number
 * of independent p-bits — sets the diffusion of the bump's phase.
 */
import type { PulsedChip } from '@spinsnn/backends';
import type { Rng } from '@spinsnn/core';

/** Ring network parameters (inputs dimensionless). */
export interface RingConfig {
  /** Neurons N. */
  readonly n: number;
  /** Inverse temperature β of the p-bit neurons (device noise: lower β, more noise). */
  readonly beta: number;
  /** Tuned coupling J1. */
  readonly j1: number;
  /** Uniform inhibition J0. */
  readonly j0: number;
  /** Threshold b. */
  readonly bias: number;
}

/** Logistic σ(x). */
function sigma(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The ring of p-bit neurons, with an optional pulsed/telegraph device chip for the neurons' law. */
export class PbitRing {
  readonly n: number;
  readonly s: Uint8Array;
  /** External input I_i. */
  readonly input: Float64Array;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  private delta = 0;
  private cd = 1;
  private sd = 0;
  private c = 0;
  private sn = 0;
  private m = 0;
  /** Updates done. */
  updates = 0;
  /** β/(2 β_eff): input scale that makes a device with gain β_eff fire with σ(βh). */
  private readonly uScale: number;

  constructor(
    readonly cfg: RingConfig,
    private readonly rng: Rng,
    private readonly chip: PulsedChip | null = null,
    chipBeta = 1,
  ) {
    const n = cfg.n;
    this.n = n;
    this.s = new Uint8Array(n);
    this.input = new Float64Array(n);
    this.cos = new Float64Array(n);
    this.sin = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const th = (2 * Math.PI * i) / n;
      this.cos[i] = Math.cos(th);
      this.sin[i] = Math.sin(th);
    }
    this.uScale = cfg.beta / (2 * chipBeta);
  }

  /** Kernel shift δ (rad): 0 is the symmetric (equilibrium) network. */
  get shift(): number {
    return this.delta;
  }

  set shift(d: number) {
    this.delta = d;
    this.cd = Math.cos(d);
    this.sd = Math.sin(d);
  }

  /** Sets every s_i by a draw with P(1) = p0 (and refreshes the sums). */
  randomise(p0 = 0.5): void {
    for (let i = 0; i < this.n; i++) this.s[i] = this.rng.uniform() < p0 ? 1 : 0;
    this.resum();
  }

  /** Starts with a bump of half-width `width` (rad) at `phase`. */
  seedBump(phase: number, width = Math.PI / 3): void {
    for (let i = 0; i < this.n; i++) {
      const d = Math.acos(Math.max(-1, Math.min(1, this.cos[i] * Math.cos(phase) + this.sin[i] * Math.sin(phase))));
      this.s[i] = d < width ? 1 : 0;
    }
    this.resum();
  }

  private resum(): void {
    let c = 0,
      s = 0,
      m = 0;
    for (let i = 0; i < this.n; i++)
      if (this.s[i]) {
        c += this.cos[i];
        s += this.sin[i];
        m++;
      }
    this.c = c;
    this.sn = s;
    this.m = m;
  }

  /** Field h_i (without self-coupling). */
  field(i: number): number {
    const { cfg, n } = this;
    const si = this.s[i];
    const c = this.c - si * this.cos[i],
      s = this.sn - si * this.sin[i],
      m = this.m - si;
    const cd = this.cd,
      sd = this.sd;
    // cos(θ_i − θ_j − δ) = cos(θ_i − δ) cos θ_j + sin(θ_i − δ) sin θ_j
    const ci = this.cos[i] * cd + this.sin[i] * sd,
      sI = this.sin[i] * cd - this.cos[i] * sd;
    return (cfg.j1 * (ci * c + sI * s) - cfg.j0 * m) / n + this.input[i] - cfg.bias;
  }

  /** `sweeps` × N asynchronous updates of randomly chosen neurons. */
  sweep(sweeps = 1): void {
    const { n, rng, chip } = this;
    const total = Math.round(sweeps * n);
    const beta = this.cfg.beta;
    for (let k = 0; k < total; k++) {
      const i = rng.int(n);
      const h = this.field(i);
      const p = chip ? chip.pUp(i, this.uScale * h) : sigma(beta * h);
      const next = rng.uniform() < p ? 1 : 0;
      if (next !== this.s[i]) {
        const d = next - this.s[i];
        this.c += d * this.cos[i];
        this.sn += d * this.sin[i];
        this.m += d;
        this.s[i] = next;
      }
    }
    this.updates += total;
  }

  /** Phase of the population vector (rad, −π … π). */
  phase(): number {
    return Math.atan2(this.sn, this.c);
  }

  /** |Z| = |Σ s e^(iθ)|/N: the bump amplitude r. */
  amplitude(): number {
    return Math.hypot(this.c, this.sn) / this.n;
  }

  /** Fraction of active neurons m̄. */
  activity(): number {
    return this.m / this.n;
  }
}

/** Uniform mean-field solution m̄ = σ(β(−J0 m̄ + drive)) (unique for J0 ≥ 0; bisection). */
export function uniformActivity(beta: number, j0: number, drive: number): number {
  let lo = 0,
    hi = 1;
  for (let k = 0; k < 100; k++) {
    const m = (lo + hi) / 2;
    if (sigma(beta * (-j0 * m + drive)) > m) lo = m;
    else hi = m;
  }
  return (lo + hi) / 2;
}

/** Bump threshold of mean-field theory: J1c = 2/(β m̄(1 − m̄)). */
export function bumpThreshold(beta: number, j0: number, drive: number): number {
  const m = uniformActivity(beta, j0, drive);
  return 2 / (beta * m * (1 - m));
}

/** Mean-field bump: r = ⟨m cos θ⟩ and m̄ from the self-consistent equations (damped iteration, 2048-point quadrature). */
export function meanFieldBump(beta: number, j1: number, j0: number, drive: number): { r: number; mBar: number } {
  const Q = 2048;
  let r = 0.3,
    mBar = 0.5;
  for (let it = 0; it < 5000; it++) {
    let rn = 0,
      mn = 0;
    for (let q = 0; q < Q; q++) {
      const th = (2 * Math.PI * (q + 0.5)) / Q;
      const m = sigma(beta * (j1 * r * Math.cos(th) - j0 * mBar + drive));
      rn += (m * Math.cos(th)) / Q;
      mn += m / Q;
    }
    const dr = rn - r,
      dm = mn - mBar;
    r += 0.5 * dr;
    mBar += 0.5 * dm;
    if (Math.abs(dr) < 1e-12 && Math.abs(dm) < 1e-12) break;
  }
  return { r: Math.max(0, r), mBar };
}

/** Gaussian-fluctuation prediction of E|Z| below threshold: σ√(π/2), σ² = m̄(1 − m̄)/(2N(1 − J1/J1c)). */
export function subThresholdAmplitude(cfg: RingConfig): number {
  const drive = -cfg.bias;
  const m = uniformActivity(cfg.beta, cfg.j0, drive);
  const jc = bumpThreshold(cfg.beta, cfg.j0, drive);
  const s2 = (m * (1 - m)) / (2 * cfg.n * (1 - cfg.j1 / jc));
  return Math.sqrt(s2) * Math.sqrt(Math.PI / 2);
}

/** Wraps an angle to (−π, π]. */
export function wrapAngle(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
}

/**
 * Diffusion constant (rad²/sweep) of the bump's phase: linear fit through the origin of the
 * mean squared displacement over lags 1…maxLag samples, from an unwrapped phase trace sampled
 * every `every` sweeps. Returns D and its trace.
 */
export function bumpDiffusion(ring: PbitRing, samples: number, every: number, maxLag = 10): { d: number; msd: number[] } {
  const ph = new Float64Array(samples);
  let prev = ring.phase(),
    acc = prev;
  for (let k = 0; k < samples; k++) {
    ring.sweep(every);
    const p = ring.phase();
    acc += wrapAngle(p - prev);
    prev = p;
    ph[k] = acc;
  }
  const msd: number[] = [];
  let num = 0,
    den = 0;
  for (let lag = 1; lag <= maxLag; lag++) {
    let s = 0;
    for (let k = lag; k < samples; k++) s += (ph[k] - ph[k - lag]) ** 2;
    const v = s / (samples - lag);
    msd.push(v);
    num += v * lag * every;
    den += (lag * every) ** 2;
  }
  return { d: num / den / 2, msd };
}

/** External cosine cue: I_i += strength · cos(θ_i − position). */
export function addCue(ring: PbitRing, position: number, strength: number): void {
  const c = Math.cos(position),
    s = Math.sin(position);
  for (let i = 0; i < ring.n; i++) ring.input[i] += strength * (ring.cos[i] * c + ring.sin[i] * s);
}

/** Circular mean of the bump phase over `samples` samples `every` sweeps apart (after the caller's burn-in). */
export function meanPhase(ring: PbitRing, samples: number, every: number): number {
  let c = 0,
    s = 0;
  for (let k = 0; k < samples; k++) {
    ring.sweep(every);
    const p = ring.phase();
    c += Math.cos(p);
    s += Math.sin(p);
  }
  return Math.atan2(s, c);
}

/** Settings of a cue-integration experiment. */
export interface CueIntegrationConfig {
  readonly ring: RingConfig;
  /** Cue noise (rad) of cue 1 and cue 2. */
  readonly sigma1: number;
  readonly sigma2: number;
  /** Cue strength per unit reliability: strength_k = gain / σ_k² (a cue's input gain encodes its reliability). */
  readonly gain: number;
  readonly trials: number;
  /** Sweeps before reading the network's estimate, and sweeps averaged over. */
  readonly settle: number;
  readonly read: number;
}

/** Cue-integration result: network estimates vs the Bayes-optimal inverse-variance estimate. */
export interface CueIntegrationResult {
  /** Per trial: cue positions, Bayes estimate, network estimate (rad; truth is 0). */
  readonly trials: { cue1: number; cue2: number; bayes: number; network: number }[];
  /** Mean and SE of network − Bayes. */
  readonly meanDiff: number;
  readonly seDiff: number;
  /** Weight of cue 1 in a least-squares fit network ≈ w·cue1 + (1 − w)·cue2, its SE, and the Bayes weight σ2²/(σ1² + σ2²). */
  readonly weight1: number;
  readonly weight1Se: number;
  readonly weight1Bayes: number;
  /** RMS errors vs the truth: network, Bayes, cue 1 alone, cue 2 alone. */
  readonly rmsNetwork: number;
  readonly rmsBayes: number;
  readonly rmsCue1: number;
  readonly rmsCue2: number;
}

/**
 * Two noisy cues about a direction (truth 0): cue k observed at σ_k ξ_k, injected with strength
 * gain/σ_k². The network's estimate is the circular mean of its bump phase; the Bayes-optimal
 * estimate is the inverse-variance weighted mean of the cues.
 */
export function cueIntegration(c: CueIntegrationConfig, rng: Rng, chip: PulsedChip | null = null, chipBeta = 1): CueIntegrationResult {
  const rows: { cue1: number; cue2: number; bayes: number; network: number }[] = [];
  const w1 = 1 / (c.sigma1 * c.sigma1),
    w2 = 1 / (c.sigma2 * c.sigma2);
  for (let t = 0; t < c.trials; t++) {
    const ring = new PbitRing(c.ring, rng, chip, chipBeta);
    const cue1 = c.sigma1 * rng.normal(),
      cue2 = c.sigma2 * rng.normal();
    addCue(ring, cue1, c.gain * w1);
    addCue(ring, cue2, c.gain * w2);
    ring.seedBump(rng.uniform() * 2 * Math.PI - Math.PI);
    ring.sweep(c.settle);
    const network = meanPhase(ring, c.read, 1);
    rows.push({ cue1, cue2, bayes: (w1 * cue1 + w2 * cue2) / (w1 + w2), network });
  }
  const n = rows.length;
  const diffs = rows.map((r) => wrapAngle(r.network - r.bayes));
  const meanDiff = diffs.reduce((a, b) => a + b, 0) / n;
  const sdDiff = Math.sqrt(diffs.reduce((a, b) => a + (b - meanDiff) ** 2, 0) / Math.max(1, n - 1));
  // network − cue2 = w (cue1 − cue2) + noise: least squares through the origin
  let sxy = 0,
    sxx = 0;
  for (const r of rows) {
    const x = r.cue1 - r.cue2,
      y = r.network - r.cue2;
    sxy += x * y;
    sxx += x * x;
  }
  const w = sxy / sxx;
  let res = 0;
  for (const r of rows) res += (r.network - r.cue2 - w * (r.cue1 - r.cue2)) ** 2;
  const weight1Se = Math.sqrt(res / Math.max(1, n - 1) / sxx);
  const rms = (f: (r: (typeof rows)[number]) => number) => Math.sqrt(rows.reduce((a, r) => a + f(r) ** 2, 0) / n);
  return {
    trials: rows,
    meanDiff,
    seDiff: sdDiff / Math.sqrt(n),
    weight1: w,
    weight1Se,
    weight1Bayes: w1 / (w1 + w2),
    rmsNetwork: rms((r) => r.network),
    rmsBayes: rms((r) => r.bayes),
    rmsCue1: rms((r) => r.cue1),
    rmsCue2: rms((r) => r.cue2),
  };
}

/**
 * Path integration: the kernel shift δ(t) = κ v(t) follows a velocity signal; returns the bump
 * phase trace and the integrated ∫ω dt predicted from a calibrated angular speed ω = g·δ.
 */
export function pathIntegration(ring: PbitRing, velocity: readonly number[], kappa: number, sweepsPerStep: number): { phase: number[] } {
  const out: number[] = [];
  let prev = ring.phase(),
    acc = prev;
  for (const v of velocity) {
    ring.shift = kappa * v;
    ring.sweep(sweepsPerStep);
    const p = ring.phase();
    acc += wrapAngle(p - prev);
    prev = p;
    out.push(acc);
  }
  ring.shift = 0;
  return { phase: out };
}
