// WebAssembly fast paths for clock-driven neuron groups (AssemblyScript, compiled with SIMD).
// Each function mirrors a TypeScript reference in src/neurons/*.ts operation for operation, so
// both give bit-identical results (wasm has no fused multiply-add; IEEE-754 add/mul are exact
// to the same rounding). Arrays are float64 at byte offsets in the imported memory.

/**
 * One CUBA step for neurons [0, n): exact propagator, refractoriness, threshold, reset.
 * Writes the indices that spiked to spiked[] (int32) and returns how many.
 */
export function cubaStep(
  n: i32, k: f64, El: f64, vT: f64, vR: f64, dm: f64, de: f64, di: f64, ce: f64, ci: f64, refSteps: f64,
  vP: usize, geP: usize, giP: usize, lastP: usize, spikedP: usize,
): i32 {
  const sEl = f64x2.splat(El), sDm = f64x2.splat(dm), sDe = f64x2.splat(de), sDi = f64x2.splat(di);
  const sCe = f64x2.splat(ce), sCi = f64x2.splat(ci), sVt = f64x2.splat(vT), sVr = f64x2.splat(vR);
  const sK = f64x2.splat(k), sRef = f64x2.splat(refSteps);
  let ns: i32 = 0;
  let i: i32 = 0;
  for (; i + 1 < n; i += 2) {
    const off = (<usize>i) << 3;
    const ge = v128.load(geP + off);
    const gi = v128.load(giP + off);
    v128.store(geP + off, f64x2.mul(ge, sDe));
    v128.store(giP + off, f64x2.mul(gi, sDi));
    const last = v128.load(lastP + off);
    const active = f64x2.ge(f64x2.sub(sK, last), sRef);
    const v = v128.load(vP + off);
    let vi = f64x2.add(f64x2.add(f64x2.add(sEl, f64x2.mul(f64x2.sub(v, sEl), sDm)), f64x2.mul(ge, sCe)), f64x2.mul(gi, sCi));
    const spike = v128.and(active, f64x2.gt(vi, sVt));
    vi = v128.bitselect(vi, v, active);
    if (v128.any_true(spike)) {
      vi = v128.bitselect(sVr, vi, spike);
      v128.store(lastP + off, v128.bitselect(sK, last, spike));
      if (i64x2.extract_lane(spike, 0) != 0) { store<i32>(spikedP + ((<usize>ns) << 2), i); ns++; }
      if (i64x2.extract_lane(spike, 1) != 0) { store<i32>(spikedP + ((<usize>ns) << 2), i + 1); ns++; }
    }
    v128.store(vP + off, vi);
  }
  for (; i < n; i++) {
    const off = (<usize>i) << 3;
    const ge = load<f64>(geP + off);
    const gi = load<f64>(giP + off);
    store<f64>(geP + off, ge * de);
    store<f64>(giP + off, gi * di);
    if (k - load<f64>(lastP + off) < refSteps) continue;
    const vi = El + (load<f64>(vP + off) - El) * dm + ge * ce + gi * ci;
    if (vi > vT) {
      store<f64>(vP + off, vR);
      store<f64>(lastP + off, k);
      store<i32>(spikedP + ((<usize>ns) << 2), i);
      ns++;
    } else store<f64>(vP + off, vi);
  }
  return ns;
}
