/**
 * Example of a device added in one folder (docs/adding-a-device.md): a domain-wall MTJ synapse
 * with lithographic notches (docs/physics.md §5.3: Leonard et al. 2022, 3–5 stable states; Liu et al.
 * 2021, linear symmetric updates at 300 K and 400 K).
 *
 * Physics (compact): the wall sits in one of `notches` pinning sites along the free layer; the
 * MTJ conductance is linear in its position (the parallel fraction of the free layer):
 * G = Gmin + (k/(notches − 1))(Gmax − Gmin). A current pulse depins the wall towards the next
 * notch with the thermal-activation probability of §2.1 (barrier Δ_pin, depinning current
 * I_dep, attempt time τ0), barrier scaled as Δ_pin(T) = Δ_pin(300 K)·300 K/T (fixed pinning energy).
 */
import {
  kohm,
  mV,
  ns,
  ohm,
  uA,
  type ParamSpec,
  type ParamValues,
  type SynapseDeviceContext,
  registerBackend,
  registerModel,
  type StateArray,
} from '@spinsnn/core';
import { curve, cycleCurves, switchingCurves } from '../characterise.js';
import { LlgUnavailableError } from '../registry.js';
import { DeviceStoreBase } from '../store-base.js';
import { switchingProbability, type SwitchingParams } from '../switching.js';
import type { Pulse } from '../types.js';

const PARAMS: readonly ParamSpec[] = [
  {
    name: 'notches',
    unit: '1',
    default: 5,
    min: 2,
    max: 64,
    integer: true,
    description: 'number of pinning sites = conductance levels',
    source: 'Leonard et al., Adv. Electron. Mater. 8, 2200563 (2022): 3–5 states (docs/physics.md §5.3)',
  },
  { name: 'rP', unit: 'Ω', default: 5 * kohm, min: 1 * ohm, max: 1e9, description: 'MTJ resistance with the free layer fully parallel' },
  { name: 'tmr', unit: '1', default: 1.5, min: 0, minExclusive: true, max: 10, description: 'tunnel magnetoresistance', source: 'docs/physics.md §5.1' },
  { name: 'pinningDelta', unit: '1', default: 40, min: 1, max: 200, description: 'notch pinning barrier at 300 K, in kB·300 K', source: 'assumed [U]' },
  { name: 'depinCurrent', unit: 'A', default: 100 * uA, min: 1e-9, max: 1, description: 'zero-temperature depinning current I_dep', source: 'assumed [U]' },
  { name: 'tau0', unit: 's', default: 1 * ns, min: 1e-15, max: 1e-6, description: 'attempt time', source: 'docs/physics.md §2.1' },
  {
    name: 'transitTime',
    unit: 's',
    default: 1 * ns,
    min: 1e-13,
    max: 1e-6,
    description: 'time scale of driven wall motion between notches above I_dep (plays τD of §2.3)',
    source: 'assumed [U]',
  },
  {
    name: 'temperature',
    unit: 'K',
    default: 300,
    min: 1,
    max: 1000,
    description: 'operating temperature',
    source: 'Liu et al., APL 118, 202405 (2021): 300 K and 400 K',
  },
  { name: 'writeCurrent', unit: 'A', default: 250 * uA, min: 1e-9, max: 1, description: 'nominal write pulse current' },
  { name: 'writeWidth', unit: 's', default: 5 * ns, min: 1e-12, max: 1e-3, description: 'nominal write pulse width' },
  { name: 'channelResistance', unit: 'Ω', default: 500 * ohm, min: 1, max: 1e7, description: 'resistance of the write path' },
  { name: 'readVoltage', unit: 'V', default: 100 * mV, min: 1e-3, max: 2, description: 'read bias' },
  { name: 'readTime', unit: 's', default: 5 * ns, min: 1e-12, max: 1e-3, description: 'read pulse width' },
  { name: 'readNoise', unit: '1', default: 0.01, min: 0, max: 1, description: 'relative read noise σ', source: 'assumed [U]' },
];

const switching = (p: ParamValues): SwitchingParams => ({
  delta: (p.pinningDelta * 300) / p.temperature,
  ic0: p.depinCurrent,
  tau0: p.tau0,
  exponent: 1,
  tauD: p.transitTime,
});

/** Synapse store of notched domain-wall devices (`dw/notched`): the wall sits in one of the notches, each a conductance level. */
export class DwNotchedStore extends DeviceStoreBase {
  readonly device = 'dw/notched';
  readonly noisyReads: boolean;
  readonly pulseUnit = 'A' as const;
  readonly nominalPulse: Pulse;
  readonly readEnergyJ: number;
  /** Notch index of each wall, 0 … notches − 1. */
  readonly position: Int32Array;
  /** One level per notch (rules may write whole level steps). */
  readonly levels: number;
  private readonly steps: number;
  private readonly sw: SwitchingParams;
  private readonly p: ParamValues;
  private readonly back: Pulse;

  protected stateArrays(): Record<string, StateArray | null> {
    return { position: this.position };
  }

  constructor(ctx: SynapseDeviceContext, p: ParamValues) {
    const gMax = 1 / p.rP;
    super(ctx, gMax / (1 + p.tmr), gMax);
    this.p = p;
    this.sw = switching(p);
    this.steps = p.notches - 1;
    this.levels = p.notches;
    this.noisyReads = p.readNoise > 0;
    this.nominalPulse = { polarity: 1, amplitude: p.writeCurrent, width: p.writeWidth };
    this.back = { polarity: -1, amplitude: p.writeCurrent, width: p.writeWidth };
    this.readEnergyJ = p.readVoltage ** 2 * 0.5 * (this.gMin + this.gMax) * p.readTime;
    this.position = new Int32Array(ctx.size);
    const range = this.wMax - this.wMin;
    for (let s = 0; s < ctx.size; s++) {
      const k = Math.round(Math.min(1, Math.max(0, (ctx.initialWeights[s] - this.wMin) / range)) * this.steps);
      this.position[s] = k;
      this.weights[s] = this.wMin + (k / this.steps) * range;
    }
    this.priceReads();
  }

  conductance(s: number): number {
    return this.gMin + (this.position[s] / this.steps) * (this.gMax - this.gMin);
  }

  read(s: number): number {
    if (!this.noisyReads) return this.weights[s];
    const g = this.conductance(s) * (1 + this.p.readNoise * this.gauss());
    return this.weightOf(g > 0 ? g : 0);
  }

  switchingProbability(s: number, pulse: Pulse): number {
    const k = this.position[s];
    if (pulse.polarity > 0 ? k >= this.steps : k <= 0) return 0;
    return switchingProbability(this.sw, pulse.amplitude, pulse.width);
  }

  applyPulse(s: number, pulse: Pulse, _t = 0): number {
    const e = pulse.amplitude ** 2 * this.p.channelResistance * pulse.width;
    const prob = this.switchingProbability(s, pulse);
    if (prob === 0 || !(prob === 1 || this.rng.uniform32() < prob)) return this.record(0, false, prob, 1, e, pulse.width);
    const w = this.weights[s];
    const k = (this.position[s] += pulse.polarity);
    this.weights[s] = this.wMin + (k / this.steps) * (this.wMax - this.wMin);
    return this.record(this.weights[s] - w, true, prob, 1, e, pulse.width);
  }

  /** Δw becomes round(Δw/range · (notches − 1)) nominal pulses, each a stochastic hop. */
  requestChange(s: number, dw: number, t: number): number {
    // a change past either end of the range is the change to that end: the wall stops at the last
    // notch, and a request of 10⁷ pulses (an STDP amplitude far above a tiny wMax) must not send them
    const w = this.weights[s];
    const target = Math.min(this.wMax, Math.max(this.wMin, w + dw));
    const n = Math.round(((target - w) / (this.wMax - this.wMin)) * this.steps);
    const pulse = n > 0 ? this.nominalPulse : this.back;
    const applied = this.applyPulses(s, pulse, Math.abs(n), t);
    this.last.probability = n === 0 ? 1 : switchingProbability(this.sw, pulse.amplitude, pulse.width);
    return applied;
  }
}

registerBackend({ name: 'dw', description: 'domain-wall MTJ synapses (example of a device added in one folder)' });

registerModel({
  id: 'dw/notched',
  kind: 'synapse',
  description: 'domain-wall MTJ with lithographic notches: a few linear, symmetric levels; stochastic thermally assisted depinning',
  params: PARAMS,
  presets: [
    {
      name: 'leonard2022-4state',
      description: 'four stable states from three notches plus the track ends',
      source: 'Leonard et al., Adv. Electron. Mater. 8, 2200563 (2022) (docs/physics.md §5.3)',
      params: { notches: 4 },
    },
    {
      name: 'liu2021-400K',
      description: 'notched DW-MTJ operated at 400 K (pinning barrier scaled as 300/T)',
      source: 'Liu et al., APL 118, 202405 (2021) (docs/physics.md §5.3)',
      params: { temperature: 400 },
    },
  ],
  ideal: { readNoise: 0 },
  idealLevels: (p) => p.notches,
  createStore: (ctx, p) => new DwNotchedStore(ctx, p),
  characterise(p, { seed, llg }) {
    if (llg) throw new LlgUnavailableError('dw/notched');
    const out = cycleCurves((ctx) => new DwNotchedStore(ctx, p), 200, p.notches - 1, p.notches - 1, seed);
    const closed: [number, number][] = [];
    const gMax = 1 / p.rP;
    const gMin = gMax / (1 + p.tmr);
    const n = p.notches - 1;
    for (let k = 0; k <= 2 * n; k++) closed.push([k, gMin + ((k <= n ? k : 2 * n - k) / n) * (gMax - gMin)]);
    out.push(curve('conductance-vs-pulse (closed form, linear)', 'pulse number', '1', 'conductance', 'S', closed));
    out.push(...switchingCurves(switching(p), seed));
    return out;
  },
});
