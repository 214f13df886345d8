/**
 * The two bases every neuron group extends (see docs/adding-a-neuron.md):
 *
 * - `ClockDrivenGroup`: the simulator's shared dt clock calls `integrate(k)` once per step;
 *   the subclass updates every neuron from the state at the step's start and writes the indices
 *   that spiked into `spiked`; the base fires them at the step's start time and counts updates.
 * - `EventDrivenGroup`: the subclass advances neurons when input arrives (`receive`) and on its
 *   own scheduled events (`handleEvent`); the base registers it with the simulator.
 *
 * Both keep the state variables by name (`defineState`), so `state`, `readState`, `snapshot`
 * and `restore` come for free; a subclass adds to the snapshot what else changes as it runs.
 */
import { SimulationError } from '../errors.js';
import type { LedgerCounter } from '../ledger.js';
import type { Rng } from '../rng.js';
import type { Simulator } from '../simulator.js';
import { restoreArray, stateRecord, type StateArray, type StateRecord } from '../state.js';
import type { WasmArena } from '../wasm/kernels.js';
import type { ClockDrivenNeuronGroup, EventDrivenNeuronGroup, GroupContext, SpikeSink } from './types.js';

/** `lastSpikeStep` of a neuron that never spiked: far enough back that no refractory test holds. */
export const NEVER_SPIKED = -(2 ** 30);

/** Brian2's `timestep(refractory, dt)`: whole steps, robust to rounding of refractory/dt. */
export function refractorySteps(refractory: number, dt: number): number {
  return Math.floor((refractory + 1e-3 * dt) / dt);
}

/** State variables by name plus private arrays that also belong in a snapshot. */
abstract class StatefulGroup {
  private readonly vars = new Map<string, Float64Array>();
  private readonly hidden = new Map<string, StateArray>();
  private names: string[] = [];

  constructor(
    /** Model id, for error messages. */
    readonly model: string,
    readonly size: number,
  ) {}

  get stateNames(): readonly string[] {
    return this.names;
  }

  /** Declares state variable `name` (public: init, monitors) backed by `array`; returns it. */
  protected defineState(name: string, array: Float64Array): Float64Array {
    this.vars.set(name, array);
    this.names = [...this.vars.keys()];
    return array;
  }

  /** Declares an internal array (last spike step, an accumulator) that snapshots must carry. */
  protected defineHidden<A extends StateArray>(name: string, array: A): A {
    this.hidden.set(name, array);
    return array;
  }

  state(name: string): Float64Array {
    const a = this.vars.get(name);
    if (!a) throw new SimulationError(`${this.model} has state variables ${this.names.join(', ')}, not ${name}`);
    return a;
  }

  readState(name: string, i: number, _t: number): number {
    return this.state(name)[i];
  }

  snapshot(): StateRecord {
    const vars: Record<string, StateArray> = {};
    for (const [k, a] of this.vars) vars[k] = a.slice();
    for (const [k, a] of this.hidden) vars[`#${k}`] = a.slice();
    return { vars, extra: this.snapshotExtra() };
  }

  restore(s: StateRecord): void {
    const path = `snapshot of ${this.model}`;
    const vars = stateRecord(s, 'vars', path);
    for (const [k, a] of this.vars) restoreArray(a, vars[k], `${path}.${k}`);
    for (const [k, a] of this.hidden) restoreArray(a, vars[`#${k}`], `${path}.${k}`);
    this.restoreExtra(stateRecord(s, 'extra', path));
  }

  /** Scalars a subclass changes while running (versions, counters); arrays go in defineHidden. */
  protected snapshotExtra(): StateRecord {
    return {};
  }

  protected restoreExtra(_extra: StateRecord): void {}
}

/**
 * Base of clock-driven groups. `arena`: allocate state in a wasm instance's memory (for a SIMD
 * kernel) or null for plain arrays; results are identical either way.
 */
export abstract class ClockDrivenGroup extends StatefulGroup implements ClockDrivenNeuronGroup {
  readonly integration = 'clock' as const;
  protected sim!: Simulator;
  protected out!: SpikeSink;
  protected rng!: Rng;
  protected updates!: LedgerCounter;
  /** Indices that spiked in the current step: `integrate` writes them, the base fires them. */
  protected readonly spiked: Int32Array;
  /** Step of each neuron's last spike (NEVER_SPIKED before the first). */
  readonly lastSpikeStep: Int32Array;

  constructor(
    model: string,
    size: number,
    protected readonly dt: number,
    protected readonly arena: WasmArena | null = null,
    /** Ledger operation one neuron-step is counted as. */
    private readonly updateOp = 'neuronUpdate',
  ) {
    super(model, size);
    this.spiked = arena ? arena.i32(size) : new Int32Array(size);
    this.lastSpikeStep = this.defineHidden('lastSpikeStep', (arena ? arena.i32(size) : new Int32Array(size)).fill(NEVER_SPIKED));
  }

  /** Which implementation integrates: a wasm SIMD kernel or the subclass's reference loop. */
  get kernel(): 'wasm' | 'js' {
    return this.arena ? 'wasm' : 'js';
  }

  /** A float64 array in the arena (or plain). */
  protected f64(n: number): Float64Array {
    return this.arena ? this.arena.f64(n) : new Float64Array(n);
  }

  abstract inputBuffer(receptor: number): Float64Array;

  /** Integrates every neuron over step k (from t = k·dt); writes spiking indices to `spiked`, returns how many. */
  protected abstract integrate(k: number): number;

  attach(ctx: GroupContext): void {
    this.sim = ctx.sim;
    this.out = ctx.out;
    this.rng = ctx.rng;
    this.updates = ctx.ledger.counter(ctx.component, this.updateOp);
    ctx.sim.addClockMember(this);
  }

  /** Called by the simulator's clock: one step k starting at t. */
  step(t: number, k: number): void {
    const n = this.integrate(k);
    this.updates.count += this.size;
    const spiked = this.spiked;
    for (let s = 0; s < n; s++) this.out.fire(spiked[s], t);
  }
}

/** Base of event-driven groups: registered as an event handler of the simulator on attach. */
export abstract class EventDrivenGroup extends StatefulGroup implements EventDrivenNeuronGroup {
  readonly integration = 'event' as const;
  protected sim!: Simulator;
  protected out!: SpikeSink;
  protected rng!: Rng;
  protected handler = -1;
  protected updates!: LedgerCounter;

  constructor(
    model: string,
    size: number,
    private readonly updateOp = 'neuronUpdate',
  ) {
    super(model, size);
  }

  attach(ctx: GroupContext): void {
    this.sim = ctx.sim;
    this.out = ctx.out;
    this.rng = ctx.rng;
    this.updates = ctx.ledger.counter(ctx.component, this.updateOp);
    this.handler = ctx.sim.register(this);
    this.onAttach();
  }

  /** After attach: schedule the group's first autonomous events. */
  protected onAttach(): void {}

  abstract receive(i: number, receptor: number, w: number, t: number): void;

  /** An event the group scheduled on itself (a = neuron or batch, b = version). */
  abstract handleEvent(t: number, a: number, b: number): void;
}
