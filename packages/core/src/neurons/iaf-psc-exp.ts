/**
 * `core/iaf_psc_exp`: NEST's iaf_psc_exp — leaky integrate-and-fire with exponential
 * postsynaptic currents, integrated exactly on the dt grid (docs/microcircuit.md §2):
 *
 *   C_m dV/dt = −C_m (V − E_L)/τ_m + I_syn_ex + I_syn_in + I_e,   dI_syn_x/dt = −I_syn_x/τ_syn_x.
 *
 * This is the linear system of `core/lif_cuba` with ge = I·τ_m/C_m, so the propagators reuse
 * lif_cuba's `propagatorGain`. One step follows NEST's update order: (1) V from the state at the
 * step's start unless refractory (else the refractory count drops by one), (2) the currents decay,
 * (3) the spikes arriving at the step's end are added (projections add into I_syn_x after the
 * tick at their arrival instant, the background drive adds here), (4) V ≥ V_th spikes: V = V_reset
 * and V stays clamped for round(t_ref/dt) steps. Parameters keep NEST's names, in SI units
 * (F, s, V, A; a weight is the jump of I_syn in A, NEST's pA × 1e-12).
 *
 * Optional background: a Poisson count per neuron per step with mean bg_rate·dt (bg_rate = the
 * per-source rate × in-degree K_ext) of PSCs of bg_weight, drawn from the counter-based RNG keyed
 * by (population key, neuron index, step), so the drive cannot depend on how the neurons are
 * partitioned. The step over a neuron range is a pure function (`stepIafPscExpRange`), which the
 * group calls over [0, size) and a parallel engine may call per partition.
 */
import { counterPoisson, counterPoissonParams, type CounterPoisson } from '../counter-rng.js';
import type { ParamSpec, ParamValues } from '../params.js';
import type { NeuronModel, Preset } from '../registry.js';
import { mV, ms, pA, pF } from '../units.js';
import { ClockDrivenGroup } from './bases.js';
import { propagatorGain } from './lif-cuba.js';
import type { GroupContext } from './types.js';

const NEST = 'NEST iaf_psc_exp defaults (nest-simulator models/iaf_psc_exp)';
const PD14 = 'Potjans & Diesmann 2014, Cereb. Cortex 24:785, Table 5; NEST Potjans_2014 example network_params.py';

/** Parameters of `core/iaf_psc_exp`: NEST's names and defaults, SI units. */
export const IAF_PSC_EXP_PARAMS: readonly ParamSpec[] = [
  { name: 'C_m', unit: 'F', default: 250 * pF, min: 0, minExclusive: true, description: 'membrane capacitance', source: NEST },
  { name: 'tau_m', unit: 's', default: 10 * ms, min: 0, minExclusive: true, description: 'membrane time constant', source: NEST },
  { name: 'tau_syn_ex', unit: 's', default: 2 * ms, min: 0, minExclusive: true, description: 'excitatory PSC time constant', source: NEST },
  { name: 'tau_syn_in', unit: 's', default: 2 * ms, min: 0, minExclusive: true, description: 'inhibitory PSC time constant', source: NEST },
  { name: 't_ref', unit: 's', default: 2 * ms, min: 0, description: 'absolute refractory period (V clamped to V_reset)', source: NEST },
  { name: 'E_L', unit: 'V', default: -70 * mV, description: 'resting (leak reversal) potential', source: NEST },
  { name: 'V_reset', unit: 'V', default: -70 * mV, description: 'potential after a spike', source: NEST },
  { name: 'V_th', unit: 'V', default: -55 * mV, description: 'spike when V ≥ V_th', source: NEST },
  { name: 'I_e', unit: 'A', default: 0, description: 'constant external current (the DC background drive)', source: NEST },
  { name: 'bg_rate', unit: 'Hz', default: 0, min: 0, max: 1e9, description: 'total rate of Poisson background PSCs per neuron (per-source rate × K_ext)' },
  { name: 'bg_weight', unit: 'A', default: 0, description: 'PSC amplitude of one background spike (onto I_syn_ex)' },
];

/** The microcircuit's neuron (PD14 Table 5 / the NEST example): the values that differ from NEST's defaults. */
const PD14_PRESET: Preset = {
  name: 'pd14',
  description: 'Potjans–Diesmann 2014 cortical microcircuit neuron: E_L = V_reset = −65 mV, V_th = −50 mV, τ_syn = 0.5 ms',
  source: PD14,
  params: { E_L: -65 * mV, V_reset: -65 * mV, V_th: -50 * mV, tau_syn_ex: 0.5 * ms, tau_syn_in: 0.5 * ms },
};

/** The state arrays one step reads and writes (a partition steps a sub-range of them). */
export interface IafPscExpState {
  /** Membrane potential (V, absolute). */
  readonly V_m: Float64Array;
  /** Excitatory and inhibitory synaptic currents (A). */
  readonly I_syn_ex: Float64Array;
  readonly I_syn_in: Float64Array;
  /** Remaining refractory steps (NEST's r_ref). */
  readonly r_ref: Int32Array;
}

/** Per-population constants of one step: exact propagators over dt and the background drive. */
export interface IafPscExpCoeffs {
  readonly E_L: number;
  readonly V_th: number;
  readonly V_reset: number;
  /** e^(−dt/τ_m). */
  readonly P22: number;
  /** V gained over dt per ampere of I_syn_x at the step's start (τ_m/C_m · propagatorGain). */
  readonly P21ex: number;
  readonly P21in: number;
  /** e^(−dt/τ_syn_x). */
  readonly P11ex: number;
  readonly P11in: number;
  /** I_e · τ_m/C_m · (1 − e^(−dt/τ_m)): V gained over dt from the constant current. */
  readonly dcTerm: number;
  /** round(t_ref/dt). */
  readonly refSteps: number;
  /** Background Poisson draw (chunks = 0: none) and its PSC amplitude (A). */
  readonly bg: CounterPoisson;
  readonly bgWeight: number;
  /** Key of the population's background stream (the neuron index and step complete the counter). */
  readonly bgKey: number;
}

/** The step constants of `core/iaf_psc_exp` for parameters p, step dt and background key. */
export function iafPscExpCoeffs(p: ParamValues, dt: number, bgKey: number): IafPscExpCoeffs {
  const r = p.tau_m / p.C_m;
  return {
    E_L: p.E_L,
    V_th: p.V_th,
    V_reset: p.V_reset,
    P22: Math.exp(-dt / p.tau_m),
    P21ex: r * propagatorGain(p.tau_m, p.tau_syn_ex, dt),
    P21in: r * propagatorGain(p.tau_m, p.tau_syn_in, dt),
    P11ex: Math.exp(-dt / p.tau_syn_ex),
    P11in: Math.exp(-dt / p.tau_syn_in),
    dcTerm: p.I_e * r * -Math.expm1(-dt / p.tau_m),
    refSteps: Math.round(p.t_ref / dt),
    bg: counterPoissonParams(p.bg_rate * dt),
    bgWeight: p.bg_weight,
    bgKey: bgKey >>> 0,
  };
}

/**
 * One NEST-order step k of neurons [lo, hi): writes the indices that spiked to spikedOut[0..n)
 * (ascending) and returns n. Pure over its arguments: the same (state, k) gives the same result
 * whichever range split is used.
 */
export function stepIafPscExpRange(s: IafPscExpState, c: IafPscExpCoeffs, lo: number, hi: number, k: number, spikedOut: Int32Array): number {
  const { V_m, I_syn_ex, I_syn_in, r_ref } = s;
  const { E_L, V_th, V_reset, P22, P21ex, P21in, P11ex, P11in, dcTerm, refSteps, bg, bgWeight, bgKey } = c;
  const background = bg.chunks > 0 && bgWeight !== 0;
  let n = 0;
  for (let i = lo; i < hi; i++) {
    const ie = I_syn_ex[i];
    const ii = I_syn_in[i];
    let v = V_m[i];
    const r = r_ref[i];
    if (r === 0) v = E_L + (v - E_L) * P22 + ie * P21ex + ii * P21in + dcTerm;
    else r_ref[i] = r - 1;
    let ieNext = ie * P11ex;
    if (background) {
      const m = counterPoisson(bg, bgKey, i, k);
      if (m !== 0) ieNext += m * bgWeight;
    }
    I_syn_ex[i] = ieNext;
    I_syn_in[i] = ii * P11in;
    if (v >= V_th) {
      r_ref[i] = refSteps;
      v = V_reset;
      spikedOut[n++] = i;
    }
    V_m[i] = v;
  }
  return n;
}

/** Clock-driven group of `core/iaf_psc_exp` neurons; `integrate` is `stepIafPscExpRange` over all of them. */
export class IafPscExpGroup extends ClockDrivenGroup {
  readonly V_m: Float64Array;
  readonly I_syn_ex: Float64Array;
  readonly I_syn_in: Float64Array;
  readonly r_ref: Int32Array;
  /** The state arrays as one record (what a partitioned engine steps). */
  readonly arrays: IafPscExpState;
  private coeffsValue: IafPscExpCoeffs;

  constructor(
    size: number,
    dt: number,
    private readonly p: ParamValues,
  ) {
    super('core/iaf_psc_exp', size, dt, null);
    this.V_m = this.defineState('V_m', new Float64Array(size).fill(p.E_L));
    this.I_syn_ex = this.defineState('I_syn_ex', new Float64Array(size));
    this.I_syn_in = this.defineState('I_syn_in', new Float64Array(size));
    this.r_ref = this.defineHidden('r_ref', new Int32Array(size));
    this.arrays = { V_m: this.V_m, I_syn_ex: this.I_syn_ex, I_syn_in: this.I_syn_in, r_ref: this.r_ref };
    this.coeffsValue = iafPscExpCoeffs(p, dt, 0);
  }

  /** The step constants (the background key is drawn from the group's stream on attach). */
  get coeffs(): IafPscExpCoeffs {
    return this.coeffsValue;
  }

  inputBuffer(receptor: number): Float64Array {
    return receptor === 0 ? this.I_syn_ex : this.I_syn_in;
  }

  override attach(ctx: GroupContext): void {
    super.attach(ctx);
    // one draw from the population's own stream: the key depends on the network seed and the
    // population's index only, never on the order or partition in which neurons are stepped
    this.coeffsValue = iafPscExpCoeffs(this.p, this.dt, ctx.rng.nextUint32());
  }

  protected integrate(k: number): number {
    return stepIafPscExpRange(this.arrays, this.coeffsValue, 0, this.size, k, this.spiked);
  }
}

/** Registry entry of `core/iaf_psc_exp` (NEST's iaf_psc_exp, exact integration, optional Poisson/DC background). */
export const iafPscExpModel: NeuronModel = {
  id: 'core/iaf_psc_exp',
  kind: 'neuron',
  aliases: ['iaf_psc_exp'],
  description: "NEST's iaf_psc_exp: LIF with exponential PSCs, exact integration in NEST's update order, optional counter-RNG Poisson background",
  integrations: ['clock'],
  receptors: ['ex', 'in'],
  weightUnit: 'A (jump of I_syn_ex or I_syn_in; NEST pA × 1e-12)',
  stateNames: ['V_m', 'I_syn_ex', 'I_syn_in'],
  exampleWeight: 400 * pA,
  params: IAF_PSC_EXP_PARAMS,
  presets: [PD14_PRESET],
  createGroup: (size, params, _i, dt) => new IafPscExpGroup(size, dt, params),
};
