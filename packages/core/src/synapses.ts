import type { EnergyLedger } from './ledger.js';
import type { Rng } from './rng.js';
import type { SynapseModel } from './registry.js';
import { restoreArray, stateRecord, type Stateful, type StateRecord } from './state.js';

/**
 * Per-synapse state behind a projection. The kernel delivers `weights[s]` on every spike (or
 * `read(s)` when reads are noisy); plasticity *requests* changes and the store decides what
 * actually happens — an ideal store applies them exactly, a device applies pulses, quantises,
 * switches stochastically, and prices each operation in the energy ledger. Core knows no
 * device: backends register synapse models (`registerModel({ kind: 'synapse', … })`).
 */
export interface SynapseStore extends Stateful {
  /** Registered model id, e.g. `core/float` or `sot/multilevel`. */
  readonly device: string;
  readonly size: number;
  /** Effective weights in the target receptor's unit; the store keeps them current. */
  readonly weights: Float64Array;
  /** Weight range the store maps onto (±Infinity when unbounded). */
  readonly wMin: number;
  readonly wMax: number;
  /** When true the kernel calls read(s) on every delivery instead of reading weights[s]. */
  readonly noisyReads: boolean;
  /** One read of synapse s (with read noise where the device has it). */
  read(s: number): number;
  /**
   * Optional, with `noisyReads`: the variance (weight units²) of an additive Gaussian read —
   * a read of s is then exactly weights[s] + √readVariance[s]·ξ, ξ standard normal, independent
   * per read, with no side effect. The kernel may then deliver weights[s] and add, per target
   * neuron and delivery batch, one Gaussian of the summed variance: the same distribution of
   * the delivered input with one draw per neuron instead of one per event (docs/kernel.md, "Spikes and synapses").
   */
  readonly readVariance?: Float64Array | null;
  /** A standard normal from the store's read-noise stream (used with `readVariance`). */
  gaussian?(): number;
  /** Requests a weight change dw at time t; returns the change actually applied. */
  requestChange(s: number, dw: number, t: number): number;
  /**
   * Devices with discrete, equally spaced levels: how many (a rule may then write whole
   * pulses of (wMax − wMin)/(levels − 1)). Omitted for analog stores.
   */
  readonly levels?: number;
}

/** What a synapse model gets to build its store: size, initial weights, weight range, rng, dt. */
export interface SynapseDeviceContext {
  readonly size: number;
  /** Weights the spec asked for; a device maps them onto its states. */
  readonly initialWeights: Float64Array;
  /** Weight range the device's conductance range maps onto. */
  readonly wMin: number;
  readonly wMax: number;
  readonly rng: Rng;
  readonly ledger: EnergyLedger;
  /** Ledger component name, e.g. `projection:input->exc`. */
  readonly component: string;
  /** Path of the spec field, for error messages. */
  readonly path: string;
}

/** Float synapses: every requested change is applied exactly, clipped to [wMin, wMax]; nothing is priced. */
export class IdealSynapses implements SynapseStore {
  readonly device = 'core/float';
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
  snapshot(): StateRecord {
    return { arrays: { weights: this.weights.slice() } };
  }
  restore(s: StateRecord): void {
    restoreArray(this.weights, stateRecord(s, 'arrays', 'snapshot of core/float').weights, 'snapshot of core/float.weights');
  }
}

/**
 * `core/float`: exact float weights, unpriced (the kernel's own synapse; `ideal/float` of
 * @spinsnn/backends is the same arithmetic priced as 45 nm CMOS).
 */
export const floatSynapseModel: SynapseModel = {
  id: 'core/float',
  kind: 'synapse',
  description: 'float synapse, changes applied exactly and clipped to [wMin, wMax]; counts events, prices nothing',
  params: [],
  ideal: {},
  hardware: () => ({ levels: null, onOff: Infinity, programSigma: 0, d2dRange: 0, readNoise: 0, stuckAtMin: 0, stuckAtMax: 0 }),
  createStore: (ctx) => new IdealSynapses(ctx.initialWeights, ctx.wMin, ctx.wMax),
};
