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

export class LifCobaGroup extends SynapticLifGroup {
  constructor(size: number, dt: number, p: ParamValues, kernel: KernelChoice = 'auto') {
    super('core/lif_coba', size, dt, p, kernel);
  }

  protected integrate(k: number): number {
    const { v, ge, gi, lastSpikeStep: last, spiked } = this;
    const El = this.p.vRest, Ee = this.p.eExc, Ei = this.p.eInh, vT = this.p.vThreshold, vR = this.p.vReset;
    const de = this.de, di = this.di, refSteps = this.refSteps, dtOverTau = this.dt / this.p.tauM;
    const size = this.size;
    if (this.arena) {
      if (this.params === null) this.params = this.paramBlock([size, El, Ee, Ei, vT, vR, de, di, dtOverTau, refSteps]);
      return this.arena.exports.cobaStep(this.params, k);
    }
    let n = 0;
    for (let i = 0; i < size; i++) {
      const gei = ge[i];
      const gii = gi[i];
      ge[i] = gei * de;
      gi[i] = gii * di;
      if (k - last[i] < refSteps) continue;
      const gTot = 1 + gei + gii;
      const vInf = (Ee * gei + Ei * gii + El) / gTot;
      const vi = vInf + (v[i] - vInf) * expFast(-dtOverTau * gTot);
      if (vi > vT) {
        v[i] = vR;
        last[i] = k;
        spiked[n++] = i;
      } else v[i] = vi;
    }
    return n;
  }
}

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
