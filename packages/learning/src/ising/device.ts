import { pJ, type Rng } from '@spinsnn/core';
import { energyPerFlip, meanDwellTime, pbitParams, sampleDevices, type PbitParams } from '@spinsnn/backends';

/**
 * The p-bit device model the Ising samplers run on is the pbit backend's (packages/backends/src/pbit,
 * devices.md §3): input u_i = I_i + offset_i, update m_i = sgn(tanh(β_i u_i) − r), β_i = β(1 + betaSpread ξ),
 * telegraph dwell τ0 e^(Δ ± βu), energy per flip = bias power × mean dwell. Only `beta` is not taken
 * from these parameters: the annealing schedule sets β, and the device spread scales it.
 */
export type PbitDeviceParams = PbitParams;

/** Ideal p-bits with the backend's default device (no spread, no offset). */
export const PBIT_DEVICE_DEFAULTS: PbitDeviceParams = pbitParams();

/** Device parameters from a backend preset name and overrides (validated by the backend). */
export function pbitDevice(preset?: string, overrides: Readonly<Partial<Record<keyof PbitParams, number>>> = {}): PbitDeviceParams {
  return pbitParams(preset, overrides);
}

/** Energy of one p-bit update on the device (J), from the pbit backend. */
export function deviceEnergyPerFlip(p: PbitDeviceParams = PBIT_DEVICE_DEFAULTS): number {
  return energyPerFlip(p);
}

/** Mean telegraph dwell time at zero input (s), from the pbit backend. */
export function deviceDwellTime(p: PbitDeviceParams = PBIT_DEVICE_DEFAULTS): number {
  return meanDwellTime(p);
}

/**
 * CMOS cost of one digital p-bit update, for the comparison next to the device energy
 * (devices.md §7, Horowitz 45 nm): a 32-bit PRNG draw (xoshiro128**: ~10 32-bit integer ops at
 * 0.1 pJ) plus a sigmoid lookup and compare (one SRAM read of a 16-bit entry at 0.16 pJ/bit).
 * The synaptic sum is the same in both designs and is priced separately.
 */
export const CMOS_PBIT_UPDATE_J = 10 * 0.1 * pJ + 16 * 0.16 * pJ;
/** One INT8 multiply-accumulate (8-bit mult + 32-bit add, devices.md §7 [D]). */
export const CMOS_INT8_MAC_J = 0.3 * pJ;

/** Per-device gain factors and offsets drawn once per chip (deterministic given the Rng). */
export interface DeviceVariation {
  /** β_i = β · betaScale[i]. */
  readonly betaScale: Float64Array;
  /** Added to the input: u_i = I_i + offset[i]. */
  readonly offset: Float64Array;
}

/** Draws the device-to-device variation of n p-bits with the backend's sampler (nominal β = 1). */
export function drawVariation(n: number, p: PbitDeviceParams, rng: Rng): DeviceVariation {
  const { beta, offset } = sampleDevices({ ...p, beta: 1 }, n, rng);
  return { betaScale: beta, offset };
}

/** True when the parameters describe ideal p-bits (the exact Gibbs sampler of exp(−βE)). */
export function isIdeal(p: PbitDeviceParams): boolean {
  return p.betaSpread === 0 && p.offsetSpread === 0 && p.offset === 0;
}

/**
 * Energy of `updates` p-bit updates on hardware where each update also sums `meanDegree`
 * synaptic inputs: the device p-bit (energy per flip from the pbit backend) vs a CMOS p-bit
 * (PRNG + lookup), with the synaptic MACs priced the same for both.
 */
export function energyEstimate(updates: number, meanDegree: number, p: PbitDeviceParams = PBIT_DEVICE_DEFAULTS) {
  const synapseJ = updates * meanDegree * CMOS_INT8_MAC_J;
  const e = energyPerFlip(p);
  return {
    energyPerFlipJ: e,
    pbitNeuronJ: updates * e,
    cmosNeuronJ: updates * CMOS_PBIT_UPDATE_J,
    synapseJ,
    pbitTotalJ: updates * e + synapseJ,
    cmosTotalJ: updates * CMOS_PBIT_UPDATE_J + synapseJ,
  };
}
