import { SpecError, type Rng } from '@spinsnn/core';
import { isIdealDevice, pbitParams, sampleSpread, type DeviceSpread, type PbitParams } from '@spinsnn/backends';

/**
 * A restricted Boltzmann machine of ±1 p-bits: E(v, h) = −Σ W_ij v_i h_j − Σ a_i v_i − Σ b_j h_j.
 * The graph is bipartite, so the two layers are the two colours of chromatic Gibbs: all hidden
 * p-bits update at once given v, then all visible ones given h (docs/ising.md §5). Every update is the
 * p-bit rule m = sgn(tanh(β_k (I_k + o_k)) − r) with the device spread of the pbit backend.
 */
export class PbitRbm {
  readonly W: Float64Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** Device variation of the nv + nh p-bits (visible first). */
  readonly variation: DeviceSpread;
  /** p-bit updates performed (for energy accounting). */
  updates = 0;
  private readonly hBuf: Float64Array;
  private readonly vBuf: Float64Array;

  constructor(
    readonly nv: number,
    readonly nh: number,
    readonly rng: Rng,
    opts: { device?: PbitParams; initScale?: number } = {},
  ) {
    if (!(Number.isInteger(nv) && nv >= 1 && Number.isInteger(nh) && nh >= 1))
      throw new SpecError('rbm', 'whole numbers of visible and hidden units ≥ 1', `${nv}, ${nh}`);
    this.W = new Float64Array(nv * nh);
    const s = opts.initScale ?? 0.01;
    for (let k = 0; k < this.W.length; k++) this.W[k] = s * rng.normal();
    this.a = new Float64Array(nv);
    this.b = new Float64Array(nh);
    const device = opts.device ?? pbitParams();
    this.variation = isIdealDevice(device)
      ? { betaScale: new Float64Array(nv + nh).fill(1), offset: new Float64Array(nv + nh) }
      : sampleSpread(device, nv + nh, rng.fork(0x7a71));
    this.hBuf = new Float64Array(nh);
    this.vBuf = new Float64Array(nv);
  }

  /** Hidden input I_j = b_j + Σ_i W_ij v_i. */
  hiddenInput(v: ArrayLike<number>, out: Float64Array = this.hBuf): Float64Array {
    const { nv, nh, W } = this;
    for (let j = 0; j < nh; j++) out[j] = this.b[j];
    for (let i = 0; i < nv; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      const row = i * nh;
      for (let j = 0; j < nh; j++) out[j] += W[row + j] * vi;
    }
    return out;
  }

  /** Visible input I_i = a_i + Σ_j W_ij h_j. */
  visibleInput(h: ArrayLike<number>, out: Float64Array = this.vBuf): Float64Array {
    const { nv, nh, W } = this;
    for (let i = 0; i < nv; i++) {
      let s = this.a[i];
      const row = i * nh;
      for (let j = 0; j < nh; j++) s += W[row + j] * h[j];
      out[i] = s;
    }
    return out;
  }

  /** p-bit update of a whole layer from its inputs (β = 1: the weights carry the scale). */
  private sampleLayer(input: Float64Array, out: Int8Array | Float64Array, base: number): void {
    const bs = this.variation.betaScale,
      off = this.variation.offset;
    for (let k = 0; k < input.length; k++) {
      const u = bs[base + k] * (input[k] + off[base + k]);
      out[k] = this.rng.uniform32() * 2 - 1 < Math.tanh(u) ? 1 : -1;
    }
    this.updates += input.length;
  }

  sampleHidden(v: ArrayLike<number>, out: Int8Array | Float64Array): void {
    this.sampleLayer(this.hiddenInput(v), out, this.nv);
  }

  sampleVisible(h: ArrayLike<number>, out: Int8Array | Float64Array): void {
    this.sampleLayer(this.visibleInput(h), out, 0);
  }

  /**
   * One contrastive-divergence step (CD-k, Hinton 2002) on a mini-batch of ±1 visible vectors:
   * positive phase with v clamped to the data (hidden means tanh(I) for lower variance), negative
   * phase after k rounds of chromatic Gibbs from the data. With `persistent` chains (PCD,
   * Tieleman 2008) the negative phase continues from the previous chains instead.
   */
  cdStep(batch: readonly ArrayLike<number>[], lr: number, k = 1, persistent?: Int8Array[]): void {
    const { nv, nh } = this;
    const gW = new Float64Array(nv * nh),
      ga = new Float64Array(nv),
      gb = new Float64Array(nh);
    const h = new Int8Array(nh),
      vNeg = new Int8Array(nv);
    const hm = new Float64Array(nh);
    for (let s = 0; s < batch.length; s++) {
      const v = batch[s];
      this.hiddenInput(v, hm);
      for (let j = 0; j < nh; j++) hm[j] = Math.tanh(hm[j]);
      for (let i = 0; i < nv; i++) {
        ga[i] += v[i];
        for (let j = 0; j < nh; j++) gW[i * nh + j] += v[i] * hm[j];
      }
      for (let j = 0; j < nh; j++) gb[j] += hm[j];
      // negative phase
      const chain = persistent ? persistent[s % persistent.length] : null;
      if (chain) vNeg.set(chain);
      else for (let i = 0; i < nv; i++) vNeg[i] = v[i] > 0 ? 1 : -1;
      for (let step = 0; step < k; step++) {
        this.sampleHidden(vNeg, h);
        this.sampleVisible(h, vNeg);
      }
      if (chain) chain.set(vNeg);
      this.hiddenInput(vNeg, hm);
      for (let j = 0; j < nh; j++) hm[j] = Math.tanh(hm[j]);
      for (let i = 0; i < nv; i++) {
        ga[i] -= vNeg[i];
        for (let j = 0; j < nh; j++) gW[i * nh + j] -= vNeg[i] * hm[j];
      }
      for (let j = 0; j < nh; j++) gb[j] -= hm[j];
    }
    const scale = lr / batch.length;
    for (let x = 0; x < gW.length; x++) this.W[x] += scale * gW[x];
    for (let i = 0; i < nv; i++) this.a[i] += scale * ga[i];
    for (let j = 0; j < nh; j++) this.b[j] += scale * gb[j];
  }

  /** Free energy F(v) = −Σ a_i v_i − Σ_j log(2 cosh I_j(v)); p(v) = e^{−F(v)}/Z. */
  freeEnergy(v: ArrayLike<number>): number {
    let f = 0;
    for (let i = 0; i < this.nv; i++) f -= this.a[i] * v[i];
    const I = this.hiddenInput(v);
    for (let j = 0; j < this.nh; j++) {
      const x = Math.abs(I[j]);
      f -= x + Math.log1p(Math.exp(-2 * x)); // log(2 cosh x), stable
    }
    return f;
  }

  /** log Z by enumerating the 2^nv visible states (nv ≤ 20). */
  logPartition(): number {
    if (this.nv > 20) throw new SpecError('rbm.logPartition', 'at most 20 visible units (2^nv states are enumerated)', this.nv);
    const v = new Int8Array(this.nv);
    const S = 1 << this.nv;
    const neg = new Float64Array(S);
    let max = -Infinity;
    for (let c = 0; c < S; c++) {
      for (let i = 0; i < this.nv; i++) v[i] = (c >>> i) & 1 ? 1 : -1;
      neg[c] = -this.freeEnergy(v);
      if (neg[c] > max) max = neg[c];
    }
    let z = 0;
    for (let c = 0; c < S; c++) z += Math.exp(neg[c] - max);
    return max + Math.log(z);
  }

  /** Mean exact log-likelihood (nats) of ±1 visible vectors. */
  logLikelihood(data: readonly ArrayLike<number>[]): number {
    const logZ = this.logPartition();
    let s = 0;
    for (const v of data) s += -this.freeEnergy(v) - logZ;
    return s / data.length;
  }

  /** Mean fraction of visible units wrong after one v → h → v p-bit round trip. */
  reconstructionError(data: readonly ArrayLike<number>[]): number {
    const h = new Int8Array(this.nh),
      v2 = new Int8Array(this.nv);
    let wrong = 0;
    for (const v of data) {
      this.sampleHidden(v, h);
      this.sampleVisible(h, v2);
      for (let i = 0; i < this.nv; i++) if (v2[i] !== (v[i] > 0 ? 1 : -1)) wrong++;
    }
    return wrong / (data.length * this.nv);
  }
}

/** All bars-and-stripes patterns of a side × side grid as ±1 vectors (2^(side+1) − 2 distinct). */
export function barsAndStripes(side: number): Int8Array[] {
  const out = new Map<string, Int8Array>();
  for (let mask = 0; mask < 1 << side; mask++) {
    for (const vertical of [false, true]) {
      const v = new Int8Array(side * side);
      for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) v[r * side + c] = (mask >>> (vertical ? c : r)) & 1 ? 1 : -1;
      out.set(v.join(','), v);
    }
  }
  return [...out.values()];
}
