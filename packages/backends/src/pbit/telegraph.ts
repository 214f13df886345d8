/**
 * Continuous-time asynchronous p-bits on the event kernel (devices.md §3.3–3.4): each p-bit is
 * a two-state telegraph process whose next flip is an autonomous kernel event.
 *
 *   rate(m → −m) = e^(−m β u) / (τ0 e^Δ),   u = input + Σ_j J_ij m_j + h_i + offset_i
 *
 * These rates obey detailed balance with P(m=+1) = σ(2βu), so a network of p-bits samples the
 * Boltzmann distribution of its couplings without any clock — like the hardware.
 *
 * Next-reaction method (Gibson & Bruck 2000) with version invalidation:
 * - a p-bit's pending flip time `tNext` is exponential in its current rate;
 * - when its input changes at t (a neighbour flipped, a spike arrived), the remaining time is
 *   rescaled by rate_old/rate_new — exact for a Markov jump process and needs no new draw;
 * - the group keeps its pending flips in a calendar queue re-keyed in place (calendar.ts), and has exactly
 *   one autonomous event on the kernel queue: its earliest flip, carrying the group's version.
 *   When an input makes some flip earlier than that event, the version is bumped and a new event
 *   is queued (the old one is skipped when popped). One kernel event = one flip, so flips
 *   interleave exactly with every other event of the simulation. (Keeping one kernel event per
 *   p-bit with lazy re-keying was measured too: 3 kernel events per flip and slower.)
 * Couplings between p-bits of one population live in the group (`setCoupling`): a flip updates
 * its neighbours' fields at once, as when the synapse is much faster than the p-bit (§3.3).
 * Network projections into a p-bit population drive receptor `bias`: each spike shifts that
 * p-bit's input by w (a persistent step). The group emits a spike on every flip into +1.
 */
import { SimulationError, registerNeuronModel, type GroupContext, type Integration, type LedgerCounter, type NeuronGroup, type NeuronModelDef, type ParamValues, type Rng, type Simulator, type SpikeSink } from '@spinsnn/core';
import { energyPerFlip, pbitFromValues, pbitParamSpecs, sampleDevices, type PbitParams } from './device.js';
import type { CouplingGraph } from './gibbs.js';
import { CalendarQueue } from './calendar.js';

export class PbitTelegraphGroup implements NeuronGroup {
  readonly integration: Integration = 'event';
  readonly stateNames = ['m', 'u'] as const;
  /** States ±1 (as float64 for monitors). */
  readonly m: Float64Array;
  /** External input (sum of `bias` spikes and `setInput`), input units. */
  readonly input: Float64Array;
  /** Σ_j J_ij m_j + h_i + offset_i: the part of u set by the coupling graph. */
  readonly field: Float64Array;
  /** Per-device gain β_i. */
  readonly beta: Float64Array;
  /** Per-device gain relative to the nominal β (1 without spread). */
  readonly betaScale: Float64Array;
  /** Per-device offset. */
  readonly offset: Float64Array;
  /** Pending flip time of each p-bit (s): the heap's keys, read-only outside the heap. */
  readonly tNext: Float64Array;
  /** e^(−m_i β_i u_i), kept up to date incrementally (a flip inverts it, a neighbour's flip
   * multiplies it by a cached edge factor), so a flip needs no exp. Rate = ν0 × this. */
  readonly rateFactor: Float64Array;
  /** Pending flips keyed by their time (the keys are `tNext`). */
  readonly pending: CalendarQueue;
  /** Version of the group's one live kernel event, and its time (Infinity: none). */
  private kVersion = 0;
  private kTime = Infinity;
  /** Flips since attach. */
  flips = 0;
  readonly params: PbitParams;
  private readonly nu0: number;
  private readonly eFlip: number;
  private graph: CouplingGraph | null = null;
  /** Per edge k (i → j): e^(2 β_j w_k) at 2k and its inverse at 2k + 1, the factors a flip of i rescales j's wait by. */
  private edgeGains: Float64Array = new Float64Array(0);
  private h: Float64Array | null = null;
  private sim: Simulator | null = null;
  private out!: SpikeSink;
  private rng!: Rng;
  private handler = -1;
  private flipCounter: LedgerCounter | null = null;

  constructor(readonly size: number, params: PbitParams) {
    this.params = params;
    this.m = new Float64Array(size);
    this.input = new Float64Array(size);
    this.field = new Float64Array(size);
    this.beta = new Float64Array(size).fill(params.beta);
    this.betaScale = new Float64Array(size).fill(1);
    this.offset = new Float64Array(size).fill(params.offset);

    this.pending = new CalendarQueue(size);
    this.tNext = this.pending.key;
    this.rateFactor = new Float64Array(size);
    this.nu0 = 1 / (params.tau0 * Math.exp(params.delta));
    this.eFlip = energyPerFlip(params);
  }

  state(name: string): Float64Array {
    if (name === 'm') return this.m;
    if (name === 'u') {
      const u = new Float64Array(this.size);
      for (let i = 0; i < this.size; i++) u[i] = this.input[i] + this.field[i];
      return u;
    }
    throw new SimulationError(`pbit has state variables m, u, not ${name}`);
  }

  readState(name: string, i: number): number {
    if (name === 'm') return this.m[i];
    if (name === 'u') return this.input[i] + this.field[i];
    throw new SimulationError(`pbit has state variables m, u, not ${name}`);
  }

  inputBuffer(): null {
    return null;
  }

  /**
   * Couplings within the population (symmetric, zero diagonal) and fields h. Call before
   * attach, or while attached between runs (fields are recomputed and flips rescheduled).
   */
  setCoupling(graph: CouplingGraph | null, h: ArrayLike<number> | null = null): void {
    if (graph && graph.n !== this.size) throw new SimulationError(`pbit coupling graph has ${graph.n} nodes for ${this.size} p-bits`);
    if (h && h.length !== this.size) throw new SimulationError(`pbit fields h has ${h.length} entries for ${this.size} p-bits`);
    this.graph = graph;
    this.h = h ? Float64Array.from(h) : null;
    this.refreshEdgeGains();
    if (this.sim) {
      this.recomputeFields();
      this.rescheduleAll();
    }
  }

  attach(ctx: GroupContext): void {
    this.sim = ctx.sim;
    this.out = ctx.out;
    this.rng = ctx.rng;
    this.handler = ctx.sim.register(this);
    this.flipCounter = ctx.ledger.counter(ctx.component, 'flip');
    const dev = sampleDevices(this.params, this.size, ctx.rng);
    this.beta.set(dev.beta);
    for (let i = 0; i < this.size; i++) this.betaScale[i] = this.params.beta > 0 ? dev.beta[i] / this.params.beta : 1;
    this.refreshEdgeGains();
    this.offset.set(dev.offset);
    for (let i = 0; i < this.size; i++) this.m[i] = ctx.rng.uniform32() < 0.5 ? -1 : 1;
    this.recomputeFields();
    this.rescheduleAll();
  }

  /** Sets the nominal gain to β (annealing): each device keeps its relative spread; pending flips are rescaled exactly. */
  setBeta(beta: number): void {
    const t = this.now();
    for (let i = 0; i < this.size; i++) {
      const b0 = this.beta[i];
      const b1 = beta * this.betaScale[i];
      this.beta[i] = b1;
      if (this.sim) this.rescale(i, t, Math.exp(this.m[i] * (this.input[i] + this.field[i]) * (b1 - b0)));
    }
    this.refreshEdgeGains();
  }

  /** Sets p-bit i's external input to `value` at the current simulated time. */
  setInput(i: number, value: number): void {
    const du = value - this.input[i];
    this.input[i] = value;
    if (this.sim && du !== 0) this.rescale(i, this.now(), Math.exp(this.m[i] * this.beta[i] * du));
  }

  /** Receptor 0 (`bias`): a spike of weight w shifts the input of p-bit i by w. */
  receive(i: number, _receptor: number, w: number, t: number): void {
    this.input[i] += w;
    this.rescale(i, t, Math.exp(this.m[i] * this.beta[i] * w));
  }

  /** The group's autonomous event: the earliest pending flip (b = group version). */
  handleEvent(t: number, _a: number, version: number): void {
    if (version !== this.kVersion) return; // superseded by an earlier flip time
    this.kTime = Infinity;
    this.flip(this.pending.top(), t);
    this.ensureKernelEvent();
  }

  private flip(i: number, t: number): void {
    const m = -this.m[i];
    this.m[i] = m;
    this.flips++;
    const fc = this.flipCounter!;
    fc.count++;
    fc.energyJ += this.eFlip;
    const heap = this.pending;
    const rf = 1 / this.rateFactor[i]; // e^(−mβu) with m reversed
    this.rateFactor[i] = rf;
    heap.update(i, t - Math.log(this.rng.uniformPositive()) / (this.nu0 * rf));
    const g = this.graph;
    if (g) {
      const { offsets, targets, weights } = g;
      const field = this.field, mm = this.m, key = heap.key, gains = this.edgeGains;
      const rate = this.rateFactor;
      for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) {
        const j = targets[k];
        field[j] += 2 * weights[k] * m;
        // remaining time scales by rate_old/rate_new = e^(m_j β_j du), du = 2 w m: e^(±2 β_j w);
        // pick by index, not by a branch (m_j m is ±1 at random: a branch mispredicts half the time)
        const o = 2 * k + ((1 - mm[j] * m) >> 1);
        rate[j] *= gains[o ^ 1];
        heap.update(j, t + (key[j] - t) * gains[o]);
      }
    }
    if (m > 0) this.out.fire(i, t);
  }

  /** Queues the group's earliest flip on the kernel if it is earlier than the live event. */
  private ensureKernelEvent(): void {
    const k = this.pending.topKey();
    if (k < this.kTime) {
      this.kTime = k;
      this.sim!.schedule(k, this.handler, 0, ++this.kVersion);
    }
  }

  private now(): number {
    return this.sim ? this.sim.t : 0;
  }

  /** Multiplies p-bit i's remaining time to flip by `factor` (= rate_old/rate_new). */
  private rescale(i: number, t: number, factor: number): void {
    this.rateFactor[i] /= factor;
    this.pending.update(i, t + (this.tNext[i] - t) * factor);
    this.ensureKernelEvent();
  }

  private refreshEdgeGains(): void {
    const g = this.graph;
    if (!g) return;
    const m = g.offsets[g.n];
    if (this.edgeGains.length !== 2 * m) this.edgeGains = new Float64Array(2 * m);
    for (let k = 0; k < m; k++) {
      const x = Math.exp(2 * this.beta[g.targets[k]] * g.weights[k]);
      this.edgeGains[2 * k] = x;
      this.edgeGains[2 * k + 1] = 1 / x;
    }
  }

  private recomputeFields(): void {
    const n = this.size;
    for (let i = 0; i < n; i++) this.field[i] = this.offset[i] + (this.h ? this.h[i] : 0);
    const g = this.graph;
    if (!g) return;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) s += g.weights[k] * this.m[g.targets[k]];
      this.field[i] += s;
    }
  }

  private rescheduleAll(): void {
    const t = this.now();
    for (let i = 0; i < this.size; i++) {
      const u = this.input[i] + this.field[i];
      this.rateFactor[i] = Math.exp(-this.m[i] * this.beta[i] * u);
      this.tNext[i] = t - Math.log(this.rng.uniformPositive()) / (this.nu0 * this.rateFactor[i]);
    }
    this.pending.build(this.tNext); // keys are tNext itself: build just heapifies
    this.kTime = Infinity; // any queued event is superseded by the next version
    this.ensureKernelEvent();
  }
}

/** The `pbit` neuron model for network specs (continuous-time telegraph p-bits). */
export const pbitNeuronModel: NeuronModelDef = {
  name: 'pbit',
  description: 'stochastic-MTJ p-bit: continuous-time telegraph flips as autonomous events; spikes on each flip into +1',
  integrations: ['event'],
  receptors: ['bias'],
  weightUnit: '1 (persistent shift of the dimensionless p-bit input)',
  params: pbitParamSpecs,
  create(size: number, params: ParamValues): PbitTelegraphGroup {
    return new PbitTelegraphGroup(size, pbitFromValues(params));
  },
};

registerNeuronModel(pbitNeuronModel);
