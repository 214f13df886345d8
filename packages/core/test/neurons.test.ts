import { describe, expect, it } from 'vitest';
import { Network, mV, ms, propagatorGain, type NetworkSpec } from '@spinsnn/core';

// Closed-form membrane responses of the reference models, checked through the whole kernel
// (inputs, projections, delivery, state monitors), not by calling the update directly.

const quiet = { vThreshold: 1, vReset: -70 * mV, refractory: 0 }; // threshold out of reach: pure subthreshold dynamics

describe('LIF (delta synapses)', () => {
  it('decays exponentially to rest, exactly, event-driven and clock-driven', () => {
    for (const integration of ['event', 'clock'] as const) {
      const spec: NetworkSpec = {
        seed: 1,
        populations: [{ name: 'n', size: 1, model: 'core/lif', integration, params: { tauM: 10 * ms, vRest: -70 * mV, ...quiet }, init: { v: -50 * mV } }],
        monitors: [{ type: 'state', population: 'n', variable: 'v', indices: [0], interval: 1 * ms }],
      };
      const net = new Network(spec).run(50 * ms);
      const mon = net.stateMonitors.get('state:n')!;
      expect(mon.t.length).toBe(50);
      mon.t.forEach((t, k) => {
        const exact = -70 * mV + 20 * mV * Math.exp(-t / (10 * ms));
        expect(mon.values[0][k]).toBeCloseTo(exact, 14);
      });
    }
  });

  it('a spike of weight w makes v jump by w at exactly t + delay', () => {
    const w = 3 * mV,
      delay = 1.7 * ms,
      tSpike = 2.3 * ms;
    const spec: NetworkSpec = {
      seed: 1,
      populations: [{ name: 'n', size: 1, model: 'core/lif', params: { tauM: 10 * ms, vRest: -70 * mV, ...quiet } }],
      inputs: [{ name: 'in', type: 'spike_times', size: 1, indices: [0], times: [tSpike] }],
      projections: [{ source: 'in', target: 'n', connectivity: { rule: 'one_to_one' }, weight: w, delay }],
    };
    const net = new Network(spec);
    const g = net.population('n').group!;
    net.run(tSpike + delay - 1e-9);
    expect(g.readState('v', 0, net.t)).toBe(-70 * mV);
    net.run(2e-9);
    expect(g.readState('v', 0, tSpike + delay)).toBeCloseTo(-70 * mV + w, 15);
    const t = 10 * ms;
    expect(g.readState('v', 0, t)).toBeCloseTo(-70 * mV + w * Math.exp(-(t - tSpike - delay) / (10 * ms)), 15);
  });

  it('fires at the closed-form time under a constant suprathreshold drive, then stays refractory', () => {
    const p = { tauM: 20 * ms, vRest: -70 * mV, drive: 25 * mV, vThreshold: -50 * mV, vReset: -70 * mV, refractory: 2 * ms };
    const spec: NetworkSpec = {
      seed: 1,
      populations: [{ name: 'n', size: 1, model: 'core/lif', params: p }],
      monitors: [{ type: 'spikes', population: 'n' }],
    };
    const net = new Network(spec).run(200 * ms);
    // from vReset, v(t) = v∞ + (vReset − v∞)e^(−t/τ) reaches vT at t* = τ ln((v∞ − vReset)/(v∞ − vT))
    const vInf = p.vRest + p.drive;
    const tStar = p.tauM * Math.log((vInf - p.vReset) / (vInf - p.vThreshold));
    const times = net.spikes('n').times;
    expect(times[0]).toBeCloseTo(tStar, 15);
    for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBeCloseTo(tStar + p.refractory, 12);
    expect(times.length).toBe(Math.floor((200 * ms - tStar) / (tStar + p.refractory)) + 1);
  });
});

describe('CUBA (exponential current synapses)', () => {
  it('the PSP of one input spike follows w·τe/(τm − τe)·(e^(−t/τm) − e^(−t/τe)) at every step', () => {
    const w = 2 * mV,
      El = -65 * mV;
    for (const kernel of ['js', 'wasm'] as const) {
      const spec: NetworkSpec = {
        seed: 1,
        populations: [{ name: 'n', size: 3, model: 'core/lif_cuba', params: { vRest: El, vThreshold: 1, tauM: 20 * ms, tauE: 5 * ms, tauI: 10 * ms } }],
        inputs: [{ name: 'in', type: 'spike_times', size: 1, indices: [0], times: [0] }],
        projections: [{ source: 'in', target: 'n', receptor: 'exc', connectivity: { rule: 'all_to_all' }, weight: w }],
        monitors: [{ type: 'state', population: 'n', variable: 'v', indices: [0, 2], interval: 0.1 * ms }],
      };
      const net = new Network(spec, { kernel }).run(60 * ms);
      const mon = net.stateMonitors.get('state:n')!;
      // the spike arrives at t = 0 after that step's update, so ge first moves v in the step that
      // starts at dt (Brian2 order), and the sample at t (taken before that instant's update) shows
      // the PSP of a spike at dt: PSP(t − dt)
      mon.t.forEach((t, k) => {
        const s = Math.max(0, t - 0.1 * ms);
        const exact = El + w * (5 / 15) * (Math.exp(-s / (20 * ms)) - Math.exp(-s / (5 * ms)));
        expect(mon.values[0][k]).toBeCloseTo(exact, 13);
        expect(mon.values[1][k]).toBe(mon.values[0][k]);
      });
    }
  });

  it('the propagator gain stays accurate as τs → τm', () => {
    const dt = 1e-4,
      tau = 10 * ms;
    const limit = (dt / tau) * Math.exp(-dt / tau);
    expect(propagatorGain(tau, tau, dt)).toBe(limit);
    // exact expansion (checked with 40-digit arithmetic): gain(τs = τm(1 + ε)) = limit·(1 + ε·dt/(2τm) + O(ε²)), the ε² term ≈ 0.005·ε² here;
    // the naive difference of exponentials is off by ~3e-8 relative at ε = 1e-7
    for (const eps of [1e-6, 1e-8, 1e-10]) {
      const expected = limit * (1 + (eps * dt) / (2 * tau));
      expect(Math.abs(propagatorGain(tau, tau * (1 + eps), dt) / expected - 1)).toBeLessThan(1e-12);
    }
  });
});

describe('COBA (exponential conductance synapses)', () => {
  it('with frozen conductances v relaxes exactly to (Ee·ge + Ei·gi + El)/(1 + ge + gi) at rate (1 + ge + gi)/τm', () => {
    const ge = 0.5,
      gi = 1.5,
      El = -60 * mV,
      Ee = 0,
      Ei = -80 * mV,
      tauM = 20 * ms;
    const spec: NetworkSpec = {
      seed: 1,
      // τe, τi of 10^6 s: the conductances do not decay over the test
      populations: [
        {
          name: 'n',
          size: 1,
          model: 'core/lif_coba',
          params: { vRest: El, eExc: Ee, eInh: Ei, tauM, tauE: 1e6, tauI: 1e6, vThreshold: 1 },
          init: { v: -50 * mV, ge, gi },
        },
      ],
      monitors: [{ type: 'state', population: 'n', variable: 'v', indices: [0], interval: 1 * ms }],
    };
    const net = new Network(spec).run(40 * ms);
    const mon = net.stateMonitors.get('state:n')!;
    const g = 1 + ge + gi;
    const vInf = (Ee * ge + Ei * gi + El) / g;
    mon.t.forEach((t, k) => {
      // conductances decay by e^(−t/10^6 s): a relative change below 4e-8 over 40 ms
      expect(mon.values[0][k]).toBeCloseTo(vInf + (-50 * mV - vInf) * Math.exp((-t * g) / tauM), 9);
    });
  });
});

describe('refractoriness and reset (clock-driven, Brian2 semantics)', () => {
  it('a neuron that spikes at step k next integrates at step k + refractory/dt', () => {
    // El far above threshold: the neuron fires as soon as it integrates; period = refractory + 1 step
    const spec: NetworkSpec = {
      seed: 1,
      populations: [{ name: 'n', size: 1, model: 'core/lif_cuba', params: { vRest: 100, refractory: 5 * ms }, init: { v: -55 * mV } }],
      monitors: [{ type: 'spikes', population: 'n' }],
    };
    const net = new Network(spec).run(100 * ms);
    const steps = Array.from(net.spikes('n').times, (t) => Math.round(t / 1e-4));
    expect(steps.slice(0, 4)).toEqual([0, 50, 100, 150]);
  });
});

describe('event-driven core/lif in every regime (no hang, no past or NaN event times)', () => {
  const tau = 10 * ms,
    ref = 2 * ms;
  const net = (params: Record<string, number>, init?: number) =>
    new Network({
      seed: 1,
      populations: [
        { name: 'n', size: 3, model: 'core/lif', params: { tauM: tau, refractory: ref, ...params }, ...(init === undefined ? {} : { init: { v: init } }) },
      ],
      monitors: [{ type: 'spikes', population: 'n' }],
    });

  it('a resting potential above threshold fires regularly with the closed-form period', () => {
    const n = net({ vRest: -40 * mV, vThreshold: -50 * mV, vReset: -70 * mV });
    n.run(0.1);
    // first spike at t = 0 (v starts at vRest > vθ), then every refractory + τ ln((v∞ − vR)/(v∞ − vθ))
    const period = ref + tau * Math.log((-40 - -70) / (-40 - -50));
    const times = Array.from(n.spikes('n').times).filter((_, k) => n.spikes('n').indices[k] === 0);
    expect(times[0]).toBe(0);
    expect(times.length).toBe(Math.floor(0.1 / period) + 1);
    for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBeCloseTo(period, 12);
  });

  it('a reset at or above the drive fires once per refractory period', () => {
    const n = net({ vRest: -40 * mV, vThreshold: -50 * mV, vReset: -30 * mV });
    n.run(0.1);
    expect(n.spikes('n').count).toBe(3 * (Math.round(0.1 / ref) + (0.1 % ref < 1e-12 ? 0 : 1)));
    expect(Array.from(n.spikes('n').times).every((t) => t >= 0 && t < 0.1)).toBe(true);
  });

  it('an initial v above threshold spikes at once, never before the start', () => {
    const n = net({}, -40 * mV);
    n.run(0.01);
    expect(Array.from(n.spikes('n').times)).toEqual([0, 0, 0]);
  });

  it('refuses a reset above threshold with no refractory period (it would fire infinitely often at one instant)', () => {
    expect(() => net({ refractory: 0, vReset: -40 * mV })).toThrow(/vReset: expected a reset at or below vThreshold/);
  });

  it('the simulator refuses a NaN or past event time as an internal error', async () => {
    const { InternalError, Simulator } = await import('@spinsnn/core');
    const sim = new Simulator(1e-4);
    const h = sim.register({ handleEvent() {} });
    sim.run(0.01);
    expect(() => sim.schedule(NaN, h)).toThrow(InternalError);
    expect(() => sim.schedule(0.005, h)).toThrow(/non-finite or past time/);
  });
});
