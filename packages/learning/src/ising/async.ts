import { SpecError, type EventHandler, type Rng, type Simulator } from '@spinsnn/core';
import { deviceDwellTime, drawVariation, isIdeal, PBIT_DEVICE_DEFAULTS, type DeviceVariation, type PbitDeviceParams } from './device.js';
import type { IsingModel } from './model.js';

export interface AsyncPbitOptions {
  readonly beta: number;
  /** Device parameters (pbit backend); the mean dwell at zero input τ0 e^Δ is the p-bit time scale τ. */
  readonly device?: PbitDeviceParams;
  /** Time from a p-bit flip until its neighbours' inputs see it (the synapse), s. */
  readonly synapseDelay?: number;
  /** Accumulate time spent in each of the 2^n states (n ≤ 20) for distribution tests. */
  readonly recordOccupancy?: boolean;
  readonly initial?: ArrayLike<number>;
  readonly variationRng?: Rng;
}

/**
 * Continuous-time asynchronous p-bits on the event kernel (devices.md §3.3–3.4): each p-bit is a
 * two-state telegraph process with the pbit backend's rates (dwell τ0 e^(Δ + m β_i u)),
 *   rate(m → −m) = e^{−m x} / τ,   x = β_i (I_i + o_i),   τ = τ0 e^Δ (mean dwell at zero input),
 * so rate(+→−)/rate(−→+) = e^{−2x}: detailed balance with the p-bit sigmoid, and with
 * instantaneous synapses the network samples exp(−βE) exactly.
 *
 * A flip is an autonomous event carrying the p-bit's version; when an input changes the rate,
 * the version bumps, the pending event goes stale and a new exponential time is drawn from now
 * (memorylessness makes this exact: the next-reaction method of the kernel). A flip reaches the
 * neighbours after `synapseDelay`; when that delay is not ≪ τ, p-bits act on stale inputs and the
 * sampled distribution departs from Boltzmann — the regime the asynchrony tests expose.
 *
 * With instantaneous synapses the backend's `PbitTelegraphGroup` runs the same rates far faster
 * (a neighbour's flip rescales the pending wait instead of redrawing it; WebAssembly flip kernel):
 * `ising maxcut --sampler async` uses it when the delay is 0, and this class otherwise.
 */
export class AsyncPbitNetwork implements EventHandler {
  readonly model: IsingModel;
  readonly spins: Int8Array;
  /** Input as currently seen by each p-bit (lags the true field by the synapse delay). */
  readonly field: Float64Array;
  readonly version: Int32Array;
  readonly variation: DeviceVariation;
  /** Time-weighted state occupancy (s), indexed by state code; empty unless recorded. */
  readonly occupancy: Float64Array;
  flips = 0;
  /** Rate re-draws caused by input changes (stale events). */
  reschedules = 0;
  private beta: number;
  private readonly tau: number;
  private readonly delay: number;
  private readonly rng: Rng;
  private readonly sim: Simulator;
  private readonly handler: number;
  private readonly deliveryHandler: number;
  private code = 0;
  private tLast: number;

  constructor(model: IsingModel, sim: Simulator, rng: Rng, o: AsyncPbitOptions) {
    const device = o.device ?? PBIT_DEVICE_DEFAULTS;
    if (!(o.beta >= 0) || !Number.isFinite(o.beta)) throw new SpecError('async.beta', 'a finite β ≥ 0', o.beta);
    const delay = o.synapseDelay ?? 0;
    if (!(delay >= 0) || !Number.isFinite(delay)) throw new SpecError('async.synapseDelay', 'a finite delay ≥ 0 s', delay);
    if (o.recordOccupancy && model.n > 20) throw new SpecError('async.recordOccupancy', 'at most 20 p-bits (2^n states are tallied)', model.n);
    this.model = model;
    this.sim = sim;
    this.rng = rng;
    this.beta = o.beta;
    this.tau = deviceDwellTime(device);
    this.delay = delay;
    this.variation = isIdeal(device)
      ? { betaScale: new Float64Array(model.n).fill(1), offset: new Float64Array(model.n) }
      : drawVariation(model.n, device, o.variationRng ?? rng.fork(0x7a71));
    this.spins = new Int8Array(model.n);
    for (let i = 0; i < model.n; i++) this.spins[i] = o.initial ? (o.initial[i] > 0 ? 1 : -1) : rng.uniform32() < 0.5 ? -1 : 1;
    this.field = model.localFields(this.spins);
    this.version = new Int32Array(model.n);
    this.occupancy = new Float64Array(o.recordOccupancy ? 1 << model.n : 0);
    for (let i = 0; i < model.n; i++) if (this.spins[i] > 0) this.code |= 1 << i;
    this.tLast = sim.t;
    this.handler = sim.register(this);
    const self = this;
    this.deliveryHandler = sim.register({ handleEvent: (t: number, i: number, m: number) => self.deliver(t, i, m) });
    for (let i = 0; i < model.n; i++) this.scheduleFlip(i, sim.t);
  }

  /** Changes β (an annealing step) from the current simulated time on. */
  setBeta(beta: number): void {
    this.beta = beta;
    const t = this.sim.t;
    for (let i = 0; i < this.model.n; i++) this.scheduleFlip(i, t);
  }

  /** Energy of the current spins. */
  energy(): number {
    return this.model.energy(this.spins);
  }

  /** Occupancy normalised to probabilities (after the run; includes time up to `sim.t`). */
  stateDistribution(): Float64Array {
    this.tallyTo(this.sim.t);
    let total = 0;
    for (let c = 0; c < this.occupancy.length; c++) total += this.occupancy[c];
    return this.occupancy.map((x) => x / total);
  }

  /** Autonomous flip of p-bit i (b = version). */
  handleEvent(t: number, i: number, version: number): void {
    if (version !== this.version[i]) return;
    this.tallyTo(t);
    const m = -this.spins[i];
    this.spins[i] = m;
    this.code ^= 1 << i;
    this.flips++;
    if (this.delay === 0) this.deliver(t, i, m);
    else this.sim.schedule(t + this.delay, this.deliveryHandler, i, m);
    this.scheduleFlip(i, t);
  }

  /** p-bit i's new state m reaches its neighbours. */
  private deliver(t: number, i: number, m: number): void {
    const { rowPtr, col, val } = this.model;
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      const j = col[e];
      this.field[j] += 2 * m * val[e];
      this.reschedules++;
      this.scheduleFlip(j, t);
    }
  }

  private scheduleFlip(i: number, t: number): void {
    const version = ++this.version[i];
    const x = this.spins[i] * this.beta * this.variation.betaScale[i] * (this.field[i] + this.variation.offset[i]);
    const rate = Math.exp(-x) / this.tau;
    if (!(rate > 0)) return; // frozen (rate underflowed): the next input change reschedules it
    this.sim.schedule(t + this.rng.exponential(rate), this.handler, i, version);
  }

  private tallyTo(t: number): void {
    if (this.occupancy.length > 0) this.occupancy[this.code] += t - this.tLast;
    this.tLast = t;
  }
}
