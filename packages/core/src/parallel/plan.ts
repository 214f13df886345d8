/**
 * What the multi-threaded engine can run, checked before any thread starts (docs/parallel.md):
 * clock-driven `core/lif_cuba` / `core/lif_coba` populations, static projections (scalar or
 * per-synapse weights, uniform or per-synapse delays, no device, no plasticity), spike and rate
 * monitors. Everything else is refused with a SpecError that names it and says to use threads: 1.
 * Browser-safe (no Node import): the partition code runs wherever workers can be made.
 */
import '../core-models.js';
import { SpecError } from '../errors.js';
import type { ParamValues } from '../params.js';
import { getModel, resolveModelParams } from '../registry.js';
import { DEFAULT_DT, projectionName, validateNetworkSpec, type NetworkSpec, type ValueSpec } from '../spec.js';
import type { ConnectivitySpec } from '../connectivity.js';

/** Neuron models the parallel engine integrates (each has a per-range stepper in partition.ts). */
export const PARALLEL_MODELS: readonly string[] = ['core/lif_cuba', 'core/lif_coba', 'core/iaf_psc_exp'];

/**
 * Floating-point width of a parallel network's neuron state, ring buffers and per-synapse weights
 * (docs/parallel.md, "Precision"): 'float64' (the default, the event kernel's bits) or 'float32'
 * (half the memory traffic; coefficients computed in float64 and rounded once).
 */
export type ParallelPrecision = 'float64' | 'float32';

/** The precisions the parallel engine offers. */
export const PARALLEL_PRECISIONS: readonly ParallelPrecision[] = ['float64', 'float32'];

/** Stream base of neuron groups' own draws (network.ts STREAM.neuron; iaf_psc_exp's background key). */
export const STREAM_NEURON = 6000;

/**
 * A normal delay distribution bounded below only (NEST's redraw with min) is given a ring of
 * mean + this many sd: a delay beyond it (probability ~1e-15 per synapse) stops the build with a
 * SimulationError asking for a max. Keeps the ring size a function of the spec alone.
 */
export const UNBOUNDED_DELAY_SD = 8;

/** RNG stream bases, as network.ts draws them, so connectivity and initial states are those of `new Network`. */
export const STREAM_CONNECT = 1000;
/** Stream base of initial states (network.ts STREAM.init). */
export const STREAM_INIT = 2000;
/** Stream base of per-synapse weights and delays (network.ts STREAM.weight). */
export const STREAM_WEIGHT = 3000;

/** The longest delay in steps a projection may have (per-synapse delays are stored as Uint16 steps). */
export const MAX_DELAY_STEPS = 65535;

/** A population as the engine sees it: its global index range and resolved parameters. */
export interface PlanPopulation {
  readonly name: string;
  readonly index: number;
  readonly size: number;
  /** First global neuron index (populations are laid end to end in spec order). */
  readonly base: number;
  readonly model: string;
  readonly params: ParamValues;
  readonly init: Readonly<Record<string, ValueSpec>>;
}

/** A projection as the engine sees it. */
export interface PlanProjection {
  /** Index in spec.projections (its RNG streams are keyed by it). */
  readonly index: number;
  readonly name: string;
  readonly source: PlanPopulation;
  readonly target: PlanPopulation;
  /** 0 = exc (ge), 1 = inh (gi). */
  readonly receptor: number;
  readonly connectivity: ConnectivitySpec;
  readonly weight: ValueSpec;
  readonly delay: ValueSpec;
  /** Delay in whole steps when uniform; null when per-synapse. */
  readonly uniformDelaySteps: number | null;
}

/** A spec checked for the parallel engine, with its delivery order and exchange interval. */
export interface Plan {
  readonly spec: NetworkSpec;
  readonly dt: number;
  readonly seed: number;
  /** Width of neuron state, ring buffers and per-synapse weights. */
  readonly precision: ParallelPrecision;
  readonly neurons: number;
  readonly populations: readonly PlanPopulation[];
  /**
   * Projections in delivery order: by source population (spec order), then spec order — the
   * order the event kernel's batches reach a buffer (populations fire in spec order, each
   * source's listeners in the order the projections were added).
   */
  readonly projections: readonly PlanProjection[];
  /**
   * Steps between spike exchanges: 1 when any projection has a delay under one step, else the
   * smallest delay in steps (NEST's min-delay scheme). Not known before build for per-synapse
   * delays drawn from distributions: then the bound from the spec (min of the distribution's
   * support for uniform, 1 for normal).
   */
  readonly interval: number;
  /** Longest delay in steps (bound for per-synapse distributions; ring buffers hold this + 1 rows). */
  readonly maxDelaySteps: number;
  readonly spikeMonitors: readonly { readonly name: string; readonly population: string }[];
  readonly rateMonitors: readonly { readonly name: string; readonly population: string; readonly bin: number }[];
}

/** Tolerance (in steps) for a delay meant to be on the dt grid but a rounding below it. */
const GRID_TOLERANCE = 1e-6;

/**
 * Delay in whole steps: a spike at step k with delay d is delivered at the first step boundary at
 * or after k·dt + d and acts from the next step — what the event kernel does with a delay off the
 * grid (its delivery event falls between two ticks). On the grid (d = D·dt up to rounding) it is D.
 */
export function delaySteps(d: number, dt: number): number {
  return Math.floor(d / dt + GRID_TOLERANCE);
}

function unsupported(path: string, what: string, got: unknown): never {
  throw new SpecError(path, `${what} — the parallel engine cannot run this; use threads: 1 (the event kernel runs every spec)`, got);
}

/** Smallest and largest value a ValueSpec can take (for delays: the exchange interval and ring size). */
function valueBounds(v: ValueSpec): [number, number] {
  if (typeof v === 'number') return [v, v];
  if ('length' in v) {
    let lo = Infinity,
      hi = -Infinity;
    for (let s = 0; s < v.length; s++) {
      const x = (v as ArrayLike<number>)[s];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    return v.length ? [lo, hi] : [0, 0];
  }
  if ('uniform' in v) return [v.uniform[0], v.uniform[1]];
  const { mean, sd, min = -Infinity, max = Infinity, grid } = v.normal;
  const hi = Math.min(max, mean + UNBOUNDED_DELAY_SD * sd);
  // grid rounding moves a value by up to half a grid step
  const half = grid === undefined ? 0 : grid / 2;
  return [min === -Infinity ? -Infinity : min - half, min === -Infinity ? Infinity : hi + half];
}

/**
 * Checks a spec for the parallel engine and lays it out (SpecError for anything it cannot run,
 * or cannot run at `precision`).
 */
export function planSpec(spec: NetworkSpec, trusted = false, precision: ParallelPrecision = 'float64'): Plan {
  if (!PARALLEL_PRECISIONS.includes(precision)) throw new SpecError('precision', `one of ${PARALLEL_PRECISIONS.join(', ')}`, precision);
  if (!trusted) validateNetworkSpec(spec);
  const dt = spec.dt ?? DEFAULT_DT;
  if ((spec.inputs ?? []).length > 0) unsupported('inputs', 'a network without input populations (Poisson or spike-times inputs)', spec.inputs![0].name);
  let base = 0;
  const populations: PlanPopulation[] = spec.populations.map((p, k) => {
    const path = `populations[${k}]`;
    const model = getModel(p.model, 'neuron', `${path}.model`);
    if (!PARALLEL_MODELS.includes(model.id)) unsupported(`${path}.model`, `one of ${PARALLEL_MODELS.join(', ')}`, p.model);
    if (precision === 'float32' && model.id === 'core/iaf_psc_exp')
      throw new SpecError(
        `${path}.model`,
        "core/lif_cuba or core/lif_coba with precision 'float32' (core/iaf_psc_exp runs in float64 only: use precision 'float64')",
        p.model,
      );
    if (p.integration !== undefined && p.integration !== 'clock') unsupported(`${path}.integration`, 'clock integration', p.integration);
    const params = resolveModelParams(model, p.preset, p.params, path);
    const pop: PlanPopulation = { name: p.name, index: k, size: p.size, base, model: model.id, params, init: p.init ?? {} };
    base += p.size;
    return pop;
  });
  if (base > 2 ** 31 - 1) throw new SpecError('populations', 'at most 2^31 − 1 neurons in all', base);
  const byName = new Map(populations.map((p) => [p.name, p]));
  let minD = Infinity,
    maxD = 0;
  const projections: PlanProjection[] = (spec.projections ?? []).map((pr, k) => {
    const path = `projections[${k}]`;
    if (pr.plasticity) unsupported(`${path}.plasticity`, 'static synapses', pr.plasticity.rule);
    if (pr.synapse !== undefined) unsupported(`${path}.synapse`, 'plain float weights (no synapse device)', pr.synapse.device);
    const source = byName.get(pr.source);
    const target = byName.get(pr.target);
    if (!source) unsupported(`${path}.source`, 'a neuron population as source', pr.source);
    if (!target) unsupported(`${path}.target`, 'a neuron population as target', pr.target);
    const model = getModel(target.model, 'neuron');
    const receptor = pr.receptor === undefined ? 0 : model.receptors.indexOf(pr.receptor);
    const delay = pr.delay ?? 0;
    const [dLo, dHi] = valueBounds(delay);
    const sLo = dLo === -Infinity ? 0 : Math.max(0, delaySteps(dLo, dt));
    const sHi = dHi === Infinity ? NaN : delaySteps(dHi, dt);
    if (Number.isNaN(sHi)) {
      unsupported(`${path}.delay`, 'delays with a lower bound (a number, a list, a uniform distribution or a normal with min)', delay);
    }
    if (sHi > MAX_DELAY_STEPS) throw new SpecError(`${path}.delay`, `delays up to ${MAX_DELAY_STEPS} steps (${MAX_DELAY_STEPS * dt} s at dt = ${dt} s)`, dHi);
    minD = Math.min(minD, sLo);
    maxD = Math.max(maxD, sHi);
    return {
      index: k,
      name: projectionName(pr),
      source,
      target,
      receptor: Math.max(0, receptor),
      connectivity: pr.connectivity,
      weight: pr.weight,
      delay,
      uniformDelaySteps: typeof delay === 'number' ? delaySteps(delay, dt) : null,
    };
  });
  const order = projections.slice().sort((a, b) => a.source.index - b.source.index || a.index - b.index);
  const spikeMonitors: { name: string; population: string }[] = [];
  const rateMonitors: { name: string; population: string; bin: number }[] = [];
  (spec.monitors ?? []).forEach((m, k) => {
    if (m.type === 'spikes')
      spikeMonitors.push({
        name: m.name ?? `spikes:${m.population}${k > 0 && spikeMonitors.some((x) => x.population === m.population) ? `#${k}` : ''}`,
        population: m.population,
      });
    else if (m.type === 'rate') rateMonitors.push({ name: m.name ?? `rate:${m.population}`, population: m.population, bin: m.bin ?? 1e-3 });
    else unsupported(`monitors[${k}].type`, 'spikes or rate monitors (read final state with state())', m.type);
  });
  return {
    spec,
    dt,
    seed: spec.seed,
    precision,
    neurons: base,
    populations,
    projections: order,
    interval: projections.length === 0 ? 1 : Math.max(1, minD === Infinity ? 1 : minD),
    maxDelaySteps: maxD,
    spikeMonitors,
    rateMonitors,
  };
}

/** Contiguous neuron ranges, one per thread, as equal as can be: thread r owns [b[r], b[r+1]). */
export function partitionBounds(neurons: number, threads: number): Int32Array {
  const b = new Int32Array(threads + 1);
  for (let r = 0; r <= threads; r++) b[r] = Math.floor((neurons * r) / threads);
  return b;
}
