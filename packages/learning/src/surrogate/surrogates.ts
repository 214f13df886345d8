import { SpecError } from '@spinsnn/core';

/**
 * Surrogate derivatives of the spike (Heaviside) function, each the exact derivative of a smooth
 * step σ(x) that rises from 0 to 1 around x = 0 (x = v − θ), with the steepness `slope` k:
 *
 * - `fast_sigmoid`: σ(x) = ½(1 + kx/(1 + k|x|)), σ'(x) = k / (2(1 + k|x|)²)   (Zenke & Ganguli 2018, SuperSpike)
 * - `arctan`:       σ(x) = ½ + atan(πkx/2)/π,    σ'(x) = (k/2) / (1 + (πkx/2)²) (Fang et al. 2021, SpikingJelly ATan)
 * - `triangle`:     σ'(x) = k·max(0, 1 − k|x|), σ = its integral (Esser et al. 2016; Bellec et al. 2018)
 *
 * Every σ' integrates to 1, so the surrogate carries the same total "mass" as the Dirac delta it replaces.
 */
export type SurrogateKind = 'fast_sigmoid' | 'arctan' | 'triangle';

/** The names `--surrogate` accepts. */
export const SURROGATE_KINDS: readonly SurrogateKind[] = ['fast_sigmoid', 'arctan', 'triangle'];

/** Default steepness per kind (snnTorch's fast_sigmoid slope 25 is for mV-scale; these suit θ = 1). */
export const DEFAULT_SLOPE: Readonly<Record<SurrogateKind, number>> = { fast_sigmoid: 5, arctan: 2, triangle: 1 };

/** Checks a surrogate name, with a typed error listing the valid ones. */
export function surrogateKind(name: string): SurrogateKind {
  if (!(SURROGATE_KINDS as readonly string[]).includes(name)) throw new SpecError('surrogate', `one of ${SURROGATE_KINDS.join(', ')}`, name);
  return name as SurrogateKind;
}

/** The smooth step σ(x) whose derivative is the surrogate (float64, for tests and references). */
export function smoothStep(kind: SurrogateKind, k: number, x: number): number {
  switch (kind) {
    case 'fast_sigmoid':
      return 0.5 * (1 + (k * x) / (1 + k * Math.abs(x)));
    case 'arctan':
      return 0.5 + Math.atan((Math.PI * k * x) / 2) / Math.PI;
    case 'triangle': {
      const u = Math.max(-1, Math.min(1, k * x));
      return 0.5 + (u >= 0 ? u - (u * u) / 2 : u + (u * u) / 2);
    }
  }
}

/** σ'(x), the surrogate derivative (float64). */
export function surrogateDerivative(kind: SurrogateKind, k: number, x: number): number {
  switch (kind) {
    case 'fast_sigmoid': {
      const d = 1 + k * Math.abs(x);
      return k / (2 * d * d);
    }
    case 'arctan': {
      const a = (Math.PI * k * x) / 2;
      return k / 2 / (1 + a * a);
    }
    case 'triangle':
      return k * Math.max(0, 1 - k * Math.abs(x));
  }
}
