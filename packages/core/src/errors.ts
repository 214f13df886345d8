/** Base class of every error spinsnn throws on purpose: callers can `instanceof` it. */
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

/** A file or folder the user pointed at is missing, truncated or in the wrong format. */
export class DataFormatError extends SpinsnnError {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.file = file;
  }
}

/** Something was asked of the simulator in a state where it cannot be done. */
export class SimulationError extends SpinsnnError {}

export function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing (undefined)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value;
}
