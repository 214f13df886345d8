/**
 * The errors spinsnn throws on purpose. Two families, told apart by `isUserError`:
 *
 * - user errors — the input is wrong and the message says how to fix it (`SpecError`,
 *   `ParamError`, `DataError`, `SimulationError`, the CLI's `ArgumentError`): the CLI prints the
 *   message and exits 2;
 * - `InternalError` — an invariant of spinsnn itself broke: the CLI prints "this is a bug" with
 *   the stack and exits 1. So does any error that is not a SpinsnnError (a TypeError, a RangeError
 *   from the engine): library code never throws a bare RangeError for bad input.
 */
export class SpinsnnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A network spec (or any user-supplied configuration) has an invalid value.
 * `path` names the field (`projections[2].delay`), `expected` says what would be valid.
 */
export class SpecError extends SpinsnnError {
  readonly path: string;
  readonly expected: string;
  readonly got: unknown;
  constructor(path: string, expected: string, got: unknown) {
    super(`${path}: expected ${expected}, got ${describe(got)}`);
    this.path = path;
    this.expected = expected;
    this.got = got;
  }
}

/**
 * A model parameter (neuron, device, rule) outside its declared range: names the parameter,
 * its SI unit and the range (`populations[0].params.tauM: expected a finite number > 0 s …`).
 */
export class ParamError extends SpecError {
  readonly param: string;
  readonly unit: string;
  readonly range: string;
  constructor(path: string, param: { name: string; unit: string; description: string }, range: string, got: unknown) {
    const unit = param.unit === '1' ? '1 (dimensionless)' : param.unit;
    super(path, `${range} [unit ${unit}] (${param.description})`, got);
    this.param = param.name;
    this.unit = param.unit;
    this.range = range;
  }
}

/** A file or folder the user pointed at is missing, truncated or in the wrong format. */
export class DataError extends SpinsnnError {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.file = file;
  }
}

/** Something was asked of the simulator (or a built object) in a state where it cannot be done. */
export class SimulationError extends SpinsnnError {}

/** An invariant of spinsnn's own code broke: not the user's fault, a bug to report. */
export class InternalError extends SpinsnnError {}

/** True for the errors that mean "your input is wrong" (exit 2), false for bugs (exit 1). */
export function isUserError(err: unknown): err is SpinsnnError {
  return err instanceof SpinsnnError && !(err instanceof InternalError);
}

export function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing (undefined)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value;
}
