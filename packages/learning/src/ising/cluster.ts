import type { Rng } from '@spinsnn/core';
import type { PbitMachine } from './machine.js';

/**
 * Houdayer's isoenergetic cluster move (Houdayer 2001; Zhu, Ochoa & Katzgraber, PRL 115, 077201
 * (2015)) between two replicas at the same temperature: pick a site where they disagree, grow the
 * connected cluster of disagreeing sites, and flip it in both. The pair's total energy is unchanged
 * (every boundary bond changes sign in one replica and back in the other), so the move is always
 * accepted and preserves the product Boltzmann distribution, while moving whole domains at once —
 * which single p-bit updates cannot do at low temperature on sparse graphs.
 * Returns the cluster size (0 when the replicas agree everywhere after `tries` random probes).
 * `stack` and `mark` are caller-owned scratch of length n (no allocation per move).
 */
export function houdayerMove(a: PbitMachine, b: PbitMachine, rng: Rng, stack: Int32Array, mark: Uint8Array, tries = 32): number {
  const sa = a.spins,
    sb = b.spins;
  const n = sa.length;
  let seed = -1;
  for (let t = 0; t < tries; t++) {
    const i = rng.int(n);
    if (sa[i] !== sb[i]) {
      seed = i;
      break;
    }
  }
  if (seed < 0) return 0;
  const { rowPtr, col } = a.model;
  let top = 0,
    size = 0;
  stack[top++] = seed;
  mark[seed] = 1;
  // Collect the cluster first (flipping during the search would change which sites disagree).
  const members = stack; // members are written from the end of the same buffer
  let tail = n;
  while (top > 0) {
    const i = stack[--top];
    members[--tail] = i;
    size++;
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      const j = col[e];
      if (mark[j] === 0 && sa[j] !== sb[j]) {
        mark[j] = 1;
        stack[top++] = j;
      }
    }
  }
  for (let k = tail; k < n; k++) {
    const i = members[k];
    mark[i] = 0;
    a.flip(i);
    b.flip(i);
  }
  return size;
}
