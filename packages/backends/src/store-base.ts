import {
  SpecError,
  restoreArray,
  stateRecord,
  type LedgerCounter,
  type Rng,
  type StateArray,
  type StateRecord,
  type SynapseDeviceContext,
} from '@spinsnn/core';
import type { DeviceSynapseStore, Pulse, PulseOutcome } from './types.js';
import { ZigguratNormal } from './physics/normal.js';

/**
 * What every device-backed synapse store shares: the linear map between the device's nominal
 * conductance range [gMin, gMax] and the projection's weight range [wMin, wMax], the ledger
 * counters (writes priced per pulse; synaptic events priced per read through `unitEnergyJ`),
 * and the reused outcome record. Subclasses hold the device state and implement the physics.
 */
export abstract class DeviceStoreBase implements DeviceSynapseStore {
  abstract readonly device: string;
  abstract readonly noisyReads: boolean;
  abstract readonly pulseUnit: 'A' | 'V' | 'weight';
  abstract readonly nominalPulse: Pulse;
  abstract readonly readEnergyJ: number;
  readonly size: number;
  readonly weights: Float64Array;
  readonly wMin: number;
  readonly wMax: number;
  readonly last: PulseOutcome = { dw: 0, switched: false, probability: NaN, pulses: 0, energyJ: 0, timeS: 0 };
  protected readonly rng: Rng;
  protected readonly writes: LedgerCounter;
  protected readonly events: LedgerCounter;
  /** (wMax − wMin) / (gMax − gMin): weight per siemens. */
  protected readonly wPerG: number;

  constructor(
    ctx: SynapseDeviceContext,
    protected readonly gMin: number,
    protected readonly gMax: number,
  ) {
    this.size = ctx.size;
    this.weights = new Float64Array(ctx.size);
    if (!(Number.isFinite(ctx.wMin) && Number.isFinite(ctx.wMax) && ctx.wMax > ctx.wMin)) {
      throw new SpecError(
        `${ctx.path}.wMax`,
        `a finite weight range wMin < wMax for a device synapse (set synapse.wMin / synapse.wMax, or give some non-zero weights)`,
        `[${ctx.wMin}, ${ctx.wMax}]`,
      );
    }
    this.wMin = ctx.wMin;
    this.wMax = ctx.wMax;
    this.wPerG = (ctx.wMax - ctx.wMin) / (gMax - gMin);
    this.rng = ctx.rng;
    this.zig = new ZigguratNormal(ctx.rng);
    this.writes = ctx.ledger.counter(ctx.component, 'write');
    this.events = ctx.ledger.counter(ctx.component, 'synapticEvent');
  }

  private zig!: ZigguratNormal;

  /** Standard normal for read and write noise (ziggurat: one 32-bit draw for ~99 % of deviates). */
  protected gauss(): number {
    return this.zig.next();
  }

  /**
   * Per-synapse variance of the read, (σ_r·G_s·wPerG)², for stores whose read is
   * weightOf(G_s·(1 + σ_r ξ)) (core `SynapseStore.readVariance`); null when reads are exact or
   * σ_r is too large for the clip at G ≥ 0 to be negligible.
   */
  readVariance: Float64Array | null = null;
  private readSigmaW = 0;

  /** One standard normal of the read-noise stream (the kernel's summed-read path). */
  gaussian(): number {
    return this.zig.next();
  }

  /**
   * Subclasses whose read is weightOf(G·(1 + σ ξ)) clipped at G ≥ 0 call this once their state
   * is set. For σ ≤ READ_SIGMA_SUMMABLE the clip acts with probability P(ξ < −1/σ) ≤ 7.6·10⁻²⁴
   * per read, so the read is additive Gaussian with variance (σ·G·wPerG)² [D].
   */
  protected enableReadVariance(sigma: number): void {
    if (!(sigma > 0 && sigma <= READ_SIGMA_SUMMABLE)) return;
    this.readSigmaW = sigma * this.wPerG;
    this.readVariance = new Float64Array(this.size);
    for (let s = 0; s < this.size; s++) this.updateReadVariance(s);
  }

  /** Call whenever synapse s's conductance changes (with enableReadVariance). */
  protected updateReadVariance(s: number): void {
    const v = this.readVariance;
    if (v !== null) {
      const sd = this.readSigmaW * this.conductance(s);
      v[s] = sd * sd;
    }
  }

  /** Call at the end of a subclass constructor, once readEnergyJ is known. */
  protected priceReads(): void {
    this.events.unitEnergyJ = this.readEnergyJ;
  }

  /** Weight shown by conductance g (linear map of the nominal range). */
  protected weightOf(g: number): number {
    return this.wMin + (g - this.gMin) * this.wPerG;
  }

  /** Conductance a weight asks for, clipped to the nominal range. */
  protected conductanceFor(w: number): number {
    const g = this.gMin + (w - this.wMin) / this.wPerG;
    return g < this.gMin ? this.gMin : g > this.gMax ? this.gMax : g;
  }

  protected record(dw: number, switched: boolean, probability: number, pulses: number, energyJ: number, timeS: number): number {
    const o = this.last;
    o.dw = dw;
    o.switched = switched;
    o.probability = probability;
    o.pulses = pulses;
    o.energyJ = energyJ;
    o.timeS = timeS;
    if (pulses > 0) {
      this.writes.count += pulses;
      this.writes.energyJ += energyJ;
    }
    return dw;
  }

  /**
   * The device state a write or a read may change, besides `weights` (levels, bits, heat, …),
   * by name; null entries (a feature switched off) are skipped. Snapshots carry exactly these.
   */
  protected abstract stateArrays(): Record<string, StateArray | null>;

  snapshot(): StateRecord {
    const arrays: Record<string, StateArray> = { weights: this.weights.slice() };
    for (const [k, a] of Object.entries(this.stateArrays())) if (a) arrays[k] = a.slice();
    return { arrays };
  }

  restore(s: StateRecord): void {
    const path = `snapshot of ${this.device}`;
    const arrays = stateRecord(s, 'arrays', path);
    restoreArray(this.weights, arrays.weights, `${path}.weights`);
    for (const [k, a] of Object.entries(this.stateArrays())) if (a) restoreArray(a, arrays[k], `${path}.${k}`);
    if (this.readVariance !== null) for (let i = 0; i < this.size; i++) this.updateReadVariance(i);
  }

  /**
   * Applies `count` copies of `pulse` to synapse s, one pulse width apart (each priced in the
   * ledger by applyPulse), and leaves `last` summarising the whole request: what a
   * `requestChange` that turns Δw into whole pulses returns. Returns the weight change.
   */
  protected applyPulses(s: number, pulse: Pulse, count: number, t: number): number {
    const w = this.weights[s];
    let energy = 0;
    for (let k = 0; k < count; k++) {
      this.applyPulse(s, pulse, t + k * pulse.width);
      energy += this.last.energyJ;
    }
    const o = this.last;
    o.dw = this.weights[s] - w;
    o.switched = o.dw !== 0;
    o.pulses = count;
    o.energyJ = energy;
    o.timeS = count * pulse.width;
    return o.dw;
  }

  abstract read(s: number): number;
  abstract requestChange(s: number, dw: number, t: number): number;
  abstract conductance(s: number): number;
  abstract switchingProbability(s: number, pulse: Pulse, t: number): number;
  abstract applyPulse(s: number, pulse: Pulse, t: number): number;
}

/** Largest relative read σ for which a store exposes `readVariance` (the clip at G ≥ 0 then acts with probability < 10⁻²³ per read). */
export const READ_SIGMA_SUMMABLE = 0.1;

/** A SynapseDeviceContext for using a store on its own (characterisation, benches, tests). */
export function standaloneContext(o: Pick<SynapseDeviceContext, 'size' | 'rng' | 'ledger'> & Partial<SynapseDeviceContext>): SynapseDeviceContext {
  return {
    initialWeights: o.initialWeights ?? new Float64Array(o.size),
    wMin: o.wMin ?? 0,
    wMax: o.wMax ?? 1,
    component: o.component ?? 'device',
    path: o.path ?? 'synapse',
    ...o,
  };
}
