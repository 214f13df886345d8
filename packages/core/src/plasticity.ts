import type { EnergyLedger } from './ledger.js';
import type { Projection } from './projection.js';
import type { Rng } from './rng.js';
import type { Stateful } from './state.js';

/**
 * A plasticity rule of one projection, built from the spec's `plasticity: { rule, preset?, params? }`
 * by the registered `PlasticityModel` (`registerModel({ kind: 'plasticity', … })`). The kernel
 * calls it on every presynaptic delivery (after the weights were delivered, so a spike is
 * transmitted with the weight it found) and on every spike of the target population. A rule
 * keeps its traces itself and *requests* weight changes from `projection.store`: the store
 * (an ideal float or a device) decides what actually happens.
 */
export interface PlasticityRule extends Stateful {
  /** A presynaptic spike of source i was delivered at t through synapses s0..s1−1 (CSR indices). */
  onPre(proj: Projection, i: number, s0: number, s1: number, t: number): void;
  /** Target neuron j spiked at t; its incoming synapses are `proj.incoming()` column j. */
  onPost(proj: Projection, j: number, t: number): void;
  /** When false the rule ignores spikes (weights and traces frozen), e.g. while testing. */
  enabled: boolean;
}

/** What a rule is built with. */
export interface PlasticityContext {
  readonly projection: Projection;
  /** The rule's own random stream (stochastic rounding, …), saved in network snapshots. */
  readonly rng: Rng;
  readonly ledger: EnergyLedger;
  /** Spec field of the rule, for error messages (`projections[0].plasticity`). */
  readonly path: string;
}
