/**
 * Spin-torque nano-oscillator parameters and the closed forms of the universal nonlinear
 * auto-oscillator model (Slavin & Tiberkevich 2009; docs/physics.md §4.1), out-of-plane free layer:
 *
 *   dc/dt = −i ω(p) c − Γ+(p) c + Γ−(p) c + f_n(t),   p = |c|²
 *   ω(p) = ω0 + N p,  Γ+(p) = Γ_G (1 + Q p),  Γ−(p) = σ I (1 − p)
 *   ω0 = γ μ0 (H0 − Ms),  Γ_G = α ω0,  σ = P ħ γ / (2 e Ms V),  I_th = Γ_G/σ,  Q = 2 ω_M/ω0 − 1
 *   p0 = (ζ − 1)/(ζ + Q),  τ_relax = 1/(2 Γ_G (ζ − 1)),  ζ = I/I_th
 *
 * N = 2 ω_M is the macrospin value: with p = (1 − m_z)/2 the precession frequency of the
 * out-of-plane macrospin is exactly ω0 + 2 ω_M p (`nScale` rescales it). The thermal noise has
 * ⟨f f*⟩ = 2 D δ(t − t') with D = Γ_G kB T / E0 and E0 = 2 μ0 Ms V (H0 − Ms), the macrospin's
 * energy per unit p, so that below threshold ⟨p⟩ = kB T / E0 as in equilibrium.
 */
import { SpecError, gammaE, hbar, kB, mu0, nm, qe, type Preset, type ParamSpec, type ParamValues } from '@spinsnn/core';

/** Physical parameters of an out-of-plane STNO (SI units). */
export interface StnoParams {
  readonly alpha: number;
  /** Perpendicular applied field H0 (A/m), must exceed Ms. */
  readonly h0: number;
  /** Saturation magnetisation Ms (A/m). */
  readonly ms: number;
  /** Spin polarisation P (the "eps" of docs/physics.md §4.5). */
  readonly polarisation: number;
  /** Free-layer disk radius (m) and thickness (m): set the volume, hence σ and E0. */
  readonly radius: number;
  readonly thickness: number;
  /** Multiplier of the macrospin nonlinear frequency shift N = 2 ω_M. */
  readonly nScale: number;
  /** Temperature (K) of the thermal noise f_n; 0 for none. */
  readonly temperature: number;
  /** Output amplitude scale: V_rf = cOut √p (V). */
  readonly cOut: number;
}

const T = 1 / mu0;

/** Parameter specs of the STNO model (units, ranges, sources). */
export const stnoParamSpecs: readonly ParamSpec[] = [
  {
    name: 'alpha',
    unit: '1',
    default: 0.01,
    min: 0,
    minExclusive: true,
    max: 1,
    description: 'Gilbert damping',
    source: 'docs/physics.md §4.5 (LuffyGintoky sim_1_00.py) [V]',
  },
  {
    name: 'h0',
    unit: 'A/m',
    default: 1.06 * T,
    min: 0,
    minExclusive: true,
    description: 'perpendicular applied field H0 (> Ms); 1.06 T gives the §4.1 example ω0 = γ·0.33 T',
    source: 'docs/physics.md §4.1 example [D]',
  },
  {
    name: 'ms',
    unit: 'A/m',
    default: 0.73 * T,
    min: 0,
    minExclusive: true,
    description: 'saturation magnetisation (μ0 Ms = 0.73 T)',
    source: 'docs/physics.md §4.5 [V]',
  },
  {
    name: 'polarisation',
    unit: '1',
    default: 0.5,
    min: 0,
    minExclusive: true,
    max: 1,
    description: 'spin polarisation efficiency ε',
    source: 'docs/physics.md §4.5 [V]',
  },
  {
    name: 'radius',
    unit: 'm',
    default: 50 * nm,
    min: 0,
    minExclusive: true,
    description: 'free-layer disk radius [U: not in the source; a typical nanopillar]',
  },
  { name: 'thickness', unit: 'm', default: 2 * nm, min: 0, minExclusive: true, description: 'free-layer thickness [U: not in the source]' },
  { name: 'nScale', unit: '1', default: 1, description: 'multiplier of the macrospin nonlinear frequency shift N = 2 ω_M' },
  { name: 'temperature', unit: 'K', default: 0, min: 0, description: 'temperature of the thermal noise (0: noise-free)' },
  { name: 'cOut', unit: 'V', default: 0.02, min: 0, description: 'output amplitude scale V_rf = cOut √p', source: 'docs/physics.md §4.1 (repo uses 0.02) [V]' },
];

/** Presets of the STNO model, with their sources. */
export const stnoPresets: readonly Preset[] = [
  {
    name: 'slavin-oop',
    description:
      'out-of-plane STNO of the §4.1 example: f0 = 9.24 GHz, Γ_G = 5.8e8 /s, Q = 3.42 (the repo writes μ0H0 = 0.4 T; its numbers need |H0 − Ms| = 0.33 T, i.e. μ0H0 = 1.06 T with H0 > Ms)',
    source: 'docs/physics.md §4.1/§4.5; LuffyGintoky/Neuromorphic-AI-Speech-Recognition-Model sim_1_00.py [V]',
    params: {},
  },
  {
    name: 'slavin-oop-300K',
    description: 'the same oscillator with thermal noise at 300 K',
    source: 'docs/physics.md §4.1 (noise form [U], strength from the macrospin equilibrium [D])',
    params: { temperature: 300 },
  },
];

/** Derived rates of the auto-oscillator model (SI: rad/s, 1/s, A, J). */
export interface StnoDerived {
  readonly omega0: number;
  readonly gammaG: number;
  /** Spin-torque efficiency σ (1/(A·s)). */
  readonly sigma: number;
  readonly ith: number;
  readonly q: number;
  /** Nonlinear frequency shift N (rad/s). */
  readonly n: number;
  /** Energy per unit normalised power E0 (J). */
  readonly e0: number;
  /** Noise strength D (1/s); 0 at T = 0. */
  readonly d: number;
  readonly volume: number;
}

/** STNO parameters from resolved registry values. */
export function stnoFromValues(v: ParamValues): StnoParams {
  return {
    alpha: v.alpha,
    h0: v.h0,
    ms: v.ms,
    polarisation: v.polarisation,
    radius: v.radius,
    thickness: v.thickness,
    nScale: v.nScale,
    temperature: v.temperature,
    cOut: v.cOut,
  };
}

/** Default STNO parameters (every registry default: preset `slavin-oop`). */
export function defaultStno(): StnoParams {
  return stnoFromValues(Object.fromEntries(stnoParamSpecs.map((p) => [p.name, p.default])));
}

/** The oscillator model's derived coefficients (frequency, damping, nonlinearity, …) from physical parameters. */
export function stnoDerived(p: StnoParams): StnoDerived {
  if (!(p.h0 > p.ms)) {
    throw new SpecError('stno.params.h0', `H0 > Ms for the out-of-plane model (Ms = ${p.ms} A/m): raise h0 or lower ms`, p.h0);
  }
  const volume = Math.PI * p.radius * p.radius * p.thickness;
  const omega0 = gammaE * mu0 * (p.h0 - p.ms);
  const omegaM = gammaE * mu0 * p.ms;
  const gammaG = p.alpha * omega0;
  const sigma = (p.polarisation * hbar * gammaE) / (2 * qe * p.ms * volume);
  const e0 = 2 * mu0 * p.ms * volume * (p.h0 - p.ms);
  return {
    omega0,
    gammaG,
    sigma,
    ith: gammaG / sigma,
    q: (2 * omegaM) / omega0 - 1,
    n: 2 * omegaM * p.nScale,
    e0,
    d: p.temperature > 0 ? (gammaG * kB * p.temperature) / e0 : 0,
    volume,
  };
}

/** Stationary normalised power p0 = (ζ − 1)/(ζ + Q) above threshold, 0 below. */
export function stationaryPower(d: StnoDerived, current: number): number {
  const z = current / d.ith;
  return z > 1 ? (z - 1) / (z + d.q) : 0;
}

/** Amplitude relaxation time 1/(2 Γ_G |ζ − 1|) (s). */
export function relaxationTime(d: StnoDerived, current: number): number {
  return 1 / (2 * d.gammaG * Math.abs(current / d.ith - 1));
}

/** Generation frequency (ω0 + N p0)/(2π) (Hz). */
export function generationFrequency(d: StnoDerived, current: number): number {
  return (d.omega0 + d.n * stationaryPower(d, current)) / (2 * Math.PI);
}

/** Dimensionless nonlinearity ν = N / (Γ_G (Q + ζ)) (linewidth ∝ 1 + ν²). */
export function nonlinearity(d: StnoDerived, current: number): number {
  return d.n / (d.gammaG * (d.q + current / d.ith));
}
