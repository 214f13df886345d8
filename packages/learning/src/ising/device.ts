import { fJ, ns, pJ, type ParamSpec, type Rng } from '@spinsnn/core';

/**
 * p-bit device parameters the Ising samplers need. These are defined here until the pbit backend
 * (packages/backends/src/pbit, issue 4) exports its own; switching is a one-line change of
 * `PBIT_DEVICE_DEFAULTS` to the backend's values. Sources are devices.md sections.
 */
export interface PbitDeviceParams {
  /** Relative device-to-device spread of the gain β (σ of β_i/β − 1); 0 = ideal. */
  readonly betaSpread: number;
  /** Device-to-device offset σ, in units of the tanh argument (m = sgn(tanh(β_i I_i + o_i) − r)); 0 = ideal. */
  readonly offsetSpread: number;
  /** Energy of one p-bit update (read of the sMTJ state including periphery), J. */
  readonly energyPerFlip: number;
  /** Mean telegraph dwell time at zero input, s. */
  readonly dwellTime: number;
}

export const PBIT_DEVICE_PARAMS: readonly ParamSpec[] = [
  { name: 'betaSpread', unit: '1', default: 0, min: 0, max: 1, description: 'relative device-to-device spread of the p-bit gain β', source: 'devices.md §3.6 (device spread; value user-chosen)' },
  { name: 'offsetSpread', unit: '1', default: 0, min: 0, max: 10, description: 'device-to-device input offset σ (tanh-argument units)', source: 'devices.md §3.6 (device spread; value user-chosen)' },
  { name: 'energyPerFlip', unit: 'J', default: 20 * fJ, min: 0, description: 'energy of one p-bit update', source: 'ising.md §4 table, Borders row: ~20 fJ/bit incl. read overhead [secondary]; devices.md §3.6 "order fJ" [U]' },
  { name: 'dwellTime', unit: 's', default: 2.7 * ns, min: 0, minExclusive: true, description: 'mean telegraph dwell time at zero input', source: 'devices.md §3.4, Soumah et al. arXiv 2402.03452 [V]' },
];

export const PBIT_DEVICE_DEFAULTS: PbitDeviceParams = {
  betaSpread: 0,
  offsetSpread: 0,
  energyPerFlip: 20 * fJ,
  dwellTime: 2.7 * ns,
};

/**
 * CMOS cost of one digital p-bit update, for the comparison next to the device energy
 * (devices.md §7, Horowitz 45 nm): a 32-bit PRNG draw (xoshiro128**: ~10 32-bit integer ops at
 * 0.1 pJ) plus a sigmoid lookup and compare (one 8 KB SRAM read ≈ 10 pJ per 64-bit word, taken
 * as 0.16 pJ/bit × 16 bits). The synaptic sum is the same in both and is priced separately.
 */
export const CMOS_PBIT_UPDATE_J = 10 * 0.1 * pJ + 16 * 0.16 * pJ;
/** One INT8 multiply-accumulate (8-bit mult + 32-bit add, devices.md §7 [D]). */
export const CMOS_INT8_MAC_J = 0.3 * pJ;

/** Per-device gain factors and offsets drawn once per chip (deterministic given the Rng). */
export interface DeviceVariation {
  /** β_i = β · betaScale[i]. */
  readonly betaScale: Float64Array;
  /** Added to β_i I_i inside the tanh. */
  readonly offset: Float64Array;
}

/** Draws the device-to-device variation of n p-bits; β scales are clipped at 0 (a dead p-bit). */
export function drawVariation(n: number, p: PbitDeviceParams, rng: Rng): DeviceVariation {
  const betaScale = new Float64Array(n);
  const offset = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    betaScale[i] = Math.max(0, 1 + p.betaSpread * rng.normal());
    offset[i] = p.offsetSpread * rng.normal();
  }
  return { betaScale, offset };
}

/** True when the parameters describe ideal p-bits (the exact Gibbs sampler). */
export function isIdeal(p: PbitDeviceParams): boolean {
  return p.betaSpread === 0 && p.offsetSpread === 0;
}

/** Energy estimate of `updates` p-bit updates with `edgeVisits` synaptic MACs: device vs CMOS. */
export function energyEstimate(updates: number, edgeVisits: number, p: PbitDeviceParams = PBIT_DEVICE_DEFAULTS) {
  const synapseJ = edgeVisits * CMOS_INT8_MAC_J;
  return {
    pbitNeuronJ: updates * p.energyPerFlip,
    cmosNeuronJ: updates * CMOS_PBIT_UPDATE_J,
    synapseJ,
    pbitTotalJ: updates * p.energyPerFlip + synapseJ,
    cmosTotalJ: updates * CMOS_PBIT_UPDATE_J + synapseJ,
  };
}
