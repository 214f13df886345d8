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
