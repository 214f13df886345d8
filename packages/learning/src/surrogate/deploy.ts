import { Network, SpecError, type NetworkSpec, type ProjectionSpec, type SynapseSpec } from '@spinsnn/core';
import type { DtLifGroup } from './dt-lif.js';
import { deviceRange, resolveHardware } from '../hwa/hardware.js';
import { programAndVerify, type ProgramOptions, type ProgramResult } from '../hwa/program.js';
import { totalSteps, weightMatrices, type SnnConfig, type SnnParams } from './model.js';

/**
 * Deployment of a spiking MLP onto the event kernel (docs/supervised-snn.md §3): one
 * `learning/dt_lif` population per layer, all-to-all zero-delay projections, and the input as a
 * spike source the runner drives sample after sample. Ideal weights go on one signed `core/float`
 * projection per layer; a synapse device gets a differential pair — G⁺ on receptor `exc` holding
 * max(w, 0) and G⁻ on `inh` holding max(−w, 0), each mapped onto the device's range [0, max|w|].
 */
export interface DeployOptions {
  /** Clock step (s); the kernel's simulated time per network step. Default 1 ms. */
  dt?: number;
  seed?: number;
  /** A registered synapse device (with its preset and params); omitted: ideal float weights. */
  synapse?: Omit<SynapseSpec, 'wMin' | 'wMax'>;
  /**
   * With a device: program the weights by program-and-verify (hwa/program.ts) from erased
   * devices (all at Gmin). Omitted: the store's own initial mapping (nearest level, no write noise).
   */
  program?: ProgramOptions;
}

/** Default clock step of deployed networks, s (the time one network step stands for). */
export const DEPLOY_DT = 1e-3;

/** Layer population names: `l1` … `lL` (the input is `in`). */
export const layerName = (l: number): string => (l === 0 ? 'in' : `l${l}`);

/** One weight matrix of a layered network: dense (all-to-all, rows × cols pre-major) or an explicit synapse list. */
export interface LayerMatrix {
  /** Kernel projection name (`w0`, `r1`, …; device pairs add `p` / `n`). */
  name: string;
  /** Source and target layer (0 = input). */
  from: number;
  to: number;
  rows: number;
  cols: number;
  /** Dense: rows × cols; with `pairs`: one weight per pair. */
  w: Float32Array;
  /** Explicit synapses (pre, post), sorted by pre then post (so pair order is CSR order); absent: dense. */
  pairs?: { pre: Int32Array; post: Int32Array };
}

/**
 * What the kernel deployment needs of a layered spiking network: its time convention and sizes,
 * leaks, constant inputs and weight matrices. A spiking MLP (`SnnParams`) is one (`layeredOf`);
 * a converted CNN is another (`cnnLayered`, explicit synapses).
 */
export interface LayeredSnn {
  config: SnnConfig;
  betas: number[];
  biases?: Float32Array[];
  matrices: LayerMatrix[];
}

/** An MLP (or recurrent network) in layered form: its dense matrices in `weightMatrices` order. */
export function layeredOf(p: SnnParams | LayeredSnn): LayeredSnn {
  if ('matrices' in p) return p;
  return { config: p.config, betas: p.betas, ...(p.biases ? { biases: p.biases } : {}), matrices: weightMatrices(p) };
}

/** The kernel `NetworkSpec` of a spiking MLP or any layered network. */
export function snnNetworkSpec(net: SnnParams | LayeredSnn, o: DeployOptions = {}): NetworkSpec {
  const p = layeredOf(net);
  const c = p.config;
  const populations = c.sizes.slice(1).map((size, l) => ({
    name: layerName(l + 1),
    size,
    model: 'learning/dt_lif',
    params: { beta: p.betas[l], threshold: c.threshold, resetZero: c.reset === 'zero' ? 1 : 0 },
    ...(p.biases ? { init: { bias: Float64Array.from(p.biases[l]) } } : {}),
  }));
  const projections: ProjectionSpec[] = [];
  for (const m of p.matrices) {
    const w = m.w;
    const want = m.pairs ? m.pairs.pre.length : m.rows * m.cols;
    if (w.length !== want) throw new SpecError(`weights of ${m.name}`, m.pairs ? `one per synapse pair (${want})` : `${m.rows} × ${m.cols} values`, w.length);
    // recurrent matrices are l → l projections (self-connections included), delivered a step later like any zero-delay one
    const connectivity = m.pairs ? { rule: 'explicit' as const, pre: m.pairs.pre, post: m.pairs.post } : { rule: 'all_to_all' as const, allowSelf: true };
    const base = { source: layerName(m.from), target: layerName(m.to), connectivity, delay: 0 };
    if (!o.synapse) {
      projections.push({ ...base, name: m.name, weight: Float64Array.from(w) });
      continue;
    }
    const hw = resolveHardware(o.synapse.device, o.synapse.preset, o.synapse.params, 'synapse');
    const wMax = deviceRange(w, hw);
    const syn: SynapseSpec = { ...o.synapse, wMin: 0, wMax };
    const erased = o.program !== undefined;
    projections.push({
      ...base,
      name: `${m.name}p`,
      receptor: 'exc',
      weight: erased ? 0 : Float64Array.from(w, (x) => Math.min(wMax, Math.max(x, 0))),
      synapse: syn,
    });
    projections.push({
      ...base,
      name: `${m.name}n`,
      receptor: 'inh',
      weight: erased ? 0 : Float64Array.from(w, (x) => Math.min(wMax, Math.max(-x, 0))),
      synapse: syn,
    });
  }
  return {
    dt: o.dt ?? DEPLOY_DT,
    seed: o.seed ?? 1,
    populations,
    inputs: [{ name: 'in', type: 'spike_times', size: c.sizes[0], indices: [], times: [] }],
    projections,
    monitors: c.sizes.slice(1).map((_, l) => ({ type: 'spikes' as const, population: layerName(l + 1) })),
  };
}

/** What one sample did on the kernel. */
export interface KernelSample {
  /** Output spike counts per class. */
  counts: Int32Array;
  /** argmax of counts (lowest index on ties). */
  prediction: number;
  /** Spikes per layer (hidden…output), this sample. */
  spikes: number[];
  /** Synaptic events (deliveries) this sample. */
  synapticEvents: number;
  /** Simulated time from the sample's start until the prediction last changed (s). */
  latencyS: number;
}

/**
 * Runs samples one after another on one kernel network: each sample occupies S = T + L clock
 * steps; between samples every membrane and pending input is zeroed, so sample n sees exactly
 * what a fresh network would.
 */
export class KernelSnnRunner {
  readonly net: Network;
  /** The network in layered form (for an MLP: its dense matrices). */
  readonly layered: LayeredSnn;
  readonly steps: number;
  private readonly groups: DtLifGroup[];
  private base = 0;
  private sampleIdx: Int32Array = new Int32Array(0);
  private sampleSteps: Int32Array = new Int32Array(0);
  private cursor = 0;
  private readonly handler: number;
  /** Synapses each neuron of layer l reaches (input = layer 0; a device pair counts twice). */
  private readonly outDegree: Int32Array[];
  /** Program-and-verify outcome per device projection (empty without `program`). */
  readonly programming: (ProgramResult & { projection: string; energyJ: number })[] = [];

  constructor(params: SnnParams | LayeredSnn, o: DeployOptions = {}, network?: Network) {
    this.layered = layeredOf(params);
    this.net = network ?? new Network(snnNetworkSpec(this.layered, o));
    this.steps = totalSteps(this.config);
    const L = this.config.sizes.length - 1;
    this.groups = Array.from({ length: L }, (_, l) => this.net.population(layerName(l + 1)).group as unknown as DtLifGroup);
    const input = this.net.population('in');
    const sim = this.net.sim;
    this.handler = sim.register({
      handleEvent: (t: number) => {
        const step = this.sampleSteps[this.cursor];
        while (this.cursor < this.sampleSteps.length && this.sampleSteps[this.cursor] === step) input.fire(this.sampleIdx[this.cursor++], t);
        if (this.cursor < this.sampleSteps.length) sim.schedule(sim.stepTime(this.base + this.sampleSteps[this.cursor]), this.handler);
      },
    });
    const devicePair = o.synapse ? 2 : 1;
    const matrices = this.layered.matrices;
    // synapses a spike of layer l reaches (input = layer 0): its feed-forward and recurrent rows
    this.outDegree = this.config.sizes.map((n) => new Int32Array(n));
    for (const m of matrices) {
      const deg = this.outDegree[m.from];
      if (m.pairs) for (const i of m.pairs.pre) deg[i] += devicePair;
      else for (let i = 0; i < m.rows; i++) deg[i] += m.cols * devicePair;
    }
    if (o.synapse && o.program) {
      for (const m of matrices) {
        for (const [suffix, sign] of [
          ['p', 1],
          ['n', -1],
        ] as const) {
          const pr = this.net.projection(`${m.name}${suffix}`);
          const e0 = this.net.ledger.totalJ();
          const r = programAndVerify(
            pr.store!,
            Float64Array.from(m.w, (x) => Math.max(sign * x, 0)),
            o.program,
          );
          this.programming.push({ ...r, projection: `${m.name}${suffix}`, energyJ: this.net.ledger.totalJ() - e0 });
        }
      }
      // inference energy is counted from here on
      this.net.ledger.reset();
    }
  }

  /** Time convention and layer sizes. */
  get config(): SnnConfig {
    return this.layered.config;
  }

  /** Idle time (s) for every device that models retention (stores with `relax`). */
  relax(duration: number): void {
    for (const pr of this.net.projections) {
      const st = pr.store as unknown as { relax?: (d: number) => void } | null;
      st?.relax?.(duration);
    }
  }

  /**
   * One sample: input spikes (indices[k] at input step steps[k], sorted by step, each < T).
   * `record` receives every layer spike as (layer 1…L, neuron, step within the sample).
   */
  infer(indices: Int32Array, steps: Int32Array, record?: (layer: number, neuron: number, step: number) => void): KernelSample {
    const c = this.config,
      L = c.sizes.length - 1,
      S = this.steps,
      sim = this.net.sim;
    for (let k = 0; k < steps.length; k++) {
      if (!(steps[k] >= 0 && steps[k] < c.timesteps) || (k > 0 && steps[k] < steps[k - 1]))
        throw new SpecError(`steps[${k}]`, `input steps in [0, ${c.timesteps}) in ascending order`, steps[k]);
    }
    this.base = Math.round(sim.t / sim.dt);
    for (const g of this.groups) g.resetState();
    const mons = Array.from({ length: L }, (_, l) => this.net.spikes(layerName(l + 1)));
    for (const m of mons) m.clear();
    this.sampleIdx = indices;
    this.sampleSteps = steps;
    this.cursor = 0;
    if (steps.length > 0) sim.schedule(sim.stepTime(this.base + steps[0]), this.handler);
    this.net.run(S * sim.dt);
    const counts = new Int32Array(c.sizes[L]);
    const spikes: number[] = [];
    let events = 0;
    for (let k = 0; k < indices.length; k++) events += this.outDegree[0][indices[k]];
    const out = mons[L - 1];
    for (let l = 0; l < L; l++) {
      const m = mons[l];
      spikes.push(m.count);
      const idx = m.indices,
        deg = this.outDegree[l + 1];
      for (let s = 0; s < m.count; s++) events += deg[idx[s]];
      if (record) {
        const ts = m.times;
        for (let s = 0; s < m.count; s++) record(l + 1, idx[s], Math.round(ts[s] / sim.dt) - this.base);
      }
    }
    // prediction and the step at which it last changed
    let prediction = 0,
      decided = 0;
    const oi = out.indices,
      ot = out.times;
    for (let s = 0; s < out.count; s++) {
      const j = oi[s];
      counts[j]++;
      let best = 0;
      for (let q = 1; q < counts.length; q++) if (counts[q] > counts[best]) best = q;
      if (best !== prediction) {
        prediction = best;
        decided = Math.round(ot[s] / sim.dt) - this.base + 1;
      }
    }
    return { counts, prediction, spikes, synapticEvents: events, latencyS: decided * sim.dt };
  }
}
