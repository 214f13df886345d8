/**
 * The NIR paper's single-LIF experiment on the kernel (docs/nir.md §The single-LIF experiment):
 * one LIF node driven by input spikes at given steps (each a unit current held over its step),
 * compared with the exact solution and other frameworks' traces. Pure: takes CSV text, not files.
 */
import { DataError, Network, SpecError } from '@spinsnn/core';
import { nirToSpec, type NirImportOptions } from './convert.js';
import type { NirGraph } from './graph.js';

/** One framework's trace: per step, input spike (0/1), voltage and output spike (0/1). */
export interface LifTrace {
  input: Uint8Array;
  v: Float64Array;
  spikes: Uint8Array;
}

/** Parses a 3-column CSV (input, v, spike per step) as the NIR paper's `lif_*.csv` files are. */
export function parseLifTraceCsv(text: string, file: string): LifTrace {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const n = lines.length;
  const t: LifTrace = { input: new Uint8Array(n), v: new Float64Array(n), spikes: new Uint8Array(n) };
  for (let k = 0; k < n; k++) {
    const c = lines[k].split(',').map(Number);
    if (c.length !== 3 || !c.every(Number.isFinite))
      throw new DataError(file, `line ${k + 1}: three numbers (input spike, voltage, output spike) expected, got "${lines[k].slice(0, 60)}"`);
    t.input[k] = c[0] !== 0 ? 1 : 0;
    t.v[k] = c[1];
    t.spikes[k] = c[2] !== 0 ? 1 : 0;
  }
  if (n === 0) throw new DataError(file, 'no rows');
  return t;
}

/** Steps at which a 0/1 series is set. */
export function stepsOf(x: Uint8Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < x.length; k++) if (x[k]) out.push(k);
  return out;
}

/**
 * Runs a single-LIF NIR graph (Input → weights → LIF → Output) on the kernel for `inputSteps`
 * (input spikes at those steps) over `nSteps` steps of `dt`. Alignment: the kernel delivers a
 * spike fired at t after the tick at t, so it drives the step starting at t + dt; row k of the
 * result is v at the end of NIR step k (kernel sample at (k + 2)·dt) and a kernel spike recorded at
 * the start of step (k + 1)·dt belongs to row k.
 */
export function runNirLif(graph: NirGraph, inputSteps: readonly number[], nSteps: number, o: NirImportOptions & { dt: number }): LifTrace {
  const { spec } = nirToSpec(graph, o);
  const input = spec.inputs?.[0];
  const pop = spec.populations.find((p) => p.model === 'core/nir_lif');
  if (!input || spec.inputs!.length !== 1 || !pop || spec.populations.length !== 1 || pop.size !== 1 || input.size !== 1) {
    throw new SpecError(
      'nir',
      'a single-LIF graph: one Input of one element feeding one LIF node of one neuron',
      `${spec.inputs?.length ?? 0} inputs, populations ${spec.populations.map((p) => `${p.name} (${p.model}, ${p.size})`).join(', ')}`,
    );
  }
  const dt = o.dt;
  spec.inputs = [{ name: input.name, type: 'spike_times', size: 1, indices: inputSteps.map(() => 0), times: inputSteps.map((k) => k * dt) }];
  spec.monitors = [
    { type: 'spikes', population: pop.name, name: 'spikes' },
    { type: 'state', population: pop.name, variable: 'v', indices: [0], interval: dt, name: 'v' },
  ];
  const net = new Network(spec);
  net.run((nSteps + 2) * dt);
  const mon = net.stateMonitors.get('v')!;
  const samples = mon.values[0];
  const out: LifTrace = { input: new Uint8Array(nSteps), v: new Float64Array(nSteps), spikes: new Uint8Array(nSteps) };
  for (const k of inputSteps) if (k < nSteps) out.input[k] = 1;
  for (let k = 0; k < nSteps; k++) out.v[k] = samples[k + 2];
  const sp = net.spikeMonitors.get('spikes')!;
  for (let s = 0; s < sp.count; s++) {
    const k = Math.round(sp.times[s] / dt) - 1;
    if (k >= 0 && k < nSteps) out.spikes[k] = 1;
  }
  return out;
}

/** How far a trace is from a reference one. */
export interface TraceComparison {
  /** Output spikes of the reference and of the trace, by step. */
  referenceSpikeSteps: number[];
  spikeSteps: number[];
  /** Largest |step difference| between matched spikes (Infinity when the counts differ). */
  maxSpikeStepError: number;
  /** Largest and root-mean-square |v − v_ref| over every step (V). */
  maxAbsVoltageError: number;
  rmsVoltageError: number;
}

/** Compares a trace with a reference over their common steps. */
export function compareTraces(trace: LifTrace, reference: LifTrace): TraceComparison {
  const n = Math.min(trace.v.length, reference.v.length);
  const a = stepsOf(reference.spikes.subarray(0, n)),
    b = stepsOf(trace.spikes.subarray(0, n));
  let maxSpike = a.length === b.length ? 0 : Infinity;
  if (a.length === b.length) for (let k = 0; k < a.length; k++) maxSpike = Math.max(maxSpike, Math.abs(a[k] - b[k]));
  let maxV = 0,
    sq = 0;
  for (let k = 0; k < n; k++) {
    const d = Math.abs(trace.v[k] - reference.v[k]);
    maxV = Math.max(maxV, d);
    sq += d * d;
  }
  return { referenceSpikeSteps: a, spikeSteps: b, maxSpikeStepError: maxSpike, maxAbsVoltageError: maxV, rmsVoltageError: Math.sqrt(sq / n) };
}

/**
 * The event-driven exact solution of one NIR LIF neuron (the algorithm of the NIR paper's
 * `lif_exact_sim.py`, in float64): each input spike at step k is a current w over [k·dt, (k+1)·dt),
 * threshold crossings solved in closed form, reset by subtraction at the crossing; v recorded at
 * the end of every step. A reference independent of the kernel's clock and of its step propagator.
 */
export function exactLifTrace(
  p: { tau: number; r: number; vLeak: number; vThreshold: number; weight: number },
  inputSteps: readonly number[],
  nSteps: number,
  dt: number,
): LifTrace {
  const changes: [number, number][] = [];
  for (const k of [...inputSteps].sort((a, b) => a - b)) changes.push([k * dt, p.weight], [(k + 1) * dt, 0]);
  const crossIn = (v: number, vInf: number): number => {
    const arg = (p.vThreshold - vInf) / (v - vInf);
    return v !== vInf && arg > 0 && arg <= 1 ? -p.tau * Math.log(arg) : Infinity;
  };
  const out: LifTrace = { input: new Uint8Array(nSteps), v: new Float64Array(nSteps), spikes: new Uint8Array(nSteps) };
  for (const k of inputSteps) if (k < nSteps) out.input[k] = 1;
  let v = p.vLeak,
    I = 0,
    now = 0,
    ci = 0;
  let spikeAt = Infinity;
  for (let k = 0; k < nSteps; k++) {
    const tEnd = (k + 1) * dt;
    for (;;) {
      const tIn = ci < changes.length ? changes[ci][0] : Infinity;
      const tn = Math.min(spikeAt, tIn);
      if (tn > tEnd) break;
      const vInf = p.vLeak + p.r * I;
      v = vInf + (v - vInf) * Math.exp(-(tn - now) / p.tau);
      now = tn;
      if (tn === spikeAt) {
        v -= p.vThreshold;
        out.spikes[Math.min(nSteps - 1, Math.floor(tn / dt))] = 1;
      } else I = changes[ci++][1];
      spikeAt = now + crossIn(v, p.vLeak + p.r * I);
    }
    const vInf = p.vLeak + p.r * I;
    v = vInf + (v - vInf) * Math.exp(-(tEnd - now) / p.tau);
    now = tEnd;
    out.v[k] = v;
  }
  return out;
}
