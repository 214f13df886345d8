import { ms, mV } from '../units.js';
import type { ParamSpec, ParamValues } from '../params.js';
import type { GroupContext, Integration, NeuronGroup, NeuronModelDef, SpikeSink } from './types.js';
import type { Simulator } from '../simulator.js';
import type { LedgerCounter } from '../ledger.js';
import { SimulationError } from '../errors.js';
import { expFast } from '../expfast.js';
import { arenaFor, type KernelChoice, type WasmArena } from '../wasm/kernels.js';

/**
 * Leaky integrate-and-fire neurons, the reference models of spinsnn's core.
 *
 * | model      | synapses                      | integration      | why                                                       |
 * |------------|-------------------------------|------------------|-----------------------------------------------------------|
 * | `lif`      | delta (input jumps v)         | event (or clock) | between inputs v relaxes exponentially: exact lazy update, threshold crossings of a constant drive solved in closed form |
 * | `lif_cuba` | exponential current (ge, gi)  | clock            | exact linear propagator per step, but a threshold crossing of the 3-variable system has no closed form; thresholds are tested on the dt grid (Brian2 semantics) |
 * | `lif_coba` | exponential conductance       | clock            | v obeys a linear ODE with time-varying coefficients: exponential Euler per step, exact for v given the conductances at the step's start |
 *
 * Clock-driven semantics follow Brian2 exactly (benchmarks.md §1): each step updates every
 * non-refractory neuron from the state at the step's start, tests `v > vThreshold`, records the
 * spike at the step's start time, resets; inputs delivered at that instant act from the next step.
 * A neuron that spikes at step k is frozen at vReset and next integrates at step k + refractory/dt.
 */

const NEVER_SPIKED = -(2 ** 30);

/** Brian2's `timestep(refractory, dt)`: whole steps, robust to rounding of refractory/dt. */
export function refractorySteps(refractory: number, dt: number): number {
  return Math.floor((refractory + 1e-3 * dt) / dt);
}

abstract class ClockGroup implements NeuronGroup {
  readonly integration: Integration = 'clock';
  abstract readonly stateNames: readonly string[];
  protected sim!: Simulator;
  protected out!: SpikeSink;
  protected updates!: LedgerCounter;
  /** Indices that spiked in the current step (reused buffer). */
  protected spiked: Int32Array;
  /** Step of each neuron's last spike. */
  readonly lastSpikeStep: Int32Array;

  /** `arena`: allocate state in a wasm instance's memory (for its kernels), or null for plain arrays. */
  constructor(readonly size: number, protected readonly dt: number, protected readonly arena: WasmArena | null) {
    this.spiked = arena ? arena.i32(size) : new Int32Array(size);
    this.lastSpikeStep = (arena ? arena.i32(size) : new Int32Array(size)).fill(NEVER_SPIKED);
  }

  /** Which implementation integrates: the wasm SIMD kernel or this file's reference loop. */
  get kernel(): 'wasm' | 'js' {
    return this.arena ? 'wasm' : 'js';
  }

  protected f64(n: number): Float64Array {
    return this.arena ? this.arena.f64(n) : new Float64Array(n);
  }


  abstract state(name: string): Float64Array;
  abstract inputBuffer(receptor: number): Float64Array | null;
  /** Integrates every neuron over one step starting at step k; returns how many spiked. */
  protected abstract integrate(k: number): number;

  readState(name: string, i: number): number {
    return this.state(name)[i];
  }

  receive(): void {
    throw new SimulationError('clock-driven groups take input through inputBuffer()');
  }

  attach(ctx: GroupContext): void {
    this.sim = ctx.sim;
    this.out = ctx.out;
    this.updates = ctx.ledger.counter(ctx.component, 'neuronUpdate');
    ctx.sim.addClockMember(this);
  }

  step(t: number, k: number): void {
    const n = this.integrate(k);
    this.updates.count += this.size;
    const spiked = this.spiked;
    for (let s = 0; s < n; s++) this.out.fire(spiked[s], t);
  }
}

// ---------------------------------------------------------------- lif (delta synapses)

const LIF_PARAMS: readonly ParamSpec[] = [
  { name: 'tauM', unit: 's', default: 10 * ms, min: 0, minExclusive: true, description: 'membrane time constant' },
  { name: 'vRest', unit: 'V', default: -70 * mV, description: 'resting potential' },
  { name: 'vThreshold', unit: 'V', default: -50 * mV, description: 'spike when v exceeds it' },
  { name: 'vReset', unit: 'V', default: -70 * mV, description: 'potential after a spike' },
  { name: 'refractory', unit: 's', default: 2 * ms, min: 0, description: 'v clamped at vReset this long after a spike' },
  { name: 'drive', unit: 'V', default: 0, description: 'constant input R·I: v relaxes to vRest + drive' },
];

/** LIF with delta synapses, advanced lazily and exactly between events. */
export class LifEventGroup implements NeuronGroup {
  readonly integration: Integration = 'event';
  readonly stateNames = ['v'] as const;
  /** v at time tLast. */
  readonly v: Float64Array;
  readonly tLast: Float64Array;
  readonly version: Int32Array;
  private readonly tau: number;
  private readonly vInf: number;
  private readonly vThreshold: number;
  private readonly vReset: number;
  private readonly refractory: number;
  private sim!: Simulator;
  private out!: SpikeSink;
  private handler = -1;
  private updates!: LedgerCounter;

  constructor(readonly size: number, p: ParamValues) {
    this.v = new Float64Array(size).fill(p.vRest);
    this.tLast = new Float64Array(size);
    this.version = new Int32Array(size);
    this.tau = p.tauM;
    this.vInf = p.vRest + p.drive;
    this.vThreshold = p.vThreshold;
    this.vReset = p.vReset;
    this.refractory = p.refractory;
  }

  state(name: string): Float64Array {
    if (name !== 'v') throw new SimulationError(`lif has state variable v, not ${name}`);
    return this.v;
  }

  readState(_name: string, i: number, t: number): number {
    if (t <= this.tLast[i]) return this.v[i];
    return this.vInf + (this.v[i] - this.vInf) * Math.exp(-(t - this.tLast[i]) / this.tau);
  }

  inputBuffer(): null {
    return null;
  }

  attach(ctx: GroupContext): void {
    this.sim = ctx.sim;
    this.out = ctx.out;
    this.updates = ctx.ledger.counter(ctx.component, 'neuronUpdate');
    this.handler = ctx.sim.register(this);
    this.tLast.fill(ctx.sim.t);
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

  /** If the drive takes v above threshold, schedule the crossing; bump the version either way. */
  private scheduleCrossing(i: number): void {
    const version = ++this.version[i];
    if (this.vInf <= this.vThreshold) return;
    const v = this.v[i];
    const tCross = this.tLast[i] + this.tau * Math.log((this.vInf - v) / (this.vInf - this.vThreshold));
    this.sim.schedule(tCross, this.handler, i, version);
  }
}

/** The same LIF integrated on the dt grid: the reference event-driven runs converge to. */
export class LifClockGroup extends ClockGroup {
  readonly stateNames = ['v'] as const;
  readonly v: Float64Array;
  readonly input: Float64Array;
  private readonly decay: number;
  private readonly refSteps: number;

  constructor(size: number, dt: number, private readonly p: ParamValues) {
    super(size, dt, null);
    this.v = new Float64Array(size).fill(p.vRest);
    this.input = new Float64Array(size);
    this.decay = Math.exp(-dt / p.tauM);
    this.refSteps = refractorySteps(p.refractory, dt);
  }

  state(name: string): Float64Array {
    if (name !== 'v') throw new SimulationError(`lif has state variable v, not ${name}`);
    return this.v;
  }

  inputBuffer(): Float64Array {
    return this.input;
  }

  protected integrate(k: number): number {
    const { v, input, lastSpikeStep: last, spiked } = this;
    const vInf = this.p.vRest + this.p.drive, vT = this.p.vThreshold, vR = this.p.vReset;
    const decay = this.decay, refSteps = this.refSteps;
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

export const lifModel: NeuronModelDef = {
  name: 'lif',
  description: 'leaky integrate-and-fire, delta synapses (a spike of weight w makes v jump by w)',
  integrations: ['event', 'clock'],
  receptors: ['syn'],
  weightUnit: 'V (jump of v)',
  params: LIF_PARAMS,
  create(size, params, integration, dt) {
    return integration === 'event' ? new LifEventGroup(size, params) : new LifClockGroup(size, dt, params);
  },
};

// ---------------------------------------------------------------- lif_cuba

const SYN_PARAMS: readonly ParamSpec[] = [
  { name: 'tauM', unit: 's', default: 20 * ms, min: 0, minExclusive: true, description: 'membrane time constant', source: 'Brette et al. 2007, CUBA' },
  { name: 'tauE', unit: 's', default: 5 * ms, min: 0, minExclusive: true, description: 'excitatory synaptic time constant', source: 'Brette et al. 2007' },
  { name: 'tauI', unit: 's', default: 10 * ms, min: 0, minExclusive: true, description: 'inhibitory synaptic time constant', source: 'Brette et al. 2007' },
  { name: 'vThreshold', unit: 'V', default: -50 * mV, description: 'spike when v exceeds it' },
  { name: 'vReset', unit: 'V', default: -60 * mV, description: 'potential after a spike' },
  { name: 'refractory', unit: 's', default: 5 * ms, min: 0, description: 'v frozen at vReset this long after a spike' },
];

const CUBA_PARAMS: readonly ParamSpec[] = [
  ...SYN_PARAMS,
  { name: 'vRest', unit: 'V', default: -49 * mV, description: 'leak reversal El (above threshold in the benchmark: the network fires by itself)', source: 'Brette et al. 2007' },
];

/**
 * CUBA: dv/dt = (ge + gi − (v − El))/τm, dge/dt = −ge/τe, dgi/dt = −gi/τi (ge, gi in volts).
 * Integrated with the exact propagator of this linear system over each step.
 */
/** Clock-driven LIF with two synaptic variables (ge for `exc`, gi for `inh`) decaying exponentially. */
abstract class TwoSynapseGroup extends ClockGroup {
  readonly stateNames = ['v', 'ge', 'gi'] as const;
  readonly v: Float64Array;
  readonly ge: Float64Array;
  readonly gi: Float64Array;
  protected readonly de: number;
  protected readonly di: number;
  protected readonly refSteps: number;

  /** Byte offset of the wasm kernel's parameter block (built on the first step). */
  protected params: number | null = null;

  constructor(private readonly model: string, size: number, dt: number, protected readonly p: ParamValues, kernel: KernelChoice) {
    super(size, dt, arenaFor(kernel, size * (5 * 8 + 4) + 512));
    this.v = this.f64(size).fill(p.vRest);
    this.ge = this.f64(size);
    this.gi = this.f64(size);
    this.de = Math.exp(-dt / p.tauE);
    this.di = Math.exp(-dt / p.tauI);
    this.refSteps = refractorySteps(p.refractory, dt);
  }

  state(name: string): Float64Array {
    if (name === 'v') return this.v;
    if (name === 'ge') return this.ge;
    if (name === 'gi') return this.gi;
    throw new SimulationError(`${this.model} has state variables v, ge, gi, not ${name}`);
  }

  inputBuffer(receptor: number): Float64Array {
    return receptor === 0 ? this.ge : this.gi;
  }

  /** Writes the kernel's parameter block: the scalars given, then the state arrays' offsets. */
  protected paramBlock(scalars: number[]): number {
    const block = this.arena!.f64(15);
    block.set(scalars);
    block.set([this.v.byteOffset, this.ge.byteOffset, this.gi.byteOffset, this.lastSpikeStep.byteOffset, this.spiked.byteOffset], 10);
    return block.byteOffset;
  }
}

export class LifCubaGroup extends TwoSynapseGroup {
  private readonly dm: number;
  private readonly ce: number;
  private readonly ci: number;

  constructor(size: number, dt: number, p: ParamValues, kernel: KernelChoice = 'auto') {
    super('lif_cuba', size, dt, p, kernel);
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

export const lifCubaModel: NeuronModelDef = {
  name: 'lif_cuba',
  description: 'LIF with exponential current synapses (Brette 2007 CUBA), exact propagator on the dt grid',
  integrations: ['clock'],
  receptors: ['exc', 'inh'],
  weightUnit: 'V (jump of ge or gi)',
  params: CUBA_PARAMS,
  create: (size, params, _i, dt, options) => new LifCubaGroup(size, dt, params, options?.kernel),
};

// ---------------------------------------------------------------- lif_coba

const COBA_PARAMS: readonly ParamSpec[] = [
  ...SYN_PARAMS,
  { name: 'vRest', unit: 'V', default: -60 * mV, description: 'leak reversal El', source: 'Brette et al. 2007, COBA' },
  { name: 'eExc', unit: 'V', default: 0, description: 'excitatory reversal potential', source: 'Brette et al. 2007' },
  { name: 'eInh', unit: 'V', default: -80 * mV, description: 'inhibitory reversal potential', source: 'Brette et al. 2007' },
];

/**
 * COBA: τm dv/dt = ge(Ee − v) + gi(Ei − v) + (El − v), conductances in units of the leak
 * conductance (dimensionless). Exponential Euler: exact for v given ge, gi at the step's start.
 * Uses expFast (not Math.exp) so the wasm kernel reproduces it bit for bit.
 */
export class LifCobaGroup extends TwoSynapseGroup {
  constructor(size: number, dt: number, p: ParamValues, kernel: KernelChoice = 'auto') {
    super('lif_coba', size, dt, p, kernel);
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

export const lifCobaModel: NeuronModelDef = {
  name: 'lif_coba',
  description: 'LIF with exponential conductance synapses (Brette 2007 COBA), exponential Euler on the dt grid',
  integrations: ['clock'],
  receptors: ['exc', 'inh'],
  weightUnit: '1 (jump of ge or gi in units of the leak conductance)',
  params: COBA_PARAMS,
  create: (size, params, _i, dt, options) => new LifCobaGroup(size, dt, params, options?.kernel),
};
