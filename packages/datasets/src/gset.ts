import { DataError } from '@spinsnn/core';
import { baseName } from './paths.js';

/**
 * Gset max-cut instances (Helmberg & Rendl, rudy generator): a header line `n m`, then exactly
 * m lines `i j w` with 1-based vertices and integer weights. Vertices are returned 0-based.
 */
export interface Graph {
  name: string;
  n: number;
  m: number;
  /** Edge endpoints, 0-based, as listed. */
  src: Int32Array;
  dst: Int32Array;
  weight: Float64Array;
}

/** Parses Gset text (`n m` then `i j w` lines, 1-based); `file` names it in errors. */
export function parseGset(text: string, file: string): Graph {
  // the header is checked against the text's size before the text is split or anything allocated
  const eol = text.indexOf('\n');
  const first = (eol < 0 ? text : text.slice(0, eol)).trim();
  if (first === '' && text.trim() === '') throw new DataError(file, 'empty file, expected a header line "n m"');
  const head = first.split(/\s+/);
  const n = Number(head[0]),
    m = Number(head[1]);
  if (head.length !== 2 || !isCount(n) || !isCount(m) || n < 1 || n > MAX_VERTICES) {
    throw new DataError(file, `line 1: "${first.slice(0, 80)}", expected the header "n m" (two whole numbers, 1 ≤ n ≤ ${MAX_VERTICES})`);
  }
  let newlines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) newlines++;
  if (m > newlines) throw new DataError(file, `the header declares ${m} edges but at most ${newlines} edge lines follow (truncated, or a wrong header)`);
  // m edges touch at most 2m vertices; allow isolated ones (G55 has 31), not millions of them
  if (n > 2 * m + MAX_ISOLATED)
    throw new DataError(file, `the header declares n = ${n} vertices for m = ${m} edges (at most 2m + ${MAX_ISOLATED} accepted; a wrong header?)`);
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length - 1 !== m) {
    throw new DataError(file, `the header declares ${m} edges but ${lines.length - 1} edge lines follow${lines.length - 1 < m ? ' (truncated?)' : ''}`);
  }
  const src = new Int32Array(m),
    dst = new Int32Array(m),
    weight = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const f = lines[e + 1].trim().split(/\s+/);
    const i = Number(f[0]),
      j = Number(f[1]),
      w = Number(f[2]);
    if (f.length !== 3 || !Number.isInteger(i) || !Number.isInteger(j) || !Number.isFinite(w)) {
      throw new DataError(file, `line ${e + 2}: "${lines[e + 1].trim()}", expected "i j w" (two vertex numbers and a weight)`);
    }
    if (i < 1 || i > n || j < 1 || j > n) throw new DataError(file, `line ${e + 2}: vertex out of range 1..${n} in "${lines[e + 1].trim()}"`);
    if (i === j) throw new DataError(file, `line ${e + 2}: self-loop on vertex ${i}`);
    src[e] = i - 1;
    dst[e] = j - 1;
    weight[e] = w;
  }
  return { name: baseName(file).replace(/\.txt$/, ''), n, m, src, dst, weight };
}

/** The weight of the cut given by ±1 spins (0-based): Σ over edges with s_i ≠ s_j of w. */
export function cutValue(g: Graph, spins: ArrayLike<number>): number {
  let cut = 0;
  for (let e = 0; e < g.m; e++) if (spins[g.src[e]] !== spins[g.dst[e]]) cut += g.weight[e];
  return cut;
}

const isCount = (x: number): boolean => Number.isInteger(x) && x >= 0;
/** Vertex ids are stored in Int32Array. */
const MAX_VERTICES = 2 ** 31 - 1;
const MAX_ISOLATED = 2 ** 20;
