import { mV, ms } from './units.js';
import type { NetworkSpec, ValueSpec } from './spec.js';

/**
 * The reference networks of Brette et al. 2007 as Brian2 defines them (docs/benchmarks.md §1–2):
 * 80 % excitatory, 20 % inhibitory, p = 0.02 at 4,000 neurons and 80/N above (constant
 * in-degree), zero delay, dt = 0.1 ms, v uniform in [vReset, vThreshold].
 */
export interface BenchmarkNetworkOptions {
  neurons: number;
  seed: number;
  /** Connection probability; default 0.02 up to 4,000 neurons, 80/N above. */
  p?: number;
  /** Record every spike (costs memory at large N). */
  recordSpikes?: boolean;
}

/** Connection probability of the Brette et al. (2007) benchmarks: 0.02 up to 4,000 neurons, 80/N above. */
export function benchmarkConnectionProbability(neurons: number): number {
  return neurons <= 4000 ? 0.02 : 80 / neurons;
}

/** Weights and LIF parameters of the CUBA benchmark (Brette et al. 2007). */
export const CUBA = {
  we: ((60 * 0.27) / 10) * mV, // 1.62 mV
  wi: ((-20 * 4.5) / 10) * mV, // −9 mV
  params: { tauM: 20 * ms, tauE: 5 * ms, tauI: 10 * ms, vThreshold: -50 * mV, vReset: -60 * mV, vRest: -49 * mV, refractory: 5 * ms },
} as const;

/** Weights (in units of the leak conductance) and LIF parameters of the COBA benchmark (Brette et al. 2007). */
export const COBA = {
  we: 0.6, // 6 nS in units of gL = 10 nS
  wi: 6.7, // 67 nS
  params: { tauM: 20 * ms, tauE: 5 * ms, tauI: 10 * ms, vThreshold: -50 * mV, vReset: -60 * mV, vRest: -60 * mV, eExc: 0, eInh: -80 * mV, refractory: 5 * ms },
} as const;

/** Spec of the CUBA or COBA benchmark with populations `exc` (first 80 %) and `inh`. */
export function brette2007Spec(kind: 'cuba' | 'coba', o: BenchmarkNetworkOptions): NetworkSpec {
  const { we, wi, params } = kind === 'cuba' ? CUBA : COBA;
  const model = kind === 'cuba' ? 'core/lif_cuba' : 'core/lif_coba';
  const p = o.p ?? benchmarkConnectionProbability(o.neurons);
  const nE = Math.round(o.neurons * 0.8);
  const nI = o.neurons - nE;
  const v = { uniform: [params.vReset, params.vThreshold] as [number, number] };
  // COBA starts with conductances of 4 ± 1.5 nS and 20 ± 12 nS (in units of gL = 10 nS), as Brian's example
  const init: Record<string, ValueSpec> = kind === 'cuba' ? { v } : { v, ge: { normal: { mean: 0.4, sd: 0.15 } }, gi: { normal: { mean: 2.0, sd: 1.2 } } };
  const connectivity = { rule: 'fixed_probability' as const, p };
  return {
    dt: 0.1 * ms,
    seed: o.seed,
    populations: [
      { name: 'exc', size: nE, model, params: { ...params }, init },
      { name: 'inh', size: nI, model, params: { ...params }, init },
    ],
    projections: [
      { source: 'exc', target: 'exc', receptor: 'exc', connectivity, weight: we },
      { source: 'exc', target: 'inh', receptor: 'exc', connectivity, weight: we },
      { source: 'inh', target: 'exc', receptor: 'inh', connectivity, weight: wi },
      { source: 'inh', target: 'inh', receptor: 'inh', connectivity, weight: wi },
    ],
    monitors:
      o.recordSpikes === false
        ? []
        : [
            { type: 'spikes', population: 'exc' },
            { type: 'spikes', population: 'inh' },
          ],
  };
}
