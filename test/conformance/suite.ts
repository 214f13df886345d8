/**
 * The device conformance suite: what every registered synapse device must satisfy, whatever
 * its physics. `conformanceCases` lists (model, configuration) pairs; the checks below take one.
 * A new device passes by being registered — nothing here names a device.
 */
import { EnergyLedger, Rng, type ParamValues, registeredModels, resolveModelParams, type SynapseModel } from '@spinsnn/core';
import { idealQuantise, standaloneContext, type DeviceSynapseStore, type Pulse } from '@spinsnn/backends';

export interface ConformanceCase {
  readonly id: string;
  readonly model: SynapseModel;
  /** `defaults`, a preset name, or `ideal` (every non-ideality off). */
  readonly config: string;
  readonly params: ParamValues;
}

export function conformanceCases(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const model of registeredModels({ kind: 'synapse' })) {
    if (!isDevice(model)) continue;
    const id = model.id;
    out.push({ id, model, config: 'defaults', params: resolveModelParams(model, undefined, {}) });
    for (const p of model.presets ?? []) out.push({ id, model, config: p.name, params: resolveModelParams(model, p.name, {}) });
    if (model.ideal) out.push({ id, model, config: 'ideal', params: resolveModelParams(model, undefined, model.ideal) });
  }
  return out;
}

/** Device stores only (pulses, conductance): core/float is exact arithmetic with no device API. */
function isDevice(model: SynapseModel): boolean {
  const probe = model.createStore(standaloneContext({ size: 1, rng: new Rng(1), ledger: new EnergyLedger() }), resolveModelParams(model, undefined, {}));
  return typeof (probe as Partial<DeviceSynapseStore>).applyPulse === 'function';
}

export const W_MIN = -0.5;
export const W_MAX = 1.5;

export function build(c: ConformanceCase, size: number, seed: number, w0?: Float64Array, ledger = new EnergyLedger()): DeviceSynapseStore {
  const rng = new Rng(seed, 99);
  const initialWeights = w0 ?? Float64Array.from({ length: size }, () => W_MIN + (W_MAX - W_MIN) * rng.uniform());
  return c.model.createStore(
    standaloneContext({ size, rng: new Rng(seed), ledger, initialWeights, wMin: W_MIN, wMax: W_MAX, component: `conformance:${c.id}` }),
    c.params,
  ) as DeviceSynapseStore;
}

/** A fixed mixed workload: requested changes and explicit pulses of varied amplitude. */
export function workload(store: DeviceSynapseStore, ops: number, seed: number, t0 = 0): number[] {
  const rng = new Rng(seed, 1234);
  const energies: number[] = [];
  const range = W_MAX - W_MIN;
  for (let k = 0; k < ops; k++) {
    const s = rng.int(store.size);
    const t = t0 + k * 1e-6;
    if (rng.uniform() < 0.5) store.requestChange(s, (rng.uniform() - 0.5) * range, t);
    else {
      const pulse: Pulse = {
        polarity: rng.uniform() < 0.5 ? 1 : -1,
        amplitude: store.nominalPulse.amplitude * (0.3 + rng.uniform()),
        width: store.nominalPulse.width,
      };
      store.applyPulse(s, pulse, t);
    }
    energies.push(store.last.energyJ);
  }
  return energies;
}

export { idealQuantise };
