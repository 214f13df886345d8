/**
 * The STNO as a rate neuron for network specs (issue 4 item 2): input current → oscillation
 * power → output spike rate.
 *
 *   I_i(t) = iDc + s_i(t),   s_i jumps by w (A) per input spike and decays with tauSyn
 *   rate_i = rateGain · p_i  (Hz),  p_i the normalised power of oscillator i
 *
 * Clock-driven: each tick holds I over dt and advances the oscillator exactly (StnoArray), so dt
 * can be the network's step (0.1 ms) although the oscillator runs at GHz — only the power is
 * needed. Spikes are emitted deterministically by integrating the rate (a phase accumulator
 * firing at each whole cycle), so the spike count over T is ⌊∫rate dt⌋.
 */
import {
  SimulationError, registerNeuronModel, type GroupContext, type Integration, type LedgerCounter, type NeuronGroup,
  type NeuronModelDef, type ParamSpec, type ParamValues, type Simulator, type SpikeSink, mA, ms,
} from '@spinsnn/core';
import { StnoArray } from './oscillator.js';
import { stnoFromValues, stnoParamSpecs } from './params.js';

const NEURON_PARAMS: readonly ParamSpec[] = [
  ...stnoParamSpecs.filter((p) => p.name !== 'temperature'),
  { name: 'iDc', unit: 'A', default: 0, description: 'bias current through the oscillator' },
  { name: 'tauSyn', unit: 's', default: 5 * ms, min: 0, minExclusive: true, description: 'decay time of the synaptic input current' },
  { name: 'rateGain', unit: 'Hz', default: 1000, min: 0, description: 'output spike rate per unit normalised power p' },
  { name: 'iMax', unit: 'A', default: 100 * mA, min: 0, minExclusive: true, description: 'input currents are clipped to ±iMax (device protection)' },
];

export class StnoRateGroup implements NeuronGroup {
  readonly integration: Integration = 'clock';
  readonly stateNames = ['p', 'iSyn'] as const;
  readonly osc: StnoArray;
  readonly iSyn: Float64Array;
  readonly p: Float64Array;
  private readonly acc: Float64Array;
  private readonly decay: number;
  private readonly spiked: Int32Array;
  private sim!: Simulator;
  private out!: SpikeSink;
  private handler = -1;
  private updates!: LedgerCounter;

  constructor(readonly size: number, private readonly dt: number, private readonly v: ParamValues) {
    this.osc = new StnoArray(size, { ...stnoFromValues({ ...v, temperature: 0 }) });
    this.iSyn = new Float64Array(size);
    this.p = new Float64Array(size);
    this.acc = new Float64Array(size);
    this.spiked = new Int32Array(size);
    this.decay = Math.exp(-dt / v.tauSyn);
  }

  state(name: string): Float64Array {
    if (name === 'p') return this.p;
    if (name === 'iSyn') return this.iSyn;
    throw new SimulationError(`stno has state variables p, iSyn, not ${name}`);
  }

  readState(name: string, i: number): number {
    return this.state(name)[i];
  }

  /** Receptor `current`: spikes add w (A) to iSyn. */
  inputBuffer(): Float64Array {
    return this.iSyn;
  }

  receive(): void {
    throw new SimulationError('stno is clock-driven: it takes input through inputBuffer()');
  }

  attach(ctx: GroupContext): void {
    this.sim = ctx.sim;
    this.out = ctx.out;
    this.updates = ctx.ledger.counter(ctx.component, 'oscillatorStep');
    this.handler = ctx.sim.register(this);
    const k0 = Math.ceil(ctx.sim.t / this.dt - 1e-9);
    ctx.sim.scheduleTick(ctx.sim.stepTime(k0), this.handler, k0, 0);
  }

  handleEvent(t: number, k: number): void {
    const { size, osc, iSyn, p, acc, spiked } = this;
    const iDc = this.v.iDc, iMax = this.v.iMax, gain = this.v.rateGain, dt = this.dt;
    for (let i = 0; i < size; i++) osc.current[i] = Math.max(-iMax, Math.min(iMax, iDc + iSyn[i]));
    osc.step(dt);
    let n = 0;
    for (let i = 0; i < size; i++) {
      iSyn[i] *= this.decay;
      const pi = osc.power(i);
      p[i] = pi;
      acc[i] += gain * pi * dt;
      if (acc[i] >= 1) {
        acc[i] -= 1;
        spiked[n++] = i;
      }
    }
    this.updates.count += size;
    for (let s = 0; s < n; s++) this.out.fire(spiked[s], t);
    this.sim.scheduleTick(this.sim.stepTime(k + 1), this.handler, k + 1, 0);
  }
}

export const stnoNeuronModel: NeuronModelDef = {
  name: 'stno',
  description: 'spin-torque nano-oscillator rate neuron: input current → oscillation power → spike rate (auto-oscillator model)',
  integrations: ['clock'],
  receptors: ['current'],
  weightUnit: 'A (jump of the synaptic current)',
  params: NEURON_PARAMS,
  create: (size, params, _integration, dt) => new StnoRateGroup(size, dt, params),
};

registerNeuronModel(stnoNeuronModel);
