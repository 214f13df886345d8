/**
 * The p-bit device model (docs/physics.md §3): a stochastic MTJ whose magnetisation fluctuates
 * between ±1 as a two-state telegraph process, biased by its input.
 *
 *   input          u_i = I_i + offset_i            (dimensionless: I_i = Σ_j J_ij m_j + h_i)
 *   Gibbs update   m_i = sgn(tanh(β_i u_i) − r),  r ~ U(−1, 1)    ⇔  P(m=+1) = 1/(1 + e^(−2 β u))   §3.2
 *   telegraph      τ(+1→−1) = τ0 e^(Δ + β u),  τ(−1→+1) = τ0 e^(Δ − β u)                          §3.4
 *
 * The telegraph rates satisfy detailed balance with exactly the Gibbs conditional, so the
 * continuous-time p-bit samples the same Boltzmann distribution as sequential Gibbs updates.
 * Device-to-device spread: β_i = β (1 + betaSpread ξ), offset_i = offset + offsetSpread ξ'.
 *
 * Energy per flip is an estimate: the bias power of the MTJ read circuit times the mean dwell
 * time at zero input (docs/physics.md §3.6 says "order fJ" [U]; no measured value is available).
 */
import { getModel, ns, resolveModelParams, uW, us, type ParamSpec, type ParamValues, type Preset, type Rng } from '@spinsnn/core';

/** Resolved p-bit device parameters (SI units; inputs are dimensionless). */
export interface PbitParams {
  /** Gain I0 = β: inverse temperature applied to the dimensionless input. */
  readonly beta: number;
  /** Relative device-to-device standard deviation of β. */
  readonly betaSpread: number;
  /** Mean input offset (input units). */
  readonly offset: number;
  /** Device-to-device standard deviation of the offset (input units). */
  readonly offsetSpread: number;
  /** Energy barrier at zero input, in kB·T. */
  readonly delta: number;
  /** Attempt time τ0 (s). */
  readonly tau0: number;
  /** Static bias power of one p-bit's read circuit (W). */
  readonly biasPower: number;
}

/** Parameter specs of the `pbit/telegraph` model (units, ranges, sources). */
export const pbitParamSpecs: readonly ParamSpec[] = [
  {
    name: 'beta',
    unit: '1',
    default: 1,
    min: 0,
    description: 'p-bit gain I0 (inverse temperature on the dimensionless input)',
    source: 'docs/physics.md §3.2 (Camsari 2019)',
  },
  { name: 'betaSpread', unit: '1', default: 0, min: 0, max: 1, description: 'relative device-to-device standard deviation of β' },
  { name: 'offset', unit: '1', default: 0, description: 'mean input offset (input units)' },
  { name: 'offsetSpread', unit: '1', default: 0, min: 0, description: 'device-to-device standard deviation of the input offset (input units)' },
  { name: 'delta', unit: '1', default: 1, min: 0, max: 40, description: 'energy barrier at zero input, Δ = E_b/(kB T)', source: 'docs/physics.md §2.1 table' },
  {
    name: 'tau0',
    unit: 's',
    default: 1 * ns,
    min: 0,
    minExclusive: true,
    description: 'attempt time τ0 (mean dwell at Δ = 0)',
    source: 'docs/physics.md §2.6 (1 ns convention)',
  },
  {
    name: 'biasPower',
    unit: 'W',
    default: 1 * uW,
    min: 0,
    description: 'static bias power of the MTJ read circuit (energy per flip = power × dwell) [U]',
    source: 'docs/physics.md §3.6: energy per flip "order fJ" [U]',
  },
];

/**
 * Measured stochastic MTJs (docs/physics.md §10 / §3.4). Only the mean dwell time τ0·e^Δ is measured;
 * its split into τ0 and Δ is not identifiable from it, so each preset keeps τ0 = 1 ns and sets
 * Δ = ln(dwell/τ0) [D].
 */
export const pbitPresets: readonly Preset[] = [
  {
    name: 'soumah2024',
    description: '50 nm perpendicular SMTJ in an in-plane field: mean dwell 2.7 ns at ~0 bias',
    source: 'Soumah et al., arXiv 2402.03452 [V] (docs/physics.md §10)',
    params: { tau0: 1 * ns, delta: Math.log(2.7) },
  },
  {
    name: 'schnitzspan2023',
    description: '50 nm in-plane circular SMTJ: autocorrelation ~5 ns, i.e. mean dwell 10 ns (symmetric telegraph: τ_corr = dwell/2)',
    source: 'Schnitzspan et al., arXiv 2301.05694 [V] (docs/physics.md §10)',
    params: { tau0: 1 * ns, delta: Math.log(10) },
  },
  {
    name: 'sidiElValli2025fast',
    description: 'stable pMTJ actuated by ns pulses (A-sMTJ), fastest setting: dwell 29 ns',
    source: 'Sidi El Valli et al., arXiv 2509.13458 [V] (docs/physics.md §3.4)',
    params: { tau0: 1 * ns, delta: Math.log(29) },
  },
  {
    name: 'sidiElValli2025slow',
    description: 'the same A-sMTJ, slowest setting: dwell 2.3 µs',
    source: 'Sidi El Valli et al., arXiv 2509.13458 [V] (docs/physics.md §3.4)',
    params: { tau0: 1 * ns, delta: Math.log((2.3 * us) / ns) },
  },
];

/** Parameter overrides by name (undefined: keep the preset's or default value). */
export type PbitOverrides = Readonly<Partial<Record<keyof PbitParams, number | undefined>>>;

/**
 * Resolved p-bit parameters: defaults, then a preset (by name), then overrides, validated by the
 * registry's `resolveModelParams` (a SpecError/ParamError names a bad value and its valid range).
 */
export function pbitParams(preset?: string, overrides: PbitOverrides = {}, path = 'pbit/telegraph'): PbitParams {
  return pbitFromValues(resolveModelParams(getModel('pbit/telegraph', 'neuron'), preset, overrides, path));
}

/** Typed view of validated parameter values (as the registry passes them). */
export function pbitFromValues(v: ParamValues): PbitParams {
  return {
    beta: v.beta,
    betaSpread: v.betaSpread,
    offset: v.offset,
    offsetSpread: v.offsetSpread,
    delta: v.delta,
    tau0: v.tau0,
    biasPower: v.biasPower,
  };
}

/** P(m = +1) of a p-bit with gain β at input u (the Gibbs conditional). */
export function pUp(beta: number, u: number): number {
  return 1 / (1 + Math.exp(-2 * beta * u));
}

/** Mean dwell time (s) at zero input: τ0 e^Δ. */
export function meanDwellTime(p: Pick<PbitParams, 'tau0' | 'delta'>): number {
  return p.tau0 * Math.exp(p.delta);
}

/** Mean dwell time (s) in state m (±1) at input u: τ0 e^(Δ + m β u). */
export function dwellTimeIn(p: Pick<PbitParams, 'tau0' | 'delta' | 'beta'>, m: 1 | -1, u: number): number {
  return p.tau0 * Math.exp(p.delta + m * p.beta * u);
}

/**
 * Mean flip rate (1/s) of a free-running p-bit at input u: the stationary telegraph process
 * flips 2 / (τ_up + τ_down) times per second.
 */
export function flipRate(p: Pick<PbitParams, 'tau0' | 'delta' | 'beta'>, u = 0): number {
  return 2 / (dwellTimeIn(p, 1, u) + dwellTimeIn(p, -1, u));
}

/** Energy per flip (J): bias power × mean dwell time at zero input (an estimate, see header). */
export function energyPerFlip(p: Pick<PbitParams, 'tau0' | 'delta' | 'biasPower'>): number {
  return p.biasPower * meanDwellTime(p);
}

/** Per-device gains and offsets of n p-bits with the parameters' spread (β clipped at 0). */
export function sampleDevices(p: PbitParams, n: number, rng: Rng): { beta: Float64Array; offset: Float64Array } {
  const beta = new Float64Array(n);
  const offset = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    beta[i] = p.betaSpread > 0 ? Math.max(0, p.beta * (1 + p.betaSpread * rng.normal())) : p.beta;
    offset[i] = p.offsetSpread > 0 ? p.offset + p.offsetSpread * rng.normal() : p.offset;
  }
  return { beta, offset };
}

/** Per-device gain scale β_i/β and offset o_i of a chip (docs/physics.md §3.5). */
export interface DeviceSpread {
  readonly betaScale: Float64Array;
  readonly offset: Float64Array;
}

/** True for ideal p-bits (no spread, no offset): the exact Gibbs sampler of exp(−βE). */
export function isIdealDevice(p: Pick<PbitParams, 'betaSpread' | 'offsetSpread' | 'offset'>): boolean {
  return p.betaSpread === 0 && p.offsetSpread === 0 && p.offset === 0;
}

/** The spread of n devices relative to a nominal β (what annealers need: β changes, the spread stays). */
export function sampleSpread(p: PbitParams, n: number, rng: Rng): DeviceSpread {
  const { beta, offset } = sampleDevices({ ...p, beta: 1 }, n, rng);
  return { betaScale: beta, offset };
}
