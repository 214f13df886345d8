import type { Rng } from './rng.js';
import { SpecError } from './errors.js';

/** Compressed sparse rows by source: synapses of source i are rowPtr[i] .. rowPtr[i+1]−1. */
export interface Csr {
  readonly nPre: number;
  readonly nPost: number;
  readonly rowPtr: Int32Array;
  readonly post: Int32Array;
}

/**
 * `allowSelf: false` drops the synapses i → i (same index in source and target): self-connections
 * of a recurrent projection, or a neuron's partner between two populations of equal size (the
 * Diehl & Cook inhibitory layer inhibits every excitatory neuron but its own). Default true.
 */
export type ConnectivitySpec =
  | { rule: 'all_to_all'; allowSelf?: boolean }
  | { rule: 'one_to_one' }
  | { rule: 'fixed_probability'; p: number; allowSelf?: boolean }
  | { rule: 'fixed_indegree'; k: number; allowSelf?: boolean }
  /** Exactly n synapses, each an independent uniform (source, target) pair: multapses allowed (NEST's fixed_total_number). */
  | { rule: 'fixed_total_number'; n: number; allowSelf?: boolean }
  | { rule: 'explicit'; pre: ArrayLike<number>; post: ArrayLike<number> };

/** The connectivity rules a projection spec may name. */
export const CONNECTIVITY_RULES = ['all_to_all', 'one_to_one', 'fixed_probability', 'fixed_indegree', 'fixed_total_number', 'explicit'] as const;

/** Growable int32 buffer (amortised doubling), for builders that do not know their size. */
class IntBuffer {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
  trimmed(): Int32Array {
    return this.data.length === this.length ? this.data : this.data.slice(0, this.length);
  }
}

export function allToAll(nPre: number, nPost: number, allowSelf = true): Csr {
  const skipSelf = !allowSelf && nPre === nPost;
  const perRow = skipSelf ? nPost - 1 : nPost;
  const rowPtr = new Int32Array(nPre + 1);
  const post = new Int32Array(nPre * perRow);
  let s = 0;
  for (let i = 0; i < nPre; i++) {
    for (let j = 0; j < nPost; j++) if (!(skipSelf && i === j)) post[s++] = j;
    rowPtr[i + 1] = s;
  }
  return { nPre, nPost, rowPtr, post };
}

export function oneToOne(n: number): Csr {
  const rowPtr = new Int32Array(n + 1);
  const post = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    post[i] = i;
    rowPtr[i + 1] = i + 1;
  }
  return { nPre: n, nPost: n, rowPtr, post };
}

/**
 * Each ordered pair independently with probability p (Brian2's `connect(p=…)`), drawn by
 * geometric skipping so the cost is proportional to the synapses made, not to nPre·nPost.
 */
export function fixedProbability(nPre: number, nPost: number, p: number, rng: Rng, allowSelf = true): Csr {
  const rowPtr = new Int32Array(nPre + 1);
  const out = new IntBuffer(Math.ceil(nPre * nPost * p * 1.05 + 64));
  const skipSelf = !allowSelf && nPre === nPost;
  if (p >= 1) return allToAll(nPre, nPost, allowSelf);
  const logq = Math.log1p(-p);
  for (let i = 0; i < nPre; i++) {
    if (p > 0) {
      let j = -1;
      for (;;) {
        j += 1 + Math.floor(Math.log(rng.uniformPositive()) / logq);
        if (j >= nPost) break;
        if (skipSelf && j === i) continue;
        out.push(j);
      }
    }
    rowPtr[i + 1] = out.length;
  }
  return { nPre, nPost, rowPtr, post: out.trimmed() };
}

/** Every target gets exactly k distinct sources, chosen uniformly (Floyd's sampling). */
export function fixedIndegree(nPre: number, nPost: number, k: number, rng: Rng, allowSelf = true): Csr {
  const skipSelf = !allowSelf && nPre === nPost;
  const avail = skipSelf ? nPre - 1 : nPre;
  if (k > avail) throw new SpecError('connectivity.k', `at most the ${avail} available sources (fixed_indegree)`, k);
  const pre = new Int32Array(nPost * k);
  const post = new Int32Array(nPost * k);
  const chosen = new Set<number>();
  let s = 0;
  for (let j = 0; j < nPost; j++) {
    chosen.clear();
    for (let r = avail - k; r < avail; r++) {
      const t = Math.floor(rng.uniform() * (r + 1));
      chosen.add(chosen.has(t) ? r : t);
    }
    for (let c of chosen) {
      if (skipSelf && c >= j) c++;
      pre[s] = c;
      post[s++] = j;
    }
  }
  return fromPairs(nPre, nPost, pre, post);
}

/**
 * NEST's `fixed_total_number` with multapses: n synapses, each source and target drawn
 * uniformly and independently (so the same pair may repeat). Built row by row without a pair
 * list: the row sizes are a multinomial(n; 1/nPre, …) drawn as successive binomials, then each
 * row draws its targets and sorts them (ascending targets keep delivery cache-friendly).
 * `allowSelf: false` (nPre = nPost) redraws a target equal to its source.
 */
export function fixedTotalNumber(nPre: number, nPost: number, n: number, rng: Rng, allowSelf = true): Csr {
  const skipSelf = !allowSelf && nPre === nPost;
  if (skipSelf && nPost < 2 && n > 0)
    throw new SpecError('connectivity.allowSelf', 'true, or populations of more than one neuron (no other target exists)', allowSelf);
  const rowPtr = new Int32Array(nPre + 1);
  const post = new Int32Array(n);
  let left = n;
  for (let i = 0; i < nPre; i++) {
    const c = i === nPre - 1 ? left : rng.binomial(left, 1 / (nPre - i));
    left -= c;
    const s0 = rowPtr[i];
    for (let s = s0; s < s0 + c; s++) {
      let j = Math.floor(rng.uniform() * nPost);
      while (skipSelf && j === i) j = Math.floor(rng.uniform() * nPost);
      post[s] = j;
    }
    post.subarray(s0, s0 + c).sort();
    rowPtr[i + 1] = s0 + c;
  }
  return { nPre, nPost, rowPtr, post };
}

/** CSR from (pre, post) pairs; order within a row is the pairs' order (stable counting sort). */
export function fromPairs(nPre: number, nPost: number, pre: ArrayLike<number>, post: ArrayLike<number>, path = 'explicit'): Csr {
  if (pre.length !== post.length) {
    throw new SpecError(path, `pre and post lists of equal length`, `${pre.length} pre and ${post.length} post indices`);
  }
  const rowPtr = new Int32Array(nPre + 1);
  for (let s = 0; s < pre.length; s++) {
    const i = pre[s],
      j = post[s];
    if (!(Number.isInteger(i) && i >= 0 && i < nPre)) throw new SpecError(`${path}.pre[${s}]`, `a source index in [0, ${nPre})`, i);
    if (!(Number.isInteger(j) && j >= 0 && j < nPost)) throw new SpecError(`${path}.post[${s}]`, `a target index in [0, ${nPost})`, j);
    rowPtr[i + 1]++;
  }
  for (let i = 0; i < nPre; i++) rowPtr[i + 1] += rowPtr[i];
  const fill = rowPtr.slice(0, nPre);
  const out = new Int32Array(pre.length);
  for (let s = 0; s < pre.length; s++) out[fill[pre[s]]++] = post[s];
  return { nPre, nPost, rowPtr, post: out };
}

/** Permutation that maps each synapse in CSR order back to its index in the (pre, post) pair list. */
export function pairOrder(nPre: number, pre: ArrayLike<number>): Int32Array {
  const rowPtr = new Int32Array(nPre + 1);
  for (let s = 0; s < pre.length; s++) rowPtr[pre[s] + 1]++;
  for (let i = 0; i < nPre; i++) rowPtr[i + 1] += rowPtr[i];
  const order = new Int32Array(pre.length);
  for (let s = 0; s < pre.length; s++) order[rowPtr[pre[s]]++] = s;
  return order;
}

/** Builds the synapses of a connectivity spec as CSR by source; `path` names the spec field in errors. */
export function buildConnectivity(spec: ConnectivitySpec, nPre: number, nPost: number, rng: Rng, path: string): Csr {
  switch (spec.rule) {
    case 'all_to_all':
      return allToAll(nPre, nPost, spec.allowSelf ?? true);
    case 'one_to_one':
      if (nPre !== nPost) throw new SpecError(`${path}.rule`, `one_to_one between populations of equal size`, `${nPre} → ${nPost}`);
      return oneToOne(nPre);
    case 'fixed_probability':
      return fixedProbability(nPre, nPost, spec.p, rng, spec.allowSelf ?? true);
    case 'fixed_indegree':
      return fixedIndegree(nPre, nPost, spec.k, rng, spec.allowSelf ?? true);
    case 'fixed_total_number':
      return fixedTotalNumber(nPre, nPost, spec.n, rng, spec.allowSelf ?? true);
    case 'explicit':
      return fromPairs(nPre, nPost, spec.pre, spec.post, path);
  }
}
