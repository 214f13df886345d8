/**
 * e^x for the neuron kernels, written so that the TypeScript reference and the WebAssembly
 * SIMD kernel (assembly/kernels.ts) compute it with the very same IEEE operations and thus
 * give bit-identical results — which Math.exp cannot promise (engines implement it
 * differently). Cody–Waite reduction x = n·ln2 + r, |r| ≤ ln2/2, then a degree-13 Taylor
 * polynomial (truncation < 5e-18) and an exact scaling by 2^n. Relative error ≤ 2 ulp (tested).
 * Valid for x in [−700, 700]; inputs beyond are clamped (e^−700 ≈ 1e−304).
 */
export const EXP_MAGIC = 6755399441055744; // 1.5·2^52: adding it rounds to an integer in the low bits
export const LOG2E = 1.4426950408889634;
export const LN2_HI = 0.6931471803691238; // fdlibm's split of ln 2
export const LN2_LO = 1.9082149292705877e-10;
const POW2 = new Float64Array(2048);
for (let n = -1022; n <= 1023; n++) POW2[n + 1022] = 2 ** n;

export function expFast(x: number): number {
  x = x < -700 ? -700 : x > 700 ? 700 : x;
  const t = x * LOG2E + EXP_MAGIC;
  const n = t - EXP_MAGIC;
  const r = x - n * LN2_HI - n * LN2_LO;
  const p =
    1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040 + r * (1 / 40320 +
    r * (1 / 362880 + r * (1 / 3628800 + r * (1 / 39916800 + r * (1 / 479001600 + r * (1 / 6227020800)))))))))))));
  return p * POW2[n + 1022];
}
