import { ClockDrivenGroup, registerModel, type NeuronModel, type ParamSpec, type ParamValues } from '@spinsnn/core';

/**
 * `learning/dt_lif`: the discrete-time LIF neuron of surrogate-gradient training (snnTorch's
 * `Leaky`, SpikingJelly's `LIFNode` in decay_input=False form), on the kernel's dt clock:
 *
 *   v[k] = β·v[k−1] + I[k] + b,   spike when v[k] > θ,   then v ← v − θ (subtract) or v ← 0 (zero)
 *
 * b is a constant per-neuron current (state `bias`, set by the spec's `init`; 0 by default: a
 * converted ANN's bias). I[k] is the sum of the weights delivered since the last step (receptor `exc` adds, `inh`
 * subtracts — the G⁺/G⁻ halves of a differential pair). β = 1 is the integrate-and-fire neuron of
 * ANN→SNN conversion. Arithmetic is IEEE single precision (every operation rounded by
 * Math.fround), the same as the TF.js float32 forward pass, so a network whose weights sum
 * exactly in float32 (docs/supervised-snn.md §3) spikes identically on both.
 */
export const DT_LIF_PARAMS: readonly ParamSpec[] = [
  { name: 'beta', unit: '1', default: 0.9, min: 0, max: 1, description: 'leak factor per step β = exp(−dt/τ) (1: integrate-and-fire)' },
  { name: 'threshold', unit: '1', default: 1, min: 0, minExclusive: true, description: 'firing threshold θ (spike when v > θ)' },
  { name: 'resetZero', unit: '1', default: 0, min: 0, max: 1, integer: true, description: 'reset: 0 = by subtraction (v ← v − θ), 1 = to zero' },
];

const f32 = Math.fround;

/** The clock-driven group of `learning/dt_lif`. */
export class DtLifGroup extends ClockDrivenGroup {
  /** Membrane potential (dimensionless, threshold units of the parameters). */
  readonly v: Float64Array;
  /** Constant input per step (the bias of a converted ANN layer). */
  readonly bias: Float64Array;
  private readonly exc: Float64Array;
  private readonly inh: Float64Array;
  private readonly beta: number;
  private readonly thr: number;
  private readonly zero: boolean;

  constructor(size: number, dt: number, p: ParamValues) {
    super('learning/dt_lif', size, dt);
    this.v = this.defineState('v', new Float64Array(size));
    this.bias = this.defineState('bias', new Float64Array(size));
    this.exc = this.defineHidden('exc', new Float64Array(size));
    this.inh = this.defineHidden('inh', new Float64Array(size));
    this.beta = f32(p.beta);
    this.thr = f32(p.threshold);
    this.zero = p.resetZero === 1;
  }

  inputBuffer(receptor: number): Float64Array {
    return receptor === 0 ? this.exc : this.inh;
  }

  /** Zeroes v and pending input: the start of a new sample (between samples of an inference run). */
  resetState(): void {
    this.v.fill(0);
    this.exc.fill(0);
    this.inh.fill(0);
  }

  protected integrate(): number {
    const { v, bias, exc, inh, spiked, beta, thr, zero } = this;
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      const input = f32(exc[i] - inh[i]);
      exc[i] = 0;
      inh[i] = 0;
      let vi = f32(f32(beta * v[i]) + input);
      if (bias[i] !== 0) vi = f32(vi + f32(bias[i]));
      if (vi > thr) {
        spiked[n++] = i;
        vi = zero ? 0 : f32(vi - thr);
      }
      v[i] = vi;
    }
    return n;
  }
}

/** Registry entry of `learning/dt_lif`. */
export const dtLifModel: NeuronModel = {
  id: 'learning/dt_lif',
  kind: 'neuron',
  description:
    'discrete-time LIF of surrogate-gradient training: v ← βv + I, spike when v > θ, reset by subtraction or to zero (float32, matches the TF.js layer)',
  integrations: ['clock'],
  receptors: ['exc', 'inh'],
  weightUnit: '1 (jump of v in threshold units; inh subtracts)',
  stateNames: ['v', 'bias'],
  exampleWeight: 0.3,
  params: DT_LIF_PARAMS,
  presets: [
    {
      name: 'if',
      description: 'integrate-and-fire with reset by subtraction (ANN→SNN conversion)',
      source: 'Rueckauer et al., Front. Neurosci. 11, 682 (2017)',
      params: { beta: 1 },
    },
  ],
  createGroup: (size, params, _i, dt) => new DtLifGroup(size, dt, params),
};

registerModel(dtLifModel);
