/**
 * The page's Web Worker: every simulation runs here, off the page's thread, so the page stays
 * responsive. One message starts one job; results stream back as `{ type: 'frame' | 'done' | 'error' }`.
 * A panel stops a job by terminating its worker.
 */
import '@spinsnn/backends';
import { Network, brette2007Spec, registeredModels } from '@spinsnn/core';
import { DiehlCookTrainer, diehlCookDefaults, evaluateDiehlCook, type SampleSet } from '@spinsnn/learning';
import { brettBench, brettDigest, deviceCurves, gsetGraph, maxCutAnneal, synapticEvents, type BrettKind } from './lib/sims.js';
import type { Job } from './protocol.js';

const post = (m: unknown, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
/** Least wall time between two frames of a live network (ms): the page draws at most this often. */
const FRAME_MS = 300;
const tick = () => new Promise((r) => setTimeout(r, 0));

async function cuba(j: Extract<Job, { op: 'cuba' }>): Promise<void> {
  const spec = brette2007Spec(j.kind as BrettKind, { neurons: j.neurons, seed: j.seed });
  spec.monitors!.push({ type: 'rate', population: 'exc', bin: 0.01 }, { type: 'rate', population: 'inh', bin: 0.01 });
  const t0 = performance.now();
  const net = new Network(spec);
  const buildS = (performance.now() - t0) / 1000;
  const nE = net.population('exc').size;
  const shownE = Math.min(nE, 160),
    shownI = Math.min(j.neurons - nE, 40);
  const seen = { exc: 0, inh: 0 };
  let wall = 0,
    lastPost = -Infinity;
  let t: number[] = [],
    i: number[] = [],
    g: number[] = [];
  for (let k = 0; net.t < j.duration - 1e-12; k++) {
    const a = performance.now();
    net.run(Math.min(j.chunk, j.duration - net.t));
    wall += (performance.now() - a) / 1000;
    for (const [pop, off, shown, gid] of [
      ['exc', 0, shownE, 0],
      ['inh', shownE, shownI, 1],
    ] as const) {
      const s = net.spikes(pop);
      for (let q = seen[pop]; q < s.count; q++) if (s.indices[q] < shown) t.push(s.times[q]), i.push(s.indices[q] + off), g.push(gid);
      seen[pop] = s.count;
    }
    // a frame at most every FRAME_MS of wall time (and after the first chunk and the last)
    if (k > 0 && performance.now() - lastPost < FRAME_MS && net.t < j.duration - 1e-12) continue;
    lastPost = performance.now();
    const events = synapticEvents(net);
    const rates = [...net.rateMonitors.entries()].map(([name, m]) => ({ name: name.replace('rate:', ''), bin: m.bin, rates: Array.from(m.rates(net.t)) }));
    post({
      type: 'frame',
      t: net.t,
      spikes: { t, i, g },
      events,
      wallS: wall,
      eventsPerS: events / wall,
      spikeCount: seen.exc + seen.inh,
      buildS,
      rates,
      neurons: j.neurons,
      synapses: net.synapseCount(),
    });
    t = [];
    i = [];
    g = [];
    await tick();
  }
  post({ type: 'done' });
}

interface MnistSmall {
  train: number;
  test: number;
  size: number;
  images: Uint8Array;
  labels: Uint8Array;
}

function sampleSet(m: MnistSmall, offset: number, count: number): SampleSet {
  return {
    count,
    size: m.size,
    classes: 10,
    labels: m.labels.subarray(offset, offset + count),
    values: (k: number) => m.images.subarray((offset + k) * m.size, (offset + k + 1) * m.size),
  };
}

async function stdp(j: Extract<Job, { op: 'stdp' }>): Promise<void> {
  const res = await fetch(j.dataUrl);
  if (!res.ok) throw new Error(`could not load the bundled MNIST digits from ${j.dataUrl} (HTTP ${res.status}); build the site with npm run web:build`);
  const buf = new Uint8Array(await res.arrayBuffer());
  const size = 784,
    total = j.meta.train + j.meta.test;
  if (buf.length !== total * (size + 1)) throw new Error(`the bundled MNIST file has ${buf.length} bytes, expected ${total * (size + 1)}`);
  const m: MnistSmall = { train: j.meta.train, test: j.meta.test, size, images: buf.subarray(0, total * size), labels: buf.subarray(total * size) };
  const train = sampleSet(m, 0, Math.min(j.samples, m.train));
  const test = sampleSet(m, m.train, Math.min(j.testSamples, m.test));
  const cfg = { ...diehlCookDefaults(j.neurons), seed: j.seed, synapse: { device: j.synapse, ...(j.preset ? { preset: j.preset } : {}), params: {} } };
  const tr = new DiehlCookTrainer(cfg, { epochs: 1, trainSamples: train.count, window: Math.min(100, train.count) }, train);
  const t0 = performance.now();
  const send = () => {
    const p = tr.progress();
    post({
      type: 'frame',
      done: tr.done,
      total: tr.total,
      weights: Float32Array.from(tr.dc.weights),
      inputs: cfg.inputs,
      neurons: cfg.neurons,
      wMax: cfg.wMax,
      runningAccuracy: Number.isFinite(p.runningAccuracy) ? p.runningAccuracy : null,
      samplesPerS: tr.done / ((performance.now() - t0) / 1000),
    });
  };
  while (tr.step()) {
    if (tr.done % j.every === 0) send(), await tick();
  }
  send();
  const ev = evaluateDiehlCook(tr.dc, train, train.count, test, test.count);
  post({ type: 'done', accuracy: ev.accuracy, testSamples: test.count, trainSamples: train.count });
}

self.onmessage = async (ev: MessageEvent<Job>) => {
  const j = ev.data;
  try {
    if (j.op === 'cuba') await cuba(j);
    else if (j.op === 'bench') post({ type: 'done', ...brettBench(j.kind as BrettKind, j.neurons, j.duration) });
    else if (j.op === 'digest') post({ type: 'done', ...brettDigest(j.kind as BrettKind, j.neurons, j.seed, j.duration) });
    else if (j.op === 'models') {
      const models = registeredModels()
        .filter((m) => m.characterise !== undefined)
        .map((m) => ({
          id: m.id,
          kind: m.kind,
          description: m.description,
          params: m.params.map((p) => ({ name: p.name, unit: p.unit, default: p.default, min: p.min ?? null, max: p.max ?? null, description: p.description })),
          presets: (m.presets ?? []).map((p) => ({ name: p.name, description: p.description, params: p.params })),
        }));
      post({ type: 'done', models });
    } else if (j.op === 'device') post({ type: 'done', result: deviceCurves(j.id, j.preset, j.params, j.seed) });
    else if (j.op === 'maxcut') {
      const g = gsetGraph(j.text, j.name);
      post({ type: 'frame', graph: { name: g.name, nodes: g.nodes, edges: g.edges } });
      const r = maxCutAnneal(
        g,
        { sweeps: j.sweeps, beta0: j.beta0, beta1: j.beta1, seed: j.seed, every: Math.max(1, Math.floor(j.sweeps / 100)) },
        (sweep, cut, best) => post({ type: 'frame', sweep, cut, best }),
      );
      post({ type: 'done', bestCut: r.bestCut, sweeps: r.sweeps, graph: { name: g.name, nodes: g.nodes, edges: g.edges } });
    } else if (j.op === 'stdp') await stdp(j);
  } catch (e) {
    const err = e as Error;
    post({ type: 'error', name: err.name ?? 'Error', message: err.message ?? String(e) });
  }
};
