/**
 * Backends add their models to core's one registry (`registerModel` and `registerBackend` from
 * @spinsnn/core, keyed `backend/name`); this module adds running a model's characterisation
 * (`spinsnn device <id>`) and its errors.
 *
 * How to add a model (one call at the bottom of the model's module, which the backend's
 * `index.ts` imports, so that `import '@spinsnn/backends'` registers everything; see
 * docs/adding-a-device.md):
 *
 * ```ts
 * registerModel({
 *   id: 'dw/notched', kind: 'synapse',
 *   description: 'domain-wall MTJ with lithographic notches',
 *   params: [{ name: 'states', unit: '1', default: 5, min: 2, integer: true, description: '…', source: 'docs/physics.md §5.3' }],
 *   presets: [{ name: 'leonard2022', description: '…', source: 'Leonard et al., Adv. Electron. Mater. 8, 2200563', params: { states: 4 } }],
 *   characterise: (params, { seed, llg }) => [ { name, x, xUnit, y, yUnit, points } ],
 *   createStore: (ctx, params) => new MyStore(ctx, params),
 * });
 * ```
 */
import { SpinsnnError, getModel, resolveModelParams, type Curve, type ParamValues } from '@spinsnn/core';

/** `--llg` was asked of a model that has no macrospin-LLG calibration. */
export class LlgUnavailableError extends SpinsnnError {
  constructor(readonly model: string) {
    super(`${model} has no macrospin-LLG calibration; run it without --llg (LLG overlays exist for the pbit and stno models)`);
  }
}

/** A model was asked for curves it does not define. */
export class NoCharacterisationError extends SpinsnnError {
  constructor(readonly model: string) {
    super(`${model} defines no characterisation curves; \`spinsnn devices\` lists its parameters and presets`);
  }
}

/** What `spinsnn device <backend>/<model> --json` prints. */
export interface Characterisation {
  readonly model: string;
  readonly preset: string | null;
  readonly params: ParamValues;
  readonly curves: Curve[];
}

/** Runs a model's characterisation with a preset and parameter overrides. */
export function characteriseDevice(
  id: string,
  o: { preset?: string; params?: Readonly<Record<string, unknown>>; seed?: number; llg?: boolean } = {},
): Characterisation {
  const model = getModel(id, undefined, 'device');
  if (!model.characterise) throw new NoCharacterisationError(model.id);
  const params = resolveModelParams(model, o.preset, o.params, model.id);
  const curves = model.characterise(params, { seed: o.seed ?? 1, llg: o.llg ?? false });
  return { model: model.id, preset: o.preset ?? null, params, curves };
}
