import type { IsingModel } from './model.js';

/** A proper vertex colouring: classes[c] lists the vertices of colour c. */
export interface Colouring {
  readonly colours: number;
  readonly colourOf: Int32Array;
  readonly classes: readonly Int32Array[];
}

/**
 * DSATUR (Brélaz 1979): repeatedly colour the uncoloured vertex with the most distinct neighbour
 * colours (ties: highest degree, then lowest id) with the smallest colour not used by its
 * neighbours. This is the colouring Aadit et al. 2022 use for chromatic Gibbs; O(n² + m) with a
 * linear scan, fine for the ≤ 20k-vertex graphs here and run once per model.
 */
export function dsatur(model: IsingModel): Colouring {
  const { n, rowPtr, col } = model;
  const colourOf = new Int32Array(n).fill(-1);
  const sat = new Int32Array(n);
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) degree[i] = rowPtr[i + 1] - rowPtr[i];
  // seen[i] holds the neighbour colours of i as a bitset grown on demand.
  const seen: Uint32Array[] = Array.from({ length: n }, () => new Uint32Array(1));
  const has = (i: number, c: number): boolean => (c >>> 5) < seen[i].length && (seen[i][c >>> 5] & (1 << (c & 31))) !== 0;
  let colours = 0;
  for (let step = 0; step < n; step++) {
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (colourOf[i] >= 0) continue;
      if (best < 0 || sat[i] > sat[best] || (sat[i] === sat[best] && degree[i] > degree[best])) best = i;
    }
    let c = 0;
    while (has(best, c)) c++;
    colourOf[best] = c;
    if (c + 1 > colours) colours = c + 1;
    for (let k = rowPtr[best]; k < rowPtr[best + 1]; k++) {
      const j = col[k];
      if (colourOf[j] >= 0 || has(j, c)) continue;
      const word = c >>> 5;
      if (word >= seen[j].length) {
        const grown = new Uint32Array(word + 1);
        grown.set(seen[j]);
        seen[j] = grown;
      }
      seen[j][word] |= 1 << (c & 31);
      sat[j]++;
    }
  }
  const counts = new Int32Array(colours);
  for (let i = 0; i < n; i++) counts[colourOf[i]]++;
  const classes = Array.from(counts, (k) => new Int32Array(k));
  counts.fill(0);
  for (let i = 0; i < n; i++) classes[colourOf[i]][counts[colourOf[i]]++] = i;
  return { colours, colourOf, classes };
}

/** True when no coupling joins two vertices of the same colour. */
export function isProperColouring(model: IsingModel, colourOf: ArrayLike<number>): boolean {
  for (let i = 0; i < model.n; i++) {
    for (let k = model.rowPtr[i]; k < model.rowPtr[i + 1]; k++) if (colourOf[model.col[k]] === colourOf[i]) return false;
  }
  return true;
}
