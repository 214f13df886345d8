/**
 * Valid network specs over every registered neuron model, synapse device and plasticity rule,
 * and mutations of them (deleted and renamed keys, wrong types, non-finite and extreme numbers,
 * empty or resized arrays, unknown ids), as plain data so fast-check can shrink them.
 */
import { registeredModels, type NetworkSpec, type NeuronModel } from '@spinsnn/core';
import '@spinsnn/backends';
import '@spinsnn/learning';

export const NEURONS = registeredModels({ kind: 'neuron' }) as NeuronModel[];
export const DEVICES = registeredModels({ kind: 'synapse' }).map((m) => m.id);
export const RULES = registeredModels({ kind: 'plasticity' }).map((m) => m.id);

export interface BaseChoice {
  a: number;
  b: number;
  device: number;
  /** −1: no plasticity. */
  rule: number;
  rule2: number;
  seed: number;
  sizeA: number;
  sizeB: number;
  conn: number;
  preset: number;
  schedule: boolean;
}

const weightOf = (m: NeuronModel): number => m.exampleWeight ?? 1;

export function baseSpec(c: BaseChoice): NetworkSpec {
  const A = NEURONS[c.a % NEURONS.length];
  const B = NEURONS[c.b % NEURONS.length];
  const device = DEVICES[c.device % DEVICES.length];
  // Joule-heating STDP pulses a device: not on exact float weights
  const fits = (r: string, dev: string) => !(r === 'learning/joule_stdp' && dev === 'core/float');
  const pickRule = (k: number, dev: string): string | null => (k < 0 ? null : ([RULES[k % RULES.length], ...RULES].find((r) => fits(r, dev)) ?? null));
  const rule = pickRule(c.rule, device);
  const rule2 = pickRule(c.rule2, 'core/float');
  const nA = c.sizeA,
    nB = c.sizeB;
  const wB = weightOf(B);
  const presetA = A.presets && A.presets.length > 0 && c.preset % 2 === 1 ? A.presets[(c.preset >> 1) % A.presets.length].name : undefined;
  const conns = [
    { rule: 'all_to_all' as const },
    { rule: 'fixed_probability' as const, p: 0.3 },
    { rule: 'fixed_indegree' as const, k: Math.min(2, nA) },
    { rule: 'explicit' as const, pre: [0, nA - 1, 0], post: [nB - 1, 0, 0] },
    { rule: 'fixed_probability' as const, p: 0.01 },
  ];
  const connectivity = conns[c.conn % conns.length];
  const nSyn = connectivity.rule === 'explicit' ? 3 : null;
  return {
    dt: 1e-4,
    seed: c.seed,
    populations: [
      { name: 'a', size: nA, model: A.id, ...(presetA ? { preset: presetA } : {}), init: { [A.stateNames[0]]: { uniform: [0, 0] } } },
      { name: 'b', size: nB, model: B.id },
    ],
    inputs: [
      { name: 'in', type: 'poisson', size: 3, rate: [300, 100, 50], ...(c.schedule ? { schedule: { times: [2e-3], rates: [[10, 20, 30]] } } : {}) },
      { name: 'st', type: 'spike_times', size: 2, indices: [0, 1, 1], times: [1e-3, 2e-3, 3e-3] },
    ],
    projections: [
      { source: 'in', target: 'a', connectivity: { rule: 'all_to_all' }, weight: weightOf(A), delay: 1e-4 },
      { source: 'st', target: 'b', connectivity: { rule: 'explicit', pre: [0, 1], post: [0, nB - 1] }, weight: wB },
      {
        name: 'ab',
        source: 'a',
        target: 'b',
        receptor: B.receptors[0],
        connectivity,
        weight: nSyn === null ? { uniform: [0.1 * wB, wB] } : [wB, 0.5 * wB, 0.2 * wB],
        delay: c.conn % 2 === 0 ? { uniform: [0, 1e-3] } : 5e-4,
        synapse: { device, ...(c.seed % 3 === 0 ? { wMin: 0, wMax: 2 * wB } : {}) },
        ...(rule ? { plasticity: { rule } } : {}),
      },
      {
        source: 'b',
        target: 'a',
        connectivity: { rule: 'fixed_probability', p: 0.5, allowSelf: false },
        weight: { normal: { mean: 0.5 * weightOf(A), sd: 0.1 * weightOf(A) } },
        ...(rule2 ? { plasticity: { rule: rule2 } } : {}),
      },
    ],
    monitors: [
      { type: 'spikes', population: 'a' },
      { type: 'spikes', population: 'in' },
      { type: 'state', population: 'b', variable: B.stateNames[0], indices: [0, nB - 1], interval: 2e-4 },
      { type: 'rate', population: 'a', bin: 1e-3 },
    ],
  };
}

export interface Mutation {
  pick: number;
  op: number;
  val: number;
}

type Json = unknown;
type Container = Record<string, Json> | Json[];

const BAD_VALUES: readonly Json[] = [
  NaN,
  Infinity,
  -Infinity,
  -1,
  0,
  -0,
  1e308,
  5e-324,
  2 ** 31,
  2 ** 30,
  1e12,
  0.5,
  3.7,
  -1e-3,
  1e-9,
  1e6,
  'x',
  '',
  null,
  true,
  {},
  [],
  [NaN],
  [1, 2],
  { uniform: [1, 0] },
  { uniform: [0, Infinity] },
  { normal: { mean: 0, sd: -1 } },
  { normal: { mean: 0, sd: 1e308 } },
  'core/lif',
  'sot/multilevel',
  'learning/stdp',
  'nope/x',
  'a',
  'b',
  'in',
  Number.MAX_SAFE_INTEGER,
];

const isContainer = (x: Json): x is Container => typeof x === 'object' && x !== null;

/** Every (parent, key) slot of the tree, the root's own keys included. */
function slots(root: Container): [Container, string | number][] {
  const out: [Container, string | number][] = [];
  const walk = (node: Container) => {
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const k of keys) {
      out.push([node, k]);
      const v = (node as Record<string | number, Json>)[k];
      if (isContainer(v)) walk(v);
    }
  };
  walk(root);
  return out;
}

/** Applies one mutation in place; returns a short description of it. */
export function mutate(spec: Container, m: Mutation): string {
  const all = slots(spec);
  const [parent, key] = all[m.pick % all.length];
  const p = parent as Record<string | number, Json>;
  const old = p[key];
  const bad = BAD_VALUES[m.val % BAD_VALUES.length];
  switch (m.op % 9) {
    case 7:
    case 8:
      // mostly still valid: a number nudged, so that runs (not just refusals) are fuzzed too
      if (typeof old === 'number') {
        p[key] = old * [0.5, 2, 10, 0.1, 0, 1.5][m.val % 6];
        return `${key} × ${String(p[key])}`;
      }
      return 'unchanged';
    case 0:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete p[key];
      return `delete ${key}`;
    case 1: {
      if (Array.isArray(parent)) {
        parent.push(structuredClone(old));
        return `duplicate [${key}]`;
      }
      const k = String(key);
      const renamed = [k + 's', k.slice(0, -1), k.toUpperCase(), '_' + k][m.val % 4];
      delete p[key];
      p[renamed] = old;
      return `rename ${k} → ${renamed}`;
    }
    case 2:
      p[key] = structuredClone(bad);
      return `${key} = ${String(bad)}`;
    case 3:
      if (Array.isArray(old)) {
        p[key] = [];
        return `${key} = []`;
      }
      p[key] = structuredClone(bad);
      return `${key} = ${String(bad)}`;
    case 4:
      if (Array.isArray(old)) {
        if (m.val % 2 === 0) old.pop();
        else old.push(old.length > 0 ? structuredClone(old[old.length - 1]) : 0);
        return `${key} resized`;
      }
      p[key] = structuredClone(bad);
      return `${key} = ${String(bad)}`;
    case 5:
      if (typeof old === 'string') {
        const ids = [...DEVICES, ...RULES, ...NEURONS.map((n) => n.id), 'nope/x', 'core/nope'];
        p[key] = ids[m.val % ids.length];
        return `${key} = ${String(p[key])}`;
      }
      p[key] = structuredClone(bad);
      return `${key} = ${String(bad)}`;
    default:
      if (typeof old === 'number') {
        p[key] = old * [1e6, 1e-6, -1, 1e3, 1e-12][m.val % 5];
        return `${key} scaled to ${String(p[key])}`;
      }
      p[key] = structuredClone(bad);
      return `${key} = ${String(bad)}`;
  }
}
