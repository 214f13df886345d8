import { InvalidArgumentError } from 'commander';
import { DataError, InternalError, SpinsnnError } from '@spinsnn/core';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
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

/** Commander parser for a finite number, optionally strictly positive and/or bounded. */
export function numArg(opts: { positive?: boolean; min?: number; max?: number } = {}) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || (opts.positive && n <= 0) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      const low = opts.positive ? '> 0' : opts.min !== undefined ? `≥ ${opts.min}` : '';
      const want = opts.max !== undefined ? `a number ${low ? low + ' and ' : ''}≤ ${opts.max}` : low ? `a number ${low}` : 'a finite number';
      throw new InvalidArgumentError(`expected ${want}, got "${value}"`);
    }
    return n;
  };
}

/** What an atomic write accepts: the whole content, or chunks written as they are produced. */
export type FileContent = string | Uint8Array | Iterable<string | Uint8Array>;

let tmpCounter = 0;
/** Temporary files not yet renamed or removed: removed on exit, whatever path the exit takes. */
const openTemps = new Set<string>();
let exitHook = false;
function trackTemp(tmp: string): void {
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const t of openTemps) rmSync(t, { force: true });
    });
  }
  openTemps.add(tmp);
}

/** Matches our temporary files, `.<name>.tmp-<pid>-<n>`, capturing the pid (for stale-file sweeps). */
export const TEMP_FILE = /^\..+\.tmp-(\d+)-\d+$/;

/** True when a process with this pid exists (EPERM: it exists, owned by someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A file-system failure on a path the user chose (read-only folder, a file where a folder should
 * be, disk full) as a user error naming the path and, with `option`, the flag that chose it.
 */
export function fsUserError(path: string, e: unknown, doing: string, option?: string): SpinsnnError {
  if (e instanceof SpinsnnError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const hint: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'it already exists',
    ENOENT: 'a folder on the path does not exist',
  };
  const why = hint[code] ? `${hint[code]} (${code})` : ((e as Error).message ?? String(e));
  const msg = `cannot ${doing} ${path}: ${why}; choose a path you can write to`;
  return option ? new ArgumentError(option, msg) : new DataError(path, msg.replace(` ${path}:`, ':'));
}

/**
 * A file written so that readers never see it half-written: chunks go (buffered, through an fd)
 * to a temporary file in the same folder, renamed over `path` by commit(). Opening checks the
 * target first, so a bad path fails before any work is done; abort() (or the process exiting
 * first) removes the temporary file and leaves an existing file at `path` as it was.
 */
export class AtomicFile {
  readonly path: string;
  private readonly tmp: string;
  private fd: number | null;
  private buf: Buffer[] = [];
  private bufBytes = 0;

  /** `option`: the flag that named the path (its errors then say which flag to change). */
  constructor(
    path: string,
    private readonly option?: string,
  ) {
    this.path = resolve(path);
    let isDir = false;
    try {
      isDir = existsSync(this.path) && statSync(this.path).isDirectory();
    } catch {
      // unreadable: opening the temporary file below reports why
    }
    if (isDir) {
      throw option
        ? new ArgumentError(option, `${this.path} is a folder: pass a file path (e.g. ${option} ${join(this.path, 'out.csv')})`)
        : new DataError(this.path, 'is a folder, expected a file path');
    }
    try {
      mkdirSync(dirname(this.path), { recursive: true });
    } catch (e) {
      throw fsUserError(dirname(this.path), e, 'create the folder', option);
    }
    this.tmp = join(dirname(this.path), `.${basename(this.path)}.tmp-${process.pid}-${tmpCounter++}`);
    try {
      this.fd = openSync(this.tmp, 'wx');
    } catch (e) {
      throw fsUserError(this.path, e, 'write', option);
    }
    trackTemp(this.tmp);
  }

  write(chunk: string | Uint8Array): void {
    if (this.fd === null) throw new InternalError(`AtomicFile ${this.path}: write after commit or abort`);
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.buf.push(bytes);
    this.bufBytes += bytes.length;
    if (this.bufBytes >= 1 << 16) this.flush();
  }

  /** Writes the rest, closes and renames over the target. */
  commit(): void {
    try {
      this.flush();
      closeSync(this.fd!);
      this.fd = null;
      renameSync(this.tmp, this.path);
      openTemps.delete(this.tmp);
    } catch (e) {
      this.abort();
      throw fsUserError(this.path, e, 'write', this.option);
    }
  }

  /** Removes the temporary file; the target is untouched. Safe to call twice. */
  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already unusable: the file is removed below either way
      }
      this.fd = null;
    }
    rmSync(this.tmp, { force: true });
    openTemps.delete(this.tmp);
  }

  private flush(): void {
    if (this.bufBytes === 0) return;
    const all = this.buf.length === 1 ? this.buf[0] : Buffer.concat(this.buf, this.bufBytes);
    this.buf = [];
    this.bufBytes = 0;
    try {
      for (let off = 0; off < all.length; ) off += writeSync(this.fd!, all, off);
    } catch (e) {
      this.abort();
      throw fsUserError(this.path, e, 'write', this.option);
    }
  }
}

/**
 * Writes a file so that readers never see it half-written (an AtomicFile). If producing or
 * writing the content throws, the temporary file is removed and an existing file at `path` is
 * left as it was.
 */
export function writeFileAtomic(path: string, data: FileContent): void {
  const f = new AtomicFile(path);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) f.write(data);
    else for (const chunk of data) f.write(chunk);
  } catch (e) {
    f.abort();
    throw e;
  }
  f.commit();
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
  constructor(
    private readonly label: string,
    enabled = process.stderr.isTTY === true,
  ) {
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

/**
 * A run stopped by SIGINT/SIGTERM after saving what it needs to continue: not a bug and not bad
 * input, so the CLI prints the message and exits 128 + the signal number, as shells expect.
 */
export class Interrupted extends SpinsnnError {
  readonly exitCode: number;
  constructor(signal: NodeJS.Signals, message: string) {
    super(message);
    this.exitCode = signal === 'SIGINT' ? 130 : 143;
  }
}
