import { buildConnectivity, pairOrder } from './connectivity.js';
import { SpecError } from './errors.js';
import { PoissonInput, SpikeTimesInput } from './inputs.js';
import { EnergyLedger } from './ledger.js';
import { checkNetworkMemory } from './memory.js';
import { RateMonitor, SpikeMonitor, StateMonitor, WeightMonitor } from './monitors.js';
import './core-models.js';
import type { PlasticityRule } from './plasticity.js';
import { Population } from './population.js';
import { Projection, sortRowsByDelay } from './projection.js';
import { getModel, resolveModelParams } from './registry.js';
import { Rng, type RngState } from './rng.js';
import { Simulator } from './simulator.js';
import { DEFAULT_DT, DEFAULT_WEIGHT_INTERVAL, MAX_MONITORED_WEIGHTS, projectionName, validateNetworkSpec, type NetworkSpec, type ValueSpec } from './spec.js';
import { stateRecord, type StateRecord, type StateValue } from './state.js';
import type { SynapseStore } from './synapses.js';
import type { KernelChoice } from './wasm/kernels.js';

/** RNG stream bases: each part of a build draws from its own stream, so adding a monitor or a
 * population does not shift the random numbers another part sees. */
const STREAM = { connect: 1000, init: 2000, weight: 3000, input: 4000, device: 5000, neuron: 6000, plasticity: 7000 } as const;

/** What `Network.snapshot()` returns: plain data and typed arrays (`encodeSnapshot` writes it exactly). */
export interface NetworkSnapshot extends StateRecord {
  readonly format: 'spinsnn-network-snapshot';
  readonly version: 1;
  readonly t: number;
}

/** Redraws of one truncated-normal value before giving up (validation makes ~740 the worst mean). */
const MAX_REDRAWS = 1_000_000;

/** Turns a ValueSpec into n values (a bounded normal is redrawn into [min, max], then rounded onto its grid). */
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
  const { mean, sd, min = -Infinity, max = Infinity, grid } = v.normal;
  const redraw = min > -Infinity || max < Infinity;
  for (let i = 0; i < n; i++) {
    let x = mean + sd * rng.normal();
    if (redraw) {
      // NEST's redraw: draw again until inside [min, max] (validation keeps the acceptance ≥ ~0.1 %)
      let tries = 1;
      while (!(x >= min && x <= max)) {
        if (++tries > MAX_REDRAWS)
          throw new SpecError('normal', `bounds [min, max] a normal(${mean}, ${sd}) reaches within ${MAX_REDRAWS} draws`, { min, max });
        x = mean + sd * rng.normal();
      }
    }
    out[i] = grid === undefined ? x : Math.round(x / grid) * grid;
  }
  return out;
}

/** out[k] = values[index[k]] (a plain loop: `Float64Array.from(index, fn)` is ~10× slower on large arrays). */
function gather(values: Float64Array, index: Int32Array): Float64Array {
  const out = new Float64Array(index.length);
  for (let k = 0; k < index.length; k++) out[k] = values[index[k]];
  return out;
}

/** Options of `new Network(spec, options)`: validation, kernel choice, memory limit. */
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
  /**
   * Refuse specs whose estimated memory (`estimateNetworkMemory`) exceeds this many bytes.
   * Default: the machine's free memory where known (Node), no limit elsewhere; Infinity disables.
   */
  memoryLimitBytes?: number;
  /**
   * Threads. `new Network` is the single-threaded event kernel, so only 1 (or undefined) is
   * accepted; more threads run on `ParallelNetwork.create(spec, { threads })` from
   * `@spinsnn/core/node` (docs/parallel.md), which gives the same results for any count.
   */
  threads?: number;
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
  readonly weightMonitors = new Map<string, WeightMonitor>();
  readonly spikeTimesInputs = new Map<string, SpikeTimesInput>();
  readonly rng: Rng;
  /**
   * Every random stream forked while building, in build order (connectivity, weights, devices,
   * neurons, inputs). Saving their states (`getState`) and restoring them on a rebuilt network
   * makes a checkpointed run continue with exactly the draws an uninterrupted one makes.
   */
  readonly randomStreams: Rng[] = [];

  constructor(
    readonly spec: NetworkSpec,
    options: BuildOptions = {},
  ) {
    if (options.threads !== undefined && options.threads !== 1)
      throw new SpecError(
        'threads',
        '1: new Network is the single-threaded event kernel — for more threads use ParallelNetwork.create(spec, { threads }) from @spinsnn/core/node',
        options.threads,
      );
    if (!options.trusted) validateNetworkSpec(spec);
    // before any allocation: an impossible size must be a SpecError, not an engine RangeError
    checkNetworkMemory(spec, options.memoryLimitBytes);
    const dt = spec.dt ?? DEFAULT_DT;
    this.sim = new Simulator(dt);
    if (options.startTime !== undefined) this.sim.setStartTime(options.startTime);
    this.rng = new Rng(spec.seed);
    const ledger = this.ledger;

    spec.populations.forEach((p, k) => {
      const path = `populations[${k}]`;
      const model = getModel(p.model, 'neuron', `${path}.model`);
      const params = resolveModelParams(model, p.preset, p.params, path);
      const integration = p.integration ?? model.integrations[0];
      const group = model.createGroup(p.size, params, integration, dt, { kernel: options.kernel ?? 'auto' });
      const initRng = this.fork(STREAM.init + k);
      for (const [name, v] of Object.entries(p.init ?? {})) group.state(name).set(materialize(v, p.size, initRng));
      const pop = new Population(p.name, p.size, 'neurons', model.id, group);
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
      if (m.type === 'weights') return; // built below, once its projection exists
      const pop = this.populations.get(m.population)!;
      const name = m.name ?? `${m.type}:${m.population}${k > 0 && this.hasMonitorName(`${m.type}:${m.population}`) ? `#${k}` : ''}`;
      if (m.type === 'spikes') {
        const mon = new SpikeMonitor(m.population);
        pop.addListener(mon);
        this.spikeMonitors.set(name, mon);
      } else if (m.type === 'rate') {
        const mon = new RateMonitor(m.population, pop.size, m.bin ?? 1e-3, () => this.sim.t);
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
      const model = getModel(target.model, 'neuron');
      const receptor = pr.receptor === undefined ? 0 : model.receptors.indexOf(pr.receptor);
      const name = projectionName(pr);
      if (pr.bias !== undefined) {
        const b = target.group!.state('bias');
        const bias = pr.bias;
        for (let j = 0; j < target.size; j++) b[j] += typeof bias === 'number' ? bias : bias[j];
      }
      const csr = buildConnectivity(pr.connectivity, source.size, target.size, this.fork(STREAM.connect + k), `${path}.connectivity`);
      const nSyn = csr.post.length;
      const order = pr.connectivity.rule === 'explicit' ? pairOrder(source.size, pr.connectivity.pre) : null;
      const wRng = this.fork(STREAM.weight + k);
      const perSynapse = (v: ValueSpec, field: string): Float64Array => {
        if (typeof v !== 'number' && 'length' in v && v.length !== nSyn) {
          throw new SpecError(`${path}.${field}`, `a list of ${nSyn} values (one per synapse) or a single number`, `a list of ${v.length}`);
        }
        const vals = materialize(v, nSyn, wRng);
        return order && typeof v !== 'number' && 'length' in v ? gather(vals, order) : vals;
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
      let weights: { scalar: number } | { store: SynapseStore };
      if (typeof pr.weight === 'number' && pr.synapse === undefined) weights = { scalar: pr.weight };
      else {
        let w = perSynapse(pr.weight, 'weight');
        if (perm) w = gather(w, perm);
        let wMax = 0;
        for (let s = 0; s < nSyn; s++) if (Math.abs(w[s]) > wMax) wMax = Math.abs(w[s]);
        const syn = pr.synapse ?? { device: 'core/float' };
        const synPath = `${path}.synapse`;
        const device = getModel(syn.device, 'synapse', `${synPath}.device`);
        // the exact float store is unbounded by default; a device maps [0, largest weight] onto its range
        const unbounded = device.id === 'core/float';
        const wMin = syn.wMin ?? (unbounded ? -Infinity : 0);
        let wMaxUsed = syn.wMax ?? (unbounded ? Infinity : wMax);
        if (!unbounded && syn.wMax === undefined && wMaxUsed <= wMin) {
          // no synapses drawn: the range is never used, any valid one will do
          if (nSyn === 0) wMaxUsed = Math.max(wMin, 0) + 1;
          else
            throw new SpecError(
              `${synPath}.wMax`,
              `a weight range to map onto ${syn.device}: the initial weights are all ≤ wMin = ${wMin}, so set synapse.wMax (and wMin) or give some larger weights`,
              wMaxUsed,
            );
        }
        if (unbounded ? wMaxUsed < wMin : !(wMaxUsed > wMin)) throw new SpecError(`${synPath}.wMax`, `a weight above wMin = ${wMin}`, wMaxUsed);
        const store = device.createStore(
          {
            size: nSyn,
            initialWeights: w,
            wMin,
            wMax: wMaxUsed,
            rng: this.fork(STREAM.device + k),
            ledger,
            component,
            path: synPath,
          },
          resolveModelParams(device, syn.preset, syn.params, synPath),
        );
        weights = { store };
      }
      const proj = new Projection(name, source, target, Math.max(0, receptor), csr, weights, delays, options.spikeBatching ?? true);
      source.addListener(proj);
      this.projections.push(proj);
    });

    (spec.monitors ?? []).forEach((m, k) => {
      if (m.type !== 'weights') return;
      const proj = this.projection(m.projection);
      const path = `monitors[${k}]`;
      let synapses: Int32Array;
      if (m.synapses) {
        const bad = m.synapses.find((s) => s >= proj.size);
        if (bad !== undefined)
          throw new SpecError(`${path}.synapses`, `synapse indices in [0, ${proj.size}) (projection ${proj.name} has ${proj.size} synapses)`, bad);
        synapses = Int32Array.from(m.synapses);
      } else {
        if (proj.size > MAX_MONITORED_WEIGHTS)
          throw new SpecError(
            `${path}.synapses`,
            `a list of the synapses to record: projection ${proj.name} has ${proj.size} synapses, more than ${MAX_MONITORED_WEIGHTS} recorded by default`,
            undefined,
          );
        synapses = Int32Array.from({ length: proj.size }, (_, s) => s);
      }
      const name = m.name ?? `weights:${proj.name}`;
      if (this.hasMonitorName(name))
        throw new SpecError(`${path}.name`, `a name not used by another monitor (give each monitor of ${proj.name} its own name)`, name);
      this.weightMonitors.set(name, new WeightMonitor(proj, synapses, m.interval ?? DEFAULT_WEIGHT_INTERVAL));
    });

    // attach to the simulator: groups first (their first ticks), then inputs, then monitors
    for (const pop of this.populations.values()) {
      if (pop.group)
        pop.group.attach({
          sim: this.sim,
          out: pop,
          ledger,
          component: `population:${pop.name}`,
          rng: this.fork(STREAM.neuron + this.populationIndex(pop.name)),
        });
    }
    (spec.inputs ?? []).forEach((inp, k) => {
      const pop = this.populations.get(inp.name)!;
      if (inp.type === 'poisson') {
        const rates = typeof inp.rate === 'number' ? [inp.rate] : inp.rate;
        const pin = new PoissonInput(pop, rates, this.fork(STREAM.input + k), inp.schedule);
        pin.attach(this.sim);
        this.poissonInputs.set(inp.name, pin);
      } else {
        const sti = new SpikeTimesInput(pop, inp.indices, inp.times);
        sti.attach(this.sim);
        this.spikeTimesInputs.set(inp.name, sti);
      }
    });
    for (const proj of this.projections) proj.attach(this.sim, ledger.counter(`projection:${proj.name}`, 'synapticEvent'));
    for (const m of this.stateMonitors.values()) m.attach(this.sim);
    for (const m of this.weightMonitors.values()) m.attach(this.sim);

    // rules last: each hears its target's spikes after the monitors and projections do
    (spec.projections ?? []).forEach((pr, k) => {
      if (!pr.plasticity) return;
      const path = `projections[${k}].plasticity`;
      const model = getModel(pr.plasticity.rule, 'plasticity', `${path}.rule`);
      const params = resolveModelParams(model, pr.plasticity.preset, pr.plasticity.params, path);
      const proj = this.projections[k];
      proj.setPlasticity(model.createRule({ projection: proj, rng: this.fork(STREAM.plasticity + k), ledger, path }, params));
    });
  }

  private fork(stream: number): Rng {
    const r = this.rng.fork(stream);
    this.randomStreams.push(r);
    return r;
  }

  private hasMonitorName(n: string): boolean {
    return this.spikeMonitors.has(n) || this.rateMonitors.has(n) || this.stateMonitors.has(n) || this.weightMonitors.has(n);
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

  /** The rate monitor of a population (the first one declared for it). */
  rates(population: string): RateMonitor {
    for (const m of this.rateMonitors.values()) if (m.population === population) return m;
    throw new SpecError('monitors', `a rate monitor on ${population} (add { type: 'rate', population: '${population}' })`, population);
  }

  /** The state monitor of a population's variable (the first one declared for it). */
  states(population: string, variable: string): StateMonitor {
    for (const m of this.stateMonitors.values()) if (m.population === population && m.variable === variable) return m;
    throw new SpecError(
      'monitors',
      `a state monitor of ${population}.${variable} (add { type: 'state', population: '${population}', variable: '${variable}', indices: [...] })`,
      `${population}.${variable}`,
    );
  }

  /** The weight monitor of a projection (the first one declared for it). */
  weights(projection: string): WeightMonitor {
    for (const m of this.weightMonitors.values()) if (m.projection.name === projection) return m;
    throw new SpecError('monitors', `a weights monitor on ${projection} (add { type: 'weights', projection: '${projection}' })`, projection);
  }

  projection(name: string): Projection {
    const p = this.projections.find((x) => x.name === name);
    if (!p) throw new SpecError('projection', `one of ${this.projections.map((x) => x.name).join(', ')}`, name);
    return p;
  }

  synapseCount(): number {
    return this.projections.reduce((s, p) => s + p.size, 0);
  }

  /** The plasticity rule of a projection (by name), typed by the caller; a SpecError if it has none. */
  rule<R extends PlasticityRule = PlasticityRule>(projection: string): R {
    const p = this.projection(projection);
    if (!p.plasticity) throw new SpecError('projection', `a projection with a plasticity rule (${projection} has none)`, projection);
    return p.plasticity as R;
  }

  /**
   * Everything that changes while the network runs, taken between `run()` calls: the clock and
   * every pending event, every random stream, neuron groups, synapse stores, plasticity rules,
   * spikes in flight, inputs, monitors, the ledger and spike counts. `restore()` into a network
   * built from the same spec (and options) continues exactly as this one would have: run(a),
   * snapshot, restore elsewhere, run(b) ≡ run(a + b), bit for bit.
   */
  snapshot(): NetworkSnapshot {
    const groups: Record<string, StateValue> = {};
    const spikes: Record<string, number> = {};
    for (const [name, pop] of this.populations) {
      if (pop.group) groups[name] = pop.group.snapshot();
      spikes[name] = pop.spikes;
    }
    const projections: Record<string, StateValue> = {};
    for (const p of this.projections) {
      projections[p.name] = { delivery: p.snapshot(), store: p.store ? p.store.snapshot() : null, rule: p.plasticity ? p.plasticity.snapshot() : null };
    }
    const inputs: Record<string, StateValue> = {};
    for (const [name, x] of this.poissonInputs) inputs[name] = x.snapshot();
    for (const [name, x] of this.spikeTimesInputs) inputs[name] = x.snapshot();
    const monitors: Record<string, StateValue> = {};
    for (const [name, m] of this.spikeMonitors) monitors[name] = m.snapshot();
    for (const [name, m] of this.stateMonitors) monitors[name] = m.snapshot();
    for (const [name, m] of this.rateMonitors) monitors[name] = m.snapshot();
    for (const [name, m] of this.weightMonitors) monitors[name] = m.snapshot();
    return {
      format: 'spinsnn-network-snapshot',
      version: 1,
      t: this.sim.t,
      sim: this.sim.snapshot(),
      streams: this.randomStreams.map((r) => rngRecord(r.getState())),
      groups,
      spikes,
      projections,
      inputs,
      monitors,
      ledger: this.ledger.snapshot(),
    };
  }

  /** Puts a snapshot of an identically built network back (see `snapshot`). */
  restore(s: StateRecord): void {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new SpecError('snapshot', 'a network snapshot record (from Network.snapshot())', s);
    if (s.format !== 'spinsnn-network-snapshot' || s.version !== 1) {
      throw new SpecError('snapshot.format', 'a spinsnn network snapshot, version 1 (from Network.snapshot())', s.format);
    }
    const streams = s.streams;
    if (!Array.isArray(streams) || streams.length !== this.randomStreams.length) {
      throw new SpecError('snapshot.streams', `${this.randomStreams.length} random streams (a snapshot of a network built from the same spec)`, streams);
    }
    this.sim.restore(stateRecord(s, 'sim', 'snapshot'));
    streams.forEach((r, k) => this.randomStreams[k].setState(rngState(r, `snapshot.streams[${k}]`)));
    const groups = stateRecord(s, 'groups', 'snapshot');
    const spikes = stateRecord(s, 'spikes', 'snapshot');
    for (const [name, pop] of this.populations) {
      if (pop.group) pop.group.restore(stateRecord(groups, name, 'snapshot.groups'));
      const n = spikes[name];
      if (typeof n !== 'number') throw new SpecError(`snapshot.spikes.${name}`, 'a spike count', n);
      pop.spikes = n;
    }
    const projections = stateRecord(s, 'projections', 'snapshot');
    for (const p of this.projections) {
      const ps = stateRecord(projections, p.name, 'snapshot.projections');
      p.restore(stateRecord(ps, 'delivery', `snapshot.projections.${p.name}`));
      if (p.store) p.store.restore(stateRecord(ps, 'store', `snapshot.projections.${p.name}`));
      if (p.plasticity) p.plasticity.restore(stateRecord(ps, 'rule', `snapshot.projections.${p.name}`));
    }
    const inputs = stateRecord(s, 'inputs', 'snapshot');
    for (const [name, x] of this.poissonInputs) x.restore(stateRecord(inputs, name, 'snapshot.inputs'));
    for (const [name, x] of this.spikeTimesInputs) x.restore(stateRecord(inputs, name, 'snapshot.inputs'));
    const monitors = stateRecord(s, 'monitors', 'snapshot');
    for (const [name, m] of this.spikeMonitors) m.restore(stateRecord(monitors, name, 'snapshot.monitors'));
    for (const [name, m] of this.stateMonitors) m.restore(stateRecord(monitors, name, 'snapshot.monitors'));
    for (const [name, m] of this.rateMonitors) m.restore(stateRecord(monitors, name, 'snapshot.monitors'));
    for (const [name, m] of this.weightMonitors) m.restore(stateRecord(monitors, name, 'snapshot.monitors'));
    this.ledger.restore(stateRecord(s, 'ledger', 'snapshot'));
  }
}

function rngRecord(r: RngState): StateRecord {
  return { s: Int32Array.from(r.s), spare: r.spare };
}

function rngState(v: StateValue, path: string): RngState {
  const o = v as { s?: unknown; spare?: unknown };
  if (!(o && o.s instanceof Int32Array && o.s.length === 4 && (o.spare === null || typeof o.spare === 'number'))) {
    throw new SpecError(path, 'a random stream state { s: Int32Array(4), spare }', v);
  }
  return { s: [o.s[0], o.s[1], o.s[2], o.s[3]], spare: o.spare as number | null };
}
