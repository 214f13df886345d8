import { ClockDrivenGroup, mV, ms, refractorySteps, registerModel, type NeuronModel, type ParamSpec, type ParamValues } from '@spinsnn/core';

/**
 * Diehl & Cook's conductance LIF with an adaptive threshold (docs/physics.md §8.3), clock-driven:
 *
 *   τm dv/dt = (vRest − v) + ge (eExc − v) + gi (eInh − v)
 *   dge/dt = −ge/τe,  dgi/dt = −gi/τi,  dθ/dt = −θ/τθ
 *   spike when v > vThreshold + θ − thetaOffset;  then v ← vReset, θ ← θ + θ₊
 *
 * Conductances and θ step by forward Euler on the dt grid (as Brian integrates the authors'
 * equations); v steps by backward Euler given the step's conductances,
 * v' = (v + a(El + ge·Ee + gi·Ei)) / (1 + a(1 + ge + gi)), a = dt/τm — first order like forward
 * Euler and equal to it to O(dt²), but stable: forward Euler diverges once a·(1 + ge + gi) > 2,
 * which a volley of 30 inhibitory spikes (gi ≈ 500) reaches in a 400-neuron network, and the
 * oscillating v then makes every neuron fire every step. v is clamped at vReset for the
 * refractory period while g and θ keep evolving.
 * θ starts at thetaInit (20 mV) with thetaOffset 20 mV, so the initial threshold is vThreshold;
 * θ₊ = 0 makes a plain conductance LIF (the inhibitory layer). `spikeBlock` reproduces the
 * 50 ms spike block of the Brian 2 ports' timer (off by default, see its source note). `plastic = false` freezes θ
 * (no growth, no decay) for testing, as the authors do.
 */
export const DC_LIF_PARAMS: readonly ParamSpec[] = [
  {
    name: 'tauM',
    unit: 's',
    default: 100 * ms,
    min: 0,
    minExclusive: true,
    description: 'membrane time constant',
    source: 'Diehl & Cook code, excitatory (docs/physics.md §8.3)',
  },
  { name: 'vRest', unit: 'V', default: -65 * mV, description: 'resting potential' },
  { name: 'vReset', unit: 'V', default: -65 * mV, description: 'potential after a spike' },
  { name: 'vThreshold', unit: 'V', default: -52 * mV, description: 'base threshold' },
  { name: 'refractory', unit: 's', default: 5 * ms, min: 0, description: 'v clamped at vReset this long after a spike' },
  {
    name: 'spikeBlock',
    unit: 's',
    default: 0,
    min: 0,
    description: 'no new spike until this long after the last one (v may integrate again after `refractory`); 0 = off',
    source:
      'Brian 2 ports of Diehl & Cook write dtimer/dt = 100 ms/s with timer > 5 ms, a 50 ms block; the Brian 1 original (dtimer/dt = 100.0, read as 100 s/s) blocks only 50 µs, so the default is off',
  },
  { name: 'eExc', unit: 'V', default: 0, description: 'excitatory reversal potential' },
  { name: 'eInh', unit: 'V', default: -100 * mV, description: 'inhibitory reversal potential' },
  { name: 'tauE', unit: 's', default: 1 * ms, min: 0, minExclusive: true, description: 'excitatory conductance decay' },
  { name: 'tauI', unit: 's', default: 2 * ms, min: 0, minExclusive: true, description: 'inhibitory conductance decay' },
  {
    name: 'thetaPlus',
    unit: 'V',
    default: 0.05 * mV,
    min: 0,
    description: 'threshold increase per spike (0: no adaptation)',
    source: 'Diehl & Cook code: 0.05 mV',
  },
  { name: 'tauTheta', unit: 's', default: 1e4, min: 0, minExclusive: true, description: 'threshold decay time constant', source: 'Diehl & Cook code: 1e7 ms' },
  { name: 'thetaInit', unit: 'V', default: 20 * mV, description: 'initial θ' },
  { name: 'thetaOffset', unit: 'V', default: 20 * mV, description: 'subtracted from θ in the threshold' },
];

/** Clock-driven group of Diehl & Cook conductance LIF neurons with adaptive thresholds (`learning/dc_lif`). */
export class DcLifGroup extends ClockDrivenGroup {
  readonly v: Float64Array;
  readonly ge: Float64Array;
  readonly gi: Float64Array;
  readonly theta: Float64Array;
  /** False: θ frozen (test time). */
  plastic = true;
  private readonly refSteps: number;
  private readonly blockSteps: number;

  constructor(
    size: number,
    dt: number,
    private readonly p: ParamValues,
  ) {
    super('learning/dc_lif', size, dt);
    this.v = this.defineState('v', new Float64Array(size).fill(p.vRest));
    this.ge = this.defineState('ge', new Float64Array(size));
    this.gi = this.defineState('gi', new Float64Array(size));
    this.theta = this.defineState('theta', new Float64Array(size).fill(p.thetaInit));
    this.refSteps = refractorySteps(p.refractory, dt);
    this.blockSteps = Math.round(p.spikeBlock / dt);
  }

  inputBuffer(receptor: number): Float64Array {
    return receptor === 0 ? this.ge : this.gi;
  }

  protected integrate(k: number): number {
    const { v, ge, gi, theta, lastSpikeStep: last, spiked, p } = this;
    const dt = this.dt;
    const a = dt / p.tauM,
      ce = 1 - dt / p.tauE,
      ci = 1 - dt / p.tauI;
    const El = p.vRest,
      Ee = p.eExc,
      Ei = p.eInh,
      vR = p.vReset,
      refSteps = this.refSteps,
      blockSteps = this.blockSteps;
    const vT = p.vThreshold - p.thetaOffset;
    const plastic = this.plastic;
    const thPlus = plastic ? p.thetaPlus : 0;
    const ct = plastic && p.thetaPlus > 0 ? 1 - dt / p.tauTheta : 1;
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      const gei = ge[i],
        gii = gi[i];
      ge[i] = gei * ce;
      gi[i] = gii * ci;
      const th = theta[i] * ct;
      theta[i] = th;
      if (k - last[i] < refSteps) continue;
      // backward Euler in v given this step's conductances (see class doc)
      const vn = (v[i] + a * (El + gei * Ee + gii * Ei)) / (1 + a * (1 + gei + gii));
      if (vn > vT + th && k - last[i] > blockSteps) {
        v[i] = vR;
        last[i] = k;
        theta[i] = th + thPlus;
        spiked[n++] = i;
      } else v[i] = vn;
    }
    return n;
  }
}

/** Registry entry of `learning/dc_lif`, the Diehl & Cook (2015) neuron. */
export const dcLifModel: NeuronModel = {
  id: 'learning/dc_lif',
  kind: 'neuron',
  aliases: ['dc_lif'],
  description: 'Diehl & Cook conductance LIF with adaptive threshold θ (clock-driven; backward Euler for v, forward Euler for g and θ)',
  integrations: ['clock'],
  receptors: ['exc', 'inh'],
  weightUnit: '1 (jump of ge or gi in units of the leak conductance)',
  stateNames: ['v', 'ge', 'gi', 'theta'],
  exampleWeight: 2,
  params: DC_LIF_PARAMS,
  createGroup: (size, params, _i, dt) => new DcLifGroup(size, dt, params),
};

registerModel(dcLifModel);
