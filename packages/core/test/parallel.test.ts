import { afterAll, describe, expect, it } from 'vitest';
import { Network, SpecError, brette2007Spec, microcircuitSpec, type NetworkSpec } from '@spinsnn/core';
import { ParallelNetwork, planSpec, type ParallelPrecision } from '@spinsnn/core/node';
import { expFast } from '../src/expfast.js';
import { buildPartition, deliverStep, integrateStep } from '../src/parallel/partition.js';

// The engine's workers run the compiled worker (dist/parallel/worker.js): `npm test` builds first.
// Networks are small (≤ 2,000 neurons, ≤ 0.2 s) so starting threads dominates; the whole file
// takes a few seconds.

const opened: ParallelNetwork[] = [];
afterAll(async () => {
  await Promise.all(opened.map((n) => n.close()));
});

async function runParallel(spec: NetworkSpec, threads: number, duration: number | number[], precision: ParallelPrecision = 'float64') {
  const net = await ParallelNetwork.create(spec, { threads, collectState: true, spin: 2000, precision });
  opened.push(net);
  for (const d of Array.isArray(duration) ? duration : [duration]) net.run(d);
  const pops = spec.populations.map((p) => p.name);
  const out = {
    spikes: pops.map((p) => {
      const m = net.spikes(p);
      return { i: Array.from(m.indices.subarray(0, m.count)), t: Array.from(m.times.subarray(0, m.count)) };
    }),
    state: pops.map((p) => ['v', 'ge', 'gi', 'lastSpikeStep'].map((v) => Array.from(net.state(p, v as 'v')))),
    events: net.synapticEvents(),
    synapses: net.synapseCount(),
  };
  await net.close();
  return out;
}

function runKernel(spec: NetworkSpec, duration: number) {
  const net = new Network(spec);
  net.run(duration);
  const pops = spec.populations.map((p) => p.name);
  return {
    spikes: pops.map((p) => {
      const m = net.spikes(p);
      return { i: Array.from(m.indices.subarray(0, m.count)), t: Array.from(m.times.subarray(0, m.count)) };
    }),
    v: pops.map((p) => Array.from(net.population(p).group!.state(net.population(p).group!.stateNames[0]))),
    events: net.ledger
      .rows()
      .filter((r) => r.op === 'synapticEvent')
      .reduce((s, r) => s + r.count, 0),
  };
}

/** CUBA with per-synapse delays (uniform 0.1–2 ms, off the grid) and per-synapse normal weights. */
function delayedSpec(): NetworkSpec {
  const s = brette2007Spec('cuba', { neurons: 1500, seed: 11, recordSpikes: true });
  for (const p of s.projections) {
    p.delay = { uniform: [1e-4, 2e-3] };
    const w = p.weight as number;
    p.weight = { normal: { mean: w, sd: Math.abs(w) * 0.2 } };
  }
  return s;
}

describe('parallel engine: thread-count independence, bit for bit', () => {
  for (const kind of ['cuba', 'coba'] as const) {
    it(`${kind}: threads 1, 2 and 3 give the same spikes and state, and threads 1 is the event kernel's run`, async () => {
      const spec = brette2007Spec(kind, { neurons: 2000, seed: 3, recordSpikes: true });
      const one = await runParallel(spec, 1, 0.2);
      expect(one.spikes[0].i.length).toBeGreaterThan(500); // the network is active
      for (const threads of [2, 3]) expect(await runParallel(spec, threads, 0.2)).toEqual(one);
      // same connectivity (same builder and streams), same float operations in the same order
      const ref = runKernel(spec, 0.2);
      expect(one.spikes).toEqual(ref.spikes);
      expect(one.state.map((s) => s[0])).toEqual(ref.v);
      expect(one.events).toBe(ref.events);
    });
  }

  it('per-synapse delays and weights: threads 1, 2, 3 agree bit for bit; run(0.1) twice ≡ run(0.2)', async () => {
    const spec = delayedSpec();
    expect(planSpec(spec).interval).toBe(1); // the shortest delay is one step
    const one = await runParallel(spec, 1, 0.2);
    expect(one.spikes[0].i.length).toBeGreaterThan(200);
    for (const threads of [2, 3]) expect(await runParallel(spec, threads, 0.2)).toEqual(one);
    expect(await runParallel(spec, 2, [0.1, 0.1])).toEqual(one);
    // here the event kernel's spikes are reproduced too (off-grid delays land on the next step,
    // as its events fall between ticks); ring sums round like its sequential adds on this network
    expect(one.spikes).toEqual(runKernel(spec, 0.2).spikes);
  });

  it('a uniform delay of 1 ms is exchanged once per 10 steps (min-delay scheme), same bits as per step', async () => {
    const spec = brette2007Spec('cuba', { neurons: 1500, seed: 4, recordSpikes: true });
    for (const p of spec.projections) p.delay = 1e-3;
    expect(planSpec(spec).interval).toBe(10);
    const one = await runParallel(spec, 1, 0.15);
    expect(await runParallel(spec, 3, 0.15)).toEqual(one);
    // a zero-delay projection anywhere forces per-step exchange; with weight 0 it changes no
    // state, so the spikes and state must be those of the 10-step interval
    const perStep = structuredClone(spec);
    perStep.projections!.push({ source: 'exc', target: 'exc', receptor: 'exc', connectivity: { rule: 'fixed_probability', p: 0.02 }, weight: 0, delay: 0 });
    expect(planSpec(perStep).interval).toBe(1);
    const fine = await runParallel(perStep, 2, 0.15);
    expect(fine.spikes).toEqual(one.spikes);
    expect(fine.state).toEqual(one.state);
  });
});

describe('parallel engine: the PD14 microcircuit (core/iaf_psc_exp, fixed_total_number, per-synapse delays, Poisson background)', () => {
  const pd14 = () => {
    const spec = microcircuitSpec({ scale: 0.02, kScale: 0.1, background: 'poisson', seed: 3 });
    spec.monitors = spec.populations.map((p) => ({ type: 'spikes' as const, population: p.name }));
    return spec;
  };
  it('threads 1, 2 and 3 agree bit for bit (the counter-RNG background does not see the partition)', async () => {
    const spec = pd14();
    const one = await runParallel(spec, 1, 0.05);
    expect(one.spikes.reduce((s, x) => s + x.i.length, 0)).toBeGreaterThan(100);
    for (const threads of [2, 3]) expect(await runParallel(spec, threads, 0.05)).toEqual(one);
  });
  it('with arrival times exact in binary (dt = 2^-13 s, delays on its grid) threads 2 is the event kernel spike for spike', async () => {
    // at dt = 0.1 ms the event kernel's arrival time k·dt + d can round a hair below the tick it
    // means and land one step early; with dyadic times both sides see the same step
    const spec = pd14();
    spec.dt = 2 ** -13;
    for (const p of spec.projections!) p.delay = 8 * 2 ** -13;
    expect(planSpec(spec).interval).toBe(8);
    const got = await runParallel(spec, 2, 0.05);
    expect(got.spikes).toEqual(runKernel(spec, 0.05).spikes);
  });
});

describe('parallel engine: target blocks of large segments', () => {
  // 140,000 neurons: a thread's exc segment exceeds 65,536 targets. With 10 synapses per neuron
  // it is cut into Uint16 blocks (cheaper than Int32 indices); with 1 it keeps one Int32 block
  for (const k of [10, 1]) {
    it(`${k} synapse(s) per neuron: threads 1 and 2 reproduce the event kernel's spikes and v`, async () => {
      const spec = brette2007Spec('cuba', { neurons: 140_000, seed: 2, recordSpikes: true, p: k / 140_000 });
      const layout = buildPartition(planSpec(spec), 0, 140_000).parts.filter((x) => x.proj.target.name === 'exc');
      // exc→exc and inh→exc onto 112,000 exc targets: two Uint16 blocks each, or one Int32 block
      expect(layout.map((x) => x.post.constructor.name)).toEqual(k === 10 ? Array(4).fill('Uint16Array') : Array(2).fill('Int32Array'));
      const ref = runKernel(spec, 0.01);
      expect(ref.spikes[0].i.length).toBeGreaterThan(1000);
      for (const threads of [1, 2]) {
        const got = await runParallel(spec, threads, 0.01);
        expect(got.spikes).toEqual(ref.spikes);
        expect(got.state.map((s) => s[0])).toEqual(ref.v);
        expect(got.events).toBe(ref.events);
      }
    });
  }
});

describe('parallel engine: delivery property across partitions', () => {
  it('every spike reaches each of its synapses once, at step k + delay, whatever the partition', () => {
    // explicit synapses with weights 2^r (r = rank among the target's synapses): a ring cell's sum
    // is exact and names exactly which synapses landed there
    const nPre = 30,
      nPost = 37;
    const pre: number[] = [],
      post: number[] = [],
      w: number[] = [],
      d: number[] = [];
    const rank = new Array(nPost).fill(0);
    let x = 12345;
    const rnd = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < nPre; i++)
      for (let j = 0; j < nPost; j++)
        if (rnd() < 0.3) {
          pre.push(i);
          post.push(j);
          w.push(2 ** rank[j]++);
          d.push((1 + Math.floor(rnd() * 12)) * 1e-4);
        }
    const spec: NetworkSpec = {
      dt: 1e-4,
      seed: 1,
      populations: [
        { name: 'src', size: nPre, model: 'core/lif_cuba' },
        { name: 'dst', size: nPost, model: 'core/lif_cuba' },
      ],
      projections: [{ source: 'src', target: 'dst', receptor: 'exc', connectivity: { rule: 'explicit', pre, post }, weight: w, delay: d }],
    };
    // delays ≤ 12 steps: a ring of 16 rows; 4 steps of spikes fill rows ≤ 15 without wrapping
    const steps = 4;
    const fired: number[][] = [];
    for (let k = 0; k < steps; k++) fired.push(Array.from({ length: nPre }, (_, i) => i).filter(() => rnd() < 0.4));
    // expected ring cell (slot, j) from the synapse list itself
    const expected = new Map<string, number>();
    for (let k = 0; k < steps; k++)
      for (const i of fired[k])
        for (let s = 0; s < pre.length; s++)
          if (pre[s] === i) {
            const key = `${k + Math.round(d[s] / 1e-4)}:${post[s]}`;
            expected.set(key, (expected.get(key) ?? 0) + w[s]);
          }
    expect(planSpec(spec).maxDelaySteps).toBe(12);
    // at float32 too: each target has at most 24 synapses (checked), so a cell's sum of distinct
    // powers of two below 2^24 is exact in float32's 24-bit significand
    expect(Math.max(...rank)).toBeLessThanOrEqual(24);
    for (const [threads, precision] of [1, 2, 3].flatMap((t) => (['float64', 'float32'] as const).map((p) => [t, p] as const))) {
      const plan = planSpec(spec, false, precision);
      const got = new Map<string, number>();
      for (let r = 0; r < threads; r++) {
        const lo = Math.floor((plan.neurons * r) / threads),
          hi = Math.floor((plan.neurons * (r + 1)) / threads);
        const part = buildPartition(plan, lo, hi);
        for (let k = 0; k < steps; k++) {
          part.staging.set(fired[k]); // source population first: global index = local index
          deliverStep(part, k, 0, fired[k].length);
        }
        for (const seg of part.segments) {
          if (!seg.ringE) continue;
          for (let slot = 0; slot < part.ringSlots; slot++)
            for (let j = 0; j < seg.size; j++) {
              const val = seg.ringE[slot * seg.size + j];
              if (val !== 0) got.set(`${slot}:${seg.start + j}`, val);
            }
        }
      }
      expect(part_sorted(got)).toEqual(part_sorted(expected));
    }
  });
});

function part_sorted(m: Map<string, number>): [string, number][] {
  return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

describe('parallel engine: what it refuses', () => {
  it('new Network refuses threads > 1 and points to ParallelNetwork', () => {
    expect(() => new Network(brette2007Spec('cuba', { neurons: 100, seed: 1 }), { threads: 2 })).toThrow(/ParallelNetwork\.create/);
  });
  it('refuses delays over 65,535 steps (they are stored as Uint16 steps)', () => {
    const s = brette2007Spec('cuba', { neurons: 100, seed: 1 });
    s.projections![0].delay = 10;
    expect(() => planSpec(s)).toThrow(/delays up to 65535 steps/);
  });

  const base = () => brette2007Spec('cuba', { neurons: 100, seed: 1 });
  const cases: [string, (s: NetworkSpec) => void, RegExp][] = [
    ['a Poisson input', (s) => (s.inputs = [{ name: 'bg', type: 'poisson', size: 10, rate: 5 }]), /inputs.*threads: 1/],
    [
      'an event-driven model',
      (s) => {
        s.populations[0] = { name: 'exc', size: 80, model: 'core/lif' };
        s.projections = [];
      },
      /populations\[0\]\.model.*core\/lif_cuba.*threads: 1/,
    ],
    ['a synapse device', (s) => (s.projections![0].synapse = { device: 'core/float' }), /projections\[0\]\.synapse.*threads: 1/],
    ['a state monitor', (s) => (s.monitors = [{ type: 'state', population: 'exc', variable: 'v', indices: [0] }]), /monitors\[0\]\.type.*threads: 1/],
  ];
  for (const [what, edit, msg] of cases) {
    it(`refuses ${what} with a SpecError saying to use threads: 1`, async () => {
      const s = base();
      edit(s);
      await expect(ParallelNetwork.create(s, { threads: 2 })).rejects.toThrow(SpecError);
      await expect(ParallelNetwork.create(s, { threads: 2 })).rejects.toThrow(msg);
    });
  }
});

describe("parallel engine: precision 'float32'", () => {
  for (const kind of ['cuba', 'coba'] as const) {
    it(`${kind}: threads 1, 2 and 3 give the same float32 spikes and state`, async () => {
      const spec = brette2007Spec(kind, { neurons: 2000, seed: 3, recordSpikes: true });
      const one = await runParallel(spec, 1, 0.2, 'float32');
      expect(one.spikes[0].i.length).toBeGreaterThan(500);
      for (const threads of [2, 3]) expect(await runParallel(spec, threads, 0.2, 'float32')).toEqual(one);
      // the gathered state is float32 values (as numbers)
      for (const x of one.state[0][0]) expect(Math.fround(x)).toBe(x);
    });
  }

  it('per-synapse delays and weights (float32 rings and weights): threads 1, 2, 3 agree; 4 bytes less per weighted synapse', async () => {
    const spec = delayedSpec();
    const one = await runParallel(spec, 1, 0.2, 'float32');
    expect(one.spikes[0].i.length).toBeGreaterThan(200);
    for (const threads of [2, 3]) expect(await runParallel(spec, threads, 0.2, 'float32')).toEqual(one);
    const [s64, s32] = (['float64', 'float32'] as const).map((p) => buildPartition(planSpec(spec, false, p), 0, 1500).stats);
    expect(s32.synapses).toBe(one.synapses);
    expect(s64.synapseBytes - s32.synapseBytes).toBe(4 * s32.synapses);
    // state (3 arrays) and both rings (R = 32 rows: delays ≤ 20 steps) at 4 bytes instead of 8
    expect(s64.arenaBytes - s32.arenaBytes).toBeGreaterThanOrEqual(1500 * (3 + 2 * 32) * 4);
  });

  /**
   * The f32x4 kernels against a TypeScript reference that rounds with Math.fround after every
   * operation the kernel does in float32 (an f32 add/multiply/divide is the f64 one rounded once,
   * as 53 ≥ 2·24 + 2 bits), driving the same partition's connectivity step by step.
   */
  for (const kind of ['cuba', 'coba'] as const) {
    it(`${kind}: the float32 kernels equal a Math.fround reference bit for bit over 400 steps`, () => {
      const f = Math.fround;
      const spec = brette2007Spec(kind, { neurons: 1003, seed: 5 }); // segments not multiples of 8: tails too
      const part = buildPartition(planSpec(spec, false, 'float32'), 0, 1003);
      const ref = part.segments.map((seg) => {
        const b = new Float64Array(part.arena.memory.buffer, seg.paramsP, 10);
        return { v: Float32Array.from(seg.v), ge: Float32Array.from(seg.ge), gi: Float32Array.from(seg.gi), last: Int32Array.from(seg.lastSpikeStep), b };
      });
      let spikes = 0,
        firstMismatch = -1;
      const mine: number[] = [];
      for (let k = 0; k < 400 && firstMismatch < 0; k++) {
        // reference step (parameter blocks: lif-cuba.ts / lif-coba.ts kernelScalars)
        mine.length = 0;
        part.segments.forEach((seg, si) => {
          const { v, ge, gi, last, b } = ref[si];
          const ref_ = b[9];
          for (let i = 0; i < seg.size; i++) {
            const ge0 = ge[i],
              gi0 = gi[i];
            if (kind === 'cuba') {
              ge[i] = f(ge0 * f(b[5]));
              gi[i] = f(gi0 * f(b[6]));
            } else {
              ge[i] = f(ge0 * f(b[6]));
              gi[i] = f(gi0 * f(b[7]));
            }
            if (k - last[i] < ref_) continue;
            let vi: number, vT: number, vR: number;
            if (kind === 'cuba') {
              const El = f(b[1]);
              [vT, vR] = [f(b[2]), f(b[3])];
              vi = f(f(f(El + f(f(v[i] - El) * f(b[4]))) + f(ge0 * f(b[7]))) + f(gi0 * f(b[8])));
            } else {
              const [El, Ee, Ei] = [f(b[1]), f(b[2]), f(b[3])];
              [vT, vR] = [f(b[4]), f(b[5])];
              const gTot = f(f(1 + ge0) + gi0);
              const vInf = f(f(f(f(Ee * ge0) + f(Ei * gi0)) + El) / gTot);
              vi = f(vInf + f(f(v[i] - vInf) * f(expFast(f(-f(b[8]) * gTot)))));
            }
            if (vi > vT) {
              v[i] = vR;
              last[i] = k;
              mine.push(seg.spikeBase + i);
            } else v[i] = vi;
          }
        });
        // the same spikes reach the same synapses, in the kernels' order
        for (const pp of part.parts) {
          const src = pp.proj.source;
          const buf = pp.proj.receptor === 0 ? ref[part.segments.indexOf(pp.segment)].ge : ref[part.segments.indexOf(pp.segment)].gi;
          const w = f(pp.scalarWeight);
          for (const g of mine) {
            if (g < src.base || g >= src.base + src.size) continue;
            const i = g - src.base;
            for (let s = pp.rowPtr[i]; s < pp.rowPtr[i + 1]; s++) buf[pp.blockStart + pp.post[s]] = f(buf[pp.blockStart + pp.post[s]] + w);
          }
        }
        // the kernels
        const n = integrateStep(part, k, part.staging, 0);
        deliverStep(part, k, 0, n);
        spikes += n;
        const same =
          n === mine.length &&
          mine.every((g, q) => part.staging[q] === g) &&
          part.segments.every((seg, si) =>
            (['v', 'ge', 'gi'] as const).every((x) => Buffer.from(new Float32Array(seg[x]).buffer).equals(Buffer.from(ref[si][x].buffer))),
          );
        if (!same) firstMismatch = k;
      }
      expect(firstMismatch).toBe(-1);
      expect(spikes).toBeGreaterThan(100); // reset and refractory paths ran
    });
  }

  it('CUBA float32 vs float64, same seed: the first spikes coincide, v stays within float32 rounding until they part, and rates agree within their sampling spread', async () => {
    const spec = brette2007Spec('cuba', { neurons: 4000, seed: 1, recordSpikes: true });
    const T = 1,
      B = 10;
    const runs = await Promise.all((['float64', 'float32'] as const).map((p) => runParallel(spec, 1, T, p)));
    // first step at which the two runs' spikes differ, over both populations
    let kDiv = Infinity;
    for (let p = 0; p < 2; p++) {
      const [a, b] = runs.map((r) => r.spikes[p]);
      let q = 0;
      while (q < a.i.length && q < b.i.length && a.i[q] === b.i[q] && a.t[q] === b.t[q]) q++;
      const at = [a, b].filter((x) => q < x.t.length).map((x) => Math.round(x.t[q] / 1e-4));
      kDiv = Math.min(kDiv, ...at);
    }
    expect(kDiv).toBeLessThan(T / 1e-4); // this network is chaotic: they do diverge…
    expect(kDiv).toBeGreaterThan(10); // …but not before rounding-level differences reach a threshold
    // until then v differs by rounding only: per step ≤ 4 roundings of |x| < 0.125 V (½ ulp =
    // 2^-28 V) into v, contracted by the leak (factor dm = e^(−dt/τm)), at most (4·2^-28)/(1 − dm);
    // doubled for the (far smaller) ge/gi rounding that feeds in through the propagator gains
    const upTo = await Promise.all((['float64', 'float32'] as const).map((p) => runParallel(spec, 1, (kDiv - 1) * 1e-4, p)));
    const dm = Math.exp(-1e-4 / 20e-3);
    for (let p = 0; p < 2; p++) {
      const v64 = upTo[0].state[p][0],
        v32 = upTo[1].state[p][0];
      let maxDiff = 0;
      for (let i = 0; i < v64.length; i++) maxDiff = Math.max(maxDiff, Math.abs(v64[i] - v32[i]));
      expect(maxDiff).toBeGreaterThan(0);
      expect(maxDiff).toBeLessThan((2 * 4 * 2 ** -28) / (1 - dm));
    }
    // rates: per population, the difference of the two counts against z = 4 of its sd, each
    // count's variance from batch means over B windows (spike counts are over-dispersed:
    // the network's fluctuations are shared by all neurons, so √count would be too small)
    for (let p = 0; p < 2; p++) {
      const stats = runs.map((r) => {
        const c = new Float64Array(B);
        for (const t of r.spikes[p].t) c[Math.min(B - 1, Math.floor((t / T) * B))]++;
        const m = c.reduce((s, x) => s + x, 0) / B;
        const varC = c.reduce((s, x) => s + (x - m) ** 2, 0) / (B - 1);
        return { total: m * B, varTotal: B * varC };
      });
      const sd = Math.sqrt(stats[0].varTotal + stats[1].varTotal);
      expect(stats[0].total).toBeGreaterThan(1000);
      expect(Math.abs(stats[0].total - stats[1].total)).toBeLessThan(4 * sd);
    }
  });

  it('refuses an unknown precision and core/iaf_psc_exp at float32 (SpecError), and planSpec says which', async () => {
    const s = brette2007Spec('cuba', { neurons: 100, seed: 1 });
    await expect(ParallelNetwork.create(s, { threads: 1, precision: 'float16' as ParallelPrecision })).rejects.toThrow(
      /precision: expected one of float64, float32/,
    );
    const mc = microcircuitSpec({ scale: 0.005, kScale: 0.05, background: 'dc', seed: 1 });
    expect(() => planSpec(mc, false, 'float32')).toThrow(SpecError);
    await expect(ParallelNetwork.create(mc, { threads: 2, precision: 'float32' })).rejects.toThrow(/iaf_psc_exp runs in float64 only/);
    expect(planSpec(mc).precision).toBe('float64');
  });
});
