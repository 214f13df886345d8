import { CUBA, DataError, type NetworkSpec } from '@spinsnn/core';
import { joinPath } from './paths.js';

/**
 * Reader for a Brian2 CUBA network dump (`shared/datasets/brian2-cuba/` documents the format):
 * manifest.json plus raw little-endian arrays of initial potentials, synapse pairs and the
 * spikes Brian2 produced. Turned into a spec with explicit connectivity, populations `exc`
 * (the first NE neurons) and `inh`.
 */
export interface Brian2Dump {
  dir: string;
  N: number;
  NE: number;
  dt: number;
  duration: number;
  seed: number;
  v0: Float64Array;
  excPre: Int32Array;
  excPost: Int32Array;
  inhPre: Int32Array;
  inhPost: Int32Array;
  /** The reference spikes, when the dump has them. */
  spikeI: Int32Array | null;
  spikeT: Float64Array | null;
}

/** Splits global (pre, post) pairs into the four exc/inh blocks with local indices. */
function block(pre: Int32Array, post: Int32Array, NE: number, N: number, path: string) {
  const out = { toE: { pre: [] as number[], post: [] as number[] }, toI: { pre: [] as number[], post: [] as number[] } };
  for (let s = 0; s < pre.length; s++) {
    const i = pre[s],
      j = post[s];
    if (!(i >= 0 && i < N && j >= 0 && j < N)) throw new DataError(path, `synapse ${s} = (${i}, ${j}) outside [0, ${N})`);
    const src = i < NE ? i : i - NE;
    if (j < NE) {
      out.toE.pre.push(src);
      out.toE.post.push(j);
    } else {
      out.toI.pre.push(src);
      out.toI.post.push(j - NE);
    }
  }
  return out;
}

/** The dumped CUBA network as a spinsnn spec (populations `exc` and `inh`, explicit synapses). */
export function brian2CubaSpec(dump: Brian2Dump, options: { recordSpikes?: boolean } = {}): NetworkSpec {
  const { N, NE } = dump;
  for (let s = 0; s < dump.excPre.length; s++) {
    if (dump.excPre[s] >= NE) throw new DataError(joinPath(dump.dir, 'exc_pre.i32'), `synapse ${s} has source ${dump.excPre[s]} ≥ NE = ${NE}: not excitatory`);
  }
  // an inhibitory synapse has an inhibitory source: one from i < NE would land on inh neuron i, not exc neuron i
  for (let s = 0; s < dump.inhPre.length; s++) {
    if (dump.inhPre[s] < NE) throw new DataError(joinPath(dump.dir, 'inh_pre.i32'), `synapse ${s} has source ${dump.inhPre[s]} < NE = ${NE}: not inhibitory`);
  }
  const e = block(dump.excPre, dump.excPost, NE, N, joinPath(dump.dir, 'exc_pre.i32'));
  const i = block(dump.inhPre, dump.inhPost, NE, N, joinPath(dump.dir, 'inh_pre.i32'));
  const params = { ...CUBA.params };
  return {
    dt: dump.dt,
    seed: dump.seed,
    populations: [
      { name: 'exc', size: NE, model: 'core/lif_cuba', params, init: { v: dump.v0.slice(0, NE) } },
      { name: 'inh', size: N - NE, model: 'core/lif_cuba', params, init: { v: dump.v0.slice(NE) } },
    ],
    projections: [
      { source: 'exc', target: 'exc', receptor: 'exc', connectivity: { rule: 'explicit', ...e.toE }, weight: CUBA.we },
      { source: 'exc', target: 'inh', receptor: 'exc', connectivity: { rule: 'explicit', ...e.toI }, weight: CUBA.we },
      { source: 'inh', target: 'exc', receptor: 'inh', connectivity: { rule: 'explicit', ...i.toE }, weight: CUBA.wi },
      { source: 'inh', target: 'inh', receptor: 'inh', connectivity: { rule: 'explicit', ...i.toI }, weight: CUBA.wi },
    ],
    monitors:
      options.recordSpikes === false
        ? []
        : [
            { type: 'spikes', population: 'exc' },
            { type: 'spikes', population: 'inh' },
          ],
  };
}
