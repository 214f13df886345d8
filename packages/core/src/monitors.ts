import type { Population, SpikeListener } from './population.js';
import type { Projection } from './projection.js';
import type { Simulator } from './simulator.js';
import type { NeuronGroup } from './neurons/types.js';
import { SpecError } from './errors.js';
import { isStateArray, stateNumber, type StateRecord, type StateValue } from './state.js';

/** Records every spike of a population in two growing typed arrays (index, time). */
export class SpikeMonitor implements SpikeListener {
  private idx = new Int32Array(1024);
  private ts = new Float64Array(1024);
  count = 0;

  constructor(readonly population: string) {}

  /** It only records (in order): spikes may reach it late. */
  latency(): number {
    return Infinity;
  }

  onSpike(i: number, t: number): void {
    if (this.count === this.idx.length) this.grow(this.count + 1);
    this.idx[this.count] = i;
    this.ts[this.count++] = t;
  }

  onSpikes(items: Int32Array, times: Float64Array, count: number): void {
    if (this.count + count > this.idx.length) this.grow(this.count + count);
    this.idx.set(items.subarray(0, count), this.count);
    this.ts.set(times.subarray(0, count), this.count);
    this.count += count;
  }

  /** Doubles the arrays until they hold `need` spikes. */
  private grow(need: number): void {
    let cap = this.idx.length * 2;
    while (cap < need) cap *= 2;
    const ni = new Int32Array(cap);
    ni.set(this.idx);
    this.idx = ni;
    const nt = new Float64Array(cap);
    nt.set(this.ts);
    this.ts = nt;
  }

  /** Neuron indices, in the order the spikes occurred (a view, valid until the next spike). */
  get indices(): Int32Array {
    return this.idx.subarray(0, this.count);
  }

  /** Spike times in seconds (a view, valid until the next spike). */
  get times(): Float64Array {
    return this.ts.subarray(0, this.count);
  }

  clear(): void {
    this.count = 0;
  }

  snapshot(): StateRecord {
    return { indices: this.indices.slice(), times: this.times.slice() };
  }

  restore(s: StateRecord): void {
    const idx = s.indices,
      ts = s.times;
    if (!(idx instanceof Int32Array) || !(ts instanceof Float64Array) || idx.length !== ts.length)
      throw new SpecError(`snapshot of the spike monitor of ${this.population}`, 'indices (Int32Array) and times (Float64Array) of equal length', idx);
    this.count = 0;
    this.onSpikes(idx, ts, idx.length);
  }
}

/**
 * Samples one state variable of chosen neurons every `interval` seconds, at the start of the
 * instant (before that instant's tick), as Brian2's StateMonitor does.
 */
export class StateMonitor {
  readonly t: number[] = [];
  /** values[k] holds the k-th recorded neuron's samples. */
  readonly values: number[][];
  private handler = -1;
  private sim!: Simulator;
  private k = 0;

  constructor(
    readonly population: string,
    readonly variable: string,
    private readonly group: NeuronGroup,
    readonly indices: readonly number[],
    readonly interval: number,
  ) {
    this.values = indices.map(() => []);
  }

  attach(sim: Simulator): void {
    this.sim = sim;
    this.handler = sim.register(this);
    this.k = Math.ceil(sim.t / this.interval - 1e-9) || 0;
    sim.scheduleSample(this.k * this.interval, this.handler, 0, 0);
  }

  snapshot(): StateRecord {
    return { t: Float64Array.from(this.t), values: this.values.map((v) => Float64Array.from(v)), k: this.k };
  }

  restore(s: StateRecord): void {
    const path = `snapshot of the state monitor of ${this.population}.${this.variable}`;
    const t = s.t,
      values = s.values;
    if (!(t instanceof Float64Array) || !Array.isArray(values) || values.length !== this.values.length)
      throw new SpecError(path, `t and ${this.values.length} value series`, t);
    // check every series before changing anything; copy by loop (push(...a) overflows the stack for long runs)
    values.forEach((v: StateValue, r: number) => {
      if (!(v instanceof Float64Array) || v.length !== t.length) throw new SpecError(`${path}.values[${r}]`, `a Float64Array of ${t.length} samples`, v);
    });
    this.t.length = 0;
    for (let i = 0; i < t.length; i++) this.t.push(t[i]);
    values.forEach((v: StateValue, r: number) => {
      const a = v as Float64Array;
      this.values[r].length = 0;
      for (let i = 0; i < a.length; i++) this.values[r].push(a[i]);
    });
    this.k = stateNumber(s, 'k', path);
  }

  handleEvent(t: number): void {
    this.t.push(t);
    for (let r = 0; r < this.indices.length; r++) this.values[r].push(this.group.readState(this.variable, this.indices[r], t));
    this.k++;
    this.sim.scheduleSample(this.k * this.interval, this.handler, 0, 0);
  }
}

/** Population rate: spike counts in bins of `bin` seconds, divided by size × bin (Hz). */
export class RateMonitor implements SpikeListener {
  private counts = new Float64Array(256);
  private maxBin = -1;

  /**
   * `clock`: the simulated time so far (the network passes its simulator's), so `rates()` covers
   * the whole run, silent bins at the end included.
   */
  constructor(
    readonly population: string,
    private readonly size: number,
    readonly bin: number,
    private readonly clock?: () => number,
  ) {}

  /** It only counts: spikes may reach it late. */
  latency(): number {
    return Infinity;
  }

  onSpike(_i: number, t: number): void {
    const b = Math.floor(t / this.bin + 1e-9);
    if (b >= this.counts.length) {
      const c = new Float64Array(Math.max(this.counts.length * 2, b + 1));
      c.set(this.counts);
      this.counts = c;
    }
    this.counts[b]++;
    if (b > this.maxBin) this.maxBin = b;
  }

  snapshot(): StateRecord {
    return { counts: this.counts.slice(0, this.maxBin + 1) };
  }

  restore(s: StateRecord): void {
    const c = s.counts;
    if (!isStateArray(c) || !(c instanceof Float64Array)) throw new SpecError(`snapshot of the rate monitor of ${this.population}.counts`, 'a Float64Array', c);
    this.counts = new Float64Array(Math.max(256, c.length));
    this.counts.set(c);
    this.maxBin = c.length - 1;
  }

  /**
   * Rates in Hz for the bins up to `until` seconds (default: the simulated time so far, or the
   * last bin with a spike for a monitor without a clock).
   */
  rates(until?: number): Float64Array {
    const end = until ?? this.clock?.();
    const nBins = end === undefined ? this.maxBin + 1 : Math.ceil(end / this.bin - 1e-9);
    const out = new Float64Array(Math.max(0, nBins));
    const scale = 1 / (this.size * this.bin);
    for (let b = 0; b < out.length && b < this.counts.length; b++) out[b] = this.counts[b] * scale;
    return out;
  }
}

/**
 * Samples the weights of chosen synapses of a projection every `interval` seconds, at the start
 * of the instant (before that instant's tick and deliveries), as the state monitor does. The
 * weight is the stored one (`projection.weight(s)`, without read noise): for a device, the level
 * it holds, in the weight unit of the target's receptor.
 */
export class WeightMonitor {
  /** Sample times (s). */
  readonly t: number[] = [];
  private data = new Float64Array(0);
  private handler = -1;
  private sim!: Simulator;
  private k = 0;

  constructor(
    readonly projection: Projection,
    /** Synapse indices in the projection's CSR order (see `projection.pre/post` to map them to neurons). */
    readonly synapses: Int32Array,
    readonly interval: number,
  ) {}

  attach(sim: Simulator): void {
    this.sim = sim;
    this.handler = sim.register(this);
    this.k = Math.ceil(sim.t / this.interval - 1e-9) || 0;
    sim.scheduleSample(this.k * this.interval, this.handler, 0, 0);
  }

  handleEvent(t: number): void {
    const n = this.synapses.length,
      at = this.t.length * n;
    if (at + n > this.data.length) {
      const grown = new Float64Array(Math.max(2 * this.data.length, at + n, 64 * n));
      grown.set(this.data.subarray(0, at));
      this.data = grown;
    }
    for (let r = 0; r < n; r++) this.data[at + r] = this.projection.weight(this.synapses[r]);
    this.t.push(t);
    this.k++;
    this.sim.scheduleSample(this.k * this.interval, this.handler, 0, 0);
  }

  /** Number of samples taken. */
  get samples(): number {
    return this.t.length;
  }

  /** The weights at sample k, one per monitored synapse (a view, valid until the next sample). */
  at(k: number): Float64Array {
    if (!(k >= 0 && k < this.t.length)) throw new SpecError(`weight monitor of ${this.projection.name}: sample`, `an index in [0, ${this.t.length})`, k);
    const n = this.synapses.length;
    return this.data.subarray(k * n, (k + 1) * n);
  }

  /** Every sample of the r-th monitored synapse over time (a copy). */
  series(r: number): Float64Array {
    const n = this.synapses.length;
    if (!(Number.isInteger(r) && r >= 0 && r < n))
      throw new SpecError(`weight monitor of ${this.projection.name}: synapse`, `a position in [0, ${n}) of the monitored list`, r);
    const out = new Float64Array(this.t.length);
    for (let k = 0; k < out.length; k++) out[k] = this.data[k * n + r];
    return out;
  }

  /** All samples as one row-major [samples × synapses] array (a copy), e.g. for a .npy file. */
  matrix(): Float64Array {
    return this.data.slice(0, this.t.length * this.synapses.length);
  }

  snapshot(): StateRecord {
    return { t: Float64Array.from(this.t), data: this.matrix(), k: this.k };
  }

  restore(s: StateRecord): void {
    const path = `snapshot of the weight monitor of ${this.projection.name}`;
    const t = s.t,
      data = s.data;
    if (!(t instanceof Float64Array) || !(data instanceof Float64Array) || data.length !== t.length * this.synapses.length) {
      throw new SpecError(path, `t and ${this.synapses.length} weights per sample (a snapshot of a network built from the same spec)`, t);
    }
    this.t.length = 0;
    for (let i = 0; i < t.length; i++) this.t.push(t[i]);
    this.data = data.slice();
    this.k = stateNumber(s, 'k', path);
  }
}

/** Any of the monitors a spec can ask for. */
export type Monitor = SpikeMonitor | StateMonitor | RateMonitor | WeightMonitor;
export type { Population };
