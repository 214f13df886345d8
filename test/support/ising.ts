/** Ising models the p-bit tests share. */
import { Rng } from '@spinsnn/core';
import { IsingModel } from '@spinsnn/backends';

/** L×L torus with random ±1 couplings (degree 4; right and down neighbour of each site, in that order). */
export function pmTorus(L: number, seed: number): IsingModel {
  const rng = new Rng(seed);
  const from: number[] = [],
    to: number[] = [],
    J: number[] = [];
  for (let y = 0; y < L; y++)
    for (let x = 0; x < L; x++) {
      const i = y * L + x;
      for (const j of [y * L + ((x + 1) % L), ((y + 1) % L) * L + x]) {
        from.push(i);
        to.push(j);
        J.push(rng.uniform() < 0.5 ? 1 : -1);
      }
    }
  return IsingModel.fromEdges(L * L, from, to, J);
}
