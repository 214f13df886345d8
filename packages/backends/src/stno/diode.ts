/**
 * Spin-diode (rectification) response of an MTJ for RF synapses (docs/physics.md §4.4; Ross 2023):
 *
 *   V_dc(f) = V0 [S L(f) + A L_a(f)],  L = Γ²/((f − f_r)² + Γ²),  L_a = (f − f_r) Γ/((f − f_r)² + Γ²)
 *   V0 ∝ I_rf²: V0 = k_rect · I_rf²
 *
 * The synaptic weight of an input at frequency f_k is V_dc(f_k); it is tuned by moving f_r (with
 * the bias current or field). Junctions in series add their rectified voltages.
 */
export interface SpinDiode {
  /** Resonance frequency f_r (Hz). */
  readonly fr: number;
  /** Half-width Γ (Hz). */
  readonly linewidth: number;
  /** Rectification coefficient k_rect (V/A²). */
  readonly kRect: number;
  /** Symmetric and antisymmetric weights S, A. */
  readonly symmetric: number;
  readonly antisymmetric: number;
}

/** Rectified dc voltage (V) of one junction driven by an RF current of amplitude iRf (A) at f (Hz). */
export function spinDiodeVoltage(d: SpinDiode, f: number, iRf: number): number {
  const x = f - d.fr;
  const g = d.linewidth;
  const den = x * x + g * g;
  return d.kRect * iRf * iRf * ((d.symmetric * g * g) / den + (d.antisymmetric * x * g) / den);
}

/**
 * A series chain of junctions as one RF neuron's synapses: input k (frequency f[k], amplitude
 * iRf[k]) reaches every junction; the output is Σ_j Σ_k V_dc,j(f_k). Junction j is tuned to input j
 * in the usual layout, so its weight for input k = j dominates.
 */
export function spinDiodeChain(chain: readonly SpinDiode[], f: ArrayLike<number>, iRf: ArrayLike<number>): number {
  let v = 0;
  for (const d of chain) for (let k = 0; k < f.length; k++) v += spinDiodeVoltage(d, f[k], iRf[k]);
  return v;
}

/** Closed-form peak of the lineshape S·L + A·L_a: detuning x (in Γ) of the maximum and its value. */
export function spinDiodePeak(symmetric: number, antisymmetric: number): { x: number; value: number } {
  // d/dx (S + A x)/(x² + 1) = 0 → A x² + 2 S x − A = 0
  const s = symmetric,
    a = antisymmetric;
  const x = a === 0 ? 0 : (-s + Math.sqrt(s * s + a * a)) / a;
  return { x, value: (s + a * x) / (x * x + 1) };
}
