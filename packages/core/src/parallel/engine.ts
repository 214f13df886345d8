/**
 * The multi-threaded engine (Node-only: node:worker_threads, node:os). `ParallelNetwork.create`
 * checks the spec (plan.ts), starts threads − 1 workers (worker.ts) that each build their own
 * partition while the main thread builds partition 0, and `run()` then drives all of them in
 * lockstep, the main thread being one of the workers (loop.ts). See docs/parallel.md.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SimulationError, SpecError } from '../errors.js';
import { RateMonitor, SpikeMonitor } from '../monitors.js';
import type { NetworkSpec } from '../spec.js';
import {
  barrier,
  checkError,
  CMD,
  controlBytes,
  COUNTERS,
  CTL,
  reportError,
  runSteps,
  sharedViews,
  spikeBufferInts,
  writeCounters,
  writeState,
  type SharedBuffers,
  type SharedViews,
  type ThreadContext,
} from './loop.js';
import { buildPartition } from './partition.js';
import { partitionBounds, planSpec, type ParallelPrecision, type Plan } from './plan.js';
import type { WorkerInit } from './worker.js';

/** Options of `ParallelNetwork.create`. */
export interface ParallelOptions {
  /** Threads, the main one included (default: os.availableParallelism(); capped at the neuron count). */
  threads?: number;
  /** Reserve shared arrays so `state()` can gather v, ge, gi and last spike steps (28 bytes/neuron). */
  collectState?: boolean;
  /** Skip validateNetworkSpec (the caller validated, e.g. a generated spec). */
  trusted?: boolean;
  /** Barrier spin iterations before sleeping on Atomics.wait (default 20,000; 0 = sleep at once). */
  spin?: number;
  /**
   * Width of v, ge, gi, ring buffers and per-synapse weights (default 'float64', the event
   * kernel's bits). 'float32' halves the state and weight memory and runs f32x4 kernels; results
   * are still identical for any thread count, but not those of float64 (docs/parallel.md,
   * "Precision"). core/iaf_psc_exp populations are refused at 'float32'.
   */
  precision?: ParallelPrecision;
}

/** A population's spike count in a parallel network. */
export interface ParallelPopulation {
  readonly name: string;
  readonly size: number;
  readonly spikes: number;
}

/** Memory of the synapse storage over all threads. */
export interface ParallelMemory {
  synapses: number;
  synapseBytes: number;
  bytesPerSynapse: number;
  /** wasm arena bytes reserved over all threads (state, synapses, rings, staging; untouched pages stay unmapped). */
  arenaBytes: number;
}

const DEFAULT_SPIN = 20_000;

/** Where the compiled worker is: beside this file in dist; from the TypeScript sources (tests), dist's. */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/parallel/worker.js', here) : new URL('./worker.js', here);
}

/** A network run on several threads with bit-identical results for any thread count. */
export class ParallelNetwork {
  private k = 0;
  private closed = false;
  private readonly counts: Float64Array;
  /** Spike monitors by name (the classes of the event kernel, fed by thread 0). */
  readonly spikeMonitors = new Map<string, SpikeMonitor>();
  /** Rate monitors by name. */
  readonly rateMonitors = new Map<string, RateMonitor>();

  private constructor(
    readonly plan: Plan,
    readonly threads: number,
    readonly bounds: Int32Array,
    private readonly views: SharedViews,
    private readonly ctx: ThreadContext,
    private readonly workers: Worker[],
    private readonly exits: Promise<void>[],
    /** Wall seconds from create() to every partition built. */
    readonly buildS: number,
  ) {
    this.counts = new Float64Array(plan.populations.length);
  }

  /** Checks the spec, starts the workers and builds every partition (in parallel). */
  static async create(spec: NetworkSpec, o: ParallelOptions = {}): Promise<ParallelNetwork> {
    const t0 = performance.now();
    const plan = planSpec(spec, o.trusted ?? false, o.precision ?? 'float64');
    const want = o.threads ?? availableParallelism();
    if (!(Number.isInteger(want) && want >= 1)) throw new SpecError('threads', 'a whole number of threads ≥ 1', want);
    const threads = Math.max(1, Math.min(want, plan.neurons));
    const bounds = partitionBounds(plan.neurons, threads);
    const buffers: SharedBuffers = {
      control: new SharedArrayBuffer(controlBytes(threads)),
      spikes: new SharedArrayBuffer(spikeBufferInts(bounds, plan.interval) * 4),
      state: o.collectState ? new SharedArrayBuffer(plan.neurons * 28) : null,
    };
    const views = sharedViews(buffers, bounds, plan.interval, plan.neurons);
    views.ctl[CTL.spin] = o.spin ?? DEFAULT_SPIN;
    const workers: Worker[] = [];
    const started: Promise<void>[] = [];
    const exits: Promise<void>[] = [];
    for (let r = 1; r < threads; r++) {
      const init: WorkerInit = { spec, precision: plan.precision, rank: r, bounds, buffers };
      const w = new Worker(workerUrl(), { workerData: init });
      workers.push(w);
      exits.push(new Promise<void>((r) => w.once('exit', () => r())));
      started.push(
        new Promise<void>((resolve, reject) => {
          w.once('message', (m: { ready?: boolean; error?: string }) =>
            m.ready ? resolve() : reject(new SimulationError(`parallel engine thread ${r} failed to build: ${m.error}`)),
          );
          w.once('error', (e) => reject(new SimulationError(`parallel engine thread ${r} crashed: ${e.message}`)));
        }),
      );
    }
    try {
      const part = buildPartition(plan, bounds[0], bounds[1]);
      const ctx: ThreadContext = { rank: 0, threads, part, views, exchanges: 0, observe: null };
      writeCounters(ctx, (performance.now() - t0) / 1000);
      await Promise.all(started);
      for (const w of workers) w.unref();
      const net = new ParallelNetwork(plan, threads, bounds, views, ctx, workers, exits, (performance.now() - t0) / 1000);
      net.attachMonitors();
      return net;
    } catch (e) {
      reportError(views, 'the main thread gave up');
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
  }

  private attachMonitors(): void {
    const plan = this.plan;
    const pops = plan.populations;
    const perPop: ((i: number, t: number) => void)[][] = pops.map(() => []);
    for (const m of plan.spikeMonitors) {
      const mon = new SpikeMonitor(m.population);
      this.spikeMonitors.set(m.name, mon);
      perPop[pops.findIndex((p) => p.name === m.population)].push((i, t) => mon.onSpike(i, t));
    }
    for (const m of plan.rateMonitors) {
      const p = pops.find((x) => x.name === m.population)!;
      const mon = new RateMonitor(m.population, p.size, m.bin, () => this.t);
      this.rateMonitors.set(m.name, mon);
      perPop[p.index].push((i, t) => mon.onSpike(i, t));
    }
    const counts = this.counts;
    const dt = plan.dt;
    const ends = pops.map((p) => p.base + p.size);
    (this.ctx as { observe: ThreadContext['observe'] }).observe = (k, spikes, from, to) => {
      if (to === from) return;
      const t = k * dt;
      let p = 0;
      for (let q = from; q < to; q++) {
        const g = spikes[q];
        while (g >= ends[p]) p++;
        counts[p]++;
        const ls = perPop[p];
        for (let m = 0; m < ls.length; m++) ls[m](g - pops[p].base, t);
      }
    };
  }

  /** Simulated time so far (s). */
  get t(): number {
    return this.k * this.plan.dt;
  }

  /** Steps whose time k·dt is below the run's end, as the event kernel's clock counts them. */
  private stepsFor(duration: number): number {
    if (!(duration >= 0) || !Number.isFinite(duration)) throw new SimulationError(`run duration must be a finite number of seconds ≥ 0, got ${duration}`);
    const dt = this.plan.dt;
    let tEnd = this.k * dt + duration;
    const steps = tEnd / dt;
    const kr = Math.round(steps);
    if (Math.abs(steps - kr) < 1e-9 * Math.max(1, kr)) tEnd = kr * dt;
    let kEnd = Math.ceil(tEnd / dt);
    while (kEnd > this.k && (kEnd - 1) * dt >= tEnd) kEnd--;
    while (kEnd * dt < tEnd) kEnd++;
    return Math.max(0, kEnd - this.k);
  }

  /** Runs for `duration` seconds on every thread (blocks the calling thread, which takes part). */
  run(duration: number): this {
    if (this.closed) throw new SimulationError('run() on a closed parallel network');
    const steps = this.stepsFor(duration);
    if (steps === 0) return this;
    this.command(CMD.run, this.k, steps, () => {
      runSteps(this.ctx, this.k, steps);
      writeCounters(this.ctx, -1);
    });
    this.k += steps;
    return this;
  }

  private command(cmd: number, a: number, b: number, own: () => void): void {
    const ctl = this.views.ctl;
    checkError(this.views);
    if (this.threads > 1) {
      Atomics.store(ctl, CTL.argK0, a);
      Atomics.store(ctl, CTL.argSteps, b);
      Atomics.store(ctl, CTL.cmd, cmd);
      Atomics.add(ctl, CTL.cmdGen, 1);
      Atomics.notify(ctl, CTL.cmdGen);
    }
    try {
      own();
      barrier(this.views, this.threads);
    } catch (e) {
      this.closed = true;
      const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      reportError(this.views, `thread 0: ${msg}`);
      throw e;
    }
  }

  /** A population's size and spike count so far. */
  population(name: string): ParallelPopulation {
    const p = this.plan.populations.find((x) => x.name === name);
    if (!p) throw new SpecError('population', `one of ${this.plan.populations.map((x) => x.name).join(', ')}`, name);
    return { name: p.name, size: p.size, spikes: this.counts[p.index] };
  }

  /** The spike monitor of a population (the first declared for it). */
  spikes(population: string): SpikeMonitor {
    for (const m of this.spikeMonitors.values()) if (m.population === population) return m;
    throw new SpecError('monitors', `a spikes monitor on ${population} (add { type: 'spikes', population: '${population}' })`, population);
  }

  /** The rate monitor of a population (the first declared for it). */
  rates(population: string): RateMonitor {
    for (const m of this.rateMonitors.values()) if (m.population === population) return m;
    throw new SpecError('monitors', `a rate monitor on ${population} (add { type: 'rate', population: '${population}' })`, population);
  }

  /**
   * A state variable of a population gathered from every thread (needs collectState: true), as
   * float64 numbers at either precision (float32 state converts exactly).
   */
  state(population: string, variable: 'v' | 'ge' | 'gi' | 'lastSpikeStep'): Float64Array | Int32Array {
    const p = this.plan.populations.find((x) => x.name === population);
    if (!p) throw new SpecError('population', `one of ${this.plan.populations.map((x) => x.name).join(', ')}`, population);
    if (!this.views.state) throw new SimulationError('state(): create the parallel network with collectState: true to read neuron state back');
    this.command(CMD.state, 0, 0, () => writeState(this.ctx));
    const st = this.views.state;
    const a = variable === 'lastSpikeStep' ? st.last : st[variable];
    return a.slice(p.base, p.base + p.size);
  }

  private counter(slot: number): number {
    let s = 0;
    for (let r = 0; r < this.threads; r++) s += this.views.counters[r * COUNTERS + slot];
    return s;
  }

  /** Synapses in the network (all threads). */
  synapseCount(): number {
    return this.counter(1);
  }

  /** Synapses delivered so far (the event kernel's synapticEvent count). */
  synapticEvents(): number {
    return this.counter(0);
  }

  /** Synapse storage over all threads and per synapse. */
  memory(): ParallelMemory {
    const synapses = this.counter(1),
      synapseBytes = this.counter(2);
    return { synapses, synapseBytes, bytesPerSynapse: synapses ? synapseBytes / synapses : 0, arenaBytes: this.counter(4) };
  }

  /** Per-thread build seconds (each thread's own partition). */
  threadBuildS(): number[] {
    return Array.from({ length: this.threads }, (_, r) => this.views.counters[r * COUNTERS + 3]);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    if (this.closed && this.workers.length === 0) return;
    this.closed = true;
    const ctl = this.views.ctl;
    Atomics.store(ctl, CTL.cmd, CMD.stop);
    Atomics.add(ctl, CTL.cmdGen, 1);
    Atomics.notify(ctl, CTL.cmdGen);
    for (const w of this.workers) w.ref(); // keep the event loop alive until they are gone
    await Promise.all(this.exits);
    this.workers.length = 0;
  }
}
