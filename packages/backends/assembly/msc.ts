// Multi-spin-coded Metropolis sweep (32 replicas per u32 word), mirroring mscSweepReference in
// src/pbit/msc.ts operation for operation, with the sampler's xoshiro128** stream continued from
// the host (Rng.saveWords / loadWords), so replicas and flips are bit-identical to it.

import { storeWords } from './common';

// @ts-ignore: decorator
@inline function geMask(K: i32, c0: u32, c1: u32, c2: u32, c3: u32, c4: u32, c5: u32): u32 {
  let gt: u32 = 0, eq: u32 = 0xffffffff;
  if (K & 32) eq &= c5; else { gt |= eq & c5; eq &= ~c5; }
  if (K & 16) eq &= c4; else { gt |= eq & c4; eq &= ~c4; }
  if (K & 8) eq &= c3; else { gt |= eq & c3; eq &= ~c3; }
  if (K & 4) eq &= c2; else { gt |= eq & c2; eq &= ~c2; }
  if (K & 2) eq &= c1; else { gt |= eq & c1; eq &= ~c1; }
  if (K & 1) eq &= c0; else { gt |= eq & c0; eq &= ~c0; }
  return gt | eq;
}

/**
 * One sweep over order[0..nOrder); returns replica-spin flips. Arrays are i32/u32 except thr (f64);
 * agreeP holds ~neg per entry (0xffffffff where J = +1), so a satisfied coupling is s_i ⊕ s_j ⊕ agree.
 */
export function mscSweep(nOrder: i32, orderP: usize, offP: usize, tgtP: usize, agreeP: usize, sP: usize, thrP: usize, d1: i32, rngP: usize): i32 {
  let s0 = load<u32>(rngP), s1 = load<u32>(rngP, 4), s2 = load<u32>(rngP, 8), s3 = load<u32>(rngP, 12);
  let flips: i32 = 0;
  for (let q: i32 = 0; q < nOrder; q++) {
    const i = load<i32>(orderP + ((<usize>q) << 2));
    const sp = sP + ((<usize>i) << 2);
    const si = load<u32>(sp);
    const k0 = load<i32>(offP + ((<usize>i) << 2)), k1 = load<i32>(offP + ((<usize>(i + 1)) << 2));
    const d = k1 - k0;
    let c0: u32 = 0, c1: u32 = 0, c2: u32 = 0, c3: u32 = 0, c4: u32 = 0, c5: u32 = 0;
    if (d <= 7) {
      // three planes, branch-free (a zero carry is a no-op): the low-degree fast path
      for (let k = k0; k < k1; k++) {
        const j = load<i32>(tgtP + ((<usize>k) << 2));
        let carry: u32 = si ^ load<u32>(sP + ((<usize>j) << 2)) ^ load<u32>(agreeP + ((<usize>k) << 2));
        let t = c0 & carry; c0 ^= carry; carry = t;
        t = c1 & carry; c1 ^= carry; carry = t;
        c2 ^= carry;
      }
    } else {
      for (let k = k0; k < k1; k++) {
        const j = load<i32>(tgtP + ((<usize>k) << 2));
        let carry: u32 = si ^ load<u32>(sP + ((<usize>j) << 2)) ^ load<u32>(agreeP + ((<usize>k) << 2));
        let t = c0 & carry; c0 ^= carry; carry = t;
        t = c1 & carry; c1 ^= carry; carry = t;
        t = c2 & carry; c2 ^= carry; carry = t;
        t = c3 & carry; c3 ^= carry; carry = t;
        t = c4 & carry; c4 ^= carry; carry = t;
        c5 ^= carry;
      }
    }
    // xoshiro128** step, as Rng.nextUint32
    const x5 = s1 * 5;
    const r = rotl<u32>(x5, 7) * 9;
    const tt = s1 << 9;
    const n2 = s2 ^ s0, n3 = s3 ^ s1;
    s1 ^= n2; s0 ^= n3; s2 = n2 ^ tt; s3 = rotl<u32>(n3, 11);
    const rf = <f64>r;
    const base = thrP + ((<usize>(d * d1)) << 3);
    let K: i32 = (d >> 1) + 1; // a ≤ d/2: ΔE ≤ 0, always accepted
    while (K <= d && load<f64>(base + ((<usize>K) << 3)) > rf) K++;
    const flip: u32 = K > d ? 0xffffffff : ~geMask(K, c0, c1, c2, c3, c4, c5);
    if (flip != 0) {
      store<u32>(sp, si ^ flip);
      flips += <i32>popcnt<u32>(flip);
    }
  }
  storeWords(rngP, s0, s1, s2, s3);
  return flips;
}

// @ts-ignore: decorator
@inline function xoStep(p: usize): u32 {
  // xoshiro128** step on the state at p (as Rng.nextUint32)
  let s0 = load<u32>(p), s1 = load<u32>(p, 4), s2 = load<u32>(p, 8), s3 = load<u32>(p, 12);
  const r = rotl<u32>(s1 * 5, 7) * 9;
  const tt = s1 << 9;
  const n2 = s2 ^ s0, n3 = s3 ^ s1;
  s1 ^= n2; s0 ^= n3; s2 = n2 ^ tt; s3 = rotl<u32>(n3, 11);
  store<u32>(p, s0); store<u32>(p, s1, 4); store<u32>(p, s2, 8); store<u32>(p, s3, 12);
  return r;
}

// @ts-ignore: decorator
@inline function thresholdK(base: usize, d: i32, r: u32): i32 {
  const rf = <f64>r;
  let K: i32 = (d >> 1) + 1; // a ≤ d/2: ΔE ≤ 0, always accepted
  while (K <= d && load<f64>(base + ((<usize>K) << 3)) > rf) K++;
  return K;
}

/** Satisfied-coupling bits of neighbour entry k for the four words of spin i (si): s_i ⊕ s_j ⊕ agree_k, agree_k = ~neg_k. */
// @ts-ignore: decorator
@inline function agree4(si: v128, sP: usize, tgtP: usize, agreeP: usize, k: i32): v128 {
  const j = load<i32>(tgtP + ((<usize>k) << 2));
  return v128.xor(v128.xor(si, v128.load(sP + ((<usize>j) << 4))), v128.load32_splat(agreeP + ((<usize>k) << 2)));
}

/**
 * The 128-replica sweep: four words per spin (s[4i … 4i+3], one v128), one counter pass for all
 * 128 replicas, and one uint32 r per word (four draws per spin, words in order 0…3), so the four
 * 32-replica groups get independent noise; each word w flips where a < K_w, compared lane-wise.
 * mscSweepWordsReference in src/pbit/msc.ts is its twin (which counts by ripple: the same counts). Planes: 3 for d ≤ 7, else 6
 * (carry-save, four neighbours at a time).
 */
export function mscSweep4(nOrder: i32, orderP: usize, offP: usize, tgtP: usize, agreeP: usize, sP: usize, thrP: usize, d1: i32, rngP: usize): i32 {
  let flips: i32 = 0;
  const zero = i32x4.splat(0);
  const one = i32x4.splat(1);
  for (let q: i32 = 0; q < nOrder; q++) {
    const i = load<i32>(orderP + ((<usize>q) << 2));
    const sp = sP + ((<usize>i) << 4);
    const si = v128.load(sp);
    const k0 = load<i32>(offP + ((<usize>i) << 2)), k1 = load<i32>(offP + ((<usize>(i + 1)) << 2));
    const d = k1 - k0;
    let c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero;
    if (d <= 7) {
      for (let k = k0; k < k1; k++) {
        const j = load<i32>(tgtP + ((<usize>k) << 2));
        let carry = v128.xor(v128.xor(si, v128.load(sP + ((<usize>j) << 4))), v128.load32_splat(agreeP + ((<usize>k) << 2)));
        let t = v128.and(c0, carry); c0 = v128.xor(c0, carry); carry = t;
        t = v128.and(c1, carry); c1 = v128.xor(c1, carry); carry = t;
        c2 = v128.xor(c2, carry);
      }
    } else {
      // d > 7: carry-save counting, four neighbours at a time (two full adders into plane 0, one
      // into plane 1, the weight-4 carry rippled up), then the rest one by one; the same counts
      // as a ripple per neighbour for ~60 % of the operations
      const k4 = k0 + ((d >> 2) << 2);
      let k = k0;
      for (; k < k4; k += 4) {
        const x1 = agree4(si, sP, tgtP, agreeP, k), x2 = agree4(si, sP, tgtP, agreeP, k + 1);
        const x3 = agree4(si, sP, tgtP, agreeP, k + 2), x4 = agree4(si, sP, tgtP, agreeP, k + 3);
        let u = v128.xor(c0, x1);
        const h1 = v128.or(v128.and(c0, x1), v128.and(u, x2));
        c0 = v128.xor(u, x2);
        u = v128.xor(c0, x3);
        const h2 = v128.or(v128.and(c0, x3), v128.and(u, x4));
        c0 = v128.xor(u, x4);
        u = v128.xor(c1, h1);
        let f = v128.or(v128.and(c1, h1), v128.and(u, h2));
        c1 = v128.xor(u, h2);
        let t = v128.and(c2, f); c2 = v128.xor(c2, f); f = t;
        t = v128.and(c3, f); c3 = v128.xor(c3, f); f = t;
        t = v128.and(c4, f); c4 = v128.xor(c4, f); f = t;
        c5 = v128.xor(c5, f);
      }
      for (; k < k1; k++) {
        let carry = agree4(si, sP, tgtP, agreeP, k);
        let t = v128.and(c0, carry); c0 = v128.xor(c0, carry); carry = t;
        t = v128.and(c1, carry); c1 = v128.xor(c1, carry); carry = t;
        t = v128.and(c2, carry); c2 = v128.xor(c2, carry); carry = t;
        t = v128.and(c3, carry); c3 = v128.xor(c3, carry); carry = t;
        t = v128.and(c4, carry); c4 = v128.xor(c4, carry); carry = t;
        c5 = v128.xor(c5, carry);
      }
    }
    const base = thrP + ((<usize>(d * d1)) << 3);
    // K_w = the first a > d/2 with thr[a] ≤ r_w (as thresholdK), for the four words at once: the
    // thresholds fall with a, so K_w − (d/2 + 1) counts the a with r_w < thr[a]; one loop (and
    // one hard-to-predict exit) per spin instead of one per word
    const r0 = xoStep(rngP), r1 = xoStep(rngP), r2 = xoStep(rngP), r3 = xoStep(rngP);
    const rv = i32x4.replace_lane(i32x4.replace_lane(i32x4.replace_lane(i32x4.splat(r0), 1, r1), 2, r2), 3, r3);
    const rLo = f64x2.convert_low_i32x4_u(rv), rHi = f64x2.convert_low_i32x4_u(i32x4.shuffle(rv, rv, 2, 3, 0, 1));
    let kv = i32x4.splat((d >> 1) + 1);
    for (let a = (d >> 1) + 1; a <= d; a++) {
      const th = f64x2.splat(load<f64>(base + ((<usize>a) << 3)));
      const lt = i32x4.shuffle(f64x2.lt(rLo, th), f64x2.lt(rHi, th), 0, 2, 4, 6); // −1 where r_w < thr[a]
      if (!v128.any_true(lt)) break;
      kv = i32x4.sub(kv, lt);
    }
    // lanes with K > d flip every replica (a ≤ d < K)
    const all = i32x4.gt_s(kv, i32x4.splat(d));
    // lane-wise bit-sliced (a ≥ K): where K's bit p is set eq &= c_p, else gt |= eq & c_p, eq &= ~c_p
    let gt = zero, eq = i32x4.splat(-1);
    let m = i32x4.neg(v128.and(i32x4.shr_u(kv, 5), one));
    gt = v128.or(gt, v128.andnot(v128.and(eq, c5), m)); eq = v128.andnot(eq, v128.xor(c5, m));
    m = i32x4.neg(v128.and(i32x4.shr_u(kv, 4), one));
    gt = v128.or(gt, v128.andnot(v128.and(eq, c4), m)); eq = v128.andnot(eq, v128.xor(c4, m));
    m = i32x4.neg(v128.and(i32x4.shr_u(kv, 3), one));
    gt = v128.or(gt, v128.andnot(v128.and(eq, c3), m)); eq = v128.andnot(eq, v128.xor(c3, m));
    m = i32x4.neg(v128.and(i32x4.shr_u(kv, 2), one));
    gt = v128.or(gt, v128.andnot(v128.and(eq, c2), m)); eq = v128.andnot(eq, v128.xor(c2, m));
    m = i32x4.neg(v128.and(i32x4.shr_u(kv, 1), one));
    gt = v128.or(gt, v128.andnot(v128.and(eq, c1), m)); eq = v128.andnot(eq, v128.xor(c1, m));
    m = i32x4.neg(v128.and(kv, one));
    gt = v128.or(gt, v128.andnot(v128.and(eq, c0), m)); eq = v128.andnot(eq, v128.xor(c0, m));
    const flip = v128.or(v128.not(v128.or(gt, eq)), all);
    if (v128.any_true(flip)) {
      v128.store(sp, v128.xor(si, flip));
      flips += <i32>(popcnt<u64>(i64x2.extract_lane(flip, 0)) + popcnt<u64>(i64x2.extract_lane(flip, 1)));
    }
  }
  return flips;
}
