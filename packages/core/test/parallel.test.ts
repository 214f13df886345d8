import { afterAll, describe, expect, it } from 'vitest';
import { Network, SpecError, brette2007Spec, microcircuitSpec, type NetworkSpec } from '@spinsnn/core';
import { ParallelNetwork, planSpec } from '@spinsnn/core/node';
import { buildPartition, deliverStep } from '../src/parallel/partition.js';

// The engine's workers run the compiled worker (dist/parallel/worker.js): `npm test` builds first.
// Networks are small (≤ 2,000 neurons, ≤ 0.2 s) so starting threads dominates; the whole file
// takes a few seconds.

const opened: ParallelNetwork[] = [];
afterAll(async () => {
  await Promise.all(opened.map((n) => n.close()));
});

async function runParallel(spec: NetworkSpec, threads: number, duration: number | number[]) {
  const net = await ParallelNetwork.create(spec, { threads, collectState: true, spin: 2000 });
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
    const plan = planSpec(spec);
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
    for (const threads of [1, 2, 3]) {
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
