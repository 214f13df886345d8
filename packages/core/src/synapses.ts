import type { EnergyLedger } from './ledger.js';
import type { Rng } from './rng.js';
import { SpecError } from './errors.js';

/**
 * Per-synapse state behind a projection. The kernel delivers `weights[s]` on every spike (or
 * `read(s)` when reads are noisy); plasticity *requests* changes and the store decides what
 * actually happens — an ideal store applies them exactly, a device applies pulses, quantises,
 * switches stochastically, and prices each operation in the energy ledger. Core knows no device:
 * backends register factories under a name (`registerSynapseDevice`).
 */
export interface SynapseStore {
  /** Registered device name, e.g. `ideal` or `sot/multilevel`. */
  readonly device: string;
  readonly size: number;
  /** Effective weights in the target receptor's unit; the store keeps them current. */
  readonly weights: Float64Array;
  /** When true the kernel calls read(s) on every delivery instead of reading weights[s]. */
  readonly noisyReads: boolean;
  /** One read of synapse s (with read noise where the device has it). */
  read(s: number): number;
  /** Requests a weight change dw at time t; returns the change actually applied. */
  requestChange(s: number, dw: number, t: number): number;
}

export interface SynapseDeviceContext {
  readonly size: number;
  /** Weights the spec asked for; a device maps them onto its states. */
  readonly initialWeights: Float64Array;
  /** Weight range the device's conductance range maps onto. */
  readonly wMin: number;
  readonly wMax: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly preset: string | undefined;
  readonly rng: Rng;
  readonly ledger: EnergyLedger;
  /** Ledger component name, e.g. `projection:input->exc`. */
  readonly component: string;
  /** Path of the spec field, for error messages. */
  readonly path: string;
}

export type SynapseDeviceFactory = (ctx: SynapseDeviceContext) => SynapseStore;

const devices = new Map<string, SynapseDeviceFactory>();

/** Makes a synapse device available to network specs as `synapse: { device: name }`. */
export function registerSynapseDevice(name: string, factory: SynapseDeviceFactory): void {
  devices.set(name, factory);
}

export function synapseDeviceNames(): string[] {
  return ['ideal', ...[...devices.keys()].filter((n) => n !== 'ideal')];
}

export function createSynapseStore(name: string, ctx: SynapseDeviceContext): SynapseStore {
  if (name === 'ideal' && !devices.has('ideal')) return new IdealSynapses(ctx.initialWeights, ctx.wMin, ctx.wMax);
  const f = devices.get(name);
  if (!f) {
    throw new SpecError(
      `${ctx.path}.device`,
      `a registered synapse device (${synapseDeviceNames().join(', ')}; import @spinsnn/backends to register the device backends)`,
      name,
    );
  }
  return f(ctx);
}

/** Float synapses: every requested change is applied exactly, clipped to [wMin, wMax]. */
export class IdealSynapses implements SynapseStore {
  readonly device = 'ideal';
  readonly noisyReads = false;
  readonly size: number;
  constructor(
    readonly weights: Float64Array,
    readonly wMin = -Infinity,
    readonly wMax = Infinity,
  ) {
    this.size = weights.length;
  }
  read(s: number): number {
    return this.weights[s];
  }
  requestChange(s: number, dw: number): number {
    const w = this.weights[s];
    const next = Math.min(this.wMax, Math.max(this.wMin, w + dw));
    this.weights[s] = next;
    return next - w;
  }
}
