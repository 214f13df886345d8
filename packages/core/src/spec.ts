import { SpecError } from './errors.js';
import { CONNECTIVITY_RULES, type ConnectivitySpec } from './connectivity.js';
import type { Integration } from './neurons/types.js';
import { getModel, resolveModelParams } from './registry.js';

/**
 * A network as data: JSON-serialisable, validated by `validateSpec` (and on build). Numbers are
 * SI: seconds, volts, hertz. Arrays may be plain arrays or typed arrays.
 */
export interface NetworkSpec {
  /** Step of clock-driven groups (s). Default 0.1 ms. */
  dt?: number;
  /** Seed of every random draw made while building and running. */
  seed: number;
  populations: PopulationSpec[];
  inputs?: InputSpec[];
  projections?: ProjectionSpec[];
  monitors?: MonitorSpec[];
}

/**
 * A value per neuron or synapse: a constant, an explicit list, or a distribution. A normal may be
 * truncated by redrawing (NEST's `redraw`): each value is drawn again until min ≤ x ≤ max; then,
 * with `grid`, rounded to the nearest multiple of grid (NEST rounds delays to the time step).
 */
export type ValueSpec = number | ArrayLike<number> | { uniform: [number, number] } | { normal: NormalSpec };

/** A normal distribution, optionally redrawn into [min, max] and rounded onto a grid (see ValueSpec). */
export interface NormalSpec {
  mean: number;
  sd: number;
  min?: number;
  max?: number;
  grid?: number;
}

/**
 * The redraw bounds must reach within this many sd of the mean, so a redraw accepts at least
 * ~0.1 % of draws (P(Z > 3) = 0.00135) and building never stalls.
 */
export const NORMAL_REDRAW_REACH_SD = 3;

/** A population of a network spec: name, size, neuron model id, parameters, initial state. */
export interface PopulationSpec {
  name: string;
  size: number;
  /** Registered neuron model id, e.g. `core/lif_cuba`, `pbit/telegraph` (`spinsnn devices` lists them). */
  model: string;
  /** Event-driven or clock-driven, where the model supports both (default: the model's first). */
  integration?: Integration;
  /** A named parameter set of the model (its values sit between the defaults and `params`). */
  preset?: string;
  params?: Record<string, number>;
  /** Initial values of state variables, e.g. `{ v: { uniform: [-60e-3, -50e-3] } }`. */
  init?: Record<string, ValueSpec>;
}

/** An input of a network spec: Poisson sources or explicit spike times. */
export type InputSpec =
  | {
      name: string;
      type: 'poisson';
      size: number;
      /** Hz: one rate for all, or one per neuron. */
      rate: number | ArrayLike<number>;
      /** Piecewise-constant change of rates: at times[k] the rates become rates[k]. */
      schedule?: { times: ArrayLike<number>; rates: ArrayLike<number>[] };
    }
  | { name: string; type: 'spike_times'; size: number; indices: ArrayLike<number>; times: ArrayLike<number> };

/** The synapse device of a projection: model id, preset, parameters, weight range. */
export interface SynapseSpec {
  /** Registered synapse model id (`core/float` or, with @spinsnn/backends, e.g. `sot/multilevel`). */
  device: string;
  preset?: string;
  params?: Record<string, number>;
  /** Weight range the device maps onto (defaults: 0 and the largest initial weight). */
  wMin?: number;
  wMax?: number;
}

/** A projection of a network spec: source, target, connectivity, weights, delays, synapse device, plasticity. */
export interface ProjectionSpec {
  name?: string;
  source: string;
  target: string;
  /** The target model's receptor (e.g. `exc`, `inh`); default its first. */
  receptor?: string;
  connectivity: ConnectivitySpec;
  /** Weight in the receptor's unit; per synapse in CSR order when a list (explicit: pair order). */
  weight: ValueSpec;
  /** Delay (s), ≥ 0; per synapse when a list or a distribution. Default 0. */
  delay?: ValueSpec;
  /**
   * A constant input this projection adds to each target neuron's `bias` (a NIR Affine node's
   * bias): one number for all, or one per target neuron. Only for target models with a `bias`
   * state (core/nir_lif, core/if, …); it adds to the population's own `init.bias`.
   */
  bias?: number | number[];
  /** Synapse device; default: ideal float weights (a constant weight is stored once). */
  synapse?: SynapseSpec;
  /** A plasticity rule on these synapses (needs per-synapse weights: a list, a distribution or a synapse device). */
  plasticity?: PlasticitySpec;
}

/** A registered plasticity rule (`learning/stdp`, … with @spinsnn/learning) with its preset and parameters. */
export interface PlasticitySpec {
  rule: string;
  preset?: string;
  params?: Record<string, number>;
}

/** A monitor of a network spec: spikes, a state variable, or a population rate. */
export type MonitorSpec =
  | { type: 'spikes'; population: string; name?: string }
  | { type: 'state'; population: string; variable: string; indices: number[]; interval?: number; name?: string }
  | { type: 'rate'; population: string; bin?: number; name?: string }
  /**
   * Weights of a projection's synapses (CSR order; default all of them, at most
   * MAX_MONITORED_WEIGHTS) sampled every `interval` seconds (default DEFAULT_WEIGHT_INTERVAL).
   */
  | { type: 'weights'; projection: string; synapses?: number[]; interval?: number; name?: string };

/** Default time step of clock-driven groups: 0.1 ms. */
export const DEFAULT_DT = 1e-4;

/** A projection's name: its `name`, else `source->target` (`:receptor` when one is given). */
export function projectionName(pr: Pick<ProjectionSpec, 'name' | 'source' | 'target' | 'receptor'>): string {
  return pr.name ?? `${pr.source}->${pr.target}${pr.receptor ? ':' + pr.receptor : ''}`;
}
/** Smallest dt: below a picosecond a run of milliseconds is billions of steps (surely a unit mistake). */
export const MIN_DT = 1e-12;
/** Smallest state-monitor interval and rate-monitor bin: a finer one records millions of samples per ms. */
export const MIN_SAMPLE_INTERVAL = 1e-9;
/** Default weight-monitor interval: weights change on the time scale of learning, not of spikes. */
export const DEFAULT_WEIGHT_INTERVAL = 10e-3;
/** A weight monitor of every synapse records at most this many; list `synapses` for a bigger projection. */
export const MAX_MONITORED_WEIGHTS = 100_000;

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && !Array.isArray(x);
const isFiniteNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isArrayLike = (x: unknown): x is ArrayLike<number> => Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));

function need(cond: boolean, path: string, expected: string, got: unknown): void {
  if (!cond) throw new SpecError(path, expected, got);
}

/** Edit distance (insertions, deletions, substitutions), for "did you mean" hints. */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The candidate nearest to `word` when it is a plausible typo (distance ≤ 2, and less than half its length), else null. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== null && bestD <= Math.min(2, Math.ceil(Math.max(word.length, best.length) / 2) - 1) ? best : null;
}

/** Refuses keys a spec object may not have: a typo must not be silently ignored. */
function checkKeys(o: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) {
      const hint = nearest(k, allowed);
      throw new SpecError(`${path}.${k}`, `one of the keys ${allowed.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`, k);
    }
  }
}

function checkName(x: unknown, path: string): void {
  need(typeof x === 'string' && /^[A-Za-z_][\w.-]*$/.test(x), path, 'a name of letters, digits, _ . - (not starting with a digit)', x);
}

function checkSize(x: unknown, path: string): void {
  need(Number.isInteger(x) && (x as number) > 0 && (x as number) <= 2 ** 30, path, 'a whole number of neurons ≥ 1', x);
}

/**
 * Checks a ValueSpec: a finite constant, a list of `length` finite values, or a distribution.
 * `min` bounds every value (and a distribution's support) — e.g. 0 for delays.
 */
export function checkValue(x: unknown, path: string, length: number | null, min?: number): void {
  const bound = min === undefined ? '' : ` ≥ ${min}`;
  if (typeof x === 'number') {
    need(Number.isFinite(x) && (min === undefined || x >= min), path, `a finite number${bound}`, x);
    return;
  }
  if (isArrayLike(x)) {
    if (length !== null) need(x.length === length, path, `a list of ${length} values`, `a list of ${x.length}`);
    for (let k = 0; k < x.length; k++) {
      const v = x[k];
      if (!(Number.isFinite(v) && (min === undefined || v >= min))) throw new SpecError(`${path}[${k}]`, `a finite number${bound}`, v);
    }
    return;
  }
  if (isObj(x) && 'uniform' in x) {
    const u = x.uniform;
    need(
      Array.isArray(u) && u.length === 2 && isFiniteNum(u[0]) && isFiniteNum(u[1]) && u[0] <= u[1],
      `${path}.uniform`,
      '[low, high] with low ≤ high, both finite',
      u,
    );
    if (min !== undefined) need((u as number[])[0] >= min, `${path}.uniform[0]`, `a number${bound}`, (u as number[])[0]);
    return;
  }
  if (isObj(x) && 'normal' in x) {
    const nrm = x.normal;
    need(isObj(nrm) && isFiniteNum(nrm.mean) && isFiniteNum(nrm.sd) && nrm.sd >= 0, `${path}.normal`, '{ mean, sd } with finite mean and sd ≥ 0', nrm);
    const o = nrm as Record<string, unknown>;
    checkKeys(o, ['mean', 'sd', 'min', 'max', 'grid'], `${path}.normal`);
    if (min !== undefined)
      need(
        o.min !== undefined,
        `${path}.normal.min`,
        `a lower bound${bound} (a normal distribution is unbounded below: give { normal: { mean, sd, min } }, values are redrawn until ≥ min)`,
        o.min,
      );
    for (const b of ['min', 'max', 'grid'] as const) if (o[b] !== undefined) need(isFiniteNum(o[b]), `${path}.normal.${b}`, 'a finite number', o[b]);
    if (min !== undefined) need((o.min as number) >= min, `${path}.normal.min`, `a number${bound}`, o.min);
    if (o.grid !== undefined) need((o.grid as number) > 0, `${path}.normal.grid`, 'a grid spacing > 0 (e.g. the time step dt)', o.grid);
    const lo = (o.min as number | undefined) ?? -Infinity;
    const hi = (o.max as number | undefined) ?? Infinity;
    need(lo <= hi, `${path}.normal.max`, `a number ≥ min = ${lo}`, o.max);
    const reach = NORMAL_REDRAW_REACH_SD * (o.sd as number);
    need(
      hi >= (o.mean as number) - reach && lo <= (o.mean as number) + reach,
      `${path}.normal`,
      `bounds [min, max] that reach within ${NORMAL_REDRAW_REACH_SD} sd of the mean (else nearly every draw is redrawn)`,
      nrm,
    );
    return;
  }
  throw new SpecError(path, 'a number, a list of numbers, { uniform: [low, high] } or { normal: { mean, sd, min?, max?, grid? } }', x);
}

/**
 * Above 10 GHz per neuron a Poisson source is surely a unit mistake (p-bit lattices are driven
 * at up to a few hundred MHz), and it floods the event queue: 1e12 Hz hung a 5 ms run.
 */
export const MAX_POISSON_RATE_HZ = 1e10;

function checkRates(x: unknown, path: string, length: number | null): void {
  checkValue(x, path, length, 0);
  if (isArrayLike(x)) {
    for (let k = 0; k < x.length; k++) need(x[k] <= MAX_POISSON_RATE_HZ, `${path}[${k}]`, `a rate in Hz ≥ 0, at most ${MAX_POISSON_RATE_HZ}`, x[k]);
  }
}

/** Most synapses one fixed_total_number projection may ask for (CSR offsets are int32). */
const MAX_TOTAL_NUMBER = 2 ** 31 - 1;

function checkConnectivity(c: unknown, path: string, nPre: number, nPost: number): void {
  need(isObj(c), path, `an object with a rule (${CONNECTIVITY_RULES.join(', ')})`, c);
  const o = c as Record<string, unknown>;
  need((CONNECTIVITY_RULES as readonly unknown[]).includes(o.rule), `${path}.rule`, `one of ${CONNECTIVITY_RULES.join(', ')}`, o.rule);
  const keys: Record<string, readonly string[]> = {
    all_to_all: ['allowSelf'],
    one_to_one: [],
    fixed_probability: ['p', 'allowSelf'],
    fixed_indegree: ['k', 'allowSelf'],
    fixed_total_number: ['n', 'allowSelf'],
    explicit: ['pre', 'post'],
  };
  checkKeys(o, ['rule', ...keys[o.rule as string]], path);
  if (o.allowSelf !== undefined) need(typeof o.allowSelf === 'boolean', `${path}.allowSelf`, 'true or false', o.allowSelf);
  switch (o.rule) {
    case 'one_to_one':
      need(nPre === nPost, `${path}.rule`, 'one_to_one between populations of equal size', `sizes ${nPre} → ${nPost}`);
      break;
    case 'fixed_probability':
      need(isFiniteNum(o.p) && o.p >= 0 && o.p <= 1, `${path}.p`, 'a probability in [0, 1]', o.p);
      break;
    case 'fixed_indegree':
      need(Number.isInteger(o.k) && (o.k as number) >= 0 && (o.k as number) <= nPre, `${path}.k`, `a whole number in [0, ${nPre}] (the source size)`, o.k);
      break;
    case 'fixed_total_number':
      need(
        Number.isInteger(o.n) && (o.n as number) >= 0 && (o.n as number) <= MAX_TOTAL_NUMBER,
        `${path}.n`,
        `a whole number of synapses in [0, ${MAX_TOTAL_NUMBER}]`,
        o.n,
      );
      need(
        o.allowSelf !== false || nPre !== nPost || nPost > 1 || o.n === 0,
        `${path}.allowSelf`,
        'true, or populations of more than one neuron (no other target exists)',
        o.allowSelf,
      );
      break;
    case 'explicit':
      need(isArrayLike(o.pre), `${path}.pre`, 'a list of source indices', o.pre);
      need(isArrayLike(o.post), `${path}.post`, 'a list of target indices', o.post);
      break;
  }
}

interface SpecModelInfo {
  integrations: readonly string[];
  receptors: readonly string[];
  stateNames: readonly string[];
}

/**
 * Validates the structure and every value of a spec against the model registry. Throws a
 * SpecError naming the first bad field (`projections[2].delay`) and what would be valid.
 */
export function validateNetworkSpec(spec: unknown): asserts spec is NetworkSpec {
  need(isObj(spec), 'spec', 'an object with seed, populations, projections', spec);
  const s = spec as Record<string, unknown>;
  checkKeys(s, ['dt', 'seed', 'populations', 'inputs', 'projections', 'monitors'], 'spec');
  if (s.dt !== undefined) need(isFiniteNum(s.dt) && s.dt >= MIN_DT, 'dt', `a time step in seconds > 0, at least ${MIN_DT} (e.g. 1e-4)`, s.dt);
  need(isFiniteNum(s.seed) && Number.isInteger(s.seed) && s.seed >= 0, 'seed', 'a whole number ≥ 0', s.seed);
  need(Array.isArray(s.populations) && s.populations.length > 0, 'populations', 'a non-empty list', s.populations);
  const sizes = new Map<string, { size: number; info: SpecModelInfo | null }>();
  (s.populations as unknown[]).forEach((p, k) => {
    const path = `populations[${k}]`;
    need(isObj(p), path, 'an object { name, size, model }', p);
    const o = p as Record<string, unknown>;
    checkKeys(o, ['name', 'size', 'model', 'integration', 'preset', 'params', 'init'], path);
    checkName(o.name, `${path}.name`);
    need(!sizes.has(o.name as string), `${path}.name`, 'a name not used by another population or input', o.name);
    checkSize(o.size, `${path}.size`);
    need(typeof o.model === 'string', `${path}.model`, 'a neuron model id', o.model);
    const info = getModel(o.model as string, 'neuron', `${path}.model`);
    if (o.integration !== undefined) {
      need(
        info.integrations.includes(o.integration as Integration),
        `${path}.integration`,
        `one of ${info.integrations.join(', ')} for model ${o.model}`,
        o.integration,
      );
    }
    if (o.params !== undefined) need(isObj(o.params), `${path}.params`, 'an object of named numbers', o.params);
    if (o.preset !== undefined) need(typeof o.preset === 'string', `${path}.preset`, 'a preset name', o.preset);
    resolveModelParams(info, o.preset as string | undefined, o.params as Record<string, unknown> | undefined, path);
    if (o.init !== undefined) {
      need(isObj(o.init), `${path}.init`, 'an object of state variable → value', o.init);
      for (const [name, v] of Object.entries(o.init as Record<string, unknown>)) {
        need(info.stateNames.includes(name), `${path}.init.${name}`, `a state variable of ${o.model} (${info.stateNames.join(', ')})`, name);
        checkValue(v, `${path}.init.${name}`, o.size as number);
      }
    }
    sizes.set(o.name as string, { size: o.size as number, info });
  });
  if (s.inputs !== undefined) need(Array.isArray(s.inputs), 'inputs', 'a list', s.inputs);
  ((s.inputs as unknown[] | undefined) ?? []).forEach((inp, k) => {
    const path = `inputs[${k}]`;
    need(isObj(inp), path, "an object { name, type: 'poisson' | 'spike_times', size, ... }", inp);
    const o = inp as Record<string, unknown>;
    checkKeys(o, o.type === 'spike_times' ? ['name', 'type', 'size', 'indices', 'times'] : ['name', 'type', 'size', 'rate', 'schedule'], path);
    checkName(o.name, `${path}.name`);
    need(!sizes.has(o.name as string), `${path}.name`, 'a name not used by another population or input', o.name);
    checkSize(o.size, `${path}.size`);
    if (o.type === 'poisson') {
      const rate = o.rate;
      if (typeof rate === 'number')
        need(Number.isFinite(rate) && rate >= 0 && rate <= MAX_POISSON_RATE_HZ, `${path}.rate`, `a rate in Hz ≥ 0, at most ${MAX_POISSON_RATE_HZ}`, rate);
      else checkRates(rate, `${path}.rate`, o.size as number);
      if (o.schedule !== undefined) {
        const sc = o.schedule as Record<string, unknown>;
        need(
          isObj(sc) && isArrayLike(sc.times) && Array.isArray(sc.rates) && sc.rates.length === sc.times.length,
          `${path}.schedule`,
          '{ times: [...], rates: [[...], ...] } with one rate list per time',
          sc,
        );
        checkValue(sc.times, `${path}.schedule.times`, null, 0);
        (sc.rates as unknown[]).forEach((r, j) => {
          const rp = `${path}.schedule.rates[${j}]`;
          need(isArrayLike(r) && (r.length === 1 || r.length === o.size), rp, `a list of ${o.size} rates in Hz (or one for all)`, r);
          checkRates(r, rp, null);
        });
      }
    } else if (o.type === 'spike_times') {
      need(isArrayLike(o.indices) && isArrayLike(o.times) && o.indices.length === o.times.length, `${path}`, 'indices and times lists of equal length', o);
      checkValue(o.times, `${path}.times`, null, 0);
      const idx = o.indices as ArrayLike<number>;
      for (let j = 0; j < idx.length; j++) {
        if (!(Number.isInteger(idx[j]) && idx[j] >= 0 && idx[j] < (o.size as number)))
          throw new SpecError(`${path}.indices[${j}]`, `an index in [0, ${o.size})`, idx[j]);
      }
    } else {
      throw new SpecError(`${path}.type`, "'poisson' or 'spike_times'", o.type);
    }
    sizes.set(o.name as string, { size: o.size as number, info: null });
  });
  if (s.projections !== undefined) need(Array.isArray(s.projections), 'projections', 'a list', s.projections);
  const names = [...sizes.keys()].join(', ');
  ((s.projections as unknown[] | undefined) ?? []).forEach((pr, k) => {
    const path = `projections[${k}]`;
    need(isObj(pr), path, '{ source, target, connectivity, weight }', pr);
    const o = pr as Record<string, unknown>;
    checkKeys(o, ['name', 'source', 'target', 'receptor', 'connectivity', 'weight', 'delay', 'bias', 'synapse', 'plasticity'], path);
    if (o.name !== undefined) checkName(o.name, `${path}.name`);
    const src = sizes.get(o.source as string);
    need(src !== undefined, `${path}.source`, `the name of a population or input (${names})`, o.source);
    const tgt = sizes.get(o.target as string);
    need(
      tgt !== undefined && tgt.info !== null,
      `${path}.target`,
      `the name of a neuron population (${[...sizes]
        .filter(([, v]) => v.info)
        .map(([n]) => n)
        .join(', ')})`,
      o.target,
    );
    if (o.receptor !== undefined) {
      need(
        tgt!.info!.receptors.includes(o.receptor as string),
        `${path}.receptor`,
        `a receptor of the target's model (${tgt!.info!.receptors.join(', ')})`,
        o.receptor,
      );
    }
    checkConnectivity(o.connectivity, `${path}.connectivity`, src!.size, tgt!.size);
    checkValue(o.weight, `${path}.weight`, null);
    if (o.delay !== undefined) checkValue(o.delay, `${path}.delay`, null, 0);
    if (o.bias !== undefined) {
      need(typeof o.bias === 'number' || isArrayLike(o.bias), `${path}.bias`, `a number or a list of ${tgt!.size} numbers (one per target neuron)`, o.bias);
      checkValue(o.bias, `${path}.bias`, tgt!.size);
      need(
        tgt!.info!.stateNames.includes('bias'),
        `${path}.bias`,
        `a target model with a bias input (this target's model has state ${tgt!.info!.stateNames.join(', ')}; drop bias or use core/nir_lif, core/if, …)`,
        o.bias,
      );
    }
    if (o.synapse !== undefined) {
      const sy = o.synapse as Record<string, unknown>;
      need(isObj(sy) && typeof sy.device === 'string', `${path}.synapse`, '{ device: id, preset?, params?, wMin?, wMax? }', o.synapse);
      checkKeys(sy, ['device', 'preset', 'params', 'wMin', 'wMax'], `${path}.synapse`);
      for (const b of ['wMin', 'wMax'] as const) if (sy[b] !== undefined) need(isFiniteNum(sy[b]), `${path}.synapse.${b}`, 'a finite weight', sy[b]);
      if (sy.params !== undefined) need(isObj(sy.params), `${path}.synapse.params`, 'an object of named numbers', sy.params);
      const dev = getModel(sy.device as string, 'synapse', `${path}.synapse.device`);
      resolveModelParams(dev, sy.preset as string | undefined, sy.params as Record<string, unknown> | undefined, `${path}.synapse`);
    }
    if (o.plasticity !== undefined) {
      const pl = o.plasticity as Record<string, unknown>;
      need(isObj(pl) && typeof pl.rule === 'string', `${path}.plasticity`, '{ rule: id, preset?, params? }', o.plasticity);
      checkKeys(pl, ['rule', 'preset', 'params'], `${path}.plasticity`);
      if (pl.params !== undefined) need(isObj(pl.params), `${path}.plasticity.params`, 'an object of named numbers', pl.params);
      const rule = getModel(pl.rule as string, 'plasticity', `${path}.plasticity.rule`);
      resolveModelParams(rule, pl.preset as string | undefined, pl.params as Record<string, unknown> | undefined, `${path}.plasticity`);
      need(
        typeof o.weight !== 'number' || o.synapse !== undefined,
        `${path}.weight`,
        'per-synapse weights for a plastic projection (a list, a distribution, or a synapse device)',
        o.weight,
      );
    }
  });
  const projectionNames = ((s.projections as Record<string, unknown>[] | undefined) ?? []).map((pr) => projectionName(pr as unknown as ProjectionSpec));
  if (s.monitors !== undefined) need(Array.isArray(s.monitors), 'monitors', 'a list', s.monitors);
  ((s.monitors as unknown[] | undefined) ?? []).forEach((m, k) => {
    const path = `monitors[${k}]`;
    need(isObj(m), path, "{ type: 'spikes' | 'state' | 'rate', population } or { type: 'weights', projection }", m);
    const o = m as Record<string, unknown>;
    need(['spikes', 'state', 'rate', 'weights'].includes(o.type as string), `${path}.type`, "'spikes', 'state', 'rate' or 'weights'", o.type);
    if (o.type === 'weights') {
      checkKeys(o, ['type', 'projection', 'synapses', 'interval', 'name'], path);
      need(
        projectionNames.includes(o.projection as string),
        `${path}.projection`,
        `the name of a projection (${projectionNames.join(', ') || 'the spec has none'})`,
        o.projection,
      );
      if (o.synapses !== undefined)
        need(
          Array.isArray(o.synapses) && o.synapses.length > 0 && o.synapses.every((i) => Number.isInteger(i) && i >= 0),
          `${path}.synapses`,
          'a non-empty list of synapse indices ≥ 0 (CSR order)',
          o.synapses,
        );
      if (o.interval !== undefined)
        need(
          isFiniteNum(o.interval) && o.interval >= MIN_SAMPLE_INTERVAL,
          `${path}.interval`,
          `a sampling interval in seconds > 0, at least ${MIN_SAMPLE_INTERVAL}`,
          o.interval,
        );
      return;
    }
    checkKeys(
      o,
      o.type === 'state'
        ? ['type', 'population', 'variable', 'indices', 'interval', 'name']
        : o.type === 'rate'
          ? ['type', 'population', 'bin', 'name']
          : ['type', 'population', 'name'],
      path,
    );
    const pop = sizes.get(o.population as string);
    need(pop !== undefined, `${path}.population`, `the name of a population or input (${names})`, o.population);
    if (o.type === 'state') {
      need(pop!.info !== null, `${path}.population`, 'a neuron population (inputs have no state)', o.population);
      const info = pop!.info!;
      need(info.stateNames.includes(o.variable as string), `${path}.variable`, `a state variable (${info.stateNames.join(', ')})`, o.variable);
      need(
        Array.isArray(o.indices) && o.indices.every((i) => Number.isInteger(i) && i >= 0 && i < pop!.size),
        `${path}.indices`,
        `a list of neuron indices in [0, ${pop!.size})`,
        o.indices,
      );
      if (o.interval !== undefined)
        need(
          isFiniteNum(o.interval) && o.interval >= MIN_SAMPLE_INTERVAL,
          `${path}.interval`,
          `a sampling interval in seconds > 0, at least ${MIN_SAMPLE_INTERVAL}`,
          o.interval,
        );
    }
    if (o.type === 'rate' && o.bin !== undefined)
      need(isFiniteNum(o.bin) && o.bin >= MIN_SAMPLE_INTERVAL, `${path}.bin`, `a bin width in seconds > 0, at least ${MIN_SAMPLE_INTERVAL}`, o.bin);
  });
}
