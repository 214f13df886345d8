/**
 * Continuous-time asynchronous p-bits on the event kernel (docs/physics.md §3.3–3.4): each p-bit is
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
 * - the group keeps its pending flips in a queue re-keyed in place (block-queue.ts), and has exactly
 *   one autonomous event on the kernel queue: its earliest flip, carrying the group's version.
 *   When an input makes some flip earlier than that event, the version is bumped and a new event
 *   is queued (the old one is skipped when popped). (Keeping one kernel event per p-bit with
 *   lazy re-keying was measured too: 3 kernel events per flip and slower.)
 * - that event runs a batch of flips: every flip before the simulator's horizon (the next other
 *   event, or the run's end) and before t + latency after an up-flip at t, where the latency is
 *   the spike sink's (a projection's delay; Infinity when only monitors listen; 0 for an unknown
 *   sink, which ends the batch at each up-flip). The batch's spikes are then fired in order. No
 *   other event can come between the flips of a batch, and no spike of it can act before it ends,
 *   so flips interleave exactly with the rest of the simulation, as if each were its own event.
 *   The batch runs in a WebAssembly kernel or its TypeScript twin (flip-kernel.ts), bit-identical.
 * Couplings between p-bits of one population live in the group (`setCoupling`, an IsingModel):
 * with delay 0 a flip updates its neighbours' fields at once inside the flip kernel, as when the
 * synapse is much faster than the p-bit (§3.3). With a synapse delay d > 0 the kernel holds no
 * couplings: each flip of i at t is run on its own (budget 1) and schedules a delivery event at
 * t + d on the simulator, which shifts every neighbour's field by 2 J_ij m_i and rescales its
 * pending flip like any input change; until then the neighbours act on the stale state (the
 * regime where the sampled distribution departs from Boltzmann).
 * `trackStates()` (≤ 20 p-bits) also runs flips one by one and accumulates the time spent in
 * each of the 2^n states, for distribution tests.
 * Network projections into a p-bit population drive receptor `bias`: each spike shifts that
 * p-bit's input by w (a persistent step). The group emits a spike on every flip into +1.
 */
import {
  SimulationError,
  SpecError,
  restoreArray,
  stateNumber,
  stateRecord,
  type EventDrivenNeuronGroup,
  type GroupContext,
  type KernelChoice,
  type LedgerCounter,
  type Rng,
  type Simulator,
  type SpikeSink,
  type StateRecord,
} from '@spinsnn/core';
import { energyPerFlip, sampleSpread, type PbitParams } from './device.js';
import type { IsingModel } from './ising-model.js';
import { FLIP_BATCH, REC_FIELD, REC_M, REC_RATE, STATE_STRIDE, createFlipKernel, type FlipKernel } from './flip-kernel.js';

/** Event-driven group of asynchronous p-bits (`pbit/telegraph`): telegraph-noise MTJs whose flips are scheduled events. */
export class PbitTelegraphGroup implements EventDrivenNeuronGroup {
  readonly integration = 'event' as const;
  readonly stateNames = ['m', 'u'] as const;
  /** External input (sum of `bias` spikes and `setInput`), input units. */
  readonly input: Float64Array;
  /** Per-device gain β_i. */
  readonly beta: Float64Array;
  /** Per-device gain relative to the nominal β (1 without spread). */
  readonly betaScale: Float64Array;
  /** Per-device offset. */
  readonly offset: Float64Array;
  /** Version of the group's one live kernel event, and its time (Infinity: none). */
  private kVersion = 0;
  private kTime = Infinity;
  /** Flips since attach. */
  flips = 0;
  /** Neighbour updates since attach (each flip updates every p-bit coupled to it). */
  couplingUpdates = 0;
  readonly params: PbitParams;
  private readonly nu0: number;
  private readonly eFlip: number;
  private kernel: FlipKernel;
  private graph: IsingModel | null = null;
  /** Synapse delay of the couplings (s); 0: applied by the flip kernel at the flip. */
  private delay = 0;
  /** Time in each state code (s) since `trackStates`; empty when not tracking. */
  private occupancy = new Float64Array(0);
  private code = 0;
  private tLast = 0;
  private sim: Simulator | null = null;
  private out!: SpikeSink;
  private rng!: Rng;
  private handler = -1;
  private flipCounter: LedgerCounter | null = null;

  constructor(
    readonly size: number,
    params: PbitParams,
    readonly kernelChoice: KernelChoice = 'auto',
  ) {
    this.params = params;
    this.input = new Float64Array(size);
    this.beta = new Float64Array(size).fill(params.beta);
    this.betaScale = new Float64Array(size).fill(1);
    this.offset = new Float64Array(size).fill(params.offset);
    this.nu0 = 1 / (params.tau0 * Math.exp(params.delta));
    this.eFlip = energyPerFlip(params);
    this.kernel = createFlipKernel(kernelChoice, size, null, this.nu0);
  }

  /** Which flip kernel runs: 'wasm' or the TypeScript reference 'js'. */
  get kernelKind(): 'js' | 'wasm' {
    return this.kernel.kind;
  }

  /** States ±1 (as float64 for monitors): a copy (the kernel interleaves them with the other per-p-bit state). */
  get m(): Float64Array {
    return this.column(REC_M);
  }

  /** Σ_j J_ij m_j + h_i + offset_i: the part of u set by the coupling graph (a copy). */
  get field(): Float64Array {
    return this.column(REC_FIELD);
  }

  /** Pending flip time of each p-bit (s), read-only. */
  get tNext(): Float64Array {
    return this.kernel.tNext;
  }

  /** e^(−m_i β_i u_i), kept up to date incrementally (a flip inverts it, a neighbour's flip
   * multiplies it by a cached edge factor), so a flip needs no exp. Rate = ν0 × this. A copy. */
  get rateFactor(): Float64Array {
    return this.column(REC_RATE);
  }

  /** One field of every p-bit's kernel record, as a new array. */
  private column(at: number, out: Float64Array = new Float64Array(this.size)): Float64Array {
    const st = this.kernel.state;
    for (let i = 0; i < this.size; i++) out[i] = st[STATE_STRIDE * i + at];
    return out;
  }

  /** Writes `values` into one field of every p-bit's kernel record. */
  private setColumn(at: number, values: ArrayLike<number>): void {
    const st = this.kernel.state;
    for (let i = 0; i < this.size; i++) st[STATE_STRIDE * i + at] = values[i];
  }

  state(name: string): Float64Array {
    if (name === 'm') return this.m;
    if (name === 'u') {
      const u = this.column(REC_FIELD);
      for (let i = 0; i < this.size; i++) u[i] += this.input[i];
      return u;
    }
    throw new SpecError('pbit state', 'a state variable of pbit (m, u)', name);
  }

  readState(name: string, i: number): number {
    if (name === 'm') return this.kernel.state[STATE_STRIDE * i + REC_M];
    if (name === 'u') return this.input[i] + this.kernel.state[STATE_STRIDE * i + REC_FIELD];
    throw new SpecError('pbit state', 'a state variable of pbit (m, u)', name);
  }

  /** Everything a flip, an input or β changes (the kernel's queue is rebuilt from tNext on restore). */
  snapshot(): StateRecord {
    const k = this.kernel;
    return {
      arrays: {
        input: this.input.slice(),
        beta: this.beta.slice(),
        betaScale: this.betaScale.slice(),
        offset: this.offset.slice(),
        m: this.m,
        field: this.field,
        tNext: k.tNext.slice(),
        rateFactor: this.rateFactor,
      },
      kVersion: this.kVersion,
      kTime: this.kTime,
      flips: this.flips,
      couplingUpdates: this.couplingUpdates,
      occupancy: this.occupancy.slice(),
      code: this.code,
      tLast: this.tLast,
    };
  }

  restore(s: StateRecord): void {
    const path = 'snapshot of pbit/telegraph';
    const a = stateRecord(s, 'arrays', path);
    const k = this.kernel;
    const m = new Float64Array(this.size),
      field = new Float64Array(this.size),
      rate = new Float64Array(this.size);
    for (const [name, dst] of [
      ['input', this.input],
      ['beta', this.beta],
      ['betaScale', this.betaScale],
      ['offset', this.offset],
      ['m', m],
      ['field', field],
      ['tNext', k.tNext],
      ['rateFactor', rate],
    ] as const) {
      restoreArray(dst, a[name], `${path}.${name}`);
    }
    this.setColumn(REC_M, m);
    this.setColumn(REC_FIELD, field);
    this.setColumn(REC_RATE, rate);
    this.kVersion = stateNumber(s, 'kVersion', path);
    this.kTime = stateNumber(s, 'kTime', path);
    this.flips = stateNumber(s, 'flips', path);
    this.couplingUpdates = stateNumber(s, 'couplingUpdates', path);
    restoreArray(this.occupancy, s.occupancy, `${path}.occupancy (call trackStates() on the new group first if the old one tracked states)`);
    this.code = stateNumber(s, 'code', path);
    this.tLast = stateNumber(s, 'tLast', path);
    this.refreshEdgeGains();
    k.rebuild();
  }

  /**
   * Couplings within the population (symmetric, zero diagonal) and fields h, as an IsingModel,
   * delivered `delay` seconds after each flip (default 0: at once). Call before attach, or while
   * attached between runs with no delivery pending (fields are recomputed and flips rescheduled).
   */
  setCoupling(model: IsingModel | null, o: { readonly delay?: number } = {}): void {
    if (model && model.n !== this.size) throw new SpecError('pbit setCoupling', `a model of ${this.size} p-bits`, model.n);
    const delay = o.delay ?? 0;
    if (!(delay >= 0) || !Number.isFinite(delay)) throw new SpecError('pbit setCoupling delay', 'a finite synapse delay ≥ 0 s', delay);
    this.graph = model;
    this.delay = delay;
    const m = this.m;
    this.kernel = createFlipKernel(this.kernelChoice, this.size, delay > 0 ? null : model, this.nu0);
    this.setColumn(REC_M, m);
    this.refreshEdgeGains();
    if (this.sim) {
      this.recomputeFields();
      this.rescheduleAll();
    }
  }

  /** Starts accumulating the time spent in each of the 2^size states (size ≤ 20; flips then run one at a time). */
  trackStates(): void {
    if (this.size > 20) throw new SpecError('pbit trackStates', 'at most 20 p-bits (2^n states are tallied)', this.size);
    this.occupancy = new Float64Array(1 << this.size);
    this.code = 0;
    const st = this.kernel.state;
    for (let i = 0; i < this.size; i++) if (st[STATE_STRIDE * i + REC_M] > 0) this.code |= 1 << i;
    this.tLast = this.now();
  }

  /** Time-weighted state distribution since `trackStates` (up to the current time; state code: bit i set when m_i = +1). */
  stateDistribution(): Float64Array {
    if (this.occupancy.length === 0) throw new SimulationError('pbit stateDistribution: call trackStates() first');
    this.tally(this.now());
    let total = 0;
    for (let c = 0; c < this.occupancy.length; c++) total += this.occupancy[c];
    return this.occupancy.map((x) => x / total);
  }

  attach(ctx: GroupContext): void {
    this.sim = ctx.sim;
    this.out = ctx.out;
    this.rng = ctx.rng;
    this.handler = ctx.sim.register(this);
    this.flipCounter = ctx.ledger.counter(ctx.component, 'flip');
    const dev = sampleSpread(this.params, this.size, ctx.rng);
    this.betaScale.set(dev.betaScale);
    for (let i = 0; i < this.size; i++) this.beta[i] = this.params.beta * dev.betaScale[i];
    this.refreshEdgeGains();
    this.offset.set(dev.offset);
    const st = this.kernel.state;
    for (let i = 0; i < this.size; i++) st[STATE_STRIDE * i + REC_M] = ctx.rng.uniform32() < 0.5 ? -1 : 1;
    if (this.occupancy.length > 0) this.trackStates();
    this.recomputeFields();
    this.rescheduleAll();
  }

  /** Sets the nominal gain to β (annealing): each device keeps its relative spread; pending flips are rescaled exactly. */
  setBeta(beta: number): void {
    if (!(beta >= 0) || !Number.isFinite(beta)) throw new SpecError('pbit setBeta β', 'a finite number ≥ 0', beta);
    const t = this.now();
    const st = this.kernel.state;
    for (let i = 0; i < this.size; i++) {
      const b0 = this.beta[i];
      const b1 = beta * this.betaScale[i];
      this.beta[i] = b1;
      const r = STATE_STRIDE * i;
      if (this.sim) this.rescale(i, t, Math.exp(st[r + REC_M] * (this.input[i] + st[r + REC_FIELD]) * (b1 - b0)));
    }
    this.refreshEdgeGains();
  }

  /** Sets p-bit i's external input to `value` at the current simulated time. */
  setInput(i: number, value: number): void {
    if (!Number.isFinite(value)) throw new SpecError(`pbit setInput input of p-bit ${i}`, 'a finite number', value);
    if (!(i >= 0 && i < this.size && Number.isInteger(i)))
      throw new SpecError('pbit setInput index', `a p-bit index in 0…${this.size - 1} (this one is outside)`, i);
    const du = value - this.input[i];
    this.input[i] = value;
    if (this.sim && du !== 0) this.rescale(i, this.now(), Math.exp(this.kernel.state[STATE_STRIDE * i + REC_M] * this.beta[i] * du));
  }

  /** Receptor 0 (`bias`): a spike of weight w shifts the input of p-bit i by w. */
  receive(i: number, _receptor: number, w: number, t: number): void {
    this.input[i] += w;
    this.rescale(i, t, Math.exp(this.kernel.state[STATE_STRIDE * i + REC_M] * this.beta[i] * w));
  }

  /**
   * The group's autonomous event (a = 0, b = group version): a batch of flips up to the
   * simulator's horizon; or (a = i + 1, b = m) the delayed delivery of p-bit i's flip to m.
   */
  handleEvent(t: number, a: number, b: number): void {
    if (a > 0) return this.deliver(t, a - 1, b);
    if (b !== this.kVersion) return; // superseded by an earlier flip time
    this.kTime = Infinity;
    const sim = this.sim!,
      kernel = this.kernel,
      fc = this.flipCounter!,
      out = this.out;
    const latency = out.latency ? out.latency() : 0;
    // one flip per run when each flip must be seen (delayed couplings, state tracking)
    const single = this.delay > 0 || this.occupancy.length > 0;
    // at most one batch per event, so progress events and run-time limits still come round
    let budget = FLIP_BATCH;
    while (budget > 0) {
      const i = single ? kernel.topItem() : -1;
      const done = kernel.run(sim.horizon(), single ? 1 : budget, latency, this.rng);
      if (done === 0) break;
      budget -= done;
      this.flips += done;
      this.couplingUpdates += kernel.visits;
      fc.count += done;
      fc.energyJ += done * this.eFlip;
      if (single) this.flipped(i, kernel.lastTime);
      // fire the up-flips in order, each at its time: nothing they cause comes before the run's end
      const ups = kernel.upCount;
      if (ups > 0) {
        const { upItems, upTimes } = kernel;
        if (out.fireMany && latency > 0) {
          sim.advance(kernel.lastTime); // a sink with latency > 0 takes each spike's time from its argument
          out.fireMany(upItems, upTimes, ups);
        } else {
          for (let u = 0; u < ups; u++) {
            sim.advance(upTimes[u]);
            out.fire(upItems[u], upTimes[u]);
          }
        }
      }
      sim.advance(kernel.lastTime); // the next run re-reads the horizon: a spike may have scheduled something
    }
    this.ensureKernelEvent();
  }

  /** p-bit i flipped at t (single-flip runs): tally the state it left, send the flip down delayed synapses. */
  private flipped(i: number, t: number): void {
    if (this.occupancy.length > 0) {
      this.tally(t);
      this.code ^= 1 << i;
    }
    if (this.delay > 0) this.sim!.schedule(t + this.delay, this.handler, i + 1, this.kernel.state[STATE_STRIDE * i + REC_M]);
  }

  /** p-bit i's flip to m reaches its neighbours: each input shifts by 2 J_ij m, its pending flip rescales. */
  private deliver(t: number, i: number, m: number): void {
    const g = this.graph;
    if (!g) return;
    const st = this.kernel.state;
    for (let k = g.rowPtr[i], e = g.rowPtr[i + 1]; k < e; k++) {
      const j = g.col[k];
      const du = 2 * g.val[k] * m;
      const r = STATE_STRIDE * j;
      st[r + REC_FIELD] += du;
      this.rescale(j, t, Math.exp(st[r + REC_M] * this.beta[j] * du));
    }
    this.couplingUpdates += g.rowPtr[i + 1] - g.rowPtr[i];
  }

  private tally(t: number): void {
    this.occupancy[this.code] += t - this.tLast;
    this.tLast = t;
  }

  /** Queues the group's earliest flip on the kernel if it is earlier than the live event. */
  private ensureKernelEvent(): void {
    const k = this.kernel.topKey();
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
    const kernel = this.kernel;
    kernel.state[STATE_STRIDE * i + REC_RATE] /= factor;
    kernel.update(i, t + (kernel.tNext[i] - t) * factor);
    this.ensureKernelEvent();
  }

  private refreshEdgeGains(): void {
    if (!this.graph || this.delay > 0) return; // delayed couplings are applied by `deliver`, not the kernel
    this.kernel.setEdgeGains(this.beta);
  }

  private recomputeFields(): void {
    const n = this.size,
      st = this.kernel.state;
    const g = this.graph;
    for (let i = 0; i < n; i++) {
      let f = this.offset[i] + (g ? g.h[i] : 0);
      if (g) {
        let s = 0;
        for (let k = g.rowPtr[i]; k < g.rowPtr[i + 1]; k++) s += g.val[k] * st[STATE_STRIDE * g.col[k] + REC_M];
        f += s;
      }
      st[STATE_STRIDE * i + REC_FIELD] = f;
    }
  }

  private rescheduleAll(): void {
    const t = this.now();
    const { state: st, tNext } = this.kernel;
    for (let i = 0; i < this.size; i++) {
      const r = STATE_STRIDE * i;
      const u = this.input[i] + st[r + REC_FIELD];
      st[r + REC_RATE] = Math.exp(-st[r + REC_M] * this.beta[i] * u);
      tNext[i] = t - Math.log(this.rng.uniformPositive()) / (this.nu0 * st[r + REC_RATE]);
    }
    this.kernel.rebuild();
    this.kTime = Infinity; // any queued event is superseded by the next version
    this.ensureKernelEvent();
  }
}
