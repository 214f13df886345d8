import {
  SpecError,
  ms,
  noticeOnce,
  registerBackend,
  registerModel,
  stateNumber,
  stateRecord,
  type ParamSpec,
  type ParamValues,
  type PlasticityModel,
  type PlasticityRule,
  type Projection,
  type Rng,
  type StateRecord,
  type SynapseStore,
} from '@spinsnn/core';
import { ScaledTraces } from './traces.js';

/**
 * The STDP family in trace form (docs/physics.md §8.1–8.3), one implementation:
 *
 *   pre spike:  w ← w − o1 · (A2₋ + A3₋ · r2(t−ε)),  then r1, r2 updated
 *   post spike: w ← w + r1 · (A2₊ + A3₊ · o2(t−ε)),  then o1, o2 updated
 *
 * with presynaptic traces r1 (τ₊), r2 (τx) and postsynaptic traces o1 (τ₋), o2 (τy). Pair STDP is
 * A3± = 0 (NEST's stdp_triplet_synapse convention); Pfister & Gerstner's triplet rule uses all
 * four; Diehl & Cook's rule is the nearest-spike triplet rule with A2₊ = 0, A3₊ = ν_post,
 * A2₋ = ν_pre, A3₋ = 0 (pre 20 ms, post1 20 ms, post2 40 ms).
 *
 * - `interaction`: 'all-to-all' adds 1 to a trace per spike, 'nearest' sets it to 1.
 * - `weightDependence`: 'additive' (hard bounds, clipped by the store) or 'multiplicative'
 *   (soft bounds: depression × (w − wMin), potentiation × (wMax − w)).
 * - Traces are lazy (ScaledTraces: one exp per event, none per step). With per-synapse delays
 *   the presynaptic traces are kept per synapse (each synapse sees the spike at its own arrival
 *   time); with one delay they are kept per source neuron.
 * - Every change is *requested* of the projection's synapse store through a `WeightWriter`, so
 *   an ideal store applies it exactly and a device applies what its physics allows.
 */
export interface StdpParams {
  tauPlus: number;
  tauMinus: number;
  tauX: number;
  tauY: number;
  a2Plus: number;
  a3Plus: number;
  a2Minus: number;
  a3Minus: number;
  interaction: 'all-to-all' | 'nearest';
  weightDependence: 'additive' | 'multiplicative';
  /** Soft-bound range (multiplicative); default: the store's range, else [0, 1]. */
  wMin?: number;
  wMax?: number;
}

/**
 * How a requested Δw reaches a device:
 * - `request`: store.requestChange(s, Δw, t) — ideal stores apply it exactly, binary SOT stores
 *   turn it into a pulse with switching probability |Δw|/(wMax − wMin), multi-level stores round
 *   it to whole pulses.
 * - `pulses`: device-aware multi-level STDP (docs/physics.md §8.4): Δw becomes a number of
 *   potentiating/depressing pulses by *stochastic rounding* of Δw/Δw_step (so E[pulses·Δw_step] =
 *   Δw and updates far below one level still act on average), then the store applies exactly
 *   that many pulses along its (nonlinear, noisy) curve.
 */
export type WeightWriter = { kind: 'request' } | { kind: 'pulses'; levels: number; wMin: number; wMax: number; rng: Rng };

/** Plasticity rule `learning/stdp`: pair and triplet STDP in trace form, writing to any synapse store. */
export class StdpRule implements PlasticityRule {
  readonly params: Readonly<StdpParams>;
  /** Presynaptic traces r1 (τ₊) and r2 (τx), per synapse or per source (see class doc). */
  readonly r1: ScaledTraces;
  readonly r2: ScaledTraces | null;
  /** Postsynaptic traces o1 (τ₋) and o2 (τy), per target neuron. */
  readonly o1: ScaledTraces;
  readonly o2: ScaledTraces | null;
  /** Number of weight-change requests made (after skipping exact zeros). */
  requests = 0;
  /** Requests that changed a weight (for the one-time notice when none does). */
  applied = 0;
  private readonly label: string;
  /** When false the rule ignores spikes (weights and traces frozen), e.g. during testing. */
  enabled = true;
  private readonly perSynapse: boolean;
  private readonly store: SynapseStore;
  private readonly post: Int32Array;
  private readonly rowPtr: Int32Array;
  private readonly colPtr: Int32Array;
  private readonly colSyn: Int32Array;
  private readonly colPre: Int32Array;
  private readonly nearest: boolean;
  private readonly mult: boolean;
  private readonly wLo: number;
  private readonly wHi: number;
  private readonly pulseMode: boolean;
  private readonly step: number;
  private readonly invStep: number;
  private readonly rng: Rng | null;

  constructor(proj: Projection, params: StdpParams, writer: WeightWriter = { kind: 'request' }) {
    for (const k of ['tauPlus', 'tauMinus', 'tauX', 'tauY'] as const) {
      if (!(params[k] > 0) || !Number.isFinite(params[k])) throw new SpecError(`stdp.${k}`, 'a finite time constant in seconds > 0', params[k]);
    }
    for (const k of ['a2Plus', 'a3Plus', 'a2Minus', 'a3Minus'] as const) {
      if (!(params[k] >= 0) || !Number.isFinite(params[k])) throw new SpecError(`stdp.${k}`, 'a finite amplitude ≥ 0', params[k]);
    }
    if (!proj.store)
      throw new SpecError(`projection ${proj.name}`, 'per-synapse weights for STDP (a weight list or distribution, or a synapse device)', 'a scalar weight');
    this.params = { ...params };
    this.label = `projection ${proj.name}`;
    this.store = proj.store;
    this.perSynapse = proj.delays !== null;
    const nPre = this.perSynapse ? proj.size : proj.source.size;
    this.r1 = new ScaledTraces(nPre, params.tauPlus);
    this.r2 = params.a3Minus > 0 ? new ScaledTraces(nPre, params.tauX) : null;
    this.o1 = new ScaledTraces(proj.target.size, params.tauMinus);
    this.o2 = params.a3Plus > 0 ? new ScaledTraces(proj.target.size, params.tauY) : null;
    this.post = proj.post;
    this.rowPtr = proj.rowPtr;
    const inc = proj.incoming();
    this.colPtr = inc.colPtr;
    this.colSyn = inc.synapse;
    this.colPre = inc.pre;
    this.nearest = params.interaction === 'nearest';
    this.mult = params.weightDependence === 'multiplicative';
    this.wLo = params.wMin ?? (Number.isFinite(this.store.wMin) ? this.store.wMin : 0);
    this.wHi = params.wMax ?? (Number.isFinite(this.store.wMax) ? this.store.wMax : 1);
    if (writer.kind === 'pulses') {
      if (!(Number.isInteger(writer.levels) && writer.levels >= 2)) throw new SpecError('stdp writer.levels', 'a whole number of levels ≥ 2', writer.levels);
      this.pulseMode = true;
      this.step = (writer.wMax - writer.wMin) / (writer.levels - 1);
      this.invStep = 1 / this.step;
      this.rng = writer.rng;
    } else {
      this.pulseMode = false;
      this.step = this.invStep = NaN;
      this.rng = null;
    }
  }

  onPre(_proj: Projection, i: number, s0: number, s1: number, t: number): void {
    if (!this.enabled) return;
    const p = this.params;
    const o1 = this.o1;
    const oa = o1.a;
    const sc = o1.scale(t);
    const post = this.post;
    const W = this.store.weights;
    const r2 = this.r2;
    // depression: A2₋ + A3₋·r2(t−ε) (r2 before this spike's update)
    let amp = p.a2Minus;
    if (r2 !== null && !this.perSynapse) amp += p.a3Minus * r2.value(i, t);
    if (amp > 0 || r2 !== null) {
      for (let s = s0; s < s1; s++) {
        const a = oa[post[s]];
        if (a === 0) continue;
        let dep = a * sc * (r2 !== null && this.perSynapse ? p.a2Minus + p.a3Minus * r2.value(s, t) : amp);
        if (this.mult) dep *= W[s] - this.wLo;
        if (dep !== 0) this.write(s, -dep, t);
      }
    }
    // presynaptic traces (inlined ScaledTraces.set/add: a ← 1/scale or a + 1/scale)
    const r1 = this.r1;
    const inv1 = 1 / r1.scale(t);
    const inv2 = r2 !== null ? 1 / r2.scale(t) : 0;
    const r1a = r1.a;
    if (this.perSynapse) {
      if (this.nearest) r1a.fill(inv1, s0, s1);
      else for (let s = s0; s < s1; s++) r1a[s] += inv1;
      if (r2 !== null) {
        if (this.nearest) r2.a.fill(inv2, s0, s1);
        else for (let s = s0; s < s1; s++) r2.a[s] += inv2;
      }
    } else {
      r1a[i] = this.nearest ? inv1 : r1a[i] + inv1;
      if (r2 !== null) r2.a[i] = this.nearest ? inv2 : r2.a[i] + inv2;
    }
  }

  onPost(_proj: Projection, j: number, t: number): void {
    if (!this.enabled) return;
    const p = this.params;
    const o2 = this.o2;
    const amp = p.a2Plus + (o2 !== null ? p.a3Plus * o2.value(j, t) : 0);
    if (amp > 0) {
      const r1 = this.r1;
      const ra = r1.a;
      const sc = r1.scale(t);
      const syn = this.colSyn;
      const idx = this.perSynapse ? syn : this.colPre;
      const W = this.store.weights;
      for (let k = this.colPtr[j], end = this.colPtr[j + 1]; k < end; k++) {
        const a = ra[idx[k]];
        if (a === 0) continue;
        const s = syn[k];
        let pot = a * sc * amp;
        if (this.mult) pot *= this.wHi - W[s];
        if (pot !== 0) this.write(s, pot, t);
      }
    }
    if (this.nearest) {
      this.o1.set(j, t, 1);
      if (o2 !== null) o2.set(j, t, 1);
    } else {
      this.o1.add(j, t, 1);
      if (o2 !== null) o2.add(j, t, 1);
    }
  }

  /** Sends one requested change to the store (see WeightWriter). */
  private write(s: number, dw: number, t: number): void {
    if (++this.requests === SWALLOW_CHECK && this.applied === 0) this.sayNothingLearns();
    if (!this.pulseMode) {
      if (this.store.requestChange(s, dw, t) !== 0) this.applied++;
      return;
    }
    const x = dw * this.invStep;
    const mag = x < 0 ? -x : x;
    let n = Math.floor(mag);
    if (this.rng!.uniform32() < mag - n) n++;
    if (n > 0 && this.store.requestChange(s, (x < 0 ? -n : n) * this.step, t) !== 0) this.applied++;
  }

  /** The store swallowed every change so far: learning does nothing, and the user should know. */
  private sayNothingLearns(): void {
    const hint = this.pulseMode
      ? 'more levels or larger amplitudes'
      : this.store.levels === undefined
        ? 'larger amplitudes, or a device that applies small changes'
        : 'stochasticRounding: 1 (whole level steps with the right mean), more levels, or larger amplitudes';
    noticeOnce(
      `stdp-swallowed:${this.label}`,
      `${this.label}: the first ${SWALLOW_CHECK} weight changes STDP requested changed no weight on ${this.store.device} (each was smaller than what the device applies, e.g. under half a level): nothing is learned; use ${hint}`,
    );
  }

  /** Applies a requested change through this rule's writer (used by weight normalisation). */
  requestChange(s: number, dw: number, t: number): void {
    if (dw !== 0) this.write(s, dw, t);
  }

  /** Forgets all traces (e.g. between independent trials). */
  resetTraces(): void {
    this.r1.reset();
    this.r2?.reset();
    this.o1.reset();
    this.o2?.reset();
  }

  /** Traces, the request count and whether learning is on (weights are the store's). */
  snapshot(): StateRecord {
    const traces: Record<string, StateRecord> = { r1: this.r1.snapshot(), o1: this.o1.snapshot() };
    if (this.r2) traces.r2 = this.r2.snapshot();
    if (this.o2) traces.o2 = this.o2.snapshot();
    return { traces, requests: this.requests, applied: this.applied, enabled: this.enabled };
  }

  restore(s: StateRecord): void {
    const path = 'snapshot of learning/stdp';
    const traces = stateRecord(s, 'traces', path);
    this.r1.restore(stateRecord(traces, 'r1', path));
    this.o1.restore(stateRecord(traces, 'o1', path));
    if (this.r2) this.r2.restore(stateRecord(traces, 'r2', path));
    if (this.o2) this.o2.restore(stateRecord(traces, 'o2', path));
    this.requests = stateNumber(s, 'requests', path);
    this.applied = stateNumber(s, 'applied', path);
    this.enabled = s.enabled !== false;
  }
}

/** Pair STDP (A3± = 0). Defaults: Song, Miller & Abbott 2000 (τ± = 20 ms, A₋/A₊ = 1.05; docs/physics.md §8.1). */
export function pairStdpParams(
  o: Partial<Pick<StdpParams, 'tauPlus' | 'tauMinus' | 'interaction' | 'weightDependence' | 'wMin' | 'wMax'>> & { aPlus?: number; aMinus?: number } = {},
): StdpParams {
  const aPlus = o.aPlus ?? 0.01;
  return {
    tauPlus: o.tauPlus ?? 20 * ms,
    tauMinus: o.tauMinus ?? 20 * ms,
    tauX: 1,
    tauY: 1,
    a2Plus: aPlus,
    a3Plus: 0,
    a2Minus: o.aMinus ?? 1.05 * aPlus,
    a3Minus: 0,
    interaction: o.interaction ?? 'all-to-all',
    weightDependence: o.weightDependence ?? 'additive',
    wMin: o.wMin,
    wMax: o.wMax,
  };
}

/**
 * Triplet STDP, Pfister & Gerstner 2006, visual cortex all-to-all "full" model (docs/physics.md §8.2):
 * τ₊ 16.8 ms, τ₋ 33.7 ms, τx 101 ms, τy 125 ms, A2₊ 5e-10, A3₊ 6.2e-3, A2₋ 7e-3, A3₋ 2.3e-4.
 */
export const PFISTER_VISUAL_CORTEX: StdpParams = {
  tauPlus: 16.8 * ms,
  tauMinus: 33.7 * ms,
  tauX: 101 * ms,
  tauY: 125 * ms,
  a2Plus: 5e-10,
  a3Plus: 6.2e-3,
  a2Minus: 7e-3,
  a3Minus: 2.3e-4,
  interaction: 'all-to-all',
  weightDependence: 'additive',
};

/** Diehl & Cook's input→excitatory rule (docs/physics.md §8.3, from the authors' code). */
export function diehlCookStdpParams(o: { nuPre?: number; nuPost?: number; wMax?: number } = {}): StdpParams {
  return {
    tauPlus: 20 * ms, // pre trace
    tauMinus: 20 * ms, // post1
    tauX: 1, // unused (A3₋ = 0)
    tauY: 40 * ms, // post2
    a2Plus: 0,
    a3Plus: o.nuPost ?? 0.01,
    a2Minus: o.nuPre ?? 0.0001,
    a3Minus: 0,
    interaction: 'nearest',
    weightDependence: 'additive',
    wMin: 0,
    wMax: o.wMax ?? 1,
  };
}

/** After this many requests with none applied, say once that the rule learns nothing. */
const SWALLOW_CHECK = 1000;

const TAU = (name: string, d: number, description: string): ParamSpec => ({ name, unit: 's', default: d, min: 0, minExclusive: true, description });
const AMP = (name: string, d: number, description: string): ParamSpec => ({ name, unit: '1', default: d, min: 0, description });
const FLAG = (name: string, d: number, description: string): ParamSpec => ({ name, unit: '1', default: d, min: 0, max: 1, integer: true, description });

/** Parameters of `learning/stdp` (defaults: pair STDP of Song, Miller & Abbott 2000, docs/physics.md §8.1). */
export const STDP_PARAMS: readonly ParamSpec[] = [
  TAU('tauPlus', 20 * ms, 'presynaptic trace r1 time constant τ₊'),
  TAU('tauMinus', 20 * ms, 'postsynaptic trace o1 time constant τ₋'),
  TAU('tauX', 1, 'presynaptic triplet trace r2 time constant τx (used when a3Minus > 0)'),
  TAU('tauY', 1, 'postsynaptic triplet trace o2 time constant τy (used when a3Plus > 0)'),
  AMP('a2Plus', 0.01, 'pair potentiation amplitude A2₊ (weight units)'),
  AMP('a3Plus', 0, 'triplet potentiation amplitude A3₊'),
  AMP('a2Minus', 0.0105, 'pair depression amplitude A2₋'),
  AMP('a3Minus', 0, 'triplet depression amplitude A3₋'),
  FLAG('nearest', 0, '1: nearest-spike interaction (a spike sets its trace to 1); 0: all-to-all (adds 1)'),
  FLAG('multiplicative', 0, '1: soft bounds (depression × (w − wMin), potentiation × (wMax − w), the store’s range); 0: additive, clipped by the store'),
  FLAG(
    'stochasticRounding',
    1,
    '1: on a store with discrete levels, round each Δw to whole level steps stochastically (docs/physics.md §8.4); 0: send Δw to the store as is',
  ),
];

/** The named STDP variants, each from its paper (docs/physics.md §8.1–8.3). */
export const STDP_PRESETS = [
  {
    name: 'song2000-pair',
    description: 'pair STDP, all-to-all, A₋/A₊ = 1.05, τ± = 20 ms',
    source: 'Song, Miller & Abbott, Nat. Neurosci. 3, 919 (2000) (docs/physics.md §8.1)',
    params: {},
  },
  {
    name: 'pfister2006-visual-cortex',
    description: 'triplet STDP, all-to-all "full" model fitted to visual cortex data',
    source: 'Pfister & Gerstner, J. Neurosci. 26, 9673 (2006), doi 10.1523/JNEUROSCI.1425-06.2006 (docs/physics.md §8.2)',
    params: { tauPlus: 16.8 * ms, tauMinus: 33.7 * ms, tauX: 101 * ms, tauY: 125 * ms, a2Plus: 5e-10, a3Plus: 6.2e-3, a2Minus: 7e-3, a3Minus: 2.3e-4 },
  },
  {
    name: 'diehl-cook2015',
    description: 'Diehl & Cook input→excitatory rule: nearest-spike, ν_pre = 1e-4 on pre spikes, ν_post = 0.01 × post2 trace (40 ms) on post spikes',
    source: 'Diehl & Cook, Front. Comput. Neurosci. 9, 99 (2015), the authors’ code (docs/physics.md §8.3)',
    params: { tauY: 40 * ms, a2Plus: 0, a3Plus: 0.01, a2Minus: 0.0001, a3Minus: 0, nearest: 1 },
  },
] as const;

/** StdpParams from resolved `learning/stdp` parameters. */
export function stdpParamsFrom(v: ParamValues): StdpParams {
  return {
    tauPlus: v.tauPlus,
    tauMinus: v.tauMinus,
    tauX: v.tauX,
    tauY: v.tauY,
    a2Plus: v.a2Plus,
    a3Plus: v.a3Plus,
    a2Minus: v.a2Minus,
    a3Minus: v.a3Minus,
    interaction: v.nearest === 1 ? 'nearest' : 'all-to-all',
    weightDependence: v.multiplicative === 1 ? 'multiplicative' : 'additive',
  };
}

/** The writer a store asks for: whole level steps on a levelled store (when enabled), else plain requests. */
export function writerFor(store: SynapseStore, stochasticRounding: boolean, rng: Rng): WeightWriter {
  if (!stochasticRounding || store.levels === undefined) return { kind: 'request' };
  return { kind: 'pulses', levels: store.levels, wMin: store.wMin, wMax: store.wMax, rng };
}

/** Registry entry of `learning/stdp`. */
export const stdpModel: PlasticityModel = {
  id: 'learning/stdp',
  kind: 'plasticity',
  description:
    'the STDP family in trace form: pair and triplet, all-to-all or nearest-spike, additive or multiplicative; changes requested of the synapse store (a device applies what its physics allows)',
  params: STDP_PARAMS,
  presets: STDP_PRESETS,
  characterise(v) {
    // one isolated pre/post pairing (no earlier spikes): only the pair terms act, Δt = t_post − t_pre
    const points: [number, number][] = [];
    for (let k = -50; k <= 50; k++) {
      const dt = (k / 50) * 5 * Math.max(v.tauPlus, v.tauMinus);
      if (dt === 0) continue;
      points.push([dt, dt > 0 ? v.a2Plus * Math.exp(-dt / v.tauPlus) : -v.a2Minus * Math.exp(dt / v.tauMinus)]);
    }
    return [{ name: 'stdp-window (one pairing, pair terms)', x: 't_post − t_pre', xUnit: 's', y: 'weight change', yUnit: '1', points }];
  },
  createRule(ctx, v) {
    const store = ctx.projection.store;
    if (!store) throw new SpecError(`${ctx.path}`, 'a projection with per-synapse weights', 'a scalar weight');
    return new StdpRule(ctx.projection, stdpParamsFrom(v), writerFor(store, v.stochasticRounding === 1, ctx.rng));
  },
};

registerBackend({ name: 'learning', description: 'learning rules (the STDP family, Joule-heating pulse STDP) and the Diehl & Cook neuron' });
registerModel(stdpModel);
