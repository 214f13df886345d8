import { SpecError } from '@spinsnn/core';
import { IsingModel } from '@spinsnn/backends';

/**
 * A QUBO min xᵀQx (x ∈ {0,1}, Q given as upper-triangular or full entries (i, j, q)) as an Ising model
 * with the same objective: x = (1 + m)/2, so every assignment keeps its value exactly.
 */
export function isingFromQubo(n: number, entries: readonly (readonly [number, number, number])[], constantTerm = 0): IsingModel {
  const h = new Float64Array(n);
  const from: number[] = [],
    to: number[] = [],
    J: number[] = [];
  let offset = constantTerm;
  for (const [i, j, q] of entries) {
    if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < n && j < n) || !Number.isFinite(q)) {
      throw new SpecError('qubo', `entries (i, j, q) with i, j in 0..${n - 1} and finite q`, `(${i}, ${j}, ${q})`);
    }
    if (i === j) {
      // q x = q (1 + m)/2
      offset += q / 2;
      h[i] -= q / 2;
    } else {
      // q x_i x_j = q (1 + m_i + m_j + m_i m_j)/4 ; E = −J m m − h m ⇒ J = −q/4, h = −q/4
      offset += q / 4;
      h[i] -= q / 4;
      h[j] -= q / 4;
      from.push(i);
      to.push(j);
      J.push(-q / 4);
    }
  }
  return IsingModel.fromEdges(n, from, to, J, h, offset);
}
