/**
 * p-bits (docs/physics.md §3): device parameters and presets, the Gibbs sampler, the asynchronous
 * telegraph p-bit on the event kernel, and the calibration of the compact model against a
 * macrospin-LLG p-bit (issue 4 items 1 and 4).
 */
import { describe, expect, test } from 'vitest';
import { EnergyLedger, Network, Population, Rng, SpecError, Simulator, SpikeMonitor, ns, type KernelChoice, type NetworkSpec } from '@spinsnn/core';
import {
  IsingModel,
  characteriseDevice,
  GibbsSampler,
  PbitTelegraphGroup,
  axialMeanFirstPassage,
  axialPUp,
  brownTauN,
  dwellTimeIn,
  energyPerFlip,
  llgPbitDwell,
  llgPbitGain,
  llgPbitMacrospin,
  llgPbitSigmoid,
  meanDwellTime,
  pbitParams,
  pbitPresets,
} from '@spinsnn/backends';
import { BlockedQueue, IndexedMinHeap } from '@spinsnn/backends/internal';

/** Exact Boltzmann probabilities of all 2^n states of H = −Σ_{i<j} J s s − Σ h s at β. */
function boltzmann(n: number, edges: [number, number, number][], h: number[], beta: number): Float64Array {
  const p = new Float64Array(1 << n);
  let z = 0;
  for (let s = 0; s < 1 << n; s++) {
    const spin = (i: number) => ((s >> i) & 1 ? 1 : -1);
    let e = 0;
    for (const [i, j, w] of edges) e -= w * spin(i) * spin(j);
    for (let i = 0; i < n; i++) e -= h[i] * spin(i);
    p[s] = Math.exp(-beta * e);
    z += p[s];
  }
  return p.map((x) => x / z);
}

function stateIndex(m: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < m.length; i++) if (m[i] > 0) s |= 1 << i;
  return s;
}

/** Every state's empirical frequency within 5 binomial standard errors of the exact one. */
function expectDistribution(counts: Float64Array, samples: number, exact: Float64Array): void {
  for (let s = 0; s < exact.length; s++) {
    const p = exact[s];
    expect(Math.abs(counts[s] / samples - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / samples) + 1e-12);
  }
}

describe('p-bit device parameters', () => {
  test('presets reproduce the measured mean dwell times of docs/physics.md §10', () => {
    expect(meanDwellTime(pbitParams('soumah2024')) / ns).toBeCloseTo(2.7, 10);
    expect(meanDwellTime(pbitParams('schnitzspan2023')) / ns).toBeCloseTo(10, 10);
    expect(meanDwellTime(pbitParams('sidiElValli2025fast')) / ns).toBeCloseTo(29, 10);
    expect(meanDwellTime(pbitParams('sidiElValli2025slow')) / ns).toBeCloseTo(2300, 8);
    expect(pbitPresets.every((p) => p.source.length > 0)).toBe(true);
    // energy per flip is bias power × dwell: order fJ for ns dwells at 1 µW (docs/physics.md §3.6)
    expect(energyPerFlip(pbitParams('soumah2024'))).toBeCloseTo(2.7e-15, 20);
  });

  test('bad values are typed errors naming the parameter', () => {
    expect(() => pbitParams(undefined, { delta: -1 })).toThrow(SpecError);
    expect(() => pbitParams(undefined, { tau0: 0 })).toThrow(/tau0/);
    expect(() => pbitParams('nope')).toThrow(/soumah2024/);
  });
});

describe('Gibbs sampling on a sparse graph', () => {
  const edges: [number, number, number][] = [
    [0, 1, 0.8],
    [1, 2, -0.6],
    [2, 3, 0.5],
    [3, 0, -0.4],
    [0, 2, 0.3],
  ];
  const h = [0.2, -0.1, 0, 0.3];
  const g = IsingModel.fromEdges(
    4,
    edges.map((e) => e[0]),
    edges.map((e) => e[1]),
    edges.map((e) => e[2]),
    h,
  );

  /** A random permutation cut into chunks: any order is a valid schedule to compare kernels on (a colouring is not needed for that). */
  function chunkedOrder(n: number, rng: Rng, chunks: number): Int32Array[] {
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    const size = Math.ceil(n / chunks);
    return Array.from({ length: chunks }, (_, c) => perm.slice(c * size, (c + 1) * size));
  }

  test('sequential sweeps sample the Boltzmann distribution of a frustrated graph', () => {
    const beta = 0.9;
    const s = new GibbsSampler(g, beta, new Rng(3));
    s.sweepSequential(100);
    const counts = new Float64Array(16);
    const samples = 40000;
    for (let k = 0; k < samples; k++) {
      s.sweepSequential(3); // 3 sweeps between samples: autocorrelation of this 4-spin chain is < 1 sweep
      counts[stateIndex(s.m)]++;
    }
    expectDistribution(counts, samples, boltzmann(4, edges, h, beta));
  });

  test('tabulated sweeps make exactly the decisions of the exp-based reference update', () => {
    // a larger random graph with mixed couplings, fields and device spread in β
    const n = 400,
      rng = new Rng(12);
    const ei: number[] = [],
      ej: number[] = [],
      ew: number[] = [];
    for (let k = 0; k < 1200; k++) {
      const a = rng.int(n),
        b = rng.int(n);
      if (a !== b) {
        ei.push(a);
        ej.push(b);
        ew.push(2 * rng.uniform() - 1);
      }
    }
    const hh = Array.from({ length: n }, () => rng.normal());
    const big = IsingModel.fromEdges(n, ei, ej, ew, hh);
    const betas = Float64Array.from({ length: n }, () => 0.5 + 3 * rng.uniform());
    const fast = new GibbsSampler(big, betas, new Rng(13));
    const ref = new GibbsSampler(big, betas, new Rng(13));
    const classes = chunkedOrder(n, rng, 5);
    for (let s = 0; s < 20; s++) {
      fast.sweepSequential(1);
      for (let i = 0; i < n; i++) ref.update(i);
      fast.sweepChromatic(classes, 1);
      for (const cls of classes) for (const i of cls) ref.update(i);
    }
    expect(Array.from(fast.m)).toEqual(Array.from(ref.m));
    expect(fast.flips).toBe(ref.flips);
    expect(fast.flips).toBeGreaterThan(1000);
  });

  test('the WebAssembly kernel and the TypeScript reference make identical decisions (same seed → same states): sequential, chromatic and ordered sweeps', () => {
    const n = 3000,
      rng = new Rng(21);
    const ei: number[] = [],
      ej: number[] = [],
      ew: number[] = [];
    for (let k = 0; k < 9000; k++) {
      const a = rng.int(n),
        b = rng.int(n);
      if (a !== b) {
        ei.push(a);
        ej.push(b);
        ew.push(2 * rng.uniform() - 1);
      }
    }
    for (let i = 0; i + 1 < n; i++) {
      ei.push(i);
      ej.push(i + 1);
      ew.push(rng.uniform() - 0.5);
    } // chains of recent neighbours
    const hh = Array.from({ length: n }, () => 0.5 * rng.normal());
    const big = IsingModel.fromEdges(n, ei, ej, ew, hh);
    const betas = Float64Array.from({ length: n }, () => 0.2 + 2 * rng.uniform());
    const wasm = new GibbsSampler(big, betas, new Rng(22), { kernel: 'wasm' });
    const js = new GibbsSampler(big, betas, new Rng(22), { kernel: 'js' });
    expect([wasm.kernel, js.kernel]).toEqual(['wasm', 'js']);
    const classes = chunkedOrder(n, rng, 7);
    const partial = chunkedOrder(n, rng, 3)[1]; // a third of the p-bits, as when the others are clamped
    for (let s = 0; s < 40; s++) {
      wasm.sweepSequential(2);
      js.sweepSequential(2);
      wasm.sweepChromatic(classes, 1);
      js.sweepChromatic(classes, 1);
      wasm.sweepOrdered(partial, 1);
      js.sweepOrdered(partial, 1);
      // incremental coupling sums: the same energy changes, and a cluster flip in between
      expect(wasm.sweepIncremental(partial, 2)).toBe(js.sweepIncremental(partial, 2));
      expect(wasm.flip(s)).toBe(js.flip(s));
      if (s === 20) {
        wasm.setBeta(1.3);
        js.setBeta(1.3);
        wasm.bias[7] = js.bias[7] = 2;
      }
    }
    expect(Array.from(wasm.m)).toEqual(Array.from(js.m));
    expect(Array.from(wasm.couplingSums())).toEqual(Array.from(js.couplingSums()));
    expect(wasm.flips).toBe(js.flips);
    expect(wasm.updates).toBe(js.updates);
    expect(wasm.sumUpdates).toBe(js.sumUpdates);
    expect(wasm.flips).toBeGreaterThan(50_000);
    // the threshold sweeps of ideal p-bits need an integer model: the same graph with ±1 couplings
    const integer = IsingModel.fromEdges(
      n,
      ei,
      ej,
      ew.map((x) => (x < 0 ? -1 : 1)),
      hh.map((x) => Math.round(x)),
    );
    const wi = new GibbsSampler(integer, 1, new Rng(25), { kernel: 'wasm' }),
      ji = new GibbsSampler(integer, 1, new Rng(25), { kernel: 'js' });
    for (let s = 0; s < 40; s++) {
      const beta = 0.05 * s;
      expect(wi.sweepThreshold(partial, beta, 2)).toBe(ji.sweepThreshold(partial, beta, 2));
      expect(wi.sweepThreshold(classes[0], beta)).toBe(ji.sweepThreshold(classes[0], beta));
    }
    expect(Array.from(wi.m)).toEqual(Array.from(ji.m));
    expect([wi.flips, wi.updates, wi.sumUpdates]).toEqual([ji.flips, ji.updates, ji.sumUpdates]);
    expect(wi.flips).toBeGreaterThan(5_000);
    expect(() => wasm.sweepThreshold(partial, 1)).toThrow(SpecError); // float couplings have no threshold table
  });

  test('incremental sweeps on an integer model make the chain of summing sweeps, and track the energy exactly', () => {
    const n = 900,
      rng = new Rng(23);
    const ei: number[] = [],
      ej: number[] = [],
      ew: number[] = [];
    for (let k = 0; k < 2700; k++) {
      const a = rng.int(n),
        b = rng.int(n);
      if (a !== b) {
        ei.push(a);
        ej.push(b);
        ew.push(rng.uniform() < 0.5 ? -1 : 1);
      }
    }
    const model = IsingModel.fromEdges(
      n,
      ei,
      ej,
      ew,
      Array.from({ length: n }, () => rng.int(3) - 1),
    );
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const inc = new GibbsSampler(model, 0.8, new Rng(24)),
      sum = new GibbsSampler(model, 0.8, new Rng(24));
    let e = model.energy(inc.m);
    for (let s = 0; s < 30; s++) {
      e += inc.sweepIncremental(all);
      sum.sweepOrdered(all);
    }
    expect(Array.from(inc.m)).toEqual(Array.from(sum.m));
    expect(e).toBe(model.energy(inc.m));
    expect(inc.flips).toBeGreaterThan(1000);
  });

  test('chromatic sweeps with a proper colouring are exact too', () => {
    const classes = [Int32Array.of(0), Int32Array.of(1, 3), Int32Array.of(2)]; // 1 and 3 share no edge
    const beta = 0.7;
    const s = new GibbsSampler(g, beta, new Rng(4));
    s.sweepChromatic(classes, 100);
    const counts = new Float64Array(16);
    const samples = 40000;
    for (let k = 0; k < samples; k++) {
      s.sweepChromatic(classes, 3);
      counts[stateIndex(s.m)]++;
    }
    expectDistribution(counts, samples, boltzmann(4, edges, h, beta));
  });
});

/** A telegraph group on its own simulator (no network). */
function standalone(size: number, params: ReturnType<typeof pbitParams>, seed: number) {
  const sim = new Simulator(1 * ns);
  const group = new PbitTelegraphGroup(size, params);
  let upFlips = 0;
  const ledger = new EnergyLedger();
  group.attach({ sim, out: { fire: () => void upFlips++ }, ledger, component: 'pbits', rng: new Rng(seed) });
  return { sim, group, ledger, upFlips: () => upFlips };
}

describe('pending-flip queues', () => {
  test('the blocked queue returns exactly the minimum of a reference heap under any re-keying', () => {
    for (const n of [1, 15, 16, 17, 500]) {
      const rng = new Rng(21 + n);
      const q = new BlockedQueue(n),
        heap = new IndexedMinHeap(n);
      for (let i = 0; i < n; i++) q.key[i] = rng.exponential(1);
      q.build();
      heap.build(q.key.subarray(0, n));
      let t = 0,
        mismatches = 0,
        infinite = 0;
      for (let step = 0; step < 40_000; step++) {
        const i = heap.top();
        if (q.topKey() !== heap.topKey() || q.key[q.top()] !== heap.topKey()) mismatches++;
        t = heap.topKey();
        if (t === Infinity) t = step; // every key went to Infinity: carry on from a finite time
        // like a flip: the minimum moves ahead by an exponential wait, and a few others are rescaled
        // (by factors spanning e^±3); now and then a key jumps to Infinity or below the minimum
        const k = t + rng.exponential(1) * Math.exp(6 * rng.uniform() - 3);
        q.update(i, k);
        heap.update(i, k);
        for (let r = 0; r < 4; r++) {
          const j = rng.int(n);
          const kj = rng.uniform() < 0.02 ? (rng.uniform() < 0.5 ? Infinity : t * rng.uniform()) : t + (heap.key[j] - t) * Math.exp(2 * rng.uniform() - 1);
          if (kj === Infinity) infinite++;
          q.update(j, kj);
          heap.update(j, kj);
        }
      }
      expect(mismatches).toBe(0);
      expect(infinite).toBeGreaterThan(1000);
    }
  });
});

/**
 * A 400-p-bit frustrated lattice (20 × 20 torus, couplings ±0.8, device spread) driven through
 * `bias` by Poisson spikes, its up-flips recorded and fed back through a delayed projection;
 * returns everything a run produces, for comparing kernels and sinks.
 */
function drivenLattice(kernel: KernelChoice, feedbackDelay: number | null, couplingDelay = 0) {
  const side = 20,
    n = side * side;
  const spec: NetworkSpec = {
    seed: 31,
    dt: 1 * ns,
    populations: [
      { name: 'p', size: n, model: 'pbit/telegraph', params: { tau0: 1 * ns, delta: Math.log(2.7), beta: 0.8, betaSpread: 0.05, offsetSpread: 0.1 } },
    ],
    inputs: [{ name: 'drive', type: 'poisson', size: 50, rate: 2e8 }],
    projections: [
      { name: 'in', source: 'drive', target: 'p', receptor: 'bias', connectivity: { rule: 'fixed_probability', p: 0.05 }, weight: 0.05, delay: 0 },
      ...(feedbackDelay === null
        ? []
        : [
            {
              name: 'fb',
              source: 'p',
              target: 'p',
              receptor: 'bias',
              connectivity: { rule: 'fixed_probability' as const, p: 0.002 },
              weight: -0.01,
              delay: feedbackDelay,
            },
          ]),
    ],
    monitors: [{ type: 'spikes', population: 'p' }],
  };
  const net = new Network(spec, { kernel });
  const group = net.populations.get('p')!.group as PbitTelegraphGroup;
  const rng = new Rng(5);
  const ei: number[] = [],
    ej: number[] = [],
    ew: number[] = [];
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const a = y * side + x;
      ei.push(a, a);
      ej.push(y * side + ((x + 1) % side), ((y + 1) % side) * side + x);
      ew.push(rng.uniform() < 0.5 ? -0.8 : 0.8, rng.uniform() < 0.5 ? -0.8 : 0.8);
    }
  group.setCoupling(IsingModel.fromEdges(n, ei, ej, ew), { delay: couplingDelay });
  net.sim.run(300 * ns);
  group.setBeta(1.2); // anneal between runs
  group.setInput(3, 0.5);
  net.sim.run(300 * ns);
  const mon = net.spikes('p');
  return {
    group,
    spikes: { i: Array.from(mon.indices), t: Array.from(mon.times) },
    energy: net.ledger.rows().find((r) => r.op === 'flip')!.energyJ,
    events: net.sim.eventsProcessed,
  };
}

describe('asynchronous telegraph p-bits on the event kernel', () => {
  test('the WebAssembly flip kernel and the TypeScript reference flip the same p-bits at the same times', () => {
    for (const [delay, couplingDelay] of [
      [null, 0],
      [2 * ns, 0],
      [0, 0],
      [2 * ns, 0.5 * ns],
    ] as const) {
      const wasm = drivenLattice('wasm', delay, couplingDelay),
        js = drivenLattice('js', delay, couplingDelay);
      expect([wasm.group.kernelKind, js.group.kernelKind]).toEqual(['wasm', 'js']);
      expect(wasm.group.flips).toBe(js.group.flips);
      expect(wasm.spikes).toEqual(js.spikes); // indices and float64 times, bit for bit
      expect(Array.from(wasm.group.m)).toEqual(Array.from(js.group.m));
      expect(Array.from(wasm.group.tNext)).toEqual(Array.from(js.group.tNext));
      expect(wasm.energy).toBe(js.energy);
      expect(wasm.group.flips).toBeGreaterThan(10_000); // ~400 p-bits × 600 ns / (2.7 ns dwell × e^(β|u|) ≈ 5): a real run
    }
  });

  test('interleaved records and shared edge classes flip exactly as a plain CSR next-reaction loop (ideal devices, ±1 and mixed weights; both kernels)', () => {
    // 14 × 14 torus (±1) plus 60 random extra couplings: degrees vary; `weights` picks ±1 only
    // (two shared edge classes) or 20 distinct values (more than the shared table holds: one class per edge)
    for (const weights of ['pm1', 'many'] as const) {
      const side = 14,
        n = side * side;
      const rng = new Rng(41);
      const ei: number[] = [],
        ej: number[] = [],
        ew: number[] = [];
      const w = () => (weights === 'pm1' ? (rng.uniform() < 0.5 ? -1 : 1) : 0.1 * (1 + rng.int(20)) * (rng.uniform() < 0.5 ? -1 : 1));
      for (let y = 0; y < side; y++)
        for (let x = 0; x < side; x++) {
          const a = y * side + x;
          ei.push(a, a);
          ej.push(y * side + ((x + 1) % side), ((y + 1) % side) * side + x);
          ew.push(w(), w());
        }
      const seen = new Set(ei.map((a, k) => `${Math.min(a, ej[k])},${Math.max(a, ej[k])}`));
      while (ei.length < 2 * n + 60) {
        const a = rng.int(n),
          b = rng.int(n);
        const key = `${Math.min(a, b)},${Math.max(a, b)}`;
        if (a === b || seen.has(key)) continue;
        seen.add(key);
        ei.push(a);
        ej.push(b);
        ew.push(w());
      }
      const model = IsingModel.fromEdges(n, ei, ej, ew);
      const params = pbitParams('soumah2024', { beta: 0.7 });
      const tEnd = 200 * ns;
      const runs = (['wasm', 'js'] as const).map((kernel) => {
        const sim = new Simulator(1 * ns);
        const group = new PbitTelegraphGroup(n, params, kernel);
        group.setCoupling(model);
        const groupRng = new Rng(7);
        group.attach({ sim, out: { fire() {}, latency: () => Infinity }, ledger: new EnergyLedger(), component: 'p', rng: groupRng });
        const start = { m: group.m, rate: group.rateFactor, field: group.field, tNext: Float64Array.from(group.tNext), rng: groupRng.getState() };
        sim.run(tEnd);
        return { kernel: group.kernelKind, group, start };
      });
      expect(runs.map((r) => r.kernel)).toEqual(['wasm', 'js']);
      // the plain loop: separate arrays, one exp-based gain per edge, an indexed heap
      const { m, rate, field, tNext } = runs[1].start;
      const ref = new Rng(0);
      ref.setState(runs[1].start.rng);
      const nu0 = 1 / (params.tau0 * Math.exp(params.delta));
      const heap = new IndexedMinHeap(n);
      heap.build(tNext);
      let flips = 0;
      while (heap.topKey() < tEnd) {
        const i = heap.top(),
          t = heap.topKey();
        flips++;
        m[i] = -m[i];
        rate[i] = 1 / rate[i];
        heap.update(i, t - Math.log(ref.uniformPositive()) / (nu0 * rate[i]));
        for (let k = model.rowPtr[i]; k < model.rowPtr[i + 1]; k++) {
          const j = model.col[k];
          field[j] += 2 * model.val[k] * m[i];
          const up = Math.exp(2 * params.beta * model.val[k]);
          const same = m[j] * m[i] > 0;
          rate[j] *= same ? 1 / up : up;
          heap.update(j, t + (heap.key[j] - t) * (same ? up : 1 / up));
        }
      }
      expect(flips).toBeGreaterThan(3000); // ~196 p-bits × 200 ns / (2.7 ns × e^(β|u|)): a real run
      for (const r of runs) {
        expect(r.group.flips).toBe(flips);
        expect(Array.from(r.group.m)).toEqual(Array.from(m));
        expect(Array.from(r.group.field)).toEqual(Array.from(field));
        expect(Array.from(r.group.rateFactor)).toEqual(Array.from(rate));
        expect(Array.from(r.group.tNext)).toEqual(Array.from(heap.key));
      }
    }
  });

  test('batched flips are exact: a sink that must hear each up-flip at once gets the same flips as one that may hear them late', () => {
    // a monitor may hear spikes after the batch (latency ∞); an extra zero-latency listener forces
    // a batch to end at every up-flip and fire it at once — the one-event-per-flip schedule
    const run = (immediate: boolean) => {
      const sim = new Simulator(1 * ns);
      const group = new PbitTelegraphGroup(256, pbitParams('soumah2024', { beta: 1 }));
      const rng = new Rng(8);
      const ei: number[] = [],
        ej: number[] = [],
        ew: number[] = [];
      for (let k = 0; k < 1024; k++) {
        const a = rng.int(256),
          b = rng.int(256);
        if (a !== b) {
          ei.push(a);
          ej.push(b);
          ew.push(rng.uniform() - 0.5);
        }
      }
      group.setCoupling(IsingModel.fromEdges(256, ei, ej, ew));
      const pop = new Population('p', 256, 'neurons', 'pbit', group);
      const mon = new SpikeMonitor('p');
      pop.addListener(mon);
      let heard = 0;
      if (immediate)
        pop.addListener({
          onSpike: (_i, t) => {
            expect(t).toBe(sim.t);
            heard++;
          },
        });
      group.attach({ sim, out: pop, ledger: new EnergyLedger(), component: 'p', rng: new Rng(9) });
      // control events every 7 ns change inputs: flips must interleave exactly with them
      const ctl = sim.register({
        handleEvent: (t, k) => {
          group.setInput(k % 256, ((k * 37) % 11) / 10 - 0.5);
          if (t < 900 * ns) sim.scheduleControl(t + 7 * ns, ctl, k + 1);
        },
      });
      sim.scheduleControl(3 * ns, ctl, 0);
      sim.run(500 * ns);
      sim.run(500 * ns);
      return { i: Array.from(mon.indices), t: Array.from(mon.times), m: Array.from(group.m), heard };
    };
    const late = run(false),
      now = run(true);
    const g = new PbitTelegraphGroup(4, pbitParams('soumah2024'));
    expect(() => g.setInput(0, NaN)).toThrow(/finite/);
    expect(() => g.setInput(4, 1)).toThrow(/outside/);
    expect(() => g.setBeta(-1)).toThrow(/β/);
    expect(now.heard).toBe(now.i.length);
    expect(late.i).toEqual(now.i);
    expect(late.t).toEqual(now.t);
    expect(late.m).toEqual(now.m);
    expect(late.i.length).toBeGreaterThan(10_000);
  });

  test('a biased p-bit dwells τ0 e^(Δ ± βu) in each state and is up a fraction σ(2βu) of the time', () => {
    const p = pbitParams('soumah2024', { beta: 1.2 });
    const u = 0.4;
    const { sim, group } = standalone(1, p, 5);
    group.setInput(0, u);
    const dtS = 0.5 * ns,
      samples = 200_000;
    let up = 0,
      flips0 = group.flips;
    for (let k = 0; k < samples; k++) {
      sim.run(dtS);
      if (group.m[0] > 0) up++;
    }
    const total = samples * dtS;
    const tUp = dwellTimeIn(p, 1, u),
      tDown = dwellTimeIn(p, -1, u);
    const fracUp = tUp / (tUp + tDown);
    expect(fracUp).toBeCloseTo(1 / (1 + Math.exp(-2 * p.beta * u)), 12); // detailed balance of the rates
    // flips form an alternating renewal process: ~flips/2 independent up intervals; the
    // standard error of the up fraction is about √(fracUp(1−fracUp)·2/flips)·(CV factor ≤ √2)
    const flips = group.flips - flips0;
    const expectedFlips = (2 * total) / (tUp + tDown);
    expect(Math.abs(flips - expectedFlips)).toBeLessThan(5 * Math.sqrt(expectedFlips));
    expect(Math.abs(up / samples - fracUp)).toBeLessThan(5 * Math.sqrt((4 * fracUp * (1 - fracUp)) / flips));
  });

  test('coupled asynchronous p-bits (with device spread in offset) sample the Boltzmann distribution', () => {
    const edges: [number, number, number][] = [
      [0, 1, -0.7],
      [1, 2, -0.5],
      [0, 2, 0.4],
    ];
    const p = pbitParams('soumah2024', { beta: 1, offsetSpread: 0.3 });
    const { sim, group } = standalone(3, p, 6);
    group.setCoupling(
      IsingModel.fromEdges(
        3,
        edges.map((e) => e[0]),
        edges.map((e) => e[1]),
        edges.map((e) => e[2]),
      ),
    );
    const h = Array.from(group.offset); // device offsets act as fields
    sim.run(100 * ns);
    const counts = new Float64Array(8);
    const samples = 30000;
    for (let k = 0; k < samples; k++) {
      sim.run(10 * ns); // ≈ 4 dwell times between samples
      counts[stateIndex(group.m)]++;
    }
    expectDistribution(counts, samples, boltzmann(3, edges, h, p.beta));
  });

  test('a pbit population in a network spec fires on up-flips at half the flip rate, prices flips in the ledger, and is deterministic', () => {
    const run = () => {
      const spec: NetworkSpec = {
        seed: 9,
        dt: 1 * ns,
        populations: [{ name: 'p', size: 200, model: 'pbit/telegraph', params: { tau0: 1 * ns, delta: Math.log(2.7) } }],
      };
      const net = new Network(spec);
      net.sim.run(2000 * ns);
      return net;
    };
    const a = run();
    const pop = a.populations.get('p')!;
    // zero input: each p-bit flips as a Poisson process of rate 1/dwell, half the flips go up
    const expected = (200 * 2000) / 2.7 / 2;
    expect(Math.abs(pop.spikes - expected)).toBeLessThan(5 * Math.sqrt(expected));
    const row = a.ledger.rows().find((r) => r.op === 'flip')!;
    const perFlip = energyPerFlip(pbitParams(undefined, { tau0: 1 * ns, delta: Math.log(2.7) }));
    expect(row.count).toBeGreaterThan(pop.spikes);
    expect(Math.abs(row.energyJ / (row.count * perFlip) - 1)).toBeLessThan(1e-9); // summation round-off only
    const b = run();
    expect(b.populations.get('p')!.spikes).toBe(pop.spikes);
  });
});

describe('calibration against a macrospin-LLG p-bit', () => {
  const delta = 3;

  test('LLG P(up) under STT matches the exact stationary law; the compact sigmoid σ(2 g i) matches it within 0.02', () => {
    const currents = [-0.1, 0.05, 0.1];
    const pts = llgPbitSigmoid(delta, currents, { spins: 16, samples: 400, every: 200, seed: 2 });
    const g = llgPbitGain(delta);
    for (const pt of pts) {
      const exact = axialPUp(delta, pt.i);
      // sampling: spins are independent, se from their spread
      expect(Math.abs(pt.pUp - exact)).toBeLessThan(4 * pt.se);
      // model error of the two-state reduction at Δ = 3, |i| ≤ 0.1: ≤ 0.012 by quadrature (checked here)
      expect(Math.abs(1 / (1 + Math.exp(-2 * g * pt.i)) - exact)).toBeLessThan(0.02);
    }
  });

  test('LLG dwell time matches the exact first-passage time; the compact τ0 e^Δ (τ0 from Brown) is within 10 %', () => {
    const tau0 = 1 * ns;
    const d = llgPbitDwell(delta, { tau0, spins: 8, dwells: 40, seed: 3 });
    const m = llgPbitMacrospin(delta, { tau0 });
    const exact = axialMeanFirstPassage(delta, 0, brownTauN(delta, m.hk, m.alpha), 0.5, -0.5);
    expect(Math.abs(d.mean - exact)).toBeLessThan(4 * d.se);
    // Brown's asymptotic prefactor has O(1/Δ) corrections; at Δ = 3 with ±0.5 thresholds the
    // exact first-passage time exceeds τ0 e^Δ by 6 %
    expect(Math.abs(exact / (tau0 * Math.exp(delta)) - 1)).toBeLessThan(0.1);
  });
});

describe('registry: spinsnn device pbit/telegraph', () => {
  test('compact curves, and an --llg overlay whose macrospin sigmoid lies on the compact one', () => {
    const c = characteriseDevice('pbit/telegraph', { preset: 'soumah2024', params: { beta: 1 }, seed: 3, llg: true });
    const find = (prefix: string) => c.curves.find((cv) => cv.name.startsWith(prefix))!;
    for (const cv of c.curves) for (const [x, y] of cv.points) expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
    const sig = find('p-up-vs-input');
    expect(sig.points[30][0]).toBeCloseTo(0, 12);
    expect(sig.points[30][1]).toBeCloseTo(0.5, 12);
    const dwell = find('dwell-vs-barrier');
    expect(dwell.points[2][1] / dwell.points[0][1]).toBeCloseTo(Math.E, 10);
    // 16 spins × 400 correlated samples: SE ≲ 0.02; the two-state reduction at Δ = ln 2.7 adds
    // ≤ 0.002 (max |σ(2gi) − exact| over the plotted inputs, by quadrature): 0.06 is 3 SE + that
    const llg = find('p-up-vs-input (LLG');
    for (const [u, p] of llg.points) expect(Math.abs(p - 1 / (1 + Math.exp(-2 * u)))).toBeLessThan(0.06);
  });
});
