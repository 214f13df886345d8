import { describe, expect, it } from 'vitest';
import { Network, SimulationError, Simulator, ms, type NetworkSpec } from '@spinsnn/core';

/**
 * Rebuilding a network at a checkpoint's time (BuildOptions.startTime) and restoring its random
 * streams (Network.randomStreams) and state continues exactly as the uninterrupted run — the
 * mechanism `spinsnn train --resume` relies on. The checkpoint is taken when nothing is in flight
 * (inputs silent long enough for every delivery to have happened).
 */
const spec: NetworkSpec = {
  seed: 11,
  dt: 0.1 * ms,
  populations: [{ name: 'n', size: 50, model: 'core/lif_coba', init: { v: { uniform: [-60e-3, -50e-3] } } }],
  inputs: [{ name: 'in', type: 'poisson', size: 100, rate: 0 }],
  projections: [
    { source: 'in', target: 'n', connectivity: { rule: 'fixed_probability', p: 0.3 }, weight: { uniform: [0, 0.3] }, delay: 1 * ms },
    { source: 'n', target: 'n', receptor: 'inh', connectivity: { rule: 'fixed_probability', p: 0.2 }, weight: 0.5, delay: 0.5 * ms },
  ],
  monitors: [{ type: 'spikes', population: 'n' }],
};

function phase(net: Network, rate: number): void {
  net.poissonInputs.get('in')!.setRates(rate);
  net.run(0.2);
  net.poissonInputs.get('in')!.setRates(0);
  net.run(0.1); // silence: every spike in flight arrives
}

describe('restart at a checkpoint time', () => {
  it('a network rebuilt at startTime with restored streams and state continues bit for bit', () => {
    const whole = new Network(spec);
    phase(whole, 40);
    phase(whole, 60);
    const ref = whole.spikes('n');

    const first = new Network(spec);
    phase(first, 40);
    const t = first.t;
    const streams = first.randomStreams.map((r) => r.getState());
    const g1 = first.population('n').group!;
    const state = Object.fromEntries(['v', 'ge', 'gi'].map((k) => [k, g1.state(k).slice()]));
    const last = (g1 as unknown as { lastSpikeStep: Float64Array }).lastSpikeStep.slice();
    const nBefore = first.spikes('n').count;

    const second = new Network(spec, { startTime: t });
    expect(second.t).toBe(t);
    expect(second.randomStreams.length).toBe(streams.length);
    second.randomStreams.forEach((r, k) => r.setState(streams[k]));
    const g2 = second.population('n').group!;
    for (const k of ['v', 'ge', 'gi']) g2.state(k).set(state[k]);
    (g2 as unknown as { lastSpikeStep: Float64Array }).lastSpikeStep.set(last);
    phase(second, 60);

    const after = second.spikes('n');
    expect(ref.count - nBefore).toBeGreaterThan(20);
    expect(after.count).toBe(ref.count - nBefore);
    expect(Array.from(after.times)).toEqual(Array.from(ref.times.subarray(nBefore)));
    expect(Array.from(after.indices)).toEqual(Array.from(ref.indices.subarray(nBefore)));
  });

  it('refuses to move the clock of a simulator that already ran', () => {
    const sim = new Simulator(1e-4);
    sim.run(0.01);
    expect(() => sim.setStartTime(1)).toThrow(SimulationError);
    expect(() => new Simulator(1e-4).setStartTime(-1)).toThrow(/≥ 0/);
  });
});

/**
 * Network.snapshot(): taken at any time between runs — spikes in flight on uniform and per-synapse
 * delays, Poisson and spike-time inputs, state and rate monitors — and restored into a fresh build,
 * the run continues bit for bit. Through JSON (encodeSnapshot) as a checkpoint file would be.
 */
describe('Network.snapshot / restore', () => {
  const busy: NetworkSpec = {
    seed: 5,
    populations: [
      { name: 'e', size: 80, model: 'core/lif_cuba', init: { v: { uniform: [-60e-3, -50e-3] } } },
      { name: 'f', size: 20, model: 'core/lif', params: { refractory: 1 * ms } },
    ],
    inputs: [
      { name: 'in', type: 'poisson', size: 40, rate: 30, schedule: { times: [0.05, 0.12], rates: [[80], [10]] } },
      { name: 'kick', type: 'spike_times', size: 3, indices: [0, 1, 2, 0, 1], times: [0.01, 0.02, 0.061, 0.09, 0.15] },
    ],
    projections: [
      { source: 'in', target: 'e', connectivity: { rule: 'fixed_probability', p: 0.3 }, weight: 1.6e-3, delay: 1 * ms },
      { source: 'e', target: 'e', receptor: 'inh', connectivity: { rule: 'fixed_probability', p: 0.1 }, weight: -2e-3, delay: { uniform: [0.5 * ms, 4 * ms] } },
      { source: 'e', target: 'f', connectivity: { rule: 'fixed_probability', p: 0.2 }, weight: { uniform: [1e-3, 4e-3] }, delay: 0.7 * ms },
      { source: 'kick', target: 'f', connectivity: { rule: 'all_to_all' }, weight: 25e-3, delay: 2 * ms },
    ],
    monitors: [
      { type: 'spikes', population: 'e' },
      { type: 'spikes', population: 'f' },
      { type: 'state', population: 'e', variable: 'v', indices: [0, 5], interval: 1 * ms },
      { type: 'rate', population: 'f', bin: 5 * ms },
    ],
  };

  const outcome = (net: Network) => ({
    e: [Array.from(net.spikes('e').indices), Array.from(net.spikes('e').times)],
    f: [Array.from(net.spikes('f').indices), Array.from(net.spikes('f').times)],
    v: [...net.stateMonitors.values()][0].values.map((x) => [...x]),
    rate: Array.from([...net.rateMonitors.values()][0].rates(0.2)),
    ledger: net.ledger.rows(),
    t: net.t,
  });

  it.each([0.0303, 0.061, 0.1])('cut at t = %s s (deliveries pending) continues bit for bit', async (cut) => {
    const { decodeSnapshot, encodeSnapshot } = await import('@spinsnn/core');
    const whole = new Network(busy);
    whole.run(cut);
    whole.run(0.2 - cut);
    const a = new Network(busy);
    a.run(cut);
    expect(a.sim.queue.size).toBeGreaterThan(0); // something is in flight
    const b = new Network(busy);
    b.restore(decodeSnapshot(encodeSnapshot(a.snapshot())));
    b.run(0.2 - cut);
    expect(outcome(b)).toEqual(outcome(whole));
    expect(outcome(b).f[0].length).toBeGreaterThan(10);
  });

  it('refuses a snapshot of another network, naming what differs', () => {
    const a = new Network(busy);
    a.run(0.01);
    const other = new Network({ ...busy, monitors: [] });
    expect(() => other.restore(a.snapshot())).toThrow(/snapshot/);
    expect(() => new Network(busy).restore({ format: 'nope' })).toThrow(/spinsnn network snapshot/);
  });
});

describe('monitor accessors', () => {
  it('rates(pop) and states(pop, variable) find the monitors, and say how to add a missing one', () => {
    const net = new Network({
      seed: 1,
      populations: [{ name: 'n', size: 2, model: 'core/lif', params: { drive: 30e-3 } }],
      monitors: [
        { type: 'rate', population: 'n', bin: 0.01 },
        { type: 'state', population: 'n', variable: 'v', indices: [0] },
      ],
    });
    net.run(0.05);
    expect(net.rates('n').rates(0.05).length).toBe(5);
    // the default covers the simulated time, silent bins at the end included (no input: no spike)
    const quiet = new Network({ seed: 1, populations: [{ name: 'q', size: 2, model: 'core/lif' }], monitors: [{ type: 'rate', population: 'q', bin: 0.01 }] });
    quiet.run(0.03);
    expect(Array.from(quiet.rates('q').rates())).toEqual([0, 0, 0]);
    expect(net.states('n', 'v').t.length).toBeGreaterThan(0);
    expect(() => net.rates('x')).toThrow(/add \{ type: 'rate', population: 'x' \}/);
    expect(() => net.states('n', 'w')).toThrow(/state monitor of n\.w/);
  });
});
