import type { ParamSpec, ParamValues, SynapseDeviceContext, SynapseStore } from '@spinsnn/core';

/** One characterisation curve: y(x), with SI units for both axes. */
export interface Curve {
  /** Short identifier, e.g. `conductance-vs-pulse` or `psw-vs-current@10ns`. */
  readonly name: string;
  /** Axis labels (quantity names), e.g. `pulse number`, `conductance`. */
  readonly x: string;
  readonly xUnit: string;
  readonly y: string;
  readonly yUnit: string;
  readonly points: [number, number][];
}

/** What `spinsnn device <backend>/<model> --json` prints. */
export interface Characterisation {
  /** `backend/model`. */
  readonly model: string;
  readonly preset: string | null;
  readonly params: ParamValues;
  readonly curves: Curve[];
}

export interface CharacteriseOptions {
  readonly seed: number;
  /**
   * Overlay a macrospin-LLG ensemble on the compact-model curves. Models without an LLG
   * calibration throw `LlgUnavailableError`.
   */
  readonly llg?: boolean;
}

/** A named parameter set taken from a paper. */
export interface Preset {
  readonly name: string;
  readonly description: string;
  /** Citation (paper, doi, devices.md section) of the values. */
  readonly source: string;
  /** Values that differ from the model's defaults. */
  readonly params: Readonly<Partial<ParamValues>>;
}

/**
 * `synapse`: backs a projection's weights (a SynapseStore). `neuron`: a neuron-like device
 * (p-bit, STNO, …) that may register a core neuron model separately. `cell`: a memory cell
 * characterised on its own (e.g. an MRAM bit used in binary in-memory layers).
 */
export type DeviceKind = 'synapse' | 'neuron' | 'cell';

/** A device model as the registry knows it. */
export interface DeviceModel {
  /** Backend name: `ideal`, `sot`, `mram`, `pbit`, `stno`, … */
  readonly backend: string;
  /** Model name within the backend: `multilevel`, `binary`, … */
  readonly name: string;
  readonly kind: DeviceKind;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  readonly presets: readonly Preset[];
  /** Curves for `spinsnn device`; `params` are already resolved and validated. */
  characterise(params: ParamValues, options: CharacteriseOptions): Curve[];
  /**
   * Synapse devices only: builds the store behind a projection. The registry resolves
   * `ctx.preset` and `ctx.params` into `params` first, and registers the factory with core
   * (`registerSynapseDevice('backend/name', …)`) so a network spec can name the device.
   */
  createStore?(ctx: SynapseDeviceContext, params: ParamValues): DeviceSynapseStore;
  /**
   * Synapse devices: parameter values that switch every non-ideality off (noise, variation,
   * faults, nonlinearity). The conformance suite builds the device with them.
   */
  readonly ideal?: Readonly<Partial<ParamValues>>;
  /**
   * Devices that are deterministic once `ideal` is applied: how many equally spaced weight levels
   * they then realise, so the conformance suite can check they equal ideal quantisation exactly.
   */
  idealLevels?(params: ParamValues): number;
}

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
