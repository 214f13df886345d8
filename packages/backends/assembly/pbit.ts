// WebAssembly fast path of the p-bit Gibbs sweep (AssemblyScript), mirroring
// GibbsSampler.sweepSequential in src/pbit/gibbs.ts operation for operation: same products and
// sums in the same order (wasm has no fused multiply-add), so the decisions are bit-identical.
// The up/down decision is a `select` (no branch to mispredict); only the rare guard-band case
// (|r − σ̃| ≤ guard) branches, to the exact rule with the host's Math.exp so it matches JS.

import { spreadFlip, storeWords } from './common';

// @ts-ignore: decorator
@external("env", "exp") declare function hostExp(x: f64): f64;

const SIGMOID_RANGE: f64 = 20.0;
const SIGMOID_STEPS: f64 = 64.0;
const SIGMOID_GUARD: f64 = 1e-5;

// @ts-ignore: decorator
@inline function tableGap(x: f64, r: f64, tabP: usize, top: f64): f64 {
  let y = (x + SIGMOID_RANGE) * SIGMOID_STEPS;
  y = select<f64>(0.0, y, y < 0.0);
  y = select<f64>(top, y, y > top);
  const j = <i32>y;
  const tp = tabP + ((<usize>j) << 3);
  const a = load<f64>(tp);
  return r - (a + (y - <f64>j) * (load<f64>(tp, 8) - a));
}

/**
 * One sequential sweep over p-bits [0, n) in index order; returns the number of flips.
 * Arrays at byte offsets in the imported memory: offsets/targets/spec int32, weights/beta/bias/
 * uniforms/table float64, m int8 (±1). `top` = table length − 2.
 *
 * In index order, p-bit i usually reads a neighbour updated a step or two before (i − 1 on a
 * lattice): a serial chain load → sum → table → decision → store of ~70 cycles per update. To
 * cut it, spec[i] names the CSR entry of such a recent neighbour (or −1): both decisions, for
 * m_j = +1 and −1, are computed without waiting for it (each sums the same terms in the same
 * order as the reference, so each is bit-identical to it for its m_j), then m_j selects one.
 */
export function gibbsSweep(n: i32, offP: usize, tgtP: usize, wP: usize, mP: usize, betaP: usize, biasP: usize, uP: usize, tabP: usize, top: f64, specP: usize): i32 {
  let flips: i32 = 0;
  let k: i32 = 0;
  for (let i: i32 = 0; i < n; i++) {
    const e = load<i32>(offP + ((<usize>(i + 1)) << 2));
    const ks = load<i32>(specP + ((<usize>i) << 2));
    const b2 = 2.0 * load<f64>(betaP + ((<usize>i) << 3));
    const r = load<f64>(uP + ((<usize>i) << 3));
    let u = load<f64>(biasP + ((<usize>i) << 3));
    let v: i32;
    if (ks < 0) {
      for (; k < e; k++) {
        u += load<f64>(wP + ((<usize>k) << 3)) * <f64>load<i8>(mP + <usize>load<i32>(tgtP + ((<usize>k) << 2)));
      }
      const x = b2 * u;
      const d = tableGap(x, r, tabP, top);
      v = (<i32>(d < -SIGMOID_GUARD) << 1) - 1;
      if (abs<f64>(d) <= SIGMOID_GUARD) v = r * (1.0 + hostExp(-x)) < 1.0 ? 1 : -1;
    } else {
      for (; k < ks; k++) {
        u += load<f64>(wP + ((<usize>k) << 3)) * <f64>load<i8>(mP + <usize>load<i32>(tgtP + ((<usize>k) << 2)));
      }
      const ws = load<f64>(wP + ((<usize>k) << 3));
      const js = load<i32>(tgtP + ((<usize>k) << 2));
      let uP1 = u + ws * 1.0, uM1 = u + ws * -1.0;
      for (k++; k < e; k++) {
        const t = load<f64>(wP + ((<usize>k) << 3)) * <f64>load<i8>(mP + <usize>load<i32>(tgtP + ((<usize>k) << 2)));
        uP1 += t;
        uM1 += t;
      }
      const xP1 = b2 * uP1, xM1 = b2 * uM1;
      const dP1 = tableGap(xP1, r, tabP, top), dM1 = tableGap(xM1, r, tabP, top);
      // pick with integer masks: an f64 select may compile to a branch on m_j, the very thing to avoid
      const up = <i32>(load<i8>(mP + <usize>js) > 0), down = up ^ 1;
      const bit = (<i32>(dP1 < -SIGMOID_GUARD) & up) | (<i32>(dM1 < -SIGMOID_GUARD) & down);
      v = (bit << 1) - 1;
      if (((<i32>(abs<f64>(dP1) <= SIGMOID_GUARD) & up) | (<i32>(abs<f64>(dM1) <= SIGMOID_GUARD) & down)) != 0) {
        v = r * (1.0 + hostExp(-(up ? xP1 : xM1))) < 1.0 ? 1 : -1;
      }
    }
    const mi = mP + <usize>i;
    const old = <i32>load<i8>(mi);
    flips += (1 - v * old) >> 1;
    store<i8>(mi, <i8>v);
  }
  return flips;
}

/** One sweep over colour classes: `orderP` lists the p-bits (int32) class after class, nOrder in all. */
export function gibbsSweepOrdered(nOrder: i32, orderP: usize, offP: usize, tgtP: usize, wP: usize, mP: usize, betaP: usize, biasP: usize, uP: usize, tabP: usize, top: f64): i32 {
  let flips: i32 = 0;
  for (let c: i32 = 0; c < nOrder; c++) {
    const i = load<i32>(orderP + ((<usize>c) << 2));
    let u = load<f64>(biasP + ((<usize>i) << 3));
    for (let k = load<i32>(offP + ((<usize>i) << 2)), e = load<i32>(offP + ((<usize>(i + 1)) << 2)); k < e; k++) {
      u += load<f64>(wP + ((<usize>k) << 3)) * <f64>load<i8>(mP + <usize>load<i32>(tgtP + ((<usize>k) << 2)));
    }
    const x = 2.0 * load<f64>(betaP + ((<usize>i) << 3)) * u;
    const r = load<f64>(uP + ((<usize>c) << 3));
    const d = tableGap(x, r, tabP, top);
    let v = (<i32>(d < -SIGMOID_GUARD) << 1) - 1;
    if (abs<f64>(d) <= SIGMOID_GUARD) v = r * (1.0 + hostExp(-x)) < 1.0 ? 1 : -1;
    const mi = mP + <usize>i;
    const old = <i32>load<i8>(mi);
    flips += (1 - v * old) >> 1;
    store<i8>(mi, <i8>v);
  }
  return flips;
}
export * from './telegraph';
export * from './msc';

const TWO_POW_32_INV: f64 = 1.0 / 4294967296.0;

/** |x| beyond which the p-bit cannot leave state m_old = sgn(x) for any 32-bit uniform but r = 0 (GibbsSampler.sweepIncrementalJs). */
const SURE_X: f64 = 23.0;

/**
 * One sweep over `orderP` with incremental fields (GibbsSampler.sweepIncrementalJs): c[i] =
 * Σ_j J_ij m_j is kept up to date by adding 2 J_ij m to each neighbour's c when i flips to m, so
 * an update that does not flip costs O(1) (what annealing at low temperature mostly does). The
 * decision is that of the other sweeps at u = bias_i + c_i, with the uniform drawn here from the
 * host's xoshiro128** words at rngP (Rng.uniform32, one per update, handed back after). Returns
 * the flips; writes to status[0] the energy change Σ 2 m_old (c_i + h_i) of
 * H = −½ Σ J m m − Σ h m, to status[1] the neighbour sums adjusted.
 */
export function gibbsSweepIncremental(nOrder: i32, orderP: usize, offP: usize, tgtP: usize, wP: usize, mP: usize, betaP: usize, biasP: usize, hP: usize, cP: usize, rngP: usize, tabP: usize, top: f64, statusP: usize): i32 {
  let s0 = load<u32>(rngP), s1 = load<u32>(rngP, 4), s2 = load<u32>(rngP, 8), s3 = load<u32>(rngP, 12);
  let flips: i32 = 0;
  let dE: f64 = 0.0;
  let visits: i32 = 0;
  for (let c: i32 = 0; c < nOrder; c++) {
    const i = load<i32>(orderP + ((<usize>c) << 2));
    const io = (<usize>i) << 3;
    const ci = load<f64>(cP + io);
    const u = load<f64>(biasP + io) + ci;
    const x = 2.0 * load<f64>(betaP + io) * u;
    // xoshiro128** step, as Rng.nextUint32
    const x5 = s1 * 5;
    const res = rotl<u32>(x5, 7) * 9;
    const t = s1 << 9;
    const n2 = s2 ^ s0, n3 = s3 ^ s1;
    s1 ^= n2; s0 ^= n3; s2 = n2 ^ t; s3 = rotl<u32>(n3, 11);
    const mi = mP + <usize>i;
    const old = <i32>load<i8>(mi);
    if (<f64>old * x >= SURE_X && (old > 0 || res != 0)) continue; // it stays: skip the table
    const r = <f64>res * TWO_POW_32_INV;
    const d = tableGap(x, r, tabP, top);
    let v = (<i32>(d < -SIGMOID_GUARD) << 1) - 1;
    if (abs<f64>(d) <= SIGMOID_GUARD) v = r * (1.0 + hostExp(-x)) < 1.0 ? 1 : -1;
    if (v != old) {
      store<i8>(mi, <i8>v);
      flips++;
      dE += 2.0 * <f64>old * (ci + load<f64>(hP + io));
      visits += spreadFlip(i, 2.0 * <f64>v, offP, tgtP, wP, cP);
    }
  }
  store<f64>(statusP, dE);
  store<f64>(statusP, <f64>visits, 8);
  storeWords(rngP, s0, s1, s2, s3);
  return flips;
}

/**
 * GibbsSampler.sweepThresholdJs: ideal p-bits at one β on an integer model. The flip probability
 * of p-bit i depends only on the integer m_i·(c_i + h_i), so it is a 2^32-scaled threshold read
 * from thrP (index m_i·f_i + half); a threshold of 0 skips the draw. Otherwise as
 * gibbsSweepIncremental (c kept on flips, status = [energy change, neighbour sums adjusted]).
 */
export function gibbsSweepThreshold(nOrder: i32, orderP: usize, offP: usize, tgtP: usize, wP: usize, mP: usize, hP: usize, cP: usize, rngP: usize, thrP: usize, half: i32, statusP: usize): i32 {
  let s0 = load<u32>(rngP), s1 = load<u32>(rngP, 4), s2 = load<u32>(rngP, 8), s3 = load<u32>(rngP, 12);
  let flips: i32 = 0;
  let dE: f64 = 0.0;
  let visits: i32 = 0;
  for (let c: i32 = 0; c < nOrder; c++) {
    const i = load<i32>(orderP + ((<usize>c) << 2));
    const io = (<usize>i) << 3;
    const f = load<f64>(cP + io) + load<f64>(hP + io);
    const mi = mP + <usize>i;
    const old = <i32>load<i8>(mi);
    const t = load<f64>(thrP + ((<usize>(<i32>(<f64>old * f) + half)) << 3));
    if (t == 0.0) continue;
    // xoshiro128** step, as Rng.nextUint32
    const x5 = s1 * 5;
    const res = rotl<u32>(x5, 7) * 9;
    const tt = s1 << 9;
    const n2 = s2 ^ s0, n3 = s3 ^ s1;
    s1 ^= n2; s0 ^= n3; s2 = n2 ^ tt; s3 = rotl<u32>(n3, 11);
    if (<f64>res >= t) continue;
    store<i8>(mi, <i8>(-old));
    flips++;
    dE += 2.0 * <f64>old * f;
    visits += spreadFlip(i, -2.0 * <f64>old, offP, tgtP, wP, cP);
  }
  store<f64>(statusP, dE);
  store<f64>(statusP, <f64>visits, 8);
  storeWords(rngP, s0, s1, s2, s3);
  return flips;
}
