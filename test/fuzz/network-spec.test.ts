/**
 * Mutated network specs: every case either throws a SpecError/ParamError/DataError naming a
 * field, or builds and runs a short simulation with finite times, within a time bound.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { DataError, Network, SpecError, type NetworkSpec } from '@spinsnn/core';
import { DEVICES, NEURONS, RULES, baseSpec, mutate, type BaseChoice, type Mutation } from './specs.js';
import { fuzzRuns, fuzzSeed, fuzzTimeout } from './config.js';

/** Per case: a build and a run this slow on small sizes means a hang-in-waiting. */
const CASE_LIMIT_MS = 5000;
const MEMORY_LIMIT = 64 * 2 ** 20;

/**
 * A short run: 5 ms, or 2000 steps of a very fine dt; 5 µs with p-bits (they flip at ~GHz, so
 * 5 ms of a few is millions of events).
 */
function runTime(spec: NetworkSpec): number {
  const dt = typeof spec.dt === 'number' ? spec.dt : 1e-4;
  const pbits = spec.populations.some((p) => String(p.model).startsWith('pbit/'));
  // and about 1e5 input spikes at most (a legal rate may be up to 10 GHz)
  let rate = 0;
  for (const inp of Array.isArray(spec.inputs) ? spec.inputs : []) {
    const r = (inp as { rate?: unknown }).rate;
    const rs = typeof r === 'number' ? [r * (Number(inp.size) || 1)] : Array.isArray(r) ? r : [];
    for (const x of rs) if (typeof x === 'number' && x > 0) rate += x;
    const sc = (inp as { schedule?: { rates?: unknown } }).schedule?.rates;
    if (Array.isArray(sc))
      for (const row of sc) if (Array.isArray(row)) for (const x of row) if (typeof x === 'number' && x > 0) rate += x * (Number(inp.size) || 1);
  }
  return Math.min(pbits ? 5e-6 : 5e-3, 2000 * dt, rate > 0 ? 1e5 / rate : Infinity);
}

export type Outcome = 'ran' | 'refused';

/** Builds and runs a spec; returns how it ended, throws on any contract violation. */
export function buildAndRun(spec: unknown): Outcome {
  const t0 = performance.now();
  let net: Network;
  try {
    net = new Network(spec as NetworkSpec, { memoryLimitBytes: MEMORY_LIMIT });
    net.run(runTime(spec as NetworkSpec));
  } catch (e) {
    if (e instanceof SpecError) {
      if (!(typeof e.path === 'string' && e.path.length > 0)) throw new Error(`SpecError without a field: ${e.message}`);
      return 'refused';
    }
    if (e instanceof DataError) return 'refused';
    throw e;
  }
  if (!Number.isFinite(net.t)) throw new Error(`non-finite time ${net.t}`);
  for (const m of net.spikeMonitors.values()) {
    for (let k = 0; k < m.count; k++) if (!Number.isFinite(m.times[k])) throw new Error(`non-finite spike time ${m.times[k]}`);
  }
  const ms = performance.now() - t0;
  if (ms > CASE_LIMIT_MS) throw new Error(`case took ${ms.toFixed(0)} ms`);
  return 'ran';
}

const choice: fc.Arbitrary<BaseChoice> = fc.record({
  a: fc.nat({ max: 1000 }),
  b: fc.nat({ max: 1000 }),
  device: fc.nat({ max: 1000 }),
  rule: fc.integer({ min: -1, max: 1000 }),
  rule2: fc.integer({ min: -3, max: 1000 }),
  seed: fc.nat({ max: 2 ** 31 - 1 }),
  sizeA: fc.integer({ min: 1, max: 6 }),
  sizeB: fc.integer({ min: 1, max: 6 }),
  conn: fc.nat({ max: 1000 }),
  preset: fc.nat({ max: 1000 }),
  schedule: fc.boolean(),
});
const mutation: fc.Arbitrary<Mutation> = fc.record({ pick: fc.nat({ max: 10_000 }), op: fc.nat({ max: 1000 }), val: fc.nat({ max: 1000 }) });

describe('fuzz: network specs', () => {
  it('every valid base spec (each neuron model, device, rule) builds and runs', () => {
    let n = 0;
    for (let a = 0; a < NEURONS.length; a++) {
      for (let d = 0; d < DEVICES.length; d++) {
        for (let r = -1; r < RULES.length; r++) {
          const spec = baseSpec({
            a,
            b: a + d,
            device: d,
            rule: r,
            rule2: r,
            seed: a * 100 + d * 10 + r + 1,
            sizeA: 1 + ((a + d) % 6),
            sizeB: 1 + ((d + r + 1) % 6),
            conn: a + d + r + 1,
            preset: a + d,
            schedule: (a + d) % 2 === 0,
          });
          expect(buildAndRun(spec), JSON.stringify(spec)).toBe('ran');
          n++;
        }
      }
    }
    expect(n).toBe(NEURONS.length * DEVICES.length * (RULES.length + 1));
  });

  const runs = fuzzRuns(8000);
  it(
    `mutated specs end in a SpecError naming a field or a finite run (${runs} cases)`,
    () => {
      const counts = { ran: 0, refused: 0 };
      fc.assert(
        fc.property(choice, fc.array(mutation, { minLength: 0, maxLength: 3 }), (c, muts) => {
          const spec = baseSpec(c) as unknown as Record<string, unknown>;
          for (const m of muts) mutate(spec, m);
          if (process.env.FUZZ_TRACE) writeFileSync(process.env.FUZZ_TRACE, JSON.stringify({ c, muts, spec }));
          counts[buildAndRun(spec)]++;
        }),
        { numRuns: runs, seed: fuzzSeed(20261202) },
      );
      console.log(`spec fuzz: ${runs} cases, ${counts.ran} ran, ${counts.refused} refused`);
      expect(counts.ran + counts.refused).toBe(runs);
    },
    fuzzTimeout(runs, 10),
  );
});
