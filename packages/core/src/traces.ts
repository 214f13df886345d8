/**
 * Exponentially decaying traces kept lazily: each stores its value at the time it was last
 * touched and decays analytically when read, so a trace costs nothing between spikes
 * (no per-step work). Used by STDP rules: x(t) = x(t₀)·e^(−(t − t₀)/τ).
 */
export class LazyTrace {
  readonly value: Float64Array;
  readonly time: Float64Array;
  private readonly invTau: number;

  constructor(size: number, readonly tau: number) {
    if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`trace time constant must be a finite number of seconds > 0, got ${tau}`);
    this.value = new Float64Array(size);
    this.time = new Float64Array(size);
    this.invTau = 1 / tau;
  }

  /** Value of trace i at time t (t ≥ its last update). */
  get(i: number, t: number): number {
    const v = this.value[i];
    return v === 0 ? 0 : v * Math.exp((this.time[i] - t) * this.invTau);
  }

  /** Decays trace i to t, then adds `amount` (all-to-all interaction: x ← x + a). */
  add(i: number, t: number, amount: number): void {
    this.value[i] = this.get(i, t) + amount;
    this.time[i] = t;
  }

  /** Sets trace i to `value` at t (nearest-spike interaction: x ← a). */
  set(i: number, t: number, value: number): void {
    this.value[i] = value;
    this.time[i] = t;
  }

  reset(): void {
    this.value.fill(0);
    this.time.fill(0);
  }
}
