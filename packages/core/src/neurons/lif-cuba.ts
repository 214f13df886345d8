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
  { name: 'vRest', unit: 'V', default: -49 * mV, description: 'leak reversal El (above threshold in the benchmark: the network fires by itself)', source: 'Brette et al. 2007' },
];

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

  protected integrate(k: number): number {
    const { v, ge, gi, lastSpikeStep: last, spiked } = this;
    const El = this.p.vRest, vT = this.p.vThreshold, vR = this.p.vReset;
    const dm = this.dm, de = this.de, di = this.di, ce = this.ce, ci = this.ci, refSteps = this.refSteps;
    const size = this.size;
    if (this.arena) {
      if (this.params === null) this.params = this.paramBlock([size, El, vT, vR, dm, de, di, ce, ci, refSteps]);
      return this.arena.exports.cubaStep(this.params, k);
    }
    let n = 0;
    for (let i = 0; i < size; i++) {
      const gei = ge[i];
      const gii = gi[i];
      ge[i] = gei * de;
      gi[i] = gii * di;
      if (k - last[i] < refSteps) continue;
      const vi = El + (v[i] - El) * dm + gei * ce + gii * ci;
      if (vi > vT) {
        v[i] = vR;
        last[i] = k;
        spiked[n++] = i;
      } else v[i] = vi;
    }
    return n;
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
