import type { EnergyLedger } from '../ledger.js';
import type { Rng } from '../rng.js';
import type { Simulator } from '../simulator.js';
import type { Stateful } from '../state.js';
import type { KernelChoice } from '../wasm/kernels.js';

/** Where a group sends its spikes: the population's fan-out to monitors and projections. */
export interface SpikeSink {
  fire(i: number, t: number): void;
  /**
   * How late a spike may be reported: a spike at t can have no effect before t + latency() (s),
   * so a group that runs a batch of its own events may fire the batch's spikes after it, in order,
   * as long as the batch ends before that. Omitted: 0 (fire at once).
   */
  latency?(): number;
  /** Fires spikes (items[k], times[k]) for k < count, in time order: the same as that many `fire` calls. */
  fireMany?(items: Int32Array, times: Float64Array, count: number): void;
}

/** How a neuron group advances: on its events ('event') or every dt ('clock'). */
export type Integration = 'event' | 'clock';

/** What a neuron group needs from the network when it is attached to a simulator. */
export interface GroupContext {
  readonly sim: Simulator;
  readonly out: SpikeSink;
  readonly ledger: EnergyLedger;
  /** Ledger component name, e.g. `population:exc`. */
  readonly component: string;
  /** The group's own random stream (saved in network snapshots). */
  readonly rng: Rng;
}

/** What every neuron group offers, however it integrates. */
interface NeuronGroupBase extends Stateful {
  readonly size: number;
  /** Names of the state variables (`v`, `ge`, ...), each a Float64Array of length size. */
  readonly stateNames: readonly string[];
  /** The array of state variable `name` (one of stateNames). */
  state(name: string): Float64Array;
  /** Value of a state variable of neuron i at time t without changing the state (for monitors). */
  readState(name: string, i: number, t: number): number;
  attach(ctx: GroupContext): void;
}

/**
 * Integrates all neurons once per dt tick (`Simulator.addClockMember`); projections add their
 * weights into `inputBuffer(receptor)` and the next tick consumes them.
 */
export interface ClockDrivenNeuronGroup extends NeuronGroupBase {
  readonly integration: 'clock';
  /** The buffer that receptor `r` adds into (e.g. ge for `exc`). */
  inputBuffer(receptor: number): Float64Array;
}

/** Advances each neuron analytically when an input reaches it (`receive`) or on its own events. */
export interface EventDrivenNeuronGroup extends NeuronGroupBase {
  readonly integration: 'event';
  /** Applies input w on receptor r to neuron i at time t. */
  receive(i: number, receptor: number, w: number, t: number): void;
}

/** A population's running state: clock-driven or event-driven (the `integration` discriminant). */
export type NeuronGroup = ClockDrivenNeuronGroup | EventDrivenNeuronGroup;

/** How a group is implemented (not what it computes): results are identical either way. */
export interface GroupOptions {
  /** WebAssembly SIMD fast path where the model has one ('auto': when the engine supports it). */
  kernel?: KernelChoice;
}
