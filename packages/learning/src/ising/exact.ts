import { SpecError } from '@spinsnn/core';

/** Energy function on ±1 spins, for enumeration. */
export interface EnergyFn {
  readonly n: number;
  energy(m: ArrayLike<number>): number;
}

/** State code ↔ spins: bit i of the code set ⇔ m_i = +1. */
export function spinsFromCode(code: number, n: number, out = new Int8Array(n)): Int8Array {
  for (let i = 0; i < n; i++) out[i] = (code >>> i) & 1 ? 1 : -1;
  return out;
}

/** The integer whose bit i is set where spin i is up. */
export function codeFromSpins(m: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < m.length; i++) if (m[i] > 0) c |= 1 << i;
  return c >>> 0;
}

/** Exact Boltzmann probabilities exp(−βE)/Z of all 2^n states (n ≤ 20), indexed by state code. */
export function exactBoltzmann(model: EnergyFn, beta: number): Float64Array {
  const n = model.n;
  if (n > 20) throw new SpecError('exactBoltzmann.n', 'at most 20 spins (2^n states are enumerated)', n);
  const S = 1 << n;
  const energies = new Float64Array(S);
  const m = new Int8Array(n);
  let eMin = Infinity;
  for (let c = 0; c < S; c++) {
    spinsFromCode(c, n, m);
    energies[c] = model.energy(m);
    if (energies[c] < eMin) eMin = energies[c];
  }
  let z = 0;
  for (let c = 0; c < S; c++) {
    energies[c] = Math.exp(-beta * (energies[c] - eMin));
    z += energies[c];
  }
  for (let c = 0; c < S; c++) energies[c] /= z;
  return energies;
}

/** Total-variation distance ½ Σ |p − q| between two distributions on the same states. */
export function totalVariation(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) d += Math.abs(p[i] - q[i]);
  return d / 2;
}
