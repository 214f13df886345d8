/**
 * `core/lif_coba`: Brette et al. 2007 COBA, τm dv/dt = ge(Ee − v) + gi(Ei − v) + (El − v),
 * conductances in units of the leak conductance (dimensionless). v obeys a linear ODE with
 * time-varying coefficients: exponential Euler per step, exact for v given ge, gi at the step's
 * start. Uses expFast (not Math.exp) so the wasm kernel reproduces it bit for bit.
 */
import { mV } from '../units.js';
import { expFast } from '../expfast.js';
import type { ParamSpec, ParamValues } from '../params.js';
import type { NeuronModel } from '../registry.js';
import type { KernelChoice } from '../wasm/kernels.js';
import { SYNAPTIC_LIF_PARAMS, SynapticLifGroup } from './lif-synaptic.js';

const COBA_PARAMS: readonly ParamSpec[] = [
  ...SYNAPTIC_LIF_PARAMS,
  { name: 'vRest', unit: 'V', default: -60 * mV, description: 'leak reversal El', source: 'Brette et al. 2007, COBA' },
  { name: 'eExc', unit: 'V', default: 0, description: 'excitatory reversal potential', source: 'Brette et al. 2007' },
  { name: 'eInh', unit: 'V', default: -80 * mV, description: 'inhibitory reversal potential', source: 'Brette et al. 2007' },
];

/** Clock-driven group of conductance-based LIF neurons (`core/lif_coba`). */
export class LifCobaGroup extends SynapticLifGroup {
  private readonly dtOverTau: number;

  constructor(size: number, dt: number, p: ParamValues, kernel: KernelChoice = 'auto') {
    super('core/lif_coba', size, dt, p, kernel);
    this.dtOverTau = dt / p.tauM;
  }

  protected kernelScalars(): number[] {
    const p = this.p;
    return [this.size, p.vRest, p.eExc, p.eInh, p.vThreshold, p.vReset, this.de, this.di, this.dtOverTau, this.refSteps];
  }

  protected kernelStep(params: number, k: number): number {
    return this.arena!.exports.cobaStep(params, k);
  }

  protected vNext(v: number, ge: number, gi: number): number {
    const p = this.p;
    const gTot = 1 + ge + gi;
    const vInf = (p.eExc * ge + p.eInh * gi + p.vRest) / gTot;
    return vInf + (v - vInf) * expFast(-this.dtOverTau * gTot);
  }
}

/** Registry entry of `core/lif_coba`, conductance-based LIF (Brette et al. 2007 COBA). */
export const lifCobaModel: NeuronModel = {
  id: 'core/lif_coba',
  kind: 'neuron',
  aliases: ['lif_coba'],
  description: 'LIF with exponential conductance synapses (Brette 2007 COBA), exponential Euler on the dt grid',
  integrations: ['clock'],
  receptors: ['exc', 'inh'],
  weightUnit: '1 (jump of ge or gi in units of the leak conductance)',
  stateNames: ['v', 'ge', 'gi'],
  exampleWeight: 0.6,
  params: COBA_PARAMS,
  createGroup: (size, params, _i, dt, options) => new LifCobaGroup(size, dt, params, options?.kernel),
};
