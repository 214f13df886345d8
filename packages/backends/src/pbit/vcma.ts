/**
 * `pbit/vcma`: a p-bit whose probability is set by a voltage pulse through voltage-controlled
 * magnetic anisotropy (docs/probabilistic.md §2.1). Each sample: reset to −1, then one pulse of
 * width t_p and amplitude V lowers the barrier linearly, Δ(V) = Δ0 (1 − V/Vc) (VCMA: K_eff t_F
 * falls by ξV/t_ox, docs/physics.md §1.4), while a bias tilt b (read current / stray field, in
 * kB·T) favours +1. During the pulse the free layer is the telegraph p-bit of docs/physics.md §3.4
 * with the lowered barrier, rates r± = e^(−Δ(V) ± b)/τ0; after it the barrier is back at Δ0 and
 * the state is held. The two-state master equation from m = −1 gives [D]
 *
 *   P(+1 | V) = p∞ (1 − exp(−k t_p)),   k = 2 cosh(b) e^(−Δ(V)) / τ0,   p∞ = σ(2b)
 *
 * The input drives the voltage linearly, V = V50 + vPerInput·u, V50 the nominal device's 50 %
 * voltage: Δ(V50) = D50 = ln(2 cosh(b) t_p / (τ0 L)), L = −ln(1 − 1/(2p∞)). The slope there is
 * dP/du = vPerInput (p∞ − ½) L Δ0/Vc [D], which the samplers use as β/2 (σ(2βu) matched at 50 %).
 * The law itself is a Gumbel-type sigmoid, not a logistic: steeper on the high side.
 */
import { getModel, ns, resolveModelParams, type Curve, type ParamSpec, type ParamValues, type Preset, type Rng } from '@spinsnn/core';
import { effectivePbit, logistic, registerPulsedPbit, relativeDraw, type PulsedChip } from './pulsed.js';
import type { PbitParams } from './device.js';

/** Resolved parameters of the VCMA p-bit (SI units). */
export interface VcmaParams {
  /** Barrier at zero voltage, in kB·T (retention between samples). */
  readonly delta0: number;
  /** Voltage at which the linear VCMA law removes the barrier (V). */
  readonly vc: number;
  /** Attempt time τ0 (s). */
  readonly tau0: number;
  /** Pulse width t_p (s). */
  readonly pulseWidth: number;
  /** Bias tilt b favouring +1 during the pulse, in kB·T. */
  readonly biasTilt: number;
  /** Pulse-voltage change per unit input (V). */
  readonly vPerInput: number;
  /** Relative device-to-device standard deviation of Δ0. */
  readonly delta0Spread: number;
  /** Relative device-to-device standard deviation of Vc. */
  readonly vcSpread: number;
  /** MTJ capacitance (F): a pulse costs C·V² (charge and discharge). */
  readonly capacitance: number;
}

/** Parameter specs of `pbit/vcma` (units, ranges, sources). */
export const vcmaParamSpecs: readonly ParamSpec[] = [
  {
    name: 'delta0',
    unit: '1',
    default: 40,
    min: 1,
    max: 200,
    description: 'barrier at V = 0, Δ0 = E_b/(kB T): non-volatility between samples',
    source: 'docs/probabilistic.md §2.1 (design point [D])',
  },
  {
    name: 'vc',
    unit: 'V',
    default: 1.2,
    min: 0,
    minExclusive: true,
    description: 'voltage at which Δ(V) = Δ0(1 − V/Vc) vanishes (Vc = K_eff t_F t_ox / ξ)',
    source: 'docs/probabilistic.md §2.1 [D]',
  },
  { name: 'tau0', unit: 's', default: 1 * ns, min: 0, minExclusive: true, description: 'attempt time τ0', source: 'docs/physics.md §2.6 (1 ns convention)' },
  { name: 'pulseWidth', unit: 's', default: 10 * ns, min: 0, minExclusive: true, description: 'width t_p of the sampling pulse' },
  {
    name: 'biasTilt',
    unit: '1',
    default: 5,
    min: 0.05,
    max: 20,
    description: 'bias tilt b (kB·T) favouring +1 during the pulse; p∞ = σ(2b) is the highest reachable P(+1)',
  },
  {
    name: 'vPerInput',
    unit: 'V',
    default: 0.04,
    min: 0,
    minExclusive: true,
    description: 'pulse-voltage change per unit of the dimensionless input (sets the gain β)',
  },
  { name: 'delta0Spread', unit: '1', default: 0, min: 0, max: 0.5, description: 'relative device-to-device standard deviation of Δ0' },
  { name: 'vcSpread', unit: '1', default: 0, min: 0, max: 0.5, description: 'relative device-to-device standard deviation of Vc' },
  {
    name: 'capacitance',
    unit: 'F',
    default: 1e-16,
    min: 0,
    description: 'MTJ capacitance (pulse energy C·V²) [D: ε0·9·(π/4·50 nm²)/1.6 nm ≈ 1e-16 F]',
    source: 'docs/probabilistic.md §2.1',
  },
];

/** Presets of `pbit/vcma` (each with its source and tag). */
export const vcmaPresets: readonly Preset[] = [
  {
    name: 'arm50nm',
    description:
      'ARM MRAM framework pMTJ (K_i 1e-3 J/m², t_F 1.0 nm, t_ox 1.6 nm, 50 nm, Ms 1.2e6 A/m, ξ 61 fJ/(V m)): Δ0 ≈ 83, Vc ≈ 4.6 V [D] — above MgO breakdown, i.e. this stack is too stiff for VCMA p-bits',
    source: 'ARM-software/mram_simulation_framework parameters [V], derived in docs/probabilistic.md §2.1 [D]',
    params: { delta0: 83, vc: 4.6, vPerInput: 0.08 },
  },
  {
    name: 'highVcma',
    description: 'the same 50 nm stack with ξ ≈ 300 fJ/(V m) (reported for engineered interfaces [U]) and a softer Δ0 = 40: Vc ≈ 0.9 V',
    source: 'docs/probabilistic.md §2.1 [D from a ξ value tagged U]',
    params: { delta0: 40, vc: 0.9, vPerInput: 0.033 },
  },
];

/** Typed view of validated `pbit/vcma` parameter values. */
export function vcmaFromValues(v: ParamValues): VcmaParams {
  return {
    delta0: v.delta0,
    vc: v.vc,
    tau0: v.tau0,
    pulseWidth: v.pulseWidth,
    biasTilt: v.biasTilt,
    vPerInput: v.vPerInput,
    delta0Spread: v.delta0Spread,
    vcSpread: v.vcSpread,
    capacitance: v.capacitance,
  };
}

/** Resolved `pbit/vcma` parameters (defaults, preset, overrides; validated by the registry). */
export function vcmaParams(preset?: string, overrides: Readonly<Partial<Record<keyof VcmaParams, number | undefined>>> = {}): VcmaParams {
  return vcmaFromValues(resolveModelParams(getModel('pbit/vcma', 'neuron'), preset, overrides, 'pbit/vcma'));
}

/** Highest reachable P(+1): p∞ = σ(2b). */
export function vcmaPInf(p: Pick<VcmaParams, 'biasTilt'>): number {
  return logistic(2 * p.biasTilt);
}

/** L = −ln(1 − 1/(2p∞)): k·t_p at the 50 % point. */
function fiftyExponent(p: Pick<VcmaParams, 'biasTilt'>): number {
  return -Math.log(1 - 1 / (2 * vcmaPInf(p)));
}

/** Barrier during the pulse at the 50 % point, D50 = ln(2 cosh(b) t_p/(τ0 L)) (same for every device). */
export function vcmaBarrierAt50(p: Pick<VcmaParams, 'biasTilt' | 'pulseWidth' | 'tau0'>): number {
  return Math.log((2 * Math.cosh(p.biasTilt) * p.pulseWidth) / (p.tau0 * fiftyExponent(p)));
}

/** The 50 % voltage V50 of a device with barrier Δ0 and Vc (V). */
export function vcmaV50(p: Pick<VcmaParams, 'biasTilt' | 'pulseWidth' | 'tau0'>, delta0: number, vc: number): number {
  return vc * (1 - vcmaBarrierAt50(p) / delta0);
}

/** The compact law P(+1 | V) of one device (barrier Δ0, Vc) after reset and one pulse of amplitude V. */
export function vcmaPUpAtVoltage(p: Pick<VcmaParams, 'biasTilt' | 'pulseWidth' | 'tau0'>, delta0: number, vc: number, v: number): number {
  const barrier = Math.max(0, delta0 * (1 - v / vc));
  const k = (2 * Math.cosh(p.biasTilt) * Math.exp(-barrier)) / p.tau0;
  return vcmaPInf(p) * -Math.expm1(-k * p.pulseWidth);
}

/** Slope dP/du of the nominal device at its 50 % point (= β/2 of the matched logistic). */
export function vcmaSlopeAt50(p: VcmaParams): number {
  return p.vPerInput * (vcmaPInf(p) - 0.5) * fiftyExponent(p) * (p.delta0 / p.vc);
}

/**
 * The σ(2βu) p-bit the samplers run for this device: β from the slope at 50 %, spreads from the
 * linearised device variation [D]: σ(V50) = Vc √((1 − D50/Δ0)² σ_Vc² + (D50/Δ0)² σ_Δ²),
 * offset σ = σ(V50)/vPerInput, relative β spread √(σ_Δ² + σ_Vc²).
 */
export function vcmaEffectivePbit(p: VcmaParams): PbitParams {
  const d50 = vcmaBarrierAt50(p);
  const r = d50 / p.delta0;
  const sV50 = p.vc * Math.hypot((1 - r) * p.vcSpread, r * p.delta0Spread);
  return effectivePbit(vcmaSlopeAt50(p), Math.hypot(p.delta0Spread, p.vcSpread), sV50 / p.vPerInput, p.pulseWidth, vcmaPulseEnergy(p));
}

/** n VCMA p-bits with their Δ0, Vc drawn (normal, relative spreads, clipped positive). */
export function vcmaChip(p: VcmaParams, n: number, rng: Rng): PulsedChip {
  const delta0 = new Float64Array(n),
    vc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    delta0[i] = relativeDraw(p.delta0, p.delta0Spread, 1, rng);
    vc[i] = relativeDraw(p.vc, p.vcSpread, 1e-3 * p.vc, rng);
  }
  const v50 = vcmaV50(p, p.delta0, p.vc);
  return {
    id: 'pbit/vcma',
    size: n,
    pUp: (i, u) => vcmaPUpAtVoltage(p, delta0[i], vc[i], v50 + p.vPerInput * u),
    pulseEnergy: (_i, u) => p.capacitance * (v50 + p.vPerInput * u) ** 2,
  };
}

function vcmaCurves(v: ParamValues): Curve[] {
  const p = vcmaFromValues(v);
  const eff = vcmaEffectivePbit(p);
  const span = 3 / Math.max(eff.beta, 1e-3);
  const law: [number, number][] = [],
    matched: [number, number][] = [],
    volt: [number, number][] = [];
  for (let k = 0; k <= 60; k++) {
    const u = -span + (2 * span * k) / 60;
    const V = vcmaV50(p, p.delta0, p.vc) + p.vPerInput * u;
    law.push([u, vcmaPUpAtVoltage(p, p.delta0, p.vc, V)]);
    matched.push([u, logistic(2 * eff.beta * u)]);
    volt.push([V, vcmaPUpAtVoltage(p, p.delta0, p.vc, V)]);
  }
  return [
    { name: 'p-up-vs-input (compact law)', x: 'input u', xUnit: '1', y: 'P(m = +1)', yUnit: '1', points: law },
    { name: 'p-up-vs-input (matched logistic the samplers use)', x: 'input u', xUnit: '1', y: 'P(m = +1)', yUnit: '1', points: matched },
    { name: `p-up-vs-voltage@${p.pulseWidth / ns}ns`, x: 'pulse voltage V', xUnit: 'V', y: 'P(m = +1)', yUnit: '1', points: volt },
  ];
}

registerPulsedPbit({
  id: 'pbit/vcma',
  description:
    'voltage-controlled-anisotropy p-bit: reset, one voltage pulse lowers the barrier Δ0(1 − V/Vc); P(+1) = σ(2b)(1 − e^(−k t_p)); non-volatile between samples (one sample per network step)',
  weightUnit: '1 (persistent shift of the dimensionless input, i.e. of the pulse voltage by w·vPerInput)',
  params: vcmaParamSpecs,
  presets: vcmaPresets,
  ideal: { delta0Spread: 0, vcSpread: 0 },
  chip: (v, size, rng) => vcmaChip(vcmaFromValues(v), size, rng),
  nominalPulseEnergy: (v) => vcmaPulseEnergy(vcmaFromValues(v)),
  curves: vcmaCurves,
});

/** Energy per pulse (J) of the nominal device at its 50 % voltage: C·V50². */
export function vcmaPulseEnergy(p: VcmaParams): number {
  return p.capacitance * vcmaV50(p, p.delta0, p.vc) ** 2;
}
