/**
 * The device registry: every backend (`ideal`, `sot`, `mram`, `pbit`, `stno`, …) registers its
 * models here by name, and `spinsnn devices` / `spinsnn device` / the conformance suite read it.
 *
 * How to register a model (one call, usually at the bottom of the model's module, which the
 * backend's `index.ts` imports so that `import '@spinsnn/backends'` registers everything):
 *
 * ```ts
 * registerDeviceModel({
 *   backend: 'dw', name: 'notched', kind: 'synapse',
 *   description: 'domain-wall MTJ with lithographic notches',
 *   params: [{ name: 'states', unit: '1', default: 5, min: 2, integer: true, description: '…', source: 'devices.md §5.3' }],
 *   presets: [{ name: 'leonard2022', description: '…', source: 'Leonard et al., Adv. Electron. Mater. 8, 2200563', params: { states: 4 } }],
 *   characterise: (params, { seed, llg }) => [ { name, x, xUnit, y, yUnit, points } ],
 *   createStore: (ctx, params) => new MyStore(ctx, params),   // synapse devices only
 * });
 * ```
 *
 * - Parameters are `ParamSpec`s from core (SI unit, default, range, source); presets give only
 *   the values that differ from the defaults, each with its paper.
 * - `characterise(params, { seed, llg })` gets validated parameters and returns curves; when
 *   `llg` is set and the model has no macrospin-LLG calibration, throw `LlgUnavailableError`.
 * - A model with `createStore` is also registered with core's `registerSynapseDevice` as
 *   `backend/name`, so a network spec can say `synapse: { device: 'sot/multilevel', preset: … }`.
 * - Neuron-like devices (p-bit, STNO) register here for listing and characterisation, and
 *   register their network-facing neuron model with core's `registerNeuronModel` themselves.
 */
import { SpecError, SpinsnnError, checkParam, registerSynapseDevice, type ParamValues } from '@spinsnn/core';
import type { Characterisation, CharacteriseOptions, DeviceModel, Preset } from './types.js';

export interface BackendInfo {
  readonly name: string;
  readonly description: string;
}

/** `--llg` was asked of a model that has no macrospin-LLG calibration. */
export class LlgUnavailableError extends SpinsnnError {
  constructor(readonly model: string) {
    super(`${model} has no macrospin-LLG calibration; run it without --llg (LLG overlays exist for the pbit and stno models)`);
  }
}

const backends = new Map<string, BackendInfo>();
const models = new Map<string, DeviceModel>();

/** Declares a backend (its description appears in `spinsnn devices`). Idempotent. */
export function registerBackend(info: BackendInfo): void {
  backends.set(info.name, info);
}

export function deviceId(m: Pick<DeviceModel, 'backend' | 'name'>): string {
  return `${m.backend}/${m.name}`;
}

/** Registers a device model under `backend/name` (replacing an earlier one of that name). */
export function registerDeviceModel(model: DeviceModel): void {
  const id = deviceId(model);
  const names = new Set(model.params.map((p) => p.name));
  for (const pr of model.presets) {
    for (const k of Object.keys(pr.params)) {
      if (!names.has(k)) throw new SpinsnnError(`${id}: preset ${pr.name} sets unknown parameter ${k}`);
    }
  }
  if (!backends.has(model.backend)) backends.set(model.backend, { name: model.backend, description: '' });
  models.set(id, model);
  if (model.createStore) {
    const create = model.createStore.bind(model);
    registerSynapseDevice(id, (ctx) => create(ctx, resolveDeviceParams(model, ctx.preset, ctx.params, ctx.path)));
  }
}

export function backendList(): BackendInfo[] {
  return [...backends.values()];
}

export function deviceModels(backend?: string): DeviceModel[] {
  return [...models.values()].filter((m) => backend === undefined || m.backend === backend);
}

/** The model registered as `backend/name`; a typed error lists the registered ones otherwise. */
export function getDeviceModel(id: string, path = 'device'): DeviceModel {
  const m = models.get(id);
  if (!m) throw new SpecError(path, `a registered device model (${[...models.keys()].join(', ')})`, id);
  return m;
}

export function getPreset(model: DeviceModel, preset: string, path = 'preset'): Preset {
  const p = model.presets.find((q) => q.name === preset);
  if (!p) {
    const known = model.presets.map((q) => q.name);
    throw new SpecError(path, known.length ? `a preset of ${deviceId(model)} (${known.join(', ')})` : `no preset (${deviceId(model)} has none)`, preset);
  }
  return p;
}

/**
 * Defaults, then the preset's values, then the user's: validated against the declared ranges.
 * An out-of-range value throws a SpecError naming the parameter, its unit and valid range.
 */
export function resolveDeviceParams(
  model: DeviceModel,
  preset: string | undefined,
  given: Readonly<Record<string, unknown>> | undefined,
  path = deviceId(model),
): ParamValues {
  const base = preset === undefined ? {} : getPreset(model, preset, `${path}.preset`).params;
  const merged: Record<string, unknown> = { ...base };
  const names = new Set(model.params.map((p) => p.name));
  for (const [k, v] of Object.entries(given ?? {})) {
    if (!names.has(k)) throw new SpecError(`${path}.params.${k}`, `one of the parameters of ${deviceId(model)} (${[...names].join(', ')})`, k);
    if (v !== undefined) merged[k] = v;
  }
  const out: ParamValues = {};
  for (const p of model.params) {
    const v = Object.prototype.hasOwnProperty.call(merged, p.name) ? merged[p.name] : p.default;
    out[p.name] = checkParam(p, v, `${path}.params.${p.name}`);
  }
  return out;
}

/** Runs a model's characterisation with a preset and parameter overrides. */
export function characteriseDevice(
  id: string,
  o: { preset?: string; params?: Readonly<Record<string, unknown>>; seed?: number; llg?: boolean } = {},
): Characterisation {
  const model = getDeviceModel(id);
  const params = resolveDeviceParams(model, o.preset, o.params, id);
  const options: CharacteriseOptions = { seed: o.seed ?? 1, llg: o.llg ?? false };
  const curves = model.characterise(params, options);
  return { model: id, preset: o.preset ?? null, params, curves };
}
