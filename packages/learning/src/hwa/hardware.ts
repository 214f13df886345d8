import { getModel, noticeOnce, resolveModelParams, type ParamValues, type SynapseHardware } from '@spinsnn/core';

/**
 * The device description hardware-aware training and deployment share (docs/supervised-snn.md §4):
 * read from the registry — the model's `hardware(params)` where it declares one, else its
 * `idealLevels` with every noise off (said once) — so a newly registered device is trainable
 * hardware-aware without an edit here.
 */
export interface ResolvedHardware extends SynapseHardware {
  /** Registered synapse model id. */
  readonly device: string;
  readonly preset: string | null;
  /** The resolved parameters (defaults ← preset ← given). */
  readonly params: ParamValues;
}

/** An ideal analog description (no device): what `core/float` weights are. */
export const IDEAL_HARDWARE: SynapseHardware = { levels: null, onOff: Infinity, programSigma: 0, d2dRange: 0, readNoise: 0, stuckAtMin: 0, stuckAtMax: 0 };

/** Resolves a synapse device's hardware description from the registry. */
export function resolveHardware(device: string, preset?: string, params?: Record<string, number>, path = '--synapse'): ResolvedHardware {
  const model = getModel(device, 'synapse', path);
  const resolved = resolveModelParams(model, preset, params, path);
  let hw: SynapseHardware;
  if (model.hardware) hw = model.hardware(resolved);
  else {
    const levels = model.idealLevels ? model.idealLevels(resolved) : null;
    noticeOnce(
      `hwa-fallback:${model.id}`,
      `${model.id} declares no hardware description: hardware-aware training uses ${levels === null ? 'analog weights' : `${levels} levels`} and no noise or faults (add \`hardware(params)\` to its registry entry)`,
    );
    hw = { ...IDEAL_HARDWARE, levels };
  }
  return { ...hw, device: model.id, preset: preset ?? null, params: resolved };
}

/** Default weight range of quantised devices: wMax = this many standard deviations of the layer's weights (capped at max|w|). */
export const RANGE_SIGMAS = 3;

/**
 * The weight range [0, wMax] both halves of a differential pair map onto: max|w| for analog
 * devices (nothing clipped, so with every non-ideality off the mapping is the identity), and
 * min(max|w|, RANGE_SIGMAS·std(w)) for devices with levels, so a few outliers do not waste the levels.
 */
export function deviceRange(w: ArrayLike<number>, hw: Pick<SynapseHardware, 'levels'>, sigmas = RANGE_SIGMAS): number {
  let max = 0,
    s = 0,
    s2 = 0;
  for (let i = 0; i < w.length; i++) {
    const a = Math.abs(w[i]);
    if (a > max) max = a;
    s += w[i];
    s2 += w[i] * w[i];
  }
  if (!(max > 0)) return 1;
  if (hw.levels === null) return max;
  const mean = s / w.length;
  const sd = Math.sqrt(Math.max(0, s2 / w.length - mean * mean));
  return Math.min(max, sigmas * sd) || max;
}
