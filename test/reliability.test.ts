/**
 * Regression tests of the "Reliability" issue, one per defect, named after it.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataError,
  Network,
  Rng,
  SpecError,
  decodeSnapshot,
  encodeSnapshot,
  estimateNetworkMemory,
  freeMemoryBytes,
  registeredModels,
  type NetworkSpec,
} from '@spinsnn/core';
import { IsingModel } from '@spinsnn/backends';
import { brian2CubaSpec, parseGset } from '@spinsnn/datasets';
import { readBrian2Dump } from '@spinsnn/datasets/node';
import { parallelTempering } from '@spinsnn/learning';
import { dataset } from './support/datasets.js';

const BRIAN2 = dataset('brian2-cuba/N4000_T1_seed1');

const deviceSpec = (
  device: string,
  seed: number,
  p: number,
  weight: NetworkSpec['projections'] extends (infer P)[] | undefined ? (P extends { weight: infer W } ? W : never) : never,
  wMax?: number,
): NetworkSpec => ({
  seed,
  populations: [
    { name: 'a', size: 3, model: 'core/lif' },
    { name: 'b', size: 2, model: 'core/lif' },
  ],
  inputs: [{ name: 'in', type: 'poisson', size: 3, rate: 200 }],
  projections: [
    { source: 'in', target: 'a', connectivity: { rule: 'one_to_one' }, weight: 0.02 },
    { source: 'a', target: 'b', connectivity: { rule: 'fixed_probability', p }, weight, synapse: wMax === undefined ? { device } : { device, wMax } },
  ],
  monitors: [{ type: 'spikes', population: 'b' }],
});

const specErrorOf = (f: () => unknown): SpecError => {
  try {
    f();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('reliability regressions', () => {
  const devices = registeredModels({ kind: 'synapse' }).map((m) => m.id);

  it('empty device projection builds and runs, whatever the seed', () => {
    expect(devices).toContain('sot/multilevel');
    for (const device of devices) {
      for (let seed = 0; seed < 20; seed++) {
        const net = new Network(deviceSpec(device, seed, 0, 1e-3));
        expect(net.projections[1].size).toBe(0);
        net.run(5e-3);
        expect(net.t).toBeCloseTo(5e-3, 12);
      }
      // small p: some seeds draw none, some draw a few
      for (let seed = 0; seed < 20; seed++) new Network(deviceSpec(device, seed, 0.05, { uniform: [0, 1e-3] })).run(2e-3);
    }
  });

  it('all-zero weights on a device without wMax is a SpecError naming projections[k].synapse.wMax', () => {
    for (const device of devices.filter((d) => d !== 'core/float')) {
      const e = specErrorOf(() => new Network(deviceSpec(device, 1, 1, 0)));
      expect(e.path).toBe('projections[1].synapse.wMax');
      expect(e.message).toMatch(/set synapse\.wMax/);
      // an explicit wMax makes it legal
      new Network(deviceSpec(device, 1, 1, 0, 1e-3)).run(1e-3);
    }
    expect(specErrorOf(() => new Network(deviceSpec('sot/multilevel', 1, 1, 1e-3, -1))).path).toBe('projections[1].synapse.wMax');
  });

  it('unknown key suggests the nearest valid key', () => {
    const base = deviceSpec('core/float', 1, 0.5, 1e-3);
    const { projections, ...rest } = base;
    const e1 = specErrorOf(() => new Network({ ...rest, projection: projections } as unknown as NetworkSpec));
    expect(e1.path).toBe('spec.projection');
    expect(e1.message).toMatch(/did you mean "projections"\?/);
    const s2 = deviceSpec('core/float', 1, 0.5, 1e-3);
    (s2.projections![0] as unknown as Record<string, unknown>).delays = 1e-3;
    const e2 = specErrorOf(() => new Network(s2));
    expect(e2.path).toBe('projections[0].delays');
    expect(e2.message).toMatch(/did you mean "delay"\?/);
    // no suggestion for something unlike any key
    const s3 = deviceSpec('core/float', 1, 0.5, 1e-3);
    (s3 as unknown as Record<string, unknown>).zzzzzz = 1;
    expect(specErrorOf(() => new Network(s3)).message).not.toMatch(/did you mean/);
  });

  it('memory guard refuses a 2^30-neuron population before allocating', () => {
    const spec: NetworkSpec = { seed: 1, populations: [{ name: 'a', size: 2 ** 30, model: 'core/lif_cuba' }] };
    const e = specErrorOf(() => new Network(spec, { memoryLimitBytes: 2 ** 32 }));
    expect(e.path).toBe('populations[0].size');
    expect(e.message).toMatch(/estimate is .* GiB .*memoryLimitBytes/);
  });

  it('memory guard refuses huge connectivity (free memory by default) and names the projection', () => {
    const spec: NetworkSpec = {
      seed: 1,
      populations: [{ name: 'a', size: 200_000, model: 'core/lif' }],
      projections: [{ source: 'a', target: 'a', connectivity: { rule: 'fixed_indegree', k: 100_000 }, weight: 1e-3 }],
    };
    const e = specErrorOf(() => new Network(spec));
    expect(e.path).toBe('projections[0].connectivity');
    expect(e.message).toMatch(/at most 2147483647 synapses in one projection/);
    spec.projections![0].connectivity = { rule: 'fixed_probability', p: 0.05 };
    spec.projections![0].weight = { uniform: [0, 1e-3] };
    spec.projections![0].delay = { uniform: [0, 1e-3] };
    // ~1.1 TB in all, more than any machine this runs on has free
    for (let k = 0; k < 19; k++) spec.projections!.push({ ...spec.projections![0] });
    const e2 = specErrorOf(() => new Network(spec));
    expect(e2.path).toBe('projections[0].connectivity');
    expect(e2.message).toMatch(/free memory \(os\.freemem\(\)/);
    expect(estimateNetworkMemory({ seed: 1, populations: [{ name: 'a', size: 10, model: 'core/lif' }] }).neurons).toBe(10);
    expect(freeMemoryBytes()).toBeGreaterThan(0);
    // the override lets a small network through and refuses it under a tiny limit
    const small: NetworkSpec = { seed: 1, populations: [{ name: 'a', size: 100, model: 'core/lif' }] };
    new Network(small, { memoryLimitBytes: 1e6 });
    expect(specErrorOf(() => new Network(small, { memoryLimitBytes: 100 })).message).toMatch(/BuildOptions\.memoryLimitBytes = 100 B/);
  });

  it('gset header larger than the file is a DataError before allocating', () => {
    expect(() => parseGset('200000000 1\n1 2 1\n', 'big.txt')).toThrow(DataError);
    expect(() => parseGset('200000000 1\n1 2 1\n', 'big.txt')).toThrow(/^big\.txt: the header declares n = 200000000 vertices for m = 1 edges/);
    expect(() => parseGset('10 200000000\n1 2 1\n', 'big.txt')).toThrow(/declares 200000000 edges but at most 2 edge lines follow/);
    expect(() => parseGset('3000000000 1\n1 2 1\n', 'big.txt')).toThrow(/expected the header/);
  });

  describe('brian2 dump', () => {
    const copyDump = (patch: (dir: string) => void): string => {
      const dir = mkdtempSync(join(tmpdir(), 'spinsnn-b2-'));
      for (const f of readdirSync(BRIAN2)) copyFileSync(join(BRIAN2, f), join(dir, f));
      patch(dir);
      return dir;
    };
    const withManifest = (edit: (m: Record<string, unknown>) => void) =>
      copyDump((dir) => {
        const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
        edit(m);
        writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
      });
    const dataErrorOf = (dir: string): DataError => {
      try {
        brian2CubaSpec(readBrian2Dump(dir));
      } catch (e) {
        rmSync(dir, { recursive: true, force: true });
        if (e instanceof DataError) return e;
        throw e;
      }
      rmSync(dir, { recursive: true, force: true });
      throw new Error('accepted');
    };

    it('brian2 inhibitory synapses from excitatory sources are refused, not attached to inh neuron i', () => {
      const dump = readBrian2Dump(BRIAN2);
      // the shared dump is consistent: every inhibitory source is ≥ NE and lands on inh neuron i − NE
      expect(Math.min(...dump.inhPre)).toBeGreaterThanOrEqual(dump.NE);
      const spec = brian2CubaSpec(dump);
      const ie = spec.projections![2].connectivity as { pre: number[] };
      const first = dump.inhPost.findIndex((j) => j < dump.NE);
      expect(ie.pre[0]).toBe(dump.inhPre[first] - dump.NE);
      expect(Math.max(...ie.pre)).toBeLessThan(dump.N - dump.NE);
      const dir = copyDump((d) => {
        const pre = new Int32Array(readFileSync(join(d, 'inh_pre.i32')).buffer.slice(0));
        pre[5] = 7; // an excitatory neuron
        writeFileSync(join(d, 'inh_pre.i32'), new Uint8Array(pre.buffer));
      });
      const e = dataErrorOf(dir);
      expect(e.file).toMatch(/inh_pre\.i32$/);
      expect(e.message).toMatch(/synapse 5 has source 7 < NE = 3200: not inhibitory/);
    });

    it.each([
      ['non-finite dt_s', (m: Record<string, unknown>) => (m.dt_s = 'Infinity'), /field dt_s/],
      ['zero dt_s', (m: Record<string, unknown>) => (m.dt_s = 0), /field dt_s/],
      ['negative dt_s', (m: Record<string, unknown>) => (m.dt_s = -1e-4), /field dt_s/],
      ['dt_s below 1e-7 s', (m: Record<string, unknown>) => (m.dt_s = 1e-9), /field dt_s: expected a time step in seconds ≥ 1e-7/],
      ['arrays: null', (m: Record<string, unknown>) => (m.arrays = null), /field arrays: expected an object/],
      ['arrays as a list', (m: Record<string, unknown>) => (m.arrays = []), /field arrays/],
      [
        'an array entry without a length',
        (m: Record<string, unknown>) => ((m.arrays as Record<string, unknown>)['exc_pre.i32'] = { dtype: '<i4' }),
        /arrays\["exc_pre\.i32"\]: expected \{ dtype, length \}/,
      ],
      ['an array entry null', (m: Record<string, unknown>) => ((m.arrays as Record<string, unknown>)['v0_volt.f64'] = null), /arrays\["v0_volt\.f64"\]/],
      ['NE ≥ N', (m: Record<string, unknown>) => (m.NE = 5000), /field NE/],
      ['args.duration NaN-like', (m: Record<string, unknown>) => ((m.args as Record<string, unknown>).duration = -1), /field args: expected args\.duration/],
    ])('brian2 manifest with %s is a DataError naming the field', (_n, edit, message) => {
      const e = dataErrorOf(withManifest(edit));
      expect(e.file).toMatch(/manifest\.json$/);
      expect(e.message).toMatch(message);
    });

    it('brian2 manifest that is not an object is a DataError', () => {
      const dir = copyDump((d) => writeFileSync(join(d, 'manifest.json'), 'null'));
      expect(dataErrorOf(dir).message).toMatch(/expected a JSON object/);
    });
  });

  it('parallelTempering with an out-of-range ICM fraction is a SpecError', () => {
    const model = IsingModel.fromEdges(4, Int32Array.from([0, 1, 2]), Int32Array.from([1, 2, 3]), Float64Array.from([1, 1, 1]));
    for (const f of [-0.1, 1.5, NaN, Infinity]) {
      const e = specErrorOf(() => parallelTempering(model, new Rng(1), { betas: [0.5, 1], sweeps: 2, houdayer: true, houdayerFraction: f }));
      expect(e.path).toBe('tempering.houdayerFraction');
    }
    expect(specErrorOf(() => parallelTempering(model, new Rng(1), { betas: [0.5, NaN], sweeps: 2 })).path).toMatch(/^tempering\.betas/);
    expect(specErrorOf(() => parallelTempering(model, new Rng(1), { betas: [0.5, 1], sweeps: Infinity })).path).toBe('tempering.sweeps');
    for (const f of [0, 1]) parallelTempering(model, new Rng(1), { betas: [0.5, 1], sweeps: 2, houdayer: true, houdayerFraction: f });
  });
});

describe('defects found by the fuzz suites', () => {
  const small = (): NetworkSpec => ({
    seed: 2,
    populations: [{ name: 'a', size: 3, model: 'core/lif' }],
    inputs: [{ name: 'in', type: 'poisson', size: 3, rate: [300, 100, 50] }],
    projections: [{ source: 'in', target: 'a', connectivity: { rule: 'one_to_one' }, weight: 0.02 }],
    monitors: [
      { type: 'spikes', population: 'a' },
      { type: 'state', population: 'a', variable: 'v', indices: [0] },
      { type: 'rate', population: 'a' },
    ],
  });
  const inp = (s: NetworkSpec) => s.inputs![0] as { rate: unknown; schedule?: unknown };

  it('poisson schedule rate list of the wrong length is a SpecError, not a SimulationError mid-run', () => {
    const s = small();
    inp(s).schedule = { times: [2e-3], rates: [[]] };
    expect(specErrorOf(() => new Network(s).run(5e-3)).path).toBe('inputs[0].schedule.rates[0]');
    inp(s).schedule = { times: [2e-3], rates: [[7]] };
    new Network(s).run(5e-3);
  });

  it('poisson rate of 1e12 Hz is refused instead of hanging the run (2e8 Hz, as p-bit lattices use, is legal)', () => {
    const s = small();
    inp(s).rate = [1e12, 1, 1];
    expect(specErrorOf(() => new Network(s)).path).toBe('inputs[0].rate[0]');
    inp(s).rate = Infinity;
    expect(specErrorOf(() => new Network(s)).path).toBe('inputs[0].rate');
    inp(s).rate = 2e8;
    new Network(s).run(1e-6);
  });

  it('denormal poisson rate builds and runs (no event at t = Infinity)', () => {
    const s = small();
    inp(s).rate = 5e-324;
    const net = new Network(s);
    net.run(5e-3);
    expect(net.spikes('a').count).toBe(0);
  });

  it('state-monitor interval 5e-324, rate bin 5e-324 and dt 5e-324 are SpecErrors (the interval crashed V8)', () => {
    const s1 = small();
    (s1.monitors![1] as { interval?: number }).interval = 5e-324;
    expect(specErrorOf(() => new Network(s1)).path).toBe('monitors[1].interval');
    const s2 = small();
    (s2.monitors![2] as { bin?: number }).bin = 5e-324;
    expect(specErrorOf(() => new Network(s2)).path).toBe('monitors[2].bin');
    const s3 = small();
    s3.dt = 5e-324;
    expect(specErrorOf(() => new Network(s3)).path).toBe('dt');
  });

  it('decodeSnapshot of truncated or edited text is a SpecError naming the field', () => {
    const net = new Network(small());
    net.run(2e-3);
    const text = encodeSnapshot(net.snapshot());
    expect(specErrorOf(() => decodeSnapshot(text.slice(0, text.length >> 1))).path).toBe('snapshot');
    expect(specErrorOf(() => decodeSnapshot('{"x":{"$typed":"f64","b64":"AAA"}}')).path).toBe('snapshot.x.b64');
    expect(specErrorOf(() => decodeSnapshot('{"x":{"$typed":"f64","b64":"@@@@"}}')).path).toBe('snapshot.x.b64');
    expect(specErrorOf(() => decodeSnapshot('{"x":{"$typed":"constructor","b64":""}}')).path).toBe('snapshot.x.$typed');
    expect(specErrorOf(() => decodeSnapshot('{"x":{"$number":"12"}}')).path).toBe('snapshot.x.$number');
  });

  it('restoring a snapshot of the wrong shape is a SpecError, not a SimulationError or TypeError', () => {
    const net = new Network(small());
    net.run(2e-3);
    const snap = net.snapshot() as unknown as Record<string, Record<string, unknown>>;
    expect(specErrorOf(() => new Network(small()).restore(undefined as never)).path).toBe('snapshot');
    const badQueue = structuredClone(snap);
    (badQueue.sim.queue as Record<string, unknown>).time = new Float64Array(1);
    expect(specErrorOf(() => new Network(small()).restore(badQueue as never))).toBeInstanceOf(SpecError);
    const badSeries = structuredClone(snap);
    ((badSeries.monitors['state:a#1'] ?? badSeries.monitors['state:a']) as Record<string, unknown>).values = [new Float64Array(1e6)];
    expect(specErrorOf(() => new Network(small()).restore(badSeries as never)).path).toMatch(/state monitor of a\.v\.values\[0\]/);
    const badRate = structuredClone(snap);
    (badRate.inputs.in as Record<string, unknown>).rates = Float64Array.from([1, -1602, 1]);
    expect(specErrorOf(() => new Network(small()).restore(badRate as never)).path).toBe('snapshot of input in.rates[1]');
    const badMon = structuredClone(snap);
    (badMon.monitors['spikes:a'] as Record<string, unknown>).indices = new Float64Array(0);
    expect(specErrorOf(() => new Network(small()).restore(badMon as never))).toBeInstanceOf(SpecError);
  });
});
