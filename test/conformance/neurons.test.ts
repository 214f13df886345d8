/**
 * The neuron conformance suite: what every registered neuron model must satisfy, whatever it
 * computes. It reads the registry — core's models, the backends' device neurons, learning's
 * Diehl & Cook neuron, and anything else imported — so a new model is covered by registering.
 *
 * Each model drives a small population from Poisson inputs into receptor 0 (with the model's
 * `exampleWeight`) and is checked for: finite state; determinism for a seed; run(a) + run(b) ≡
 * run(a + b); snapshot → restore into a fresh build ≡ uninterrupted; the wasm kernel ≡ the
 * TypeScript reference (where a model has one); clock-driven spikes on the dt grid.
 */
import { describe, expect, it } from 'vitest';
import '@spinsnn/backends';
import '@spinsnn/learning';
import '../fixtures/plugins/adex-neuron.mjs';
import {
  Network,
  decodeSnapshot,
  encodeSnapshot,
  registeredModels,
  type Integration,
  type KernelChoice,
  type NetworkSpec,
  type NeuronModel,
} from '@spinsnn/core';

const SIZE = 24;
const DT = 1e-4;
/** Work budget per trace (ledger operations: neuron updates, flips, oscillator steps). */
const OPS_BUDGET = 2e5;
/** Models whose output is v, not spikes (NIR's LI and Integrator): driven means v moved. */
const NON_SPIKING = ['core/li', 'core/integrator'];

function spec(model: NeuronModel, integration: Integration, seed = 3): NetworkSpec {
  return {
    dt: DT,
    seed,
    populations: [{ name: 'n', size: SIZE, model: model.id, integration, ...(model.ideal ? { params: { ...model.ideal } } : {}) }],
    inputs: [{ name: 'in', type: 'poisson', size: 40, rate: 300 }],
    projections: [{ source: 'in', target: 'n', connectivity: { rule: 'fixed_probability', p: 0.3 }, weight: model.exampleWeight ?? 1, delay: 2 * DT }],
    monitors: [{ type: 'spikes', population: 'n' }],
  };
}

/** Spikes and every state variable after running `durations` one after the other. */
function trace(model: NeuronModel, integration: Integration, durations: number[], kernel: KernelChoice = 'auto') {
  const net = new Network(spec(model, integration), { kernel });
  for (const d of durations) net.run(d);
  return outcome(net, model);
}

function outcome(net: Network, model: NeuronModel) {
  const group = net.population('n').group!;
  const mon = net.spikes('n');
  return {
    indices: Array.from(mon.indices),
    times: Array.from(mon.times),
    state: Object.fromEntries(model.stateNames.map((s) => [s, Array.from(group.state(s))])),
  };
}

/**
 * Simulated time per trace: 50 ms, shortened for models whose own dynamics are fast (a p-bit
 * flips every few ns) so that each trace does about OPS_BUDGET operations; a whole number of steps.
 */
function duration(m: NeuronModel, integration: Integration): number {
  const probeT = integration === 'clock' ? 20 * DT : 1e-6;
  const probe = new Network(spec(m, integration));
  probe.run(probeT);
  const ops = probe.ledger
    .rows()
    .filter((r) => r.component === 'population:n' && r.op !== 'spike')
    .reduce((a, r) => a + r.count, 0);
  const T = Math.min(0.05, OPS_BUDGET / (ops / probeT));
  return integration === 'clock' ? Math.max(20, Math.round(T / DT)) * DT : T;
}

const cases = registeredModels({ kind: 'neuron' }).flatMap((m) => m.integrations.map((integration) => ({ m, integration, T: duration(m, integration) })));

describe('neuron conformance: every registered neuron model', () => {
  it('covers core, device and learning neurons (the registry is populated)', () => {
    const ids = cases.map((c) => c.m.id);
    for (const id of ['core/lif', 'core/lif_cuba', 'core/lif_coba', 'pbit/telegraph', 'stno/rate', 'learning/dc_lif', 'learning/dt_lif', 'adex/neuron'])
      expect(ids).toContain(id);
  });

  describe.each(cases.map((c) => [`${c.m.id} (${c.integration}, ${(c.T * 1e3).toFixed(1)} ms)`, c] as const))('%s', (_name, { m, integration, T }) => {
    const cut = integration === 'clock' ? Math.round((0.37 * T) / DT) * DT : 0.37 * T;
    it('declares its state variables, and a group has exactly those', () => {
      const net = new Network(spec(m, integration));
      expect([...net.population('n').group!.stateNames].sort()).toEqual([...m.stateNames].sort());
      expect(net.population('n').group!.integration).toBe(integration);
    });

    it('keeps every state variable finite and is driven by its inputs', () => {
      const r = trace(m, integration, [T]);
      for (const [name, values] of Object.entries(r.state)) {
        expect(values.every(Number.isFinite), `${name} finite`).toBe(true);
      }
      expect(r.times.every((t) => t >= 0 && t < T)).toBe(true);
      if (NON_SPIKING.includes(m.id))
        expect(
          r.state.v.some((v) => v !== 0),
          'v moved by the example drive',
        ).toBe(true);
      else expect(r.times.length, 'spikes under the example drive').toBeGreaterThan(0);
    });

    it('is deterministic for a seed', () => {
      expect(trace(m, integration, [T])).toEqual(trace(m, integration, [T]));
    });

    it('run(a) + run(b) ≡ run(a + b)', () => {
      expect(trace(m, integration, [cut + T / 1e3, T - cut - T / 1e3])).toEqual(trace(m, integration, [T]));
    });

    it('snapshot, restore into a fresh build, run on ≡ uninterrupted (through JSON, bit for bit)', () => {
      const a = new Network(spec(m, integration));
      a.run(cut);
      const saved = encodeSnapshot(a.snapshot());
      const b = new Network(spec(m, integration));
      b.restore(decodeSnapshot(saved));
      b.run(T - cut);
      expect(outcome(b, m)).toEqual(trace(m, integration, [cut, T - cut]));
    });

    it('the wasm kernel (where the model has one) ≡ the TypeScript reference', () => {
      expect(trace(m, integration, [T], 'auto')).toEqual(trace(m, integration, [T], 'js'));
    });

    if (integration === 'clock') {
      it('spikes on the dt grid', () => {
        const r = trace(m, integration, [T]);
        for (const t of r.times) expect(Math.abs(t / DT - Math.round(t / DT))).toBeLessThan(1e-9);
      });
    }
  });
});
