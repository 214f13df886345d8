import { ParamError } from './errors.js';
import { formatQuantity } from './format.js';

/**
 * A declared model parameter: what a user may set, in which SI unit, within which range, and
 * where the default comes from. Neuron models in core and device models in backends declare
 * their parameters this way, so validation, `--help` text and `spinsnn devices` share one source.
 */
export interface ParamSpec {
  readonly name: string;
  /** SI unit symbol for display (`s`, `V`, `A`, `S`, `J`, `1` for dimensionless). */
  readonly unit: string;
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  /** Whether the bounds themselves are allowed (default: both inclusive). */
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
  readonly description: string;
  /** Literature source of the default, e.g. `docs/physics.md §sot` or a paper. */
  readonly source?: string;
}

/** Parameter values by name, SI units. */
export type ParamValues = Record<string, number>;

/** A parameter's allowed range in words, for error messages and help. */
export function rangeText(p: ParamSpec): string {
  // bounds are exact numbers: enough digits that none is rounded (1e-12 s → 1 ps, 0.001 s → 1 ms)
  const lo = p.min === undefined ? '' : formatQuantity(p.min, p.unit, 6);
  const hi = p.max === undefined ? '' : formatQuantity(p.max, p.unit, 6);
  const kind = p.integer ? 'a whole number' : 'a finite number';
  if (p.min !== undefined && p.max !== undefined) return `${kind} in ${p.minExclusive ? '(' : '['}${lo}, ${hi}${p.maxExclusive ? ')' : ']'}`;
  if (p.min !== undefined) return `${kind} ${p.minExclusive ? '>' : '≥'} ${lo}`;
  if (p.max !== undefined) return `${kind} ${p.maxExclusive ? '<' : '≤'} ${hi}`;
  return kind;
}

/** Checks one parameter value against its spec; a ParamError names `path`, the range and the value. */
export function checkParam(p: ParamSpec, value: unknown, path: string): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!p.integer || Number.isInteger(value)) &&
    (p.min === undefined || (p.minExclusive ? value > p.min : value >= p.min)) &&
    (p.max === undefined || (p.maxExclusive ? value < p.max : value <= p.max));
  if (!ok) throw new ParamError(path, p, rangeText(p), value);
  return value as number;
}
