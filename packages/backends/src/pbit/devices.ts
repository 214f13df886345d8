/**
 * One handle on every p-bit device (docs/probabilistic.md §2.3): `pbit/telegraph`, `pbit/vcma`,
 * `pbit/sot-highbarrier`. Each gives
 * - `effective`: the σ(2β(u + offset)) PbitParams with which the Ising samplers (Gibbs, coloured,
 *   tempering, async) run the device (exact for telegraph and SOT, matched at 50 % for VCMA);
 * - `chip(n, rng)`: n devices with their variation and exact compact law P(+1 | u), which the
 *   population-coding and attractor networks sample directly.
 */
import { SpecError, getModel, resolveModelParams, type Rng } from '@spinsnn/core';
import { pbitFromValues, sampleDevices, type PbitParams } from './device.js';
import { logistic, type PulsedChip } from './pulsed.js';
import { sotHighBarrierChip, sotHighBarrierEffectivePbit, sotHighBarrierFromValues } from './sot-highbarrier.js';
import { vcmaChip, vcmaEffectivePbit, vcmaFromValues } from './vcma.js';

/** Ids of the p-bit devices. */
export const PBIT_DEVICE_IDS = ['pbit/telegraph', 'pbit/vcma', 'pbit/sot-highbarrier'] as const;

/** One of the p-bit device ids. */
export type PbitDeviceId = (typeof PBIT_DEVICE_IDS)[number];

/** A p-bit device resolved from its id, preset and overrides. */
export interface PbitDevice {
  readonly id: PbitDeviceId;
  /** The logistic p-bit the samplers run (β, spreads, τ0, Δ). */
  readonly effective: PbitParams;
  /** n devices with their variation drawn from rng. */
  chip(n: number, rng: Rng): PulsedChip;
}

/** Telegraph p-bits sampled at one instant: P(+1) = σ(2β_i(u + o_i)). */
function telegraphChip(p: PbitParams, n: number, rng: Rng): PulsedChip {
  const { beta, offset } = sampleDevices(p, n, rng);
  return { id: 'pbit/telegraph', size: n, pUp: (i, u) => logistic(2 * beta[i] * (u + offset[i])), pulseEnergy: () => 0 };
}

/**
 * The device `id` with a preset and parameter overrides (validated by the registry: a bad
 * name or value is a SpecError/ParamError naming it).
 */
export function pbitDevice(id: string, preset?: string, overrides: Readonly<Record<string, number | undefined>> = {}): PbitDevice {
  if (!(PBIT_DEVICE_IDS as readonly string[]).includes(id)) throw new SpecError('device', `one of ${PBIT_DEVICE_IDS.join(', ')}`, id);
  const v = resolveModelParams(getModel(id, 'neuron'), preset, overrides, id);
  if (id === 'pbit/vcma') {
    const p = vcmaFromValues(v);
    return { id, effective: vcmaEffectivePbit(p), chip: (n, rng) => vcmaChip(p, n, rng) };
  }
  if (id === 'pbit/sot-highbarrier') {
    const p = sotHighBarrierFromValues(v);
    return { id, effective: sotHighBarrierEffectivePbit(p), chip: (n, rng) => sotHighBarrierChip(p, n, rng) };
  }
  const p = pbitFromValues(v);
  return { id: 'pbit/telegraph', effective: p, chip: (n, rng) => telegraphChip(p, n, rng) };
}
