/**
 * core/iaf_psc_exp against closed forms (docs/microcircuit.md §2): the membrane response to a
 * current step, to a single exponential PSC, the PSP-to-PSC conversion of the microcircuit, the
 * NEST refractory count, and the range stepper's independence from how neurons are split.
 */
import { describe, expect, it } from 'vitest';
import {
  IafPscExpGroup,
  Network,
  iafPscExpCoeffs,
  pscOverPsp,
  resolveModelParams,
  getModel,
  stepIafPscExpRange,
  type IafPscExpState,
  type NetworkSpec,
} from '@spinsnn/core';

const ms = 1e-3,
  mV = 1e-3,
  pA = 1e-12,
  pF = 1e-12;
const DT = 0.1 * ms;
const P = { C_m: 250 * pF, tau_m: 10 * ms, tau_syn_ex: 0.5 * ms, tau_syn_in: 0.5 * ms, t_ref: 2 * ms, E_L: -65 * mV, V_reset: -65 * mV, V_th: -50 * mV };

function oneNeuron(params: Record<string, number>, extra: Partial<NetworkSpec> = {}, dt = DT): Network {
  return new Network({ dt, seed: 1, populations: [{ name: 'n', size: 1, model: 'core/iaf_psc_exp', params: { ...P, ...params } }], ...extra });
}
const V = (net: Network): number => net.population('n').group!.state('V_m')[0];

describe('core/iaf_psc_exp', () => {
  it('follows V(t) = E_L + I_e·τm/C·(1 − e^(−t/τm)) under a current step, at every grid time', () => {
    const Ie = 300 * pA; // asymptote 12 mV above E_L: below threshold
    const net = oneNeuron({ I_e: Ie });
    for (let k = 1; k <= 300; k++) {
      net.run(DT);
      const t = k * DT;
      const exact = P.E_L + ((Ie * P.tau_m) / P.C_m) * -Math.expm1(-t / P.tau_m);
      // exact integration: only rounding separates it from the closed form
      expect(Math.abs(V(net) - exact)).toBeLessThan(1e-12);
    }
  });

  it('follows the closed-form PSP of one exponential PSC, which peaks at the PSP pscOverPsp was asked for', () => {
    const psp = 0.15 * mV;
    const w = psp * pscOverPsp(P.C_m, P.tau_m, P.tau_syn_ex);
    const dt = 0.01 * ms; // fine grid: the sampled peak is within (dt/τ)² of the true one
    const t0 = 1 * ms;
    const net = oneNeuron(
      {},
      {
        inputs: [{ name: 's', type: 'spike_times', size: 1, indices: [0], times: [t0] }],
        projections: [{ source: 's', target: 'n', receptor: 'ex', connectivity: { rule: 'one_to_one' }, weight: w }],
      },
      dt,
    );
    const { tau_m: tm, tau_syn_ex: ts, C_m: C } = P;
    let peak = 0;
    for (let k = 1; k <= 1000; k++) {
      net.run(dt);
      const t = k * dt;
      // an input arriving at t0 is added after the tick at t0, so the PSC acts from the step that
      // starts at ta = t0 + dt (a spike emitted in step k, stamped k·dt, so reaches V in step
      // k + D + 1, as in NEST, whose stamp is (k + 1)·dt: docs/microcircuit.md §2)
      const ta = t0 + dt;
      const exact = t <= ta ? 0 : (w / C) * ((tm * ts) / (tm - ts)) * (Math.exp(-(t - ta) / tm) - Math.exp(-(t - ta) / ts));
      expect(Math.abs(V(net) - P.E_L - exact)).toBeLessThan(1e-15);
      peak = Math.max(peak, V(net) - P.E_L);
    }
    expect(Math.abs(peak - psp) / psp).toBeLessThan(1e-3);
    // NEST's PD14 weight: 87.8 pA for 0.15 mV (the example's documented value)
    expect(w / pA).toBeCloseTo(87.81, 2);
  });

  it('fires with NEST’s interspike interval: round(t_ref/dt) clamped steps plus ceil(t_f/dt) integrating steps', () => {
    const Ie = 500 * pA; // asymptote 20 mV above E_L, threshold at 15 mV
    const net = new Network({
      dt: DT,
      seed: 1,
      populations: [{ name: 'n', size: 1, model: 'core/iaf_psc_exp', params: { ...P, I_e: Ie } }],
      monitors: [{ type: 'spikes', population: 'n' }],
    });
    net.run(0.1);
    const times = Array.from(net.spikes('n').times);
    expect(times.length).toBeGreaterThan(5);
    // time to reach V_th from V_reset = E_L under I_e: t_f = −τm·ln(1 − (V_th − E_L)·C/(I_e·τm))
    const tf = -P.tau_m * Math.log(1 - ((P.V_th - P.E_L) * P.C_m) / (Ie * P.tau_m));
    const isiSteps = Math.round(P.t_ref / DT) + Math.ceil(tf / DT - 1e-9);
    for (let s = 2; s < times.length; s++) expect(Math.round((times[s] - times[s - 1]) / DT)).toBe(isiSteps);
  });

  it('steps any split of the neurons into ranges to the same bits (the partition contract)', () => {
    const model = getModel('core/iaf_psc_exp', 'neuron');
    const params = resolveModelParams(model, 'pd14', { bg_rate: 8 * 2000, bg_weight: 87.8 * pA, I_e: 50 * pA }, 'test');
    const n = 257;
    const make = (): IafPscExpState => {
      const s = { V_m: new Float64Array(n), I_syn_ex: new Float64Array(n), I_syn_in: new Float64Array(n), r_ref: new Int32Array(n) };
      for (let i = 0; i < n; i++) {
        s.V_m[i] = params.E_L + ((i * 37) % 15) * mV;
        s.I_syn_in[i] = -((i * 11) % 7) * 20 * pA;
      }
      return s;
    };
    const c = iafPscExpCoeffs(params, DT, 0xdecafbad);
    const whole = make(),
      split = make();
    const out = new Int32Array(n);
    const spikesWhole: number[] = [],
      spikesSplit: number[] = [];
    const cuts = [0, 1, 64, 200, n];
    for (let k = 0; k < 500; k++) {
      const m = stepIafPscExpRange(whole, c, 0, n, k, out);
      spikesWhole.push(...out.subarray(0, m));
      // the partitions in reverse order: the order neurons are stepped in must not matter either
      const part: number[] = [];
      for (let p = cuts.length - 2; p >= 0; p--) {
        const q = stepIafPscExpRange(split, c, cuts[p], cuts[p + 1], k, out);
        part.unshift(...out.subarray(0, q));
      }
      spikesSplit.push(...part);
    }
    expect(spikesWhole.length).toBeGreaterThan(50);
    expect(spikesSplit).toEqual(spikesWhole);
    expect(split.V_m).toEqual(whole.V_m);
    expect(split.I_syn_ex).toEqual(whole.I_syn_ex);
    expect(split.r_ref).toEqual(whole.r_ref);
  });

  it('drives I_syn_ex with shot noise of the background’s mean r·w·τs and variance r·w²·τs/2', () => {
    const r = 8 * 2000,
      w = 87.8 * pA;
    const n = 400;
    const net = new Network({
      dt: DT,
      seed: 5,
      // threshold out of reach: only the current is observed
      populations: [{ name: 'n', size: n, model: 'core/iaf_psc_exp', params: { ...P, V_th: 1, bg_rate: r, bg_weight: w } }],
    });
    net.run(5 * ms); // ten τs: stationary
    const I = net.population('n').group!.state('I_syn_ex');
    let sum = 0,
      sq = 0,
      m = 0;
    for (let k = 0; k < 40; k++) {
      net.run(2 * ms); // samples 4 τs apart: nearly independent in time
      for (let i = 0; i < n; i++) {
        sum += I[i];
        sq += I[i] * I[i];
        m++;
      }
    }
    const mean = sum / m;
    const variance = sq / m - mean * mean;
    // on the grid: a count N_k ~ Poisson(r·dt) enters every step and decays by P11 = e^(−dt/τs)
    const P11 = Math.exp(-DT / P.tau_syn_ex);
    const expMean = (r * DT * w) / (1 - P11);
    const expVar = (r * DT * w * w) / (1 - P11 * P11);
    // 16,000 nearly independent samples (4 τs apart, correlation e^(−4)): the mean is known to
    // sd/√m and the variance to √((2 + κ)/m) relative, κ = 1/(r·τs) the excess kurtosis of shot
    // noise (1/8 here); 5 σ bounds
    expect(Math.abs(mean - expMean)).toBeLessThan((5 * Math.sqrt(expVar)) / Math.sqrt(m));
    expect(Math.abs(variance / expVar - 1)).toBeLessThan(5 * Math.sqrt((2 + 1 / (r * P.tau_syn_ex)) / m));
  });

  it('is the group class calling the range stepper (state names, receptors, snapshot of r_ref)', () => {
    const g = new IafPscExpGroup(3, DT, resolveModelParams(getModel('core/iaf_psc_exp', 'neuron'), 'pd14', {}, 'test'));
    expect(g.stateNames).toEqual(['V_m', 'I_syn_ex', 'I_syn_in']);
    expect(g.inputBuffer(0)).toBe(g.I_syn_ex);
    expect(g.inputBuffer(1)).toBe(g.I_syn_in);
    expect(Object.keys(g.snapshot().vars as object)).toContain('#r_ref');
  });
});
