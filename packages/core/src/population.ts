import type { LedgerCounter } from './ledger.js';
import type { NeuronGroup, SpikeSink } from './neurons/types.js';

/** Something that receives every spike of a source: a projection or a spike monitor. */
export interface SpikeListener {
  onSpike(i: number, t: number): void;
  /** Earliest time after a spike at t at which this listener's reaction can matter to anything else (s):
   * Infinity for one that only records, a projection's smallest delay. Omitted: 0. A listener that
   * declares a latency > 0 takes the spike's time from its argument: it may hear the spike late. */
  latency?(): number;
  /** Optional bulk form of `onSpike` for spikes (items[k], times[k]), k < count, in time order. */
  onSpikes?(items: Int32Array, times: Float64Array, count: number): void;
}

/**
 * A named source of spikes — a neuron population or an input group — and its fan-out.
 * `fire` is called once per spike; it notifies the listeners (monitors first, then
 * projections, in the order they were attached).
 */
export class Population implements SpikeSink {
  readonly listeners: SpikeListener[] = [];
  spikeCounter: LedgerCounter | null = null;
  /** Total spikes fired since build. */
  spikes = 0;

  constructor(
    readonly name: string,
    readonly size: number,
    readonly kind: 'neurons' | 'input',
    readonly model: string,
    /** The neuron group for `neurons`; null for inputs, which only emit. */
    readonly group: NeuronGroup | null,
  ) {}

  addListener(l: SpikeListener): void {
    this.listeners.push(l);
  }

  /** The smallest latency of the listeners (Infinity with none): see SpikeSink.latency. */
  latency(): number {
    let l = Infinity;
    for (const x of this.listeners) l = Math.min(l, x.latency ? x.latency() : 0);
    return l;
  }

  fire(i: number, t: number): void {
    this.spikes++;
    const ls = this.listeners;
    for (let k = 0; k < ls.length; k++) ls[k].onSpike(i, t);
  }

  /** Many spikes in time order. A lone listener with `onSpikes` takes them in one call; otherwise spike by spike, each to every listener in turn, exactly as `fire`. */
  fireMany(items: Int32Array, times: Float64Array, count: number): void {
    const ls = this.listeners;
    if (ls.length === 1 && ls[0].onSpikes) {
      this.spikes += count;
      ls[0].onSpikes(items, times, count);
      return;
    }
    for (let k = 0; k < count; k++) this.fire(items[k], times[k]);
  }
}
