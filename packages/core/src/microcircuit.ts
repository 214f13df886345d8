/**
 * The Potjans–Diesmann (2014) cortical microcircuit (PD14) as a network spec: eight populations
 * (L2/3, L4, L5, L6 × excitatory, inhibitory) of `core/iaf_psc_exp` neurons, the 8×8 connection
 * probabilities turned into total synapse numbers (NEST's fixed_total_number with multapses),
 * normal weights and delays redrawn into their sign / ≥ dt and delays rounded to the grid,
 * Poisson or DC background, with neuron-number and in-degree scaling (DC compensation when the
 * in-degrees are scaled). Every number and its source is in docs/microcircuit.md.
 */
import type { NetworkSpec, ProjectionSpec } from './spec.js';
import { Hz, mV, ms, pF } from './units.js';

/** Population names, in the order of every table below. */
export const PD14_POPULATIONS = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'] as const;

/** Full-scale population sizes (PD14 Table 5; NEST example `full_num_neurons`). */
export const PD14_SIZES: readonly number[] = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948];

/** Connection probabilities, [target][source] (PD14 Table 5; NEST example `conn_probs`). */
export const PD14_CONN_PROBS: readonly (readonly number[])[] = [
  [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
  [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
  [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
  [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
  [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
  [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
  [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
  [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
];

/** External (background) in-degrees per population (PD14 Table 5; NEST example `K_ext`). */
export const PD14_K_EXT: readonly number[] = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100];

/**
 * Per-population rates (Hz) of the full-scale model, the NEST example's `full_mean_rates`
 * ("obtained by running this PyNEST microcircuit with 12 MPI processes and both N_scaling and
 * K_scaling set to 1"): what `spinsnn bench microcircuit` compares against, and what the DC
 * compensation of scaled in-degrees assumes.
 */
export const PD14_REFERENCE_RATES: readonly number[] = [0.943, 3.026, 4.368, 5.882, 7.733, 8.664, 1.096, 7.851];

/** Initial V_m: population-specific normal means and sds ('optimized' V0 of the NEST example), V. */
export const PD14_V0_MEAN: readonly number[] = [-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43].map((v) => v * mV);
/** Standard deviations of the initial V_m (V). */
export const PD14_V0_SD: readonly number[] = [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48].map((v) => v * mV);

/** Scalar model constants (PD14 Tables 4–5; NEST example network_params.py, sim_params.py). */
export const PD14 = {
  C_m: 250 * pF,
  tau_m: 10 * ms,
  tau_syn: 0.5 * ms,
  t_ref: 2 * ms,
  E_L: -65 * mV,
  V_reset: -65 * mV,
  V_th: -50 * mV,
  /** Mean excitatory PSP amplitude; L4E → L23E is twice this. */
  PSP_exc_mean: 0.15 * mV,
  /** Relative sd of the weights. */
  weight_rel_sd: 0.1,
  /** Relative inhibitory weight. */
  g: -4,
  delay_exc_mean: 1.5 * ms,
  delay_inh_mean: 0.75 * ms,
  delay_rel_sd: 0.5,
  /** Rate of each background source. */
  bg_rate: 8 * Hz,
  dt: 0.1 * ms,
  /** Warm-up the NEST example discards (t_presim). */
  t_presim: 500 * ms,
} as const;

/** Options of `microcircuitSpec`. */
export interface MicrocircuitOptions {
  /** Neuron-number scaling N_scaling (1 = full scale, 77,169 neurons). Default 0.1. */
  scale?: number;
  /** In-degree scaling K_scaling (1 = full in-degrees); below 1 weights grow by 1/√k and DC compensates. Default 1. */
  kScale?: number;
  /** Background drive: Poisson PSCs per neuron per step, or their mean as DC. Default 'poisson'. */
  background?: 'poisson' | 'dc';
  seed: number;
  /** Record every spike (spike monitors on all populations). Default false: rates come from spike counts. */
  recordSpikes?: boolean;
}

/** PSC amplitude (A) that makes a PSP of 1 V peak for iaf_psc_exp (NEST example `postsynaptic_potential_to_current`). */
export function pscOverPsp(C_m: number, tau_m: number, tau_syn: number): number {
  const sub = 1 / (tau_syn - tau_m);
  const pre = ((tau_m * tau_syn) / C_m) * sub;
  const frac = (tau_m / tau_syn) ** sub;
  return 1 / (pre * (frac ** tau_m - frac ** tau_syn));
}

/**
 * Expected number of synapses for connection probability p between populations of nPre and
 * nPost neurons when synapses are drawn independently with multapses (PD14 eq. 1):
 * K = log(1 − p) / log(1 − 1/(nPre·nPost)).
 */
export function pd14SynapseCount(p: number, nPre: number, nPost: number): number {
  const prod = nPre * nPost;
  return Math.log(1 - p) / Math.log((prod - 1) / prod);
}

/** numpy's `np.round` (ties to even), which the NEST example uses: 1065 × 0.1 → 106 L5I neurons, not 107. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The derived tables of a scaled microcircuit: sizes, synapse numbers, weights, background. */
export interface MicrocircuitTables {
  sizes: number[];
  /** Synapse numbers [target][source]. */
  synapses: number[][];
  /** Mean weights [target][source] (A). */
  weights: number[][];
  /** Mean delays [target][source] (s). */
  delays: number[][];
  /** Scaled external in-degrees and PSC amplitude (A). */
  kExt: number[];
  wExt: number;
  /** DC current per population (A): the background's mean with 'dc', plus the in-degree compensation. */
  dc: number[];
}

/** The derived tables of PD14 for a scale, in-degree scale and background (the NEST example's derivation). */
export function microcircuitTables(scale: number, kScale: number, background: 'poisson' | 'dc'): MicrocircuitTables {
  const n = PD14_POPULATIONS.length;
  const full = PD14_SIZES;
  const fullSyn = PD14_CONN_PROBS.map((row, t) => row.map((p, s) => pd14SynapseCount(p, full[s], full[t])));
  const sizes = full.map((N) => roundHalfEven(N * scale));
  const synapses = fullSyn.map((row) => row.map((K) => roundHalfEven(K * scale * kScale)));
  const kExt = PD14_K_EXT.map((k) => roundHalfEven(k * kScale));
  const psc = pscOverPsp(PD14.C_m, PD14.tau_m, PD14.tau_syn);
  const w0 = Array.from({ length: n }, (_, t) =>
    Array.from({ length: n }, (_, s) => {
      const psp = s % 2 === 0 ? PD14.PSP_exc_mean : PD14.PSP_exc_mean * PD14.g;
      return (t === 0 && s === 2 ? 2 : 1) * psp * psc;
    }),
  );
  const wExt0 = PD14.PSP_exc_mean * psc;
  const delays = Array.from({ length: n }, () => Array.from({ length: n }, (_, s) => (s % 2 === 0 ? PD14.delay_exc_mean : PD14.delay_inh_mean)));
  const dc = new Array<number>(n).fill(0);
  if (background === 'dc') for (let t = 0; t < n; t++) dc[t] = PD14.bg_rate * PD14_K_EXT[t] * wExt0 * PD14.tau_syn;
  let weights = w0;
  let wExt = wExt0;
  if (kScale !== 1) {
    const sq = Math.sqrt(kScale);
    weights = w0.map((row) => row.map((w) => w / sq));
    wExt = wExt0 / sq;
    for (let t = 0; t < n; t++) {
      let rec = 0;
      for (let s = 0; s < n; s++) rec += w0[t][s] * (fullSyn[t][s] / full[t]) * PD14_REFERENCE_RATES[s];
      dc[t] += PD14.tau_syn * (1 - sq) * rec;
      if (background === 'poisson') dc[t] += PD14.tau_syn * (1 - sq) * wExt0 * PD14_K_EXT[t] * PD14.bg_rate;
    }
  }
  return { sizes, synapses, weights, delays, kExt, wExt, dc };
}

/** The PD14 microcircuit spec (see the module comment); populations are named as PD14_POPULATIONS. */
export function microcircuitSpec(o: MicrocircuitOptions): NetworkSpec {
  const scale = o.scale ?? 0.1;
  const kScale = o.kScale ?? 1;
  const background = o.background ?? 'poisson';
  const tb = microcircuitTables(scale, kScale, background);
  const dt = PD14.dt;
  const populations = PD14_POPULATIONS.map((name, t) => ({
    name,
    size: tb.sizes[t],
    model: 'core/iaf_psc_exp',
    params: {
      C_m: PD14.C_m,
      tau_m: PD14.tau_m,
      tau_syn_ex: PD14.tau_syn,
      tau_syn_in: PD14.tau_syn,
      t_ref: PD14.t_ref,
      E_L: PD14.E_L,
      V_reset: PD14.V_reset,
      V_th: PD14.V_th,
      I_e: tb.dc[t],
      bg_rate: background === 'poisson' ? PD14.bg_rate * tb.kExt[t] : 0,
      bg_weight: background === 'poisson' ? tb.wExt : 0,
    },
    init: { V_m: { normal: { mean: PD14_V0_MEAN[t], sd: PD14_V0_SD[t] } } },
  }));
  const projections: ProjectionSpec[] = [];
  PD14_POPULATIONS.forEach((target, t) => {
    PD14_POPULATIONS.forEach((source, s) => {
      const nSyn = tb.synapses[t][s];
      if (nSyn === 0) return;
      const w = tb.weights[t][s];
      const d = tb.delays[t][s];
      const exc = s % 2 === 0;
      projections.push({
        name: `${source}-${target}`,
        source,
        target,
        receptor: exc ? 'ex' : 'in',
        connectivity: { rule: 'fixed_total_number', n: nSyn },
        // NEST: redraw(normal(w, 0.1|w|), 0, ∞) for excitatory, (−∞, 0) for inhibitory
        weight: { normal: exc ? { mean: w, sd: Math.abs(w) * PD14.weight_rel_sd, min: 0 } : { mean: w, sd: Math.abs(w) * PD14.weight_rel_sd, max: 0 } },
        // NEST: redraw(normal(d, d/2), min = dt/2), then rounded to the dt grid, so every delay ≥ dt
        delay: { normal: { mean: d, sd: d * PD14.delay_rel_sd, min: dt / 2, grid: dt } },
      });
    });
  });
  return {
    dt,
    seed: o.seed,
    populations,
    projections,
    monitors: o.recordSpikes ? PD14_POPULATIONS.map((population) => ({ type: 'spikes' as const, population })) : [],
  };
}
