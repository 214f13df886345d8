/**
 * RunFolder — how every spinsnn command writes its results. Usage:
 *
 *   const run = new RunFolder('demo', { out: opts.out, json: opts.json });
 *   run.prepare({ force: opts.force });                      // before the heavy work: checks --out, takes the lock
 *   run.writeConfig({ command: 'demo', ...opts });          // config.json
 *   run.appendMetrics({ epoch: 1, loss: 0.31 });             // metrics.jsonl (one JSON object a line)
 *   await run.writePlot('raster.svg', vegaLiteSpec);         // SVG
 *   run.writeSummary(summary);                               // summary.json
 *   run.writeJson('confusion.json', m); run.writeFile('x.png', bytes); run.writeJsonLines('runs.jsonl', rows);
 *   const p = run.progress('train'); p.update(0.5); p.done(); run.log('…');   // stderr only
 *   run.finish({ ...summary, runDir: run.dir }, () => 'human-readable text');
 *
 * - Location: `--out DIR` when given (reused as is), else runs/<kind>-<UTC time>/ under the working
 *   directory (-2, -3, … appended when taken). `run.dir` is the absolute path.
 * - The folder is created on the first write, so a command that validates its input after
 *   `new RunFolder(…)` and fails leaves nothing behind.
 * - `run.prepare({ force, resume })`, called by every command before its heavy work, checks the
 *   target first (a file, an unwritable path, a non-empty folder without --force/--resume, a
 *   folder another run is writing are user errors), and takes `.spinsnn.lock` (the pid; removed
 *   on exit; a dead pid's lock and temporary files are taken over), so two runs cannot write one folder.
 * - Every write is atomic (temporary file in the same folder, then rename): a killed or failing
 *   run never leaves a half-written file, only complete ones.
 * - `--json`: `finish(result)` prints exactly one JSON line on stdout; otherwise it prints the human
 *   text. Nothing else of the command goes to stdout: progress and logs go to stderr.
 *
 * Commands that print a result without writing a folder (benchmarks, listings) use CommandOutput,
 * the same --json contract without the files.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { DataError, InternalError } from '@spinsnn/core';
import { renderSvg } from './plot.js';
import { ArgumentError, Progress, TEMP_FILE, fsUserError, pidAlive, runFolderPath, writeFileAtomic, type FileContent } from './util.js';

/** Where a command's text goes; process.stdout / process.stderr by default (tests pass their own). */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface OutputOptions {
  /** --json: exactly one JSON line on stdout, from finish(). */
  readonly json?: boolean;
  readonly stdout?: TextSink;
  readonly stderr?: TextSink;
}

/**
 * Where CommandOutput and RunFolder write when a command passes no sink: process.stdout and
 * process.stderr, or the sinks runCli was given (tests running commands in process).
 */
export const defaultSinks: { stdout?: TextSink; stderr?: TextSink } = {};

/** The --json contract of a command: one result, printed once, as one JSON line or as text. */
export class CommandOutput {
  readonly json: boolean;
  protected readonly stdout: TextSink;
  protected readonly stderr: TextSink;
  private finished = false;

  constructor(o: OutputOptions = {}) {
    this.json = o.json === true;
    this.stdout = o.stdout ?? defaultSinks.stdout ?? process.stdout;
    this.stderr = o.stderr ?? defaultSinks.stderr ?? process.stderr;
  }

  /** A progress line on stderr, shown only when stderr is a terminal. */
  progress(label: string): Progress {
    return new Progress(label, this.stderr.isTTY === true);
  }

  /** A log line on stderr (never on stdout, so --json output stays one line). */
  log(line: string): void {
    this.stderr.write(line.endsWith('\n') ? line : line + '\n');
  }

  /**
   * Prints the command's result: one JSON line with --json; otherwise `human` (text or a function
   * making it; default: the result as indented JSON). Called once, at the end.
   */
  finish(result: unknown, human?: string | (() => string)): void {
    if (this.finished) throw new InternalError('CommandOutput.finish called twice: a command prints one result');
    this.finished = true;
    if (this.json) {
      this.stdout.write(JSON.stringify(result) + '\n');
      return;
    }
    const text = typeof human === 'function' ? human() : (human ?? JSON.stringify(result, null, 2));
    this.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
}

export interface RunFolderOptions extends OutputOptions {
  /** --out DIR: write here instead of runs/<kind>-<time>. */
  readonly out?: string;
}

export interface PrepareOptions {
  /** --force: write into a non-empty folder (its files are overwritten). */
  readonly force?: boolean;
  /** --resume: the folder holds a run to continue, so it is expected to be non-empty. */
  readonly resume?: boolean;
  /** The command has --resume (the refusal then mentions it). */
  readonly canResume?: boolean;
}

/** Run folders whose lock this process holds (released on exit, or by runCli when its command ends). */
const held = new Set<RunFolder>();
let exitHook = false;

/** Releases every run folder this process holds (its lock; the folder if created and still empty). */
export function releaseRunFolders(): void {
  for (const r of [...held]) r.release();
}

/** The lock file of a folder being written; holds the writer's pid. */
export const LOCK_FILE = '.spinsnn.lock';

/** Reads a JSON-lines file; a line that is not JSON is a DataError naming the file and line. */
export function readJsonLines<T>(path: string): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fsUserError(path, e, 'read');
  }
  const rows: T[] = [];
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    if (lines[k].trim() === '') continue;
    try {
      rows.push(JSON.parse(lines[k]) as T);
    } catch {
      throw new DataError(path, `line ${k + 1} is not JSON (a corrupt or hand-edited file); delete the file, or the run folder, to start afresh`);
    }
  }
  return rows;
}

/** A command's run folder: config, metrics, summary, plots and other files, each written atomically. */
export class RunFolder extends CommandOutput {
  readonly dir: string;
  private metrics: string[] | null = null;
  private locked = false;
  /** The outermost folder prepare() created (removed again on exit while still empty). */
  private created: string | null = null;

  constructor(kind: string, o: RunFolderOptions = {}) {
    super(o);
    this.dir = runFolderPath(kind, o.out);
  }

  /**
   * Checks the target and takes the folder's lock, before the command's heavy work: every
   * refusal is a user error saying what to do. Creates the folder (removed on exit if it is
   * still empty then, so a refused or failed run leaves no empty folder).
   */
  prepare(o: PrepareOptions = {}): void {
    if (this.locked) return;
    const dir = this.dir;
    let exists = false;
    try {
      exists = existsSync(dir);
      if (exists && !statSync(dir).isDirectory()) throw new ArgumentError('--out', `${dir} is a file, not a folder: pass a folder path (or remove the file)`);
    } catch (e) {
      throw fsUserError(dir, e, 'use', '--out');
    }
    if (!exists) {
      try {
        this.created = mkdirSync(dir, { recursive: true }) ?? null;
      } catch (e) {
        throw fsUserError(dir, e, 'create', '--out');
      }
    }
    this.lock();
    held.add(this);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', releaseRunFolders);
    }
    // leftovers of a killed run: its lock was just taken over, its temporary files go too
    const entries = readdirSync(dir).filter((f) => {
      const m = TEMP_FILE.exec(f);
      if (m && !pidAlive(Number(m[1]))) {
        rmSync(join(dir, f), { force: true });
        return false;
      }
      return f !== LOCK_FILE;
    });
    if (entries.length > 0 && !o.force && !o.resume) {
      this.release();
      const resume = o.canResume ? ' pass --resume to continue the run in it,' : '';
      throw new ArgumentError(
        '--out',
        `${dir} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}):${resume} pass --force to write into it anyway (its files are overwritten), or choose another --out`,
      );
    }
  }

  /** Removes the lock (and the folder, if this run created it and left it empty). */
  release(): void {
    if (!this.locked) return;
    this.locked = false;
    held.delete(this);
    const lock = this.path(LOCK_FILE);
    try {
      if (readFileSync(lock, 'utf8').trim() === String(process.pid)) rmSync(lock, { force: true });
      if (this.created) {
        for (let d = this.dir; d.startsWith(this.created) && readdirSync(d).length === 0; d = dirname(d)) {
          rmdirSync(d);
          if (d === this.created) break;
        }
      }
    } catch {
      // already gone (the user removed the folder): nothing to release
    }
  }

  private lock(): void {
    const lock = this.path(LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lock, 'wx');
        try {
          writeSync(fd, `${process.pid}\n`);
        } finally {
          closeSync(fd);
        }
        this.locked = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsUserError(this.dir, e, 'write in', '--out');
      }
      let pid = NaN;
      try {
        pid = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        // vanished meanwhile: retry
      }
      if (pid === process.pid) {
        this.locked = true;
        return;
      }
      if (pidAlive(pid))
        throw new ArgumentError(
          '--out',
          `${this.dir} is being written by another spinsnn run (pid ${pid}, ${LOCK_FILE}): wait for it to finish, or choose another --out`,
        );
      rmSync(lock, { force: true }); // a killed run's lock: take it over
    }
    throw new ArgumentError('--out', `${this.dir}: another spinsnn run took its lock (${LOCK_FILE}) just now: choose another --out`);
  }

  /** Absolute path of a file in the folder. */
  path(name: string): string {
    return join(this.dir, name);
  }

  /** True when the folder already holds `name` (e.g. a checkpoint to resume). */
  has(name: string): boolean {
    return existsSync(this.path(name));
  }

  /** Creates the folder if needed (writes do it themselves; for tools that write on their own). */
  ensure(): string {
    mkdirSync(this.dir, { recursive: true });
    return this.dir;
  }

  writeFile(name: string, data: FileContent): void {
    this.ensure();
    writeFileAtomic(this.path(name), data);
  }

  writeJson(name: string, value: unknown, indent = 2): void {
    this.writeFile(name, JSON.stringify(value, null, indent) + '\n');
  }

  /** One JSON value a line, streamed to the temporary file (large outputs need no single string). */
  writeJsonLines(name: string, rows: Iterable<unknown>): void {
    this.writeFile(
      name,
      (function* () {
        for (const r of rows) yield JSON.stringify(r) + '\n';
      })(),
    );
  }

  writeConfig(config: unknown): void {
    this.writeJson('config.json', config);
  }

  writeSummary(summary: unknown): void {
    this.writeJson('summary.json', summary);
  }

  /** A JSON file of the folder; one that is not JSON is a DataError naming it. */
  readJson<T>(name: string): T {
    const path = this.path(name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw fsUserError(path, e, 'read');
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new DataError(path, 'is not JSON (a corrupt or hand-edited file); delete the run folder, or pass --force, to start afresh');
    }
  }

  /** Rows already in metrics.jsonl (e.g. of an interrupted run being resumed). */
  readMetrics<T>(): T[] {
    if (!this.has('metrics.jsonl')) return [];
    return readJsonLines<T>(this.path('metrics.jsonl'));
  }

  /** Replaces metrics.jsonl by these rows. */
  writeMetrics(rows: readonly unknown[]): void {
    this.metrics = rows.map((r) => JSON.stringify(r));
    this.flushMetrics();
  }

  /** Appends rows to metrics.jsonl (the file is rewritten atomically, so it is never cut mid-line). */
  appendMetrics(...rows: unknown[]): void {
    this.metrics ??= this.readMetrics<unknown>().map((r) => JSON.stringify(r));
    for (const r of rows) this.metrics.push(JSON.stringify(r));
    this.flushMetrics();
  }

  /** Renders a Vega-Lite spec to SVG and writes it. */
  async writePlot(name: string, spec: TopLevelSpec): Promise<void> {
    this.writeFile(name, await renderSvg(spec));
  }

  private flushMetrics(): void {
    const lines = this.metrics ?? [];
    this.writeFile('metrics.jsonl', lines.length ? lines.join('\n') + '\n' : '');
  }
}
