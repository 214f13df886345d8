import { IsingModel } from '@spinsnn/backends';

/** An undirected weighted graph, each edge listed once (a Gset graph fits). */
export interface WeightedGraph {
  readonly nodes: number;
  readonly from: ArrayLike<number>;
  readonly to: ArrayLike<number>;
  readonly weight: ArrayLike<number>;
}

/**
 * Max-cut as an Ising model (docs/ising.md §2): J = −w, h = 0, so E = Σ_E w s_i s_j and
 * cut = (W − E)/2 with W = Σ w.
 */
export function maxCutModel(g: WeightedGraph): { model: IsingModel; totalWeight: number } {
  const J = new Float64Array(g.weight.length);
  let W = 0;
  for (let e = 0; e < J.length; e++) {
    J[e] = -g.weight[e];
    W += g.weight[e];
  }
  return { model: IsingModel.fromEdges(g.nodes, g.from, g.to, J), totalWeight: W };
}

/** Cut from the energy of the max-cut model: (W − E)/2. */
export function cutFromEnergy(totalWeight: number, energy: number): number {
  return (totalWeight - energy) / 2;
}

/** The cut counted directly on the edge list: Σ w over edges whose ends are on different sides. */
export function cutValue(g: WeightedGraph, spins: ArrayLike<number>): number {
  let cut = 0;
  for (let e = 0; e < g.from.length; e++) if (spins[g.from[e]] !== spins[g.to[e]]) cut += g.weight[e];
  return cut;
}

/**
 * Best-known cut for instance `name` from a Gset folder README: the row of the table under the
 * heading "Best-known cut values", taking the largest value listed in its "Best known" cell
 * (numbers in parentheses are citations, not cuts). null when the README lacks the row.
 */
export function bestKnownCut(readme: string, name: string): number | null {
  const start = readme.search(/^#+\s*Best-known cut/m);
  if (start < 0) return null;
  for (const row of readme.slice(start).split('\n')) {
    const cells = row.split('|').map((c) => c.trim());
    if (cells.length < 4 || cells[1] !== name) continue;
    const values = cells[2].replace(/\([^)]*\)/g, '').match(/\d+/g);
    if (values) return Math.max(...values.map(Number));
  }
  return null;
}
