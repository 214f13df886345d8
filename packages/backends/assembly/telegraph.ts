// WebAssembly fast path of the asynchronous (telegraph) p-bit group: the flip loop of
// JsFlipKernel.run (src/pbit/flip-kernel.ts) and the re-keying of BlockedQueue.update
// (src/pbit/block-queue.ts), operation for operation — same products in the same order, the
// host's Math.log, the same xoshiro128** stream, the same tie rules — so flips, times and states
// are bit-identical to the TypeScript reference. The host builds the queue (BlockedQueue.build on
// these same arrays); one instance per group, so the array pointers are module globals (read
// into locals by the loops: V8 reloads a global at every use). The records and edge classes are
// laid out as flip-kernel.ts describes.

import { storeWords } from './common';

// @ts-ignore: decorator
@external("env", "log") declare function hostLog(x: f64): f64;

const TWO_POW_53_INV: f64 = 1.0 / 9007199254740992.0;

const BLOCK_SHIFT: i32 = 4; // BLOCK_SIZE = 16 items per block (scan is unrolled for 16)

// ---- arrays (byte offsets in the imported memory) ----
let keyP: usize = 0; // f64[nBlocks · 16]: pending flip time of each p-bit (Infinity-padded)
let argP: usize = 0; // i32[nBlocks]: earliest item of each block
let LEAVES: i32 = 1; // tree leaves (power of two ≥ nBlocks); block b is node LEAVES + b
let treeKeyP: usize = 0; // f64[2 · LEAVES]: earliest key below each node
let treeBlockP: usize = 0; // i32[2 · LEAVES]: its block
let stateP: usize = 0; // 32-byte records: f64 m (±1), f64 e^(−m β u), f64 field, i32 row start, i32 row end
let edgeP: usize = 0; // per edge: i32 target, i32 class
let classP: usize = 0; // 32-byte classes: f64 w, f64 e^(2βw), f64 e^(−2βw), f64 (2βw)
let rngP: usize = 0; // i32[4]: xoshiro128** words
let upItemP: usize = 0; // i32[budget]: the up-flips of the last run
let upTimeP: usize = 0; // f64[budget]: their times
let statusP: usize = 0; // f64[4]: time of the last flip, number of up-flips, neighbour updates, (touched bits)
let NU0: f64 = 0;

export function tgInit(key: usize, arg: usize, leaves: i32, treeKey: usize, treeBlock: usize, state: usize, edges: usize, classes: usize, rng: usize, upItem: usize, upTime: usize, status: usize, nu0: f64): void {
  keyP = key; argP = arg; LEAVES = leaves; treeKeyP = treeKey; treeBlockP = treeBlock;
  stateP = state; edgeP = edges; classP = classes; rngP = rng;
  upItemP = upItem; upTimeP = upTime; statusP = status; NU0 = nu0;
}

// @ts-ignore: decorator
@inline function TREEKEY(p: i32): f64 { return load<f64>(treeKeyP + ((<usize>p) << 3)); }
// @ts-ignore: decorator
@inline function ARG(b: i32): i32 { return load<i32>(argP + ((<usize>b) << 2)); }

// Keys are times ≥ 0 (or +Infinity; never −0 or NaN), whose IEEE-754 bit patterns order as signed
// 64-bit integers do: scan and raise compare and select them as i64, because V8 compiles an f64
// `select` to a branch (mispredicted about half the time here) but an integer one to a cmov.

/**
 * BlockedQueue.scan: earliest item of block b (lowest index among equal keys) into arg[b];
 * returns its key. As four running minima over the block's quarters, merged left to right with
 * a strict `<` (a left operand's indices are all lower, so ties keep the lowest index): the same
 * answer as one left-to-right pass, with a dependency chain 5 compare-selects deep instead of 15.
 */
function scan(b: i32): f64 {
  const base = b << BLOCK_SHIFT;
  const p = keyP + ((<usize>base) << 3);
  let k0 = load<i64>(p), k1 = load<i64>(p, 32), k2 = load<i64>(p, 64), k3 = load<i64>(p, 96);
  let i0: i32 = 0, i1: i32 = 4, i2: i32 = 8, i3: i32 = 12;
  let t: i64, l: bool;
  t = load<i64>(p, 8); l = t < k0; k0 = select<i64>(t, k0, l); i0 = select<i32>(1, i0, l);
  t = load<i64>(p, 40); l = t < k1; k1 = select<i64>(t, k1, l); i1 = select<i32>(5, i1, l);
  t = load<i64>(p, 72); l = t < k2; k2 = select<i64>(t, k2, l); i2 = select<i32>(9, i2, l);
  t = load<i64>(p, 104); l = t < k3; k3 = select<i64>(t, k3, l); i3 = select<i32>(13, i3, l);
  t = load<i64>(p, 16); l = t < k0; k0 = select<i64>(t, k0, l); i0 = select<i32>(2, i0, l);
  t = load<i64>(p, 48); l = t < k1; k1 = select<i64>(t, k1, l); i1 = select<i32>(6, i1, l);
  t = load<i64>(p, 80); l = t < k2; k2 = select<i64>(t, k2, l); i2 = select<i32>(10, i2, l);
  t = load<i64>(p, 112); l = t < k3; k3 = select<i64>(t, k3, l); i3 = select<i32>(14, i3, l);
  t = load<i64>(p, 24); l = t < k0; k0 = select<i64>(t, k0, l); i0 = select<i32>(3, i0, l);
  t = load<i64>(p, 56); l = t < k1; k1 = select<i64>(t, k1, l); i1 = select<i32>(7, i1, l);
  t = load<i64>(p, 88); l = t < k2; k2 = select<i64>(t, k2, l); i2 = select<i32>(11, i2, l);
  t = load<i64>(p, 120); l = t < k3; k3 = select<i64>(t, k3, l); i3 = select<i32>(15, i3, l);
  l = k1 < k0; k0 = select<i64>(k1, k0, l); i0 = select<i32>(i1, i0, l);
  l = k3 < k2; k2 = select<i64>(k3, k2, l); i2 = select<i32>(i3, i2, l);
  l = k2 < k0; k0 = select<i64>(k2, k0, l); i0 = select<i32>(i2, i0, l);
  store<i32>(argP + ((<usize>b) << 2), base + i0);
  return reinterpret<f64>(k0);
}

/**
 * BlockedQueue.raise: sets block b's key to k and recomputes its ancestors. The left child wins
 * a tie: a left sibling (p odd) wins when ks ≤ k, i.e. ks < k + 1 on the bit patterns, which keeps
 * the loop-carried chain to an add, a compare and a select per level.
 */
function raise(b: i32, key: f64): void {
  const tkP = treeKeyP, tbP = treeBlockP;
  let p = LEAVES + b;
  let k = reinterpret<i64>(key);
  store<i64>(tkP + ((<usize>p) << 3), k);
  while (p > 1) {
    const s = p ^ 1;
    const ks = load<i64>(tkP + ((<usize>s) << 3));
    const sib = ks < k + <i64>(p & 1);
    k = select<i64>(ks, k, sib);
    b = select<i32>(load<i32>(tbP + ((<usize>s) << 2)), b, sib);
    p >>= 1;
    store<i64>(tkP + ((<usize>p) << 3), k);
    store<i32>(tbP + ((<usize>p) << 2), b);
  }
}

/** BlockedQueue.update(i, k). */
// @ts-ignore: decorator
@inline function qUpdate(i: i32, k: f64): void {
  store<f64>(keyP + ((<usize>i) << 3), k);
  const b = i >> BLOCK_SHIFT;
  if (k < TREEKEY(LEAVES + b)) {
    store<i32>(argP + ((<usize>b) << 2), i);
    raise(b, k);
  } else if (i == ARG(b)) {
    raise(b, scan(b));
  }
}

/**
 * JsFlipKernel.run: flips p-bits in time order while the next flip is before the horizon, at
 * most `budget` of them; an up-flip at t is listed (item, time) and brings the horizon down to
 * t + latency. Returns the number of flips; status = [time of the last flip, up-flips listed,
 * neighbour updates made].
 * The generator's four words live in locals for the run (rng.uniformPositive, inlined).
 */
export function runFlips(horizon: f64, budget: i32, latency: f64): i32 {
  const stBase = stateP, keyBase = keyP, edgeBase = edgeP, clsBase = classP;
  let s0 = load<u32>(rngP), s1 = load<u32>(rngP, 4), s2 = load<u32>(rngP, 8), s3 = load<u32>(rngP, 12);
  let done: i32 = 0, ups: i32 = 0, visits: i32 = 0;
  let h = horizon, last: f64 = 0;
  let touched: i64 = 0;
  while (done < budget) {
    const i = ARG(load<i32>(treeBlockP + 4)); // the root (node 1) holds the earliest block
    const t = TREEKEY(1);
    if (!(t < h)) break;
    done++;
    last = t;
    const ri = stBase + ((<usize>i) << 5);
    const m = -load<f64>(ri);
    store<f64>(ri, m);
    const rf = 1.0 / load<f64>(ri, 8);
    store<f64>(ri, rf, 8);
    const k0 = load<i32>(ri, 24), e = load<i32>(ri, 28);
    // two xoshiro128** outputs, as Rng.nextUint32 makes them
    let x = s1 * 5;
    const hi = (rotl<u32>(x, 7) * 9) >>> 5;
    let tt = s1 << 9;
    let n2 = s2 ^ s0, n3 = s3 ^ s1;
    s1 ^= n2; s0 ^= n3; s2 = n2 ^ tt; s3 = rotl<u32>(n3, 11);
    x = s1 * 5;
    const lo = (rotl<u32>(x, 7) * 9) >>> 6;
    tt = s1 << 9;
    n2 = s2 ^ s0; n3 = s3 ^ s1;
    s1 ^= n2; s0 ^= n3; s2 = n2 ^ tt; s3 = rotl<u32>(n3, 11);
    const u = 1.0 - (<f64>hi * 67108864.0 + <f64>lo) * TWO_POW_53_INV;
    qUpdate(i, t - hostLog(u) / (NU0 * rf));
    // the likely next flip is now at the root (a neighbour rarely becomes the earliest of all):
    // touch its record and key so their cache misses overlap this flip's neighbour updates —
    // loads only, xor-ed into status[3] so they are kept; nothing below depends on them
    const iNext = ARG(load<i32>(treeBlockP + 4));
    touched ^= load<i64>(stBase + ((<usize>iNext) << 5)) ^ load<i64>(keyBase + ((<usize>iNext) << 3));
    const mBits = reinterpret<i64>(m);
    visits += e - k0;
    for (let k = k0; k < e; k++) {
      const ep = edgeBase + ((<usize>k) << 3);
      const j = load<i32>(ep);
      const cp = clsBase + ((<usize>load<i32>(ep, 4)) << 5);
      const rj = stBase + ((<usize>j) << 5);
      store<f64>(rj, load<f64>(rj, 16) + 2.0 * load<f64>(cp) * m, 16);
      // b = (1 − m_j m) >> 1 of the reference: 1 when the signs of m_j and m differ (no float → int conversion)
      const b = <usize>((reinterpret<i64>(load<f64>(rj)) ^ mBits) >>> 63);
      store<f64>(rj, load<f64>(rj, 8) * load<f64>(cp + 16 - (b << 3)), 8);
      qUpdate(j, t + (load<f64>(keyBase + ((<usize>j) << 3)) - t) * load<f64>(cp + 8 + (b << 3)));
    }
    if (m > 0.0) {
      store<i32>(upItemP + ((<usize>ups) << 2), i);
      store<f64>(upTimeP + ((<usize>ups) << 3), t);
      ups++;
      const reach = t + latency;
      if (reach < h) h = reach;
    }
  }
  store<f64>(statusP, last);
  store<f64>(statusP, <f64>ups, 8);
  store<f64>(statusP, <f64>visits, 16);
  store<i64>(statusP, touched, 24);
  storeWords(rngP, s0, s1, s2, s3);
  return done;
}
