/**
 * The model registry: every neuron model, synapse device, plasticity rule (and the array,
 * oscillator and cell models of the device backends) is one entry here, keyed `backend/name`.
 * Core owns the mechanism and registers its own models (`core/lif`, `core/float`, …); backends
 * and learning add theirs when imported. Network specs, `spinsnn devices`, `spinsnn train` and the
 * conformance suites all read this one table, so a model added in one file is reachable everywhere.
 *
 * Parameters resolve one way for every kind: declared defaults ← the preset's values ← the
 * user's values, each validated against its declared range (`ParamError` names the parameter,
 * its SI unit and the range; an unknown name or preset is a `SpecError` listing the known ones).
 */
import { SpecError, SpinsnnError } from './errors.js';
import { noticeOnce } from './notices.js';
import type { Rng } from './rng.js';
import { checkParam, type ParamSpec, type ParamValues } from './params.js';
import type { GroupOptions, Integration, NeuronGroup } from './neurons/types.js';
import type { PlasticityContext, PlasticityRule } from './plasticity.js';
import type { SynapseDeviceContext, SynapseStore } from './synapses.js';

/** What a model is: the discriminant of `ModelDef`. */
export type ModelKind = 'neuron' | 'synapse' | 'plasticity' | 'array' | 'oscillator' | 'cell';

/** A named parameter set taken from a paper. */
export interface Preset {
  readonly name: string;
  readonly description: string;
  /** Citation of the values (paper, doi, `docs/physics.md §x`). */
  readonly source: string;
  /** Values that differ from the model's defaults. */
  readonly params: Readonly<Partial<ParamValues>>;
}

/** One characterisation curve y(x), SI units on both axes (what `spinsnn device` plots). */
export interface Curve {
  /** Short identifier, e.g. `conductance-vs-pulse` or `psw-vs-current@10ns`. */
  readonly name: string;
  readonly x: string;
  readonly xUnit: string;
  readonly y: string;
  readonly yUnit: string;
  readonly points: [number, number][];
}

/** Options of a device characterisation (seed, LLG overlay, …). */
export interface CharacteriseOptions {
  readonly seed: number;
  /** Overlay a macrospin-LLG ensemble where the model has a calibration (else it throws). */
  readonly llg?: boolean;
}

/** Fields every model shares. */
export interface ModelBase {
  /** `backend/name`, e.g. `core/lif`, `sot/multilevel`, `learning/stdp`. */
  readonly id: string;
  readonly kind: ModelKind;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  readonly presets?: readonly Preset[];
  /** Older names a spec may still use; each is accepted with a one-time deprecation note. */
  readonly aliases?: readonly string[];
  /** Curves for `spinsnn device <id>`; `params` are resolved and validated. */
  characterise?(params: ParamValues, options: CharacteriseOptions): Curve[];
  /**
   * Parameter values that switch every non-ideality off (noise, variation, faults, nonlinearity):
   * the conformance suites build the model with them.
   */
  readonly ideal?: Readonly<Partial<ParamValues>>;
  /** Devices deterministic once `ideal` is applied: how many equally spaced weight levels they realise. */
  idealLevels?(params: ParamValues): number;
}

/** A registered neuron model: builds neuron groups. */
export interface NeuronModel extends ModelBase {
  readonly kind: 'neuron';
  /** Supported integrations; the first is the default. */
  readonly integrations: readonly Integration[];
  /** Input channels, e.g. ['exc', 'inh']; a projection names one (default the first). */
  readonly receptors: readonly string[];
  /** What a weight on each receptor means, e.g. `V (jump of ge)`. */
  readonly weightUnit: string;
  /** State variables (`v`, `ge`, …) a spec may initialise and a state monitor may record. */
  readonly stateNames: readonly string[];
  /** A weight on receptor 0 that visibly drives the model (conformance suite, demos); default 1. */
  readonly exampleWeight?: number;
  createGroup(size: number, params: ParamValues, integration: Integration, dt: number, options?: GroupOptions): NeuronGroup;
}

/**
 * How a synapse device realises a weight, in device-independent terms, for hardware-aware
 * training (packages/learning/src/hwa, docs/supervised-snn.md §4). Fractions and σ are relative,
 * as the device's own parameters state them; the training code knows no device by name.
 */
export interface SynapseHardware {
  /** Equally spaced programmable levels over [wMin, wMax]; null = analog (continuous). */
  readonly levels: number | null;
  /** Gmax/Gmin: the weight of level 0 is wMin, but its conductance is Gmin (read noise scales with G). Infinity when Gmin = 0. */
  readonly onOff: number;
  /** σ of the level reached by one programming step (cycle-to-cycle), in units of the range. */
  readonly programSigma: number;
  /** Device-to-device relative σ of the conductance range (each device's Gmin and Gmax). */
  readonly d2dRange: number;
  /** Relative σ of one read of the conductance: G·(1 + σξ). */
  readonly readNoise: number;
  /** Fractions of devices stuck at Gmin and at Gmax. */
  readonly stuckAtMin: number;
  readonly stuckAtMax: number;
}

/** A registered synapse (device) model: builds the store behind a projection. */
export interface SynapseModel extends ModelBase {
  readonly kind: 'synapse';
  /** The device's non-idealities for hardware-aware training; params resolved. Omitted: ideal analog weights. */
  hardware?(params: ParamValues): SynapseHardware;
  /** Builds the store behind a projection's weights; `params` are resolved and validated. */
  createStore(ctx: SynapseDeviceContext, params: ParamValues): SynapseStore;
}

/** A registered plasticity model: builds the learning rule of a projection. */
export interface PlasticityModel extends ModelBase {
  readonly kind: 'plasticity';
  /** Builds the rule of one projection; `params` are resolved and validated. */
  createRule(ctx: PlasticityContext, params: ParamValues): PlasticityRule;
}

/** Oscillator and cell models: characterised and listed, built by their own APIs. */
export interface DeviceOnlyModel extends ModelBase {
  readonly kind: 'oscillator' | 'cell';
}

/**
 * What an in-memory-computing array model is given: a logical weight matrix (rows × cols,
 * row-major, values in [−1, 1]) to program into cells of a registered synapse device.
 */
export interface ArrayContext {
  readonly rows: number;
  readonly cols: number;
  /** rows × cols logical weights, row-major; binary encodings use their sign. */
  readonly weights: Float64Array;
  /** Registered synapse-device id of the cells, e.g. `mram/stt`. */
  readonly device: string;
  /** Resolved parameters of that device (resolveModelParams). */
  readonly deviceParams: ParamValues;
  readonly rng: Rng;
  /** Spec path for error messages. */
  readonly path: string;
}

/** A programmed array tile: y = f(x) for a batch of logical input vectors (rows each), cols outputs each. */
export interface ArrayTile {
  readonly rows: number;
  readonly cols: number;
  /** out (batch × cols) ← the tile's MAC of x (batch × rows), with the array's non-idealities. */
  mac(batch: number, x: Float64Array, out: Float64Array): void;
}

/** An array model (`cim/crossbar`): tiles of cells of any registered synapse device. */
export interface ArrayModel extends ModelBase {
  readonly kind: 'array';
  /** Programs one tile; `params` are the array model's resolved parameters. */
  createTile(ctx: ArrayContext, params: ParamValues): ArrayTile;
}

/** Any model the registry holds. */
export type ModelDef = NeuronModel | SynapseModel | PlasticityModel | ArrayModel | DeviceOnlyModel;

type ModelOfKind<K extends ModelKind> = Extract<ModelDef, { kind: K }>;

const MODEL_ID = /^[a-z][a-z0-9_-]*\/[a-z][a-z0-9_.-]*$/;

const models = new Map<string, ModelDef>();
const aliases = new Map<string, string>();

/**
 * Adds a model. Checks the id's shape, that no other model has it (registering the same
 * definition again is a no-op: a module imported twice), that every preset sets only declared
 * parameters and that no alias names another model.
 */
export function registerModel(def: ModelDef): void {
  if (!MODEL_ID.test(def.id))
    throw new SpinsnnError(`registerModel: id ${JSON.stringify(def.id)} must be "backend/name" in lower case (e.g. "sot/multilevel")`);
  const existing = models.get(def.id);
  if (existing === def) return;
  if (existing)
    throw new SpinsnnError(
      `registerModel: ${def.id} is already registered (a ${existing.kind}: ${existing.description}); give yours another id, e.g. "mylab/${def.id.slice(def.id.indexOf('/') + 1)}"`,
    );
  const names = new Set(def.params.map((p) => p.name));
  for (const pr of def.presets ?? []) {
    for (const k of Object.keys(pr.params)) {
      if (!names.has(k)) throw new SpinsnnError(`${def.id}: preset ${pr.name} sets unknown parameter ${k}`);
    }
  }
  for (const a of def.aliases ?? []) {
    const owner = aliases.get(a);
    if (models.has(a) || (owner !== undefined && owner !== def.id)) throw new SpinsnnError(`${def.id}: alias ${a} is already taken by ${owner ?? a}`);
    aliases.set(a, def.id);
  }
  models.set(def.id, def);
}

/** A backend: the part of ids before the slash, described once for `spinsnn devices`. */
export interface BackendInfo {
  readonly name: string;
  readonly description: string;
}

const backends = new Map<string, BackendInfo>();

/** Declares a backend's description (idempotent; a backend may also just register models). */
export function registerBackend(info: BackendInfo): void {
  backends.set(info.name, info);
}

/** The backend's description, or an empty one for a backend that only registered models. */
export function backendInfo(name: string): BackendInfo {
  return backends.get(name) ?? { name, description: '' };
}

/** The backend part of an id (`sot` of `sot/multilevel`). */
export function backendOf(id: string): string {
  return id.slice(0, id.indexOf('/'));
}

/** Every registered model, optionally of one kind and/or one backend, in registration order. */
export function registeredModels<K extends ModelKind>(filter: { kind?: K; backend?: string } = {}): ModelOfKind<K>[] {
  const out: ModelDef[] = [];
  for (const m of models.values()) {
    if (filter.kind !== undefined && m.kind !== filter.kind) continue;
    if (filter.backend !== undefined && backendOf(m.id) !== filter.backend) continue;
    out.push(m);
  }
  return out as ModelOfKind<K>[];
}

/**
 * The model registered under `id` (or a deprecated alias, noted once), of the given kind when
 * one is asked for. `path` names the spec field for the error, which lists the valid ids.
 */
export function getModel<K extends ModelKind>(id: string, kind: K, path?: string): ModelOfKind<K>;
export function getModel(id: string, kind?: undefined, path?: string): ModelDef;
export function getModel(id: string, kind?: ModelKind, path = 'model'): ModelDef {
  let m = models.get(id);
  if (!m) {
    const target = aliases.get(id);
    if (target !== undefined) {
      m = models.get(target);
      if (m) noticeOnce(`alias:${id}`, `${path}: "${id}" is a deprecated name of "${target}"; write "${target}" (the old name goes away in the next release)`);
    }
  }
  if (!m || (kind !== undefined && m.kind !== kind)) {
    const known = registeredModels(kind === undefined ? {} : { kind }).map((x) => x.id);
    // the package that adds the rest was probably not imported
    const all = registeredModels().map((x) => backendOf(x.id));
    const hint =
      kind === 'plasticity' && !all.includes('learning')
        ? '; import @spinsnn/learning to register the learning rules'
        : kind !== 'plasticity' && !all.includes('ideal')
          ? '; import @spinsnn/backends to register the device backends'
          : '';
    const list = known.length > 0 ? known.join(', ') : 'none is registered';
    throw new SpecError(path, `a registered ${kind === undefined ? '' : kind + ' '}model id (${list}${hint})`, id);
  }
  return m;
}

/** The preset `name` of a model; a SpecError lists the known ones. */
export function getPreset(model: ModelDef, name: string, path = 'preset'): Preset {
  const presets = model.presets ?? [];
  const p = presets.find((q) => q.name === name);
  if (!p) {
    const known = presets.map((q) => q.name);
    throw new SpecError(path, known.length ? `a preset of ${model.id} (${known.join(', ')})` : `no preset (${model.id} has none)`, name);
  }
  return p;
}

/**
 * Defaults ← the preset's values ← the user's, validated against the declared ranges. `path`
 * is the spec field of the model (`populations[0]`, `projections[1].synapse`): errors name
 * `${path}.params.x` / `${path}.preset`.
 */
export function resolveModelParams(
  model: ModelDef,
  preset: string | undefined,
  given: Readonly<Record<string, unknown>> | undefined,
  path: string = model.id,
): ParamValues {
  const base = preset === undefined ? {} : getPreset(model, preset, `${path}.preset`).params;
  const merged: Record<string, unknown> = { ...base };
  const names = new Set(model.params.map((p) => p.name));
  for (const [k, v] of Object.entries(given ?? {})) {
    if (!names.has(k)) throw new SpecError(`${path}.params.${k}`, `one of the parameters of ${model.id} (${[...names].join(', ') || 'it has none'})`, k);
    if (v !== undefined) merged[k] = v;
  }
  const out: ParamValues = {};
  for (const p of model.params) {
    const v = Object.prototype.hasOwnProperty.call(merged, p.name) ? merged[p.name] : p.default;
    out[p.name] = checkParam(p, v, `${path}.params.${p.name}`);
  }
  return out;
}
