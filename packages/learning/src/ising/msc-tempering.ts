/**
 * Parallel tempering (replica exchange) on the multi-spin-coded sampler (docs/probabilistic.md §6):
 * L words of 32 replicas, word k at β_k of an ascending ladder. Bit r of every word belongs to one
 * of 32 independent tempering chains ("column" r): after every `swapEvery` sweeps, neighbouring
 * levels k, k+1 of each column exchange their states with probability
 * min(1, e^{(β_{k+1} − β_k)(E_{k+1} − E_k)}), which keeps level k at exp(−β_k E) (Swendsen & Wang
 * 1986; Hukushima & Nemoto 1996). A swap of the columns in mask M moves bits between the two words
 * of every spin: t = (a ⊕ b) ∧ M, a ⊕= t, b ⊕= t — O(n) for all 32 columns at once.
 *
 * Within a level the update is the msc Metropolis rule with one random number shared by the 32
 * columns (backends `MscSampler`); each column is an exact tempering chain. Replica energies come
 * from a bit-sliced count of unsatisfied edges (`mscColumnEnergies`). Every `polishEvery` sweeps
 * (and at the end) a copy of the coldest level descends `polishSweeps` zero-temperature sweeps
 * (1-opt: only moves with ΔE ≤ 0) and the best state seen anywhere is kept.
 */
import { MSC_REPLICAS, MscSampler, type IsingModel } from '@spinsnn/backends';
import { SpecError, type Rng } from '@spinsnn/core';
import { QUENCH_BETA, colourOrder, type MscRunOptions, type MscRunResult } from './msc-anneal.js';

/** Options of `mscTempering` (`sweeps`: of every level; `onCheck`: after each exchange round). */
export interface MscTemperingOptions extends MscRunOptions {
  /** Inverse temperatures of the levels, ascending (hot first); each level holds 32·words replicas. */
  readonly betas: ArrayLike<number>;
  /** Sweeps between replica-exchange rounds (default 1). */
  readonly swapEvery?: number;
  /** Sweeps between zero-temperature polishes of a copy of the coldest level (0: only at the end; default 0). */
  readonly polishEvery?: number;
  /** Zero-temperature sweeps per polish (default 3). */
  readonly polishSweeps?: number;
  /** Called after each exchange round with the sweep count and every level's 32·words replica energies (after the swaps). */
  readonly onLevels?: (sweep: number, energies: readonly Float64Array[]) => void;
  /** Sweeps between trace points (default sweeps / 200). */
  readonly traceEvery?: number;
}

/** Result of `mscTempering`: the msc run's fields, plus swap rates. */
export interface MscTemperingResult extends MscRunResult {
  /** Swap acceptance per neighbouring level pair. */
  readonly swapAcceptance: Float64Array;
}

/** Bit planes of the unsatisfied-edge counter: counts up to 2^20 − 1 edges per replica. */
const COUNT_PLANES = 20;

/** The edges i < j of an msc graph as flat arrays (ends and the coupling-sign word), for energy counts. */
export interface MscEdgeList {
  readonly u: Int32Array;
  readonly v: Int32Array;
  /** −1 (all bits) where J_uv < 0, else 0. */
  readonly neg: Int32Array;
}

/** The edge list of `g` (each edge once, i < j). */
export function mscEdgeList(g: { readonly n: number; readonly off: Int32Array; readonly tgt: Int32Array; readonly neg: Uint32Array }): MscEdgeList {
  const m = g.off[g.n] / 2;
  if (m >= 2 ** COUNT_PLANES) throw new SpecError('msc edge list', `fewer than ${2 ** COUNT_PLANES} edges`, m);
  const u = new Int32Array(m),
    v = new Int32Array(m),
    neg = new Int32Array(m);
  let e = 0;
  for (let i = 0; i < g.n; i++)
    for (let k = g.off[i]; k < g.off[i + 1]; k++) {
      const j = g.tgt[k];
      if (j <= i) continue;
      u[e] = i;
      v[e] = j;
      neg[e] = g.neg[k] | 0;
      e++;
    }
  if (e !== m) throw new SpecError('msc edge list', 'a symmetric graph without self-loops', `${e} upper entries of ${m} edges`);
  return { u, v, neg };
}

/**
 * Energies E = 2·unsat − m of the 32 replicas of word w in `state` (`words` words per spin, bit r
 * of state[i·words + w] = replica 32w + r), written to out[0 … 31]:
 * each replica's unsatisfied edges are counted bit-sliced, branch-free — a 4-plane counter over
 * blocks of 15 edges, added into a 20-plane total after each block. `planes` is scratch.
 */
export function mscColumnEnergies(
  edges: MscEdgeList,
  state: Uint32Array,
  out: Float64Array,
  words = 1,
  w = 0,
  planes: Int32Array = new Int32Array(COUNT_PLANES),
): Float64Array {
  // int32 view: uint32 reads above 2^31 would leave the JIT's small-integer path
  const s = new Int32Array(state.buffer, state.byteOffset, state.length);
  const { u, v, neg } = edges;
  const m = u.length;
  planes.fill(0);
  for (let e0 = 0; e0 < m; e0 += 15) {
    const e1 = Math.min(m, e0 + 15);
    let c0 = 0,
      c1 = 0,
      c2 = 0,
      c3 = 0;
    for (let e = e0; e < e1; e++) {
      let x = s[u[e] * words + w] ^ s[v[e] * words + w] ^ neg[e];
      let t = c0 & x;
      c0 ^= x;
      x = t;
      t = c1 & x;
      c1 ^= x;
      x = t;
      t = c2 & x;
      c2 ^= x;
      x = t;
      c3 ^= x;
    }
    // planes += (c3 c2 c1 c0), a bit-sliced ripple-carry addition
    let carry = 0;
    for (let p = 0; p < COUNT_PLANES; p++) {
      const a = p === 0 ? c0 : p === 1 ? c1 : p === 2 ? c2 : p === 3 ? c3 : 0;
      const pl = planes[p];
      planes[p] = pl ^ a ^ carry;
      carry = (pl & a) | (carry & (pl ^ a));
      if (p >= 3 && carry === 0) break;
    }
  }
  for (let r = 0; r < MSC_REPLICAS; r++) {
    let unsat = 0;
    for (let p = 0; p < COUNT_PLANES; p++) unsat += ((planes[p] >>> r) & 1) << p;
    out[r] = 2 * unsat - m;
  }
  return out;
}

/** Energies of all 32·words replicas of `state` (replica r at out[r]). */
export function mscAllEnergies(
  edges: MscEdgeList,
  state: Uint32Array,
  words: number,
  out: Float64Array,
  planes: Int32Array = new Int32Array(COUNT_PLANES),
): Float64Array {
  for (let w = 0; w < words; w++) mscColumnEnergies(edges, state, out.subarray(MSC_REPLICAS * w, MSC_REPLICAS * (w + 1)), words, w, planes);
  return out;
}

/** Exchanges the replicas of mask `mask` in word w between states a and b (all spins). */
function swapColumns(wa: Uint32Array, wb: Uint32Array, words: number, w: number, mask: number): void {
  const a = new Int32Array(wa.buffer, wa.byteOffset, wa.length);
  const b = new Int32Array(wb.buffer, wb.byteOffset, wb.length);
  for (let i = w; i < a.length; i += words) {
    const t = (a[i] ^ b[i]) & mask;
    a[i] ^= t;
    b[i] ^= t;
  }
}

/** Parallel tempering of 32 independent chains over an L-level β ladder with the multi-spin-coded sampler. */
export function mscTempering(model: IsingModel, rng: Rng, o: MscTemperingOptions): MscTemperingResult {
  const L = o.betas.length;
  if (L < 2) throw new SpecError('msc tempering betas', 'at least 2 levels', L);
  const betas = Float64Array.from(o.betas);
  for (let k = 0; k < L; k++) {
    if (!(Number.isFinite(betas[k]) && betas[k] >= 0)) throw new SpecError(`msc tempering betas[${k}]`, 'a finite β ≥ 0', betas[k]);
    if (k > 0 && !(betas[k] > betas[k - 1])) throw new SpecError('msc tempering betas', 'strictly ascending β values', Array.from(betas).join(', '));
  }
  for (const key of ['sweeps', 'swapEvery', 'polishEvery', 'polishSweeps', 'traceEvery'] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new SpecError(`msc tempering ${key}`, 'a whole number ≥ 0', v);
  }
  if (!(o.sweeps >= 1)) throw new SpecError('msc tempering sweeps', 'at least 1 sweep', o.sweeps);
  const order = colourOrder(model.n, o.colouring);
  const kernel = o.kernel ?? 'auto';
  const words = o.words ?? 1;
  const R = MSC_REPLICAS * words;
  const levels = Array.from({ length: L }, () => new MscSampler(model, rng, { kernel, order, words }));
  for (const lv of levels) lv.randomise();
  const polisher = new MscSampler(model, rng, { kernel, order, words });
  const edges = mscEdgeList(levels[0].g);
  const tgt = levels[0].g.tgt;
  const n = model.n;
  const swapEvery = Math.max(1, o.swapEvery ?? 1);
  const polishEvery = o.polishEvery ?? 0;
  const polishSweeps = o.polishSweeps ?? 3;
  const traceEvery = Math.max(1, o.traceEvery ?? Math.floor(o.sweeps / 200));
  const E = Array.from({ length: L }, () => new Float64Array(R));
  const eP = new Float64Array(R);
  const planes = new Int32Array(COUNT_PLANES);
  const accepted = new Float64Array(L - 1);
  const tried = new Float64Array(L - 1);
  let bestEnergy = Infinity;
  let bestSweep = 0;
  let bestSpins: Int8Array = new Int8Array(n);
  const trace: (readonly [number, number])[] = [];
  const keep = (sampler: MscSampler, e: Float64Array, sweep: number): void => {
    let r0 = 0;
    for (let r = 1; r < R; r++) if (e[r] < e[r0]) r0 = r;
    if (e[r0] < bestEnergy) {
      bestEnergy = e[r0];
      bestSweep = sweep;
      bestSpins = sampler.replica(r0, bestSpins);
    }
  };
  const polish = (sweep: number): void => {
    polisher.s.set(levels[L - 1].s);
    polisher.sweep(QUENCH_BETA, polishSweeps);
    keep(polisher, mscAllEnergies(edges, polisher.s, words, eP, planes), sweep);
  };
  const hit = (): boolean => o.targetEnergy !== undefined && bestEnergy <= o.targetEnergy;
  let s = 0;
  let round = 0;
  while (s < o.sweeps && !hit()) {
    const len = Math.min(swapEvery, o.sweeps - s);
    for (let k = 0; k < L; k++) levels[k].sweep(betas[k], len);
    s += len;
    for (let k = 0; k < L; k++) mscAllEnergies(edges, levels[k].s, words, E[k], planes);
    keep(levels[L - 1], E[L - 1], s);
    // even/odd alternation of the pairs; one uniform per column and pair
    for (let k = round & 1; k + 1 < L; k += 2) {
      const db = betas[k + 1] - betas[k];
      const ea = E[k],
        eb = E[k + 1];
      for (let w = 0; w < words; w++) {
        let mask = 0;
        for (let b = 0; b < MSC_REPLICAS; b++) {
          const r = MSC_REPLICAS * w + b;
          const logAcc = db * (eb[r] - ea[r]);
          if (logAcc >= 0 || rng.uniform() < Math.exp(logAcc)) {
            mask |= 1 << b;
            const t = ea[r];
            ea[r] = eb[r];
            eb[r] = t;
            accepted[k]++;
          }
          tried[k]++;
        }
        if (mask !== 0) swapColumns(levels[k].s, levels[k + 1].s, words, w, mask);
      }
    }
    round++;
    o.onLevels?.(s, E);
    if (polishEvery > 0 && s % polishEvery < len) polish(s);
    if (s % traceEvery < len || s >= o.sweeps) {
      let eMin = Infinity;
      for (let r = 0; r < R; r++) eMin = Math.min(eMin, E[L - 1][r]);
      trace.push([s, eMin]);
    }
    o.onCheck?.(s, bestEnergy);
  }
  if (!hit()) {
    polish(s);
    o.onCheck?.(s, bestEnergy);
  }
  const updates = levels.reduce((a, lv) => a + lv.updates, 0) + polisher.updates;
  return {
    bestSpins,
    bestEnergy,
    sweeps: s,
    bestSweep,
    updates,
    flips: levels.reduce((a, lv) => a + lv.flips, 0) + polisher.flips,
    edgeVisits: (updates / R) * (tgt.length / n),
    swapAcceptance: accepted.map((a, k) => (tried[k] > 0 ? a / tried[k] : 0)),
    trace,
    kernel: levels[0].kernel,
  };
}
