import { describe, expect, it } from 'vitest';
import { Network, SpecError, registerModel, setNoticeSink, validateNetworkSpec, mV, type NetworkSpec } from '@spinsnn/core';

// a do-nothing rule, so core's own tests can attach plasticity without @spinsnn/learning
registerModel({
  id: 'test/noop',
  kind: 'plasticity',
  description: 'changes nothing',
  params: [],
  createRule: () => ({ enabled: true, onPre() {}, onPost() {}, snapshot: () => ({}), restore() {} }),
});

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
    [
      'an unknown model',
      (s: NetworkSpec) => (s.populations[1].model = 'izhikevich'),
      'populations[1].model',
      /registered neuron model id \(core\/lif, core\/lif_cuba, core\/lif_coba/,
    ],
    [
      'an unknown parameter',
      (s: NetworkSpec) => (s.populations[0].params = { tau: 0.01 }),
      'populations[0].params.tau',
      /one of the parameters of core\/lif_cuba \(tauM, tauE/,
    ],
    ['a projection to a missing population', (s: NetworkSpec) => (s.projections![0].target = 'inh'), 'projections[0].target', /neuron population \(exc, out\)/],
    [
      'a projection from a missing source',
      (s: NetworkSpec) => (s.projections![1].source = 'nope'),
      'projections[1].source',
      /population or input \(exc, out, in\)/,
    ],
    ['a projection onto an input', (s: NetworkSpec) => (s.projections![0].target = 'in'), 'projections[0].target', /neuron population/],
    ['an unknown receptor', (s: NetworkSpec) => (s.projections![0].receptor = 'gaba'), 'projections[0].receptor', /exc, inh/],
    ['dt = 0', (s: NetworkSpec) => (s.dt = 0), 'dt', /> 0/],
    ['a negative dt', (s: NetworkSpec) => (s.dt = -1e-4), 'dt', /> 0/],
    [
      'a probability above 1',
      (s: NetworkSpec) => (s.projections![0].connectivity = { rule: 'fixed_probability', p: 1.5 }),
      'projections[0].connectivity.p',
      /\[0, 1\]/,
    ],
    [
      'an unknown connectivity rule',
      (s: NetworkSpec) => ((s.projections![0].connectivity as unknown) = { rule: 'random' }),
      'projections[0].connectivity.rule',
      /all_to_all/,
    ],
    ['a fractional size', (s: NetworkSpec) => (s.populations[0].size = 2.5), 'populations[0].size', /whole number/],
    ['a duplicate name', (s: NetworkSpec) => (s.populations[1].name = 'exc'), 'populations[1].name', /not used by another/],
    ['a negative rate', (s: NetworkSpec) => ((s.inputs![0] as { rate: number }).rate = -5), 'inputs[0].rate', /Hz ≥ 0/],
    ['an unsupported integration', (s: NetworkSpec) => (s.populations[0].integration = 'event'), 'populations[0].integration', /one of clock/],
    [
      'a state monitor on a missing variable',
      (s: NetworkSpec) => s.monitors!.push({ type: 'state', population: 'exc', variable: 'w', indices: [0] }),
      'monitors[1].variable',
      /v, ge, gi/,
    ],
    ['a missing seed', (s: NetworkSpec & Record<string, unknown>) => delete s.seed, 'seed', /whole number/],
    [
      'explicit indices out of range',
      (s: NetworkSpec) => (s.projections![1].connectivity = { rule: 'explicit', pre: [0, 10], post: [0, 1] }),
      'projections[1].connectivity.pre[1]',
      /\[0, 10\)/,
    ],
    ['an unknown top-level key', (s: NetworkSpec & Record<string, unknown>) => (s.populatons = []), 'spec.populatons', /one of the keys dt, seed, populations/],
    [
      'an unknown population key',
      (s: NetworkSpec) => ((s.populations[0] as unknown as Record<string, unknown>).param = {}),
      'populations[0].param',
      /one of the keys .*params/,
    ],
    [
      'an unknown projection key',
      (s: NetworkSpec) => ((s.projections![0] as unknown as Record<string, unknown>).weights = 1),
      'projections[0].weights',
      /one of the keys .*weight/,
    ],
    [
      'an unknown connectivity key',
      (s: NetworkSpec) => ((s.projections![0].connectivity as unknown as Record<string, unknown>).prob = 1),
      'projections[0].connectivity.prob',
      /one of the keys rule, p, allowSelf/,
    ],
    ['an unknown preset', (s: NetworkSpec) => (s.populations[0].preset = 'nope'), 'populations[0].preset', /no preset \(core\/lif_cuba has none\)/],
    [
      'an unknown synapse device',
      (s: NetworkSpec) => (s.projections![1].synapse = { device: 'sot/nope' }),
      'projections[1].synapse.device',
      /registered synapse model id \(core\/float/,
    ],
    [
      'an unknown plasticity rule',
      (s: NetworkSpec) => (s.projections![1].plasticity = { rule: 'stdp' }),
      'projections[1].plasticity.rule',
      /registered plasticity model id .*import @spinsnn\/learning/,
    ],
    [
      'a plastic projection with one scalar weight',
      (s: NetworkSpec) => (s.projections![0].plasticity = { rule: 'test/noop' }),
      'projections[0].weight',
      /per-synapse weights/,
    ],
    [
      'a weight list of the wrong length',
      (s: NetworkSpec) => {
        s.projections![1] = { source: 'exc', target: 'out', connectivity: { rule: 'one_to_one' } as never, weight: 1 };
        s.populations[1].size = 10;
        s.projections![1].weight = [1, 2, 3];
      },
      'projections[1].weight',
      /10 values/,
    ],
  ])('rejects %s, naming the field and what is valid', (_what, mutate, path, message) => {
    const e = errorOf(mutate as (s: NetworkSpec & Record<string, unknown>) => void);
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(path + ':')).toBe(true);
  });
});

describe('model names and presets', () => {
  it('accepts the old short names for one release, with one deprecation note per name', () => {
    const notes: string[] = [];
    setNoticeSink((m) => notes.push(m));
    const spec = valid();
    spec.populations[0].model = 'lif_cuba';
    spec.populations[1].model = 'lif';
    const a = new Network(spec);
    new Network(spec);
    expect(a.population('exc').model).toBe('core/lif_cuba');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/populations\[0\]\.model: "lif_cuba" is a deprecated name of "core\/lif_cuba"/);
  });

  it('a population preset sits between the defaults and the params', () => {
    // core/lif_cuba has no presets, so register a model that has one, built on core/lif
    registerModel({
      id: 'test/lif_preset',
      kind: 'neuron',
      description: 'core/lif with a preset',
      integrations: ['event'],
      receptors: ['syn'],
      weightUnit: 'V',
      stateNames: ['v'],
      params: [
        { name: 'vRest', unit: 'V', default: -0.07, description: 'rest' },
        { name: 'tauM', unit: 's', default: 0.01, min: 0, minExclusive: true, description: 'τ' },
      ],
      presets: [{ name: 'warm', description: 'raised rest', source: 'test', params: { vRest: -0.06 } }],
      createGroup: (size, p) =>
        new Network({ seed: 1, populations: [{ name: 'x', size, model: 'core/lif', params: { vRest: p.vRest, vReset: p.vRest, tauM: p.tauM } }] }).population(
          'x',
        ).group!,
    });
    const v = (pop: Record<string, unknown>) =>
      Array.from(new Network({ seed: 1, populations: [{ name: 'n', size: 1, model: 'test/lif_preset', ...pop }] }).population('n').group!.state('v'));
    expect(v({})).toEqual([-0.07]);
    expect(v({ preset: 'warm' })).toEqual([-0.06]);
    expect(v({ preset: 'warm', params: { vRest: -0.05 } })).toEqual([-0.05]);
  });
});
