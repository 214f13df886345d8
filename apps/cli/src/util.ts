import { InvalidArgumentError } from 'commander';
import { SpinsnnError } from '@spinsnn/core';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Commander parser for a whole number in [min, max]. */
export function intArg(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number in [${min}, ${max}], got "${value}"`);
    }
    return n;
  };
}

/** Commander parser for a finite number, optionally strictly positive. */
export function numArg(opts: { positive?: boolean; min?: number } = {}) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || (opts.positive && n <= 0) || (opts.min !== undefined && n < opts.min)) {
      const want = opts.positive ? 'a number > 0' : opts.min !== undefined ? `a number ≥ ${opts.min}` : 'a finite number';
      throw new InvalidArgumentError(`expected ${want}, got "${value}"`);
    }
    return n;
  };
}

/** What an atomic write accepts: the whole content, or chunks written as they are produced. */
export type FileContent = string | Uint8Array | Iterable<string | Uint8Array>;

let tmpCounter = 0;

/**
 * Writes a file so that readers never see it half-written: a temporary file in the same folder
 * (so the rename cannot cross file systems), then rename. If producing or writing the content
 * throws, the temporary file is removed and an existing file at `path` is left as it was.
 */
export function writeFileAtomic(path: string, data: FileContent): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${tmpCounter++}`);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(tmp, data);
    else {
      const fd = openSync(tmp, 'w');
      try {
        for (const chunk of data) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
        }
      } finally {
        closeSync(fd);
      }
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Path of a new run folder, runs/<kind>-<UTC time> (suffixed -2, -3, … if taken), or `out` when given. */
export function runFolderPath(kind: string, out?: string): string {
  if (out) return resolve(out);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  let dir = resolve(join('runs', `${kind}-${stamp}`));
  for (let k = 2; existsSync(dir); k++) dir = resolve(join('runs', `${kind}-${stamp}-${k}`));
  return dir;
}

/** Peak resident set size of this process so far, in MB (1 MB = 2^20 bytes). */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** A one-line progress indicator on stderr when it is a terminal; silent otherwise. */
export class Progress {
  private last = 0;
  private readonly enabled: boolean;
  constructor(private readonly label: string, enabled = process.stderr.isTTY === true) {
    this.enabled = enabled;
  }
  update(fraction: number, detail = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && fraction < 1) return;
    this.last = now;
    const width = 24;
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
    process.stderr.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${detail}\x1b[K`);
  }
  done(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}

export const round = (x: number, digits = 4): number => Number(x.toPrecision(digits));

/**
 * A bad command-line value found after parsing: names the option and says what would be valid,
 * so the message alone tells the user how to fix the command. A user error: the CLI exits 2.
 */
export class ArgumentError extends SpinsnnError {
  readonly option: string;
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.option = option;
  }
}

/** Splits `name=value` (name: a letter, then letters, digits or _); null when it is not of that form. */
export function splitNameValue(item: string): { name: string; value: string } | null {
  const m = /^([A-Za-z]\w*)=(.+)$/.exec(item);
  return m ? { name: m[1], value: m[2] } : null;
}

/** `--device name=value` overrides (repeatable) as numbers; a malformed one is an ArgumentError. */
export function parseDeviceParams(list: string[], option = '--device'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of list) {
    const nv = splitNameValue(item);
    const v = nv ? Number(nv.value) : NaN;
    if (!nv || !Number.isFinite(v)) throw new ArgumentError(option, `expected name=value with a finite number (e.g. ${option} c2c=0.02), got "${item}"`);
    out[nv.name] = v;
  }
  return out;
}

/** The options `train` and `sweep` share: network size, the MNIST samples and the plastic synapses. */
export interface MnistRunOptions {
  neurons: number;
  train: number;
  test: number;
  assign?: number;
  epochs: number;
  synapse: string;
  preset?: string;
  device: string[];
}
