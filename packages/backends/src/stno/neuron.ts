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
import { ClockDrivenGroup, registerModel, type NeuronModel, type ParamSpec, type ParamValues, mA, ms } from '@spinsnn/core';
import { StnoArray } from './oscillator.js';
import { stationaryPower, stnoDerived, stnoFromValues, stnoParamSpecs } from './params.js';

const NEURON_PARAMS: readonly ParamSpec[] = [
  ...stnoParamSpecs.filter((p) => p.name !== 'temperature'),
  { name: 'iDc', unit: 'A', default: 0, description: 'bias current through the oscillator' },
  { name: 'tauSyn', unit: 's', default: 5 * ms, min: 0, minExclusive: true, description: 'decay time of the synaptic input current' },
  { name: 'rateGain', unit: 'Hz', default: 1000, min: 0, description: 'output spike rate per unit normalised power p' },
  { name: 'iMax', unit: 'A', default: 100 * mA, min: 0, minExclusive: true, description: 'input currents are clipped to ±iMax (device protection)' },
];

/** The oscillators' initial normalised power (StnoArray's seed amplitude²). */
const SEED_POWER = 1e-6;

/** Clock-driven group of spin-torque-oscillator rate neurons (`stno/oscillator`): the output is the oscillation power. */
export class StnoRateGroup extends ClockDrivenGroup {
  readonly osc: StnoArray;
  readonly iSyn: Float64Array;
  readonly p: Float64Array;
  private readonly acc: Float64Array;
  private readonly decay: number;

  constructor(
    size: number,
    dt: number,
    private readonly v: ParamValues,
  ) {
    super('stno/rate', size, dt, null, 'oscillatorStep');
    this.osc = new StnoArray(size, { ...stnoFromValues({ ...v, temperature: 0 }) });
    this.p = this.defineState('p', new Float64Array(size));
    this.iSyn = this.defineState('iSyn', new Float64Array(size));
    this.acc = this.defineHidden('acc', new Float64Array(size));
    // the oscillators' complex amplitudes are state too (current is rewritten every step)
    this.defineHidden('re', this.osc.re);
    this.defineHidden('im', this.osc.im);
    this.decay = Math.exp(-dt / v.tauSyn);
  }

  /** Receptor `current`: spikes add w (A) to iSyn. */
  inputBuffer(): Float64Array {
    return this.iSyn;
  }

  protected integrate(): number {
    const { size, osc, iSyn, p, acc, spiked } = this;
    const iDc = this.v.iDc,
      iMax = this.v.iMax,
      gain = this.v.rateGain,
      dt = this.dt;
    for (let i = 0; i < size; i++) {
      osc.current[i] = Math.max(-iMax, Math.min(iMax, iDc + iSyn[i]));
      // p = 0 is a fixed point of the noise-free equation, and below threshold one step of a
      // network dt (≫ the relaxation time) decays the amplitude to exactly 0: keep the seed
      // amplitude that thermal fluctuations would provide, so a later supra-threshold input
      // can start the oscillation again
      if (osc.re[i] * osc.re[i] + osc.im[i] * osc.im[i] < SEED_POWER) {
        osc.re[i] = Math.sqrt(SEED_POWER);
        osc.im[i] = 0;
      }
    }
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
    return n;
  }
}

/**
 * `stno/rate`: a network neuron built on the `stno/oscillator` device (noise-free: only the
 * power matters at the network's step, see above).
 */
export const stnoRateModel: NeuronModel = {
  id: 'stno/rate',
  kind: 'neuron',
  aliases: ['stno'],
  description: 'spin-torque nano-oscillator rate neuron: input current → oscillation power → spike rate (auto-oscillator model of stno/oscillator at T = 0)',
  integrations: ['clock'],
  receptors: ['current'],
  weightUnit: 'A (jump of the synaptic current)',
  stateNames: ['p', 'iSyn'],
  exampleWeight: 5 * mA,
  params: NEURON_PARAMS,
  createGroup: (size, params, _integration, dt) => new StnoRateGroup(size, dt, params),
  characterise(v) {
    // the steady state of a constant current: rate = rateGain · p0(I), p0 = (ζ − 1)/(ζ + Q) above threshold
    const d = stnoDerived(stnoFromValues({ ...v, temperature: 0 }));
    const points: [number, number][] = [];
    for (let k = 0; k <= 60; k++) {
      const I = (3 * d.ith * k) / 60;
      points.push([I, v.rateGain * stationaryPower(d, I)]);
    }
    return [{ name: 'rate-vs-current (steady state)', x: 'total current iDc + iSyn', xUnit: 'A', y: 'spike rate', yUnit: 'Hz', points }];
  },
};

registerModel(stnoRateModel);
