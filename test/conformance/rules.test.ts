/**
 * The plasticity-rule conformance suite: every registered rule, on every registered synapse
 * model it accepts (a rule refuses a store it cannot drive with a SpecError at build, e.g. pulse
 * STDP on a store without applyPulse), read from the registry. For each pair: the rule learns
 * (weights move), weights stay finite and inside the store's range, a seed fixes the run,
 * run(a) + run(b) ≡ run(a + b), snapshot → JSON → restore ≡ uninterrupted, and a disabled rule
 * changes nothing.
 */
import { describe, expect, it } from 'vitest';
import '@spinsnn/backends';
import '@spinsnn/learning';
import '../fixtures/plugins/skyrmion-synapse.mjs';
import '../fixtures/plugins/symmetric-stdp.mjs';
import {
  Network,
  SpecError,
  decodeSnapshot,
  encodeSnapshot,
  mV,
  registeredModels,
  type NetworkSpec,
  type PlasticityModel,
  type SynapseModel,
} from '@spinsnn/core';

const W_MAX = 4 * mV;
const T = 0.3;

function spec(rule: PlasticityModel, synapse: SynapseModel, seed = 4): NetworkSpec {
  return {
    seed,
    populations: [{ name: 'post', size: 12, model: 'core/lif', params: { refractory: 1e-3 } }],
    inputs: [{ name: 'pre', type: 'poisson', size: 60, rate: 60 }],
    projections: [
      {
        source: 'pre',
        target: 'post',
        connectivity: { rule: 'fixed_probability', p: 0.5 },
        weight: { uniform: [0.5 * mV, 3.5 * mV] },
        delay: 1e-3,
        synapse: { device: synapse.id, wMin: 0, wMax: W_MAX, ...(synapse.ideal ? { params: { ...synapse.ideal } } : {}) },
        plasticity: { rule: rule.id },
      },
    ],
    monitors: [{ type: 'spikes', population: 'post' }],
  };
}

function accepts(rule: PlasticityModel, synapse: SynapseModel): boolean {
  try {
    new Network(spec(rule, synapse));
    return true;
  } catch (e) {
    if (e instanceof SpecError) return false;
    throw e;
  }
}

const rules = registeredModels({ kind: 'plasticity' });
const synapses = registeredModels({ kind: 'synapse' });
const pairs = rules.flatMap((r) => synapses.filter((s) => accepts(r, s)).map((s) => ({ r, s })));

const weights = (net: Network) => Array.from(net.projections[0].store!.weights);

function trace(r: PlasticityModel, s: SynapseModel, durations: number[], enabled = true) {
  const net = new Network(spec(r, s));
  net.rule('pre->post').enabled = enabled;
  for (const d of durations) net.run(d);
  return { w: weights(net), spikes: Array.from(net.spikes('post').times) };
}

describe('rule conformance: every registered rule on every synapse model it accepts', () => {
  it('covers the learning rules, and each rule accepts at least one synapse model', () => {
    for (const id of ['learning/stdp', 'learning/joule_stdp', 'lab/symmetric_stdp']) expect(rules.map((r) => r.id)).toContain(id);
    for (const r of rules)
      expect(
        pairs.some((p) => p.r === r),
        `${r.id} accepts a synapse`,
      ).toBe(true);
  });

  describe.each(pairs.map((p) => [`${p.r.id} on ${p.s.id}`, p] as const))('%s', (_name, { r, s }) => {
    it('learns, and keeps weights finite and inside the store’s range', () => {
      const net = new Network(spec(r, s));
      const w0 = weights(net);
      net.run(T);
      const w = weights(net);
      expect(w.every((x) => Number.isFinite(x) && x >= -1e-15 && x <= W_MAX + 1e-15)).toBe(true);
      expect(
        w.some((x, k) => x !== w0[k]),
        'some weight changed',
      ).toBe(true);
    });

    it('is deterministic for a seed, and run(a) + run(b) ≡ run(a + b)', () => {
      const whole = trace(r, s, [T]);
      expect(trace(r, s, [T])).toEqual(whole);
      expect(trace(r, s, [0.1234, T - 0.1234])).toEqual(whole);
    });

    it('snapshot → JSON → restore into a fresh build ≡ uninterrupted', () => {
      const a = new Network(spec(r, s));
      a.run(0.11);
      const b = new Network(spec(r, s));
      b.restore(decodeSnapshot(encodeSnapshot(a.snapshot())));
      b.run(T - 0.11);
      expect({ w: weights(b), spikes: Array.from(b.spikes('post').times) }).toEqual(trace(r, s, [0.11, T - 0.11]));
    });

    it('changes nothing while disabled', () => {
      const net = new Network(spec(r, s));
      const w0 = weights(net);
      expect(trace(r, s, [T], false).w).toEqual(w0);
    });
  });
});
