/**
 * `core/lif_cuba`: Brette et al. 2007 CUBA, dv/dt = (ge + gi − (v − El))/τm, dge/dt = −ge/τe,
 * dgi/dt = −gi/τi (ge, gi in volts), integrated with the exact propagator of this linear system
 * over each step. A threshold crossing of the 3-variable system has no closed form, so
 * thresholds are tested on the dt grid (Brian2 semantics, see lif-synaptic.ts).
 */
import { mV } from '../units.js';
import type { ParamSpec, ParamValues } from '../params.js';
import type { NeuronModel } from '../registry.js';
import type { KernelChoice } from '../wasm/kernels.js';
import { SYNAPTIC_LIF_PARAMS, SynapticLifGroup } from './lif-synaptic.js';

const CUBA_PARAMS: readonly ParamSpec[] = [
  ...SYNAPTIC_LIF_PARAMS,
  {
    name: 'vRest',
    unit: 'V',
    default: -49 * mV,
    description: 'leak reversal El (above threshold in the benchmark: the network fires by itself)',
    source: 'Brette et al. 2007',
  },
];

/** Clock-driven group of current-based LIF neurons with exponential synapses (`core/lif_cuba`). */
export class LifCubaGroup extends SynapticLifGroup {
  private readonly dm: number;
  private readonly ce: number;
  private readonly ci: number;

  constructor(size: number, dt: number, p: ParamValues, kernel: KernelChoice = 'auto') {
    super('core/lif_cuba', size, dt, p, kernel);
    this.dm = Math.exp(-dt / p.tauM);
    this.ce = propagatorGain(p.tauM, p.tauE, dt);
    this.ci = propagatorGain(p.tauM, p.tauI, dt);
  }

  protected kernelScalars(): number[] {
    return [this.size, this.p.vRest, this.p.vThreshold, this.p.vReset, this.dm, this.de, this.di, this.ce, this.ci, this.refSteps];
  }

  protected kernelStep(params: number, k: number): number {
    return this.arena!.exports.cubaStep(params, k);
  }

  protected vNext(v: number, ge: number, gi: number): number {
    const El = this.p.vRest;
    return El + (v - El) * this.dm + ge * this.ce + gi * this.ci;
  }
}

/**
 * v(dt) gained from a unit synaptic variable at the step's start: τs/(τm − τs)·(e^(−dt/τm) − e^(−dt/τs)),
 * written with expm1 so it stays accurate when τs → τm (the plain difference of exponentials
 * cancels to ~1e-7 relative error there); the limit τs = τm is (dt/τm)·e^(−dt/τm).
 */
export function propagatorGain(tauM: number, tauS: number, dt: number): number {
  if (tauM === tauS) return (dt / tauM) * Math.exp(-dt / tauM);
  const delta = (dt * (tauM - tauS)) / (tauM * tauS); // dt/τs − dt/τm
  return ((tauS * Math.exp(-dt / tauM)) / (tauM - tauS)) * -Math.expm1(-delta);
}

/** Registry entry of `core/lif_cuba`, current-based LIF (Brette et al. 2007 CUBA). */
export const lifCubaModel: NeuronModel = {
  id: 'core/lif_cuba',
  kind: 'neuron',
  aliases: ['lif_cuba'],
  description: 'LIF with exponential current synapses (Brette 2007 CUBA), exact propagator on the dt grid',
  integrations: ['clock'],
  receptors: ['exc', 'inh'],
  weightUnit: 'V (jump of ge or gi)',
  stateNames: ['v', 'ge', 'gi'],
  exampleWeight: 1.62 * mV,
  params: CUBA_PARAMS,
  createGroup: (size, params, _i, dt, options) => new LifCubaGroup(size, dt, params, options?.kernel),
};
