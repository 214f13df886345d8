/**
 * Domain statistics of Ising-machine runs (time to solution, run quantiles, energy per solution)
 * and the semiprimes factoring benchmarks sweep over: library functions, so results reported by
 * the CLI can be recomputed by a user.
 */
import { SpecError } from '@spinsnn/core';
import { CMOS_INT8_MAC_J, CMOS_PBIT_UPDATE_J, energyPerFlip, pbitParams, type PbitParams } from '@spinsnn/backends';

/**
 * Restarts needed to hit the target with 99 % confidence when one run hits it with probability p:
 * ln(0.01)/ln(1 − p) (1 when p ≥ 0.99; null when p = 0, no hit seen).
 */
export function runsFor99(p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new SpecError('runsFor99.p', 'a hit probability in [0, 1]', p);
  if (p === 0) return null;
  return p >= 0.99 ? 1 : Math.log(0.01) / Math.log(1 - p);
}

/**
 * Time to solution with 99 % confidence from independent restarts: t_run · ln(0.01)/ln(1 − p),
 * divided by the restarts that run at once (`parallel`, e.g. threads). Null when p = 0.
 */
export function tts99(runTime: number, p: number, parallel = 1): number | null {
  if (!(runTime >= 0) || !Number.isFinite(runTime)) throw new SpecError('tts99.runTime', 'a finite time ≥ 0', runTime);
  if (!(Number.isInteger(parallel) && parallel >= 1)) throw new SpecError('tts99.parallel', 'a whole number ≥ 1', parallel);
  const r = runsFor99(p);
  return r === null ? null : (runTime * r) / parallel;
}

/** The q-quantile of ascending `sorted` values as the element at ⌊q·n⌋ (clamped to the last; no interpolation). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new SpecError('quantile', 'at least one value', 'none');
  if (!(q >= 0 && q <= 1)) throw new SpecError('quantile.q', 'a fraction in [0, 1]', q);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** True when N is a product of exactly two primes (counted with multiplicity: 4 = 2·2 is one). */
export function isSemiprime(N: number): boolean {
  if (!Number.isSafeInteger(N)) throw new SpecError('isSemiprime', 'a safe integer', N);
  let k = 0;
  let m = N;
  for (let d = 2; d * d <= m; d++) {
    while (m % d === 0) {
      m /= d;
      if (++k > 2) return false;
    }
  }
  if (m > 1) k++;
  return k === 2;
}

/** The semiprimes in [from, to], ascending. */
export function semiprimes(from: number, to: number): number[] {
  const out: number[] = [];
  for (let N = Math.max(4, Math.ceil(from)); N <= to; N++) if (isSemiprime(N)) out.push(N);
  return out;
}

/** Energy of a run on device p-bits vs CMOS p-bits (J); the synaptic MACs cost the same in both. */
export interface EnergyEstimate {
  readonly energyPerFlipJ: number;
  readonly pbitNeuronJ: number;
  readonly cmosNeuronJ: number;
  readonly synapseJ: number;
  readonly pbitTotalJ: number;
  readonly cmosTotalJ: number;
}

/**
 * Energy of `updates` p-bit updates on hardware where each update also sums `meanDegree`
 * synaptic inputs: the device p-bit (energy per flip from the pbit backend) vs a CMOS p-bit
 * (PRNG + lookup, backends' cmos.ts), with the synaptic INT8 MACs priced the same for both.
 */
export function energyEstimate(updates: number, meanDegree: number, p: PbitParams = pbitParams()): EnergyEstimate {
  const synapseJ = updates * meanDegree * CMOS_INT8_MAC_J;
  const e = energyPerFlip(p);
  return {
    energyPerFlipJ: e,
    pbitNeuronJ: updates * e,
    cmosNeuronJ: updates * CMOS_PBIT_UPDATE_J,
    synapseJ,
    pbitTotalJ: updates * e + synapseJ,
    cmosTotalJ: updates * CMOS_PBIT_UPDATE_J + synapseJ,
  };
}
