/**
 * The NARMA10 benchmark (Atiya & Parlos 2000; docs/oscillators.md §3):
 *   y(t+1) = 0.3 y(t) + 0.05 y(t) Σ_{i=0..9} y(t−i) + 1.5 u(t−9) u(t) + 0.1,  u(t) ~ U[0, 0.5]
 * and the normalised mean squared error NMSE = ⟨(ŷ − y)²⟩ / var(y).
 */
import type { Rng } from '@spinsnn/core';

/** A NARMA10 input/target pair of length `length` (y[t] is the target after seeing u[0..t]). */
export function narma10(length: number, rng: Rng): { u: Float64Array; y: Float64Array } {
  const u = new Float64Array(length),
    y = new Float64Array(length);
  for (let t = 0; t < length; t++) u[t] = 0.5 * rng.uniform();
  // y[t] here is y(t+1) of the formula: the target available once u(t) has been seen
  for (let t = 0; t < length; t++) {
    const prev = t > 0 ? y[t - 1] : 0;
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += t - 1 - i >= 0 ? y[t - 1 - i] : 0;
    y[t] = 0.3 * prev + 0.05 * prev * sum + 1.5 * (t >= 9 ? u[t - 9] : 0) * u[t] + 0.1;
  }
  return { u, y };
}

/** NMSE = mean((p − y)²) / var(y). */
export function nmse(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  m /= y.length;
  let e = 0,
    v = 0;
  for (let i = 0; i < y.length; i++) {
    e += (p[i] - y[i]) ** 2;
    v += (y[i] - m) ** 2;
  }
  return e / v;
}
