/**
 * `core/lif`: leaky integrate-and-fire with delta synapses (a spike of weight w makes v jump by
 * w). Event-driven by default: between inputs v relaxes exponentially, so each neuron is
 * advanced exactly and lazily when an input reaches it, and a threshold crossing under a
 * constant drive is solved in closed form and scheduled. Clock-driven on request: the same
 * equation on the dt grid, the reference event-driven runs converge to.
 */
import { SpecError } from '../errors.js';
import { ms, mV } from '../units.js';
import type { ParamSpec, ParamValues } from '../params.js';
import type { NeuronModel } from '../registry.js';
import { ClockDrivenGroup, EventDrivenGroup, refractorySteps } from './bases.js';

const LIF_PARAMS: readonly ParamSpec[] = [
  { name: 'tauM', unit: 's', default: 10 * ms, min: 0, minExclusive: true, description: 'membrane time constant' },
  { name: 'vRest', unit: 'V', default: -70 * mV, description: 'resting potential' },
  { name: 'vThreshold', unit: 'V', default: -50 * mV, description: 'spike when v exceeds it' },
  { name: 'vReset', unit: 'V', default: -70 * mV, description: 'potential after a spike' },
  { name: 'refractory', unit: 's', default: 2 * ms, min: 0, description: 'v clamped at vReset this long after a spike' },
  { name: 'drive', unit: 'V', default: 0, description: 'constant input R·I: v relaxes to vRest + drive' },
];

/**
 * A reset above threshold with no refractory period would fire infinitely often at one instant
 * (the event-driven group would never let time advance): refuse it with the fix.
 */
function refuseRunaway(p: ParamValues): void {
  if (p.refractory === 0 && p.vReset > p.vThreshold) {
    throw new SpecError(
      'params.vReset',
      `a reset at or below vThreshold (${p.vThreshold} V) when refractory = 0 — otherwise the neuron fires infinitely often at one instant; lower vReset or set a refractory period`,
      p.vReset,
    );
  }
}

/** LIF with delta synapses, advanced lazily and exactly between events. */
export class LifEventGroup extends EventDrivenGroup {
  /** v at time tLast. */
  readonly v: Float64Array;
  readonly tLast: Float64Array;
  readonly version: Int32Array;
  private readonly tau: number;
  private readonly vInf: number;
  private readonly vThreshold: number;
  private readonly vReset: number;
  private readonly refractory: number;

  constructor(size: number, p: ParamValues) {
    super('core/lif', size);
    refuseRunaway(p);
    this.v = this.defineState('v', new Float64Array(size).fill(p.vRest));
    this.tLast = this.defineHidden('tLast', new Float64Array(size));
    this.version = this.defineHidden('version', new Int32Array(size));
    this.tau = p.tauM;
    this.vInf = p.vRest + p.drive;
    this.vThreshold = p.vThreshold;
    this.vReset = p.vReset;
    this.refractory = p.refractory;
  }

  override readState(_name: string, i: number, t: number): number {
    if (t <= this.tLast[i]) return this.v[i];
    return this.vInf + (this.v[i] - this.vInf) * Math.exp(-(t - this.tLast[i]) / this.tau);
  }

  protected override onAttach(): void {
    this.tLast.fill(this.sim.t);
    for (let i = 0; i < this.size; i++) this.scheduleCrossing(i);
  }

  receive(i: number, _receptor: number, w: number, t: number): void {
    this.updates.count++;
    if (t < this.tLast[i]) return; // refractory: v is clamped, input lost
    const v = this.vInf + (this.v[i] - this.vInf) * Math.exp(-(t - this.tLast[i]) / this.tau) + w;
    if (v > this.vThreshold) {
      this.spike(i, t);
    } else {
      this.v[i] = v;
      this.tLast[i] = t;
      this.scheduleCrossing(i);
    }
  }

  /** Autonomous threshold crossing under the constant drive (a = neuron, b = version). */
  handleEvent(t: number, i: number, version: number): void {
    if (version !== this.version[i]) return; // superseded by a later input
    this.updates.count++;
    this.spike(i, t);
  }

  private spike(i: number, t: number): void {
    this.v[i] = this.vReset;
    this.tLast[i] = t + this.refractory;
    this.out.fire(i, t);
    this.scheduleCrossing(i);
  }

  /**
   * Schedules neuron i's next autonomous spike (bumping its version either way), exactly in every
   * regime: v above threshold already (a reset above vThreshold, an initial v above it) spikes as
   * soon as it may, at tLast; otherwise, if the drive takes v across, at the closed-form crossing
   * tLast + τ·ln((v∞ − v)/(v∞ − vθ)); otherwise never.
   */
  private scheduleCrossing(i: number): void {
    const version = ++this.version[i];
    const v = this.v[i];
    if (v > this.vThreshold) {
      this.sim.schedule(this.tLast[i], this.handler, i, version);
      return;
    }
    if (this.vInf <= this.vThreshold) return;
    const tCross = this.tLast[i] + this.tau * Math.log((this.vInf - v) / (this.vInf - this.vThreshold));
    this.sim.schedule(tCross, this.handler, i, version);
  }
}

/** The same LIF integrated on the dt grid. */
export class LifClockGroup extends ClockDrivenGroup {
  readonly v: Float64Array;
  readonly input: Float64Array;
  private readonly decay: number;
  private readonly refSteps: number;

  constructor(
    size: number,
    dt: number,
    private readonly p: ParamValues,
  ) {
    super('core/lif', size, dt, null);
    refuseRunaway(p);
    this.v = this.defineState('v', new Float64Array(size).fill(p.vRest));
    this.input = this.defineHidden('input', new Float64Array(size));
    this.decay = Math.exp(-dt / p.tauM);
    this.refSteps = refractorySteps(p.refractory, dt);
  }

  inputBuffer(): Float64Array {
    return this.input;
  }

  protected integrate(k: number): number {
    const { v, input, lastSpikeStep: last, spiked } = this;
    const vInf = this.p.vRest + this.p.drive,
      vT = this.p.vThreshold,
      vR = this.p.vReset;
    const decay = this.decay,
      refSteps = this.refSteps;
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      const x = input[i];
      input[i] = 0;
      if (k - last[i] < refSteps) continue;
      const vi = vInf + (v[i] - vInf) * decay + x;
      if (vi > vT) {
        v[i] = vR;
        last[i] = k;
        spiked[n++] = i;
      } else v[i] = vi;
    }
    return n;
  }
}

/** Registry entry of `core/lif`, the leaky integrate-and-fire neuron with delta synapses. */
export const lifModel: NeuronModel = {
  id: 'core/lif',
  kind: 'neuron',
  aliases: ['lif'],
  description: 'leaky integrate-and-fire, delta synapses (a spike of weight w makes v jump by w)',
  integrations: ['event', 'clock'],
  receptors: ['syn'],
  weightUnit: 'V (jump of v)',
  stateNames: ['v'],
  exampleWeight: 4 * mV,
  params: LIF_PARAMS,
  createGroup(size, params, integration, dt) {
    return integration === 'event' ? new LifEventGroup(size, params) : new LifClockGroup(size, dt, params);
  },
  characterise(p, { llg }) {
    if (llg) throw new SpecError('--llg', 'a device model with a macrospin calibration (core/lif is a CMOS reference neuron)', 'core/lif');
    // constant drive D: v relaxes to vRest + D; from vReset it reaches vThreshold after
    // τ ln((vRest + D − vReset)/(vRest + D − vThreshold)), then stays refractory
    const points: [number, number][] = [];
    const dMin = p.vThreshold - p.vRest;
    for (let k = 0; k <= 40; k++) {
      const D = dMin * (0.5 + (2.5 * k) / 40);
      const vInf = p.vRest + D;
      const rate = vInf <= p.vThreshold ? 0 : 1 / (p.refractory + p.tauM * Math.log((vInf - p.vReset) / (vInf - p.vThreshold)));
      points.push([D, rate]);
    }
    return [{ name: 'rate-vs-drive', x: 'constant drive R·I', xUnit: 'V', y: 'firing rate', yUnit: 'Hz', points }];
  },
};
