import { SpecError } from '../errors.js';
import { lifCobaModel, lifCubaModel, lifModel } from './lif.js';
import type { NeuronModelDef } from './types.js';

const models = new Map<string, NeuronModelDef>();

/** Makes a neuron model available to network specs by name (backends add theirs). */
export function registerNeuronModel(def: NeuronModelDef): void {
  models.set(def.name, def);
}

export function neuronModelNames(): string[] {
  return [...models.keys()];
}

export function getNeuronModel(name: string, path = 'model'): NeuronModelDef {
  const m = models.get(name);
  if (!m) throw new SpecError(path, `a registered neuron model (${neuronModelNames().join(', ')})`, name);
  return m;
}

for (const m of [lifModel, lifCubaModel, lifCobaModel]) registerNeuronModel(m);
