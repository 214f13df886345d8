/**
 * The NIR graph as typed data (docs/nir.md): nodes with their parameters as tensors (values in a
 * Float64Array plus the HDF5 dtype they were stored as, so a write gives back the same file
 * content), strings, nested subgraphs, and edges. Pure: no file access, browser-safe.
 */
import { SpecError } from '@spinsnn/core';

/** HDF5 element types NIR files use (numpy names: `<f4`, `<f8`, `<i8`, …). */
export type NirDtype = 'f4' | 'f8' | 'i1' | 'i2' | 'i4' | 'i8' | 'u1' | 'u2' | 'u4' | 'u8' | 'b1';

/** A dense array in C (row-major) order. `shape` [] is a scalar. */
export interface NirTensor {
  readonly kind: 'tensor';
  readonly dtype: NirDtype;
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** A parameter or metadata value: a tensor, a string, or a list of strings. */
export type NirValue = NirTensor | string | readonly string[];

/** One node: its name in the graph, its NIR type and its fields (minus `type`). */
export interface NirNode {
  readonly name: string;
  readonly type: string;
  readonly params: Readonly<Record<string, NirValue>>;
  /** The node's `metadata` group (other frameworks ignore what they do not know). */
  readonly metadata: Readonly<Record<string, NirValue>>;
  /** For `type` `NIRGraph` (a subgraph): its nodes and edges. */
  readonly graph?: NirGraph;
}

/** A NIR graph: nodes by name and directed edges (source, target). */
export interface NirGraph {
  /** The file's NIR version string (`version` dataset at the root), '' when nested or absent. */
  readonly version: string;
  readonly nodes: readonly NirNode[];
  readonly edges: readonly (readonly [string, string])[];
}

/** Builds a tensor; `data` is copied into a Float64Array. */
export function tensor(data: ArrayLike<number>, shape: readonly number[] = [data.length], dtype: NirDtype = 'f4'): NirTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length) throw new SpecError('tensor', `${n} values for shape [${shape.join(', ')}]`, `${data.length} values`);
  return { kind: 'tensor', dtype, shape: [...shape], data: Float64Array.from(data) };
}

/** True for a tensor value. */
export function isTensor(v: NirValue | undefined): v is NirTensor {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as NirTensor).kind === 'tensor';
}

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** What each supported node type must and may carry (NIR 0.x–1.x field names). */
export const NIR_NODE_FIELDS: Readonly<Record<string, { required: readonly string[]; optional: readonly string[] }>> = {
  Input: { required: ['shape'], optional: [] },
  Output: { required: [], optional: ['shape'] },
  LIF: { required: ['tau', 'r', 'v_leak', 'v_threshold'], optional: ['v_reset'] },
  CubaLIF: { required: ['tau_syn', 'tau_mem', 'r', 'v_leak', 'v_threshold'], optional: ['w_in', 'v_reset'] },
  IF: { required: ['r', 'v_threshold'], optional: ['v_reset'] },
  LI: { required: ['tau', 'r', 'v_leak'], optional: [] },
  Integrator: { required: ['r'], optional: [] },
  Affine: { required: ['weight', 'bias'], optional: [] },
  Linear: { required: ['weight'], optional: [] },
  Scale: { required: ['scale'], optional: [] },
  Threshold: { required: ['threshold'], optional: [] },
  Delay: { required: ['delay'], optional: [] },
  Flatten: { required: [], optional: ['start_dim', 'end_dim', 'input_type'] },
  Conv1d: { required: ['weight'], optional: ['bias', 'stride', 'padding', 'dilation', 'groups', 'input_shape'] },
  Conv2d: { required: ['weight'], optional: ['bias', 'stride', 'padding', 'dilation', 'groups', 'input_shape'] },
  SumPool2d: { required: ['kernel_size', 'stride'], optional: ['padding'] },
  AvgPool2d: { required: ['kernel_size', 'stride'], optional: ['padding'] },
  NIRGraph: { required: [], optional: [] },
};

/** Fields whose value is a vector with one element per neuron (their shapes must agree). */
const PER_NEURON: Readonly<Record<string, readonly string[]>> = {
  LIF: ['tau', 'r', 'v_leak', 'v_threshold', 'v_reset'],
  CubaLIF: ['tau_syn', 'tau_mem', 'r', 'v_leak', 'v_threshold', 'w_in', 'v_reset'],
  IF: ['r', 'v_threshold', 'v_reset'],
  LI: ['tau', 'r', 'v_leak'],
  Integrator: ['r'],
  Threshold: ['threshold'],
};

/**
 * Checks a graph: every node of a known type with its required fields as tensors of consistent
 * shapes, unique names, edges between existing nodes. A problem is a SpecError naming the node
 * (path `nir.nodes.<name>`) and saying what to fix.
 */
export function validateNirGraph(g: NirGraph, path = 'nir'): void {
  const names = new Set<string>();
  for (const node of g.nodes) {
    const p = `${path}.nodes.${node.name}`;
    if (names.has(node.name)) throw new SpecError(p, 'unique node names', `a second node named ${node.name}`);
    names.add(node.name);
    const fields = NIR_NODE_FIELDS[node.type];
    if (!fields) {
      throw new SpecError(
        `${p}.type`,
        `a supported NIR node type (${Object.keys(NIR_NODE_FIELDS).join(', ')}); convert this node to one of them in the exporting framework`,
        node.type === '' ? 'no type' : node.type,
      );
    }
    for (const f of fields.required) {
      if (!(f in node.params)) throw new SpecError(`${p}.${f}`, `a ${node.type} node has the field ${f}`, 'missing');
      if (!isTensor(node.params[f])) throw new SpecError(`${p}.${f}`, 'a numeric array', node.params[f]);
    }
    for (const [k, v] of Object.entries(node.params)) {
      if (isTensor(v)) for (const x of v.data) if (!Number.isFinite(x)) throw new SpecError(`${p}.${k}`, 'finite numbers', x);
    }
    const per = PER_NEURON[node.type];
    if (per) {
      let ref: string | null = null;
      for (const f of per) {
        const v = node.params[f];
        if (!isTensor(v)) continue;
        if (ref === null) ref = f;
        const r = node.params[ref] as NirTensor;
        if (shapeSize(v.shape) !== shapeSize(r.shape)) {
          throw new SpecError(`${p}.${f}`, `shape [${r.shape.join(', ')}] like ${ref} (one value per neuron)`, `shape [${v.shape.join(', ')}]`);
        }
      }
    }
    if (node.type === 'Affine') {
      const w = node.params.weight as NirTensor,
        b = node.params.bias as NirTensor;
      if (w.shape.length !== 2) throw new SpecError(`${p}.weight`, 'a matrix [out, in]', `shape [${w.shape.join(', ')}]`);
      if (shapeSize(b.shape) !== w.shape[0])
        throw new SpecError(`${p}.bias`, `${w.shape[0]} values (one per output, weight is [${w.shape.join(', ')}])`, `shape [${b.shape.join(', ')}]`);
    }
    if (node.type === 'Linear') {
      const w = node.params.weight as NirTensor;
      if (w.shape.length !== 2) throw new SpecError(`${p}.weight`, 'a matrix [out, in]', `shape [${w.shape.join(', ')}]`);
    }
    if (node.type === 'NIRGraph') {
      if (!node.graph) throw new SpecError(p, 'a subgraph with nodes and edges', 'none');
      validateNirGraph(node.graph, p);
    }
  }
  g.edges.forEach(([a, b], k) => {
    for (const end of [a, b]) {
      const top = end.split('.')[0];
      if (!names.has(end) && !names.has(top))
        throw new SpecError(`${path}.edges[${k}]`, `an edge between existing nodes (${[...names].join(', ')})`, `${a} -> ${b}`);
    }
  });
}

/** Deep equality of two graphs (nodes by name, edges as a set, tensors by dtype, shape and bits). */
export function nirGraphsEqual(a: NirGraph, b: NirGraph): boolean {
  return nirGraphDiff(a, b) === null;
}

function valueDiff(x: NirValue | undefined, y: NirValue | undefined): string | null {
  if (isTensor(x) && isTensor(y)) {
    if (x.dtype !== y.dtype) return `dtype ${x.dtype} vs ${y.dtype}`;
    if (x.shape.join(',') !== y.shape.join(',')) return `shape [${x.shape.join(', ')}] vs [${y.shape.join(', ')}]`;
    for (let i = 0; i < x.data.length; i++) if (!Object.is(x.data[i], y.data[i])) return `element ${i}: ${x.data[i]} vs ${y.data[i]}`;
    return null;
  }
  return JSON.stringify(x) === JSON.stringify(y) ? null : `${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
}

/** The first difference between two graphs as text, or null when they are equal. */
export function nirGraphDiff(a: NirGraph, b: NirGraph, path = ''): string | null {
  const byName = new Map(b.nodes.map((n) => [n.name, n]));
  if (a.nodes.length !== b.nodes.length) return `${path}node count ${a.nodes.length} vs ${b.nodes.length}`;
  for (const n of a.nodes) {
    const m = byName.get(n.name);
    if (!m) return `${path}node ${n.name} missing`;
    if (n.type !== m.type) return `${path}node ${n.name}: type ${n.type} vs ${m.type}`;
    for (const [part, pa, pb] of [
      ['params', n.params, m.params],
      ['metadata', n.metadata, m.metadata],
    ] as const) {
      const keys = new Set([...Object.keys(pa), ...Object.keys(pb)]);
      for (const k of keys) {
        const d = valueDiff(pa[k], pb[k]);
        if (d) return `${path}node ${n.name} ${part}.${k}: ${d}`;
      }
    }
    if (n.graph || m.graph) {
      if (!n.graph || !m.graph) return `${path}node ${n.name}: subgraph on one side only`;
      const d = nirGraphDiff(n.graph, m.graph, `${path}${n.name}.`);
      if (d) return d;
    }
  }
  const ea = new Set(a.edges.map((e) => e.join('\u0000'))),
    eb = new Set(b.edges.map((e) => e.join('\u0000')));
  if (ea.size !== eb.size || a.edges.length !== b.edges.length) return `${path}edge count ${a.edges.length} vs ${b.edges.length}`;
  for (const e of ea) if (!eb.has(e)) return `${path}edge ${e.replace('\u0000', ' -> ')} missing`;
  return null;
}

/**
 * The graph with every subgraph inlined: node `sub` of type NIRGraph with inner nodes `a`, `b`
 * becomes nodes `sub.a`, `sub.b`; edges to `sub` go to its `input` nodes, edges from it leave its
 * `output` nodes, and the inner Input/Output nodes are bypassed. Flat graphs come back as they are.
 */
export function flattenNirGraph(g: NirGraph): NirGraph {
  if (!g.nodes.some((n) => n.type === 'NIRGraph')) return g;
  const nodes: NirNode[] = [];
  let edges: [string, string][] = g.edges.map(([a, b]) => [a, b]);
  for (const n of g.nodes) {
    if (n.type !== 'NIRGraph' || !n.graph) {
      nodes.push(n);
      continue;
    }
    const inner = flattenNirGraph(n.graph);
    const ins = inner.nodes.filter((x) => x.type === 'Input').map((x) => x.name);
    const outs = inner.nodes.filter((x) => x.type === 'Output').map((x) => x.name);
    for (const x of inner.nodes) if (x.type !== 'Input' && x.type !== 'Output') nodes.push({ ...x, name: `${n.name}.${x.name}` });
    const innerEdges: [string, string][] = [];
    const entry = inner.edges.filter(([a]) => ins.includes(a)).map(([, b]) => `${n.name}.${b}`);
    const exit = inner.edges.filter(([, b]) => outs.includes(b)).map(([a]) => `${n.name}.${a}`);
    for (const [a, b] of inner.edges) if (!ins.includes(a) && !outs.includes(b)) innerEdges.push([`${n.name}.${a}`, `${n.name}.${b}`]);
    const next: [string, string][] = [];
    for (const [a, b] of edges) {
      const as = a === n.name || (a.startsWith(`${n.name}.`) && outs.includes(a.slice(n.name.length + 1))) ? exit : [a];
      const bs = b === n.name || (b.startsWith(`${n.name}.`) && ins.includes(b.slice(n.name.length + 1))) ? entry : [b];
      for (const x of as) for (const y of bs) next.push([x, y]);
    }
    edges = [...next, ...innerEdges];
  }
  return { version: g.version, nodes, edges };
}
