import type { SynapseStore } from '@spinsnn/core';

/** An explicit write pulse a learning rule may ask a device to apply. */
export interface Pulse {
  /** +1 potentiates (towards Gmax), −1 depresses (towards Gmin). */
  readonly polarity: 1 | -1;
  /** Pulse amplitude in the device's drive unit (`pulseUnit`: A current-driven, V voltage-driven, `weight` for float synapses). */
  readonly amplitude: number;
  /** Pulse width (s). */
  readonly width: number;
}

/**
 * What the last `applyPulse` / `requestChange` did to its synapse. The store reuses one
 * object (no allocation per pulse): copy fields out if you need to keep them.
 */
export interface PulseOutcome {
  /** Weight change actually applied (weight units). */
  dw: number;
  /** Binary/stochastic devices: whether the state switched; multi-level: whether the level moved. */
  switched: boolean;
  /** Switching probability of this pulse (1 for deterministic devices, NaN if not defined). */
  probability: number;
  /** Number of device pulses the request turned into. */
  pulses: number;
  /** Energy (J) and time (s) the operation cost — also recorded in the ledger. */
  energyJ: number;
  timeS: number;
}

/**
 * The synapse contract of spinsnn's device backends, a superset of core's SynapseStore:
 * the kernel reads `weights`/`read(s)`, plasticity calls `requestChange(s, dw, t)` (the device
 * decides what happens), and device-aware rules call `applyPulse` with an explicit pulse.
 * Every write and every (noisy) read is priced in the ledger.
 */
export interface DeviceSynapseStore extends SynapseStore {
  /** Drive unit of `Pulse.amplitude`: `A`, `V`, or `weight` (a float synapse takes Δw directly). */
  readonly pulseUnit: 'A' | 'V' | 'weight';
  /** The device's nominal write pulse (what requestChange uses for one step). */
  readonly nominalPulse: Pulse;
  /** Result of the most recent write on this store (reused object). */
  readonly last: PulseOutcome;
  /** Conductance (S) of synapse s without read noise. */
  conductance(s: number): number;
  /** Probability that `pulse` switches / moves synapse s now (no state change, no random draw). */
  switchingProbability(s: number, pulse: Pulse, t: number): number;
  /** Applies one pulse to synapse s at time t; returns the weight change (also in `last`). */
  applyPulse(s: number, pulse: Pulse, t: number): number;
  /** Energy (J) of one read of one synapse — what a delivered synaptic event costs. */
  readonly readEnergyJ: number;
}
