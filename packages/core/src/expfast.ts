/**
 * e^x for the neuron kernels, written so that the TypeScript reference and the WebAssembly
 * SIMD kernel (assembly/kernels.ts) compute it with the very same IEEE operations and thus
 * give bit-identical results — which Math.exp cannot promise (engines implement it
 * differently). Cody–Waite reduction x = n·ln2 + r, |r| ≤ ln2/2, then fdlibm's rational
 * approximation of e^r (a degree-5 polynomial in r² and one division: fewer operations than a
 * degree-13 Taylor polynomial, which matters in the SIMD COBA kernel) and an exact scaling by 2^n.
 * Relative error ≤ 2 ulp (tested).
 * Valid for x in [−700, 700]; inputs beyond are clamped (e^−700 ≈ 1e−304).
 */
export const EXP_MAGIC = 6755399441055744; // 1.5·2^52: adding it rounds to an integer in the low bits
export const LOG2E = 1.4426950408889634;
export const LN2_HI = 0.6931471803691238; // fdlibm's split of ln 2
export const LN2_LO = 1.9082149292705877e-10;
const POW2 = new Float64Array(2048);
for (let n = -1022; n <= 1023; n++) POW2[n + 1022] = 2 ** n;

// fdlibm's e_exp.c: R(r²) ≈ r·coth(r/2) − 2 to 2^−59 on |r| ≤ ln2/2
export const EXP_P1 = 1.66666666666666019037e-1;
export const EXP_P2 = -2.77777777770155933842e-3;
export const EXP_P3 = 6.61375632143793436117e-5;
export const EXP_P4 = -1.6533902205465251539e-6;
export const EXP_P5 = 4.13813679705723846039e-8;

export function expFast(x: number): number {
  x = x < -700 ? -700 : x > 700 ? 700 : x;
  const t = x * LOG2E + EXP_MAGIC;
  const n = t - EXP_MAGIC;
  const hi = x - n * LN2_HI,
    lo = n * LN2_LO;
  const r = hi - lo;
  // e^r = 1 + 2r/(R − r) with R = r·coth(r/2), evaluated as fdlibm does (keeping lo apart);
  // the polynomial in r² by Estrin's scheme: a dependency chain 3 deep instead of 5
  const r2 = r * r,
    r4 = r2 * r2;
  const c = r - r2 * (EXP_P1 + r2 * EXP_P2 + r4 * (EXP_P3 + r2 * EXP_P4 + r4 * EXP_P5));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  return y * POW2[n + 1022];
}
