/**
 * The page's simulations as plain functions of plain data, run by the Web Worker (worker.ts) and,
 * for the cross-checks, by Node in the browser tests: the same code on both sides.
 */
import { Network, brette2007Spec } from '@spinsnn/core';
import { characteriseDevice } from '@spinsnn/backends';
import { parseGset } from '@spinsnn/datasets';
import { anneal, cutValue, maxCutModel, type WeightedGraph } from '@spinsnn/learning';
import { Rng } from '@spinsnn/core';

/** Network kinds of the CUBA/COBA panel. */
export type BrettKind = 'cuba' | 'coba';

/** FNV-1a over the spike times (float64 bits) and indices of both populations: equal digests = identical spikes. */
export function spikeDigest(net: Network): { spikes: number; digest: string } {
  let h = 0x811c9dc5 >>> 0;
  const buf = new Float64Array(1),
    bytes = new Uint8Array(buf.buffer);
  const mix = (b: number) => {
    h = Math.imul(h ^ b, 0x01000193) >>> 0;
  };
  let spikes = 0;
  for (const pop of ['exc', 'inh']) {
    const s = net.spikes(pop);
    spikes += s.count;
    for (let k = 0; k < s.count; k++) {
      buf[0] = s.times[k];
      for (let b = 0; b < 8; b++) mix(bytes[b]);
      const i = s.indices[k];
      mix(i & 0xff);
      mix((i >>> 8) & 0xff);
      mix((i >>> 16) & 0xff);
    }
  }
  return { spikes, digest: h.toString(16).padStart(8, '0') };
}

/** A CUBA/COBA network of `neurons` for `duration` s; its spike count and digest. */
export function brettDigest(kind: BrettKind, neurons: number, seed: number, duration: number): { spikes: number; digest: string } {
  const net = new Network(brette2007Spec(kind, { neurons, seed }));
  net.run(duration);
  return spikeDigest(net);
}

/** Synaptic events the ledger counted so far. */
export function synapticEvents(net: Network): number {
  let n = 0;
  for (const r of net.ledger.rows()) if (r.op === 'synapticEvent') n += r.count;
  return n;
}

/** Throughput of the CUBA benchmark network: built, warmed up 0.2 s, then `duration` s timed. */
export function brettBench(
  kind: BrettKind,
  neurons: number,
  duration: number,
): { neurons: number; durationS: number; events: number; wallS: number; eventsPerS: number } {
  const net = new Network(brette2007Spec(kind, { neurons, seed: 1, recordSpikes: false }));
  net.run(0.2);
  const e0 = synapticEvents(net);
  const t0 = performance.now();
  net.run(duration);
  const wallS = (performance.now() - t0) / 1000;
  const events = synapticEvents(net) - e0;
  return { neurons, durationS: duration, events, wallS, eventsPerS: events / wallS };
}

/** A registered device's characterisation, as `spinsnn device <id> --json` prints it. */
export function deviceCurves(id: string, preset: string | undefined, params: Record<string, number>, seed: number) {
  return characteriseDevice(id, { preset, params, seed });
}

/** A Gset text parsed into the max-cut graph (DataError with the line on a malformed file). */
export function gsetGraph(text: string, name: string): WeightedGraph & { name: string; edges: number } {
  const g = parseGset(text, name);
  return { name: g.name, nodes: g.n, edges: g.m, from: g.src, to: g.dst, weight: g.weight };
}

/** p-bit annealing on a graph, calling `onTrace(sweep, cut, bestCut)` every `every` sweeps. */
export function maxCutAnneal(
  graph: WeightedGraph,
  o: { sweeps: number; beta0: number; beta1: number; seed: number; every: number },
  onTrace: (sweep: number, cut: number, best: number) => void,
): { bestCut: number; sweeps: number; spins: Int8Array } {
  const { model, totalWeight } = maxCutModel(graph);
  const rng = new Rng(o.seed, 0);
  const r = anneal(model, rng, {
    sweeps: o.sweeps,
    schedule: { kind: 'linear', beta0: o.beta0, beta1: o.beta1 },
    order: 'sequential',
    onSweep: (k, e, best) => {
      if (k % o.every === 0 || k === o.sweeps) onTrace(k, (totalWeight - e) / 2, (totalWeight - best) / 2);
    },
  });
  return { bestCut: cutValue(graph, r.bestSpins), sweeps: r.sweeps, spins: r.bestSpins };
}
