import { describe, expect, it } from 'vitest';
import { EnergyLedger, Rng, Simulator, ns } from '@spinsnn/core';
import { IsingModel, PbitTelegraphGroup, meanDwellTime, pbitParams } from '@spinsnn/backends';
import { PbitMachine, codeFromSpins, dsatur, exactBoltzmann, isProperColouring, totalVariation, type UpdateOrder } from '@spinsnn/learning';

/**
 * Statistical method shared by these tests: a chain is cut into B batches; each batch gives a
 * state histogram. The standard error of a state's overall frequency is the batch-means error
 * (std of batch frequencies / √B), floored at the independent-sample error √(p(1−p)/N) so that a
 * rarely visited state cannot give a zero error. A sampler passes when every state's frequency is
 * within 5 standard errors of exp(−βE)/Z: with 2^n ≤ 256 states and t-distributed errors (B − 1 =
 * 39 degrees of freedom) a correct sampler fails with probability < 1 % (Bonferroni over states);
 * seeds are fixed, so the outcome is deterministic.
 */
function maxZ(batches: Float64Array[], exact: Float64Array, samplesPerBatch: number): number {
  const B = batches.length;
  let worst = 0;
  for (let c = 0; c < exact.length; c++) {
    let mean = 0;
    for (const b of batches) mean += b[c] / B;
    let v = 0;
    for (const b of batches) v += (b[c] - mean) ** 2 / (B - 1);
    const se = Math.max(Math.sqrt(v / B), Math.sqrt((exact[c] * (1 - exact[c])) / (B * samplesPerBatch)));
    if (exact[c] === 0) {
      if (mean !== 0) return Infinity; // a forbidden state was visited
      continue;
    }
    worst = Math.max(worst, Math.abs(mean - exact[c]) / se);
  }
  return worst;
}

/** A frustrated 8-spin model: ring with mixed-sign couplings, two chords and biases (3 colours). */
function frustrated8(): IsingModel {
  const from = [0, 1, 2, 3, 4, 5, 6, 7, 0, 2];
  const to = [1, 2, 3, 4, 5, 6, 7, 0, 4, 6];
  const J = [0.8, -0.6, 0.5, 0.9, -0.7, 0.4, 0.6, -0.5, 0.7, -0.8];
  const h = [0.3, -0.2, 0.1, 0, 0.25, -0.35, 0.15, 0.05];
  return IsingModel.fromEdges(8, from, to, J, h);
}

function gibbsBatches(machine: PbitMachine, beta: number, order: UpdateOrder, B: number, perBatch: number, burn = 200): Float64Array[] {
  for (let s = 0; s < burn; s++) machine.sweep(beta, order);
  const out: Float64Array[] = [];
  for (let b = 0; b < B; b++) {
    const hist = new Float64Array(1 << machine.model.n);
    for (let s = 0; s < perBatch; s++) {
      machine.sweep(beta, order);
      hist[codeFromSpins(machine.spins)] += 1 / perBatch;
    }
    out.push(hist);
  }
  return out;
}

describe('p-bit Gibbs sampling matches exact Boltzmann weights (n ≤ 16)', () => {
  const model = frustrated8();
  const beta = 1.2;
  const exact = exactBoltzmann(model, beta);
  const B = 40,
    per = 5000;

  it('sequential schedule', () => {
    const z = maxZ(gibbsBatches(new PbitMachine(model, new Rng(11)), beta, 'sequential', B, per), exact, per);
    expect(z).toBeLessThan(5);
  });

  it('graph-coloured (chromatic) schedule with a proper DSATUR colouring', () => {
    const col = dsatur(model);
    expect(isProperColouring(model, col.colourOf)).toBe(true);
    expect(col.colours).toBeGreaterThanOrEqual(3); // the ring has odd frustrated cycles with chords: not bipartite
    const z = maxZ(gibbsBatches(new PbitMachine(model, new Rng(12), { colouring: col }), beta, 'coloured', B, per), exact, per);
    expect(z).toBeLessThan(5);
  });

  it('integer couplings match too (16 spins, 2D torus ±1)', () => {
    // 4×4 periodic lattice with ±1 couplings: 65 536 states.
    const from: number[] = [],
      to: number[] = [],
      J: number[] = [];
    const r = new Rng(5);
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++) {
        const i = y * 4 + x;
        from.push(i, i);
        to.push(y * 4 + ((x + 1) % 4), ((y + 1) % 4) * 4 + x);
        J.push(r.uniform() < 0.5 ? -1 : 1, r.uniform() < 0.5 ? -1 : 1);
      }
    const lattice = IsingModel.fromEdges(16, from, to, J);
    expect(lattice.integral).toBe(true);
    const b = 0.4;
    const ex = exactBoltzmann(lattice, b);
    // With 65 536 states, compare the energy distribution (the sufficient statistic) instead.
    const levels = new Map<number, number>();
    const m = new Int8Array(16);
    for (let c = 0; c < ex.length; c++) {
      for (let i = 0; i < 16; i++) m[i] = (c >>> i) & 1 ? 1 : -1;
      const e = lattice.energy(m);
      levels.set(e, (levels.get(e) ?? 0) + ex[c]);
    }
    const keys = [...levels.keys()].sort((a, c) => a - c);
    const exactLevels = Float64Array.from(keys, (k) => levels.get(k)!);
    const machine = new PbitMachine(lattice, new Rng(13), { colouring: dsatur(lattice) });
    for (let s = 0; s < 200; s++) machine.sweep(b, 'coloured');
    const batches: Float64Array[] = [];
    for (let k = 0; k < B; k++) {
      const hist = new Float64Array(keys.length);
      for (let s = 0; s < 2000; s++) {
        machine.sweep(b, 'coloured');
        hist[keys.indexOf(machine.energy)] += 1 / 2000;
      }
      batches.push(hist);
    }
    expect(maxZ(batches, exactLevels, 2000)).toBeLessThan(5);
  });

  it('clamped p-bits: the free ones sample the exact conditional distribution', () => {
    const machine = new PbitMachine(model, new Rng(14));
    machine.clamp([0, 3, 5], [1, -1, 1]);
    // exact conditional: Boltzmann weights restricted to states with the clamped values
    const cond = exact.map((p, c) => (((c >>> 0) & 1) === 1 && ((c >>> 3) & 1) === 0 && ((c >>> 5) & 1) === 1 ? p : 0));
    const zc = cond.reduce((s, p) => s + p, 0);
    const target = cond.map((p) => p / zc);
    const z = maxZ(gibbsBatches(machine, beta, 'sequential', B, 2000), target, 2000);
    expect(z).toBeLessThan(5);
  });

  it('device offsets act as extra biases: samples follow exp(−β(E − Σ o_i m_i))', () => {
    const device = pbitParams(undefined, { offsetSpread: 0.3 });
    const machine = new PbitMachine(model, new Rng(15), { device });
    const off = machine.variation.offset;
    const shifted = IsingModel.fromEdges(
      8,
      [0, 1, 2, 3, 4, 5, 6, 7, 0, 2],
      [1, 2, 3, 4, 5, 6, 7, 0, 4, 6],
      [0.8, -0.6, 0.5, 0.9, -0.7, 0.4, 0.6, -0.5, 0.7, -0.8],
      [0.3, -0.2, 0.1, 0, 0.25, -0.35, 0.15, 0.05].map((h, i) => h + off[i]),
    );
    const z = maxZ(gibbsBatches(machine, beta, 'sequential', B, per), exactBoltzmann(shifted, beta), per);
    expect(z).toBeLessThan(5);
    // ...and differ measurably from the ideal chip's distribution (variation is switched on)
    expect(totalVariation(exactBoltzmann(shifted, beta), exact)).toBeGreaterThan(0.05);
  });

  it('naive synchronous updates are wrong: an antiferromagnetic pair oscillates', () => {
    // J = −2, β = 1: exact P(anti-aligned) = e²/(e² + e⁻²) = 0.982. Synchronous updates move
    // aligned → aligned with probability ≈ 0.96 (both flip), so aligned states keep ~50 % weight.
    const pair = IsingModel.fromEdges(2, [0], [1], [-2]);
    const m = new PbitMachine(pair, new Rng(16));
    let anti = 0;
    const S = 20000;
    for (let s = 0; s < S; s++) {
      m.sweep(1, 'synchronous');
      if (m.spins[0] !== m.spins[1]) anti++;
    }
    const exactAnti = Math.exp(2) / (Math.exp(2) + Math.exp(-2));
    expect(exactAnti - anti / S).toBeGreaterThan(0.3);
  });

  it('threshold sweeps (ideal p-bits, integer couplings) reproduce a plain reference loop bit for bit', () => {
    // Reference: the p-bit rule with the threshold table and Rng.nextUint32() called per draw — the
    // chain the former JS PbitMachine made, now run by the backend's GibbsSampler.sweepThreshold.
    const rng0 = new Rng(31);
    const from: number[] = [],
      to: number[] = [],
      J: number[] = [];
    for (let i = 0; i < 40; i++)
      for (let j = i + 1; j < 40; j++)
        if (rng0.uniform() < 0.15) {
          from.push(i);
          to.push(j);
          J.push(rng0.uniform() < 0.5 ? -1 : 1);
        }
    const model = IsingModel.fromEdges(40, from, to, J);
    for (const clamp of [false, true]) {
      const fast = new PbitMachine(model, new Rng(32));
      const ref = Int8Array.from(fast.spins);
      if (clamp) fast.clamp([3], [ref[3]]);
      const refRng = new Rng(32);
      for (let i = 0; i < 40; i++) refRng.uniform32(); // the machine's random initial state used 40 draws
      const f = model.localFields(ref);
      for (let s = 0; s < 50; s++) {
        const beta = 0.1 + 0.05 * s;
        fast.sweep(beta);
        for (let i = 0; i < 40; i++) {
          if (clamp && i === 3) continue;
          const t = Math.round(4294967296 / (1 + Math.exp(2 * beta * ref[i] * f[i])));
          if (t === 0 || refRng.nextUint32() >= t) continue;
          ref[i] = -ref[i];
          for (let e = model.rowPtr[i]; e < model.rowPtr[i + 1]; e++) f[model.col[e]] += 2 * ref[i] * model.val[e];
        }
      }
      expect(Array.from(fast.spins)).toEqual(Array.from(ref));
      expect(fast.energy).toBe(model.energy(ref));
    }
  });

  it('is deterministic given the seed', () => {
    const a = new PbitMachine(model, new Rng(99)),
      b = new PbitMachine(model, new Rng(99));
    for (let s = 0; s < 100; s++) {
      a.sweep(0.7);
      b.sweep(0.7);
    }
    expect(Array.from(a.spins)).toEqual(Array.from(b.spins));
    expect(a.flips).toBe(b.flips);
  });
});

describe('continuous-time asynchronous p-bits on the event kernel', () => {
  const model = frustrated8();
  const beta = 1.2;
  const exact = exactBoltzmann(model, beta);
  const device = pbitParams('soumah2024');
  const tau = meanDwellTime(device);

  /** The backend's telegraph group on `m`, couplings delivered after `delay`, tallying its state occupancy. */
  function telegraph(m: IsingModel, b: number, delay: number, seed: number): { sim: Simulator; group: PbitTelegraphGroup } {
    const sim = new Simulator(1 * ns);
    const group = new PbitTelegraphGroup(m.n, { ...device, beta: b });
    group.setCoupling(m, { delay });
    group.attach({ sim, out: { fire() {}, latency: () => Infinity }, ledger: new EnergyLedger(), component: 'pbits', rng: new Rng(seed) });
    group.trackStates();
    return { sim, group };
  }

  /** Time-weighted occupancy per batch of `batchTau` dwell times. */
  function asyncBatches(delay: number, seed: number, B: number, batchTau: number): Float64Array[] {
    const { sim, group: net } = telegraph(model, beta, delay, seed);
    sim.run(50 * tau); // burn-in
    const out: Float64Array[] = [];
    let prev = Float64Array.from(net.stateDistribution().map((p) => p * sim.t));
    for (let b = 0; b < B; b++) {
      sim.run(batchTau * tau);
      const cum = net.stateDistribution().map((p) => p * sim.t);
      const total = batchTau * tau;
      out.push(cum.map((x, c) => (x - prev[c]) / total));
      prev = cum;
    }
    return out;
  }

  it('with synapses much faster than the p-bits (delay 0) samples exp(−βE) exactly', () => {
    // Samples per batch for the error floor: ~8 p-bits × 1 flip/τ × batchTau ≈ independent draws / 4.
    const z = maxZ(asyncBatches(0, 21, 40, 2000), exact, 2000);
    expect(z).toBeLessThan(5);
  });

  it('valid regime: τ_syn = 0.01 τ passes the same test; τ_syn = 2 τ breaks correctness', () => {
    expect(maxZ(asyncBatches(0.01 * tau, 22, 40, 2000), exact, 2000)).toBeLessThan(5);
    // A stale-input error is systematic: far outside the sampling error, and a large TV distance.
    const slow = asyncBatches(2 * tau, 23, 40, 2000);
    expect(maxZ(slow, exact, 2000)).toBeGreaterThan(20);
    const mean = slow.reduce((s, b) => s.map((x, c) => x + b[c] / slow.length), new Float64Array(exact.length));
    expect(totalVariation(mean, exact)).toBeGreaterThan(0.2);
  });

  it('an antiferromagnetic pair with delayed synapses loses its anti-alignment', () => {
    const pair = IsingModel.fromEdges(2, [0], [1], [-2]);
    const exactAnti = Math.exp(2) / (Math.exp(2) + Math.exp(-2));
    const run = (delay: number): number => {
      const { sim, group: net } = telegraph(pair, 1, delay, 24);
      sim.run(20000 * tau);
      const p = net.stateDistribution();
      return p[1] + p[2]; // codes 01 and 10: anti-aligned
    };
    // 20 000 τ of a 2-state chain gives ~10⁴ effectively independent visits: σ ≈ 0.0015 around 0.982.
    expect(Math.abs(run(0) - exactAnti)).toBeLessThan(0.01);
    expect(exactAnti - run(5 * tau)).toBeGreaterThan(0.1);
  });
});
