/** Registers core's own models: the reference LIF neurons and the exact float synapse. */
import { lifModel } from './neurons/lif.js';
import { lifCubaModel } from './neurons/lif-cuba.js';
import { lifCobaModel } from './neurons/lif-coba.js';
import { iafPscExpModel } from './neurons/iaf-psc-exp.js';
import { registerBackend, registerModel } from './registry.js';
import { floatSynapseModel } from './synapses.js';
import { NIR_NEURON_MODELS } from './neurons/nir-neurons.js';

for (const m of [lifModel, lifCubaModel, lifCobaModel, iafPscExpModel, floatSynapseModel, ...NIR_NEURON_MODELS]) registerModel(m);

registerBackend({ name: 'core', description: 'the kernel’s reference models: LIF neurons (delta, CUBA, COBA) and exact, unpriced float synapses' });
