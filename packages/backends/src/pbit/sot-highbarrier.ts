/**
 * `pbit/sot-highbarrier`: a high-barrier SOT p-bit driven by current pulses, with the final state
 * set by back-hopping-like switching (Ren et al., Nano Lett. 24, 10072 (2024), docs/probabilistic.md
 * §2.2): initialisation-free and field-free, the probability of the final state tunable from 0 %
 * to 100 % by the current density [V abstract]. Between pulses the barrier Δ (≥ 40) holds the bit
 * (retention τ0 e^Δ), so the device is non-volatile and only changes when pulsed.
 *
 * Compact law (docs/physics.md §2.4, memoryless Bernoulli per pulse) [D]:
 *   P(+1 | J) = σ((J − J50)/w),   J = J50,nominal + jPerInput·u
 * so the nominal device is exactly the logistic p-bit σ(2βu) with β = jPerInput/(2w).
 * Device-to-device: J50_i = J50 (1 + s_J ξ), w_i = w (1 + s_w ξ').
 * The back-hopping mechanism (reversal through domain nucleation and a second, backward switching
 * event) is outside the macrospin picture, so no LLG calibration applies to this law.
 * J50 and w are not in the abstract [U]: the defaults are typical Pt/Co SOT values (docs).
 */
import { getModel, ns, resolveModelParams, type Curve, type ParamSpec, type ParamValues, type Preset, type Rng } from '@spinsnn/core';
import { effectivePbit, logistic, registerPulsedPbit, relativeDraw, type PulsedChip } from './pulsed.js';
import type { PbitParams } from './device.js';

/** Resolved parameters of the high-barrier SOT p-bit (SI units). */
export interface SotHighBarrierParams {
  /** Current density of 50 % final-state probability (A/m²). */
  readonly j50: number;
  /** Logistic width w of P(J) (A/m²). */
  readonly width: number;
  /** Current-density change per unit input (A/m²). */
  readonly jPerInput: number;
  /** Retention barrier between pulses, in kB·T. */
  readonly delta: number;
  /** Attempt time (s) for the retention time τ0 e^Δ. */
  readonly tau0: number;
  /** Pulse width (s). */
  readonly pulseWidth: number;
  /** Relative device-to-device standard deviation of J50. */
  readonly j50Spread: number;
  /** Relative device-to-device standard deviation of w. */
  readonly widthSpread: number;
  /** Resistance of the heavy-metal write channel (Ω). */
  readonly channelResistance: number;
  /** Cross-section of the write channel (m²): I = J·A. */
  readonly channelCrossSection: number;
}

/** Parameter specs of `pbit/sot-highbarrier`. */
export const sotHighBarrierParamSpecs: readonly ParamSpec[] = [
  {
    name: 'j50',
    unit: 'A/m^2',
    default: 1e11,
    min: 0,
    minExclusive: true,
    description: 'current density at which the final state is +1 with probability 1/2 [U: typical Pt SOT scale]',
    source: 'docs/probabilistic.md §2.2',
  },
  {
    name: 'width',
    unit: 'A/m^2',
    default: 5e9,
    min: 0,
    minExclusive: true,
    description: 'logistic width w of P(J) = σ((J − J50)/w) [U]',
    source: 'docs/probabilistic.md §2.2',
  },
  { name: 'jPerInput', unit: 'A/m^2', default: 1e10, min: 0, minExclusive: true, description: 'current-density change per unit input (β = jPerInput/(2w))' },
  {
    name: 'delta',
    unit: '1',
    default: 45,
    min: 20,
    max: 200,
    description: 'retention barrier between pulses (non-volatile for Δ ≳ 40)',
    source: 'docs/physics.md §2.6',
  },
  { name: 'tau0', unit: 's', default: 1 * ns, min: 0, minExclusive: true, description: 'attempt time (retention τ0 e^Δ)', source: 'docs/physics.md §2.6' },
  { name: 'pulseWidth', unit: 's', default: 10 * ns, min: 0, minExclusive: true, description: 'width of the write pulse [U]' },
  { name: 'j50Spread', unit: '1', default: 0, min: 0, max: 0.5, description: 'relative device-to-device standard deviation of J50' },
  { name: 'widthSpread', unit: '1', default: 0, min: 0, max: 0.5, description: 'relative device-to-device standard deviation of w' },
  { name: 'channelResistance', unit: 'Ohm', default: 500, min: 0, description: 'resistance of the heavy-metal write channel [U]' },
  { name: 'channelCrossSection', unit: 'm^2', default: 1e-14, min: 0, minExclusive: true, description: 'cross-section of the write channel (2 µm × 5 nm) [U]' },
];

/** Presets of `pbit/sot-highbarrier`. */
export const sotHighBarrierPresets: readonly Preset[] = [
  {
    name: 'ren2024',
    description:
      'Pt//Pt/Co/Pt back-hopping-like SOT p-bit: initialisation-free, field-free, P tunable 0–100 %; J50 and w typical [U], the law shape from the abstract [V]',
    source: 'Ren et al., Nano Lett. 24(33), 10072 (2024), doi 10.1021/acs.nanolett.4c01989 [V abstract] (docs/probabilistic.md §2.2)',
    params: { j50: 1e11, width: 5e9, delta: 45 },
  },
  {
    name: 'ren2024-variable',
    description: 'the same with 5 % J50 and 10 % width device-to-device spread [U: illustrative]',
    source: 'docs/probabilistic.md §2.2',
    params: { j50: 1e11, width: 5e9, delta: 45, j50Spread: 0.05, widthSpread: 0.1 },
  },
];

/** Typed view of validated parameter values. */
export function sotHighBarrierFromValues(v: ParamValues): SotHighBarrierParams {
  return {
    j50: v.j50,
    width: v.width,
    jPerInput: v.jPerInput,
    delta: v.delta,
    tau0: v.tau0,
    pulseWidth: v.pulseWidth,
    j50Spread: v.j50Spread,
    widthSpread: v.widthSpread,
    channelResistance: v.channelResistance,
    channelCrossSection: v.channelCrossSection,
  };
}

/** Resolved `pbit/sot-highbarrier` parameters (defaults, preset, overrides; validated). */
export function sotHighBarrierParams(
  preset?: string,
  overrides: Readonly<Partial<Record<keyof SotHighBarrierParams, number | undefined>>> = {},
): SotHighBarrierParams {
  return sotHighBarrierFromValues(resolveModelParams(getModel('pbit/sot-highbarrier', 'neuron'), preset, overrides, 'pbit/sot-highbarrier'));
}

/** The compact law P(+1 | J) of one device (J50, w), independent of the state before the pulse. */
export function sotHighBarrierPUp(j: number, j50: number, width: number): number {
  return logistic((j - j50) / width);
}

/** Probability that a held bit flips by itself during an interval t (retention, τ0 e^Δ). */
export function sotRetentionFlip(p: Pick<SotHighBarrierParams, 'tau0' | 'delta'>, t: number): number {
  return -Math.expm1(-t / (p.tau0 * Math.exp(p.delta)));
}

/** The σ(2βu) p-bit the samplers run: β = jPerInput/(2w); offset σ = s_J J50/jPerInput; β spread ≈ s_w [D]. */
export function sotHighBarrierEffectivePbit(p: SotHighBarrierParams): PbitParams {
  return effectivePbit(p.jPerInput / (4 * p.width), p.widthSpread, (p.j50Spread * p.j50) / p.jPerInput, p.pulseWidth, sotPulseEnergy(p, p.j50));
}

/** Energy of one pulse at current density J (J): I² R t_p with I = J·A. */
export function sotPulseEnergy(p: SotHighBarrierParams, j: number): number {
  const i = j * p.channelCrossSection;
  return i * i * p.channelResistance * p.pulseWidth;
}

/** n high-barrier SOT p-bits with J50 and w drawn (normal, relative spreads, clipped positive). */
export function sotHighBarrierChip(p: SotHighBarrierParams, n: number, rng: Rng): PulsedChip {
  const j50 = new Float64Array(n),
    w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    j50[i] = relativeDraw(p.j50, p.j50Spread, 0, rng);
    w[i] = relativeDraw(p.width, p.widthSpread, 1e-3 * p.width, rng);
  }
  return {
    id: 'pbit/sot-highbarrier',
    size: n,
    pUp: (i, u) => sotHighBarrierPUp(p.j50 + p.jPerInput * u, j50[i], w[i]),
    pulseEnergy: (_i, u) => sotPulseEnergy(p, Math.abs(p.j50 + p.jPerInput * u)),
  };
}

function sotCurves(v: ParamValues): Curve[] {
  const p = sotHighBarrierFromValues(v);
  const pts: [number, number][] = [],
    inp: [number, number][] = [];
  for (let k = 0; k <= 60; k++) {
    const j = p.j50 - 6 * p.width + (12 * p.width * k) / 60;
    pts.push([j, sotHighBarrierPUp(j, p.j50, p.width)]);
    const u = (j - p.j50) / p.jPerInput;
    inp.push([u, sotHighBarrierPUp(j, p.j50, p.width)]);
  }
  return [
    { name: `p-up-vs-current-density@${p.pulseWidth / ns}ns`, x: 'current density J', xUnit: 'A/m^2', y: 'P(final state +1)', yUnit: '1', points: pts },
    { name: 'p-up-vs-input', x: 'input u', xUnit: '1', y: 'P(m = +1)', yUnit: '1', points: inp },
  ];
}

registerPulsedPbit({
  id: 'pbit/sot-highbarrier',
  description:
    'high-barrier SOT p-bit (back-hopping, Ren 2024): one current pulse per sample, P(+1) = σ((J − J50)/w) whatever the prior state, non-volatile between pulses',
  weightUnit: '1 (persistent shift of the dimensionless input, i.e. of J by w·jPerInput)',
  params: sotHighBarrierParamSpecs,
  presets: sotHighBarrierPresets,
  ideal: { j50Spread: 0, widthSpread: 0 },
  chip: (v, size, rng) => sotHighBarrierChip(sotHighBarrierFromValues(v), size, rng),
  nominalPulseEnergy: (v) => {
    const p = sotHighBarrierFromValues(v);
    return sotPulseEnergy(p, p.j50);
  },
  curves: sotCurves,
});
