import { describe, expect, it } from 'vitest';
import { Network, ms, mV, type NetworkSpec, type PlasticityRule, type Projection } from '@spinsnn/core';

describe('plasticity hooks', () => {
  it('hear every delivery (source, synapses, time) and every target spike; incoming() is the transpose', () => {
    // two inputs fire at known times into three event-driven LIF neurons that spike on any input
    const spec: NetworkSpec = {
      seed: 1,
      populations: [{ name: 'n', size: 3, model: 'core/lif', params: { refractory: 0 } }],
      inputs: [{ name: 'in', type: 'spike_times', size: 2, indices: [0, 1, 0], times: [1 * ms, 2 * ms, 5 * ms] }],
      projections: [
        {
          source: 'in',
          target: 'n',
          connectivity: { rule: 'explicit', pre: [0, 0, 1], post: [0, 2, 1] },
          weight: [30 * mV, 30 * mV, 30 * mV],
          delay: 0.5 * ms,
        },
      ],
    };
    const net = new Network(spec);
    const pre: [number, number, number, number][] = [];
    const post: [number, number][] = [];
    const rule: PlasticityRule = {
      enabled: true,
      onPre: (_p: Projection, i, s0, s1, t) => void pre.push([i, s0, s1, t]),
      onPost: (_p: Projection, j, t) => void post.push([j, t]),
      snapshot: () => ({}),
      restore: () => {},
    };
    const proj = net.projections[0];
    proj.setPlasticity(rule);
    net.run(10 * ms);
    expect(pre).toEqual([
      [0, 0, 2, 1.5 * ms],
      [1, 2, 3, 2.5 * ms],
      [0, 0, 2, 5.5 * ms],
    ]);
    expect(post).toEqual([
      [0, 1.5 * ms],
      [2, 1.5 * ms],
      [1, 2.5 * ms],
      [0, 5.5 * ms],
      [2, 5.5 * ms],
    ]);
    const inc = proj.incoming();
    expect(Array.from(inc.colPtr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(inc.synapse, (s) => proj.post[s])).toEqual([0, 1, 2]);
    expect(Array.from(inc.pre)).toEqual([0, 1, 0]);
  });

  it('refuses a scalar-weight projection (it has no per-synapse weights to change)', () => {
    const net = new Network({
      seed: 1,
      populations: [{ name: 'n', size: 2, model: 'core/lif' }],
      projections: [{ source: 'n', target: 'n', connectivity: { rule: 'all_to_all' }, weight: 1e-3 }],
    });
    expect(() => net.projections[0].setPlasticity({ enabled: true, onPre() {}, onPost() {}, snapshot: () => ({}), restore() {} })).toThrow(
      /per-synapse weights/,
    );
  });
});
