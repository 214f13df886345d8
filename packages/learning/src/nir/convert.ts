/**
 * NIR graph ↔ spinsnn NetworkSpec (docs/nir.md has the mapping table). Pure: no file access.
 *
 * Import: Input nodes become `spike_times` inputs (no spikes yet: NIR carries no stimulus), neuron
 * nodes populations of the `core/nir_*` models, and every path of weight-carrying nodes (Affine,
 * Linear, Scale, Conv1d/2d, SumPool2d, AvgPool2d, Flatten, Delay) from a source to a neuron node
 * one projection with the composed weights as explicit synapses; a path's bias (Affine, Conv)
 * becomes that projection's `bias` (added to the target's per-neuron `bias` current), so each
 * Affine exports again as itself. Output nodes become monitors. Export goes the other way from a built
 * network (so connectivity rules and weight distributions export as the weights they drew).
 */
import {
  Network,
  SpecError,
  getModel,
  resolveModelParams,
  type MonitorSpec,
  type NetworkSpec,
  type PopulationSpec,
  type ProjectionSpec,
  type SynapseSpec,
} from '@spinsnn/core';
import { flattenNirGraph, isTensor, shapeSize, tensor, validateNirGraph, type NirGraph, type NirNode, type NirTensor, type NirValue } from './graph.js';

/** How a NIR neuron node maps onto a registered model: NIR field → model parameter. */
const NEURON_MAP: Readonly<Record<string, { model: string; fields: Readonly<Record<string, string>> }>> = {
  LIF: { model: 'core/nir_lif', fields: { tau: 'tau', r: 'r', v_leak: 'vLeak', v_threshold: 'vThreshold', v_reset: 'vReset' } },
  CubaLIF: {
    model: 'core/nir_cubalif',
    fields: { tau_syn: 'tauSyn', tau_mem: 'tauMem', r: 'r', v_leak: 'vLeak', v_threshold: 'vThreshold', v_reset: 'vReset', w_in: 'wIn' },
  },
  IF: { model: 'core/if', fields: { r: 'r', v_threshold: 'vThreshold', v_reset: 'vReset' } },
  LI: { model: 'core/li', fields: { tau: 'tau', r: 'r', v_leak: 'vLeak' } },
  Integrator: { model: 'core/integrator', fields: { r: 'r' } },
  Threshold: { model: 'core/nir_threshold', fields: { threshold: 'vThreshold' } },
};
const TYPE_OF_MODEL: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(NEURON_MAP).map(([t, m]) => [m.model, t]));
const NON_SPIKING = new Set(['LI', 'Integrator']);
const MAP_TYPES = new Set(['Affine', 'Linear', 'Scale', 'Conv1d', 'Conv2d', 'SumPool2d', 'AvgPool2d', 'Flatten', 'Delay']);

/** Metadata keys of the spinsnn device extension (docs/nir.md §Device metadata). */
export const DEVICE_METADATA = {
  device: 'spinsnn_device',
  preset: 'spinsnn_preset',
  params: 'spinsnn_params',
  wMin: 'spinsnn_w_min',
  wMax: 'spinsnn_w_max',
  reset: 'spinsnn_reset',
} as const;

/** Options of `nirToSpec`. */
export interface NirImportOptions {
  /** The kernel's step (s) the imported network runs with; default 1e-4 s (the NIR paper's dt). */
  dt?: number;
  seed?: number;
  /** Reset of LIF/CubaLIF/IF nodes without `v_reset` (NIR < 1.0): to 0 (default) or by subtraction. */
  reset?: 'zero' | 'subtract';
}

/** An imported network and what the import had to note (expansions, defaults taken). */
export interface NirImport {
  spec: NetworkSpec;
  notes: string[];
}

/** A sparse linear map y = M·x + c over flat (C-order) indices, with per-synapse extra delay. */
interface LinearMap {
  nIn: number;
  nOut: number;
  /** rows[out] = Map(in → weight). */
  rows: Map<number, number>[];
  bias: Float64Array;
  /** Delay added on the source side (per input) and on the target side (per output), s. */
  delayIn: Float64Array;
  delayOut: Float64Array;
  /** Whether any weight map has been applied yet (delays before it are per source). */
  weighted: boolean;
  shape: number[];
  /** Every node passed, and the weight-carrying ones among them (they name the projection). */
  nodes: string[];
  weightNodes: string[];
  metadata: Record<string, NirValue>;
}

const num = (v: NirValue | undefined, name: string, path: string): NirTensor => {
  if (!isTensor(v)) throw new SpecError(`${path}.${name}`, 'a numeric array', v === undefined ? 'missing' : v);
  return v;
};

function identityMap(shape: number[]): LinearMap {
  const n = shapeSize(shape);
  const rows = Array.from({ length: n }, (_, i) => new Map([[i, 1]]));
  return {
    nIn: n,
    nOut: n,
    rows,
    bias: new Float64Array(n),
    delayIn: new Float64Array(n),
    delayOut: new Float64Array(n),
    weighted: false,
    shape: [...shape],
    nodes: [],
    weightNodes: [],
    metadata: {},
  };
}

/** Applies a new linear stage N (nOut2 × m.nOut, as rows) after m. */
function compose(m: LinearMap, rowsN: Map<number, number>[], biasN: Float64Array, shape: number[], node: NirNode): LinearMap {
  const rows: Map<number, number>[] = [];
  const bias = new Float64Array(rowsN.length);
  for (let r = 0; r < rowsN.length; r++) {
    const acc = new Map<number, number>();
    let b = biasN[r];
    for (const [k, w] of rowsN[r]) {
      b += w * m.bias[k];
      for (const [i, v] of m.rows[k]) acc.set(i, (acc.get(i) ?? 0) + w * v);
    }
    rows.push(acc);
    bias[r] = b;
  }
  if (m.weighted && m.delayOut.some((d) => d !== m.delayOut[0])) {
    throw new SpecError(
      `nir.nodes.${node.name}`,
      'a Delay between two weight nodes with one delay for all (spinsnn delays are per synapse: per-element delays must sit next to a neuron or input node)',
      'per-element delays',
    );
  }
  const uniform = m.weighted ? (m.delayOut[0] ?? 0) : 0;
  const delayIn = m.weighted ? m.delayIn.map((d) => d + uniform) : m.delayOut.map((d, i) => d + m.delayIn[i]);
  const md = { ...m.metadata, ...node.metadata };
  return {
    nIn: m.nIn,
    nOut: rowsN.length,
    rows,
    bias,
    delayIn,
    delayOut: new Float64Array(rowsN.length),
    weighted: true,
    shape,
    nodes: [...m.nodes, node.name],
    weightNodes: [...m.weightNodes, node.name],
    metadata: md,
  };
}

function denseRows(w: NirTensor, nIn: number, path: string): Map<number, number>[] {
  const [out, inn] = w.shape;
  if (inn !== nIn) throw new SpecError(`${path}.weight`, `[out, ${nIn}] (its input has ${nIn} elements)`, `shape [${w.shape.join(', ')}]`);
  const rows: Map<number, number>[] = [];
  for (let r = 0; r < out; r++) {
    const m = new Map<number, number>();
    for (let c = 0; c < inn; c++) {
      const x = w.data[r * inn + c];
      if (x !== 0) m.set(c, x);
    }
    rows.push(m);
  }
  return rows;
}

const pair = (v: NirValue | undefined, dflt: number, dims: number): number[] => {
  if (!isTensor(v)) return Array(dims).fill(dflt) as number[];
  return v.data.length === 1 ? (Array(dims).fill(v.data[0]) as number[]) : Array.from(v.data.slice(0, dims));
};

/** Conv/pool over [C, H, W] (1-d as H = 1) as explicit rows. */
function convRows(node: NirNode, inShape: number[], path: string): { rows: Map<number, number>[]; bias: Float64Array; shape: number[] } {
  const is1d = node.type === 'Conv1d';
  const pool = node.type === 'SumPool2d' || node.type === 'AvgPool2d';
  const declared = node.params.input_shape;
  let shape = isTensor(declared) ? Array.from(declared.data) : inShape;
  if (shape.length === (is1d ? 1 : 2) && !pool) shape = [1, ...shape];
  const [C, H, W] = is1d ? [shape[0], 1, shape[1]] : [shape[0], shape[1], shape[2]];
  if (shape.length !== (is1d ? 2 : 3) || shapeSize(shape) !== shapeSize(inShape)) {
    throw new SpecError(
      `${path}.input_shape`,
      `the input's shape as [C, ${is1d ? 'L' : 'H, W'}] (${inShape.join('×')} elements arrive)`,
      `[${shape.join(', ')}]`,
    );
  }
  const dims = is1d ? 1 : 2;
  const kSize = pool ? pair(node.params.kernel_size, 1, 2) : null;
  const stride2 = pair(node.params.stride, 1, dims);
  const dil2 = pool ? [1, 1] : pair(node.params.dilation, 1, dims);
  const padV = node.params.padding;
  let pad2: number[];
  const w = pool ? null : num(node.params.weight, 'weight', path);
  const kh = pool ? kSize![0] : is1d ? 1 : w!.shape[2];
  const kw = pool ? kSize![1] : is1d ? w!.shape[2] : w!.shape[3];
  if (typeof padV === 'string') {
    if (padV === 'valid') pad2 = [0, 0];
    else if (padV === 'same') pad2 = [Math.floor((dil2[0] * (kh - 1)) / 2), Math.floor((dil2[dims - 1] * (kw - 1)) / 2)];
    else throw new SpecError(`${path}.padding`, '"valid", "same" or numbers', padV);
  } else pad2 = pair(padV, 0, dims);
  const [sh, sw] = is1d ? [1, stride2[0]] : stride2;
  const [dh, dw] = is1d ? [1, dil2[0]] : dil2;
  const [ph, pw] = is1d ? [0, pad2[0]] : pad2;
  const Ho = Math.floor((H + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const Wo = Math.floor((W + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  if (!(Ho > 0 && Wo > 0)) throw new SpecError(path, `a kernel that fits the input ${C}×${H}×${W}`, `kernel ${kh}×${kw}`);
  const groups = pool ? C : isTensor(node.params.groups) ? node.params.groups.data[0] : 1;
  const Co = pool ? C : w!.shape[0];
  const cinPerGroup = pool ? 1 : w!.shape[1];
  if (!pool && cinPerGroup * groups !== C)
    throw new SpecError(`${path}.weight`, `[Cout, ${C / groups}, …] for ${C} input channels in ${groups} group(s)`, `shape [${w!.shape.join(', ')}]`);
  const coutPerGroup = Co / groups;
  const rows: Map<number, number>[] = [];
  const bias = new Float64Array(Co * Ho * Wo);
  const b = isTensor(node.params.bias) ? node.params.bias.data : null;
  for (let co = 0; co < Co; co++) {
    const g = Math.floor(co / coutPerGroup);
    for (let y = 0; y < Ho; y++) {
      for (let x = 0; x < Wo; x++) {
        const m = new Map<number, number>();
        for (let cl = 0; cl < cinPerGroup; cl++) {
          const ci = pool ? co : g * cinPerGroup + cl;
          for (let u = 0; u < kh; u++) {
            const yi = y * sh - ph + u * dh;
            if (yi < 0 || yi >= H) continue;
            for (let v = 0; v < kw; v++) {
              const xi = x * sw - pw + v * dw;
              if (xi < 0 || xi >= W) continue;
              const wt = pool ? (node.type === 'AvgPool2d' ? 1 / (kh * kw) : 1) : w!.data[((co * cinPerGroup + cl) * kh + u) * kw + v];
              if (wt !== 0) m.set((ci * H + yi) * W + xi, (m.get((ci * H + yi) * W + xi) ?? 0) + wt);
            }
          }
        }
        const r = (co * Ho + y) * Wo + x;
        rows[r] = m;
        if (b) bias[r] = b[co];
      }
    }
  }
  return { rows, bias, shape: is1d ? [Co, Wo] : [Co, Ho, Wo] };
}

function nodeShape(node: NirNode): number[] {
  if (node.type === 'Input') return Array.from(num(node.params.shape, 'shape', `nir.nodes.${node.name}`).data);
  const f = Object.keys(NEURON_MAP[node.type].fields)[0];
  return [...num(node.params[f], f, `nir.nodes.${node.name}`).shape];
}

/** One value for a population: every neuron's must agree (spinsnn parameters are per population). */
function uniform(node: NirNode, field: string): number {
  const t = num(node.params[field], field, `nir.nodes.${node.name}`);
  const x = t.data[0];
  for (const y of t.data) {
    if (!Object.is(y, x)) {
      throw new SpecError(
        `nir.nodes.${node.name}.${field}`,
        'one value for all neurons of the node (spinsnn model parameters are per population): split the layer into nodes of equal values',
        `values from ${Math.min(...t.data)} to ${Math.max(...t.data)}`,
      );
    }
  }
  return x;
}

/**
 * A NIR node name as a spinsnn name (letters, digits, _ . -, not starting with a digit): a leading
 * digit gets a `_` prefix (undone on export, so `0` ↔ `_0` round-trips); any other character
 * becomes `_` (noted, not reversible).
 */
export function spinsnnName(nirName: string, notes?: string[]): string {
  let s = nirName.replace(/[^\w.-]/g, '_');
  if (s !== nirName) notes?.push(`node ${nirName} renamed ${s} (spinsnn names are letters, digits, _ . -)`);
  if (!/^[A-Za-z_]/.test(s)) s = `_${s}`;
  return s;
}

/** The NIR name of a spinsnn name (inverse of spinsnnName's digit prefix). */
export function nirName(name: string): string {
  return /^_[0-9]/.test(name) ? name.slice(1) : name.replace(/[/\s]/g, '_');
}

const strOf = (v: NirValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** Converts a NIR graph into a spinsnn NetworkSpec (see the file comment); throws SpecError naming the node for what it cannot map. */
export function nirToSpec(graph: NirGraph, o: NirImportOptions = {}): NirImport {
  validateNirGraph(graph);
  const g = flattenNirGraph(graph);
  const notes: string[] = [];
  if (g !== graph) notes.push('subgraphs were inlined (their nodes are named subgraph.node)');
  const byName = new Map(g.nodes.map((n) => [n.name, n]));
  const out = new Map<string, string[]>();
  for (const [a, b] of g.edges) {
    if (!byName.has(a) || !byName.has(b)) throw new SpecError('nir.edges', 'edges between existing nodes', `${a} -> ${b}`);
    out.set(a, [...(out.get(a) ?? []), b]);
  }
  const spec: NetworkSpec = { dt: o.dt ?? 1e-4, seed: o.seed ?? 1, populations: [], inputs: [], projections: [], monitors: [] };
  for (const node of g.nodes) {
    const path = `nir.nodes.${node.name}`;
    if (node.type === 'Input') {
      spec.inputs!.push({ name: spinsnnName(node.name, notes), type: 'spike_times', size: shapeSize(nodeShape(node)), indices: [], times: [] });
    } else if (NEURON_MAP[node.type]) {
      const map = NEURON_MAP[node.type];
      const size = shapeSize(nodeShape(node));
      const params: Record<string, number> = {};
      for (const [f, p] of Object.entries(map.fields)) if (f in node.params) params[p] = uniform(node, f);
      if (node.type === 'CubaLIF' && !('w_in' in node.params)) params.wIn = 1;
      if (['LIF', 'CubaLIF', 'IF'].includes(node.type)) {
        const resetMeta = strOf(node.metadata[DEVICE_METADATA.reset]);
        if (resetMeta === 'subtract' || (!('v_reset' in node.params) && o.reset === 'subtract')) {
          params.subtract = 1;
          params.vReset ??= 0;
        } else if (!('v_reset' in node.params)) {
          params.vReset = 0;
          notes.push(`${node.name}: no v_reset (NIR < 1.0): reset to 0 (pass reset: 'subtract' for reset by subtraction)`);
        }
        if (!('subtract' in params)) params.subtract = 0;
      }
      if (node.type !== 'Threshold' && !('vLeak' in params) && getModel(map.model, 'neuron').params.some((p) => p.name === 'vLeak')) params.vLeak = 0;
      spec.populations.push({ name: spinsnnName(node.name, notes), size, model: map.model, params });
    } else if (node.type === 'Output' || MAP_TYPES.has(node.type)) {
      // handled while walking paths
    } else {
      throw new SpecError(`${path}.type`, `a node type spinsnn maps (${['Input', 'Output', ...Object.keys(NEURON_MAP), ...MAP_TYPES].join(', ')})`, node.type);
    }
  }
  const projections: { source: string; target: string; map: LinearMap }[] = [];
  const monitored = new Set<string>();
  const walk = (source: string, at: string, m: LinearMap, seen: Set<string>): void => {
    for (const nextName of out.get(at) ?? []) {
      const next = byName.get(nextName)!;
      const path = `nir.nodes.${next.name}`;
      if (NEURON_MAP[next.type]) {
        const size = shapeSize(nodeShape(next));
        if (m.nOut !== size) throw new SpecError(path, `${m.nOut} inputs (what ${[source, ...m.nodes].join(' → ')} delivers)`, `${size} neurons`);
        projections.push({ source, target: next.name, map: m });
        continue;
      }
      if (next.type === 'Output') {
        if (m.weighted)
          throw new SpecError(
            path,
            'an Output fed by a neuron or input node (spinsnn records populations; a weighted readout into Output has no population to record: add an LI node before it)',
            `${m.nodes.join(' → ')} → ${next.name}`,
          );
        const src = byName.get(source)!;
        const mon: MonitorSpec = NON_SPIKING.has(src.type)
          ? {
              type: 'state',
              population: spinsnnName(source),
              variable: 'v',
              indices: Array.from({ length: shapeSize(nodeShape(src)) }, (_, i) => i),
              name: spinsnnName(next.name),
            }
          : { type: 'spikes', population: spinsnnName(source), name: spinsnnName(next.name) };
        if (src.type === 'Input') throw new SpecError(path, 'an Output fed by a neuron node', `the input ${source}`);
        spec.monitors!.push(mon);
        monitored.add(source);
        continue;
      }
      if (seen.has(next.name))
        throw new SpecError(
          path,
          'a loop that passes through a neuron node (a cycle of weight nodes alone has no dynamics)',
          `a cycle ${[...seen, next.name].join(' → ')}`,
        );
      let n: LinearMap;
      const p = next.params;
      switch (next.type) {
        case 'Affine':
        case 'Linear': {
          const w = num(p.weight, 'weight', path);
          const rows = denseRows(w, m.nOut, path);
          const bias = next.type === 'Affine' ? Float64Array.from(num(p.bias, 'bias', path).data) : new Float64Array(rows.length);
          n = compose(m, rows, bias, [rows.length], next);
          break;
        }
        case 'Scale': {
          const s = num(p.scale, 'scale', path);
          if (s.data.length !== m.nOut) throw new SpecError(`${path}.scale`, `${m.nOut} values (one per input)`, `${s.data.length}`);
          n = compose(
            m,
            Array.from(s.data, (x, i) => new Map([[i, x]])),
            new Float64Array(m.nOut),
            m.shape,
            next,
          );
          break;
        }
        case 'Conv1d':
        case 'Conv2d':
        case 'SumPool2d':
        case 'AvgPool2d': {
          const c = convRows(next, m.shape, path);
          n = compose(m, c.rows, c.bias, c.shape, next);
          notes.push(
            `${next.name}: ${next.type} expanded to ${c.rows.reduce((a, r) => a + r.size, 0)} explicit synapses (${m.shape.join('×')} → ${c.shape.join('×')})`,
          );
          break;
        }
        case 'Flatten':
          n = { ...m, shape: [m.nOut], nodes: [...m.nodes, next.name] };
          break;
        case 'Delay': {
          const d = num(p.delay, 'delay', path);
          if (d.data.length !== m.nOut && d.data.length !== 1)
            throw new SpecError(`${path}.delay`, `${m.nOut} delays (one per element) or one`, `${d.data.length}`);
          if (d.data.some((x) => x < 0)) throw new SpecError(`${path}.delay`, 'delays ≥ 0 s', Math.min(...d.data));
          const delayOut = m.delayOut.map((x, i) => x + d.data[d.data.length === 1 ? 0 : i]);
          n = { ...m, delayOut, nodes: [...m.nodes, next.name] };
          break;
        }
        default:
          throw new SpecError(`${path}.type`, 'a node spinsnn maps', next.type);
      }
      walk(source, next.name, n, new Set([...seen, next.name]));
    }
  };
  for (const node of g.nodes) if (node.type === 'Input' || NEURON_MAP[node.type]) walk(node.name, node.name, identityMap(nodeShape(node)), new Set());

  // projections in the order of their first weight node in the graph (the order spinsnn exported
  // them in, so spec → NIR → spec keeps it); direct edges last, by target
  const position = new Map(g.nodes.map((n, i) => [n.name, i]));
  const rank = (p: { target: string; map: LinearMap }) =>
    p.map.weightNodes.length > 0 ? Math.min(...p.map.weightNodes.map((n) => position.get(n)!)) : g.nodes.length + position.get(p.target)!;
  projections.sort((a, b) => rank(a) - rank(b));
  for (const { source, target, map } of projections) {
    const pre: number[] = [],
      post: number[] = [],
      weight: number[] = [],
      delay: number[] = [];
    for (let j = 0; j < map.nOut; j++) {
      for (const [i, w] of [...map.rows[j]].sort((a, b) => a[0] - b[0])) {
        pre.push(i);
        post.push(j);
        weight.push(w);
        delay.push(map.delayIn[i] + map.delayOut[j]);
      }
    }
    // a bias stays on its projection, so several Affine nodes into one neuron node export as they came
    const hasAffine = map.weightNodes.some((n) => byName.get(n)!.type === 'Affine');
    const biased = hasAffine || map.bias.some((x) => x !== 0);
    const name = map.weightNodes.length > 0 ? map.weightNodes.join('+') : map.nodes.length > 0 ? map.nodes.join('+') : `${source}->${target}`;
    const pr: ProjectionSpec = {
      name: spinsnnName(name),
      source: spinsnnName(source),
      target: spinsnnName(target),
      connectivity: { rule: 'explicit', pre, post },
      weight,
      delay: delay.every((d) => d === delay[0]) ? (delay[0] ?? 0) : delay,
    };
    if (biased) pr.bias = Array.from(map.bias);
    const md = map.metadata;
    const device = strOf(md[DEVICE_METADATA.device]);
    if (device) {
      const syn: SynapseSpec = { device };
      const preset = strOf(md[DEVICE_METADATA.preset]);
      if (preset) syn.preset = preset;
      const params = strOf(md[DEVICE_METADATA.params]);
      if (params) {
        try {
          syn.params = JSON.parse(params) as Record<string, number>;
        } catch {
          throw new SpecError(`nir.nodes.${map.nodes.join('+')}.metadata.${DEVICE_METADATA.params}`, 'a JSON object of device parameters', params);
        }
      }
      const wMin = md[DEVICE_METADATA.wMin],
        wMax = md[DEVICE_METADATA.wMax];
      if (isTensor(wMin)) syn.wMin = wMin.data[0];
      if (isTensor(wMax)) syn.wMax = wMax.data[0];
      pr.synapse = syn;
    }
    spec.projections!.push(pr);
  }
  if (spec.inputs!.length > 0)
    notes.push(
      `inputs ${spec.inputs!.map((i) => i.name).join(', ')} have no spikes: NIR carries no stimulus; fill their indices/times (spike_times) before running`,
    );
  for (const n of g.nodes)
    if (NEURON_MAP[n.type] && !monitored.has(n.name) && (out.get(n.name) ?? []).length === 0) notes.push(`${n.name} feeds nothing and has no Output`);
  return { spec, notes };
}

/** Largest dense weight matrix an export writes (2^26 elements, 512 MB as float64). */
export const MAX_DENSE_EXPORT = 2 ** 26;

/** The NIR version spinsnn writes (its node fields follow NIR 1.0: `v_reset` on LIF, CubaLIF, IF). */
export const NIR_EXPORT_VERSION = '1.0.0';

/** Options of `specToNir`. */
export interface NirExportOptions {
  /** Element type of weights (f4 as most frameworks write, f8 to keep spinsnn's doubles exactly). Default f8. */
  weightDtype?: 'f4' | 'f8';
}

const safeName = nirName;

/**
 * Converts a spinsnn network into a NIR graph: it is built first (a `Network`), so every
 * connectivity rule, distribution and device weight is exported as the weights it drew. Populations
 * must be of a NIR model (`core/nir_lif`, `core/nir_cubalif`, `core/if`, `core/li`,
 * `core/integrator`, `core/nir_threshold`): others are a SpecError naming the population.
 */
export function specToNir(spec: NetworkSpec, o: NirExportOptions = {}): NirGraph {
  for (const [k, p] of spec.populations.entries()) {
    const type = TYPE_OF_MODEL[getModel(p.model, 'neuron').id];
    if (!type)
      throw new SpecError(
        `populations[${k}].model`,
        `a model NIR can express (${Object.keys(TYPE_OF_MODEL).join(', ')}); ${p.model} has no NIR node — use core/nir_lif for a LIF with current input`,
        p.model,
      );
  }
  // the weights as requested (a device's programming noise and read model are re-applied on
  // import, from the device metadata): build without synapse devices and plasticity
  // import, from the device metadata): build without synapse devices and plasticity; and without
  // projection biases, so a population's bias state is its own (it goes on its first projection)
  const net = new Network({ ...spec, projections: spec.projections?.map(({ synapse: _s, plasticity: _p, bias: _b, ...pr }) => pr) });
  const wd = o.weightDtype ?? 'f8';
  const nodes: NirNode[] = [];
  const edges: [string, string][] = [];
  const size = new Map<string, number>();
  for (const inp of spec.inputs ?? []) {
    nodes.push({ name: safeName(inp.name), type: 'Input', params: { shape: tensor([inp.size], [1], 'i8') }, metadata: {} });
    size.set(inp.name, inp.size);
  }
  const biasFor = new Map<string, Float64Array>();
  for (const p of spec.populations as PopulationSpec[]) {
    const model = getModel(p.model, 'neuron');
    const type = TYPE_OF_MODEL[model.id];
    const values = resolveModelParams(model, p.preset, p.params, `populations.${p.name}`);
    const params: Record<string, NirValue> = {};
    const metadata: Record<string, NirValue> = {};
    for (const [f, name] of Object.entries(NEURON_MAP[type].fields)) params[f] = tensor(new Float64Array(p.size).fill(values[name]), [p.size], 'f8');
    if (values.subtract === 1) metadata[DEVICE_METADATA.reset] = 'subtract';
    nodes.push({ name: safeName(p.name), type, params, metadata });
    size.set(p.name, p.size);
    const group = net.population(p.name).group!;
    const b = Float64Array.from(group.state('bias'));
    biasFor.set(p.name, b);
  }
  const biasDone = new Set<string>();
  net.projections.forEach((proj, k) => {
    const pr = spec.projections![k];
    const nIn = proj.source.size,
      nOut = proj.target.size;
    if (nIn * nOut > MAX_DENSE_EXPORT) {
      throw new SpecError(
        `projections[${k}]`,
        `at most ${MAX_DENSE_EXPORT} source × target pairs (NIR stores a projection as a dense [target, source] matrix; this one would take ${((nIn * nOut * 8) / 2 ** 20).toFixed(0)} MB)`,
        `${nOut} × ${nIn}`,
      );
    }
    const w = new Float64Array(nOut * nIn);
    const dly = new Float64Array(nOut * nIn).fill(NaN);
    for (let i = 0; i < nIn; i++) {
      for (let s = proj.rowPtr[i]; s < proj.rowPtr[i + 1]; s++) {
        const j = proj.post[s];
        w[j * nIn + i] += proj.weight(s);
        const d = proj.delays ? proj.delays[s] : proj.uniformDelay;
        if (!Number.isNaN(dly[j * nIn + i]) && dly[j * nIn + i] !== d)
          throw new SpecError(
            `projections[${k}].delay`,
            'one delay per (source, target) pair (NIR delays sit on nodes)',
            'two synapses of one pair with different delays',
          );
        dly[j * nIn + i] = d;
      }
    }
    const name = safeName(pr.name ?? proj.name);
    const own = biasFor.get(proj.target.name)!;
    const addOwn = !biasDone.has(proj.target.name) && own.some((x) => x !== 0);
    if (addOwn) biasDone.add(proj.target.name);
    const hasBias = addOwn || pr.bias !== undefined;
    const b = new Float64Array(nOut);
    for (let j = 0; j < nOut; j++) b[j] = (pr.bias === undefined ? 0 : typeof pr.bias === 'number' ? pr.bias : pr.bias[j]) + (addOwn ? own[j] : 0);
    const metadata: Record<string, NirValue> = {};
    if (pr.synapse) {
      metadata[DEVICE_METADATA.device] = getModel(pr.synapse.device, 'synapse').id;
      if (pr.synapse.preset) metadata[DEVICE_METADATA.preset] = pr.synapse.preset;
      if (pr.synapse.params) metadata[DEVICE_METADATA.params] = JSON.stringify(pr.synapse.params);
      if (pr.synapse.wMin !== undefined) metadata[DEVICE_METADATA.wMin] = tensor([pr.synapse.wMin], [1], 'f8');
      if (pr.synapse.wMax !== undefined) metadata[DEVICE_METADATA.wMax] = tensor([pr.synapse.wMax], [1], 'f8');
    }
    const params: Record<string, NirValue> = { weight: tensor(w, [nOut, nIn], wd) };
    if (hasBias) params.bias = tensor(b, [nOut], wd);
    nodes.push({ name, type: hasBias ? 'Affine' : 'Linear', params, metadata });
    // delays: one per target element (all synapses into j equal) → Delay after; one per source → before
    const perTarget = new Float64Array(nOut),
      perSource = new Float64Array(nIn);
    let byTarget = true,
      bySource = true,
      any = false;
    for (let j = 0; j < nOut; j++) {
      for (let i = 0; i < nIn; i++) {
        const d = dly[j * nIn + i];
        if (Number.isNaN(d)) continue;
        if (d !== 0) any = true;
      }
    }
    const src = safeName(proj.source.name),
      tgt = safeName(proj.target.name);
    if (!any) {
      edges.push([src, name], [name, tgt]);
      return;
    }
    const seenT = new Uint8Array(nOut),
      seenS = new Uint8Array(nIn);
    for (let j = 0; j < nOut; j++) {
      for (let i = 0; i < nIn; i++) {
        const d = dly[j * nIn + i];
        if (Number.isNaN(d)) continue;
        if (seenT[j] && perTarget[j] !== d) byTarget = false;
        if (seenS[i] && perSource[i] !== d) bySource = false;
        perTarget[j] = d;
        seenT[j] = 1;
        perSource[i] = d;
        seenS[i] = 1;
      }
    }
    const dName = `${name}.delay`;
    if (byTarget) {
      nodes.push({ name: dName, type: 'Delay', params: { delay: tensor(perTarget, [nOut], 'f8') }, metadata: {} });
      edges.push([src, name], [name, dName], [dName, tgt]);
    } else if (bySource) {
      nodes.push({ name: dName, type: 'Delay', params: { delay: tensor(perSource, [nIn], 'f8') }, metadata: {} });
      edges.push([src, dName], [dName, name], [name, tgt]);
    } else {
      throw new SpecError(
        `projections[${k}].delay`,
        'delays that depend on the target neuron only, or on the source only (NIR delays sit on nodes)',
        'delays that depend on both',
      );
    }
  });
  for (const m of spec.monitors ?? []) {
    if (m.type === 'rate' || m.type === 'weights') continue; // NIR has no node for a rate or weight recording
    const name = safeName(m.name ?? `output_${m.population}`);
    if (nodes.some((n) => n.name === name)) continue;
    nodes.push({ name, type: 'Output', params: { shape: tensor([size.get(m.population) ?? 0], [1], 'i8') }, metadata: {} });
    edges.push([safeName(m.population), name]);
  }
  return { version: NIR_EXPORT_VERSION, nodes, edges };
}
