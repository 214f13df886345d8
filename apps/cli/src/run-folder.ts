/**
 * RunFolder — how every spinsnn command writes its results. Usage:
 *
 *   const run = new RunFolder('demo', { out: opts.out, json: opts.json });
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
 * - Every write is atomic (temporary file in the same folder, then rename): a killed or failing
 *   run never leaves a half-written file, only complete ones.
 * - `--json`: `finish(result)` prints exactly one JSON line on stdout; otherwise it prints the human
 *   text. Nothing else of the command goes to stdout: progress and logs go to stderr.
 *
 * Commands that print a result without writing a folder (benchmarks, listings) use CommandOutput,
 * the same --json contract without the files.
 */
import { mkdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { InternalError } from '@spinsnn/core';
import { renderSvg } from './plot.js';
import { Progress, runFolderPath, writeFileAtomic, type FileContent } from './util.js';

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

/** The --json contract of a command: one result, printed once, as one JSON line or as text. */
export class CommandOutput {
  readonly json: boolean;
  protected readonly stdout: TextSink;
  protected readonly stderr: TextSink;
  private finished = false;

  constructor(o: OutputOptions = {}) {
    this.json = o.json === true;
    this.stdout = o.stdout ?? process.stdout;
    this.stderr = o.stderr ?? process.stderr;
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

/** A command's run folder: config, metrics, summary, plots and other files, each written atomically. */
export class RunFolder extends CommandOutput {
  readonly dir: string;
  private metrics: string[] | null = null;

  constructor(kind: string, o: RunFolderOptions = {}) {
    super(o);
    this.dir = runFolderPath(kind, o.out);
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
    this.writeFile(name, (function* () {
      for (const r of rows) yield JSON.stringify(r) + '\n';
    })());
  }

  writeConfig(config: unknown): void {
    this.writeJson('config.json', config);
  }

  writeSummary(summary: unknown): void {
    this.writeJson('summary.json', summary);
  }

  /** Rows already in metrics.jsonl (e.g. of an interrupted run being resumed). */
  readMetrics<T>(): T[] {
    if (!this.has('metrics.jsonl')) return [];
    return readFileSync(this.path('metrics.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T);
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
