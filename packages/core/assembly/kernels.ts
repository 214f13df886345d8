// WebAssembly fast paths for clock-driven neuron groups (AssemblyScript, compiled with SIMD).
// Each function mirrors a TypeScript reference in src/neurons/*.ts operation for operation, so
// both give bit-identical results (wasm has no fused multiply-add; IEEE-754 add/mul are exact
// to the same rounding). State arrays are float64 (the last-spike step int32) at byte offsets in
// the imported memory.

/**
 * One CUBA step for neurons [0, n): exact propagator, refractoriness, threshold, reset.
 * Writes the indices that spiked to spiked[] (int32) and returns how many.
 */
export function cubaStep(pp: usize, k: f64): i32 {
  // parameter block written once by the group (src/neurons/lif.ts, CUBA_PARAM_LAYOUT): fewer
  // arguments keep the JS→wasm call cheap even before the caller is optimised
  const n = <i32>load<f64>(pp), El = load<f64>(pp, 8), vT = load<f64>(pp, 16), vR = load<f64>(pp, 24);
  const dm = load<f64>(pp, 32), de = load<f64>(pp, 40), di = load<f64>(pp, 48), ce = load<f64>(pp, 56), ci = load<f64>(pp, 64);
  const refSteps = load<f64>(pp, 72);
  const vP = <usize>load<f64>(pp, 80), geP = <usize>load<f64>(pp, 88), giP = <usize>load<f64>(pp, 96);
  const lastP = <usize>load<f64>(pp, 104), spikedP = <usize>load<f64>(pp, 112);
  const sEl = f64x2.splat(El), sDm = f64x2.splat(dm), sDe = f64x2.splat(de), sDi = f64x2.splat(di);
  const sCe = f64x2.splat(ce), sCi = f64x2.splat(ci), sVt = f64x2.splat(vT), sVr = f64x2.splat(vR);
  const sK = f64x2.splat(k), sRef = f64x2.splat(refSteps);
  let ns: i32 = 0;
  let i: i32 = 0;
  // two vectors (four neurons) per iteration: independent chains keep the pipeline full
  for (; i + 3 < n; i += 4) {
    const off = (<usize>i) << 3;
    const geA = v128.load(geP + off), geB = v128.load(geP + off, 16);
    const giA = v128.load(giP + off), giB = v128.load(giP + off, 16);
    v128.store(geP + off, f64x2.mul(geA, sDe));
    v128.store(geP + off, f64x2.mul(geB, sDe), 16);
    v128.store(giP + off, f64x2.mul(giA, sDi));
    v128.store(giP + off, f64x2.mul(giB, sDi), 16);
    const loff = (<usize>i) << 2;
    const lastA = f64x2.convert_low_i32x4_s(v128.load64_zero(lastP + loff));
    const lastB = f64x2.convert_low_i32x4_s(v128.load64_zero(lastP + loff, 8));
    const activeA = f64x2.ge(f64x2.sub(sK, lastA), sRef), activeB = f64x2.ge(f64x2.sub(sK, lastB), sRef);
    const vA = v128.load(vP + off), vB = v128.load(vP + off, 16);
    let viA = f64x2.add(f64x2.add(f64x2.add(sEl, f64x2.mul(f64x2.sub(vA, sEl), sDm)), f64x2.mul(geA, sCe)), f64x2.mul(giA, sCi));
    let viB = f64x2.add(f64x2.add(f64x2.add(sEl, f64x2.mul(f64x2.sub(vB, sEl), sDm)), f64x2.mul(geB, sCe)), f64x2.mul(giB, sCi));
    const spikeA = v128.and(activeA, f64x2.gt(viA, sVt)), spikeB = v128.and(activeB, f64x2.gt(viB, sVt));
    viA = v128.bitselect(viA, vA, activeA);
    viB = v128.bitselect(viB, vB, activeB);
    if (v128.any_true(v128.or(spikeA, spikeB))) {
      viA = v128.bitselect(sVr, viA, spikeA);
      viB = v128.bitselect(sVr, viB, spikeB);
      ns = recordLanes(i64x2.bitmask(spikeA) | (i64x2.bitmask(spikeB) << 2), i, <i32>k, lastP + loff, spikedP, ns);
    }
    v128.store(vP + off, viA);
    v128.store(vP + off, viB, 16);
  }
  for (; i < n; i++) {
    const off = (<usize>i) << 3;
    const ge = load<f64>(geP + off);
    const gi = load<f64>(giP + off);
    store<f64>(geP + off, ge * de);
    store<f64>(giP + off, gi * di);
    if (k - <f64>load<i32>(lastP + ((<usize>i) << 2)) < refSteps) continue;
    const vi = El + (load<f64>(vP + off) - El) * dm + ge * ce + gi * ci;
    if (vi > vT) {
      store<f64>(vP + off, vR);
      store<i32>(lastP + ((<usize>i) << 2), <i32>k);
      store<i32>(spikedP + ((<usize>ns) << 2), i);
      ns++;
    } else store<f64>(vP + off, vi);
  }
  return ns;
}

// ---- exp, identical to src/expfast.ts (see there for the method)
const EXP_MAGIC: f64 = 6755399441055744.0;
const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;
const MAGIC_BITS: i64 = 0x4338000000000000;

const P1: f64 = 1.66666666666666019037e-1;
const P2: f64 = -2.77777777770155933842e-3;
const P3: f64 = 6.61375632143793436117e-5;
const P4: f64 = -1.65339022054652515390e-6;
const P5: f64 = 4.13813679705723846039e-8;

// @ts-ignore: decorator
@inline function expScalar(x: f64): f64 {
  x = x < -700.0 ? -700.0 : x > 700.0 ? 700.0 : x;
  const t = x * LOG2E + EXP_MAGIC;
  const n = t - EXP_MAGIC;
  const hi = x - n * LN2_HI, lo = n * LN2_LO;
  const r = hi - lo;
  const r2 = r * r, r4 = r2 * r2;
  const c = r - r2 * (P1 + r2 * P2 + r4 * (P3 + r2 * P4 + r4 * P5));
  const y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  const bits = reinterpret<i64>(t) - MAGIC_BITS;
  return y * reinterpret<f64>((bits + 1023) << 52);
}

// @ts-ignore: decorator
@inline function expVec(x: v128): v128 {
  // pmin/pmax (one minpd/maxpd each; min/max must order ±0 and NaN, several instructions):
  // equal to the clamp of expScalar for every x, NaN included (it passes through as there)
  x = f64x2.pmax(f64x2.pmin(x, f64x2.splat(700.0)), f64x2.splat(-700.0));
  const t = f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E)), f64x2.splat(EXP_MAGIC));
  const n = f64x2.sub(t, f64x2.splat(EXP_MAGIC));
  const hi = f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI)));
  const lo = f64x2.mul(n, f64x2.splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  // as expScalar (and src/expfast.ts), operation for operation
  const r2 = f64x2.mul(r, r), r4 = f64x2.mul(r2, r2);
  const q0 = f64x2.add(f64x2.splat(P1), f64x2.mul(r2, f64x2.splat(P2)));
  const q1 = f64x2.add(f64x2.add(f64x2.splat(P3), f64x2.mul(r2, f64x2.splat(P4))), f64x2.mul(r4, f64x2.splat(P5)));
  const c = f64x2.sub(r, f64x2.mul(r2, f64x2.add(q0, f64x2.mul(r4, q1))));
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2.0), c));
  const y = f64x2.sub(f64x2.splat(1.0), f64x2.sub(f64x2.sub(lo, q), hi));
  // (bits(t) − MAGIC_BITS + 1023) << 52 with the two integer constants folded into one (exact)
  const scale = i64x2.shl(i64x2.add(t, i64x2.splat(1023 - MAGIC_BITS)), 52);
  return f64x2.mul(y, scale);
}

/** exp of n values in place (for tests of expVec/expScalar against the TS reference). */
export function expArray(n: i32, xP: usize): void {
  let i: i32 = 0;
  for (; i + 1 < n; i += 2) v128.store(xP + ((<usize>i) << 3), expVec(v128.load(xP + ((<usize>i) << 3))));
  for (; i < n; i++) store<f64>(xP + ((<usize>i) << 3), expScalar(load<f64>(xP + ((<usize>i) << 3))));
}

/** One COBA step (exponential Euler), mirroring LifCobaGroup.integrate in src/neurons/lif.ts. */
export function cobaStep(pp: usize, k: f64): i32 {
  // parameter block: see COBA_PARAM_LAYOUT in src/neurons/lif.ts
  const n = <i32>load<f64>(pp), El = load<f64>(pp, 8), Ee = load<f64>(pp, 16), Ei = load<f64>(pp, 24), vT = load<f64>(pp, 32);
  const vR = load<f64>(pp, 40), de = load<f64>(pp, 48), di = load<f64>(pp, 56), dtOverTau = load<f64>(pp, 64), refSteps = load<f64>(pp, 72);
  const vP = <usize>load<f64>(pp, 80), geP = <usize>load<f64>(pp, 88), giP = <usize>load<f64>(pp, 96);
  const lastP = <usize>load<f64>(pp, 104), spikedP = <usize>load<f64>(pp, 112);
  const sEl = f64x2.splat(El), sEe = f64x2.splat(Ee), sEi = f64x2.splat(Ei), sDe = f64x2.splat(de), sDi = f64x2.splat(di);
  const sVt = f64x2.splat(vT), sVr = f64x2.splat(vR), sK = f64x2.splat(k), sRef = f64x2.splat(refSteps);
  const sMinusDtOverTau = f64x2.splat(-dtOverTau), one = f64x2.splat(1.0);
  let ns: i32 = 0;
  let i: i32 = 0;
  // two vectors (four neurons) per iteration: the exp and the divisions are long dependency
  // chains, and two independent ones keep the pipeline full (the same operations per lane)
  for (; i + 3 < n; i += 4) {
    const off = (<usize>i) << 3;
    const geA = v128.load(geP + off), geB = v128.load(geP + off, 16);
    const giA = v128.load(giP + off), giB = v128.load(giP + off, 16);
    v128.store(geP + off, f64x2.mul(geA, sDe));
    v128.store(geP + off, f64x2.mul(geB, sDe), 16);
    v128.store(giP + off, f64x2.mul(giA, sDi));
    v128.store(giP + off, f64x2.mul(giB, sDi), 16);
    const loff = (<usize>i) << 2;
    const lastA = f64x2.convert_low_i32x4_s(v128.load64_zero(lastP + loff));
    const lastB = f64x2.convert_low_i32x4_s(v128.load64_zero(lastP + loff, 8));
    const activeA = f64x2.ge(f64x2.sub(sK, lastA), sRef), activeB = f64x2.ge(f64x2.sub(sK, lastB), sRef);
    if (!v128.any_true(v128.or(activeA, activeB))) continue;
    const vA = v128.load(vP + off), vB = v128.load(vP + off, 16);
    const gTotA = f64x2.add(f64x2.add(one, geA), giA), gTotB = f64x2.add(f64x2.add(one, geB), giB);
    const vInfA = f64x2.div(f64x2.add(f64x2.add(f64x2.mul(sEe, geA), f64x2.mul(sEi, giA)), sEl), gTotA);
    const vInfB = f64x2.div(f64x2.add(f64x2.add(f64x2.mul(sEe, geB), f64x2.mul(sEi, giB)), sEl), gTotB);
    let viA = f64x2.add(vInfA, f64x2.mul(f64x2.sub(vA, vInfA), expVec(f64x2.mul(sMinusDtOverTau, gTotA))));
    let viB = f64x2.add(vInfB, f64x2.mul(f64x2.sub(vB, vInfB), expVec(f64x2.mul(sMinusDtOverTau, gTotB))));
    const spikeA = v128.and(activeA, f64x2.gt(viA, sVt)), spikeB = v128.and(activeB, f64x2.gt(viB, sVt));
    viA = v128.bitselect(viA, vA, activeA);
    viB = v128.bitselect(viB, vB, activeB);
    if (v128.any_true(v128.or(spikeA, spikeB))) {
      viA = v128.bitselect(sVr, viA, spikeA);
      viB = v128.bitselect(sVr, viB, spikeB);
      ns = recordLanes(i64x2.bitmask(spikeA) | (i64x2.bitmask(spikeB) << 2), i, <i32>k, lastP + loff, spikedP, ns);
    }
    v128.store(vP + off, viA);
    v128.store(vP + off, viB, 16);
  }
  for (; i + 1 < n; i += 2) {
    const off = (<usize>i) << 3;
    const ge = v128.load(geP + off);
    const gi = v128.load(giP + off);
    v128.store(geP + off, f64x2.mul(ge, sDe));
    v128.store(giP + off, f64x2.mul(gi, sDi));
    const loff = (<usize>i) << 2;
    const last = f64x2.convert_low_i32x4_s(v128.load64_zero(lastP + loff));
    const active = f64x2.ge(f64x2.sub(sK, last), sRef);
    if (!v128.any_true(active)) continue;
    const v = v128.load(vP + off);
    const gTot = f64x2.add(f64x2.add(one, ge), gi);
    const vInf = f64x2.div(f64x2.add(f64x2.add(f64x2.mul(sEe, ge), f64x2.mul(sEi, gi)), sEl), gTot);
    let vi = f64x2.add(vInf, f64x2.mul(f64x2.sub(v, vInf), expVec(f64x2.mul(sMinusDtOverTau, gTot))));
    const spike = v128.and(active, f64x2.gt(vi, sVt));
    vi = v128.bitselect(vi, v, active);
    if (v128.any_true(spike)) {
      vi = v128.bitselect(sVr, vi, spike);
      ns = recordLanes(i64x2.bitmask(spike), i, <i32>k, lastP + loff, spikedP, ns);
    }
    v128.store(vP + off, vi);
  }
  for (; i < n; i++) {
    const off = (<usize>i) << 3;
    const ge = load<f64>(geP + off);
    const gi = load<f64>(giP + off);
    store<f64>(geP + off, ge * de);
    store<f64>(giP + off, gi * di);
    if (k - <f64>load<i32>(lastP + ((<usize>i) << 2)) < refSteps) continue;
    const gTot = 1.0 + ge + gi;
    const vInf = (Ee * ge + Ei * gi + El) / gTot;
    const vi = vInf + (load<f64>(vP + off) - vInf) * expScalar(-dtOverTau * gTot);
    if (vi > vT) {
      store<f64>(vP + off, vR);
      store<i32>(lastP + ((<usize>i) << 2), <i32>k);
      store<i32>(spikedP + ((<usize>ns) << 2), i);
      ns++;
    } else store<f64>(vP + off, vi);
  }
  return ns;
}

// ---- single precision (the parallel engine's precision: 'float32', docs/parallel.md): v, ge, gi,
// ring rows and per-synapse weights are float32, four neurons to a vector. The parameter block is
// the float64 one above; each coefficient is rounded to float32 once, on load. Every operation
// rounds to float32 where the TypeScript reference (test/parallel-f32.test.ts) applies
// Math.fround: an f32 add, multiply or divide equals the f64 one rounded, so both agree bit for bit.
// Refractoriness is compared in int32 (k − last ≥ refSteps), exact as the f64 comparison is.

/** Records the spiking lanes of `mask` (bit l: neuron i + l) in ascending order; returns the new count. */
// @ts-ignore: decorator
@inline function recordLanes(mask: i32, i: i32, ki: i32, lastP: usize, spikedP: usize, ns: i32): i32 {
  while (mask != 0) {
    const l = ctz(mask);
    store<i32>(lastP + ((<usize>l) << 2), ki);
    store<i32>(spikedP + ((<usize>ns) << 2), i + l);
    ns++;
    mask &= mask - 1;
  }
  return ns;
}

/** As cubaStep, on float32 state: eight neurons (two f32x4) per iteration. */
export function cubaStepF32(pp: usize, k: f64): i32 {
  const n = <i32>load<f64>(pp), El = <f32>load<f64>(pp, 8), vT = <f32>load<f64>(pp, 16), vR = <f32>load<f64>(pp, 24);
  const dm = <f32>load<f64>(pp, 32), de = <f32>load<f64>(pp, 40), di = <f32>load<f64>(pp, 48), ce = <f32>load<f64>(pp, 56), ci = <f32>load<f64>(pp, 64);
  const refSteps = <i32>load<f64>(pp, 72);
  const vP = <usize>load<f64>(pp, 80), geP = <usize>load<f64>(pp, 88), giP = <usize>load<f64>(pp, 96);
  const lastP = <usize>load<f64>(pp, 104), spikedP = <usize>load<f64>(pp, 112);
  const ki = <i32>k;
  const sEl = f32x4.splat(El), sDm = f32x4.splat(dm), sDe = f32x4.splat(de), sDi = f32x4.splat(di);
  const sCe = f32x4.splat(ce), sCi = f32x4.splat(ci), sVt = f32x4.splat(vT), sVr = f32x4.splat(vR);
  const sK = i32x4.splat(ki), sRef = i32x4.splat(refSteps);
  let ns: i32 = 0;
  let i: i32 = 0;
  for (; i + 7 < n; i += 8) {
    const off = (<usize>i) << 2; // float32 state and int32 last-spike steps alike
    const geA = v128.load(geP + off), geB = v128.load(geP + off, 16);
    const giA = v128.load(giP + off), giB = v128.load(giP + off, 16);
    v128.store(geP + off, f32x4.mul(geA, sDe));
    v128.store(geP + off, f32x4.mul(geB, sDe), 16);
    v128.store(giP + off, f32x4.mul(giA, sDi));
    v128.store(giP + off, f32x4.mul(giB, sDi), 16);
    const activeA = i32x4.ge_s(i32x4.sub(sK, v128.load(lastP + off)), sRef);
    const activeB = i32x4.ge_s(i32x4.sub(sK, v128.load(lastP + off, 16)), sRef);
    const vA = v128.load(vP + off), vB = v128.load(vP + off, 16);
    let viA = f32x4.add(f32x4.add(f32x4.add(sEl, f32x4.mul(f32x4.sub(vA, sEl), sDm)), f32x4.mul(geA, sCe)), f32x4.mul(giA, sCi));
    let viB = f32x4.add(f32x4.add(f32x4.add(sEl, f32x4.mul(f32x4.sub(vB, sEl), sDm)), f32x4.mul(geB, sCe)), f32x4.mul(giB, sCi));
    const spikeA = v128.and(activeA, f32x4.gt(viA, sVt)), spikeB = v128.and(activeB, f32x4.gt(viB, sVt));
    viA = v128.bitselect(viA, vA, activeA);
    viB = v128.bitselect(viB, vB, activeB);
    if (v128.any_true(v128.or(spikeA, spikeB))) {
      viA = v128.bitselect(sVr, viA, spikeA);
      viB = v128.bitselect(sVr, viB, spikeB);
      ns = recordLanes(i32x4.bitmask(spikeA) | (i32x4.bitmask(spikeB) << 4), i, ki, lastP + off, spikedP, ns);
    }
    v128.store(vP + off, viA);
    v128.store(vP + off, viB, 16);
  }
  for (; i < n; i++) {
    const off = (<usize>i) << 2;
    const ge = load<f32>(geP + off);
    const gi = load<f32>(giP + off);
    store<f32>(geP + off, ge * de);
    store<f32>(giP + off, gi * di);
    if (ki - load<i32>(lastP + off) < refSteps) continue;
    const vi = El + (load<f32>(vP + off) - El) * dm + ge * ce + gi * ci;
    if (vi > vT) {
      store<f32>(vP + off, vR);
      store<i32>(lastP + off, ki);
      store<i32>(spikedP + ((<usize>ns) << 2), i);
      ns++;
    } else store<f32>(vP + off, vi);
  }
  return ns;
}

/** e^x of four float32 lanes: expVec on each half in float64, rounded to float32 once. */
// @ts-ignore: decorator
@inline function expF32x4(x: v128): v128 {
  const lo = expVec(f64x2.promote_low_f32x4(x));
  const hi = expVec(f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 2, 3)));
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** As cobaStep, on float32 state: four neurons per iteration; e^x in float64, rounded once. */
export function cobaStepF32(pp: usize, k: f64): i32 {
  const n = <i32>load<f64>(pp), El = <f32>load<f64>(pp, 8), Ee = <f32>load<f64>(pp, 16), Ei = <f32>load<f64>(pp, 24), vT = <f32>load<f64>(pp, 32);
  const vR = <f32>load<f64>(pp, 40), de = <f32>load<f64>(pp, 48), di = <f32>load<f64>(pp, 56), dtOverTau = <f32>load<f64>(pp, 64);
  const refSteps = <i32>load<f64>(pp, 72);
  const vP = <usize>load<f64>(pp, 80), geP = <usize>load<f64>(pp, 88), giP = <usize>load<f64>(pp, 96);
  const lastP = <usize>load<f64>(pp, 104), spikedP = <usize>load<f64>(pp, 112);
  const ki = <i32>k;
  const sEl = f32x4.splat(El), sEe = f32x4.splat(Ee), sEi = f32x4.splat(Ei), sDe = f32x4.splat(de), sDi = f32x4.splat(di);
  const sVt = f32x4.splat(vT), sVr = f32x4.splat(vR), sK = i32x4.splat(ki), sRef = i32x4.splat(refSteps);
  const sMinusDtOverTau = f32x4.splat(-dtOverTau), one = f32x4.splat(1.0);
  let ns: i32 = 0;
  let i: i32 = 0;
  for (; i + 3 < n; i += 4) {
    const off = (<usize>i) << 2;
    const ge = v128.load(geP + off);
    const gi = v128.load(giP + off);
    v128.store(geP + off, f32x4.mul(ge, sDe));
    v128.store(giP + off, f32x4.mul(gi, sDi));
    const active = i32x4.ge_s(i32x4.sub(sK, v128.load(lastP + off)), sRef);
    if (!v128.any_true(active)) continue;
    const v = v128.load(vP + off);
    const gTot = f32x4.add(f32x4.add(one, ge), gi);
    const vInf = f32x4.div(f32x4.add(f32x4.add(f32x4.mul(sEe, ge), f32x4.mul(sEi, gi)), sEl), gTot);
    let vi = f32x4.add(vInf, f32x4.mul(f32x4.sub(v, vInf), expF32x4(f32x4.mul(sMinusDtOverTau, gTot))));
    const spike = v128.and(active, f32x4.gt(vi, sVt));
    vi = v128.bitselect(vi, v, active);
    if (v128.any_true(spike)) {
      vi = v128.bitselect(sVr, vi, spike);
      ns = recordLanes(i32x4.bitmask(spike), i, ki, lastP + off, spikedP, ns);
    }
    v128.store(vP + off, vi);
  }
  for (; i < n; i++) {
    const off = (<usize>i) << 2;
    const ge = load<f32>(geP + off);
    const gi = load<f32>(giP + off);
    store<f32>(geP + off, ge * de);
    store<f32>(giP + off, gi * di);
    if (ki - load<i32>(lastP + off) < refSteps) continue;
    const gTot: f32 = <f32>1.0 + ge + gi;
    const vInf = (Ee * ge + Ei * gi + El) / gTot;
    const vi = vInf + (load<f32>(vP + off) - vInf) * <f32>expScalar(<f64>(-dtOverTau * gTot));
    if (vi > vT) {
      store<f32>(vP + off, vR);
      store<i32>(lastP + off, ki);
      store<i32>(spikedP + ((<usize>ns) << 2), i);
      ns++;
    } else store<f32>(vP + off, vi);
  }
  return ns;
}

// ---- spike delivery for the multi-threaded engine (src/parallel/partition.ts)
// Synapses of one projection restricted to one thread's targets, by source row: row i is
// post[rowPtr[i] .. rowPtr[i+1]), post holding target indices local to the thread's segment of
// the target population (u16 when that segment is < 65,536 neurons, i32 otherwise). Spikes are
// global indices; `base` turns them into source rows. Additions go in spike order, then row
// order, exactly as src/projection.ts does them, so results do not depend on where they run.
// Each kernel is one generic body over the index type I and the storage type R of buffers and
// per-synapse weights (f64, or f32 for precision 'float32': the scalar weight w rounded once).

// @ts-ignore: decorator
@inline function deliverScalar<I, R>(spikesP: usize, n: i32, base: i32, rowPtrP: usize, postP: usize, bufP: usize, w: f64): i32 {
  const wr = <R>w;
  let total: i32 = 0;
  for (let q: i32 = 0; q < n; q++) {
    const i = load<i32>(spikesP + ((<usize>q) << 2)) - base;
    const s0 = load<i32>(rowPtrP + ((<usize>i) << 2)), s1 = load<i32>(rowPtrP + ((<usize>i) << 2), 4);
    total += s1 - s0;
    for (let s = s0; s < s1; s++) {
      const a = bufP + ((<usize>load<I>(postP + ((<usize>s) << alignof<I>()))) << alignof<R>());
      store<R>(a, load<R>(a) + wr);
    }
  }
  return total;
}

// @ts-ignore: decorator
@inline function deliverPerSynapse<I, R>(spikesP: usize, n: i32, base: i32, rowPtrP: usize, postP: usize, bufP: usize, wP: usize): i32 {
  let total: i32 = 0;
  for (let q: i32 = 0; q < n; q++) {
    const i = load<i32>(spikesP + ((<usize>q) << 2)) - base;
    const s0 = load<i32>(rowPtrP + ((<usize>i) << 2)), s1 = load<i32>(rowPtrP + ((<usize>i) << 2), 4);
    total += s1 - s0;
    for (let s = s0; s < s1; s++) {
      const a = bufP + ((<usize>load<I>(postP + ((<usize>s) << alignof<I>()))) << alignof<R>());
      store<R>(a, load<R>(a) + load<R>(wP + ((<usize>s) << alignof<R>())));
    }
  }
  return total;
}

/** buf[post[s]] += w for every synapse s of every spiking row; post u16. Returns synapses delivered. */
export function deliverScalarU16(spikesP: usize, n: i32, base: i32, rowPtrP: usize, postP: usize, bufP: usize, w: f64): i32 {
  return deliverScalar<u16, f64>(spikesP, n, base, rowPtrP, postP, bufP, w);
}

/** As deliverScalarU16 with i32 target indices. */
export function deliverScalarI32(spikesP: usize, n: i32, base: i32, rowPtrP: usize, postP: usize, bufP: usize, w: f64): i32 {
  return deliverScalar<i32, f64>(spikesP, n, base, rowPtrP, postP, bufP, w);
}

/** buf[post[s]] += W[s] (per-synapse f64 weights); post u16 when `wide` is 0, i32 otherwise. */
export function deliverWeights(spikesP: usize, n: i32, base: i32, rowPtrP: usize, postP: usize, wide: i32, bufP: usize, wP: usize): i32 {
  return wide
    ? deliverPerSynapse<i32, f64>(spikesP, n, base, rowPtrP, postP, bufP, wP)
    : deliverPerSynapse<u16, f64>(spikesP, n, base, rowPtrP, postP, bufP, wP);
}

/** deliverScalarU16 into a float32 buffer. */
export function deliverScalarU16F32(spikesP: usize, n: i32, base: i32, rowPtrP: usize, postP: usize, bufP: usize, w: f64): i32 {
  return deliverScalar<u16, f32>(spikesP, n, base, rowPtrP, postP, bufP, w);
}

/** deliverScalarI32 into a float32 buffer. */
export function deliverScalarI32F32(spikesP: usize, n: i32, base: i32, rowPtrP: usize, postP: usize, bufP: usize, w: f64): i32 {
  return deliverScalar<i32, f32>(spikesP, n, base, rowPtrP, postP, bufP, w);
}

/** deliverWeights with float32 weights and buffer. */
export function deliverWeightsF32(spikesP: usize, n: i32, base: i32, rowPtrP: usize, postP: usize, wide: i32, bufP: usize, wP: usize): i32 {
  return wide
    ? deliverPerSynapse<i32, f32>(spikesP, n, base, rowPtrP, postP, bufP, wP)
    : deliverPerSynapse<u16, f32>(spikesP, n, base, rowPtrP, postP, bufP, wP);
}

// @ts-ignore: decorator
@inline function deliverRingT<R>(
  spikesP: usize, n: i32, base: i32, rowPtrP: usize, postP: usize, flags: i32, w: f64, wP: usize, dP: usize, dU: i32,
  ringP: usize, stride: i32, slot0: i32, mask: i32,
): i32 {
  let total: i32 = 0;
  const wr = <R>w;
  const wide = flags & 1, perW = flags & 2, d16 = flags & 4, uni = flags & 8;
  for (let q: i32 = 0; q < n; q++) {
    const i = load<i32>(spikesP + ((<usize>q) << 2)) - base;
    const s0 = load<i32>(rowPtrP + ((<usize>i) << 2)), s1 = load<i32>(rowPtrP + ((<usize>i) << 2), 4);
    total += s1 - s0;
    for (let s = s0; s < s1; s++) {
      const j = wide ? load<i32>(postP + ((<usize>s) << 2)) : <i32>load<u16>(postP + ((<usize>s) << 1));
      const d = uni ? dU : d16 ? <i32>load<u16>(dP + ((<usize>s) << 1)) : <i32>load<u8>(dP + <usize>s);
      const a = ringP + ((<usize>(((slot0 + d) & mask) * stride + j)) << alignof<R>());
      store<R>(a, load<R>(a) + (perW ? load<R>(wP + ((<usize>s) << alignof<R>())) : wr));
    }
  }
  return total;
}

/**
 * Delayed delivery into a ring of per-step input rows: ring[((slot0 + d[s]) & mask)·stride + post[s]] += w.
 * Flags: bit 0 post i32 (else u16), bit 1 per-synapse weights at wP (else the scalar w),
 * bit 2 per-synapse delays u16 at dP (else u8), bit 3 uniform delay `dU` (dP unused).
 */
export function deliverRing(
  spikesP: usize, n: i32, base: i32, rowPtrP: usize, postP: usize, flags: i32, w: f64, wP: usize, dP: usize, dU: i32,
  ringP: usize, stride: i32, slot0: i32, mask: i32,
): i32 {
  return deliverRingT<f64>(spikesP, n, base, rowPtrP, postP, flags, w, wP, dP, dU, ringP, stride, slot0, mask);
}

/** deliverRing into a float32 ring with float32 per-synapse weights. */
export function deliverRingF32(
  spikesP: usize, n: i32, base: i32, rowPtrP: usize, postP: usize, flags: i32, w: f64, wP: usize, dP: usize, dU: i32,
  ringP: usize, stride: i32, slot0: i32, mask: i32,
): i32 {
  return deliverRingT<f32>(spikesP, n, base, rowPtrP, postP, flags, w, wP, dP, dU, ringP, stride, slot0, mask);
}

// @ts-ignore: decorator
@inline function ringFlushT<R>(bufP: usize, rowP: usize, n: i32): void {
  const lanes: i32 = 16 / sizeof<R>();
  const z = i64x2.splat(0);
  let j: i32 = 0;
  for (; j + lanes - 1 < n; j += lanes) {
    const off = (<usize>j) << alignof<R>();
    const a = v128.load(bufP + off), b = v128.load(rowP + off);
    v128.store(bufP + off, sizeof<R>() == 4 ? f32x4.add(a, b) : f64x2.add(a, b));
    v128.store(rowP + off, z);
  }
  for (; j < n; j++) {
    const off = (<usize>j) << alignof<R>();
    store<R>(bufP + off, load<R>(bufP + off) + load<R>(rowP + off));
    store<R>(rowP + off, <R>0);
  }
}

/** buf[j] += row[j]; row[j] = 0 for j in [0, n): a ring row's inputs join the state after a step. */
export function ringFlush(bufP: usize, rowP: usize, n: i32): void {
  ringFlushT<f64>(bufP, rowP, n);
}

/** ringFlush on float32 rows. */
export function ringFlushF32(bufP: usize, rowP: usize, n: i32): void {
  ringFlushT<f32>(bufP, rowP, n);
}
