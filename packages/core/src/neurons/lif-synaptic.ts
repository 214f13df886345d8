/**
 * What `core/lif_cuba` and `core/lif_coba` share: clock-driven LIF with two synaptic variables
 * (ge for receptor `exc`, gi for `inh`) decaying exponentially, state in a wasm arena when the
 * SIMD kernel runs. Clock-driven semantics follow Brian2 exactly (docs/benchmarks.md §1): each
 * step updates every non-refractory neuron from the state at the step's start, tests
 * `v > vThreshold`, records the spike at the step's start time, resets; inputs delivered at that
 * instant act from the next step. A neuron that spikes at step k is frozen at vReset and next
 * integrates at step k + refractory/dt.
 */
import { ms, mV } from '../units.js';
import type { ParamSpec, ParamValues } from '../params.js';
import { arenaFor, type KernelChoice } from '../wasm/kernels.js';
import { ClockDrivenGroup, refractorySteps } from './bases.js';

/** Parameters of both models (Brette et al. 2007); each adds its leak reversal and reversals. */
export const SYNAPTIC_LIF_PARAMS: readonly ParamSpec[] = [
  { name: 'tauM', unit: 's', default: 20 * ms, min: 0, minExclusive: true, description: 'membrane time constant', source: 'Brette et al. 2007, CUBA' },
  { name: 'tauE', unit: 's', default: 5 * ms, min: 0, minExclusive: true, description: 'excitatory synaptic time constant', source: 'Brette et al. 2007' },
  { name: 'tauI', unit: 's', default: 10 * ms, min: 0, minExclusive: true, description: 'inhibitory synaptic time constant', source: 'Brette et al. 2007' },
  { name: 'vThreshold', unit: 'V', default: -50 * mV, description: 'spike when v exceeds it' },
  { name: 'vReset', unit: 'V', default: -60 * mV, description: 'potential after a spike' },
  { name: 'refractory', unit: 's', default: 5 * ms, min: 0, description: 'v frozen at vReset this long after a spike' },
];

export abstract class SynapticLifGroup extends ClockDrivenGroup {
  readonly v: Float64Array;
  readonly ge: Float64Array;
  readonly gi: Float64Array;
  protected readonly de: number;
  protected readonly di: number;
  protected readonly refSteps: number;
  /** Byte offset of the wasm kernel's parameter block (built on the first step). */
  protected params: number | null = null;

  constructor(
    model: string,
    size: number,
    dt: number,
    protected readonly p: ParamValues,
    kernel: KernelChoice,
  ) {
    super(model, size, dt, arenaFor(kernel, size * (5 * 8 + 4) + 512));
    this.v = this.defineState('v', this.f64(size).fill(p.vRest));
    this.ge = this.defineState('ge', this.f64(size));
    this.gi = this.defineState('gi', this.f64(size));
    this.de = Math.exp(-dt / p.tauE);
    this.di = Math.exp(-dt / p.tauI);
    this.refSteps = refractorySteps(p.refractory, dt);
  }

  inputBuffer(receptor: number): Float64Array {
    return receptor === 0 ? this.ge : this.gi;
  }

  /** The wasm kernel's scalars (the parameter block's first 10 slots) and its step function. */
  protected abstract kernelScalars(): number[];
  protected abstract kernelStep(params: number, k: number): number;
  /** v after one step of neuron i from v, given the conductances at the step's start (the model's equation). */
  protected abstract vNext(v: number, ge: number, gi: number): number;

  /**
   * One step: the wasm kernel, or the reference loop both models share — conductances decay,
   * a refractory neuron stays frozen, the others take `vNext` and spike above threshold.
   */
  protected integrate(k: number): number {
    if (this.arena) {
      if (this.params === null) this.params = this.paramBlock(this.kernelScalars());
      return this.kernelStep(this.params, k);
    }
    const { v, ge, gi, lastSpikeStep: last, spiked } = this;
    const vT = this.p.vThreshold,
      vR = this.p.vReset,
      de = this.de,
      di = this.di,
      refSteps = this.refSteps;
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      const gei = ge[i];
      const gii = gi[i];
      ge[i] = gei * de;
      gi[i] = gii * di;
      if (k - last[i] < refSteps) continue;
      const vi = this.vNext(v[i], gei, gii);
      if (vi > vT) {
        v[i] = vR;
        last[i] = k;
        spiked[n++] = i;
      } else v[i] = vi;
    }
    return n;
  }

  /** Writes the kernel's parameter block: the scalars given, then the state arrays' offsets. */
  protected paramBlock(scalars: number[]): number {
    const block = this.arena!.f64(15);
    block.set(scalars);
    block.set([this.v.byteOffset, this.ge.byteOffset, this.gi.byteOffset, this.lastSpikeStep.byteOffset, this.spiked.byteOffset], 10);
    return block.byteOffset;
  }
}
