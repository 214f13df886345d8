import { EnergyLedger, Rng, Simulator, SpecError } from '@spinsnn/core';
import { PbitTelegraphGroup, meanDwellTime, pbitParams, type IsingModel, type PbitParams } from '@spinsnn/backends';
import { anneal } from './anneal.js';
import { dsatur, type Colouring } from './colouring.js';
import { cutFromEnergy, cutValue, maxCutModel, type WeightedGraph } from './maxcut.js';
import { betaSequence, type BetaSchedule } from './schedule.js';
import { parallelTempering } from './tempering.js';
import { mscAnneal } from './msc-anneal.js';
import { mscTempering } from './msc-tempering.js';

/**
 * How a max-cut run samples: sequential, graph-coloured, parallel tempering, asynchronous p-bits,
 * multi-spin-coded replicas (annealed), or multi-spin-coded parallel tempering ('msc-pt').
 */
export type MaxCutSampler = 'sequential' | 'coloured' | 'tempering' | 'async' | 'msc' | 'msc-pt';

/** Everything that defines a max-cut run; plain data so it can cross to a worker thread. */
export interface MaxCutConfig {
  readonly sampler: MaxCutSampler;
  readonly sweeps: number;
  readonly schedule: BetaSchedule;
  readonly seed: number;
  /** Replicas for tempering (β ladder geometric between the schedule's ends). */
  readonly replicas?: number;
  /** Tempering with two replicas per temperature and Houdayer cluster moves. */
  readonly houdayer?: boolean;
  /** Coldest fraction of the ladder that gets cluster moves (default 1: all temperatures). */
  readonly houdayerFraction?: number;
  readonly device?: PbitParams;
  /** Quench (zero-temperature descent of a copy) every this many sweeps; 0 or absent = off. */
  readonly quenchEvery?: number;
  /** Stop a run as soon as its cut reaches this (time-to-target). */
  readonly targetCut?: number;
  /** Trace points per run for the plot. */
  readonly tracePoints?: number;
  /** Synapse delay of the async sampler, in units of the p-bit dwell time. */
  readonly asyncDelay?: number;
  /** msc / msc-pt: words per spin (1: 32 replicas; 4: 128 replicas, four independent noise streams). Default 1. */
  readonly words?: 1 | 4;
  /** msc-pt: sweeps between replica-exchange rounds (default 1). */
  readonly swapEvery?: number;
}

/** Outcome of one max-cut run: best cut, sweeps, time. */
export interface MaxCutRun {
  readonly run: number;
  /** Cut of the best state, counted on the edge list. */
  readonly cut: number;
  /** Cut implied by the sampler's tracked energy, (W − E)/2 (must equal `cut`). */
  readonly cutFromEnergy: number;
  readonly sweeps: number;
  readonly bestSweep: number;
  readonly updates: number;
  readonly flips: number;
  readonly edgeVisits: number;
  readonly wallS: number;
  /** Wall time when the target cut was first reached (null: not reached). */
  readonly hitS: number | null;
  /** [sweep, cut] */
  readonly trace: readonly (readonly [number, number])[];
  readonly spins: Int8Array;
}

/** Prepared instance: model and colouring built once and shared by the runs of one thread. */
export interface MaxCutInstance {
  readonly graph: WeightedGraph;
  readonly model: IsingModel;
  readonly totalWeight: number;
  readonly colouring: Colouring | null;
}

/** The Ising model (and colouring, where the sampler needs one) of a max-cut problem. */
export function prepareMaxCut(graph: WeightedGraph, sampler: MaxCutSampler): MaxCutInstance {
  const { model, totalWeight } = maxCutModel(graph);
  return {
    graph,
    model,
    totalWeight,
    colouring: sampler === 'coloured' || sampler === 'tempering' || sampler === 'msc' || sampler === 'msc-pt' ? dsatur(model) : null,
  };
}

/** One independent run (its random stream depends only on seed and run index, not on the thread). */
export function runMaxCut(inst: MaxCutInstance, cfg: MaxCutConfig, run: number): MaxCutRun {
  const rng = new Rng(cfg.seed, run);
  const { model, totalWeight } = inst;
  const tracePoints = cfg.tracePoints ?? 200;
  const traceEvery = Math.max(1, Math.floor(cfg.sweeps / tracePoints));
  const targetEnergy = cfg.targetCut === undefined ? undefined : totalWeight - 2 * cfg.targetCut;
  const t0 = performance.now();
  let hitS: number | null = null;
  const onHit = (best: number): void => {
    if (hitS === null && targetEnergy !== undefined && best <= targetEnergy) hitS = (performance.now() - t0) / 1000;
  };
  let bestSpins: Int8Array, bestEnergy: number, sweeps: number, bestSweep: number, updates: number, flips: number, edgeVisits: number;
  let trace: (readonly [number, number])[];
  if (cfg.sampler === 'sequential' || cfg.sampler === 'coloured') {
    const r = anneal(model, rng, {
      sweeps: cfg.sweeps,
      schedule: cfg.schedule,
      order: cfg.sampler,
      colouring: inst.colouring ?? undefined,
      device: cfg.device,
      quenchEvery: cfg.quenchEvery ?? 0,
      traceEvery,
      targetEnergy,
      onSweep: (_k, _e, best) => onHit(best),
    });
    ({ bestSpins, bestEnergy, sweeps, bestSweep, updates, flips, edgeVisits } = r);
    trace = r.trace.map(([k, e]) => [k, cutFromEnergy(totalWeight, e)] as const);
  } else if (cfg.sampler === 'tempering') {
    const R = cfg.replicas ?? 16;
    const ends = betaSequence(cfg.schedule, 2);
    if (!(ends[0] > 0) || !(ends[1] > ends[0]))
      throw new SpecError('tempering', 'a schedule with 0 < beta0 < beta1 (the replica ladder spans it)', `${ends[0]} → ${ends[1]}`);
    const betas = betaSequence({ kind: 'geometric', beta0: ends[0], beta1: ends[1] }, R);
    const r = parallelTempering(model, rng, {
      betas,
      sweeps: cfg.sweeps,
      order: 'coloured',
      colouring: inst.colouring ?? undefined,
      device: cfg.device,
      houdayer: cfg.houdayer,
      houdayerFraction: cfg.houdayerFraction ?? 1,
      quenchEvery: cfg.quenchEvery ?? 0,
      traceEvery,
      targetEnergy,
      onSweep: (_s, best) => onHit(best),
    });
    ({ bestSpins, bestEnergy, sweeps, bestSweep, updates, flips, edgeVisits } = r);
    trace = r.trace.map(([k, e]) => [k, cutFromEnergy(totalWeight, e)] as const);
  } else if (cfg.sampler === 'msc') {
    // 32 replicas annealed at once (multi-spin coding); checks of the replicas' energies at the trace points
    const r = mscAnneal(model, rng, {
      sweeps: cfg.sweeps,
      schedule: cfg.schedule,
      colouring: inst.colouring ?? undefined,
      // replica energies cost about a sweep per word: checked at most 25 times a run
      checkEvery: Math.max(traceEvery, Math.ceil(cfg.sweeps / 25)),
      targetEnergy,
      quenchSweeps: cfg.quenchEvery ? 20 : 0,
      words: cfg.words ?? 1,
      onCheck: (_k, best) => onHit(best),
    });
    ({ bestSpins, bestEnergy, sweeps, bestSweep, updates, flips, edgeVisits } = r);
    trace = r.trace.map(([k, e]) => [k, cutFromEnergy(totalWeight, e)] as const);
  } else if (cfg.sampler === 'msc-pt') {
    // L levels of 32·words chains on a geometric ladder over the schedule's ends (docs/probabilistic.md §6)
    const ends = betaSequence(cfg.schedule, 2);
    if (!(ends[0] > 0) || !(ends[1] > ends[0]))
      throw new SpecError('msc-pt', 'a schedule with 0 < beta0 < beta1 (the level ladder spans it)', `${ends[0]} → ${ends[1]}`);
    const r = mscTempering(model, rng, {
      betas: betaSequence({ kind: 'geometric', beta0: ends[0], beta1: ends[1] }, cfg.replicas ?? 16),
      sweeps: cfg.sweeps,
      colouring: inst.colouring ?? undefined,
      swapEvery: cfg.swapEvery ?? 1,
      polishEvery: cfg.quenchEvery ?? 0,
      words: cfg.words ?? 1,
      traceEvery,
      targetEnergy,
      onCheck: (_k, best) => onHit(best),
    });
    ({ bestSpins, bestEnergy, sweeps, bestSweep, updates, flips, edgeVisits } = r);
    trace = r.trace.map(([k, e]) => [k, cutFromEnergy(totalWeight, e)] as const);
  } else {
    ({ bestSpins, bestEnergy, sweeps, bestSweep, updates, flips, edgeVisits, trace } = runAsync(inst, cfg, rng, traceEvery, targetEnergy, onHit));
  }
  const wallS = (performance.now() - t0) / 1000;
  return {
    run,
    cut: cutValue(inst.graph, bestSpins),
    cutFromEnergy: cutFromEnergy(totalWeight, bestEnergy),
    sweeps,
    bestSweep,
    updates,
    flips,
    edgeVisits,
    wallS,
    hitS,
    trace,
    spins: bestSpins,
  };
}

/** What an asynchronous run anneals: p-bits whose state, flips and couplings visited can be read. */
interface AsyncSampler {
  setBeta(beta: number): void;
  spins(): Int8Array;
  readonly flips: number;
  readonly edgeVisits: number;
}

/**
 * The backend's `PbitTelegraphGroup`, run in batches by its WebAssembly flip kernel (a neighbour's
 * flip rescales the pending wait instead of drawing a new one). Instantaneous synapses are applied
 * inside the kernel; delayed ones (p-bits act on stale inputs) arrive as delivery events `delay`
 * seconds after each flip. Measured with instantaneous synapses against the former
 * one-event-per-flip network: G1, 5000 sweeps in 0.28 s against 2.5 s; G22 1.24 s against 8.7 s.
 */
function telegraphSampler(model: IsingModel, sim: Simulator, rng: Rng, beta: number, device: PbitParams, delay: number): AsyncSampler {
  const group = new PbitTelegraphGroup(model.n, { ...device, beta });
  group.setCoupling(model, { delay });
  // nobody listens to the up-flips: a sink of infinite latency lets every batch run to the horizon
  group.attach({ sim, out: { fire() {}, latency: () => Infinity }, ledger: new EnergyLedger(), component: 'pbits', rng });
  const spins = new Int8Array(model.n);
  return {
    setBeta: (b) => group.setBeta(b),
    spins: () => {
      const m = group.m;
      for (let i = 0; i < spins.length; i++) spins[i] = m[i];
      return spins;
    },
    get flips() {
      return group.flips;
    },
    get edgeVisits() {
      return group.couplingUpdates;
    },
  };
}

/**
 * Annealing with continuous-time p-bits: one "sweep" is one mean dwell time τ of simulated time
 * (each p-bit flips about once per τ at zero input); β steps at sweep boundaries.
 */
function runAsync(inst: MaxCutInstance, cfg: MaxCutConfig, rng: Rng, traceEvery: number, targetEnergy: number | undefined, onHit: (best: number) => void) {
  const device = cfg.device ?? pbitParams();
  const tau = meanDwellTime(device);
  const betas = betaSequence(cfg.schedule, cfg.sweeps);
  const sim = new Simulator(tau / 16);
  const delay = (cfg.asyncDelay ?? 0) * tau;
  const net = telegraphSampler(inst.model, sim, rng, betas[0], device, delay);
  let bestEnergy = inst.model.energy(net.spins());
  const bestSpins = Int8Array.from(net.spins());
  let bestSweep = 0;
  const trace: (readonly [number, number])[] = [];
  let k = 0;
  for (; k < betas.length; k++) {
    if (k > 0) net.setBeta(betas[k]);
    sim.run(tau);
    const spins = net.spins();
    const e = inst.model.energy(spins);
    if (e < bestEnergy) {
      bestEnergy = e;
      bestSweep = k + 1;
      bestSpins.set(spins);
    }
    onHit(bestEnergy);
    if ((k + 1) % traceEvery === 0) trace.push([k + 1, cutFromEnergy(inst.totalWeight, e)]);
    if (targetEnergy !== undefined && bestEnergy <= targetEnergy) {
      k++;
      break;
    }
  }
  return { bestSpins, bestEnergy, sweeps: k, bestSweep, updates: net.flips, flips: net.flips, edgeVisits: net.edgeVisits, trace };
}
