import { SpecError, type Rng } from '@spinsnn/core';
import { isIdealDevice, pbitParams, sampleSpread, type DeviceSpread, type PbitParams } from '@spinsnn/backends';
import { monomialVars, type Polynomial } from './polynomial.js';

/**
 * An Ising model with higher-order terms, E(m) = c₀ + Σ_t c_t ∏_{i∈t} m_i (m ∈ {±1}), as Borders
 * et al. 2019 used for factorisation (3- and 4-body terms). The p-bit input is I_i = −∂E/∂m_i
 * (docs/ising.md §1), which reduces to Σ_j J_ij m_j + h_i for pairwise models.
 */
export class HuboModel {
  readonly n: number;
  readonly constant: number;
  /** Term t's variables are termVars[termPtr[t] … termPtr[t+1]). */
  readonly termPtr: Int32Array;
  readonly termVars: Int32Array;
  readonly coeff: Float64Array;
  /** Terms containing variable i: varTerms[varPtr[i] … varPtr[i+1]). */
  readonly varPtr: Int32Array;
  readonly varTerms: Int32Array;

  constructor(n: number, poly: Polynomial) {
    this.n = n;
    let c0 = 0;
    const terms: number[][] = [];
    const coeffs: number[] = [];
    for (const [k, c] of poly) {
      const vars = monomialVars(k);
      for (const v of vars) if (!(v >= 0 && v < n)) throw new SpecError('hubo', `variables in 0..${n - 1}`, v);
      if (vars.length === 0) c0 += c;
      else if (c !== 0) {
        terms.push(vars);
        coeffs.push(c);
      }
    }
    this.constant = c0;
    this.termPtr = new Int32Array(terms.length + 1);
    terms.forEach((t, k) => (this.termPtr[k + 1] = this.termPtr[k] + t.length));
    this.termVars = Int32Array.from(terms.flat());
    this.coeff = Float64Array.from(coeffs);
    const count = new Int32Array(n);
    for (const v of this.termVars) count[v]++;
    this.varPtr = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) this.varPtr[i + 1] = this.varPtr[i] + count[i];
    this.varTerms = new Int32Array(this.varPtr[n]);
    const fill = this.varPtr.slice(0, n);
    terms.forEach((t, k) => {
      for (const v of t) this.varTerms[fill[v]++] = k;
    });
  }

  get terms(): number {
    return this.coeff.length;
  }

  energy(m: ArrayLike<number>): number {
    let e = this.constant;
    for (let t = 0; t < this.coeff.length; t++) {
      let p = this.coeff[t];
      for (let k = this.termPtr[t]; k < this.termPtr[t + 1]; k++) p *= m[this.termVars[k]];
      e += p;
    }
    return e;
  }

  /** p-bit input I_i = −∂E/∂m_i at state m. */
  input(i: number, m: ArrayLike<number>): number {
    let s = 0;
    for (let a = this.varPtr[i]; a < this.varPtr[i + 1]; a++) {
      const t = this.varTerms[a];
      let p = this.coeff[t];
      for (let k = this.termPtr[t]; k < this.termPtr[t + 1]; k++) {
        const v = this.termVars[k];
        if (v !== i) p *= m[v];
      }
      s += p;
    }
    return -s;
  }
}

/**
 * Sequential p-bit sampler for a HuboModel: m_i = sgn(tanh(β_i (I_i + o_i)) − r), I_i evaluated from
 * the terms containing i (these models are small; no incremental fields needed).
 */
export class HuboMachine {
  readonly spins: Int8Array;
  readonly variation: DeviceSpread;
  energy: number;
  updates = 0;
  flips = 0;
  /** Term evaluations (the synaptic work of higher-order p-bit inputs). */
  termVisits = 0;
  /**
   * Current value ∏_{i∈t} m_i of every term: the input of p-bit i is then
   * I_i = −m_i Σ_{t∋i} c_t P_t and a flip of i negates P_t for its terms — no inner products.
   */
  private readonly termValue: Float64Array;

  constructor(
    readonly model: HuboModel,
    readonly rng: Rng,
    opts: { device?: PbitParams; variationRng?: Rng } = {},
  ) {
    const device = opts.device ?? pbitParams();
    this.variation = isIdealDevice(device)
      ? { betaScale: new Float64Array(model.n).fill(1), offset: new Float64Array(model.n) }
      : sampleSpread(device, model.n, opts.variationRng ?? rng.fork(0x7a71));
    this.spins = new Int8Array(model.n);
    this.termValue = new Float64Array(model.terms);
    this.energy = 0;
    this.randomize();
  }

  randomize(): void {
    for (let i = 0; i < this.spins.length; i++) this.spins[i] = this.rng.uniform32() < 0.5 ? -1 : 1;
    this.resync();
  }

  /** Recomputes term values and energy from the spins (also clears accumulated rounding). */
  resync(): void {
    const { termPtr, termVars } = this.model;
    for (let t = 0; t < this.termValue.length; t++) {
      let p = 1;
      for (let k = termPtr[t]; k < termPtr[t + 1]; k++) p *= this.spins[termVars[k]];
      this.termValue[t] = p;
    }
    this.energy = this.model.energy(this.spins);
  }

  sweep(beta: number): void {
    const m = this.spins,
      bs = this.variation.betaScale,
      off = this.variation.offset;
    const { varPtr, varTerms, coeff } = this.model;
    const P = this.termValue;
    for (let i = 0; i < m.length; i++) {
      const a0 = varPtr[i],
        a1 = varPtr[i + 1];
      let s = 0;
      for (let a = a0; a < a1; a++) {
        const t = varTerms[a];
        s += coeff[t] * P[t];
      }
      const mi = m[i];
      const I = -mi * s; // −∂E/∂m_i
      this.termVisits += a1 - a0;
      const x = mi * beta * bs[i] * (I + off[i]);
      if (this.rng.uniform32() * (1 + Math.exp(2 * x)) < 1) {
        this.energy += 2 * mi * I; // E = A + m_i·∂E/∂m_i, so flipping m_i changes E by 2 m_i I_i
        m[i] = -mi;
        for (let a = a0; a < a1; a++) P[varTerms[a]] = -P[varTerms[a]];
        this.flips++;
      }
    }
    this.updates += m.length;
  }
}
