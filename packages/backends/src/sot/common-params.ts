import { kohm, mV, ns, uA, ohm, type ParamSpec, type ParamValues } from '@spinsnn/core';
import type { SwitchingParams } from '../switching.js';

/**
 * Parameters every SOT-MTJ model shares: the MTJ read path (R_P, TMR, read pulse), the
 * thermally activated switching of §2.1–2.3, and the write path through the heavy-metal
 * channel (E = I² R_HM t_p: SOT write current does not cross the tunnel barrier).
 */
export const MTJ_PARAMS: readonly ParamSpec[] = [
  {
    name: 'rP',
    unit: 'Ω',
    default: 5 * kohm,
    min: 1 * ohm,
    max: 1e9,
    description: 'MTJ resistance in the parallel (high-conductance) state; Gmax = 1/rP',
    source: '[D] RA 10 Ω·µm² on a 50 nm pillar',
  },
  {
    name: 'tmr',
    unit: '1',
    default: 1.5,
    min: 0,
    minExclusive: true,
    max: 1000,
    description: 'tunnel magnetoresistance (R_AP − R_P)/R_P; Gmin = Gmax/(1 + tmr)',
    source: 'docs/physics.md §5.1 (on/off = 1 + TMR, 100–200 %)',
  },
  {
    name: 'readVoltage',
    unit: 'V',
    default: 100 * mV,
    min: 0,
    minExclusive: true,
    max: 5,
    description: 'read bias',
    source: 'docs/physics.md §7 (device-only read example)',
  },
  {
    name: 'readTime',
    unit: 's',
    default: 5 * ns,
    min: 0,
    minExclusive: true,
    max: 1e-3,
    description: 'read pulse width',
    source: 'docs/physics.md §7; NeuroSim read 5 ns',
  },
  {
    name: 'readNoise',
    unit: '1',
    default: 0.01,
    min: 0,
    max: 1,
    description: 'relative read noise σ: I = V·G·(1 + σξ) (0 = off)',
    source: 'assumed [U]; NeuroSim MeasuredDevice uses 0.0289 (docs/physics.md §5.1)',
  },
  {
    name: 'stuckAtMin',
    unit: '1',
    default: 0,
    min: 0,
    max: 1,
    description: 'fraction of cells stuck at Gmin (SA0)',
    source: 'docs/physics.md §5.1 (aihwkit corrupt_devices_prob); typical fractions [U]',
  },
  { name: 'stuckAtMax', unit: '1', default: 0, min: 0, max: 1, description: 'fraction of cells stuck at Gmax (SA1)', source: 'docs/physics.md §5.1' },
];

/** Parameter specs of thermally activated switching shared by the SOT models (Δ, I_c0, τ0, …). */
export const SWITCHING_PARAMS: readonly ParamSpec[] = [
  {
    name: 'delta',
    unit: '1',
    default: 60,
    min: 0,
    minExclusive: true,
    max: 200,
    description: 'thermal stability factor Δ = E_b/(kB T) of one switching element',
    source: 'docs/physics.md §2.6 (memory: 40–80)',
  },
  {
    name: 'ic0',
    unit: 'A',
    default: 100 * uA,
    min: 0,
    minExclusive: true,
    max: 1,
    description: 'zero-temperature critical current I_c0 of the SOT channel',
    source: '[D] J_c0 ≈ 1e11 A/m² (docs/physics.md §2.4, measured scale) × 200 nm × 5 nm channel',
  },
  { name: 'tau0', unit: 's', default: 1 * ns, min: 1e-15, max: 1e-6, description: 'attempt time τ0', source: 'docs/physics.md §2.1 (1 ns convention)' },
  {
    name: 'exponent',
    unit: '1',
    default: 1,
    min: 0.5,
    max: 3,
    description: 'barrier exponent n in Δ(1 − I/Ic0)^n (1 Koch, 2 pitchfork, 1.5 saddle-node)',
    source: 'docs/physics.md §2.1',
  },
  {
    name: 'tauD',
    unit: 's',
    default: 2.3 * ns,
    min: 1e-13,
    max: 1e-6,
    description: 'precessional time scale τD (§2.3)',
    source: 'docs/physics.md §2.3 (ARM parameter set)',
  },
  {
    name: 'writeCurrent',
    unit: 'A',
    default: 200 * uA,
    min: 0,
    minExclusive: true,
    max: 1,
    description: 'nominal write pulse amplitude (one level / one switch per pulse)',
    source: '[D] 2 × ic0: precessional switching in ≈ 6.5 ns (§2.3)',
  },
  {
    name: 'writeWidth',
    unit: 's',
    default: 10 * ns,
    min: 1e-12,
    max: 1e-3,
    description: 'nominal write pulse width',
    source: '[D] longer than the 6.5 ns precessional time at 2 × ic0',
  },
  {
    name: 'channelResistance',
    unit: 'Ω',
    default: 800 * ohm,
    min: 0,
    minExclusive: true,
    max: 1e7,
    description: 'heavy-metal write channel resistance R_HM',
    source: '[D] ρ ≈ 2 µΩ·m (β-W) × 400 nm long / (200 nm × 5 nm)',
  },
];

/** The switching parameters picked out of resolved SOT model values. */
export function switchingOf(p: ParamValues): SwitchingParams {
  return { delta: p.delta, ic0: p.ic0, tau0: p.tau0, exponent: p.exponent, tauD: p.tauD };
}

/** Conductance range (S) of an MTJ from its parallel resistance rP and TMR: gMax = 1/rP, gMin = gMax/(1 + TMR). */
export function conductanceRange(p: ParamValues): { gMin: number; gMax: number } {
  const gMax = 1 / p.rP;
  return { gMin: gMax / (1 + p.tmr), gMax };
}

/** Device-only read energy V²·Ḡ·t_read with the mid-range conductance (docs/physics.md §7). */
export function readEnergy(p: ParamValues): number {
  const { gMin, gMax } = conductanceRange(p);
  return p.readVoltage * p.readVoltage * 0.5 * (gMin + gMax) * p.readTime;
}

/** Energy of one write pulse through the heavy-metal channel. */
export function pulseEnergy(p: ParamValues, amplitude: number, width: number): number {
  return amplitude * amplitude * p.channelResistance * width;
}
