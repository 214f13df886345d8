/**
 * Multi-spin-coded Metropolis sampler for ±1 Ising models (docs/probabilistic.md §5; Isakov et
 * al., Comput. Phys. Commun. 192, 265 (2015) for the technique): 32 replicas of every spin packed
 * in one uint32 word, bit r = replica r (1: m = +1). One update of spin i touches its d neighbour
 * words once for all 32 replicas:
 *
 *   agree_j = ~(s_i ⊕ s_j ⊕ neg_ij)       (bit set where neighbour j satisfies the coupling; neg: J_ij < 0)
 *   a       = Σ_j agree_j                 (bit-sliced counter, ⌈log2(d+1)⌉ bit planes)
 *   ΔE      = 2(2a − d)                   (flipping i, E = −Σ J m m with J = ±1, no fields)
 *   flip    ⇔ r < 2^32 · min(1, e^(−β ΔE)),   r one uint32 shared by the 32 replicas
 *
 * The acceptance is non-increasing in a, so "flip" is a < K with K = #{a : threshold(a) > r},
 * one bit-sliced comparison. Sharing r across replicas is the classic multi-spin-coding choice:
 * each replica is an exact Metropolis chain (detailed balance w.r.t. exp(−βE)); the replicas are
 * correlated through r, and two replicas that meet stay together (Metropolis flips both, or
 * neither, so differences between replicas shrink only at low temperature).
 *
 * The scan is sequential in a fixed order (`order`, e.g. by colour class). Random numbers come
 * from the caller's `Rng` (xoshiro128**); the WebAssembly kernel (assembly/msc.ts) continues that
 * stream and is bit-identical to `mscSweepReference`, which mirrors it operation for operation.
 */
import { SpecError, type KernelChoice, type Rng } from '@spinsnn/core';
import type { IsingModel } from './ising-model.js';
import { pbitArenaFor, type PbitArena } from './wasm.js';

/** Largest degree the 6-plane counter holds. */
export const MSC_MAX_DEGREE = 63;
/** Replicas per word. */
export const MSC_REPLICAS = 32;

/** The graph of a ±1 model in the layout the kernel reads. */
export interface MscGraph {
  readonly n: number;
  /** Row offsets (n + 1). */
  readonly off: Int32Array;
  /** Neighbour index per entry. */
  readonly tgt: Int32Array;
  /** 0xffffffff where J_ij = −1, 0 where +1, per entry. */
  readonly neg: Uint32Array;
  /** Degree of each spin and the largest degree. */
  readonly maxDegree: number;
}

/** The ±1 couplings of `model` for the MSC sampler; refuses fields, other weights and degrees > 63. */
export function mscGraph(model: IsingModel): MscGraph {
  const n = model.n;
  let maxDegree = 0;
  for (let i = 0; i < n; i++) {
    if (model.h[i] !== 0) throw new SpecError('msc sampler', 'an Ising model without fields (h = 0)', `h[${i}] = ${model.h[i]}`);
    maxDegree = Math.max(maxDegree, model.rowPtr[i + 1] - model.rowPtr[i]);
  }
  if (maxDegree > MSC_MAX_DEGREE) throw new SpecError('msc sampler', `degrees ≤ ${MSC_MAX_DEGREE}`, `a spin of degree ${maxDegree}`);
  const neg = new Uint32Array(model.col.length);
  for (let k = 0; k < model.val.length; k++) {
    const v = model.val[k];
    if (v !== 1 && v !== -1) throw new SpecError('msc sampler', 'couplings J = ±1 (Gset graphs with ±1 weights)', `J = ${v}`);
    neg[k] = v < 0 ? 0xffffffff : 0;
  }
  return { n, off: model.rowPtr, tgt: model.col, neg, maxDegree };
}

/**
 * Acceptance thresholds at β: thr[d·(D+1) + a] = 2^32 · min(1, e^(−2β(2a − d))) for degree d and
 * a satisfied neighbours (D = maxDegree), written into `out`.
 */
export function mscThresholds(maxDegree: number, beta: number, out: Float64Array = new Float64Array((maxDegree + 1) * (maxDegree + 1))): Float64Array {
  const D1 = maxDegree + 1;
  // the threshold depends on ΔE = 2(2a − d) only: one exp per uphill step (the same arguments as
  // per entry, so the same values), then table look-ups — a geometric ramp changes β every sweep
  const up = new Float64Array(D1);
  for (let k = 1; k <= maxDegree; k++) up[k] = 4294967296 * Math.exp(-beta * (2 * k));
  for (let d = 0; d <= maxDegree; d++) {
    for (let a = 0; a <= maxDegree; a++) {
      const k = 2 * a - d;
      out[d * D1 + a] = k <= 0 ? 4294967296 : k <= maxDegree ? up[k] : 4294967296 * Math.exp(-beta * (2 * k));
    }
  }
  return out;
}

/**
 * One sequential sweep (TypeScript reference): updates spins order[0..len) of all 32 replicas in
 * `s`; returns the number of replica-spin flips. Draws one uint32 from `rng` per spin.
 */
export function mscSweepReference(g: MscGraph, s: Uint32Array, order: Int32Array, thr: Float64Array, rng: Rng): number {
  const { off, tgt, neg } = g;
  const D1 = g.maxDegree + 1;
  const planes = new Int32Array(6);
  let flips = 0;
  for (let q = 0; q < order.length; q++) {
    const i = order[q];
    const si = s[i];
    const k0 = off[i],
      k1 = off[i + 1];
    const d = k1 - k0;
    // three planes (d ≤ 7) or six, branch-free (a zero carry is a no-op)
    countAgree(si, s, 1, 0, tgt, neg, k0, k1, d <= 7 ? 3 : 6, planes, 0);
    const r = rng.nextUint32();
    const base = d * D1;
    // a ≤ d/2 means ΔE ≤ 0: always accepted (threshold 2^32 > r), so the scan starts above
    let K = (d >> 1) + 1;
    while (K <= d && thr[base + K] > r) K++;
    const flip = K > d ? 0xffffffff : ~geMask(K, planes, 0) >>> 0;
    if (flip !== 0) {
      s[i] = (si ^ flip) >>> 0;
      flips += popcount(flip);
    }
  }
  return flips;
}

/**
 * One sequential sweep with `words` words per spin (s[i·words + w], 32·words replicas; the
 * TypeScript twin of the kernel's 128-replica `mscSweep4` for words = 4): every word of spin i is
 * counted as in `mscSweepReference`, and word w gets its own uint32 r_w (drawn in word order after
 * the counts), so the 32-replica groups see independent noise.
 */
export function mscSweepWordsReference(g: MscGraph, s: Uint32Array, words: number, order: Int32Array, thr: Float64Array, rng: Rng): number {
  const { off, tgt, neg } = g;
  const D1 = g.maxDegree + 1;
  let flips = 0;
  const c = new Int32Array(6 * words);
  for (let q = 0; q < order.length; q++) {
    const i = order[q];
    const k0 = off[i],
      k1 = off[i + 1];
    const d = k1 - k0;
    for (let w = 0; w < words; w++) countAgree(s[i * words + w], s, words, w, tgt, neg, k0, k1, 6, c, 6 * w);
    const base = d * D1;
    for (let w = 0; w < words; w++) {
      const r = rng.nextUint32();
      let K = (d >> 1) + 1;
      while (K <= d && thr[base + K] > r) K++;
      const b = 6 * w;
      const flip = K > d ? 0xffffffff : ~geMask(K, c, b) >>> 0;
      if (flip !== 0) {
        s[i * words + w] = (s[i * words + w] ^ flip) >>> 0;
        flips += popcount(flip);
      }
    }
  }
  return flips;
}

/**
 * Adds the satisfied-coupling bits ~(s_i ⊕ s_j ⊕ neg) of entries k0…k1 − 1 (s_i = si, s_j =
 * s[j·words + w]) into the bit-sliced counter planes[at … at + nPlanes − 1], cleared first: a
 * ripple-carry add per entry (the wasm kernels count the same numbers, some by carry-save adds).
 */
function countAgree(
  si: number,
  s: Uint32Array,
  words: number,
  w: number,
  tgt: Int32Array,
  neg: Uint32Array,
  k0: number,
  k1: number,
  nPlanes: number,
  planes: Int32Array,
  at: number,
): void {
  planes.fill(0, at, at + 6);
  for (let k = k0; k < k1; k++) rippleAdd(planes, at, nPlanes, ~(si ^ s[tgt[k] * words + w] ^ neg[k]));
}

/** Adds the bits of x (weight 1) into the bit-sliced counter planes[at … at + nPlanes − 1] (the top carry is dropped). */
function rippleAdd(planes: Int32Array, at: number, nPlanes: number, x: number): void {
  for (let p = at, e = at + nPlanes; p < e && x !== 0; p++) {
    const t = planes[p] & x;
    planes[p] ^= x;
    x = t;
  }
}

/** Bit-sliced (a ≥ K) over the six counter planes at planes[at …] (plane p holds bit p of every replica's a). */
function geMask(K: number, planes: Int32Array, at: number): number {
  let gt = 0,
    eq = -1;
  for (let p = 5; p >= 0; p--) {
    const c = planes[at + p];
    if ((K >> p) & 1) eq &= c;
    else {
      gt |= eq & c;
      eq &= ~c;
    }
  }
  return gt | eq;
}

/** Number of set bits of a uint32. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Energy E = −Σ_{i<j} J m m of replica r. */
export function mscEnergy(g: MscGraph, s: Uint32Array, r: number): number {
  let e = 0;
  for (let i = 0; i < g.n; i++) {
    const bi = (s[i] >>> r) & 1;
    for (let k = g.off[i]; k < g.off[i + 1]; k++) {
      const j = g.tgt[k];
      if (j < i) continue;
      const agree = (bi ^ ((s[j] >>> r) & 1) ^ (g.neg[k] & 1)) === 0;
      e += agree ? -1 : 1;
    }
  }
  return e;
}

/** Options of the multi-spin-coded sampler. */
export interface MscOptions {
  /** 'auto' (wasm where available), 'wasm' or 'js' (the TypeScript reference). */
  readonly kernel?: KernelChoice;
  /** Update order (default 0 … n−1); must list every spin once. */
  readonly order?: Int32Array;
  /**
   * Words per spin: 1 (32 replicas, kernel `mscSweep`) or 4 (128 replicas in one v128 per spin,
   * kernel `mscSweep4`; each word of 32 has its own random number per spin). Default 1.
   */
  readonly words?: 1 | 4;
}

/**
 * 32-replica multi-spin-coded Metropolis sampler of a ±1 Ising model, on the wasm kernel or its
 * TypeScript twin (bit-identical). `s` holds the replicas (bit r of s[i] = replica r's spin i).
 */
export class MscSampler {
  readonly g: MscGraph;
  /** Words per spin (replica r is bit r & 31 of s[i·words + (r >> 5)]). */
  readonly words: 1 | 4;
  /** Replicas: 32 × words. */
  readonly replicas: number;
  readonly s: Uint32Array;
  readonly order: Int32Array;
  readonly kernel: 'wasm' | 'js';
  /** Replica-spin updates done (32 per spin per sweep). */
  updates = 0;
  flips = 0;
  private readonly thr: Float64Array;
  private readonly arena: PbitArena | null;
  private readonly ptr: { order: number; off: number; tgt: number; agree: number; s: number; thr: number; rng: Int32Array } | null = null;
  private beta = NaN;

  constructor(
    model: IsingModel,
    private readonly rng: Rng,
    o: MscOptions = {},
  ) {
    const g0 = mscGraph(model);
    const n = g0.n;
    const W = o.words ?? 1;
    if (W !== 1 && W !== 4) throw new SpecError('msc sampler words', '1 or 4 words per spin', W);
    this.words = W;
    this.replicas = MSC_REPLICAS * W;
    const order = o.order ?? Int32Array.from({ length: n }, (_, i) => i);
    if (order.length !== n) throw new SpecError('msc sampler order', `a permutation of the ${n} spins`, `${order.length} entries`);
    const D1 = g0.maxDegree + 1;
    const bytes = 4 * (order.length + (n + 1) + 3 * g0.tgt.length + W * n + 4) + 8 * D1 * D1 + 1024;
    this.arena = pbitArenaFor(o.kernel ?? 'auto', bytes);
    if (this.arena) {
      const a = this.arena;
      const ord = a.i32(n);
      ord.set(order);
      const off = a.i32(n + 1);
      off.set(g0.off);
      const tgt = a.i32(g0.tgt.length);
      tgt.set(g0.tgt);
      const neg = a.i32(g0.neg.length);
      neg.set(g0.neg);
      // the kernels read ~neg: a satisfied coupling is s_i ⊕ s_j ⊕ agree, one operation fewer per entry
      const agree = a.i32(g0.neg.length);
      for (let k = 0; k < agree.length; k++) agree[k] = ~neg[k];
      const thr = a.f64(D1 * D1);
      // the arena aligns every array to 16 bytes, as the v128 loads of mscSweep4 want
      const s = a.i32(W * n);
      const rngW = a.i32(4);
      this.g = { n, off, tgt, neg: new Uint32Array(neg.buffer, neg.byteOffset, neg.length), maxDegree: g0.maxDegree };
      this.s = new Uint32Array(s.buffer, s.byteOffset, W * n);
      this.order = ord;
      this.thr = thr;
      this.ptr = { order: ord.byteOffset, off: off.byteOffset, tgt: tgt.byteOffset, agree: agree.byteOffset, s: s.byteOffset, thr: thr.byteOffset, rng: rngW };
      this.kernel = 'wasm';
    } else {
      this.g = g0;
      this.s = new Uint32Array(W * n);
      this.order = Int32Array.from(order);
      this.thr = new Float64Array(D1 * D1);
      this.kernel = 'js';
    }
  }

  /** Random initial replicas (one uint32 per spin from the sampler's stream). */
  randomise(): void {
    for (let i = 0; i < this.s.length; i++) this.s[i] = this.rng.nextUint32();
  }

  /** `sweeps` sequential sweeps at inverse temperature β; returns the flips. */
  sweep(beta: number, sweeps = 1): number {
    if (beta !== this.beta) {
      mscThresholds(this.g.maxDegree, beta, this.thr);
      this.beta = beta;
    }
    let flips = 0;
    if (this.ptr && this.arena) {
      const p = this.ptr;
      const ex = this.arena.exports;
      this.rng.saveWords(p.rng);
      const f = this.words === 4 ? ex.mscSweep4 : ex.mscSweep;
      for (let k = 0; k < sweeps; k++) flips += f(this.g.n, p.order, p.off, p.tgt, p.agree, p.s, p.thr, this.g.maxDegree + 1, p.rng.byteOffset);
      this.rng.loadWords(p.rng);
    } else {
      for (let k = 0; k < sweeps; k++)
        flips +=
          this.words === 1
            ? mscSweepReference(this.g, this.s, this.order, this.thr, this.rng)
            : mscSweepWordsReference(this.g, this.s, this.words, this.order, this.thr, this.rng);
    }
    this.updates += this.replicas * this.g.n * sweeps;
    this.flips += flips;
    return flips;
  }

  /** Energy of replica r. */
  energy(r: number): number {
    return this.words === 1 ? mscEnergy(this.g, this.s, r) : mscEnergy(this.g, this.word(r >> 5), r & 31);
  }

  /** Word w of every spin (a copy when words > 1): replicas 32w … 32w + 31. */
  word(w: number, out: Uint32Array = new Uint32Array(this.g.n)): Uint32Array {
    if (this.words === 1) return this.s;
    for (let i = 0; i < this.g.n; i++) out[i] = this.s[i * this.words + w];
    return out;
  }

  /** Replica r as ±1 values. */
  replica(r: number, out: Int8Array = new Int8Array(this.g.n)): Int8Array {
    const W = this.words,
      w = r >> 5,
      b = r & 31;
    for (let i = 0; i < this.g.n; i++) out[i] = (this.s[i * W + w] >>> b) & 1 ? 1 : -1;
    return out;
  }
}
