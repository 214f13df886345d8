import { describe, expect, it } from 'vitest';
import { LazyTrace, Network, Rng, ms, mV, type NetworkSpec, type Projection, type ProjectionPlasticity } from '@spinsnn/core';

describe('LazyTrace', () => {
  it('equals a step-by-step decayed trace at every spike (to rounding)', () => {
    const rng = new Rng(5);
    const tau = 20 * ms, dt = 1e-5;
    const lazy = new LazyTrace(1, tau);
    let stepped = 0;
    const decay = Math.exp(-dt / tau);
    for (let k = 1; k <= 100_000; k++) {
      stepped *= decay;
      if (rng.uniform() < 0.005) {
        const t = k * dt;
        // the stepped reference rounds once per multiply: ≤ 1e5 × 1.1e-16 ≈ 1.1e-11 relative after 1e5 steps
        expect(Math.abs(lazy.get(0, t) - stepped)).toBeLessThanOrEqual(2e-11 * stepped + 1e-300);
        lazy.add(0, t, 1);
        stepped += 1;
      }
    }
    expect(Math.abs(lazy.get(0, 1) - stepped)).toBeLessThanOrEqual(2e-11 * stepped);
  });

  it('rejects a non-positive time constant', () => {
    expect(() => new LazyTrace(1, 0)).toThrow(/> 0/);
  });
});

describe('plasticity hooks', () => {
  it('hear every delivery (source, synapses, time) and every target spike; incoming() is the transpose', () => {
    // two inputs fire at known times into three event-driven LIF neurons that spike on any input
    const spec: NetworkSpec = {
      seed: 1,
      populations: [{ name: 'n', size: 3, model: 'lif', params: { refractory: 0 } }],
      inputs: [{ name: 'in', type: 'spike_times', size: 2, indices: [0, 1, 0], times: [1 * ms, 2 * ms, 5 * ms] }],
      projections: [{ source: 'in', target: 'n', connectivity: { rule: 'explicit', pre: [0, 0, 1], post: [0, 2, 1] }, weight: [30 * mV, 30 * mV, 30 * mV], delay: 0.5 * ms }],
    };
    const net = new Network(spec);
    const pre: [number, number, number, number][] = [];
    const post: [number, number][] = [];
    const rule: ProjectionPlasticity = {
      onPre: (_p: Projection, i, s0, s1, t) => void pre.push([i, s0, s1, t]),
      onPost: (_p: Projection, j, t) => void post.push([j, t]),
    };
    const proj = net.projections[0];
    proj.setPlasticity(rule);
    net.run(10 * ms);
    expect(pre).toEqual([[0, 0, 2, 1.5 * ms], [1, 2, 3, 2.5 * ms], [0, 0, 2, 5.5 * ms]]);
    expect(post).toEqual([[0, 1.5 * ms], [2, 1.5 * ms], [1, 2.5 * ms], [0, 5.5 * ms], [2, 5.5 * ms]]);
    const inc = proj.incoming();
    expect(Array.from(inc.colPtr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(inc.synapse, (s) => proj.post[s])).toEqual([0, 1, 2]);
    expect(Array.from(inc.pre)).toEqual([0, 1, 0]);
  });

  it('refuses a scalar-weight projection (it has no per-synapse weights to change)', () => {
    const net = new Network({ seed: 1, populations: [{ name: 'n', size: 2, model: 'lif' }], projections: [{ source: 'n', target: 'n', connectivity: { rule: 'all_to_all' }, weight: 1e-3 }] });
    expect(() => net.projections[0].setPlasticity({ onPre() {}, onPost() {} })).toThrow(/per-synapse weights/);
  });
});
