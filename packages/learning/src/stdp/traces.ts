import { SpecError, restoreArray, stateNumber, type StateRecord } from '@spinsnn/core';

/**
 * A bank of exponentially decaying traces that a rule reads for *many* neurons at one instant
 * (a presynaptic spike reads the post trace of every target). A trace kept per neuron would cost one
 * exp per read; here every trace is stored relative to a shared reference time tRef,
 *
 *   x_j(t) = a_j · e^(−(t − tRef)/τ),
 *
 * so one exp per event (`scale(t)`) serves all reads: x_j = a_j · scale. Still lazy — no work
 * between spikes. The reference is moved forward (all a_j rescaled) when e^((t − tRef)/τ) would
 * grow past 2^300, so the stored numbers stay finite; the rebase points depend only on the
 * spike times, so a run is exactly reproducible.
 */
export class ScaledTraces {
  /** a_j: trace value at tRef (may be huge for recent spikes; read through value()). */
  readonly a: Float64Array;
  tRef = 0;
  private readonly invTau: number;
  private readonly maxSpan: number;
  private scaleT = NaN;
  private scaleV = 1;

  constructor(
    readonly size: number,
    readonly tau: number,
  ) {
    if (!(tau > 0) || !Number.isFinite(tau)) throw new SpecError('trace tau', 'a finite time constant in seconds > 0', tau);
    this.a = new Float64Array(size);
    this.invTau = 1 / tau;
    this.maxSpan = 300 * Math.LN2 * tau;
  }

  /** e^(−(t − tRef)/τ), cached for repeated calls at one instant; rebases when needed. */
  scale(t: number): number {
    if (t === this.scaleT) return this.scaleV;
    if (t - this.tRef > this.maxSpan) this.rebase(t);
    this.scaleT = t;
    this.scaleV = Math.exp((this.tRef - t) * this.invTau);
    return this.scaleV;
  }

  value(j: number, t: number): number {
    const sc = this.scale(t); // first: it may rebase a
    return this.a[j] * sc;
  }

  /** All-to-all interaction: x_j ← x_j + amount at t. */
  add(j: number, t: number, amount: number): void {
    const inv = amount / this.scale(t); // first: it may rebase a (so not `a[j] += …/scale`)
    this.a[j] += inv;
  }

  /** Nearest-spike interaction: x_j ← v at t. */
  set(j: number, t: number, v: number): void {
    this.a[j] = v / this.scale(t);
  }

  private rebase(t: number): void {
    const f = Math.exp((this.tRef - t) * this.invTau);
    const a = this.a;
    for (let j = 0; j < a.length; j++) {
      const x = a[j] * f;
      a[j] = x < 1e-300 ? 0 : x;
    }
    this.tRef = t;
    this.scaleT = NaN;
  }

  reset(): void {
    this.a.fill(0);
    this.scaleT = NaN;
  }

  /** State for a checkpoint (copy). */
  snapshot(): StateRecord {
    return { a: this.a.slice(), tRef: this.tRef };
  }

  restore(s: StateRecord): void {
    restoreArray(this.a, s.a, 'snapshot of a trace.a');
    this.tRef = stateNumber(s, 'tRef', 'snapshot of a trace');
    this.scaleT = NaN;
  }
}
