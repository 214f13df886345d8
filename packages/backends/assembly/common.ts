// Helpers shared by the p-bit kernels (inlined; not exported from the module).

/** Adds dm · J_ik to c_k of every neighbour k of p-bit i (CSR at offP/tgtP/wP); returns the row length. */
// @ts-ignore: decorator
@inline export function spreadFlip(i: i32, dm: f64, offP: usize, tgtP: usize, wP: usize, cP: usize): i32 {
  const k0 = load<i32>(offP + ((<usize>i) << 2)), e = load<i32>(offP + ((<usize>(i + 1)) << 2));
  for (let k = k0; k < e; k++) {
    const cj = cP + ((<usize>load<i32>(tgtP + ((<usize>k) << 2))) << 3);
    store<f64>(cj, load<f64>(cj) + dm * load<f64>(wP + ((<usize>k) << 3)));
  }
  return e - k0;
}

/** Hands the four xoshiro128** words back to the host (Rng.loadWords reads them). */
// @ts-ignore: decorator
@inline export function storeWords(p: usize, s0: u32, s1: u32, s2: u32, s3: u32): void {
  store<u32>(p, s0);
  store<u32>(p, s1, 4);
  store<u32>(p, s2, 8);
  store<u32>(p, s3, 12);
}
