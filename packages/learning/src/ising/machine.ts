import { SpecError, type KernelChoice, type Rng } from '@spinsnn/core';
import { GibbsSampler, isIdealDevice, pbitParams, sampleSpread, type DeviceSpread, type IsingModel, type PbitParams } from '@spinsnn/backends';
import { MAX_THRESHOLD_FIELD } from '@spinsnn/backends/internal';
import type { Colouring } from './colouring.js';

/**
 * Update schedule of one sweep (docs/physics.md §3.3):
 * - `sequential`: p-bits one at a time in index order, each seeing the latest neighbours (exact Gibbs).
 * - `coloured`: colour class after colour class; all p-bits of a class update "at once". No coupling
 *   joins two members of a class, so updating them in place one by one is the same as updating them
 *   simultaneously — the emulation is exact, and so is the sampler (chromatic Gibbs).
 * - `synchronous`: every p-bit updates at once from the previous state. Inexact on purpose (it
 *   oscillates on antiferromagnetic pairs); kept to show why colouring is needed.
 */
export type UpdateOrder = 'sequential' | 'coloured' | 'synchronous';

/** Options of a PbitMachine. */
export interface PbitMachineOptions {
  /** Device parameters of the pbit backend (ideal p-bits by default); the schedule sets β. */
  readonly device?: PbitParams;
  /** Draws the device spread (default: a fork of the machine's Rng). */
  readonly variationRng?: Rng;
  readonly colouring?: Colouring;
  /** Initial spins (default: uniformly random). */
  readonly spins?: ArrayLike<number>;
  /** Sweep kernel of the backend's GibbsSampler ('auto': WebAssembly where it runs). */
  readonly kernel?: KernelChoice;
}

/**
 * A p-bit machine on an Ising model: spins m_i ∈ {−1, +1} updated by the p-bit rule
 * m_i = sgn(tanh(β_i (I_i + o_i)) − r), r ~ U(−1, 1), with I_i = Σ_j J_ij m_j + h_i (docs/ising.md §1)
 * and per-device gain β_i and offset o_i from the pbit backend (ideal: β_i = β, o_i = 0).
 *
 * The sweeps are the backend's `GibbsSampler.sweepIncremental` (WebAssembly kernel, TypeScript
 * reference): coupling sums kept up to date on flips, so an update that does not flip costs
 * O(1); for ideal p-bits on integer models `sweepThreshold`, whose flip thresholds come from a
 * table (no exp, no draw where the flip probability is below 2^−33). The gains β·betaScale_i and
 * biases h_i + o_i are written into the sampler, and clamped p-bits are left out of the update
 * order. What this class adds is the algorithm side: clamping, colour orders, the energy and local
 * fields of the source problem, cluster flips and quenches.
 */
export class PbitMachine {
  readonly model: IsingModel;
  readonly rng: Rng;
  readonly device: PbitParams;
  /** Per-device gain scale and offset (all 1 / 0 for ideal p-bits). */
  readonly variation: DeviceSpread;
  /** The backend sampler the sweeps run on. */
  readonly sampler: GibbsSampler;
  /** Spins ±1 (the sampler's array): change them with `setSpins`, or call `recompute()` after writing. */
  readonly spins: Int8Array;
  /** I_i = Σ_j J_ij m_j + h_i; current only after `syncFields()`. */
  readonly field: Float64Array;
  /** p-bit updates performed (every visit of a free p-bit counts, flipped or not). */
  updates = 0;
  /** Updates that changed the state. */
  flips = 0;
  /** Synaptic operations: neighbour sums adjusted after flips (sweeps and cluster flips). */
  edgeVisits = 0;
  private energyValue = 0;
  private energyCurrent = false;
  private fieldsCurrent = false;
  private samplerBeta = NaN;
  /** Ideal p-bits on an integer model: the sampler's threshold sweeps. */
  private readonly thresholdPath: boolean;
  private readonly clamped: Uint8Array;
  private free: Int32Array;
  private colourOrder: Int32Array | null = null;
  private colouring: Colouring | null;
  private readonly syncFlip: Uint8Array;

  constructor(model: IsingModel, rng: Rng, opts: PbitMachineOptions = {}) {
    this.model = model;
    this.rng = rng;
    this.device = opts.device ?? pbitParams();
    const n = model.n;
    this.variation = isIdealDevice(this.device)
      ? { betaScale: new Float64Array(n).fill(1), offset: new Float64Array(n) }
      : sampleSpread(this.device, n, opts.variationRng ?? rng.fork(0x7a71));
    // the sampler's random initial state is the machine's
    this.sampler = new GibbsSampler(model, 0, rng, { kernel: opts.kernel });
    this.spins = this.sampler.m;
    const bias = this.sampler.bias,
      off = this.variation.offset;
    for (let i = 0; i < n; i++) bias[i] = model.h[i] + off[i];
    this.thresholdPath = isIdealDevice(this.device) && model.integral && model.maxField <= MAX_THRESHOLD_FIELD;
    this.field = new Float64Array(n);
    this.clamped = new Uint8Array(n);
    this.free = Int32Array.from({ length: n }, (_, i) => i);
    this.colouring = opts.colouring ?? null;
    this.syncFlip = new Uint8Array(n);
    if (this.colouring) this.rebuildColourOrder();
    if (opts.spins) this.setSpins(opts.spins);
    else this.recompute();
  }

  /** Current energy E(m), including the model's constant (computed on demand after sweeps). */
  get energy(): number {
    if (!this.energyCurrent) {
      this.energyValue = this.model.energy(this.spins);
      this.energyCurrent = true;
    }
    return this.energyValue;
  }

  /** Independent uniform random state of the free p-bits (clamped ones keep their value). */
  randomize(): void {
    const m = this.spins;
    for (let i = 0; i < m.length; i++) if (!this.clamped[i] || m[i] === 0) m[i] = this.rng.uniform32() < 0.5 ? -1 : 1;
    this.recompute();
  }

  setSpins(s: ArrayLike<number>): void {
    if (s.length !== this.model.n) throw new SpecError('spins', `${this.model.n} values ±1`, s.length);
    for (let i = 0; i < s.length; i++) {
      if (s[i] !== 1 && s[i] !== -1) throw new SpecError(`spins[${i}]`, '+1 or −1', s[i]);
      this.spins[i] = s[i];
    }
    this.recompute();
  }

  /** Clamps p-bits to given values (they stop updating) — the positive phase of a Boltzmann machine. */
  clamp(indices: ArrayLike<number>, values: ArrayLike<number>): void {
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      if (!(Number.isInteger(i) && i >= 0 && i < this.model.n)) throw new SpecError(`clamp indices[${k}]`, `a p-bit in 0..${this.model.n - 1}`, i);
      if (values[k] !== 1 && values[k] !== -1) throw new SpecError(`clamp values[${k}]`, '+1 or −1', values[k]);
      this.clamped[i] = 1;
      this.spins[i] = values[k];
    }
    this.rebuildFree();
    this.recompute();
  }

  /** Releases every clamp. */
  unclampAll(): void {
    this.clamped.fill(0);
    this.rebuildFree();
  }

  /** Uses a colouring for the `coloured` order. */
  setColouring(c: Colouring): void {
    this.colouring = c;
    this.rebuildColourOrder();
  }

  /** Marks fields, coupling sums and energy for recomputation (after external state changes). */
  recompute(): void {
    this.sampler.stateChanged();
    this.fieldsCurrent = false;
    this.energyCurrent = false;
  }

  /**
   * Flips p-bit i deterministically (a cluster move, not a p-bit update), keeping coupling sums
   * and energy consistent.
   */
  flip(i: number): void {
    const e = this.energy;
    const v0 = this.sampler.sumUpdates;
    this.energyValue = e + this.sampler.flip(i);
    this.edgeVisits += this.sampler.sumUpdates - v0;
    this.fieldsCurrent = false;
  }

  private quenchField: Float64Array | null = null;
  private quenchStack: Int32Array | null = null;
  private quenchMark: Uint8Array | null = null;

  /**
   * Zero-temperature descent from the current state, on a copy: flips any free p-bit whose flip
   * lowers the energy (m_i·I_i < 0) until none is left, i.e. down to a local minimum (single-flip
   * stable). Writes that state into `out` and returns its energy. Deterministic: no random draw,
   * and the machine's own state, counters and RNG are untouched. Uses the model's fields (device
   * offsets are a property of the hardware, not of the energy being minimised).
   */
  quench(out: Int8Array): number {
    const n = this.model.n;
    const { rowPtr, col, val } = this.model;
    const f = (this.quenchField ??= new Float64Array(n));
    const stack = (this.quenchStack ??= new Int32Array(n));
    const mark = (this.quenchMark ??= new Uint8Array(n));
    const src = this.syncFields();
    out.set(this.spins);
    for (let i = 0; i < n; i++) f[i] = src[i];
    let top = 0;
    for (let i = 0; i < n; i++) {
      if (!this.clamped[i] && out[i] * f[i] < 0) {
        stack[top++] = i;
        mark[i] = 1;
      }
    }
    let energy = this.energy;
    while (top > 0) {
      const i = stack[--top];
      mark[i] = 0;
      const mi = out[i];
      const fi = f[i];
      if (mi * fi >= 0) continue;
      energy += 2 * mi * fi;
      out[i] = -mi;
      const d = -2 * mi;
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        const j = col[e];
        f[j] += d * val[e];
        if (!mark[j] && !this.clamped[j] && out[j] * f[j] < 0) {
          stack[top++] = j;
          mark[j] = 1;
        }
      }
    }
    return energy;
  }

  /** Brings `field` up to date (I_i = c_i + h_i from the sampler's coupling sums) and returns it. */
  syncFields(): Float64Array {
    if (!this.fieldsCurrent) {
      const c = this.sampler.couplingSums(),
        h = this.model.h,
        f = this.field;
      for (let i = 0; i < f.length; i++) f[i] = c[i] + h[i];
      this.fieldsCurrent = true;
    }
    return this.field;
  }

  /** Current local field of p-bit i. */
  localField(i: number): number {
    return this.syncFields()[i];
  }

  /** One sweep: every free p-bit updated once at inverse temperature β, in the given order. */
  sweep(beta: number, order: UpdateOrder = 'sequential'): void {
    if (order === 'synchronous') return this.synchronousSweep(beta);
    let list = this.free;
    if (order === 'coloured') {
      if (!this.colourOrder) throw new SpecError('order', 'a colouring (setColouring) before coloured sweeps', 'none');
      list = this.colourOrder;
    }
    const s = this.sampler,
      u0 = s.updates,
      f0 = s.flips,
      v0 = s.sumUpdates;
    let dE: number;
    if (this.thresholdPath) dE = s.sweepThreshold(list, beta);
    else {
      this.setBeta(beta);
      dE = s.sweepIncremental(list);
    }
    this.updates += s.updates - u0;
    this.flips += s.flips - f0;
    this.edgeVisits += s.sumUpdates - v0;
    if (s.flips !== f0) {
      this.energyValue += dE; // stale energies stay stale: recomputed on demand
      this.fieldsCurrent = false;
    }
  }

  /** Writes β_i = β · betaScale_i into the sampler (only when β changes). */
  private setBeta(beta: number): void {
    if (beta === this.samplerBeta) return;
    const b = this.sampler.beta,
      bs = this.variation.betaScale;
    for (let i = 0; i < b.length; i++) b[i] = beta * bs[i];
    this.samplerBeta = beta;
  }

  /** All free p-bits decide from the same old state, then flip together (inexact). */
  private synchronousSweep(beta: number): void {
    const m = this.spins,
      f = this.syncFields(),
      flag = this.syncFlip,
      list = this.free;
    const bs = this.variation.betaScale,
      off = this.variation.offset;
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      const x = m[i] * beta * bs[i] * (f[i] + off[i]);
      flag[i] = this.rng.uniform32() * (1 + Math.exp(2 * x)) < 1 ? 1 : 0;
    }
    let flips = 0;
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      if (flag[i]) {
        m[i] = -m[i];
        flips++;
      }
    }
    this.updates += list.length;
    this.flips += flips;
    this.recompute();
  }

  private rebuildFree(): void {
    const free: number[] = [];
    for (let i = 0; i < this.model.n; i++) if (!this.clamped[i]) free.push(i);
    this.free = Int32Array.from(free);
    if (this.colouring) this.rebuildColourOrder();
  }

  /** The free p-bits class after class: the sampler's order for coloured sweeps. */
  private rebuildColourOrder(): void {
    const c = this.colouring;
    if (!c) return;
    if (c.colourOf.length !== this.model.n) throw new SpecError('colouring', `a colouring of ${this.model.n} vertices`, c.colourOf.length);
    const order: number[] = [];
    for (const cls of c.classes) for (const i of cls) if (!this.clamped[i]) order.push(i);
    this.colourOrder = Int32Array.from(order);
  }
}
