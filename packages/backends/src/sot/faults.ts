import type { Rng } from '@spinsnn/core';

/** Fault codes of a SOT store's `stuck` array. */
export const NONE = 0;
/** Stuck at Gmin. */
export const SA_MIN = 1;
/** Stuck at Gmax. */
export const SA_MAX = 2;

/**
 * The stuck-at faults of n devices, one uniform draw each in device order (stuck at Gmin with
 * probability pMin, at Gmax with pMax); null, drawing nothing, when both are 0.
 */
export function drawStuckAt(n: number, rng: Rng, pMin: number, pMax: number): Uint8Array | null {
  if (!(pMin > 0 || pMax > 0)) return null;
  const stuck = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    const u = rng.uniform();
    stuck[s] = u < pMin ? SA_MIN : u < pMin + pMax ? SA_MAX : NONE;
  }
  return stuck;
}
