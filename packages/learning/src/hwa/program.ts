import type { SynapseStore } from '@spinsnn/core';

/**
 * Program-and-verify (docs/supervised-snn.md §5): write, read back, correct, until the read is
 * within `tolerance`·(wMax − wMin) of the target or `maxWrites` writes were spent. Writes go
 * through the store's own update path (`requestChange`: pulses, nonlinearity, cycle-to-cycle
 * noise, faults and energy as the device defines them) and reads through `read` (read noise), so
 * variation and faults act as they would on a chip.
 */
export interface ProgramOptions {
  /** Accept when |read − target| ≤ tolerance × range. */
  tolerance: number;
  /** Write attempts per device before giving up. */
  maxWrites: number;
  /** Simulated time of the writes (s). */
  t?: number;
}

/** Outcome over one store. */
export interface ProgramResult {
  devices: number;
  /** Devices whose last verify read was within tolerance. */
  withinTolerance: number;
  /** Writes issued in total. */
  writes: number;
  /** Root-mean-square of (final weight − target), in units of the range (noise-free weights). */
  rmsError: number;
}

/** Programs every device s of `store` towards targets[s]. */
export function programAndVerify(store: SynapseStore, targets: ArrayLike<number>, o: ProgramOptions): ProgramResult {
  const range = store.wMax - store.wMin;
  const tol = o.tolerance * range;
  const t = o.t ?? 0;
  let within = 0,
    writes = 0,
    se = 0;
  for (let s = 0; s < store.size; s++) {
    const target = Math.min(store.wMax, Math.max(store.wMin, targets[s]));
    let ok = false;
    for (let k = 0; k <= o.maxWrites; k++) {
      const e = target - store.read(s);
      if (Math.abs(e) <= tol) {
        ok = true;
        break;
      }
      if (k === o.maxWrites) break;
      store.requestChange(s, e, t);
      writes++;
    }
    if (ok) within++;
    const d = (store.weights[s] - target) / range;
    se += d * d;
  }
  return { devices: store.size, withinTolerance: within, writes, rmsError: Math.sqrt(se / Math.max(1, store.size)) };
}
