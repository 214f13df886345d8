import type { Population } from './population.js';
import type { Rng } from './rng.js';
import type { Simulator } from './simulator.js';
import { SimulationError, SpecError } from './errors.js';
import { restoreArray, stateNumber, type StateRecord } from './state.js';

/**
 * Poisson spike sources, event-driven. The group is simulated as the superposition of its
 * neurons' processes: one pending event at a time, the next spike after Exp(Σ rᵢ), the neuron
 * chosen with probability rᵢ/Σ r (binary search over cumulative rates). Exact for piecewise-
 * constant rates; a rate change bumps the version and redraws from now (memorylessness).
 */
export class PoissonInput {
  private rates: Float64Array;
  private cumulative: Float64Array;
  private total = 0;
  private version = 0;
  private handler = -1;
  private sim!: Simulator;
  private readonly scheduleTimes: Float64Array;
  private readonly scheduleRates: Float64Array[];
  private changeHandler = -1;

  constructor(
    readonly pop: Population,
    rates: ArrayLike<number>,
    private readonly rng: Rng,
    schedule?: { times: ArrayLike<number>; rates: ArrayLike<number>[] },
  ) {
    this.rates = new Float64Array(pop.size);
    this.cumulative = new Float64Array(pop.size);
    this.setRatesArray(rates);
    this.scheduleTimes = Float64Array.from(schedule?.times ?? []);
    this.scheduleRates = (schedule?.rates ?? []).map((r) => Float64Array.from(r));
  }

  attach(sim: Simulator): void {
    this.sim = sim;
    this.handler = sim.register({ handleEvent: (t, _a, v) => this.onSpikeEvent(t, v) });
    this.changeHandler = sim.register({ handleEvent: (t, idx) => this.onScheduleChange(t, idx) });
    for (let k = 0; k < this.scheduleTimes.length; k++) {
      if (this.scheduleTimes[k] >= sim.t) sim.scheduleControl(this.scheduleTimes[k], this.changeHandler, k, 0);
    }
    this.redraw(sim.t);
  }

  /** Current rates (Hz), one per neuron. */
  getRates(): Float64Array {
    return this.rates;
  }

  /**
   * Sets new rates from the current simulated time on (e.g. the next sample of a dataset).
   * A single number sets every neuron's rate.
   */
  setRates(rates: ArrayLike<number> | number): void {
    this.setRatesArray(typeof rates === 'number' ? new Float64Array(this.pop.size).fill(rates) : rates);
    if (this.sim) this.redraw(this.sim.t);
  }

  private setRatesArray(rates: ArrayLike<number>): void {
    const n = this.pop.size;
    if (rates.length === 1 && n !== 1) {
      this.rates.fill(rates[0]);
    } else if (rates.length === n) {
      this.rates.set(rates);
    } else {
      throw new SimulationError(`${this.pop.name}: expected ${n} rates (or one for all), got ${rates.length}`);
    }
    let c = 0;
    for (let i = 0; i < n; i++) {
      const r = this.rates[i];
      if (!(r >= 0) || !Number.isFinite(r)) throw new SimulationError(`${this.pop.name}: rate[${i}] must be a finite number of Hz ≥ 0, got ${r}`);
      c += r;
      this.cumulative[i] = c;
    }
    this.total = c;
  }

  private redraw(t: number): void {
    this.version = (this.version + 1) | 0;
    if (this.total > 0) this.scheduleNext(t);
  }

  /** A denormal total rate draws an infinite interval: that spike never comes. */
  private scheduleNext(t: number): void {
    const next = t + this.rng.exponential(this.total);
    if (next < Infinity) this.sim.schedule(next, this.handler, 0, this.version);
  }

  private onSpikeEvent(t: number, version: number): void {
    if (version !== this.version) return;
    const x = this.rng.uniform() * this.total;
    const cum = this.cumulative;
    let lo = 0,
      hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    this.pop.fire(lo, t);
    this.scheduleNext(t);
  }

  private onScheduleChange(t: number, k: number): void {
    this.setRatesArray(this.scheduleRates[k]);
    this.redraw(t);
  }

  /** Rates and the version of the pending spike event (the event itself is in the queue's snapshot). */
  snapshot(): StateRecord {
    return { rates: this.rates.slice(), version: this.version };
  }

  restore(s: StateRecord): void {
    const r = new Float64Array(this.rates.length);
    const path = `snapshot of input ${this.pop.name}.rates`;
    restoreArray(r, s.rates, path);
    // a corrupted file is bad input (SpecError), not a misuse of the running input
    for (let i = 0; i < r.length; i++) if (!(r[i] >= 0 && r[i] <= Number.MAX_VALUE)) throw new SpecError(`${path}[${i}]`, 'a finite rate in Hz ≥ 0', r[i]);
    this.setRatesArray(r);
    this.version = stateNumber(s, 'version', `snapshot of input ${this.pop.name}`);
  }
}

/** Spikes at given times: a generator that replays a list, one event per distinct time. */
export class SpikeTimesInput {
  private readonly times: Float64Array;
  private readonly indices: Int32Array;
  private next = 0;
  private handler = -1;
  private sim!: Simulator;

  constructor(
    readonly pop: Population,
    indices: ArrayLike<number>,
    times: ArrayLike<number>,
  ) {
    const order = Array.from({ length: times.length }, (_, k) => k).sort((a, b) => times[a] - times[b] || a - b);
    this.times = Float64Array.from(order, (k) => times[k]);
    this.indices = Int32Array.from(order, (k) => indices[k]);
  }

  attach(sim: Simulator): void {
    this.sim = sim;
    this.handler = sim.register({ handleEvent: (t) => this.onEvent(t) });
    while (this.next < this.times.length && this.times[this.next] < sim.t) this.next++;
    if (this.next < this.times.length) sim.schedule(this.times[this.next], this.handler, 0, 0);
  }

  private onEvent(t: number): void {
    while (this.next < this.times.length && this.times[this.next] === t) this.pop.fire(this.indices[this.next++], t);
    if (this.next < this.times.length) this.sim.schedule(this.times[this.next], this.handler, 0, 0);
  }

  snapshot(): StateRecord {
    return { next: this.next };
  }

  restore(s: StateRecord): void {
    this.next = stateNumber(s, 'next', `snapshot of input ${this.pop.name}`);
  }
}
