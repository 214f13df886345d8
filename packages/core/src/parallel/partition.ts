/**
 * One thread's share of a parallel network (docs/parallel.md): the neurons of a contiguous global
 * range, and every synapse whose target is in that range, by source row. State, synapses, spike
 * staging and ring buffers live in one wasm arena, so the SIMD neuron kernels and the delivery
 * kernels (assembly/kernels.ts) run on them in place. Browser-safe: no Node import; the threads
 * and the exchange are in engine.ts / worker.ts.
 *
 * Determinism: every random number is drawn from the stream network.ts draws it from, over the
 * whole population or projection, whatever the partition — a thread draws all of them and keeps
 * its own — and each target's inputs are summed in an order fixed by the network alone
 * (projection order, then spike order, then row order), so any thread count gives the same bits.
 */
import { allToAll, buildConnectivity, pairOrder, type Csr } from '../connectivity.js';
import { InternalError, SimulationError, SpecError } from '../errors.js';
import { NEVER_SPIKED, refractorySteps } from '../neurons/bases.js';
import { propagatorGain } from '../neurons/lif-cuba.js';
import { Rng } from '../rng.js';
import { materialize } from '../network.js';
import { iafPscExpCoeffs, stepIafPscExpRange, type IafPscExpCoeffs, type IafPscExpState } from '../neurons/iaf-psc-exp.js';
import type { ValueSpec } from '../spec.js';
import { arenaForModule, kernelModule, type WasmArena } from '../wasm/kernels.js';
import {
  delaySteps,
  UNBOUNDED_DELAY_SD,
  STREAM_CONNECT,
  STREAM_INIT,
  STREAM_NEURON,
  STREAM_WEIGHT,
  type Plan,
  type PlanPopulation,
  type PlanProjection,
} from './plan.js';

/** The wasm exports the engine calls (assembly/kernels.ts). */
export interface ParallelKernelExports {
  cubaStep(params: number, k: number): number;
  cobaStep(params: number, k: number): number;
  deliverScalarU16(spikesP: number, n: number, base: number, rowPtrP: number, postP: number, bufP: number, w: number): number;
  deliverScalarI32(spikesP: number, n: number, base: number, rowPtrP: number, postP: number, bufP: number, w: number): number;
  deliverWeights(spikesP: number, n: number, base: number, rowPtrP: number, postP: number, wide: number, bufP: number, wP: number): number;
  deliverRing(
    spikesP: number,
    n: number,
    base: number,
    rowPtrP: number,
    postP: number,
    flags: number,
    w: number,
    wP: number,
    dP: number,
    dU: number,
    ringP: number,
    stride: number,
    slot0: number,
    mask: number,
  ): number;
  ringFlush(bufP: number, rowP: number, n: number): void;
  cubaStepF32: ParallelKernelExports['cubaStep'];
  cobaStepF32: ParallelKernelExports['cobaStep'];
  deliverScalarU16F32: ParallelKernelExports['deliverScalarU16'];
  deliverScalarI32F32: ParallelKernelExports['deliverScalarI32'];
  deliverWeightsF32: ParallelKernelExports['deliverWeights'];
  deliverRingF32: ParallelKernelExports['deliverRing'];
  ringFlushF32: ParallelKernelExports['ringFlush'];
}

/** The kernels of one precision: float64 (the exports by name) or their float32 twins. */
export type PrecisionKernels = Pick<
  ParallelKernelExports,
  'cubaStep' | 'cobaStep' | 'deliverScalarU16' | 'deliverScalarI32' | 'deliverWeights' | 'deliverRing' | 'ringFlush'
>;

function precisionKernels(ex: ParallelKernelExports, single: boolean): PrecisionKernels {
  return single
    ? {
        cubaStep: ex.cubaStepF32,
        cobaStep: ex.cobaStepF32,
        deliverScalarU16: ex.deliverScalarU16F32,
        deliverScalarI32: ex.deliverScalarI32F32,
        deliverWeights: ex.deliverWeightsF32,
        deliverRing: ex.deliverRingF32,
        ringFlush: ex.ringFlushF32,
      }
    : ex;
}

/** Neuron state, ring rows and per-synapse weights: Float64Array, or Float32Array at precision 'float32'. */
export type RealArray = Float64Array | Float32Array;

/** Largest segment whose target indices fit Uint16. */
export const U16_TARGETS = 65536;

/** A population's neurons inside this thread's range. */
export interface Segment {
  readonly pop: PlanPopulation;
  /** First neuron, population-local. */
  readonly start: number;
  readonly size: number;
  readonly v: RealArray;
  readonly ge: RealArray;
  readonly gi: RealArray;
  readonly lastSpikeStep: Int32Array;
  readonly spiked: Int32Array;
  readonly paramsP: number;
  readonly coba: boolean;
  /** core/iaf_psc_exp: its population-indexed arrays (only [start, start + size) used) and step constants. */
  readonly iaf: { arrays: IafPscExpState; coeffs: IafPscExpCoeffs } | null;
  /** Global index of spiked[q] is spiked[q] + spikeBase. */
  readonly spikeBase: number;
  /** Ring rows of delayed input per receptor (null: no delayed projection reaches it). */
  ringE: RealArray | null;
  ringI: RealArray | null;
}

/** One projection's synapses onto this thread's targets. */
export interface PartProjection {
  readonly proj: PlanProjection;
  readonly segment: Segment;
  /** First target of this block, segment-local (post indices are relative to it). */
  readonly blockStart: number;
  readonly rowPtr: Int32Array;
  /** Target indices local to the block: Uint16Array (blocks of ≤ 65,536) or Int32Array (one block). */
  readonly post: Uint16Array | Int32Array;
  readonly wide: boolean;
  readonly scalarWeight: number;
  readonly weights: RealArray | null;
  /** Per-synapse delays in steps (Uint8Array or Uint16Array), null when uniform. */
  readonly delays: Uint8Array | Uint16Array | null;
  readonly uniformDelay: number;
  /** Synapses stored here. */
  readonly size: number;
}

/** Enumerates a projection's synapses (i, j) in the CSR order network.ts builds them in. */
type SynapseWalk = (visit: (i: number, j: number, g: number) => void) => void;

function connectRng(plan: Plan, proj: PlanProjection): Rng {
  return new Rng(plan.seed).fork(STREAM_CONNECT + proj.index);
}

/**
 * The synapse stream of a projection. fixed_probability is regenerated from its RNG stream on
 * every walk (the draws of connectivity.ts fixedProbability, in its order), so no thread ever
 * holds the whole projection; other rules are built once (connectivity.ts) and walked.
 */
function synapseWalk(plan: Plan, proj: PlanProjection): { walk: SynapseWalk; csr: Csr | null; expected: number } {
  const c = proj.connectivity;
  const nPre = proj.source.size,
    nPost = proj.target.size;
  if (c.rule === 'fixed_probability' && c.p < 1) {
    const p = c.p;
    const skipSelf = !(c.allowSelf ?? true) && nPre === nPost;
    const walk: SynapseWalk = (visit) => {
      const rng = connectRng(plan, proj);
      if (!(p > 0)) return;
      const logq = Math.log1p(-p);
      let g = 0;
      for (let i = 0; i < nPre; i++) {
        let j = -1;
        for (;;) {
          j += 1 + Math.floor(Math.log(rng.uniformPositive()) / logq);
          if (j >= nPost) break;
          if (skipSelf && j === i) continue;
          visit(i, j, g++);
        }
      }
    };
    return { walk, csr: null, expected: nPre * nPost * p };
  }
  if (c.rule === 'fixed_total_number') {
    // connectivity.ts fixedTotalNumber, draw for draw: multinomial row sizes as successive
    // binomials, uniform targets, each row sorted
    const total = c.n;
    const skipSelf = !(c.allowSelf ?? true) && nPre === nPost;
    const walk: SynapseWalk = (visit) => {
      const rng = connectRng(plan, proj);
      let row = new Int32Array(64);
      let left = total;
      let g = 0;
      for (let i = 0; i < nPre; i++) {
        const cnt = i === nPre - 1 ? left : rng.binomial(left, 1 / (nPre - i));
        left -= cnt;
        if (cnt > row.length) row = new Int32Array(cnt * 2);
        for (let s = 0; s < cnt; s++) {
          let j = Math.floor(rng.uniform() * nPost);
          while (skipSelf && j === i) j = Math.floor(rng.uniform() * nPost);
          row[s] = j;
        }
        const r = row.subarray(0, cnt).sort();
        for (let s = 0; s < cnt; s++) visit(i, r[s], g++);
      }
    };
    return { walk, csr: null, expected: total };
  }
  const csr =
    c.rule === 'fixed_probability' ? allToAll(nPre, nPost, c.allowSelf ?? true) : buildConnectivity(c, nPre, nPost, connectRng(plan, proj), 'connectivity');
  const walk: SynapseWalk = (visit) => {
    const { rowPtr, post } = csr;
    for (let i = 0; i < nPre; i++) for (let s = rowPtr[i]; s < rowPtr[i + 1]; s++) visit(i, post[s], s);
  };
  return { walk, csr, expected: csr.post.length };
}

/** A per-synapse value stream in CSR order (materialize() of network.ts, one value at a time). */
function valueStream(v: ValueSpec, rng: Rng, proj: PlanProjection, nSyn: number, field: string): (g: number) => number {
  if (typeof v === 'number') return () => v;
  if ('length' in v) {
    const list = v as ArrayLike<number>;
    if (list.length !== nSyn) {
      throw new SpecError(`projections[${proj.index}].${field}`, `a list of ${nSyn} values (one per synapse) or a single number`, `a list of ${list.length}`);
    }
    const c = proj.connectivity;
    if (c.rule === 'explicit') {
      const order = pairOrder(proj.source.size, c.pre);
      return (g) => list[order[g]];
    }
    return (g) => list[g];
  }
  if ('uniform' in v) {
    const [lo, hi] = v.uniform;
    return () => lo + (hi - lo) * rng.uniform();
  }
  // materialize() of network.ts: a bounded normal is redrawn into [min, max], then put on its grid
  const { mean, sd, min = -Infinity, max = Infinity, grid } = v.normal;
  const redraw = min > -Infinity || max < Infinity;
  return () => {
    let x = mean + sd * rng.normal();
    if (redraw) {
      let tries = 1;
      while (!(x >= min && x <= max)) {
        if (++tries > MAX_REDRAWS)
          throw new SpecError('normal', `bounds [min, max] a normal(${mean}, ${sd}) reaches within ${MAX_REDRAWS} draws`, { min, max });
        x = mean + sd * rng.normal();
      }
    }
    return grid === undefined ? x : Math.round(x / grid) * grid;
  };
}

/** Redraws of one truncated-normal value before giving up (as network.ts materialize). */
const MAX_REDRAWS = 1_000_000;

/** What `buildPartition` reports about its build. */
export interface PartitionStats {
  synapses: number;
  /** Bytes of synapse storage (targets, weights, delays, row pointers) in this thread. */
  synapseBytes: number;
  arenaBytes: number;
}

/** The share of one thread: build with `buildPartition`, then `integrate` / `deliver` step by step. */
export class Partition {
  readonly segments: Segment[] = [];
  readonly parts: PartProjection[] = [];
  arena!: WasmArena<ParallelKernelExports>;
  /** The kernels of the plan's precision (set with the arena). */
  kernels!: PrecisionKernels;
  /** Bytes of one state, ring or weight value: 8, or 4 at precision 'float32'. */
  readonly realBytes: number;
  /** Spikes of an exchange, global indices by (step, thread, index), copied in for the delivery kernels. */
  staging!: Int32Array;
  readonly ringSlots: number;
  readonly stats: PartitionStats = { synapses: 0, synapseBytes: 0, arenaBytes: 0 };
  /** Synapses delivered so far (the ledger's synapticEvent count, this thread's share). */
  synapticEvents = 0;

  constructor(
    readonly plan: Plan,
    readonly lo: number,
    readonly hi: number,
    /** Capacity of the staging list (all neurons × exchange interval). */
    readonly stagingCapacity: number,
  ) {
    let r = 1;
    while (r < plan.maxDelaySteps + 1) r *= 2;
    this.ringSlots = r;
    this.realBytes = plan.precision === 'float32' ? 4 : 8;
  }

  get size(): number {
    return this.hi - this.lo;
  }
}

/** Builds the partition [lo, hi) of a plan: counts, sizes one arena, fills it. */
export function buildPartition(plan: Plan, lo: number, hi: number): Partition {
  const part = new Partition(plan, lo, hi, plan.neurons * plan.interval);
  // segments
  const segDefs: { pop: PlanPopulation; start: number; size: number }[] = [];
  for (const pop of plan.populations) {
    const a = Math.max(lo, pop.base),
      b = Math.min(hi, pop.base + pop.size);
    if (b > a) segDefs.push({ pop, start: a - pop.base, size: b - a });
  }
  // synapse counts per projection with a segment here, per block of targets: a segment of over
  // 65,536 targets is cut into blocks of 65,536 (Uint16 indices, one row-pointer array each) when
  // that is smaller than one Int32-indexed block, i.e. when blocks average over 2 synapses per row
  interface Block {
    start: number;
    size: number;
    capacity: number;
  }
  interface Pending {
    proj: PlanProjection;
    seg: number;
    walk: SynapseWalk;
    blocks: Block[];
    wide: boolean;
    perW: boolean;
    perD: boolean;
    d16: boolean;
  }
  const pending: Pending[] = [];
  const delayedTargets = new Set<string>();
  for (const proj of plan.projections) {
    const seg = segDefs.findIndex((s) => s.pop === proj.target);
    if (seg < 0) continue;
    const { walk, csr, expected } = synapseWalk(plan, proj);
    const sd = segDefs[seg];
    const nPre = proj.source.size;
    const perTarget = expected / proj.target.size;
    const u16Blocks = sd.size <= U16_TARGETS || perTarget * U16_TARGETS > 2 * (nPre + 1);
    const blockSize = u16Blocks ? U16_TARGETS : sd.size;
    const blocks: Block[] = [];
    for (let b0 = 0; b0 < sd.size; b0 += blockSize) blocks.push({ start: b0, size: Math.min(blockSize, sd.size - b0), capacity: 0 });
    if (csr) {
      for (let s = 0; s < csr.post.length; s++) {
        const j = csr.post[s] - sd.start;
        if (j >= 0 && j < sd.size) blocks[Math.floor(j / blockSize)].capacity++;
      }
    } else {
      // Binomial count of own synapses: mean + 10 sd + slack is never exceeded in practice
      for (const blk of blocks) {
        const mean = perTarget * blk.size;
        blk.capacity = Math.ceil(mean + 10 * Math.sqrt(mean) + 64);
      }
    }
    const perW = typeof proj.weight !== 'number';
    const perD = proj.uniformDelaySteps === null;
    const delayed = perD || proj.uniformDelaySteps! > 0;
    if (delayed) delayedTargets.add(`${seg}:${proj.receptor}`);
    pending.push({ proj, seg, walk, blocks, wide: !u16Blocks, perW, perD, d16: plan.maxDelaySteps > 255 });
  }
  // arena size
  const align = (b: number) => (b + 15) & ~15;
  const rb = part.realBytes; // iaf_psc_exp is float64 only (planSpec refuses it at float32)
  let bytes = 4096 + align(part.stagingCapacity * 4);
  for (const sd of segDefs) {
    const len = sd.pop.model === 'core/iaf_psc_exp' ? sd.pop.size : sd.size;
    bytes += 3 * align(len * rb) + align(len * 4) + align(sd.size * 4) + 256;
  }
  for (const key of delayedTargets) bytes += align(part.ringSlots * segDefs[Number(key.split(':')[0])].size * rb);
  for (const p of pending) {
    for (const blk of p.blocks) {
      bytes += align((p.proj.source.size + 1) * 4) + align(blk.capacity * (p.wide ? 4 : 2));
      if (p.perW) bytes += align(blk.capacity * rb);
      if (p.perD) bytes += align(blk.capacity * (p.d16 ? 2 : 1));
    }
  }
  const arena = arenaForModule<ParallelKernelExports>('wasm', kernelModule(), bytes, 'the parallel engine');
  if (!arena) throw new InternalError('the parallel engine needs the wasm kernels');
  part.arena = arena;
  part.kernels = precisionKernels(arena.exports, rb === 4);
  const real = (n: number): RealArray => (rb === 4 ? arena.f32(n) : arena.f64(n));
  part.stats.arenaBytes = bytes;
  part.staging = arena.i32(part.stagingCapacity);
  const u8 = (n: number) => new Uint8Array(arena.memory.buffer, arena.i8(n).byteOffset, n);
  const u16 = (n: number) => new Uint16Array(arena.memory.buffer, arena.i8(n * 2).byteOffset, n);

  // neuron state: initial values drawn over the whole population (network.ts materialize, in
  // its order), own slice kept
  for (const sd of segDefs) {
    const { pop } = sd;
    const p = pop.params;
    const iaf = pop.model === 'core/iaf_psc_exp';
    // iaf_psc_exp's stepper indexes its arrays by population index (its background key uses it):
    // arrays of the population's length, of which only [start, start + size) is touched
    const len = iaf ? pop.size : sd.size,
      at = iaf ? sd.start : 0;
    // v, ge, gi at the plan's precision; iaf_psc_exp (float64 only) in arrays of its stepper's type
    const vAll = iaf ? arena.f64(len) : real(len),
      geAll = iaf ? arena.f64(len) : real(len),
      giAll = iaf ? arena.f64(len) : real(len),
      lastAll = arena.i32(len);
    const v = vAll.subarray(at, at + sd.size).fill(iaf ? p.E_L : p.vRest);
    const ge = geAll.subarray(at, at + sd.size);
    const gi = giAll.subarray(at, at + sd.size);
    const last = lastAll.subarray(at, at + sd.size).fill(iaf ? 0 : NEVER_SPIKED);
    const spiked = arena.i32(sd.size);
    const vars: Record<string, RealArray> = iaf ? { V_m: v, I_syn_ex: ge, I_syn_in: gi } : { v, ge, gi };
    const dt = plan.dt;
    let paramsP = 0;
    let iafState: Segment['iaf'] = null;
    if (iaf) {
      if (!(vAll instanceof Float64Array && geAll instanceof Float64Array && giAll instanceof Float64Array))
        throw new InternalError('iaf_psc_exp state must be float64 (planSpec refuses it at float32)');
      // the group's one draw from its stream (IafPscExpGroup.attach): the background key
      const key = new Rng(plan.seed).fork(STREAM_NEURON + pop.index).nextUint32();
      iafState = { arrays: { V_m: vAll, I_syn_ex: geAll, I_syn_in: giAll, r_ref: lastAll }, coeffs: iafPscExpCoeffs(p, dt, key) };
    }
    const initRng = new Rng(plan.seed).fork(STREAM_INIT + pop.index);
    for (const [name, spec] of Object.entries(pop.init)) {
      const target = vars[name];
      if (!target)
        throw new SpecError(`populations[${pop.index}].init.${name}`, `one of the state variables ${Object.keys(vars).join(', ')} of ${pop.model}`, name);
      target.set(materialize(spec, pop.size, initRng).subarray(sd.start, sd.start + sd.size));
    }
    const coba = pop.model === 'core/lif_coba';
    if (!iaf) {
      const de = Math.exp(-dt / p.tauE),
        di = Math.exp(-dt / p.tauI);
      const refSteps = refractorySteps(p.refractory, dt);
      // the parameter blocks of lif-cuba.ts / lif-coba.ts kernelScalars(), then the state offsets;
      // float64 at either precision (the float32 kernels round each coefficient once on load)
      const scalars = coba
        ? [sd.size, p.vRest, p.eExc, p.eInh, p.vThreshold, p.vReset, de, di, dt / p.tauM, refSteps]
        : [
            sd.size,
            p.vRest,
            p.vThreshold,
            p.vReset,
            Math.exp(-dt / p.tauM),
            de,
            di,
            propagatorGain(p.tauM, p.tauE, dt),
            propagatorGain(p.tauM, p.tauI, dt),
            refSteps,
          ];
      const block = arena.f64(15);
      block.set(scalars);
      block.set([v.byteOffset, ge.byteOffset, gi.byteOffset, last.byteOffset, spiked.byteOffset], 10);
      paramsP = block.byteOffset;
    }
    part.segments.push({
      pop,
      start: sd.start,
      size: sd.size,
      v,
      ge,
      gi,
      lastSpikeStep: last,
      spiked,
      paramsP,
      coba,
      iaf: iafState,
      spikeBase: iaf ? pop.base : pop.base + sd.start,
      ringE: null,
      ringI: null,
    });
  }
  for (const key of delayedTargets) {
    const [s, r] = key.split(':').map(Number);
    const seg = part.segments[s];
    const ring = real(part.ringSlots * seg.size);
    if (r === 0) seg.ringE = ring;
    else seg.ringI = ring;
  }

  // synapses, straight into the arena: one walk of the stream fills every block
  for (const p of pending) {
    const seg = part.segments[p.seg];
    const j0 = seg.start,
      j1 = seg.start + seg.size;
    const nPre = p.proj.source.size;
    const nb = p.blocks.length;
    const bs = p.blocks[0].size;
    const rowPtrs = p.blocks.map(() => arena.i32(nPre + 1));
    const posts: (Uint16Array | Int32Array)[] = p.blocks.map((blk) => (p.wide ? arena.i32(blk.capacity) : u16(blk.capacity)));
    const fill = new Int32Array(nb);
    const rows = new Int32Array(nb);
    let total = 0;
    p.walk((i, j) => {
      total++;
      if (j < j0 || j >= j1) return;
      const local = j - j0;
      const b = nb === 1 ? 0 : Math.floor(local / bs);
      const rp = rowPtrs[b];
      let n = fill[b];
      let r = rows[b];
      while (r < i) rp[++r] = n;
      rows[b] = r;
      if (n === p.blocks[b].capacity)
        throw new SimulationError(
          `projection ${p.proj.name}: more synapses than the ${n} reserved for thread range [${lo}, ${hi}) (a 10-sd excess: report it)`,
        );
      posts[b][n++] = local - b * bs;
      fill[b] = n;
    });
    for (let b = 0; b < nb; b++) {
      let r = rows[b];
      while (r < nPre) rowPtrs[b][++r] = fill[b];
    }
    const nSyn = total;
    // per-synapse values: the stream is walked again in lockstep with the value draws, delays
    // first, then weights, from one generator (the order network.ts draws them in)
    const wRng = new Rng(plan.seed).fork(STREAM_WEIGHT + p.proj.index);
    const delays: (Uint8Array | Uint16Array | null)[] = p.blocks.map(() => null);
    const weights: (RealArray | null)[] = p.blocks.map(() => null);
    const lockstep = (field: 'delay' | 'weight', store: (b: number, q: number, x: number) => void) => {
      const next = valueStream(field === 'delay' ? p.proj.delay : p.proj.weight, wRng, p.proj, nSyn, field);
      const q = new Int32Array(nb);
      p.walk((_i, j, g) => {
        const x = next(g);
        if (j < j0 || j >= j1) return;
        const b = nb === 1 ? 0 : Math.floor((j - j0) / bs);
        store(b, q[b]++, x);
      });
    };
    if (p.perD) {
      for (let b = 0; b < nb; b++) delays[b] = p.d16 ? u16(fill[b]) : u8(fill[b]);
      const dt = plan.dt;
      const maxD = plan.maxDelaySteps;
      lockstep('delay', (b, q, x) => {
        const d = delaySteps(x, dt);
        if (d > maxD)
          throw new SimulationError(
            `projection ${p.proj.name}: a delay of ${x} s drawn beyond the ${maxD} steps reserved for a normal without max (mean + ${UNBOUNDED_DELAY_SD} sd): give the distribution a max`,
          );
        delays[b]![q] = d;
      });
    }
    if (p.perW) {
      for (let b = 0; b < nb; b++) weights[b] = real(fill[b]);
      lockstep('weight', (b, q, x) => (weights[b]![q] = x));
    }
    for (let b = 0; b < nb; b++) {
      const n = fill[b];
      part.parts.push({
        proj: p.proj,
        segment: seg,
        blockStart: p.blocks[b].start,
        rowPtr: rowPtrs[b],
        post: posts[b],
        wide: p.wide,
        scalarWeight: typeof p.proj.weight === 'number' ? p.proj.weight : NaN,
        weights: weights[b],
        delays: delays[b],
        uniformDelay: p.proj.uniformDelaySteps ?? -1,
        size: n,
      });
      part.stats.synapses += n;
      part.stats.synapseBytes += (nPre + 1) * 4 + n * ((p.wide ? 4 : 2) + (p.perW ? rb : 0) + (p.perD ? (p.d16 ? 2 : 1) : 0));
    }
  }
  return part;
}

/**
 * Integrates step k for every segment and writes the spikes (global indices, ascending) to `out`
 * from `at`; returns the new end.
 */
export function integrateStep(part: Partition, k: number, out: Int32Array, at: number): number {
  const ex = part.kernels;
  for (const seg of part.segments) {
    const n = seg.iaf
      ? stepIafPscExpRange(seg.iaf.arrays, seg.iaf.coeffs, seg.start, seg.start + seg.size, k, seg.spiked)
      : seg.coba
        ? ex.cobaStep(seg.paramsP, k)
        : ex.cubaStep(seg.paramsP, k);
    const base = seg.spikeBase;
    const sp = seg.spiked;
    for (let q = 0; q < n; q++) out[at++] = sp[q] + base;
  }
  return at;
}

/**
 * Adds ring row k (delayed inputs that arrive at step k) into ge/gi and clears it, so they act
 * from step k + 1 as zero-delay inputs delivered at step k do. Called once step k's row is
 * complete: right after integrating step k when every delay is ≥ the exchange interval, after
 * delivering step k's spikes when the interval is one step (zero delays may land in row k).
 */
export function flushRing(part: Partition, k: number): void {
  const ex = part.kernels;
  const row = (k & (part.ringSlots - 1)) * part.realBytes;
  for (const seg of part.segments) {
    if (seg.ringE) ex.ringFlush(seg.ge.byteOffset, seg.ringE.byteOffset + row * seg.size, seg.size);
    if (seg.ringI) ex.ringFlush(seg.gi.byteOffset, seg.ringI.byteOffset + row * seg.size, seg.size);
  }
}

/** First index in sorted a[from, to) whose value is ≥ x. */
function lowerBound(a: Int32Array, from: number, to: number, x: number): number {
  let lo = from,
    hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Delivers the spikes of step k, staged at staging[from, to) (global indices, ascending), to this
 * thread's targets: projection by projection in plan order, spikes in order, rows in order. Zero-
 * delay synapses add into ge/gi now (they act from step k + 1); delayed ones into ring row k + d.
 */
export function deliverStep(part: Partition, k: number, from: number, to: number): void {
  if (to === from) return;
  const ex = part.kernels;
  const rb = part.realBytes;
  const stagingP = part.staging.byteOffset;
  const st = part.staging;
  const mask = part.ringSlots - 1;
  let events = 0;
  for (const pp of part.parts) {
    const src = pp.proj.source;
    const a = lowerBound(st, from, to, src.base);
    const b = lowerBound(st, a, to, src.base + src.size);
    if (b === a) continue;
    const sp = stagingP + a * 4;
    const seg = pp.segment;
    if (pp.uniformDelay === 0) {
      const buf = (pp.proj.receptor === 0 ? seg.ge : seg.gi).byteOffset + pp.blockStart * rb;
      if (pp.weights) events += ex.deliverWeights(sp, b - a, src.base, pp.rowPtr.byteOffset, pp.post.byteOffset, pp.wide ? 1 : 0, buf, pp.weights.byteOffset);
      else if (pp.wide) events += ex.deliverScalarI32(sp, b - a, src.base, pp.rowPtr.byteOffset, pp.post.byteOffset, buf, pp.scalarWeight);
      else events += ex.deliverScalarU16(sp, b - a, src.base, pp.rowPtr.byteOffset, pp.post.byteOffset, buf, pp.scalarWeight);
    } else {
      const ring = pp.proj.receptor === 0 ? seg.ringE! : seg.ringI!;
      const flags = (pp.wide ? 1 : 0) | (pp.weights ? 2 : 0) | (pp.delays instanceof Uint16Array ? 4 : 0) | (pp.delays ? 0 : 8);
      events += ex.deliverRing(
        sp,
        b - a,
        src.base,
        pp.rowPtr.byteOffset,
        pp.post.byteOffset,
        flags,
        pp.scalarWeight,
        pp.weights ? pp.weights.byteOffset : 0,
        pp.delays ? pp.delays.byteOffset : 0,
        pp.uniformDelay,
        ring.byteOffset + pp.blockStart * rb,
        seg.size,
        k & mask,
        mask,
      );
    }
  }
  part.synapticEvents += events;
}
