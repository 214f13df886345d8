import type { ConnectivitySpec } from './connectivity.js';
import { SpecError } from './errors.js';
import { getModel } from './registry.js';
import type { NetworkSpec } from './spec.js';

/**
 * A rough upper estimate of what building a spec allocates, computed from sizes and connectivity
 * alone, so that an impossible network is refused with a message instead of an engine crash (or
 * the machine swapping). Per synapse: the CSR target index, the connectivity builder's temporary
 * pairs, weights and delays (each materialised, then copied into CSR order) and device and rule
 * state; per neuron: every state variable plus buffers.
 */
export interface MemoryEstimate {
  bytes: number;
  neurons: number;
  synapses: number;
  /** The spec field that contributes most (named in the error). */
  largest: { path: string; bytes: number };
}

const NEURON_OVERHEAD_BYTES = 4 * 8;
const INPUT_BYTES = 2 * 8;
const SYNAPSE_BYTES = { index: 4, build: 8, weight: 2 * 8, delay: 2 * 8, device: 16, plasticity: 16 } as const;
/** CSR offsets are Int32: one projection cannot hold more. */
export const MAX_PROJECTION_SYNAPSES = 2 ** 31 - 1;

/** Synapses a connectivity rule draws (the expectation for fixed_probability). */
export function expectedSynapses(c: ConnectivitySpec, nPre: number, nPost: number): number {
  const self = (allow: boolean | undefined) => (allow === false && nPre === nPost ? nPre : 0);
  switch (c.rule) {
    case 'all_to_all':
      return nPre * nPost - self(c.allowSelf);
    case 'one_to_one':
      return nPre;
    case 'fixed_probability':
      return c.p * (nPre * nPost - self(c.allowSelf));
    case 'fixed_indegree':
      return c.k * nPost;
    case 'fixed_total_number':
      return c.n;
    case 'explicit':
      return c.pre.length;
  }
}

/** Estimates the bytes a network built from `spec` needs, and its largest contributor, before building it. */
export function estimateNetworkMemory(spec: NetworkSpec): MemoryEstimate {
  const sizes = new Map<string, number>();
  let bytes = 0;
  let neurons = 0;
  let synapses = 0;
  let largest = { path: 'spec', bytes: 0 };
  const add = (path: string, b: number) => {
    bytes += b;
    if (b > largest.bytes) largest = { path, bytes: b };
  };
  spec.populations.forEach((p, k) => {
    const model = getModel(p.model, 'neuron', `populations[${k}].model`);
    sizes.set(p.name, p.size);
    neurons += p.size;
    add(`populations[${k}].size`, p.size * (model.stateNames.length * 8 + NEURON_OVERHEAD_BYTES));
  });
  (spec.inputs ?? []).forEach((inp, k) => {
    sizes.set(inp.name, inp.size);
    add(`inputs[${k}].size`, inp.size * INPUT_BYTES);
  });
  (spec.projections ?? []).forEach((pr, k) => {
    const path = `projections[${k}]`;
    const nPre = sizes.get(pr.source) ?? 0;
    const nPost = sizes.get(pr.target) ?? 0;
    const n = expectedSynapses(pr.connectivity, nPre, nPost);
    if (n > MAX_PROJECTION_SYNAPSES) {
      throw new SpecError(
        `${path}.connectivity`,
        `at most ${MAX_PROJECTION_SYNAPSES} synapses in one projection (split it)`,
        `about ${n.toExponential(3)} synapses`,
      );
    }
    synapses += n;
    let per: number = SYNAPSE_BYTES.index + SYNAPSE_BYTES.build;
    if (typeof pr.weight !== 'number' || pr.synapse !== undefined) per += SYNAPSE_BYTES.weight;
    if (pr.delay !== undefined && typeof pr.delay !== 'number') per += SYNAPSE_BYTES.delay;
    if (pr.synapse !== undefined && pr.synapse.device !== 'core/float') per += SYNAPSE_BYTES.device;
    if (pr.plasticity !== undefined) per += SYNAPSE_BYTES.plasticity;
    add(`${path}.connectivity`, n * per + (nPre + 1) * 4);
  });
  return { bytes, neurons, synapses, largest };
}

/** Free memory of this machine in bytes (Node's os.freemem), or null where unknown (browsers). */
export function freeMemoryBytes(): number | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { freemem?: () => number } | undefined;
  const free = os?.freemem?.();
  return typeof free === 'number' && Number.isFinite(free) ? free : null;
}

const fmt = (b: number): string => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(1)} MiB` : `${Math.round(b)} B`);

/**
 * Refuses a spec whose estimate exceeds `limitBytes` (default: the free memory, where known).
 * Throws a SpecError naming the largest contributor, the estimate and the limit.
 */
export function checkNetworkMemory(spec: NetworkSpec, limitBytes?: number): MemoryEstimate {
  const est = estimateNetworkMemory(spec);
  const free = limitBytes === undefined ? freeMemoryBytes() : null;
  const limit = limitBytes ?? free;
  if (limit !== null && est.bytes > limit) {
    const what =
      limitBytes === undefined
        ? `the ${fmt(limit)} of free memory (os.freemem(); BuildOptions.memoryLimitBytes overrides)`
        : `BuildOptions.memoryLimitBytes = ${fmt(limit)}`;
    throw new SpecError(
      est.largest.path,
      `a network that fits in memory: the estimate is ${fmt(est.bytes)} (${est.neurons} neurons, ${Math.round(est.synapses)} synapses; this field ${fmt(est.largest.bytes)}), more than ${what}`,
      `an estimate of ${fmt(est.bytes)}`,
    );
  }
  return est;
}
