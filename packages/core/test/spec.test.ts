import { describe, expect, it } from 'vitest';
import { Network, SpecError, validateNetworkSpec, mV, type NetworkSpec } from '@spinsnn/core';

const valid = (): NetworkSpec => ({
  seed: 1,
  populations: [
    { name: 'exc', size: 10, model: 'core/lif_cuba', params: { tauM: 0.02 } },
    { name: 'out', size: 5, model: 'core/lif' },
  ],
  inputs: [{ name: 'in', type: 'poisson', size: 4, rate: 10 }],
  projections: [
    { source: 'in', target: 'exc', receptor: 'exc', connectivity: { rule: 'fixed_probability', p: 0.5 }, weight: 1 * mV, delay: 1e-3 },
    { source: 'exc', target: 'out', connectivity: { rule: 'all_to_all' }, weight: { normal: { mean: 1e-3, sd: 1e-4 } } },
  ],
  monitors: [{ type: 'spikes', population: 'out' }],
});

/** Applies a mutation to a fresh valid spec and returns the SpecError it raises. */
function errorOf(mutate: (s: NetworkSpec & Record<string, unknown>) => void): SpecError {
  const s = valid() as NetworkSpec & Record<string, unknown>;
  mutate(s);
  try {
    new Network(s);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('the spec was accepted');
}

describe('network spec validation', () => {
  it('accepts a valid spec and builds it', () => {
    expect(() => validateNetworkSpec(valid())).not.toThrow();
    expect(new Network(valid()).synapseCount()).toBeGreaterThan(0);
  });

  it.each([
    ['a negative time constant', (s: NetworkSpec) => (s.populations[0].params = { tauM: -0.01 }), 'populations[0].params.tauM', /> 0 s/],
    ['a zero time constant', (s: NetworkSpec) => (s.populations[0].params = { tauE: 0 }), 'populations[0].params.tauE', /> 0 s/],
    ['a negative delay', (s: NetworkSpec) => (s.projections![0].delay = -1e-3), 'projections[0].delay', /≥ 0/],
    ['a negative delay in a list', (s: NetworkSpec) => (s.projections![1].delay = [0, -1]), 'projections[1].delay[1]', /≥ 0/],
    ['a NaN weight', (s: NetworkSpec) => (s.projections![0].weight = NaN), 'projections[0].weight', /finite number.*got NaN/],
    ['a NaN in a weight list', (s: NetworkSpec) => (s.projections![0].weight = [1, NaN]), 'projections[0].weight[1]', /got NaN/],
    ['an unknown model', (s: NetworkSpec) => (s.populations[1].model = 'izhikevich'), 'populations[1].model', /registered neuron model id \(core\/lif, core\/lif_cuba, core\/lif_coba/],
    ['an unknown parameter', (s: NetworkSpec) => (s.populations[0].params = { tau: 0.01 }), 'populations[0].params.tau', /one of the parameters of core\/lif_cuba \(tauM, tauE/],
    ['a projection to a missing population', (s: NetworkSpec) => (s.projections![0].target = 'inh'), 'projections[0].target', /neuron population \(exc, out\)/],
    ['a projection from a missing source', (s: NetworkSpec) => (s.projections![1].source = 'nope'), 'projections[1].source', /population or input \(exc, out, in\)/],
    ['a projection onto an input', (s: NetworkSpec) => (s.projections![0].target = 'in'), 'projections[0].target', /neuron population/],
    ['an unknown receptor', (s: NetworkSpec) => (s.projections![0].receptor = 'gaba'), 'projections[0].receptor', /exc, inh/],
    ['dt = 0', (s: NetworkSpec) => (s.dt = 0), 'dt', /> 0/],
    ['a negative dt', (s: NetworkSpec) => (s.dt = -1e-4), 'dt', /> 0/],
    ['a probability above 1', (s: NetworkSpec) => (s.projections![0].connectivity = { rule: 'fixed_probability', p: 1.5 }), 'projections[0].connectivity.p', /\[0, 1\]/],
    ['an unknown connectivity rule', (s: NetworkSpec) => ((s.projections![0].connectivity as unknown) = { rule: 'random' }), 'projections[0].connectivity.rule', /all_to_all/],
    ['a fractional size', (s: NetworkSpec) => (s.populations[0].size = 2.5), 'populations[0].size', /whole number/],
    ['a duplicate name', (s: NetworkSpec) => (s.populations[1].name = 'exc'), 'populations[1].name', /not used by another/],
    ['a negative rate', (s: NetworkSpec) => ((s.inputs![0] as { rate: number }).rate = -5), 'inputs[0].rate', /Hz ≥ 0/],
    ['an unsupported integration', (s: NetworkSpec) => (s.populations[0].integration = 'event'), 'populations[0].integration', /one of clock/],
    ['a state monitor on a missing variable', (s: NetworkSpec) => s.monitors!.push({ type: 'state', population: 'exc', variable: 'w', indices: [0] }), 'monitors[1].variable', /v, ge, gi/],
    ['a missing seed', (s: NetworkSpec & Record<string, unknown>) => delete s.seed, 'seed', /whole number/],
    ['explicit indices out of range', (s: NetworkSpec) => (s.projections![1].connectivity = { rule: 'explicit', pre: [0, 10], post: [0, 1] }), 'projections[1].connectivity.pre[1]', /\[0, 10\)/],
    ['a weight list of the wrong length', (s: NetworkSpec) => { s.projections![1] = { source: 'exc', target: 'out', connectivity: { rule: 'one_to_one' } as never, weight: 1 }; s.populations[1].size = 10; s.projections![1].weight = [1, 2, 3]; }, 'projections[1].weight', /10 values/],
  ])('rejects %s, naming the field and what is valid', (_what, mutate, path, message) => {
    const e = errorOf(mutate as (s: NetworkSpec & Record<string, unknown>) => void);
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(path + ':')).toBe(true);
  });
});
