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

/** One sweep over order[0..nOrder); returns replica-spin flips. Arrays are i32/u32 except thr (f64). */
export function mscSweep(nOrder: i32, orderP: usize, offP: usize, tgtP: usize, negP: usize, sP: usize, thrP: usize, d1: i32, rngP: usize): i32 {
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
        let carry: u32 = ~(si ^ load<u32>(sP + ((<usize>j) << 2)) ^ load<u32>(negP + ((<usize>k) << 2)));
        let t = c0 & carry; c0 ^= carry; carry = t;
        t = c1 & carry; c1 ^= carry; carry = t;
        c2 ^= carry;
      }
    } else {
      for (let k = k0; k < k1; k++) {
        const j = load<i32>(tgtP + ((<usize>k) << 2));
        let carry: u32 = ~(si ^ load<u32>(sP + ((<usize>j) << 2)) ^ load<u32>(negP + ((<usize>k) << 2)));
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
