import { SpecError } from '@spinsnn/core';

/**
 * The one coupling type of the p-bit stack: a pairwise Ising model
 * E(m) = −Σ_{i<j} J_ij m_i m_j − Σ_i h_i m_i + constant, m_i ∈ {−1, +1} (docs/ising.md §1),
 * as symmetric CSR (each edge stored in both rows, zero diagonal). The Gibbs sampler, the
 * telegraph group and learning's Ising algorithms all take it: flipping i touches row i only.
 */
export class IsingModel {
  readonly n: number;
  /** Row offsets (length n + 1). */
  readonly rowPtr: Int32Array;
  /** Neighbour index per stored coupling. */
  readonly col: Int32Array;
  /** J_ij per stored coupling. */
  readonly val: Float64Array;
  /** Biases h_i. */
  readonly h: Float64Array;
  /** Constant energy term (from QUBO or penalty conversions), so energies match the source problem. */
  readonly offset: number;
  /** True when every J and h is a whole number: samplers may then use exact lookup tables. */
  readonly integral: boolean;
  /** max_i (Σ_j |J_ij| + |h_i|): bounds |local field|, sizes lookup tables. */
  readonly maxField: number;

  constructor(n: number, rowPtr: Int32Array, col: Int32Array, val: Float64Array, h: Float64Array, offset = 0) {
    if (rowPtr.length !== n + 1 || h.length !== n || col.length !== val.length || rowPtr[n] !== col.length) {
      throw new SpecError('IsingModel', 'CSR arrays with rowPtr.length = n + 1, h.length = n, rowPtr[n] = col.length', `n = ${n}`);
    }
    this.n = n;
    this.rowPtr = rowPtr;
    this.col = col;
    this.val = val;
    this.h = h;
    this.offset = offset;
    let integral = true;
    let maxField = 0;
    for (let i = 0; i < n; i++) {
      let s = Math.abs(h[i]);
      if (!Number.isInteger(h[i])) integral = false;
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        s += Math.abs(val[k]);
        if (!Number.isInteger(val[k])) integral = false;
      }
      if (s > maxField) maxField = s;
    }
    this.integral = integral;
    this.maxField = maxField;
  }

  /** Number of stored couplings / 2 (undirected edges). */
  get edges(): number {
    return this.col.length / 2;
  }

  /**
   * Builds the model from an undirected edge list (each pair once; repeated pairs are summed,
   * pairs summing to 0 dropped). `J` is the coupling in E = −Σ J m m, per edge or one for all.
   * Rows list neighbours in the order their edges first appear.
   */
  static fromEdges(n: number, from: ArrayLike<number>, to: ArrayLike<number>, J: ArrayLike<number> | number, h?: ArrayLike<number>, offset = 0): IsingModel {
    if (!Number.isInteger(n) || n < 1) throw new SpecError('IsingModel.n', 'a whole number ≥ 1', n);
    const m = from.length;
    if (to.length !== m || (typeof J !== 'number' && J.length !== m)) {
      throw new SpecError('IsingModel.edges', 'from, to and J of equal length', `${m}, ${to.length}, ${typeof J === 'number' ? 'one J' : J.length}`);
    }
    // CSR in edge order (each edge in both rows), then repeated pairs merged in place
    const deg = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) {
      const a = from[e],
        b = to[e];
      if (!(a >= 0 && a < n && b >= 0 && b < n && Number.isInteger(a) && Number.isInteger(b))) {
        throw new SpecError(`IsingModel.edges[${e}]`, `vertex ids in 0..${n - 1}`, `${a}–${b}`);
      }
      if (a === b) throw new SpecError(`IsingModel.edges[${e}]`, 'no self-coupling (m_i² = 1 is a constant)', `${a}–${b}`);
      deg[a + 1]++;
      deg[b + 1]++;
    }
    for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
    const fill = deg.slice(0, n);
    const rawCol = new Int32Array(deg[n]);
    const rawVal = new Float64Array(deg[n]);
    for (let e = 0; e < m; e++) {
      const a = from[e],
        b = to[e],
        w = typeof J === 'number' ? J : J[e];
      rawCol[fill[a]] = b;
      rawVal[fill[a]++] = w;
      rawCol[fill[b]] = a;
      rawVal[fill[b]++] = w;
    }
    // per row: a repeat adds into the pair's first entry (in edge order, so both rows get the same
    // sum); pairs that sum to 0 are dropped; rows keep their neighbours' order of first appearance
    const at = new Int32Array(n).fill(-1),
      stamp = new Int32Array(n).fill(-1);
    const keep = new Uint8Array(deg[n]);
    const rowPtr = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      for (let k = deg[i]; k < deg[i + 1]; k++) {
        const j = rawCol[k];
        if (stamp[j] === i) rawVal[at[j]] += rawVal[k];
        else {
          stamp[j] = i;
          at[j] = k;
          keep[k] = 1;
        }
      }
      let c = 0;
      for (let k = deg[i]; k < deg[i + 1]; k++) if (keep[k] && rawVal[k] !== 0) c++;
      rowPtr[i + 1] = rowPtr[i] + c;
    }
    const col = new Int32Array(rowPtr[n]);
    const val = new Float64Array(rowPtr[n]);
    for (let i = 0, o = 0; i < n; i++) {
      for (let k = deg[i]; k < deg[i + 1]; k++) {
        if (!keep[k] || rawVal[k] === 0) continue;
        col[o] = rawCol[k];
        val[o++] = rawVal[k];
      }
    }
    const hh = new Float64Array(n);
    if (h) {
      if (h.length !== n) throw new SpecError('IsingModel.h', `${n} biases`, h.length);
      for (let i = 0; i < n; i++) hh[i] = h[i];
    }
    return new IsingModel(n, rowPtr, col, val, hh, offset);
  }

  /** E(m), including the constant offset. */
  energy(m: ArrayLike<number>): number {
    let e2 = 0;
    let eh = 0;
    const { rowPtr, col, val, h } = this;
    for (let i = 0; i < this.n; i++) {
      let f = 0;
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) f += val[k] * m[col[k]];
      e2 += f * m[i];
      eh += h[i] * m[i];
    }
    return -0.5 * e2 - eh + this.offset;
  }

  /** Local field f_i = Σ_j J_ij m_j + h_i for every i, written into `out`. */
  localFields(m: ArrayLike<number>, out: Float64Array = new Float64Array(this.n)): Float64Array {
    const { rowPtr, col, val, h } = this;
    for (let i = 0; i < this.n; i++) {
      let f = h[i];
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) f += val[k] * m[col[k]];
      out[i] = f;
    }
    return out;
  }

  /** Maximum vertex degree. */
  maxDegree(): number {
    let d = 0;
    for (let i = 0; i < this.n; i++) d = Math.max(d, this.rowPtr[i + 1] - this.rowPtr[i]);
    return d;
  }
}
