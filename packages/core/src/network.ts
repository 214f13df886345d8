import { buildConnectivity, pairOrder } from './connectivity.js';
import { SpecError } from './errors.js';
import { PoissonInput, SpikeTimesInput } from './inputs.js';
import { EnergyLedger } from './ledger.js';
import { RateMonitor, SpikeMonitor, StateMonitor } from './monitors.js';
import { getNeuronModel } from './neurons/registry.js';
import type { NeuronModelDef } from './neurons/types.js';
import { resolveParams } from './params.js';
import { Population } from './population.js';
import { Projection, sortRowsByDelay } from './projection.js';
import { Rng } from './rng.js';
import { Simulator } from './simulator.js';
import { DEFAULT_DT, validateSpec, type NetworkSpec, type SpecModelInfo, type ValueSpec } from './spec.js';
import { createSynapseStore } from './synapses.js';
import type { KernelChoice } from './wasm/kernels.js';

/** RNG stream bases: each part of a build draws from its own stream, so adding a monitor or a
 * population does not shift the random numbers another part sees. */
const STREAM = { connect: 1000, init: 2000, weight: 3000, input: 4000, device: 5000, neuron: 6000 } as const;

/** Turns a ValueSpec into n values. */
export function materialize(v: ValueSpec, n: number, rng: Rng): Float64Array {
  const out = new Float64Array(n);
  if (typeof v === 'number') return out.fill(v);
  if ('length' in v) {
    out.set(v as ArrayLike<number>);
    return out;
  }
  if ('uniform' in v) {
    const [lo, hi] = v.uniform;
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng.uniform();
    return out;
  }
  const { mean, sd } = v.normal;
  for (let i = 0; i < n; i++) out[i] = mean + sd * rng.normal();
  return out;
}

function modelInfo(name: string, path: string): SpecModelInfo {
  const m = getNeuronModel(name, path);
  return {
    integrations: m.integrations,
    receptors: m.receptors,
    stateNames: m.create(1, defaults(m), m.integrations[0], DEFAULT_DT).stateNames,
    checkParams: (params, p) => void resolveParams(m.params, params, p),
  };
}

function defaults(m: NeuronModelDef): Record<string, number> {
  return Object.fromEntries(m.params.map((p) => [p.name, p.default]));
}

export interface BuildOptions {
  /** Skip validation (the caller validated already, e.g. a huge generated spec). */
  trusted?: boolean;
  /** Neuron-update implementation: wasm SIMD fast paths where available ('auto', default) or the TS reference ('js'). */
  kernel?: KernelChoice;
  /**
   * Share one queue event among all spikes a source emits at one instant into a uniform-delay
   * projection (default true). False schedules one event per spike — only for measuring the gain.
   */
  spikeBatching?: boolean;
  /**
   * Simulated time the network starts at (s, default 0). Lets a run resumed from a checkpoint
   * rebuild its network at the checkpoint's time, so every later event time has the same bits.
   */
  startTime?: number;
}

/** A built network: the simulator and everything attached to it, by name. */
export class Network {
  readonly sim: Simulator;
  readonly ledger = new EnergyLedger();
  readonly populations = new Map<string, Population>();
  readonly projections: Projection[] = [];
  readonly poissonInputs = new Map<string, PoissonInput>();
  readonly spikeMonitors = new Map<string, SpikeMonitor>();
  readonly stateMonitors = new Map<string, StateMonitor>();
  readonly rateMonitors = new Map<string, RateMonitor>();
  readonly rng: Rng;
  /**
   * Every random stream forked while building, in build order (connectivity, weights, devices,
   * neurons, inputs). Saving their states (`getState`) and restoring them on a rebuilt network
   * makes a checkpointed run continue with exactly the draws an uninterrupted one makes.
   */
  readonly randomStreams: Rng[] = [];

  constructor(readonly spec: NetworkSpec, options: BuildOptions = {}) {
    if (!options.trusted) validateSpec(spec, modelInfo);
    const dt = spec.dt ?? DEFAULT_DT;
    this.sim = new Simulator(dt);
    if (options.startTime !== undefined) this.sim.setStartTime(options.startTime);
    this.rng = new Rng(spec.seed);
    const ledger = this.ledger;

    spec.populations.forEach((p, k) => {
      const path = `populations[${k}]`;
      const model = getNeuronModel(p.model, `${path}.model`);
      const params = resolveParams(model.params, p.params, `${path}.params`);
      const integration = p.integration ?? model.integrations[0];
      const group = model.create(p.size, params, integration, dt, { kernel: options.kernel ?? 'auto' });
      const initRng = this.fork(STREAM.init + k);
      for (const [name, v] of Object.entries(p.init ?? {})) group.state(name).set(materialize(v, p.size, initRng));
      const pop = new Population(p.name, p.size, 'neurons', p.model, group);
      pop.spikeCounter = ledger.counter(`population:${p.name}`, 'spike');
      this.populations.set(p.name, pop);
    });
    (spec.inputs ?? []).forEach((inp) => {
      const pop = new Population(inp.name, inp.size, 'input', inp.type, null);
      pop.spikeCounter = ledger.counter(`input:${inp.name}`, 'spike');
      this.populations.set(inp.name, pop);
    });

    // monitors listen before projections deliver, so a recorded spike precedes its effects
    (spec.monitors ?? []).forEach((m, k) => {
      const pop = this.populations.get(m.population)!;
      const name = m.name ?? `${m.type}:${m.population}${k > 0 && this.hasMonitorName(`${m.type}:${m.population}`) ? `#${k}` : ''}`;
      if (m.type === 'spikes') {
        const mon = new SpikeMonitor(m.population);
        pop.addListener(mon);
        this.spikeMonitors.set(name, mon);
      } else if (m.type === 'rate') {
        const mon = new RateMonitor(m.population, pop.size, m.bin ?? 1e-3);
        pop.addListener(mon);
        this.rateMonitors.set(name, mon);
      } else {
        this.stateMonitors.set(name, new StateMonitor(m.population, m.variable, pop.group!, m.indices, m.interval ?? dt));
      }
    });

    (spec.projections ?? []).forEach((pr, k) => {
      const path = `projections[${k}]`;
      const source = this.populations.get(pr.source)!;
      const target = this.populations.get(pr.target)!;
      const model = getNeuronModel(target.model);
      const receptor = pr.receptor === undefined ? 0 : model.receptors.indexOf(pr.receptor);
      const name = pr.name ?? `${pr.source}->${pr.target}${pr.receptor ? ':' + pr.receptor : ''}`;
      const csr = buildConnectivity(pr.connectivity, source.size, target.size, this.fork(STREAM.connect + k), `${path}.connectivity`);
      const nSyn = csr.post.length;
      const order = pr.connectivity.rule === 'explicit' ? pairOrder(source.size, pr.connectivity.pre) : null;
      const wRng = this.fork(STREAM.weight + k);
      const perSynapse = (v: ValueSpec, field: string): Float64Array => {
        if (typeof v !== 'number' && 'length' in v && v.length !== nSyn) {
          throw new SpecError(`${path}.${field}`, `a list of ${nSyn} values (one per synapse) or a single number`, `a list of ${v.length}`);
        }
        const vals = materialize(v, nSyn, wRng);
        return order && typeof v !== 'number' && 'length' in v ? Float64Array.from(order, (s) => vals[s]) : vals;
      };
      const delaySpec = pr.delay ?? 0;
      let delays: { uniform: number } | { perSynapse: Float64Array };
      let perm: Int32Array | null = null;
      if (typeof delaySpec === 'number') delays = { uniform: delaySpec };
      else {
        const d = perSynapse(delaySpec, 'delay');
        perm = sortRowsByDelay(csr.rowPtr, csr.post as Int32Array, d);
        delays = { perSynapse: d };
      }
      const component = `projection:${name}`;
      let weights: { scalar: number } | { store: ReturnType<typeof createSynapseStore> };
      if (typeof pr.weight === 'number' && pr.synapse === undefined) weights = { scalar: pr.weight };
      else {
        let w = perSynapse(pr.weight, 'weight');
        if (perm) w = Float64Array.from(perm, (s) => w[s]);
        let wMax = 0;
        for (let s = 0; s < nSyn; s++) if (Math.abs(w[s]) > wMax) wMax = Math.abs(w[s]);
        const syn = pr.synapse ?? { device: 'ideal' };
        const store = createSynapseStore(syn.device, {
          size: nSyn,
          initialWeights: w,
          wMin: syn.wMin ?? (syn.device === 'ideal' ? -Infinity : 0),
          wMax: syn.wMax ?? (syn.device === 'ideal' ? Infinity : wMax),
          params: syn.params ?? {},
          preset: syn.preset,
          rng: this.fork(STREAM.device + k),
          ledger,
          component,
          path: `${path}.synapse`,
        });
        weights = { store };
      }
      const proj = new Projection(name, source, target, Math.max(0, receptor), csr, weights, delays, options.spikeBatching ?? true);
      source.addListener(proj);
      this.projections.push(proj);
    });

    // attach to the simulator: groups first (their first ticks), then inputs, then monitors
    for (const pop of this.populations.values()) {
      if (pop.group) pop.group.attach({ sim: this.sim, out: pop, ledger, component: `population:${pop.name}`, rng: this.fork(STREAM.neuron + this.populationIndex(pop.name)) });
    }
    (spec.inputs ?? []).forEach((inp, k) => {
      const pop = this.populations.get(inp.name)!;
      if (inp.type === 'poisson') {
        const rates = typeof inp.rate === 'number' ? [inp.rate] : inp.rate;
        const pin = new PoissonInput(pop, rates, this.fork(STREAM.input + k), inp.schedule);
        pin.attach(this.sim);
        this.poissonInputs.set(inp.name, pin);
      } else {
        new SpikeTimesInput(pop, inp.indices, inp.times).attach(this.sim);
      }
    });
    for (const proj of this.projections) proj.attach(this.sim, ledger.counter(`projection:${proj.name}`, 'synapticEvent'));
    for (const m of this.stateMonitors.values()) m.attach(this.sim);
  }

  private fork(stream: number): Rng {
    const r = this.rng.fork(stream);
    this.randomStreams.push(r);
    return r;
  }

  private hasMonitorName(n: string): boolean {
    return this.spikeMonitors.has(n) || this.rateMonitors.has(n) || this.stateMonitors.has(n);
  }

  private populationIndex(name: string): number {
    return this.spec.populations.findIndex((p) => p.name === name);
  }

  get t(): number {
    return this.sim.t;
  }

  run(duration: number): this {
    this.sim.run(duration);
    for (const pop of this.populations.values()) if (pop.spikeCounter) pop.spikeCounter.count = pop.spikes;
    return this;
  }

  population(name: string): Population {
    const p = this.populations.get(name);
    if (!p) throw new SpecError('population', `one of ${[...this.populations.keys()].join(', ')}`, name);
    return p;
  }

  /** The spike monitor of a population (the first one declared for it). */
  spikes(population: string): SpikeMonitor {
    for (const m of this.spikeMonitors.values()) if (m.population === population) return m;
    throw new SpecError('monitors', `a spikes monitor on ${population} (add { type: 'spikes', population: '${population}' })`, population);
  }

  projection(name: string): Projection {
    const p = this.projections.find((x) => x.name === name);
    if (!p) throw new SpecError('projection', `one of ${this.projections.map((x) => x.name).join(', ')}`, name);
    return p;
  }

  synapseCount(): number {
    return this.projections.reduce((s, p) => s + p.size, 0);
  }
}

/** Validates and builds a network from its spec. */
export function buildNetwork(spec: NetworkSpec, options?: BuildOptions): Network {
  return new Network(spec, options);
}

export { validateSpec };
export function validateNetworkSpec(spec: unknown): asserts spec is NetworkSpec {
  validateSpec(spec, modelInfo);
}
