/**
 * A synapse device of your own, in this file: a skyrmion racetrack synapse (Song et al., Nat.
 * Electron. 3, 148 (2020)). The conductance is linear in the number n ∈ [0, nMax] of skyrmions
 * in the detection region; a write pulse pushes one in (+) or out (−) when it depins it, with
 * probability σ((I − I_dep)/I_width). Registered under `example/skyrmion`, it is then used from
 * a network spec exactly like a built-in device, with STDP programming it, and characterised.
 * The TypeScript twin of test/fixtures/plugins/skyrmion-synapse.mjs.
 *
 *   node examples/run.mjs custom-device [--duration 1] [--inputs 50] [--neurons 20] [--seed 2]
 *
 * Tutorial: docs/examples/custom-device.md.
 */
import '@spinsnn/learning'; // registers learning/stdp
import {
  Network,
  Rng,
  EnergyLedger,
  fJ,
  getModel,
  nS,
  ns,
  registerBackend,
  registerModel,
  uA,
  type NetworkSpec,
  type ParamSpec,
  type ParamValues,
  type StateArray,
  type SynapseDeviceContext,
} from '@spinsnn/core';
import { DeviceStoreBase, standaloneContext, type Pulse } from '@spinsnn/backends';
import { pathToFileURL } from 'node:url';

export const SKYRMION_ID = 'example/skyrmion';

/** Parameters: SI values with units, defaults, ranges and sources (`spinsnn devices` prints them). */
const PARAMS: readonly ParamSpec[] = [
  { name: 'nMax', unit: '1', default: 8, min: 1, max: 256, integer: true, description: 'skyrmions the detection region holds (levels = nMax + 1)' },
  { name: 'gMin', unit: 'S', default: 10_000 * nS, min: 0, minExclusive: true, description: 'conductance with no skyrmion', source: 'assumed [U]' },
  { name: 'gMax', unit: 'S', default: 20_000 * nS, min: 0, minExclusive: true, description: 'conductance with nMax skyrmions', source: 'assumed [U]' },
  {
    name: 'depinCurrent',
    unit: 'A',
    default: 200 * uA,
    min: 0,
    minExclusive: true,
    description: 'current at which half the pulses move a skyrmion',
    source: 'assumed [U]',
  },
  { name: 'depinWidth', unit: 'A', default: 20 * uA, min: 0, minExclusive: true, description: 'width of the depinning sigmoid', source: 'assumed [U]' },
  { name: 'writeCurrent', unit: 'A', default: 300 * uA, min: 0, minExclusive: true, description: 'nominal write pulse amplitude' },
  { name: 'writeWidth', unit: 's', default: 2 * ns, min: 0, minExclusive: true, description: 'nominal write pulse width' },
  { name: 'pulseEnergy', unit: 'J', default: 50 * fJ, min: 0, description: 'energy of one write pulse', source: 'assumed [U]' },
  { name: 'readEnergy', unit: 'J', default: 5 * fJ, min: 0, description: 'energy of one read (one delivered spike)', source: 'assumed [U]' },
];

/** The device state: one skyrmion count per synapse. DeviceStoreBase does the rest (see docs/adding-a-device.md §1). */
export class SkyrmionStore extends DeviceStoreBase {
  readonly device = SKYRMION_ID;
  readonly noisyReads = false;
  readonly pulseUnit = 'A' as const;
  readonly nominalPulse: Pulse;
  readonly readEnergyJ: number;
  /** Discrete, equally spaced levels: learning/stdp then rounds its Δw to whole skyrmions stochastically. */
  readonly levels: number;
  readonly count: Int32Array;
  private readonly up: Pulse;
  private readonly down: Pulse;

  constructor(
    ctx: SynapseDeviceContext,
    private readonly p: ParamValues,
  ) {
    super(ctx, p.gMin, p.gMax);
    this.levels = p.nMax + 1;
    this.nominalPulse = this.up = { polarity: 1, amplitude: p.writeCurrent, width: p.writeWidth };
    this.down = { polarity: -1, amplitude: p.writeCurrent, width: p.writeWidth };
    this.readEnergyJ = p.readEnergy;
    this.count = new Int32Array(ctx.size);
    // program the initial weights onto the nearest skyrmion count
    for (let s = 0; s < ctx.size; s++) {
      const x = (ctx.initialWeights[s] - this.wMin) / (this.wMax - this.wMin);
      this.count[s] = Math.round(Math.min(1, Math.max(0, x)) * p.nMax);
      this.weights[s] = this.weightOf(this.conductance(s));
    }
    this.priceReads(); // every synaptic event costs readEnergy
  }

  /** What snapshots must carry besides `weights`. */
  protected stateArrays(): Record<string, StateArray | null> {
    return { count: this.count };
  }

  conductance(s: number): number {
    return this.p.gMin + (this.count[s] / this.p.nMax) * (this.p.gMax - this.p.gMin);
  }

  read(s: number): number {
    return this.weights[s];
  }

  switchingProbability(s: number, pulse: Pulse): number {
    const n = this.count[s];
    if (pulse.polarity > 0 ? n >= this.p.nMax : n <= 0) return 0; // the track is full / empty
    return 1 / (1 + Math.exp(-(pulse.amplitude - this.p.depinCurrent) / this.p.depinWidth));
  }

  applyPulse(s: number, pulse: Pulse): number {
    const prob = this.switchingProbability(s, pulse);
    const w = this.weights[s];
    const moved = prob > 0 && this.rng.uniform() < prob; // every draw from the network's Rng
    if (moved) {
      this.count[s] += pulse.polarity;
      this.weights[s] = this.weightOf(this.conductance(s));
    }
    return this.record(this.weights[s] - w, moved, prob, 1, this.p.pulseEnergy, pulse.width);
  }

  /**
   * Δw becomes round(Δw/range · nMax) whole pulses, each a stochastic depinning (a change past
   * the end of the range is the change to that end); the base's applyPulses summarises them in `last`.
   */
  requestChange(s: number, dw: number, t: number): number {
    const w = this.weights[s];
    const target = Math.min(this.wMax, Math.max(this.wMin, w + dw));
    const n = Math.round(((target - w) / (this.wMax - this.wMin)) * this.p.nMax);
    return this.applyPulses(s, n > 0 ? this.up : this.down, Math.abs(n), t);
  }
}

registerBackend({ name: 'example', description: 'models written in the examples/ folder' });
registerModel({
  id: SKYRMION_ID,
  kind: 'synapse',
  description: 'skyrmion racetrack synapse: conductance linear in the skyrmion count, stochastic depinning per pulse',
  params: PARAMS,
  presets: [{ name: 'song2020', description: 'about ten distinguishable levels', source: 'Song et al., Nat. Electron. 3, 148 (2020)', params: { nMax: 10 } }],
  ideal: {},
  idealLevels: (p) => p.nMax + 1,
  createStore: (ctx, p) => new SkyrmionStore(ctx, p),
  characterise(p) {
    const points: [number, number][] = [];
    for (let n = 0; n <= p.nMax; n++) points.push([n, p.gMin + (n / p.nMax) * (p.gMax - p.gMin)]);
    return [{ name: 'conductance-vs-skyrmions', x: 'skyrmions', xUnit: '1', y: 'conductance', yUnit: 'S', points }];
  },
});

export interface CustomDeviceOptions {
  duration?: number;
  inputs?: number;
  neurons?: number;
  seed?: number;
}

export interface CustomDeviceResult {
  model: { id: string; kind: string; levels: number };
  /** Switching probability of the nominal pulse and of a pulse at the depinning current (standalone store). */
  pNominal: number;
  pAtDepinning: number;
  outputSpikes: number;
  synapses: number;
  /** Synapses STDP moved, and whether every weight sits exactly on one of the nMax + 1 levels. */
  changed: number;
  onLevels: boolean;
  /** Ledger rows of the projection: write pulses (50 fJ each) and reads (5 fJ per synaptic event). */
  writes: { count: number; energyJ: number };
  reads: { count: number; energyJ: number };
  /** A snapshot taken half way and restored into a rebuilt network gives the same skyrmion counts. */
  snapshotContinues: boolean;
}

/** The default options (`node examples/run.mjs` refuses an option not named here). */
export const defaults: Required<CustomDeviceOptions> = { duration: 1, inputs: 50, neurons: 20, seed: 2 };

export function main(options: CustomDeviceOptions = {}): CustomDeviceResult {
  const { duration, inputs, neurons, seed } = { ...defaults, ...options };
  const wMax = 8e-3; // V: a weight is the jump of v a spike causes (core/lif is a delta-synapse LIF)
  const spec: NetworkSpec = {
    seed,
    populations: [{ name: 'n', size: neurons, model: 'core/lif', params: { drive: 12e-3 } }],
    inputs: [{ name: 'in', type: 'poisson', size: inputs, rate: 40 }],
    projections: [
      {
        source: 'in',
        target: 'n',
        connectivity: { rule: 'fixed_probability', p: 0.4 },
        weight: { uniform: [0.002, 0.006] },
        synapse: { device: SKYRMION_ID, preset: 'song2020', wMin: 0, wMax },
        plasticity: { rule: 'learning/stdp', params: { a2Plus: 0.0005, a2Minus: 0.000525 } },
      },
    ],
    monitors: [{ type: 'spikes', population: 'n' }],
  };

  // the device on its own: standaloneContext builds what a network would hand it
  const lone = new SkyrmionStore(standaloneContext({ size: 1, rng: new Rng(1), ledger: new EnergyLedger(), initialWeights: Float64Array.of(0.5) }), {
    ...defaultParams(),
    nMax: 10,
  });
  const pNominal = lone.switchingProbability(0, lone.nominalPulse);
  const pAtDepinning = lone.switchingProbability(0, { polarity: 1, amplitude: 200 * uA, width: 2 * ns });

  const net = new Network(spec);
  const proj = net.projection('in->n');
  const store = proj.store as SkyrmionStore;
  const w0 = store.weights.slice();
  net.run(duration / 2);
  const snap = net.snapshot();
  net.run(duration / 2);
  const again = new Network(spec);
  again.restore(snap);
  again.run(duration / 2);
  const countAgain = (again.projection('in->n').store as SkyrmionStore).count;

  let changed = 0,
    onLevels = true;
  for (let s = 0; s < store.size; s++) {
    if (store.weights[s] !== w0[s]) changed++;
    const level = (store.weights[s] / wMax) * 10;
    if (Math.abs(level - Math.round(level)) > 1e-9) onLevels = false;
  }
  const row = (op: string) => {
    const r = net.ledger.priced().find((x) => x.component === 'projection:in->n' && x.op === op);
    return { count: r?.count ?? 0, energyJ: r?.energyJ ?? 0 };
  };
  const model = getModel(SKYRMION_ID, 'synapse');
  return {
    model: { id: model.id, kind: model.kind, levels: store.levels },
    pNominal,
    pAtDepinning,
    outputSpikes: net.spikes('n').count,
    synapses: store.size,
    changed,
    onLevels,
    writes: row('write'),
    reads: row('synapticEvent'),
    snapshotContinues: countAgain.every((c, s) => c === store.count[s]) && again.spikes('n').count === net.spikes('n').count,
  };
}

/** The model's default parameter values (what the registry resolves when a spec gives none). */
function defaultParams(): ParamValues {
  return Object.fromEntries(PARAMS.map((p) => [p.name, p.default]));
}

export function report(r: CustomDeviceResult): string {
  return [
    `${r.model.id} (${r.model.kind}), ${r.model.levels} levels`,
    `switching probability: nominal 300 µA pulse ${r.pNominal.toFixed(4)}, at the depinning current ${r.pAtDepinning.toFixed(2)}`,
    `network: ${r.synapses} skyrmion synapses, ${r.outputSpikes} output spikes; STDP moved ${r.changed} synapses, all on the levels: ${r.onLevels}`,
    `energy: ${r.writes.count} write pulses ${(r.writes.energyJ / 1e-12).toFixed(2)} pJ, ${r.reads.count} reads ${(r.reads.energyJ / 1e-12).toFixed(2)} pJ`,
    `snapshot/restore continues with the same skyrmion counts and spikes: ${r.snapshotContinues}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(report(main()));
