import { describe, expect, it } from 'vitest';
import {
  Network,
  SpecError,
  decodeSnapshot,
  encodeSnapshot,
  ms,
  mV,
  type MonitorSpec,
  type NetworkSpec,
  type PlasticityRule,
  type Projection,
} from '@spinsnn/core';

/** Three input spikes at known times into two synapses; every delivery adds DW to its synapse. */
const DW = 0.5 * mV;
const W0 = [1 * mV, 2 * mV];
const spec = (monitor: Record<string, unknown> = {}): NetworkSpec => ({
  seed: 3,
  populations: [{ name: 'n', size: 2, model: 'core/lif' }],
  inputs: [{ name: 'in', type: 'spike_times', size: 2, indices: [0, 1, 0], times: [1 * ms, 2 * ms, 5 * ms] }],
  projections: [{ source: 'in', target: 'n', connectivity: { rule: 'explicit', pre: [0, 1], post: [0, 1] }, weight: W0, delay: 0.5 * ms }],
  monitors: [{ type: 'weights', projection: 'in->n', interval: 1 * ms, ...monitor } as MonitorSpec],
});

/** A rule that adds DW to each synapse a spike is delivered through (in core/float: exact). */
function addOnDelivery(net: Network): void {
  const rule: PlasticityRule = {
    enabled: true,
    onPre: (p: Projection, _i, s0, s1, t) => {
      for (let s = s0; s < s1; s++) p.store!.requestChange(s, DW, t);
    },
    onPost: () => {},
    snapshot: () => ({}),
    restore: () => {},
  };
  net.projections[0].setPlasticity(rule);
}

/** Deliveries to synapse s strictly before t (a sample at t sees the state at the instant's start). */
function expectedWeight(s: number, t: number): number {
  const deliveries = [1.5 * ms, 5.5 * ms].filter((d) => s === 0 && d < t - 1e-12).length + [2.5 * ms].filter((d) => s === 1 && d < t - 1e-12).length;
  return W0[s] + deliveries * DW;
}

describe('weight monitor', () => {
  it('samples each synapse every interval and sees exactly the changes delivered before each sample', () => {
    const net = new Network(spec());
    addOnDelivery(net);
    net.run(8 * ms);
    const m = net.weights('in->n');
    expect(m.samples).toBe(8); // t = 0, 1, …, 7 ms
    m.t.forEach((t, k) => {
      expect(t).toBeCloseTo(k * ms, 12);
      for (const s of [0, 1]) expect(m.at(k)[s]).toBeCloseTo(expectedWeight(s, t), 12);
    });
    m.series(1).forEach((w, k) => expect(w).toBeCloseTo(expectedWeight(1, m.t[k]), 12));
    expect(m.matrix().length).toBe(16);
  });

  it('records only the listed synapses, in the listed order', () => {
    const net = new Network(spec({ synapses: [1] }));
    addOnDelivery(net);
    net.run(4 * ms);
    const m = net.weights('in->n');
    expect(m.series(0).length).toBe(4);
    m.series(0).forEach((w, k) => expect(w).toBeCloseTo(expectedWeight(1, m.t[k]), 12));
    expect(() => m.series(1)).toThrow(/\[0, 1\)/);
  });

  it('continues bit for bit across snapshot and restore', () => {
    const whole = new Network(spec());
    addOnDelivery(whole);
    whole.run(8 * ms);
    const first = new Network(spec());
    addOnDelivery(first);
    first.run(3 * ms);
    const snap = decodeSnapshot(encodeSnapshot(first.snapshot()));
    const second = new Network(spec());
    addOnDelivery(second);
    second.restore(snap);
    second.run(5 * ms);
    expect(second.weights('in->n').t).toEqual(whole.weights('in->n').t);
    expect(Array.from(second.weights('in->n').matrix())).toEqual(Array.from(whole.weights('in->n').matrix()));
  });

  it('refuses an unknown projection, a synapse out of range and an unknown key, naming the field', () => {
    expect(() => new Network(spec({ projection: 'in->x' }))).toThrow(/monitors\[0\]\.projection.*in->n/);
    expect(() => new Network(spec({ synapses: [2] }))).toThrow(SpecError);
    expect(() => new Network(spec({ synapses: [2] }))).toThrow(/\[0, 2\)/);
    expect(() => new Network(spec({ every: 1 }))).toThrow(/every/);
    expect(() => new Network(spec({ interval: 0 }))).toThrow(/interval/);
  });
});
