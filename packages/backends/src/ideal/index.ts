import {
  registerBackend,
  registerModel,
  restoreArray,
  stateRecord,
  type StateRecord,
  type ParamSpec,
  type ParamValues,
  type SynapseDeviceContext,
} from '@spinsnn/core';
import { curve } from '../characterise.js';
import { FP32_ADD_J, INT32_OP_J, SRAM_PER_BIT_J } from '../cmos.js';
import { LlgUnavailableError } from '../registry.js';
import type { DeviceSynapseStore, Pulse, PulseOutcome } from '../types.js';

/**
 * The CMOS reference: float weights applied exactly (what core's IdealSynapses does), priced with
 * Horowitz's 45 nm energies (docs/physics.md §7): a synaptic event reads one weight from SRAM and
 * adds it to the target's accumulator; a weight update reads, adds and writes it back.
 */
export const IDEAL_FLOAT_PARAMS: readonly ParamSpec[] = [
  { name: 'weightBits', unit: '1', default: 32, min: 1, max: 64, integer: true, description: 'bits per stored weight' },
  {
    name: 'addEnergy',
    unit: 'J',
    default: FP32_ADD_J,
    min: 0,
    max: 1e-9,
    description: 'energy of one accumulate (add)',
    source: 'Horowitz ISSCC 2014, 45 nm: FP32 add 0.9 pJ (docs/physics.md §7)',
  },
  {
    name: 'sramEnergyPerBit',
    unit: 'J',
    default: SRAM_PER_BIT_J,
    min: 0,
    max: 1e-9,
    description: 'SRAM access energy per bit (read or write)',
    source: '[D] 10 pJ per 64-bit read of an 8 KB SRAM (Horowitz; docs/physics.md §7)',
  },
];

/** Synapse store of the ideal device (`ideal/float`): weights as float64, optionally quantised, no noise and no energy. */
export class IdealFloatStore implements DeviceSynapseStore {
  readonly device = 'ideal/float';
  readonly noisyReads = false;
  readonly pulseUnit = 'weight' as const;
  /** A "pulse" on a float synapse is a change of ±amplitude; nominal: 1 % of the weight range. */
  readonly nominalPulse: Pulse;
  readonly last: PulseOutcome = { dw: 0, switched: false, probability: 1, pulses: 0, energyJ: 0, timeS: 0 };
  readonly size: number;
  readonly weights: Float64Array;
  readonly readEnergyJ: number;
  private readonly writeEnergyJ: number;
  private readonly writes;
  readonly wMin: number;
  readonly wMax: number;

  snapshot(): StateRecord {
    return { arrays: { weights: this.weights.slice() } };
  }

  restore(s: StateRecord): void {
    restoreArray(this.weights, stateRecord(s, 'arrays', 'snapshot of ideal/float').weights, 'snapshot of ideal/float.weights');
  }

  constructor(ctx: SynapseDeviceContext, p: ParamValues) {
    this.size = ctx.size;
    this.wMin = ctx.wMin;
    this.wMax = ctx.wMax;
    this.weights = Float64Array.from(ctx.initialWeights, (w) => Math.min(this.wMax, Math.max(this.wMin, w)));
    const range = this.wMax - this.wMin;
    this.nominalPulse = { polarity: 1, amplitude: Number.isFinite(range) ? range / 100 : 1, width: 0 };
    this.readEnergyJ = p.weightBits * p.sramEnergyPerBit + p.addEnergy;
    this.writeEnergyJ = 2 * p.weightBits * p.sramEnergyPerBit + p.addEnergy;
    this.writes = ctx.ledger.counter(ctx.component, 'write');
    ctx.ledger.counter(ctx.component, 'synapticEvent').unitEnergyJ = this.readEnergyJ;
  }

  read(s: number): number {
    return this.weights[s];
  }

  /** A float synapse has no conductance: the weight's position in [wMin, wMax] (0 … 1) stands in. */
  conductance(s: number): number {
    return (this.weights[s] - this.wMin) / (this.wMax - this.wMin);
  }

  requestChange(s: number, dw: number): number {
    const w = this.weights[s];
    const next = Math.min(this.wMax, Math.max(this.wMin, w + dw));
    this.weights[s] = next;
    this.writes.count += 1;
    this.writes.energyJ += this.writeEnergyJ;
    const o = this.last;
    o.dw = next - w;
    o.switched = next !== w;
    o.probability = 1;
    o.pulses = 1;
    o.energyJ = this.writeEnergyJ;
    o.timeS = 0;
    return next - w;
  }

  switchingProbability(): number {
    return 1;
  }

  /** A float synapse takes a pulse as a change of ±amplitude (in weight units). */
  applyPulse(s: number, pulse: Pulse): number {
    return this.requestChange(s, pulse.polarity * pulse.amplitude);
  }
}

/**
 * What a perfect device with `levels` equally spaced conductance levels shows for weight w:
 * the nearest level, wMin + (k / (levels − 1)) · (wMax − wMin). The conformance suite checks
 * multi-level devices against it with every non-ideality off.
 */
export function idealQuantise(w: number, wMin: number, wMax: number, levels: number): number {
  const steps = levels - 1;
  const k = Math.min(steps, Math.max(0, Math.round(((w - wMin) / (wMax - wMin)) * steps)));
  return wMin + (k / steps) * (wMax - wMin);
}

registerBackend({
  name: 'ideal',
  description: 'CMOS reference: float synapses priced with 45 nm digital energies (Horowitz 2014); core/float is the same arithmetic unpriced',
});

registerModel({
  id: 'ideal/float',
  kind: 'synapse',
  aliases: ['ideal'],
  description: 'float synapse, changes applied exactly; each synaptic event = SRAM weight read + add, each update = read + add + write',
  params: IDEAL_FLOAT_PARAMS,
  presets: [
    {
      name: 'horowitz45-fp32',
      description: 'FP32 weights and accumulators, 45 nm',
      source: 'Horowitz ISSCC 2014 (docs/physics.md §7)',
      params: { weightBits: 32, addEnergy: FP32_ADD_J },
    },
    {
      name: 'horowitz45-int8',
      description: 'INT8 weights, 32-bit integer accumulators, 45 nm',
      source: 'Horowitz ISSCC 2014 (docs/physics.md §7): 32-bit int add 0.1 pJ',
      params: { weightBits: 8, addEnergy: INT32_OP_J },
    },
  ],
  ideal: {},
  hardware: () => ({ levels: null, onOff: Infinity, programSigma: 0, d2dRange: 0, readNoise: 0, stuckAtMin: 0, stuckAtMax: 0 }),
  createStore: (ctx, params) => new IdealFloatStore(ctx, params),
  characterise(params, { llg }) {
    if (llg) throw new LlgUnavailableError('ideal/float');
    const steps = 20;
    const pts: [number, number][] = [];
    for (let k = 0; k <= 2 * steps; k++) pts.push([k, k <= steps ? k / steps : 2 - k / steps]);
    const e = params.weightBits * params.sramEnergyPerBit + params.addEnergy;
    return [
      curve('weight-vs-update (potentiation then depression)', 'update number', '1', 'normalised weight', '1', pts),
      curve('energy-vs-synaptic-events', 'synaptic events', '1', 'energy', 'J', [
        [0, 0],
        [1e6, 1e6 * e],
      ]),
    ];
  },
});
