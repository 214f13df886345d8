/**
 * The neuron models of NIR (docs/nir.md), on the dt clock with exact propagators:
 *
 * | id | NIR node | equation between spikes |
 * |---|---|---|
 * | `core/nir_lif` | LIF | τ dv/dt = (v_leak − v) + r·I |
 * | `core/nir_cubalif` | CubaLIF | τ_syn dI/dt = −I + w_in·x, τ_mem dv/dt = (v_leak − v) + r·I |
 * | `core/if` | IF | dv/dt = r·I |
 * | `core/li` | LI (no spikes) | τ dv/dt = (v_leak − v) + r·I |
 * | `core/integrator` | Integrator (no spikes) | dv/dt = r·I |
 * | `core/nir_threshold` | Threshold | spike when the step's input exceeds the threshold |
 *
 * Input: a spike of weight w delivered during step k − 1 is a current w held over step k (NIR's
 * discrete-step reading of a spike, which the exact solution of the NIR paper also uses), plus a
 * constant per-neuron current `bias` (an Affine's bias; a state variable so a spec can set it per
 * neuron through `init`). With a constant current over a step, LIF, LI, IF and Integrator are
 * integrated exactly and a LIF/IF threshold crossing inside the step is found in closed form: the
 * reset (to vReset, or v − vThreshold with `subtract` = 1) happens at the crossing instant and the
 * rest of the step continues from there. CubaLIF's crossing has no closed form: it is tested at the
 * step's end, like `core/lif_cuba`. Spikes are recorded at the step's start (Brian2's order).
 */
import { SpecError } from '../errors.js';
import type { ParamSpec, ParamValues } from '../params.js';
import type { NeuronModel } from '../registry.js';
import { ClockDrivenGroup } from './bases.js';
import { propagatorGain } from './lif-cuba.js';

/** Which NIR dynamics a group integrates. */
export type NirNeuronKind = 'lif' | 'cubalif' | 'if' | 'li' | 'integrator' | 'threshold';

/** More crossings than this inside one step means a drive so strong the reset cannot keep up. */
const MAX_CROSSINGS_PER_STEP = 1000;

/** A NIR neuron population on the dt clock (see the file comment for each kind's equation). */
export class NirNeuronGroup extends ClockDrivenGroup {
  readonly v: Float64Array;
  /** CubaLIF's synaptic current (zeros for the other kinds). */
  readonly i: Float64Array;
  /** Constant input current per neuron (an Affine's bias). */
  readonly bias: Float64Array;
  readonly input: Float64Array;
  private readonly decay: number;
  private readonly synDecay: number;
  private readonly gain: number;

  constructor(
    model: string,
    readonly kind: NirNeuronKind,
    size: number,
    dt: number,
    private readonly p: ParamValues,
  ) {
    super(model, size, dt, null);
    this.v = this.defineState('v', new Float64Array(size).fill(p.vLeak ?? 0));
    this.i = kind === 'cubalif' ? this.defineState('i', new Float64Array(size)) : new Float64Array(0);
    this.bias = this.defineState('bias', new Float64Array(size));
    this.input = this.defineHidden('input', new Float64Array(size));
    const tau = kind === 'cubalif' ? p.tauMem : p.tau;
    this.decay = tau === undefined ? 1 : Math.exp(-dt / tau);
    this.synDecay = kind === 'cubalif' ? Math.exp(-dt / p.tauSyn) : 1;
    this.gain = kind === 'cubalif' ? propagatorGain(p.tauMem, p.tauSyn, dt) : 0;
    if ((kind === 'lif' || kind === 'if') && p.subtract === 0 && p.vReset >= p.vThreshold) {
      throw new SpecError(
        'params.vReset',
        `a reset below vThreshold (${p.vThreshold}) — otherwise the neuron fires at every instant; lower vReset or use subtract = 1`,
        p.vReset,
      );
    }
  }

  inputBuffer(): Float64Array {
    return this.input;
  }

  protected integrate(): number {
    switch (this.kind) {
      case 'lif':
        return this.stepLif();
      case 'if':
        return this.stepIf();
      case 'cubalif':
        return this.stepCuba();
      case 'li':
        return this.stepLeaky();
      case 'integrator':
        return this.stepIntegrator();
      case 'threshold':
        return this.stepThreshold();
    }
  }

  private reset(vCross: number): number {
    return this.p.subtract === 1 ? vCross - this.p.vThreshold : this.p.vReset;
  }

  /**
   * v at the end of a step in which v crosses the threshold, under the step's linear flow (LIF:
   * relaxation towards `a` = v∞ with time constant tau; IF: tau = 0 and slope `a`): each crossing
   * resets at its instant, and the flow goes on over the rest of the step. Only reached on a
   * crossing, so the per-neuron fast path stays inline.
   */
  private crossStep(v0: number, v1: number, a: number, tau: number): number {
    const { dt } = this;
    const vT = this.p.vThreshold;
    let t = 0,
      vNow = v0,
      crossings = 0;
    while (crossings < MAX_CROSSINGS_PER_STEP) {
      const tc = vNow > vT ? 0 : tau > 0 ? tau * Math.log((a - vNow) / (a - vT)) : (vT - vNow) / a;
      if (!(t + tc < dt)) break;
      crossings++;
      t += tc;
      vNow = this.reset(vNow > vT ? vNow : vT);
      v1 = tau > 0 ? a + (vNow - a) * Math.exp(-(dt - t) / tau) : vNow + a * (dt - t);
      if (v1 <= vT && vNow <= vT) break;
    }
    // rounding put the first crossing at the step's end: reset there
    return crossings === 0 ? this.reset(v1) : v1;
  }

  private stepLif(): number {
    const { v, input, bias, spiked } = this;
    const { tau, r, vLeak, vThreshold: vT } = this.p;
    const decay = this.decay;
    let n = 0;
    for (let j = 0; j < this.size; j++) {
      const x = input[j] + bias[j];
      input[j] = 0;
      const vInf = vLeak + r * x;
      const v0 = v[j];
      const v1 = vInf + (v0 - vInf) * decay;
      if (v1 <= vT && v0 <= vT) {
        v[j] = v1;
        continue;
      }
      v[j] = this.crossStep(v0, v1, vInf, tau);
      spiked[n++] = j;
    }
    return n;
  }

  private stepIf(): number {
    const { v, input, bias, spiked, dt } = this;
    const { r, vThreshold: vT } = this.p;
    let n = 0;
    for (let j = 0; j < this.size; j++) {
      const rate = r * (input[j] + bias[j]);
      input[j] = 0;
      const v0 = v[j];
      const v1 = v0 + rate * dt;
      if (v1 <= vT && v0 <= vT) {
        v[j] = v1;
        continue;
      }
      v[j] = this.crossStep(v0, v1, rate, 0);
      spiked[n++] = j;
    }
    return n;
  }

  private stepCuba(): number {
    const { v, i, input, bias, spiked } = this;
    const { r, vLeak, vThreshold: vT, wIn } = this.p;
    const dm = this.decay,
      ds = this.synDecay,
      g = this.gain;
    let n = 0;
    for (let j = 0; j < this.size; j++) {
      const iInf = wIn * (input[j] + bias[j]);
      input[j] = 0;
      const i0 = i[j];
      const vInf = vLeak + r * iInf;
      let v1 = vInf + (v[j] - vInf) * dm + r * (i0 - iInf) * g;
      i[j] = iInf + (i0 - iInf) * ds;
      if (v1 > vT) {
        v1 = this.reset(v1);
        spiked[n++] = j;
      }
      v[j] = v1;
    }
    return n;
  }

  private stepLeaky(): number {
    const { v, input, bias } = this;
    const { r, vLeak } = this.p;
    const decay = this.decay;
    for (let j = 0; j < this.size; j++) {
      const vInf = vLeak + r * (input[j] + bias[j]);
      input[j] = 0;
      v[j] = vInf + (v[j] - vInf) * decay;
    }
    return 0;
  }

  private stepIntegrator(): number {
    const { v, input, bias, dt } = this;
    const r = this.p.r;
    for (let j = 0; j < this.size; j++) {
      v[j] += r * (input[j] + bias[j]) * dt;
      input[j] = 0;
    }
    return 0;
  }

  private stepThreshold(): number {
    const { v, input, bias, spiked } = this;
    const vT = this.p.vThreshold;
    let n = 0;
    for (let j = 0; j < this.size; j++) {
      v[j] = input[j] + bias[j];
      input[j] = 0;
      if (v[j] > vT) spiked[n++] = j;
    }
    return n;
  }
}

const SOURCE = 'NIR (Pedersen et al., Nat. Commun. 15, 8122 (2024)), docs/nir.md';
const tau = (name: string, description: string): ParamSpec => ({ name, unit: 's', default: 10e-3, min: 0, minExclusive: true, description, source: SOURCE });
const R: ParamSpec = { name: 'r', unit: 'Ω', default: 1, description: 'input resistance: r·I is the voltage the current drives', source: SOURCE };
const V_LEAK: ParamSpec = { name: 'vLeak', unit: 'V', default: 0, description: 'leak (resting) potential', source: SOURCE };
const V_TH: ParamSpec = { name: 'vThreshold', unit: 'V', default: 1, description: 'spike when v exceeds it', source: SOURCE };
const V_RESET: ParamSpec = { name: 'vReset', unit: 'V', default: 0, description: 'potential after a spike (subtract = 0)', source: SOURCE };
const SUBTRACT: ParamSpec = {
  name: 'subtract',
  unit: '1',
  default: 0,
  min: 0,
  max: 1,
  integer: true,
  description: '1: reset by subtraction (v − vThreshold), 0: reset to vReset',
  source: SOURCE,
};

function nirModel(id: string, kind: NirNeuronKind, description: string, params: readonly ParamSpec[], exampleWeight: number): NeuronModel {
  return {
    id,
    kind: 'neuron',
    description,
    integrations: ['clock'],
    receptors: ['in'],
    weightUnit: 'A (current held over the next step)',
    stateNames: kind === 'cubalif' ? ['v', 'i', 'bias'] : ['v', 'bias'],
    exampleWeight,
    params,
    createGroup: (size, p, _i, dt) => new NirNeuronGroup(id, kind, size, dt, p),
  };
}

/** `core/nir_lif`: NIR's LIF, exact on the dt clock with the crossing inside the step. */
export const nirLifModel = nirModel(
  'core/nir_lif',
  'lif',
  'NIR LIF: τ dv/dt = (v_leak − v) + r·I, exact per step, reset at the crossing instant',
  [tau('tau', 'membrane time constant'), R, V_LEAK, V_TH, V_RESET, SUBTRACT],
  200,
);
/** `core/nir_cubalif`: NIR's current-based LIF. */
export const nirCubaLifModel = nirModel(
  'core/nir_cubalif',
  'cubalif',
  'NIR CubaLIF: τ_syn dI/dt = −I + w_in·x, τ_mem dv/dt = (v_leak − v) + r·I, exact propagator, threshold tested at each step’s end',
  [
    tau('tauSyn', 'synaptic current time constant'),
    tau('tauMem', 'membrane time constant'),
    R,
    V_LEAK,
    V_TH,
    V_RESET,
    { name: 'wIn', unit: '1', default: 1, description: 'input weight of the synaptic current', source: SOURCE },
    SUBTRACT,
  ],
  200,
);
/** `core/if`: NIR's integrate-and-fire (no leak). */
export const ifModel = nirModel('core/if', 'if', 'NIR IF: dv/dt = r·I, exact per step, reset at the crossing instant', [R, V_TH, V_RESET, SUBTRACT], 2000);
/** `core/li`: NIR's leaky integrator (no spikes; v is its output). */
export const liModel = nirModel(
  'core/li',
  'li',
  'NIR LI: τ dv/dt = (v_leak − v) + r·I, exact per step, never spikes (read v)',
  [tau('tau', 'time constant'), R, V_LEAK],
  200,
);
/** `core/integrator`: NIR's integrator (no spikes). */
export const integratorModel = nirModel('core/integrator', 'integrator', 'NIR Integrator: dv/dt = r·I, never spikes (read v)', [R], 2000);
/** `core/nir_threshold`: NIR's Threshold (a spike when the step's input exceeds it). */
export const nirThresholdModel = nirModel(
  'core/nir_threshold',
  'threshold',
  'NIR Threshold: spikes in a step whose input current exceeds vThreshold (stateless)',
  [V_TH],
  2,
);

/** Every NIR neuron model, for registration. */
export const NIR_NEURON_MODELS: readonly NeuronModel[] = [nirLifModel, nirCubaLifModel, ifModel, liModel, integratorModel, nirThresholdModel];
