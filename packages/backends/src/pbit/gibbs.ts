/**
 * Discrete-time Gibbs sampling with p-bits on a sparse coupling graph (devices.md §3.2–3.3).
 *
 * The graph is CSR: the neighbours of p-bit i are `targets[offsets[i] .. offsets[i+1])` with
 * couplings `weights[...]`; J must be symmetric with a zero diagonal for the samples to follow
 * P(s) ∝ exp(−β H(s)), H = −½ Σ J_ij s_i s_j − Σ h_i s_i.
 *
 * - `sweepSequential` updates p-bits one at a time in index order, always using the latest
 *   neighbour states: an exact Gibbs sampler.
 * - `sweepChromatic` updates the colour classes of a proper colouring in turn; p-bits of one
 *   colour share no edge, so updating them "at once" is the same as one after the other.
 *
 * Each update draws one uniform r and sets m = +1 iff r < σ(2 β_i u_i): m = sgn(tanh(βu) − r')
 * with r' ~ U(−1,1) is the same event. σ comes from a table with linear interpolation (error
 * ≤ 2.9e-6, checked when the table is built); only when r falls within SIGMOID_GUARD of the
 * tabulated value is σ computed exactly. The decisions are therefore exactly those of the
 * exp-based rule (`update`), at a fraction of its cost (exp dominated the sweep).
 */
import { SpinsnnError, type Rng } from '@spinsnn/core';

/** Sparse symmetric couplings in compressed rows. */
export interface CouplingGraph {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float64Array;
}

/**
 * Builds a symmetric CSR graph from an undirected edge list: edge k joins i[k] and j[k] with
 * coupling w[k] (or w for all edges). Each undirected edge is given once.
 */
export function couplingGraph(n: number, i: ArrayLike<number>, j: ArrayLike<number>, w: ArrayLike<number> | number): CouplingGraph {
  const m = i.length;
  if (j.length !== m || (typeof w !== 'number' && w.length !== m)) {
    throw new RangeError(`couplingGraph: edge arrays differ in length (i ${m}, j ${j.length}, w ${typeof w === 'number' ? 'scalar' : w.length})`);
  }
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) {
    const a = i[k], b = j[k];
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a < n && b >= 0 && b < n)) {
      throw new RangeError(`couplingGraph: edge ${k} (${a}, ${b}) has an index outside 0..${n - 1}`);
    }
    if (a === b) throw new RangeError(`couplingGraph: edge ${k} is a self-loop on ${a}; p-bit couplings need a zero diagonal`);
    offsets[a + 1]++;
    offsets[b + 1]++;
  }
  for (let k = 0; k < n; k++) offsets[k + 1] += offsets[k];
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(offsets[n]);
  const weights = new Float64Array(offsets[n]);
  for (let k = 0; k < m; k++) {
    const a = i[k], b = j[k], wk = typeof w === 'number' ? w : w[k];
    targets[fill[a]] = b; weights[fill[a]++] = wk;
    targets[fill[b]] = a; weights[fill[b]++] = wk;
  }
  return { n, offsets, targets, weights };
}

/** Greedy proper colouring (largest degree first); returns colour per node and the class lists. */
export function greedyColouring(g: CouplingGraph): { colour: Int32Array; classes: Int32Array[] } {
  const { n, offsets, targets } = g;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => offsets[b + 1] - offsets[b] - (offsets[a + 1] - offsets[a]) || a - b);
  const colour = new Int32Array(n).fill(-1);
  const used = new Int32Array(n + 1).fill(-1);
  let nColours = 0;
  for (const i of order) {
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const c = colour[targets[k]];
      if (c >= 0) used[c] = i;
    }
    let c = 0;
    while (used[c] === i) c++;
    colour[i] = c;
    if (c + 1 > nColours) nColours = c + 1;
  }
  const counts = new Int32Array(nColours);
  for (let i = 0; i < n; i++) counts[colour[i]]++;
  const classes = Array.from({ length: nColours }, (_, c) => new Int32Array(counts[c]));
  counts.fill(0);
  for (let i = 0; i < n; i++) classes[colour[i]][counts[colour[i]]++] = i;
  return { colour, classes };
}

/** Tabulated σ(x) on [−SIGMOID_RANGE, SIGMOID_RANGE], SIGMOID_STEPS points per unit. */
const SIGMOID_RANGE = 20;
const SIGMOID_STEPS = 64;
/** Decisions closer than this to the tabulated σ are recomputed exactly. */
export const SIGMOID_GUARD = 1e-5;
const SIGMOID = (() => {
  const n = 2 * SIGMOID_RANGE * SIGMOID_STEPS + 2;
  const t = new Float64Array(n);
  for (let j = 0; j < n; j++) t[j] = 1 / (1 + Math.exp(-(j / SIGMOID_STEPS - SIGMOID_RANGE)));
  // interpolation error ≤ h²/8 · max|σ''| = 2.9e-6 for h = 1/64 (max|σ''| = 0.096), and σ(±20)
  // is 2e-9 from 0 or 1. Decisions are exact while the error stays below the guard; demand half
  // of it, for rounding headroom, and verify rather than trust the estimate.
  let worst = 0;
  for (let x = -SIGMOID_RANGE - 2; x <= SIGMOID_RANGE + 2; x += 1 / 1024 + 1e-7) worst = Math.max(worst, Math.abs(sigmoidTable(t, x) - 1 / (1 + Math.exp(-x))));
  if (!(worst < SIGMOID_GUARD / 2)) throw new Error(`p-bit sigmoid table error ${worst} exceeds its guard band`);
  return t;
})();

function sigmoidTable(t: Float64Array, x: number): number {
  let y = (x + SIGMOID_RANGE) * SIGMOID_STEPS;
  y = y < 0 ? 0 : y > t.length - 2 ? t.length - 2 : y;
  const j = y | 0;
  const a = t[j];
  return a + (y - j) * (t[j + 1] - a);
}

/** Fields of a sampler: states and per-device gains/offsets (typed arrays, reused). */
export class GibbsSampler {
  /** Spins ±1. */
  readonly m: Int8Array;
  /** Per-p-bit gain β_i (already including the device spread). */
  readonly beta: Float64Array;
  /** Per-p-bit bias: h_i + offset_i. */
  readonly bias: Float64Array;
  /** Uniform draws for one sweep, filled from the Rng in one call (cheaper than a call per update). */
  private readonly uniforms: Float64Array;
  /** Number of single-p-bit updates done. */
  updates = 0;
  /** Number of updates that changed a state. */
  flips = 0;

  constructor(readonly graph: CouplingGraph, h: ArrayLike<number> | null, beta: number | Float64Array, private readonly rng: Rng) {
    const n = graph.n;
    this.m = new Int8Array(n);
    this.uniforms = new Float64Array(n);
    for (let i = 0; i < n; i++) this.m[i] = rng.uniform32() < 0.5 ? -1 : 1;
    this.beta = typeof beta === 'number' ? new Float64Array(n).fill(beta) : Float64Array.from(beta);
    if (this.beta.length !== n) throw new SpinsnnError(`GibbsSampler: ${this.beta.length} gains for ${n} p-bits`);
    this.bias = new Float64Array(n);
    if (h) {
      if (h.length !== n) throw new SpinsnnError(`GibbsSampler: ${h.length} fields h for ${n} p-bits`);
      for (let i = 0; i < n; i++) this.bias[i] = h[i];
    }
  }

  /** Sets every gain to β (annealing schedules call this between sweeps). */
  setBeta(beta: number): void {
    this.beta.fill(beta);
  }

  /** Updates p-bit i once. */
  update(i: number): void {
    const { offsets, targets, weights } = this.graph;
    const m = this.m;
    let u = this.bias[i];
    for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) u += weights[k] * m[targets[k]];
    const s = this.rng.uniform32() * (1 + Math.exp(-2 * this.beta[i] * u)) < 1 ? 1 : -1;
    if (s !== m[i]) {
      m[i] = s;
      this.flips++;
    }
    this.updates++;
  }

  /** `sweeps` sequential sweeps in index order. */
  sweepSequential(sweeps = 1): void {
    const { n, offsets, targets, weights } = this.graph;
    const { m, beta, bias, rng, uniforms } = this;
    const table = SIGMOID, top = table.length - 2;
    let flips = 0;
    for (let s = 0; s < sweeps; s++) {
      rng.fillUniform32(uniforms);
      let k = 0;
      for (let i = 0; i < n; i++) {
        let u = bias[i];
        for (const e = offsets[i + 1]; k < e; k++) u += weights[k] * m[targets[k]];
        const x = 2 * beta[i] * u;
        const r = uniforms[i];
        let y = (x + SIGMOID_RANGE) * SIGMOID_STEPS;
        y = y < 0 ? 0 : y > top ? top : y;
        const j = y | 0;
        const a = table[j];
        const d = r - (a + (y - j) * (table[j + 1] - a));
        // r < σ(x), decided by the table unless r is within the guard band
        const up = d < -SIGMOID_GUARD || (d <= SIGMOID_GUARD && r * (1 + Math.exp(-x)) < 1);
        const v = up ? 1 : -1;
        flips += (1 - v * m[i]) >> 1;
        m[i] = v;
      }
    }
    this.flips += flips;
    this.updates += sweeps * n;
  }

  /** `sweeps` sweeps over the colour classes (a proper colouring, e.g. `greedyColouring`). */
  sweepChromatic(classes: readonly Int32Array[], sweeps = 1): void {
    const { offsets, targets, weights } = this.graph;
    const { m, beta, bias, rng, uniforms } = this;
    const table = SIGMOID, top = table.length - 2;
    let flips = 0, updates = 0;
    for (let s = 0; s < sweeps; s++) {
      rng.fillUniform32(uniforms);
      let r = 0; // the colour classes partition the p-bits: one uniform each
      for (const cls of classes) {
        for (let c = 0; c < cls.length; c++) {
          const i = cls[c];
          let u = bias[i];
          for (let k = offsets[i], e = offsets[i + 1]; k < e; k++) u += weights[k] * m[targets[k]];
          const x = 2 * beta[i] * u;
          const ru = uniforms[r++];
          let y = (x + SIGMOID_RANGE) * SIGMOID_STEPS;
          y = y < 0 ? 0 : y > top ? top : y;
          const j = y | 0;
          const a = table[j];
          const d = ru - (a + (y - j) * (table[j + 1] - a));
          const v = d < -SIGMOID_GUARD || (d <= SIGMOID_GUARD && ru * (1 + Math.exp(-x)) < 1) ? 1 : -1;
          flips += (1 - v * m[i]) >> 1;
          m[i] = v;
        }
        updates += cls.length;
      }
    }
    this.flips += flips;
    this.updates += updates;
  }

  /** Ising energy H(s) = −½ Σ_ij J_ij s_i s_j − Σ_i h_i s_i (h here includes offsets). */
  energy(): number {
    const { n, offsets, targets, weights } = this.graph;
    const m = this.m;
    let e = 0;
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let k = offsets[i]; k < offsets[i + 1]; k++) u += weights[k] * m[targets[k]];
      e -= 0.5 * m[i] * u + this.bias[i] * m[i];
    }
    return e;
  }
}
