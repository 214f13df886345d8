/**
 * Population coding with superparamagnetic MTJs (Mizrahi et al., Nat. Commun. 9, 1533 (2018);
 * docs/probabilistic.md §3). Each junction is a telegraph p-bit (docs/physics.md §3.4) whose
 * dwell times depend on the input x through its own centre c_i:
 *
 *   τ_up = τ_c,i e^(+z),  τ_down = τ_c,i e^(−z),  z = a_i (x − c_i)
 *   switching rate r_i(x) = 2/(τ_up + τ_down) = 1/(τ_c,i cosh z)        (bell-shaped tuning curve) [D]
 *
 * The readout counts switches in a window T_w. The count is an alternating renewal process with
 * exponential dwells, so for T_w ≫ τ it is Gaussian with mean r T_w and Fano factor
 * F = 2(τ_up² + τ_down²)/(τ_up + τ_down)² = 2 − sech² z [D] (1 at the peak, → 2 in the tails).
 * Fisher information of the population for x: J(x) = T_w Σ_i r_i'² / (F_i r_i) = T_w Σ_i a_i² r_i
 * tanh² z_i / (2 − sech² z_i) [D], Cramér–Rao bound var(x̂) ≥ 1/J(x).
 *
 * Decoders: least squares (ridge) or the delta rule on the rate estimates n_i/T_w; the maximum-
 * likelihood decoder (Gaussian likelihood with the above mean and variance) approaches the bound.
 * Pulse-driven devices (`PulsedChip`) can form a population too: the count of changes between
 * successive samples, expected 2p(1 − p) per pulse.
 */
import type { PulsedChip } from '@spinsnn/backends';
import type { Rng } from '@spinsnn/core';

/** A population of superparamagnetic MTJs (normalised input x; times in s). */
export interface PopulationConfig {
  /** Number of junctions N. */
  readonly n: number;
  /** Input range covered by the centres. */
  readonly xMin: number;
  readonly xMax: number;
  /** Sensitivity a (per unit x): the tuning width is ~1/a. Default: 1/spacing. */
  readonly sensitivity?: number;
  /** Dwell time at the tuning peak τ_c = τ0 e^Δ (s). */
  readonly tauC: number;
  /** Standard deviation of the centres, in units of the centre spacing. */
  readonly centreSpread?: number;
  /** Relative standard deviation of a. */
  readonly sensitivitySpread?: number;
  /** Standard deviation of the barrier Δ (kB·T): τ_c,i = τ_c e^(σ ξ). */
  readonly barrierSpread?: number;
}

/** N junctions with their drawn centres, sensitivities and dwell times. */
export interface SmtjPopulation {
  readonly n: number;
  readonly centre: Float64Array;
  readonly a: Float64Array;
  readonly tauC: Float64Array;
  /** Nominal dwell at the peak (s), the unit in which rates are normalised. */
  readonly tauNominal: number;
}

/** Draws a population: centres evenly spread over [xMin, xMax] plus device-to-device variation. */
export function makePopulation(c: PopulationConfig, rng: Rng): SmtjPopulation {
  const n = c.n;
  const spacing = n > 1 ? (c.xMax - c.xMin) / (n - 1) : c.xMax - c.xMin;
  const a0 = c.sensitivity ?? 1 / spacing;
  const centre = new Float64Array(n),
    a = new Float64Array(n),
    tauC = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c0 = n > 1 ? c.xMin + i * spacing : (c.xMin + c.xMax) / 2;
    centre[i] = c0 + (c.centreSpread ? c.centreSpread * spacing * rng.normal() : 0);
    a[i] = a0 * Math.max(0.05, 1 + (c.sensitivitySpread ? c.sensitivitySpread * rng.normal() : 0));
    tauC[i] = c.tauC * Math.exp(c.barrierSpread ? c.barrierSpread * rng.normal() : 0);
  }
  return { n, centre, a, tauC, tauNominal: c.tauC };
}

/** Closed-form switching rate (1/s) of junction i at input x: 1/(τ_c,i cosh(a_i(x − c_i))). */
export function tuningRate(p: SmtjPopulation, i: number, x: number): number {
  return 1 / (p.tauC[i] * Math.cosh(p.a[i] * (x - p.centre[i])));
}

/** Fano factor of junction i's switch count at x for a long window: 2 − sech²(z). */
export function switchFano(p: SmtjPopulation, i: number, x: number): number {
  const s = 1 / Math.cosh(p.a[i] * (x - p.centre[i]));
  return 2 - s * s;
}

/**
 * Switches of junction i in a window of length T at constant input x: the exact telegraph
 * process, started from its stationary distribution (the residual dwell is exponential too).
 */
export function countSwitches(p: SmtjPopulation, i: number, x: number, window: number, rng: Rng): number {
  const z = p.a[i] * (x - p.centre[i]);
  const tUp = p.tauC[i] * Math.exp(z),
    tDown = p.tauC[i] * Math.exp(-z);
  let up = rng.uniform() * (tUp + tDown) < tUp;
  let t = 0,
    n = 0;
  for (;;) {
    t -= (up ? tUp : tDown) * Math.log(rng.uniformPositive());
    if (t >= window) return n;
    n++;
    up = !up;
  }
}

/** Normalised rate estimates n_i τ_nominal / T of the whole population at x, written into out. */
export function encode(p: SmtjPopulation, x: number, window: number, rng: Rng, out: Float64Array): Float64Array {
  for (let i = 0; i < p.n; i++) out[i] = (countSwitches(p, i, x, window, rng) * p.tauNominal) / window;
  return out;
}

/** Noise-free normalised rates r_i(x) τ_nominal (the expected value of `encode`). */
export function expectedRates(p: SmtjPopulation, x: number, out: Float64Array): Float64Array {
  for (let i = 0; i < p.n; i++) out[i] = tuningRate(p, i, x) * p.tauNominal;
  return out;
}

/** Fisher information (1/x²) about x of the counts in a window T (long-window Gaussian limit). */
export function fisherInformation(p: SmtjPopulation, x: number, window: number): number {
  let j = 0;
  for (let i = 0; i < p.n; i++) {
    const z = p.a[i] * (x - p.centre[i]);
    const th = Math.tanh(z),
      sech = 1 / Math.cosh(z);
    j += (p.a[i] * p.a[i] * tuningRate(p, i, x) * th * th) / (2 - sech * sech);
  }
  return window * j;
}

/** Cramér–Rao bound on the standard deviation of an unbiased estimate of x. */
export function cramerRaoSd(p: SmtjPopulation, x: number, window: number): number {
  return 1 / Math.sqrt(fisherInformation(p, x, window));
}

/**
 * Maximum-likelihood estimate of x from normalised rate estimates: Gaussian likelihood with mean
 * r_i T and variance F_i r_i T per count, maximised on a grid then refined by golden section.
 */
export function mlDecode(p: SmtjPopulation, rates: Float64Array, window: number, xMin: number, xMax: number, grid = 400): number {
  const counts = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) counts[i] = (rates[i] * window) / p.tauNominal;
  const nll = (x: number) => {
    let s = 0;
    for (let i = 0; i < p.n; i++) {
      const m = tuningRate(p, i, x) * window;
      const v = Math.max(switchFano(p, i, x) * m, 1e-9);
      const d = counts[i] - m;
      s += (d * d) / v + Math.log(v);
    }
    return s;
  };
  let best = xMin,
    bestV = Infinity;
  const h = (xMax - xMin) / grid;
  for (let k = 0; k <= grid; k++) {
    const x = xMin + k * h;
    const v = nll(x);
    if (v < bestV) {
      bestV = v;
      best = x;
    }
  }
  let lo = Math.max(xMin, best - h),
    hi = Math.min(xMax, best + h);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 40; it++) {
    const x1 = hi - g * (hi - lo),
      x2 = lo + g * (hi - lo);
    if (nll(x1) < nll(x2)) hi = x2;
    else lo = x1;
  }
  return (lo + hi) / 2;
}

/** A linear readout y = w·r + b. */
export interface LinearDecoder {
  readonly weights: Float64Array;
  bias: number;
}

/** y = w·features + b. */
export function decode(d: LinearDecoder, features: ArrayLike<number>): number {
  let s = d.bias;
  for (let i = 0; i < d.weights.length; i++) s += d.weights[i] * features[i];
  return s;
}

/**
 * Ridge least squares: minimises Σ (w·r_k + b − y_k)² + λ |w|² over (w, b), by the normal
 * equations (centred, so b is not penalised), solved with a Cholesky factorisation.
 */
export function fitLeastSquares(features: readonly Float64Array[], y: ArrayLike<number>, ridge = 1e-6): LinearDecoder {
  const m = features.length,
    n = features[0].length;
  const mean = new Float64Array(n);
  let yMean = 0;
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < n; i++) mean[i] += features[k][i] / m;
    yMean += y[k] / m;
  }
  const A = new Float64Array(n * n),
    b = new Float64Array(n);
  for (let k = 0; k < m; k++) {
    const f = features[k],
      yk = y[k] - yMean;
    for (let i = 0; i < n; i++) {
      const fi = f[i] - mean[i];
      b[i] += fi * yk;
      for (let j = 0; j <= i; j++) A[i * n + j] += fi * (f[j] - mean[j]);
    }
  }
  let trace = 0;
  for (let i = 0; i < n; i++) trace += A[i * n + i];
  const lambda = ridge * Math.max(trace / n, 1e-300);
  for (let i = 0; i < n; i++) A[i * n + i] += lambda;
  // Cholesky A = L Lᵀ (lower triangle in place)
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let k = 0; k < j; k++) d -= A[j * n + k] ** 2;
    const ljj = Math.sqrt(Math.max(d, 1e-300));
    A[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = s / ljj;
    }
  }
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= A[i * n + k] * w[k];
    w[i] = s / A[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = w[i];
    for (let k = i + 1; k < n; k++) s -= A[k * n + i] * w[k];
    w[i] = s / A[i * n + i];
  }
  let bias = yMean;
  for (let i = 0; i < n; i++) bias -= w[i] * mean[i];
  return { weights: w, bias };
}

/** Delta rule (LMS): w ← w − η (ŷ − y) r, b ← b − η (ŷ − y), over `epochs` passes in a shuffled order. */
export function deltaRule(features: readonly Float64Array[], y: ArrayLike<number>, rng: Rng, o: { rate?: number; epochs?: number } = {}): LinearDecoder {
  const n = features[0].length,
    m = features.length;
  const d: LinearDecoder = { weights: new Float64Array(n), bias: 0 };
  let power = 0;
  for (const f of features) for (let i = 0; i < n; i++) power += (f[i] * f[i]) / m;
  // a step below 2/(|r|² + 1) keeps LMS stable; the default takes a fifth of that, decaying as 1/√epoch
  const eta0 = o.rate ?? 0.4 / (power + 1);
  const order = Array.from({ length: m }, (_, k) => k);
  const epochs = o.epochs ?? 30;
  for (let e = 0; e < epochs; e++) {
    for (let k = m - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      [order[k], order[j]] = [order[j], order[k]];
    }
    const eta = eta0 / Math.sqrt(1 + e);
    for (const k of order) {
      const f = features[k];
      const err = decode(d, f) - y[k];
      for (let i = 0; i < n; i++) d.weights[i] -= eta * err * f[i];
      d.bias -= eta * err;
    }
  }
  return d;
}

/** Target functions of the population-coding experiments. */
export const POPCODE_TARGETS = {
  identity: (x: number) => x,
  sin: (x: number) => Math.sin(Math.PI * x),
  square: (x: number) => x * x,
  bump: (x: number) => Math.exp(-(x * x) / (2 * 0.25 * 0.25)),
} as const;

/** Name of a target function. */
export type PopcodeTarget = keyof typeof POPCODE_TARGETS;

/** Settings of one population-coding experiment (learn y = f(x) from switch counts). */
export interface PopcodeExperiment {
  readonly population: PopulationConfig;
  /** Counting window (s). */
  readonly window: number;
  readonly target: PopcodeTarget;
  readonly decoder: 'lsq' | 'delta';
  /** Training samples (x uniform in range, fresh noisy counts each). */
  readonly train: number;
  /** Test points (evenly spaced, fresh noisy counts). */
  readonly test: number;
  readonly seed: number;
}

/** What one experiment measured. */
export interface PopcodeResult {
  /** RMS error of ŷ − f(x) on the test points. */
  readonly rmse: number;
  /** RMS error of a decoder fitted to the noise-free nominal tuning curves, applied to the real devices. */
  readonly rmseNominalDecoder: number;
  /** RMS Cramér–Rao bound on x over the test points (identity coding). */
  readonly crbRms: number;
  /** Mean switches per junction per window. */
  readonly meanCount: number;
  /** Test curve: x, f(x), ŷ. */
  readonly curve: { x: number; y: number; yHat: number }[];
}

/** Learns y = f(x) from one population's switch counts and tests it. */
export function runPopcode(e: PopcodeExperiment, rngFor: (stream: number) => Rng): PopcodeResult {
  const pop = makePopulation(e.population, rngFor(1));
  const f = POPCODE_TARGETS[e.target];
  const { xMin, xMax } = e.population;
  const noise = rngFor(2);
  const X: Float64Array[] = [],
    Y: number[] = [];
  let counts = 0;
  for (let k = 0; k < e.train; k++) {
    const x = xMin + (xMax - xMin) * noise.uniform();
    X.push(encode(pop, x, e.window, noise, new Float64Array(pop.n)));
    Y.push(f(x));
  }
  const dec = e.decoder === 'lsq' ? fitLeastSquares(X, Y, 1e-4) : deltaRule(X, Y, rngFor(3));
  // the "nominal" decoder: fitted to the ideal devices' noise-free tuning curves
  const nominal = makePopulation({ ...e.population, centreSpread: 0, sensitivitySpread: 0, barrierSpread: 0 }, rngFor(1));
  const XN: Float64Array[] = [],
    YN: number[] = [];
  for (let k = 0; k < 400; k++) {
    const x = xMin + ((xMax - xMin) * k) / 399;
    XN.push(expectedRates(nominal, x, new Float64Array(pop.n)));
    YN.push(f(x));
  }
  const decN = fitLeastSquares(XN, YN, 1e-4);
  const curve: { x: number; y: number; yHat: number }[] = [];
  let se = 0,
    seN = 0,
    crb = 0;
  const r = new Float64Array(pop.n);
  for (let k = 0; k < e.test; k++) {
    const x = xMin + ((xMax - xMin) * (k + 0.5)) / e.test;
    encode(pop, x, e.window, noise, r);
    for (let i = 0; i < pop.n; i++) counts += (r[i] * e.window) / pop.tauNominal;
    const yHat = decode(dec, r);
    se += (yHat - f(x)) ** 2;
    seN += (decode(decN, r) - f(x)) ** 2;
    crb += 1 / fisherInformation(pop, x, e.window);
    curve.push({ x, y: f(x), yHat });
  }
  return {
    rmse: Math.sqrt(se / e.test),
    rmseNominalDecoder: Math.sqrt(seN / e.test),
    crbRms: Math.sqrt(crb / e.test),
    meanCount: counts / (e.test * pop.n),
    curve,
  };
}

/**
 * Two interlinked populations learn y = f(x): A encodes x; its weighted rates W·r_A + b drive B's
 * input; B is read out by its own identity decoder D_B (fitted first). W is trained by the delta
 * rule on the end-to-end error D_B(r_B) − f(x), taking ∂ŷ/∂(B's input) ≈ 1 (D_B decodes its input).
 */
export function runInterlinked(
  e: PopcodeExperiment & { readonly populationB: PopulationConfig; readonly epochs?: number },
  rngFor: (stream: number) => Rng,
): { rmse: number; rmseA: number; curve: { x: number; y: number; yHat: number }[] } {
  const A = makePopulation(e.population, rngFor(1));
  const B = makePopulation(e.populationB, rngFor(4));
  const noise = rngFor(2);
  const f = POPCODE_TARGETS[e.target];
  // B's identity decoder
  const XB: Float64Array[] = [],
    YB: number[] = [];
  for (let k = 0; k < e.train; k++) {
    const s = e.populationB.xMin + (e.populationB.xMax - e.populationB.xMin) * noise.uniform();
    XB.push(encode(B, s, e.window, noise, new Float64Array(B.n)));
    YB.push(s);
  }
  const dB = fitLeastSquares(XB, YB, 1e-4);
  // A → B weights by the delta rule through B
  const W: LinearDecoder = { weights: new Float64Array(A.n), bias: 0 };
  const rA = new Float64Array(A.n),
    rB = new Float64Array(B.n);
  const epochs = e.epochs ?? 20;
  let power = 0;
  for (let k = 0; k < 200; k++) {
    encode(A, e.population.xMin + (e.population.xMax - e.population.xMin) * noise.uniform(), e.window, noise, rA);
    for (let i = 0; i < A.n; i++) power += (rA[i] * rA[i]) / 200;
  }
  const eta0 = 0.4 / (power + 1);
  for (let ep = 0; ep < epochs; ep++) {
    const eta = eta0 / Math.sqrt(1 + ep);
    for (let k = 0; k < e.train; k++) {
      const x = e.population.xMin + (e.population.xMax - e.population.xMin) * noise.uniform();
      encode(A, x, e.window, noise, rA);
      const s = decode(W, rA);
      encode(B, s, e.window, noise, rB);
      const err = decode(dB, rB) - f(x);
      for (let i = 0; i < A.n; i++) W.weights[i] -= eta * err * rA[i];
      W.bias -= eta * err;
    }
  }
  const curve: { x: number; y: number; yHat: number }[] = [];
  let se = 0,
    seA = 0;
  for (let k = 0; k < e.test; k++) {
    const x = e.population.xMin + ((e.population.xMax - e.population.xMin) * (k + 0.5)) / e.test;
    encode(A, x, e.window, noise, rA);
    const s = decode(W, rA);
    seA += (s - f(x)) ** 2;
    encode(B, s, e.window, noise, rB);
    const yHat = decode(dB, rB);
    se += (yHat - f(x)) ** 2;
    curve.push({ x, y: f(x), yHat });
  }
  return { rmse: Math.sqrt(se / e.test), rmseA: Math.sqrt(seA / e.test), curve };
}

/** Normalised switch-count rates of a pulsed-device population: changes between successive samples over `pulses`. */
export function encodePulsed(chip: PulsedChip, inputs: (i: number) => number, pulses: number, rng: Rng, out: Float64Array): Float64Array {
  for (let i = 0; i < chip.size; i++) {
    const u = inputs(i);
    const q = chip.pUp(i, u);
    let m = rng.uniform() < q;
    let n = 0;
    for (let k = 0; k < pulses; k++) {
      const next = rng.uniform() < q;
      if (next !== m) n++;
      m = next;
    }
    out[i] = n / pulses;
  }
  return out;
}
