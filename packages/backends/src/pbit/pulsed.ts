/**
 * Pulse-driven p-bits (docs/probabilistic.md §2): devices that produce one random bit per drive
 * pulse and hold it (non-volatile) until the next, instead of fluctuating freely like the
 * telegraph p-bit. Both devices here are memoryless per pulse — the VCMA p-bit because every
 * sample starts from a reset, the back-hopping SOT p-bit because its final state does not
 * depend on the state before the pulse ("initialisation-free") — so one device is fully
 * described by its law P(m = +1 | input u) and a network of them is a Gibbs sampler whose
 * conditional is that law.
 *
 * `PulsedChip` is n such devices with their device-to-device variation; `PulsedPbitGroup` is the
 * clock-driven network neuron (one pulse per network step). `effectivePbit` gives the
 * σ(2βu)-equivalent p-bit (slope and 50 % point matched) with which every Ising sampler of the
 * project runs these devices.
 */
import {
  ClockDrivenGroup,
  registerModel,
  type CharacteriseOptions,
  type Curve,
  type GroupContext,
  type ParamSpec,
  type ParamValues,
  type Preset,
  type Rng,
  type StateRecord,
} from '@spinsnn/core';
import { LlgUnavailableError } from '../registry.js';
import type { PbitParams } from './device.js';

/** n pulse-driven p-bits with their per-device parameters drawn (what samplers and networks use). */
export interface PulsedChip {
  /** Registry id of the device model. */
  readonly id: string;
  /** Number of devices. */
  readonly size: number;
  /** P(m = +1) of device i after one pulse driven by input u (dimensionless). */
  pUp(i: number, u: number): number;
  /** Energy (J) of one pulse of device i at input u. */
  pulseEnergy(i: number, u: number): number;
}

/** One sample of device i at input u: +1 with probability pUp (one uniform draw). */
export function pulseSample(chip: PulsedChip, i: number, u: number, rng: Rng): 1 | -1 {
  return rng.uniform() < chip.pUp(i, u) ? 1 : -1;
}

/** Logistic function σ(x) = 1/(1 + e^(−x)). */
export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * The logistic p-bit P = σ(2β(u + offset)) matched to a device law at its 50 % point: β from the
 * slope there (dP/du = β/2), the spreads as given. What the Ising samplers run (they take PbitParams).
 * A pulsed device produces one sample per pulse, so its "dwell" is the pulse width (τ0 = t_p,
 * Δ = 0) and its bias power is the pulse energy over t_p: energy per flip = energy per pulse.
 */
export function effectivePbit(slopeAt50: number, betaSpread: number, offsetSpread: number, pulseWidth: number, pulseEnergy: number): PbitParams {
  return { beta: 2 * slopeAt50, betaSpread, offset: 0, offsetSpread, tau0: pulseWidth, delta: 0, biasPower: pulseEnergy / pulseWidth };
}

/**
 * Clock-driven network neuron for a pulsed p-bit: at each step every device gets one pulse with
 * input u_i = bias_i (the persistent sum of `bias` spikes) and takes the sampled state; a flip
 * into +1 is a spike. State: m (±1), u (input). Ledger op `pulse`, priced per pulse.
 */
export class PulsedPbitGroup extends ClockDrivenGroup {
  /** Current state ±1 of each device. */
  readonly m: Float64Array;
  /** Persistent input of each device (sum of `bias` spikes). */
  readonly u: Float64Array;
  /** Pulses since attach. */
  pulses = 0;

  constructor(
    id: string,
    size: number,
    dt: number,
    private readonly makeChip: (rng: Rng) => PulsedChip,
    private readonly nominalPulseEnergy: number,
  ) {
    super(id, size, dt, null, 'pulse');
    this.m = this.defineState('m', new Float64Array(size).fill(-1));
    this.u = this.defineState('u', new Float64Array(size));
  }

  private chip!: PulsedChip;

  override attach(ctx: GroupContext): void {
    super.attach(ctx);
    // device variation is drawn once from the population's stream, before any sample
    this.chip = this.makeChip(this.rng);
    this.updates.unitEnergyJ = this.nominalPulseEnergy;
  }

  /** Receptor `bias`: a spike shifts the input by w (persistent). */
  inputBuffer(): Float64Array {
    return this.u;
  }

  protected integrate(): number {
    const { size, m, u, spiked, rng, chip } = this;
    let n = 0;
    for (let i = 0; i < size; i++) {
      const next = rng.uniform() < chip.pUp(i, u[i]) ? 1 : -1;
      if (next === 1 && m[i] === -1) spiked[n++] = i;
      m[i] = next;
    }
    this.pulses += size;
    return n;
  }

  protected override snapshotExtra(): StateRecord {
    return { pulses: this.pulses };
  }

  protected override restoreExtra(extra: StateRecord): void {
    const p = extra.pulses;
    this.pulses = typeof p === 'number' ? p : 0;
  }
}

/** One device's value of a parameter with relative spread s: nominal (1 + s ξ), at least `floor`; the nominal value (no draw) when s = 0. */
export function relativeDraw(nominal: number, spread: number, floor: number, rng: Rng): number {
  return spread > 0 ? Math.max(floor, nominal * (1 + spread * rng.normal())) : nominal;
}

/** What a pulse-driven p-bit model supplies to `registerPulsedPbit`; the rest of its registration is common. */
export interface PulsedPbitModel {
  readonly id: string;
  readonly description: string;
  readonly weightUnit: string;
  readonly params: readonly ParamSpec[];
  readonly presets: readonly Preset[];
  /** Parameter values that switch the device variation off. */
  readonly ideal: Readonly<Record<string, number>>;
  /** The devices of a group of `size` from validated parameter values. */
  chip(values: ParamValues, size: number, rng: Rng): PulsedChip;
  /** Energy of one pulse of the nominal device at its 50 % point (J). */
  nominalPulseEnergy(values: ParamValues): number;
  /** The compact-law curves of `spinsnn device` (the LLG overlay is refused: the pulse laws are not LLG-calibrated). */
  curves(values: ParamValues): Curve[];
}

/**
 * Registers a pulse-driven p-bit as a neuron model: clock-driven (one pulse per network step),
 * receptor `bias`, states m and u, a `PulsedPbitGroup` of its chip; `--llg` is refused
 * (docs/probabilistic.md §2.1–2.2).
 */
export function registerPulsedPbit(m: PulsedPbitModel): void {
  registerModel({
    id: m.id,
    kind: 'neuron',
    description: m.description,
    integrations: ['clock'],
    receptors: ['bias'],
    weightUnit: m.weightUnit,
    stateNames: ['m', 'u'],
    exampleWeight: 0.005,
    params: m.params,
    presets: m.presets,
    ideal: m.ideal,
    createGroup: (size, params, _integration, dt) => new PulsedPbitGroup(m.id, size, dt, (rng) => m.chip(params, size, rng), m.nominalPulseEnergy(params)),
    characterise: (v: ParamValues, o: CharacteriseOptions) => {
      if (o.llg) throw new LlgUnavailableError(m.id);
      return m.curves(v);
    },
  });
}
