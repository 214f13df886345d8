/**
 * The NeuroSim nonlinear weight-update curve (docs/physics.md §5.1), in normalised units: pulse
 * position x ∈ [0, 1] (pulse number / P_max) and conductance g ∈ [0, 1] ((G − Gmin)/(Gmax − Gmin)).
 *
 *   g(x) = (1 − e^(−x/a)) / (1 − e^(−1/a)),   x(g) = −a · ln(1 − g (1 − e^(−1/a))),   a = A / P_max
 *
 * NeuroSim indexes a = A_norm by a nonlinearity label NL (0.01 … 9, step 0.01). Re-derived here
 * (and checked against the seven table samples in docs/physics.md §5.1 by a unit test): the label is
 * the curve's largest deviation from the linear ramp, max|g(x) − x| = 0.099 · NL. That maximum
 * sits where g'(x) = 1, i.e. x* = −a ln(a (1 − e^(−1/a))), so A_norm(NL) is found by bisection
 * on a closed form instead of shipping NeuroSim's table (CC BY-NC).
 */
import { SpecError } from '@spinsnn/core';
export const NL_DEVIATION_PER_LABEL = 0.099;

/** max_x |g(x) − x| of the curve with normalised constant a (a > 0). */
export function maxDeviation(a: number): number {
  const c = -Math.expm1(-1 / a); // 1 − e^(−1/a)
  const xs = -a * Math.log(a * c);
  const x = Math.min(1, Math.max(0, xs));
  return -Math.expm1(-x / a) / c - x;
}

/** A_norm for a nonlinearity label NL > 0 (Infinity for NL = 0: the linear device). */
export function aNormFromNl(nl: number): number {
  if (!(nl > 0)) return Infinity;
  const target = NL_DEVIATION_PER_LABEL * nl;
  if (target >= 1) throw new SpecError('nonlinearity label', `a label within the curve family (|NL| < ${(1 / NL_DEVIATION_PER_LABEL).toFixed(2)})`, nl);
  // maxDeviation falls monotonically with a: bisect in log a
  let lo = Math.log(1e-6);
  let hi = Math.log(1e6);
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (maxDeviation(Math.exp(mid)) > target) lo = mid;
    else hi = mid;
  }
  return Math.exp(0.5 * (lo + hi));
}

/** NeuroSim's lookup quantises the label to 0.01; the table covers 0 … 9. */
const TABLE_STEP = 0.01;
const TABLE_MAX = 9;
let table: Float64Array | null = null;

/** A_norm of the label rounded to NeuroSim's 0.01 grid (cached table; fast for per-device spread). */
export function aNormLookup(nl: number): number {
  if (!table) {
    table = new Float64Array(Math.round(TABLE_MAX / TABLE_STEP) + 1);
    table[0] = Infinity;
    for (let i = 1; i < table.length; i++) table[i] = aNormFromNl(i * TABLE_STEP);
  }
  const i = Math.round(Math.min(TABLE_MAX, Math.max(0, nl)) / TABLE_STEP);
  return table[i];
}

/** g(x) for constant a (a = Infinity: linear). */
export function curveG(x: number, a: number): number {
  if (a === Infinity) return x;
  return -Math.expm1(-x / a) / -Math.expm1(-1 / a);
}

/** x(g), the inverse of curveG. */
export function curveX(g: number, a: number): number {
  if (a === Infinity) return g;
  return -a * Math.log1p(g * Math.expm1(-1 / a));
}
