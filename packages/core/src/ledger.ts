import { SpecError } from './errors.js';
import type { StateRecord } from './state.js';

/**
 * The energy ledger counts operations per component (a population, a projection, a device
 * array) and, where a device model knows it, the energy each cost. Core only counts; backends
 * price. Hot paths hold a `LedgerCounter` and bump its fields directly — no lookup per event.
 */
export interface LedgerCounter {
  readonly component: string;
  readonly op: string;
  /** Number of operations. */
  count: number;
  /** Energy already attributed by a device model, in joules (0 when only counted). */
  energyJ: number;
  /**
   * Energy of one operation when a device model knows it (0 = not priced here). Lets a device
   * price ops that the kernel counts on its hot path (e.g. a synaptic event = one device read)
   * without a hook per event: `priced()` reports count × unitEnergyJ for such rows.
   */
  unitEnergyJ: number;
}

/** One row of a priced ledger: component, operation, count and energy. */
export interface LedgerRow {
  component: string;
  op: string;
  count: number;
  energyJ: number;
}

/** Energy per operation, in joules, keyed by operation name (e.g. `synapticEvent`). */
export type PriceTable = Readonly<Record<string, number>>;

/** Counts operations per (component, op) during a run and prices them with a price table (J per op). */
export class EnergyLedger {
  private readonly counters = new Map<string, LedgerCounter>();

  /** The counter for (component, op), created on first use. */
  counter(component: string, op: string): LedgerCounter {
    const key = `${component}\u0000${op}`;
    let c = this.counters.get(key);
    if (!c) {
      c = { component, op, count: 0, energyJ: 0, unitEnergyJ: 0 };
      this.counters.set(key, c);
    }
    return c;
  }

  /** Adds `count` operations costing `energyJ` in total. */
  add(component: string, op: string, count: number, energyJ = 0): void {
    if (!(count >= 0) || !(energyJ >= 0) || !Number.isFinite(count) || !Number.isFinite(energyJ)) {
      throw new SpecError(`ledger.add(${component}, ${op})`, 'a finite count ≥ 0 and a finite energy ≥ 0 J', `${count} ops, ${energyJ} J`);
    }
    const c = this.counter(component, op);
    c.count += count;
    c.energyJ += energyJ;
  }

  rows(): LedgerRow[] {
    return [...this.counters.values()].map(({ component, op, count, energyJ }) => ({ component, op, count, energyJ }));
  }

  /**
   * Rows with energy: a row's own energy when a device attributed one, otherwise count × the
   * device's unit energy, otherwise count × price of its op (0 when the table does not price it).
   */
  priced(prices: PriceTable = {}): LedgerRow[] {
    return [...this.counters.values()].map(({ component, op, count, energyJ, unitEnergyJ }) => ({
      component,
      op,
      count,
      energyJ: energyJ > 0 ? energyJ : count * (unitEnergyJ > 0 ? unitEnergyJ : (prices[op] ?? 0)),
    }));
  }

  totalJ(prices: PriceTable = {}): number {
    return this.priced(prices).reduce((s, r) => s + r.energyJ, 0);
  }

  /** Every counter's count and attributed energy (unit energies are set at build and not saved). */
  snapshot(): StateRecord {
    const rows = this.rows();
    return {
      component: rows.map((r) => r.component),
      op: rows.map((r) => r.op),
      count: Float64Array.from(rows, (r) => r.count),
      energyJ: Float64Array.from(rows, (r) => r.energyJ),
    };
  }

  restore(s: StateRecord): void {
    const { component, op, count, energyJ } = s;
    if (
      !Array.isArray(component) ||
      !Array.isArray(op) ||
      !(count instanceof Float64Array) ||
      !(energyJ instanceof Float64Array) ||
      op.length !== component.length ||
      count.length !== component.length ||
      energyJ.length !== component.length
    ) {
      throw new SpecError('snapshot of the ledger', 'component, op, count, energyJ columns of equal length', s);
    }
    this.reset();
    component.forEach((c, k) => {
      const row = this.counter(String(c), String(op[k]));
      row.count = count[k];
      row.energyJ = energyJ[k];
    });
  }

  reset(): void {
    for (const c of this.counters.values()) {
      c.count = 0;
      c.energyJ = 0;
    }
  }
}
