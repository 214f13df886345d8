import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InternalError } from '@spinsnn/core';
import { CommandOutput, RunFolder } from '../src/run-folder.js';
import { lineSpec } from '../src/plot.js';
import { writeFileAtomic } from '../src/util.js';

const sink = () => {
  const chunks: string[] = [];
  return { chunks, write: (s: string) => chunks.push(s), text: () => chunks.join('') };
};

describe('RunFolder', () => {
  it('writes config.json, metrics.jsonl, summary.json and SVG plots into --out, creating it on the first write', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'spinsnn-rf-')), 'run');
    const run = new RunFolder('test', { out, stdout: sink(), stderr: sink() });
    expect(run.dir).toBe(out);
    expect(existsSync(out)).toBe(false); // nothing written, nothing created
    run.writeConfig({ command: 'test', seed: 1 });
    run.appendMetrics({ epoch: 1, loss: 0.5 });
    run.appendMetrics({ epoch: 2, loss: 0.25 }, { epoch: 3, loss: 0.125 });
    run.writeSummary({ accuracy: 0.9 });
    await run.writePlot(
      'loss.svg',
      lineSpec(
        [
          { x: 1, y: 0.5, series: 'loss' },
          { x: 2, y: 0.25, series: 'loss' },
        ],
        { title: 't', x: 'epoch', y: 'loss' },
      ),
    );
    run.writeJsonLines('rows.jsonl', [{ a: 1 }, { a: 2 }]);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toEqual({ command: 'test', seed: 1 });
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8')).toBe('{"epoch":1,"loss":0.5}\n{"epoch":2,"loss":0.25}\n{"epoch":3,"loss":0.125}\n');
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual({ accuracy: 0.9 });
    expect(readFileSync(join(out, 'loss.svg'), 'utf8').startsWith('<svg')).toBe(true);
    expect(readFileSync(join(out, 'rows.jsonl'), 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    expect(readdirSync(out).sort()).toEqual(['config.json', 'loss.svg', 'metrics.jsonl', 'rows.jsonl', 'summary.json']);
  });

  it('appends to the metrics of an existing folder (a resumed run) and can replace them', () => {
    const out = mkdtempSync(join(tmpdir(), 'spinsnn-rf-'));
    writeFileSync(join(out, 'metrics.jsonl'), '{"done":10}\n{"done":20}\n');
    const run = new RunFolder('test', { out });
    expect(run.readMetrics<{ done: number }>().map((m) => m.done)).toEqual([10, 20]);
    run.writeMetrics(run.readMetrics<{ done: number }>().filter((m) => m.done <= 10));
    run.appendMetrics({ done: 30 });
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8')).toBe('{"done":10}\n{"done":30}\n');
  });

  it('defaults to runs/<kind>-<UTC time>, a fresh folder per run', () => {
    const cwd = process.cwd();
    process.chdir(mkdtempSync(join(tmpdir(), 'spinsnn-rf-')));
    try {
      const a = new RunFolder('demo');
      a.writeSummary({});
      const b = new RunFolder('demo');
      expect(a.dir).toMatch(/\/runs\/demo-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d(-\d+)?$/);
      expect(b.dir).not.toBe(a.dir);
    } finally {
      process.chdir(cwd);
    }
  });

  it('a write that throws midway leaves no partial file and no temporary file; an older file survives intact', () => {
    const out = mkdtempSync(join(tmpdir(), 'spinsnn-rf-'));
    const run = new RunFolder('test', { out });
    function* failing(): Generator<string> {
      yield '{"part":1}\n';
      throw new Error('killed while writing');
    }
    expect(() => run.writeFile('results.jsonl', failing())).toThrow('killed while writing');
    expect(readdirSync(out)).toEqual([]);
    run.writeSummary({ version: 1 });
    const rows = {
      *[Symbol.iterator]() {
        yield { ok: true };
        throw new Error('killed again');
      },
    };
    expect(() => run.writeJsonLines('summary.json', rows)).toThrow('killed again');
    expect(readdirSync(out)).toEqual(['summary.json']);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual({ version: 1 });
    // the same guarantee for writeFileAtomic, which commands not yet on RunFolder use
    expect(() => writeFileAtomic(join(out, 'x.txt'), failing())).toThrow();
    expect(readdirSync(out)).toEqual(['summary.json']);
  });

  it('--json: exactly one JSON line on stdout at the end; progress and logs on stderr', () => {
    const stdout = sink(),
      stderr = sink();
    const run = new RunFolder('test', { out: mkdtempSync(join(tmpdir(), 'spinsnn-rf-')), json: true, stdout, stderr });
    run.log('loading data');
    const p = run.progress('train');
    p.update(0.5);
    p.done();
    run.finish({ accuracy: 0.9, runDir: run.dir }, () => 'human text that --json must not print');
    expect(stdout.chunks).toHaveLength(1);
    const lines = stdout.text().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(JSON.parse(lines[0])).toEqual({ accuracy: 0.9, runDir: run.dir });
    expect(stderr.text()).toBe('loading data\n');
    expect(() => run.finish({})).toThrow(InternalError);
  });

  it('without --json prints the human text (or the result as indented JSON)', () => {
    const a = sink(),
      b = sink();
    new CommandOutput({ stdout: a }).finish({ x: 1 }, () => 'x is 1');
    new CommandOutput({ stdout: b }).finish({ x: 1 });
    expect(a.text()).toBe('x is 1\n');
    expect(b.text()).toBe('{\n  "x": 1\n}\n');
  });
});
