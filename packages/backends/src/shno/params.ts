/**
 * Spin-Hall nano-oscillator (SHNO) parameters in the universal auto-oscillator model
 * (docs/oscillators.md §6): dc/dt = −i(ω0 + N p)c − Γ_G(1 + Q p)c + σI(1 − p)c + noise, written
 * directly in its rates (a nano-constriction has no simple macrospin volume to derive them from).
 * The noise strength D is set from the single-oscillator linewidth at the reference bias:
 * FWHM Δω1 = D (1 + ν²)/p0 with ν = N/(Γ_G(Q + ζ)) [D, docs/oscillators.md §6.1].
 */
import { GHz, MHz, SpecError, mA, type ParamSpec, type ParamValues, type Preset } from '@spinsnn/core';
import type { StnoDerived } from '../stno/params.js';

/** SHNO parameters (SI). */
export interface ShnoParams {
  /** Linear FMR frequency f0 (Hz). */
  readonly f0: number;
  /** Gilbert damping α (Γ_G = α ω0). */
  readonly alpha: number;
  /** Nonlinear damping coefficient Q. */
  readonly q: number;
  /** Nonlinear frequency shift N/2π (Hz per unit p); negative for the red-shifting in-plane modes. */
  readonly nShift: number;
  /** Threshold current I_th (A). */
  readonly ith: number;
  /** Reference bias ζ_ref = I/I_th at which `linewidth` is given. */
  readonly zetaRef: number;
  /** Single-oscillator FWHM linewidth at ζ_ref and the operating temperature (Hz); 0: noise-free. */
  readonly linewidth: number;
}

/** Parameter specs of `shno/oscillator`. */
export const shnoParamSpecs: readonly ParamSpec[] = [
  {
    name: 'f0',
    unit: 'Hz',
    default: 10 * GHz,
    min: 0,
    minExclusive: true,
    description: 'linear FMR frequency f0',
    source: 'docs/oscillators.md §6 [U: typical NiFe/W constriction at ~0.7 T]',
  },
  { name: 'alpha', unit: '1', default: 0.01, min: 0, minExclusive: true, max: 1, description: 'Gilbert damping', source: 'docs/oscillators.md §6 [U: NiFe]' },
  { name: 'q', unit: '1', default: 1, min: -0.99, description: 'nonlinear damping coefficient Q', source: 'docs/oscillators.md §6 [A]' },
  {
    name: 'nShift',
    unit: 'Hz',
    default: -2 * GHz,
    description: 'nonlinear frequency shift N/2π per unit normalised power p',
    source: 'docs/oscillators.md §6 [A: red shift of the in-plane mode]',
  },
  {
    name: 'ith',
    unit: 'A',
    default: 1 * mA,
    min: 0,
    minExclusive: true,
    description: 'threshold current I_th',
    source: 'docs/oscillators.md §6 [U: order of magnitude]',
  },
  { name: 'zetaRef', unit: '1', default: 1.5, min: 1, minExclusive: true, description: 'bias I/I_th at which the linewidth is given' },
  {
    name: 'linewidth',
    unit: 'Hz',
    default: 19 * MHz,
    min: 0,
    description: 'single-SHNO FWHM linewidth at zetaRef at 300 K (sets the thermal noise)',
    source: 'docs/oscillators.md §6.2 [D: chosen so that the synchronised 8×8 array of this model has Q ≈ 170,000 (Zahedinejad 2020, V abstract)]',
  },
];

/** Presets of `shno/oscillator`. */
export const shnoPresets: readonly Preset[] = [
  {
    name: 'zahedinejad-2020',
    description: 'nano-constriction SHNO whose synchronised 8×8 array (κ = 2π·100 MHz, ψ = arctan ν) has Q ≈ 170,000 at 9.6 GHz',
    source: 'Zahedinejad et al., Nat. Nanotechnol. 15, 47 (2020) [V abstract: Q up to 170,000, linear in N]; rates [U]',
    params: {},
  },
  { name: 'noise-free', description: 'the same oscillator without thermal noise', source: 'docs/oscillators.md §6', params: { linewidth: 0 } },
];

/** Typed SHNO parameters from resolved registry values. */
export function shnoFromValues(v: ParamValues): ShnoParams {
  return { f0: v.f0, alpha: v.alpha, q: v.q, nShift: v.nShift, ith: v.ith, zetaRef: v.zetaRef, linewidth: v.linewidth };
}

/** Default SHNO parameters (preset `zahedinejad-2020`). */
export function defaultShno(): ShnoParams {
  return shnoFromValues(Object.fromEntries(shnoParamSpecs.map((s) => [s.name, s.default as number])));
}

/** ν = N/(Γ_G (Q + ζ)), the amplitude–phase coupling at bias ζ. */
export function shnoNu(p: ShnoParams, zeta: number): number {
  const gammaG = p.alpha * 2 * Math.PI * p.f0;
  return (2 * Math.PI * p.nShift) / (gammaG * (p.q + zeta));
}

/**
 * The rates in the form the STNO integrators use (StnoDerived), so `StnoArray` and the array
 * reservoir run SHNOs unchanged. E0 is left at 1 J (unused once D is set directly).
 */
export function shnoDerived(p: ShnoParams): StnoDerived {
  if (!(p.f0 > 0 && p.alpha > 0 && p.ith > 0)) throw new SpecError('shno params', 'f0, alpha, ith > 0', p);
  const omega0 = 2 * Math.PI * p.f0;
  const gammaG = p.alpha * omega0;
  const p0 = (p.zetaRef - 1) / (p.zetaRef + p.q);
  const nu = shnoNu(p, p.zetaRef);
  const d = (2 * Math.PI * p.linewidth * p0) / (1 + nu * nu);
  return { omega0, gammaG, sigma: gammaG / p.ith, ith: p.ith, q: p.q, n: 2 * Math.PI * p.nShift, e0: 1, d, volume: 0 };
}

/** Generation frequency (Hz) at bias ζ: (ω0 + N p0)/2π. */
export function shnoFrequency(p: ShnoParams, zeta: number): number {
  const p0 = zeta > 1 ? (zeta - 1) / (zeta + p.q) : 0;
  return p.f0 + p.nShift * p0;
}
