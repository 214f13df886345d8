import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brette2007Spec } from '@spinsnn/core';
import { ParallelNetwork } from '@spinsnn/core/node';
import { dataset } from '../../../test/support/datasets.js';

// End-to-end through the built CLI, as a user runs it (`npm test` builds first).
const CLI = new URL('../dist/main.js', import.meta.url).pathname;
const DUMP = dataset('brian2-cuba/N4000_T1_seed1');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('spinsnn bench cuba|coba', () => {
  it('prints exactly one JSON line with the documented keys, consistent with each other', () => {
    const out = execFileSync(process.execPath, [CLI, 'bench', 'cuba', '--neurons', '500', '--duration', '0.2', '--seed', '3', '--json'], { encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);
    for (const k of [
      'benchmark',
      'neurons',
      'synapses',
      'durationS',
      'seed',
      'spikes',
      'meanRateHz',
      'synapticEvents',
      'buildS',
      'wallS',
      'eventsPerS',
      'peakRssMB',
    ])
      expect(r).toHaveProperty(k);
    expect(r).toMatchObject({ benchmark: 'cuba', neurons: 500, durationS: 0.2, seed: 3 });
    expect(r.meanRateHz).toBeCloseTo(r.spikes / 500 / 0.2, 10);
    expect(r.eventsPerS).toBeCloseTo(r.synapticEvents / r.wallS, 3);
    // p = 0.02 over 500² ordered pairs: 5000 ± 5σ (σ = √(250000·0.02·0.98) ≈ 70)
    expect(Math.abs(r.synapses - 5000)).toBeLessThan(350);
  });

  it('times the interval after its warm-up: the figures are those of [1, 1.2] s, or of [0, 0.2] s with --no-warmup', async () => {
    const bench = (...extra: string[]) =>
      JSON.parse(
        execFileSync(process.execPath, [CLI, 'bench', 'cuba', '--neurons', '500', '--duration', '0.2', '--seed', '3', '--threads', '1', '--json', ...extra], {
          encoding: 'utf8',
        }),
      );
    const net = await ParallelNetwork.create(brette2007Spec('cuba', { neurons: 500, seed: 3 }), { threads: 1 });
    const counts = () => ({ spikes: net.population('exc').spikes + net.population('inh').spikes, events: net.synapticEvents() });
    net.run(0.2);
    const first = counts();
    net.run(0.8);
    const atWarm = counts();
    net.run(0.2);
    const after = counts();
    await net.close();
    const warm = bench();
    expect(warm.warmupSimS).toBe(1);
    expect(warm.spikes).toBe(after.spikes - atWarm.spikes);
    expect(warm.synapticEvents).toBe(after.events - atWarm.events);
    const cold = bench('--no-warmup');
    expect(cold.warmupSimS).toBe(0);
    expect(cold.spikes).toBe(first.spikes);
    expect(cold.synapticEvents).toBe(first.events);
    expect(cold.spikes).not.toBe(warm.spikes); // the two intervals differ, so the test can tell them apart
  });

  it('--precision float32 runs the parallel engine in single precision and says so; bad values and the event kernel are refused', () => {
    const base = ['--neurons', '500', '--duration', '0.1', '--seed', '3', '--threads', '1', '--no-warmup', '--json'];
    const r = (p: string) => JSON.parse(execFileSync(process.execPath, [CLI, 'bench', 'coba', ...base, '--precision', p], { encoding: 'utf8' }).trim());
    const [f32, f64] = [r('float32'), r('float64')];
    expect(f32.precision).toBe('float32');
    expect(f64.precision).toBe('float64');
    expect(f32.synapses).toBe(f64.synapses); // same network, other arithmetic
    for (const [args, msg] of [
      [['bench', 'cuba', ...base, '--precision', 'float16'], /--precision: float64 or float32, got "float16"/],
      [['bench', 'cuba', ...base.filter((x) => x !== '--threads' && x !== '1'), '--engine', 'event', '--precision', 'float32'], /event kernel is float64 only/],
      [['bench', 'scale', '--network', 'microcircuit', '--precision', 'float32', '--json'], /iaf_psc_exp neurons run in float64 only/],
    ] as const) {
      const res = run(...args);
      expect(res.status).toBe(2);
      expect(res.stderr).toMatch(msg);
      expect(res.stdout).toBe('');
    }
  });

  it('bench scale --network microcircuit prints a table without --json whose rates are those of the --json run (same seed)', () => {
    const args = ['bench', 'scale', '--network', 'microcircuit', '--scale', '0.005', '--k-scale', '0.05', '--duration', '0.1', '--threads', '2'];
    const table = execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    const json = JSON.parse(execFileSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8' }).trim());
    expect(() => JSON.parse(table)).toThrow();
    expect(table).toContain(`${json.neurons} neurons, ${json.synapses} synapses`);
    for (const [name, rate] of Object.entries(json.ratesHz as Record<string, number>)) {
      const row = table.split('\n').find((l) => l.trim().startsWith(`${name} `));
      expect(row, name).toBeDefined();
      const [shown, reference] = row!.trim().split(/\s+/).slice(1, 3).map(Number);
      expect(shown).toBeCloseTo(rate, 3);
      expect(reference).toBeCloseTo(json.referenceRatesHz[name], 3);
    }
  });

  it('replays the Brian2 dump and writes its spikes as CSV identical to the reference', () => {
    if (!existsSync(DUMP)) return;
    const dir = mkdtempSync(join(tmpdir(), 'spinsnn-'));
    const csv = join(dir, 'spikes.csv');
    const res = run('bench', 'cuba', '--network', DUMP, '--spikes-out', csv, '--json');
    expect(res.status).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('i,t');
    expect(lines).toHaveLength(22463 + 1);
    const refI = new Int32Array(readFileSync(join(DUMP, 'spike_i.i32')).buffer.slice(0));
    const refT = new Float64Array(readFileSync(join(DUMP, 'spike_t_s.f64')).buffer.slice(0));
    for (let k = 1; k < lines.length; k += 997) {
      const [i, t] = lines[k].split(',').map(Number);
      expect(i).toBe(refI[k - 1]);
      expect(Math.round(t / 1e-4)).toBe(Math.round(refT[k - 1] / 1e-4));
    }
  });

  it.each([
    [['bench', 'cuba', '--neurons', 'many'], /--neurons.*whole number/],
    [['bench', 'cuba', '--duration', '-1'], /--duration.*> 0/],
    [['bench', 'cuba', '--network', '/nonexistent/dump'], /manifest\.json is missing/],
    [['bench', 'bogus'], /unknown command/],
  ])('rejects bad input %j with a clear message and a non-zero exit', (args, message) => {
    const res = run(...(args as string[]));
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).toBe('');
  });
});

describe('spinsnn demo cuba', () => {
  it('writes a raster, a rate plot, a summary and the config into the run folder', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spinsnn-')), 'run');
    const res = run('demo', 'cuba', '--neurons', '400', '--duration', '0.2', '--out', dir);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/mean rate/);
    for (const f of ['raster.svg', 'rate.svg', 'summary.json', 'config.json']) expect(existsSync(join(dir, f))).toBe(true);
    const svg = readFileSync(join(dir, 'raster.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.neurons).toBe(400);
    expect(summary.spikes).toBeGreaterThan(0);
  });
});

describe('spinsnn bench soak', () => {
  it('runs CUBA in chunks and prints one JSON line with the RSS and event-rate slopes', () => {
    const out = execFileSync(process.execPath, [CLI, 'bench', 'soak', '--minutes', '0.02', '--neurons', '500', '--chunk', '0.1', '--json'], {
      encoding: 'utf8',
    });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);
    expect(r).toMatchObject({ benchmark: 'soak', neurons: 500, minutes: 0.02 });
    for (const k of ['chunks', 'simulatedS', 'rssMBFirst', 'rssMBLast', 'rssSlopeMBPerMin', 'eventRateMean', 'eventRateSlopePerMin', 'eventRateSlopeRelPerMin'])
      expect(Number.isFinite(r[k])).toBe(true);
    expect(r.chunks).toBeGreaterThan(2);
    expect(r.simulatedS).toBeCloseTo(r.chunks * 0.1, 6);
    expect(r.eventRateMean).toBeGreaterThan(0);
  });
});
