import type { IsingModel } from '@spinsnn/backends';

/** A proper vertex colouring: classes[c] lists the vertices of colour c. */
export interface Colouring {
  readonly colours: number;
  readonly colourOf: Int32Array;
  readonly classes: readonly Int32Array[];
}

/**
 * DSATUR (Brélaz 1979): repeatedly colour the uncoloured vertex with the most distinct neighbour
 * colours (ties: highest degree, then lowest id) with the smallest colour not used by its
 * neighbours. The one colouring of the p-bit stack (chromatic Gibbs, Aadit et al. 2022): it is
 * exact on bipartite graphs (2 colours, where largest-degree-first greedy may need more) and
 * never worse than greedy on the Gset graphs. The candidate comes from a max-heap with lazy
 * entries (one push per saturation increase), so it is O((n + m) log n), fine for 10^5-vertex
 * benchmark tori; the choices are those of the plain linear scan.
 */
export function dsatur(model: IsingModel): Colouring {
  const { n, rowPtr, col } = model;
  const colourOf = new Int32Array(n).fill(-1);
  const sat = new Int32Array(n);
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) degree[i] = rowPtr[i + 1] - rowPtr[i];
  // the neighbour colours of i as a bitset: colours 0–31 in low[i], higher ones in high[i] (grown on demand)
  const low = new Uint32Array(n);
  const high = new Map<number, Uint32Array>();
  const has = (i: number, c: number): boolean => {
    if (c < 32) return ((low[i] >>> c) & 1) !== 0;
    const h = high.get(i);
    const w = (c >>> 5) - 1;
    return h !== undefined && w < h.length && (h[w] & (1 << (c & 31))) !== 0;
  };
  const heap = new SatHeap(n + rowPtr[n], degree);
  for (let i = 0; i < n; i++) heap.push(i, 0);
  let colours = 0;
  for (let step = 0; step < n; step++) {
    let best = heap.pop();
    // skip entries made stale by a later saturation increase or by colouring
    while (colourOf[best.v] >= 0 || best.sat !== sat[best.v]) best = heap.pop();
    const v = best.v;
    let c = 0;
    while (has(v, c)) c++;
    colourOf[v] = c;
    if (c + 1 > colours) colours = c + 1;
    for (let k = rowPtr[v]; k < rowPtr[v + 1]; k++) {
      const j = col[k];
      if (colourOf[j] >= 0 || has(j, c)) continue;
      if (c < 32) low[j] |= 1 << c;
      else {
        const w = (c >>> 5) - 1;
        let h = high.get(j);
        if (h === undefined || w >= h.length) {
          const grown = new Uint32Array(w + 1);
          if (h) grown.set(h);
          high.set(j, (h = grown));
        }
        h[w] |= 1 << (c & 31);
      }
      heap.push(j, ++sat[j]);
    }
  }
  const counts = new Int32Array(colours);
  for (let i = 0; i < n; i++) counts[colourOf[i]]++;
  const classes = Array.from(counts, (k) => new Int32Array(k));
  counts.fill(0);
  for (let i = 0; i < n; i++) classes[colourOf[i]][counts[colourOf[i]]++] = i;
  return { colours, colourOf, classes };
}

/** Binary max-heap of (saturation, vertex) entries ordered as DSATUR picks: sat, then degree, then lowest id. */
class SatHeap {
  private readonly v: Int32Array;
  private readonly s: Int32Array;
  private size = 0;

  constructor(
    capacity: number,
    private readonly degree: Int32Array,
  ) {
    this.v = new Int32Array(capacity);
    this.s = new Int32Array(capacity);
  }

  private before(a: number, b: number): boolean {
    const sa = this.s[a],
      sb = this.s[b];
    if (sa !== sb) return sa > sb;
    const va = this.v[a],
      vb = this.v[b];
    const da = this.degree[va],
      db = this.degree[vb];
    return da !== db ? da > db : va < vb;
  }

  private swap(a: number, b: number): void {
    const v = this.v[a],
      s = this.s[a];
    this.v[a] = this.v[b];
    this.s[a] = this.s[b];
    this.v[b] = v;
    this.s[b] = s;
  }

  push(vertex: number, sat: number): void {
    let p = this.size++;
    this.v[p] = vertex;
    this.s[p] = sat;
    while (p > 0) {
      const q = (p - 1) >> 1;
      if (!this.before(p, q)) break;
      this.swap(p, q);
      p = q;
    }
  }

  pop(): { v: number; sat: number } {
    const top = { v: this.v[0], sat: this.s[0] };
    const last = --this.size;
    this.v[0] = this.v[last];
    this.s[0] = this.s[last];
    let p = 0;
    for (;;) {
      const l = 2 * p + 1,
        r = l + 1;
      let b = p;
      if (l < last && this.before(l, b)) b = l;
      if (r < last && this.before(r, b)) b = r;
      if (b === p) break;
      this.swap(p, b);
      p = b;
    }
    return top;
  }
}

/** True when no coupling joins two vertices of the same colour. */
export function isProperColouring(model: IsingModel, colourOf: ArrayLike<number>): boolean {
  for (let i = 0; i < model.n; i++) {
    for (let k = model.rowPtr[i]; k < model.rowPtr[i + 1]; k++) if (colourOf[model.col[k]] === colourOf[i]) return false;
  }
  return true;
}
