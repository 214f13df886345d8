import { describe, expect, it } from 'vitest';
import { EnergyLedger, Network, Rng, ms, mV, type NetworkSpec, getModel, resolveModelParams } from '@spinsnn/core';
import { SotMultilevelStore, heatedSwitchingProbability, standaloneContext, switchingOf, criticalCurrent50 } from '@spinsnn/backends';
import { JouleStdp, PFISTER_VISUAL_CORTEX, ScaledTraces, StdpRule, pairStdpParams, type StdpParams } from '@spinsnn/learning';

/**
 * One plastic synapse pre → post. The post neuron (event-driven LIF, no refractory period) is
 * made to spike exactly at `postTimes` by a strong second input; the plastic synapse starts at
 * w0 and cannot make it spike on its own (threshold 10 V).
 */
function pairNet(preTimes: number[], postTimes: number[], w0 = 0, device?: NetworkSpec['projections']) {
  const spec: NetworkSpec = {
    seed: 1,
    // threshold 10 V: only the 1 kV drive makes the neuron spike, never the plastic synapse
    populations: [{ name: 'post', size: 1, model: 'core/lif', params: { refractory: 0, vThreshold: 10 } }],
    inputs: [
      { name: 'pre', type: 'spike_times', size: 1, indices: preTimes.map(() => 0), times: preTimes },
      { name: 'drive', type: 'spike_times', size: 1, indices: postTimes.map(() => 0), times: postTimes },
    ],
    projections: device ?? [
      { source: 'pre', target: 'post', connectivity: { rule: 'all_to_all' }, weight: [w0] },
      { source: 'drive', target: 'post', connectivity: { rule: 'all_to_all' }, weight: 1000 },
    ],
  };
  const net = new Network(spec);
  return { net, proj: net.projections[0] };
}

function finalWeight(params: StdpParams, preTimes: number[], postTimes: number[], w0 = 0): number {
  const { net, proj } = pairNet(preTimes, postTimes, w0);
  proj.setPlasticity(new StdpRule(proj, params));
  net.run(Math.max(...preTimes, ...postTimes) + 10 * ms);
  return proj.store!.weights[0];
}

describe('pair STDP', () => {
  const p = pairStdpParams({ aPlus: 1e-4, aMinus: 1.05e-4, tauPlus: 16.8 * ms, tauMinus: 33.7 * ms });

  it('reproduces the exponential window dw(Δt) = A₊e^(−Δt/τ₊) (Δt > 0), −A₋e^(Δt/τ₋) (Δt < 0)', () => {
    for (const dtMs of [-80, -40, -20, -10, -5, -1, 1, 5, 10, 20, 40, 80]) {
      const dt = dtMs * ms;
      const tPre = 100 * ms,
        tPost = tPre + dt;
      const dw = finalWeight(p, [tPre], [tPost]);
      const want = dt > 0 ? p.a2Plus * Math.exp(-dt / p.tauPlus) : -p.a2Minus * Math.exp(dt / p.tauMinus);
      // one exp and a handful of products: agreement to a few ulps (1e-12 relative is generous)
      expect(Math.abs(dw - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want));
    }
  });

  it('all-to-all sums every earlier partner, nearest-spike only the latest', () => {
    const pre = [100 * ms, 110 * ms],
      post = [120 * ms];
    const e = (d: number) => Math.exp(-d / p.tauPlus);
    const all = finalWeight(p, pre, post);
    expect(all).toBeCloseTo(p.a2Plus * (e(20 * ms) + e(10 * ms)), 15);
    const nearest = finalWeight({ ...p, interaction: 'nearest' }, pre, post);
    expect(nearest).toBeCloseTo(p.a2Plus * e(10 * ms), 15);
  });

  it('multiplicative (soft-bound) updates scale with the distance to the bound', () => {
    const m: StdpParams = { ...p, weightDependence: 'multiplicative', wMin: 0, wMax: 1 };
    const w0 = 0.25;
    const up = finalWeight(m, [100 * ms], [110 * ms], w0);
    expect(up - w0).toBeCloseTo(p.a2Plus * (1 - w0) * Math.exp((-10 * ms) / p.tauPlus), 15);
    const down = finalWeight(m, [110 * ms], [100 * ms], w0);
    expect(down - w0).toBeCloseTo(-p.a2Minus * w0 * Math.exp((-10 * ms) / p.tauMinus), 15);
  });
});

describe('STDP with per-synapse delays', () => {
  it('times each synapse by its own arrival: dw = A₊e^(−(t_post − t_pre − d)/τ₊)', () => {
    const p = pairStdpParams({ aPlus: 1e-4, tauPlus: 20 * ms });
    const delays = [1 * ms, 4 * ms, 9 * ms];
    const spec: NetworkSpec = {
      seed: 1,
      populations: [{ name: 'post', size: 3, model: 'core/lif', params: { refractory: 0, vThreshold: 10 } }],
      inputs: [
        { name: 'pre', type: 'spike_times', size: 1, indices: [0], times: [100 * ms] },
        { name: 'drive', type: 'spike_times', size: 1, indices: [0], times: [120 * ms] },
      ],
      projections: [
        { source: 'pre', target: 'post', connectivity: { rule: 'all_to_all' }, weight: [0, 0, 0], delay: delays },
        { source: 'drive', target: 'post', connectivity: { rule: 'all_to_all' }, weight: 1000 },
      ],
    };
    const net = new Network(spec);
    const proj = net.projections[0];
    proj.setPlasticity(new StdpRule(proj, p));
    net.run(200 * ms);
    for (let s = 0; s < 3; s++) {
      const d = proj.delays![s];
      const want = p.a2Plus * Math.exp(-(120 * ms - 100 * ms - d) / p.tauPlus);
      expect(Math.abs(proj.store!.weights[s] - want)).toBeLessThanOrEqual(1e-12 * want);
    }
  });
});

describe('triplet STDP (Pfister & Gerstner 2006, visual cortex all-to-all)', () => {
  const P = PFISTER_VISUAL_CORTEX;

  /**
   * Independent reference: the rule written as sums over spike pairs and triplets (no traces).
   * pre at nT, post at nT + Δ (n = 0..N−1). At a post spike, r1 = Σ over earlier pre e^(−s/τ₊),
   * o2 = Σ over earlier post e^(−s/τy); at a pre spike o1 = Σ over earlier post e^(−s/τ₋),
   * r2 = Σ over earlier pre e^(−s/τx).
   */
  function pairingReference(rho: number, delta: number, n: number): number {
    const T = 1 / rho;
    const pre = Array.from({ length: n }, (_, k) => 0.2 + k * T);
    const post = pre.map((t) => t + delta);
    const sum = (times: number[], t: number, tau: number) => times.reduce((s, x) => (x < t ? s + Math.exp(-(t - x) / tau) : s), 0);
    let dw = 0;
    for (const t of post) dw += sum(pre, t, P.tauPlus) * (P.a2Plus + P.a3Plus * sum(post, t, P.tauY));
    for (const t of pre) dw -= sum(post, t, P.tauMinus) * (P.a2Minus + P.a3Minus * sum(pre, t, P.tauX));
    return dw;
  }

  function pairing(rho: number, delta: number, n: number, params: StdpParams): number {
    const T = 1 / rho;
    const pre = Array.from({ length: n }, (_, k) => 0.2 + k * T);
    return finalWeight(
      params,
      pre,
      pre.map((t) => t + delta),
    );
  }

  it('matches the pair/triplet sums for 60 pairings at 0.1–50 Hz, Δt = ±10 ms', () => {
    for (const rho of [0.1, 1, 10, 20, 40, 50]) {
      for (const delta of [10 * ms, -10 * ms]) {
        const want = pairingReference(rho, delta, 60);
        // trace recursion vs direct sums: rounding only (≈ 60² terms × 1e-16)
        expect(Math.abs(pairing(rho, delta, 60, P) - want)).toBeLessThanOrEqual(1e-11 * Math.max(1e-3, Math.abs(want)));
      }
    }
  });

  it('has the frequency dependence pair STDP lacks: post-before-pre depresses at 1 Hz but potentiates at 50 Hz', () => {
    expect(pairing(1, -10 * ms, 60, P)).toBeLessThan(0);
    expect(pairing(50, -10 * ms, 60, P)).toBeGreaterThan(0);
    // the pair rule (A3± = 0, same pair amplitudes) depresses at both rates
    const pair = { ...P, a3Plus: 0, a3Minus: 0, a2Plus: 6.2e-3 };
    expect(pairing(1, -10 * ms, 60, pair)).toBeLessThan(0);
    expect(pairing(50, -10 * ms, 60, pair)).toBeLessThan(0);
    // and pre-before-post potentiation grows with the pairing frequency
    const ltp = [1, 10, 20, 40].map((r) => pairing(r, 10 * ms, 60, P));
    for (let k = 1; k < ltp.length; k++) expect(ltp[k]).toBeGreaterThan(ltp[k - 1]);
  });
});

describe('lazy traces', () => {
  it('ScaledTraces equal a step-by-step decayed trace, across many reference rebases', () => {
    const tau = 1 * ms,
      dt = 1e-5;
    const tr = new ScaledTraces(2, tau);
    const rng = new Rng(3);
    const stepped = [0, 0];
    const decay = Math.exp(-dt / tau);
    // 4 s = 4000 τ: the reference time is moved ≈ 19 times (every 300·ln2·τ ≈ 208 ms)
    for (let k = 1; k <= 400_000; k++) {
      stepped[0] *= decay;
      stepped[1] *= decay;
      const t = k * dt;
      for (let j = 0; j < 2; j++) {
        if (rng.uniform() < 0.002) {
          // the stepped reference rounds once per multiply: a trace read ≤ 1000 steps after its
          // last spike carries ≤ 1000 × 1.1e-16 relative error; 1e-12 covers it
          expect(Math.abs(tr.value(j, t) - stepped[j])).toBeLessThanOrEqual(1e-12 * stepped[j] + 1e-300);
          if (j === 0) tr.add(0, t, 1);
          else tr.set(1, t, 1);
          stepped[j] = j === 0 ? stepped[j] + 1 : 1;
        }
      }
    }
    expect(tr.tRef).toBeGreaterThan(3.5);
  });
});

describe('device-aware STDP', () => {
  it('multi-level pulse writes: stochastic rounding makes the mean change equal the request', () => {
    const model = getModel('sot/multilevel');
    const params = resolveModelParams(model, undefined, { states: 11, nlPotentiation: 0, nlDepression: 0, c2c: 0, readNoise: 0 });
    const n = 20_000;
    const store = new SotMultilevelStore(
      standaloneContext({ size: n, rng: new Rng(1), ledger: new EnergyLedger(), initialWeights: new Float64Array(n).fill(0.5) }),
      params,
    );
    const spec: NetworkSpec = {
      seed: 2,
      populations: [{ name: 'post', size: n, model: 'core/lif', params: { refractory: 0 } }],
      inputs: [{ name: 'pre', type: 'spike_times', size: 1, indices: [0], times: [0.01] }],
      projections: [
        {
          source: 'pre',
          target: 'post',
          connectivity: { rule: 'all_to_all' },
          weight: 0.5,
          synapse: { device: 'sot/multilevel', params: { states: 11, nlPotentiation: 0, nlDepression: 0, c2c: 0, readNoise: 0 }, wMin: 0, wMax: 1 },
        },
      ],
    };
    const net = new Network(spec);
    const proj = net.projections[0];
    const rule = new StdpRule(proj, pairStdpParams(), { kind: 'pulses', levels: 11, wMin: 0, wMax: 1, rng: new Rng(9) });
    proj.setPlasticity(rule);
    const request = 0.03; // 0.3 of one level (0.1)
    for (let s = 0; s < n; s++) rule.requestChange(s, request, 0);
    const W = proj.store!.weights;
    let mean = 0,
      moved = 0;
    for (let s = 0; s < n; s++) {
      mean += (W[s] - 0.5) / n;
      if (W[s] !== 0.5) moved++;
    }
    // each synapse moves one level (0.1) with p = 0.3: mean 0.03, sd of the mean 0.1·√(0.21/n) ≈ 3.2e-4; 5σ
    expect(Math.abs(mean - request)).toBeLessThan(5 * 0.1 * Math.sqrt(0.21 / n));
    expect(Math.abs(moved / n - 0.3)).toBeLessThan(5 * Math.sqrt(0.21 / n));
    // deterministic rounding by the device itself would have discarded every request
    for (let s = 0; s < 100; s++) expect(store.requestChange(s, request, 0)).toBe(0);
  });

  it('Joule-heating STDP: a post pulse Δt after a pre pulse switches with the heated-device probability', () => {
    const model = getModel('sot/binary');
    const params = resolveModelParams(model, 'li2023-joule', { readNoise: 0 });
    const sw = switchingOf(params);
    const I = 0.95 * criticalCurrent50(sw, params.writeWidth);
    const n = 4000;
    const timeScale = 1e-6; // 1 ms of network time = 1 ns of device time
    const measured: number[] = [];
    // device gaps 10, 30, 70 ns after the 10 ns pre pulse (thermal time 20 ns)
    for (const dtMs of [20, 40, 80]) {
      // pre at 10 ms, post at 10 ms + Δt; devices start antiparallel (w = 0) so the pre (depressing)
      // pulse only heats and the post (potentiating) pulse may switch
      const tPre = 10 * ms,
        tPost = tPre + dtMs * ms;
      const spec: NetworkSpec = {
        seed: 4,
        populations: [{ name: 'post', size: n, model: 'core/lif', params: { refractory: 0 } }],
        inputs: [
          { name: 'pre', type: 'spike_times', size: 1, indices: [0], times: [tPre] },
          { name: 'drive', type: 'spike_times', size: 1, indices: [0], times: [tPost] },
        ],
        projections: [
          {
            source: 'pre',
            target: 'post',
            connectivity: { rule: 'all_to_all' },
            weight: 0,
            synapse: { device: 'sot/binary', preset: 'li2023-joule', params: { readNoise: 0 }, wMin: 0, wMax: 1 },
          },
          { source: 'drive', target: 'post', connectivity: { rule: 'all_to_all' }, weight: 1 * mV * 100 },
        ],
      };
      const net = new Network(spec);
      const proj = net.projections[0];
      const rule = new JouleStdp(proj, { amplitude: I, width: params.writeWidth, timeScale });
      proj.setPlasticity(rule);
      net.run(tPost + 1 * ms);
      const switched = proj.store!.weights.reduce((s, w) => s + w, 0) / n;
      const heat = { end: 0 };
      heatedSwitchingProbability(sw, params, I, params.writeWidth, 0, heat);
      const gap = (tPost - tPre) * timeScale - params.writeWidth;
      const want = heatedSwitchingProbability(sw, params, I, params.writeWidth, heat.end * Math.exp(-gap / params.thermalTime));
      // binomial: 5σ of a proportion from n devices
      expect(Math.abs(switched - want)).toBeLessThan(5 * Math.sqrt((want * (1 - want)) / n) + 1e-9);
      expect(rule.pulses).toBe(2 * n);
      measured.push(switched);
    }
    // the STDP window: the closer the post pulse follows the pre pulse, the likelier potentiation
    expect(measured[0]).toBeGreaterThan(measured[1]);
    expect(measured[1]).toBeGreaterThan(measured[2]);
  });
});

describe('learning/stdp in the registry', () => {
  it('characterises its window in closed form: A₊e^(−Δt/τ₊) after, −A₋e^(Δt/τ₋) before', async () => {
    const { characteriseDevice } = await import('@spinsnn/backends');
    const c = characteriseDevice('learning/stdp', { preset: 'song2000-pair' });
    const pts = c.curves[0].points;
    expect(pts.length).toBe(100);
    for (const [dt, dw] of pts) expect(dw).toBeCloseTo(dt > 0 ? 0.01 * Math.exp(-dt / 0.02) : -0.0105 * Math.exp(dt / 0.02), 15);
  });
});

describe('STDP on a levelled device with its defaults', () => {
  const spec = (stochasticRounding: number) => ({
    seed: 3,
    populations: [{ name: 'post', size: 20, model: 'core/lif', params: { refractory: 0.001 } }],
    inputs: [{ name: 'pre', type: 'poisson' as const, size: 50, rate: 80 }],
    projections: [
      {
        source: 'pre',
        target: 'post',
        connectivity: { rule: 'all_to_all' as const },
        weight: { uniform: [0.001, 0.004] as [number, number] },
        delay: 0.001,
        synapse: { device: 'sot/multilevel', wMin: 0, wMax: 0.005 },
        plasticity: { rule: 'learning/stdp', params: { a2Plus: 1e-5, a2Minus: 1.05e-5, stochasticRounding } },
      },
    ],
  });

  it('learns (stochastic rounding is on by default) — and says once when every change is swallowed', async () => {
    const { Network, setNoticeSink } = await import('@spinsnn/core');
    const notes: string[] = [];
    setNoticeSink((m) => notes.push(m));
    const on = new Network(spec(1));
    const w0 = on.projections[0].store!.weights.slice();
    on.run(1);
    expect(on.projections[0].store!.weights.some((w, k) => w !== w0[k])).toBe(true);
    expect(notes).toEqual([]);
    const off = new Network(spec(0)); // each Δw (≤ 1e-5) is far below half a level (2.5e-4): rounds to 0 pulses
    const w1 = off.projections[0].store!.weights.slice();
    off.run(1);
    expect(Array.from(off.projections[0].store!.weights)).toEqual(Array.from(w1));
    expect(off.rule<import('@spinsnn/learning').StdpRule>('pre->post').requests).toBeGreaterThan(1000);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/first 1000 weight changes STDP requested changed no weight on sot\/multilevel.*stochasticRounding: 1/);
  });
});
