// WebAssembly hot paths of the in-memory-computing array model (src/cim/kernels.ts is the
// TypeScript twin, operation for operation, so both give identical results).

/**
 * Bit-packed XNOR-popcount: for every sample b and column j, the number of positions where the
 * packed input bits and the packed weight bits differ (popcount(x XOR w)); matches = n − that.
 * x: batch × words u64 (sample-major), w: cols × words u64 (column-major), out: batch × cols i32.
 * Padding bits must be 0 in both, so they never count as mismatches.
 */
export function xnorMismatch(batch: i32, words: i32, cols: i32, xP: usize, wP: usize, outP: usize): void {
  const stride = (<usize>words) << 3;
  for (let b = 0; b < batch; b++) {
    const xb = xP + (<usize>b) * stride;
    const ob = outP + (((<usize>b) * (<usize>cols)) << 2);
    for (let j = 0; j < cols; j++) {
      const wj = wP + (<usize>j) * stride;
      let c: u64 = 0;
      let k = 0;
      for (; k + 1 < words; k += 2) {
        const o = (<usize>k) << 3;
        c += popcnt<u64>(load<u64>(xb + o) ^ load<u64>(wj + o));
        c += popcnt<u64>(load<u64>(xb + o, 8) ^ load<u64>(wj + o, 8));
      }
      if (k < words) c += popcnt<u64>(load<u64>(xb + ((<usize>k) << 3)) ^ load<u64>(wj + ((<usize>k) << 3)));
      store<i32>(ob + ((<usize>j) << 2), <i32>c);
    }
  }
}

/**
 * Blocked analog matrix product out[b][q] = base[q] + Σ_p x[b][p] · d[p][q] (f64; d row-major
 * rows × cols, x batch × rows, out batch × cols). Four samples share each pass over a row of d,
 * and the inner loop over q is contiguous (SIMD f64x2), so d streams from cache once per block.
 */
export function analogMac(batch: i32, rows: i32, cols: i32, xP: usize, dP: usize, baseP: usize, outP: usize): void {
  const cs = (<usize>cols) << 3;
  const rs = (<usize>rows) << 3;
  let b = 0;
  for (; b + 3 < batch; b += 4) {
    const o0 = outP + (<usize>b) * cs, o1 = o0 + cs, o2 = o1 + cs, o3 = o2 + cs;
    memory.copy(o0, baseP, cs); memory.copy(o1, baseP, cs); memory.copy(o2, baseP, cs); memory.copy(o3, baseP, cs);
    const x0 = xP + (<usize>b) * rs, x1 = x0 + rs, x2 = x1 + rs, x3 = x2 + rs;
    for (let p = 0; p < rows; p++) {
      const po = (<usize>p) << 3;
      const a0 = load<f64>(x0 + po), a1 = load<f64>(x1 + po), a2 = load<f64>(x2 + po), a3 = load<f64>(x3 + po);
      if (a0 == 0.0 && a1 == 0.0 && a2 == 0.0 && a3 == 0.0) continue;
      const v0 = f64x2.splat(a0), v1 = f64x2.splat(a1), v2 = f64x2.splat(a2), v3 = f64x2.splat(a3);
      const dr = dP + (<usize>p) * cs;
      let q = 0;
      for (; q + 1 < cols; q += 2) {
        const qo = (<usize>q) << 3;
        const dv = v128.load(dr + qo);
        v128.store(o0 + qo, f64x2.add(v128.load(o0 + qo), f64x2.mul(v0, dv)));
        v128.store(o1 + qo, f64x2.add(v128.load(o1 + qo), f64x2.mul(v1, dv)));
        v128.store(o2 + qo, f64x2.add(v128.load(o2 + qo), f64x2.mul(v2, dv)));
        v128.store(o3 + qo, f64x2.add(v128.load(o3 + qo), f64x2.mul(v3, dv)));
      }
      if (q < cols) {
        const qo = (<usize>q) << 3;
        const dv = load<f64>(dr + qo);
        store<f64>(o0 + qo, load<f64>(o0 + qo) + a0 * dv);
        store<f64>(o1 + qo, load<f64>(o1 + qo) + a1 * dv);
        store<f64>(o2 + qo, load<f64>(o2 + qo) + a2 * dv);
        store<f64>(o3 + qo, load<f64>(o3 + qo) + a3 * dv);
      }
    }
  }
  for (; b < batch; b++) {
    const o0 = outP + (<usize>b) * cs;
    memory.copy(o0, baseP, cs);
    const x0 = xP + (<usize>b) * rs;
    for (let p = 0; p < rows; p++) {
      const a0 = load<f64>(x0 + ((<usize>p) << 3));
      if (a0 == 0.0) continue;
      const dr = dP + (<usize>p) * cs;
      for (let q = 0; q < cols; q++) {
        const qo = (<usize>q) << 3;
        store<f64>(o0 + qo, load<f64>(o0 + qo) + a0 * load<f64>(dr + qo));
      }
    }
  }
}
