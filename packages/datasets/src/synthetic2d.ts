/**
 * Small nonlinearly separable 2-D tasks (two moons, XOR, concentric rings) for the RF spin-diode
 * network (docs/oscillators.md §4), generated from a seeded generator: points (n × 2, row-major)
 * and binary labels.
 */
import { SpecError, type Rng } from '@spinsnn/core';

/** The three generated tasks. */
export type Task2d = 'moons' | 'xor' | 'rings';

/** The task names. */
export const TASKS_2D: readonly Task2d[] = ['moons', 'xor', 'rings'];

/** A generated 2-D binary classification set. */
export interface Points2d {
  readonly x: Float64Array;
  readonly labels: Int32Array;
  readonly n: number;
}

/**
 * n points of `task` with Gaussian jitter `noise`:
 * moons: the two interleaved half circles of scikit-learn's make_moons (radius 1, offset (1, −0.5));
 * xor: uniform in [−1, 1]², label = (x·y < 0), points within `margin` of an axis dropped and redrawn;
 * rings: radius 0.5 (label 0) and 1 (label 1).
 */
export function generate2d(task: Task2d, n: number, rng: Rng, noise = 0.1, margin = 0.1): Points2d {
  if (!(Number.isInteger(n) && n >= 2)) throw new SpecError('points', 'a whole number ≥ 2', n);
  if (!(noise >= 0)) throw new SpecError('noise', 'a jitter ≥ 0', noise);
  const x = new Float64Array(2 * n),
    labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    labels[i] = c;
    let a: number, b: number;
    if (task === 'moons') {
      const t = Math.PI * rng.uniform();
      a = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
      b = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    } else if (task === 'rings') {
      const t = 2 * Math.PI * rng.uniform(),
        r = c === 0 ? 0.5 : 1;
      a = r * Math.cos(t);
      b = r * Math.sin(t);
    } else if (task === 'xor') {
      do {
        a = 2 * rng.uniform() - 1;
        b = 2 * rng.uniform() - 1;
      } while (Math.abs(a) < margin || Math.abs(b) < margin || (a * b < 0 ? 1 : 0) !== c);
    } else throw new SpecError('task', `one of ${TASKS_2D.join(', ')}`, task);
    x[2 * i] = a + noise * rng.normal();
    x[2 * i + 1] = b + noise * rng.normal();
  }
  return { x, labels, n };
}
