import {
  EnergyLedger,
  Rng,
  kohm,
  mV,
  ns,
  ohm,
  uA,
  type ParamSpec,
  type ParamValues,
  type SynapseDeviceContext,
  registerBackend,
  registerModel,
  type Curve,
  type StateArray,
} from '@spinsnn/core';
import { curve, switchingCurves } from '../characterise.js';
import { LlgUnavailableError } from '../registry.js';
import { DeviceStoreBase, standaloneContext } from '../store-base.js';
import { switchingProbability, type SwitchingParams } from '../switching.js';
import type { Pulse } from '../types.js';

/**
 * STT-MRAM binary cell for XNOR / binary in-memory layers (docs/physics.md §6): two resistance
 * states R_P and R_AP = R_P(1 + TMR), each cell with its own fixed resistances drawn from a
 * Gaussian spread (device-to-device), read noise, a write error rate per write pulse, and read
 * disturb: the read current I = V_read/R (polarity favouring P) can flip an AP cell with the
 * sub-critical thermal-activation probability of §2.1. STT write current crosses the junction,
 * so a write costs I_w²·R·t_w; a read costs V_r²·G·t_r (device only).
 */
export const MRAM_PARAMS: readonly ParamSpec[] = [
  {
    name: 'rP',
    unit: 'Ω',
    default: 5 * kohm,
    min: 1 * ohm,
    max: 1e9,
    description: 'parallel-state resistance R_P (low resistance)',
    source: '[D] RA 10 Ω·µm², 50 nm pMTJ',
  },
  {
    name: 'tmr',
    unit: '1',
    default: 1.5,
    min: 0,
    minExclusive: true,
    max: 10,
    description: 'tunnel magnetoresistance; R_AP = R_P (1 + tmr)',
    source: 'docs/physics.md §5.1 (100–200 %)',
  },
  {
    name: 'resistanceSpread',
    unit: '1',
    default: 0.03,
    min: 0,
    max: 0.5,
    description: 'cell-to-cell relative σ of R_P and R_AP',
    source: 'assumed [U] (pMTJ arrays: a few %)',
  },
  { name: 'readNoise', unit: '1', default: 0, min: 0, max: 1, description: 'relative read noise σ per read' },
  {
    name: 'writeErrorRate',
    unit: '1',
    default: 1e-6,
    min: 0,
    max: 1,
    description: 'probability that a write pulse leaves the cell unswitched',
    source: 'assumed [U]; compare 1 − P_sw of §2.1',
  },
  {
    name: 'readDisturb',
    unit: '1',
    default: 1,
    min: 0,
    max: 1,
    integer: true,
    description: '1: reads can flip AP cells (thermal activation at I_read = V_read/R_AP); 0: off',
  },
  { name: 'readVoltage', unit: 'V', default: 100 * mV, min: 0, minExclusive: true, max: 2, description: 'read bias', source: 'docs/physics.md §7' },
  { name: 'readTime', unit: 's', default: 5 * ns, min: 1e-12, max: 1e-3, description: 'read pulse width', source: 'docs/physics.md §7' },
  { name: 'writeCurrent', unit: 'A', default: 60 * uA, min: 0, minExclusive: true, max: 1e-2, description: 'write pulse current', source: '[D] 2.5 × ic0' },
  {
    name: 'writeWidth',
    unit: 's',
    default: 10 * ns,
    min: 1e-12,
    max: 1e-3,
    description: 'write pulse width',
    source: 'docs/physics.md §7 (~10 ns typical [U])',
  },
  { name: 'delta', unit: '1', default: 70, min: 1, max: 200, description: 'thermal stability factor', source: 'docs/physics.md §1.3 / §2.6 (ARM example: 70)' },
  {
    name: 'ic0',
    unit: 'A',
    default: 24 * uA,
    min: 1e-9,
    max: 1e-2,
    description: 'STT critical current I_c0',
    source: 'docs/physics.md §7 (50 nm PMA, Δ 70: 24 µA [D])',
  },
  { name: 'tau0', unit: 's', default: 1 * ns, min: 1e-15, max: 1e-6, description: 'attempt time', source: 'docs/physics.md §2.1' },
  { name: 'exponent', unit: '1', default: 2, min: 0.5, max: 3, description: 'barrier exponent (2: PMA)', source: 'docs/physics.md §2.1' },
  { name: 'tauD', unit: 's', default: 2.3 * ns, min: 1e-13, max: 1e-6, description: 'precessional time scale', source: 'docs/physics.md §2.3 (ARM set)' },
];

const sw = (p: ParamValues): SwitchingParams => ({ delta: p.delta, ic0: p.ic0, tau0: p.tau0, exponent: p.exponent, tauD: p.tauD });

/** Synapse store of STT-MRAM cells (`mram/stt`): binary MTJs switched stochastically by current pulses. */
export class MramStore extends DeviceStoreBase {
  readonly device = 'mram/stt';
  /** Two states (AP, P): a rule writes whole steps wMin ↔ wMax, e.g. by stochastic rounding. */
  readonly levels = 2;
  readonly noisyReads: boolean;
  readonly pulseUnit = 'A' as const;
  readonly nominalPulse: Pulse;
  private readonly resetPulse: Pulse;
  readonly readEnergyJ: number;
  /** 1 = parallel (low R, weight wMax), 0 = antiparallel. */
  readonly bit: Uint8Array;
  /** Per-cell conductances of the two states. */
  readonly gP: Float64Array;
  readonly gAP: Float64Array;
  /** Read-disturb probability of one read of a nominal AP cell. */
  readonly disturbProbability: number;
  private readonly p: ParamValues;
  private readonly writeE: number;
  private readonly readSigma: number;
  private readonly disturb: boolean;
  private readonly sw: SwitchingParams;

  protected stateArrays(): Record<string, StateArray | null> {
    return { bit: this.bit, gP: this.gP, gAP: this.gAP };
  }

  constructor(ctx: SynapseDeviceContext, p: ParamValues) {
    const gMax = 1 / p.rP;
    const gMin = gMax / (1 + p.tmr);
    super(ctx, gMin, gMax);
    this.p = p;
    this.sw = sw(p);
    this.readSigma = p.readNoise;
    this.disturbProbability = p.readDisturb === 1 ? switchingProbability(this.sw, p.readVoltage * gMin, p.readTime) : 0;
    this.disturb = this.disturbProbability > 0;
    this.noisyReads = this.readSigma > 0 || this.disturb;
    this.nominalPulse = { polarity: 1, amplitude: p.writeCurrent, width: p.writeWidth };
    this.resetPulse = { polarity: -1, amplitude: p.writeCurrent, width: p.writeWidth };
    this.writeE = p.writeCurrent * p.writeCurrent * 0.5 * (p.rP + p.rP * (1 + p.tmr)) * p.writeWidth;
    this.readEnergyJ = p.readVoltage * p.readVoltage * 0.5 * (gMin + gMax) * p.readTime;
    const n = ctx.size;
    this.bit = new Uint8Array(n);
    this.gP = new Float64Array(n);
    this.gAP = new Float64Array(n);
    const rng = this.rng;
    const spread = p.resistanceSpread;
    const mid = 0.5 * (this.wMin + this.wMax);
    for (let s = 0; s < n; s++) {
      this.gP[s] = spread > 0 ? 1 / (p.rP * Math.max(0.05, 1 + spread * rng.normal())) : gMax;
      this.gAP[s] = spread > 0 ? 1 / (p.rP * (1 + p.tmr) * Math.max(0.05, 1 + spread * rng.normal())) : gMin;
      this.bit[s] = ctx.initialWeights[s] > mid ? 1 : 0;
      this.refresh(s);
    }
    this.priceReads();
  }

  private refresh(s: number): void {
    if (this.p.resistanceSpread === 0) this.weights[s] = this.bit[s] ? this.wMax : this.wMin;
    else this.weights[s] = this.weightOf(this.conductance(s));
  }

  conductance(s: number): number {
    return this.bit[s] ? this.gP[s] : this.gAP[s];
  }

  read(s: number): number {
    if (this.disturb && this.bit[s] === 0 && this.rng.uniform32() < this.disturbProbability) {
      this.bit[s] = 1;
      this.refresh(s);
    }
    if (this.readSigma === 0) return this.weights[s];
    const g = this.conductance(s) * (1 + this.readSigma * this.gauss());
    return this.weightOf(g > 0 ? g : 0);
  }

  /**
   * The nominal write pulse switches with 1 − writeErrorRate (a measured array figure); any other
   * pulse with the compact thermal-activation model of §2.1–2.3 (P_sw(I, t_p)).
   */
  switchingProbability(s: number, pulse: Pulse): number {
    if ((pulse.polarity > 0 ? 1 : 0) === this.bit[s]) return 0;
    if (pulse.amplitude === this.p.writeCurrent && pulse.width === this.p.writeWidth) return 1 - this.p.writeErrorRate;
    return switchingProbability(this.sw, pulse.amplitude, pulse.width);
  }

  applyPulse(s: number, pulse: Pulse, _t = 0): number {
    const e =
      pulse.amplitude === this.p.writeCurrent && pulse.width === this.p.writeWidth
        ? this.writeE
        : pulse.amplitude * pulse.amplitude * 0.5 * (1 / this.gMax + 1 / this.gMin) * pulse.width;
    const prob = this.switchingProbability(s, pulse);
    if (prob === 0 || !(prob === 1 || this.rng.uniform32() < prob)) return this.record(0, false, prob, 1, e, pulse.width);
    const w = this.weights[s];
    this.bit[s] = pulse.polarity > 0 ? 1 : 0;
    this.refresh(s);
    return this.record(this.weights[s] - w, true, prob, 1, e, pulse.width);
  }

  /**
   * Binary programming: the cell takes the state nearest to w + Δw (threshold at the middle of
   * the weight range) with one nominal write pulse when that state differs from the present one.
   */
  requestChange(s: number, dw: number, t: number): number {
    const target = this.weights[s] + dw > 0.5 * (this.wMin + this.wMax) ? 1 : 0;
    if (target === this.bit[s]) return this.record(0, false, 0, 0, 0, 0);
    return this.applyPulse(s, target ? this.nominalPulse : this.resetPulse, t);
  }
}

/**
 * Resistance-sum MAC of one column (Samsung 2022 scheme, docs/physics.md §6.1): cells in series,
 * R_col = Σ R_i, and MAC = (R_col − N·R_L)/(R_H − R_L) counts the high-resistance terms exactly
 * when every cell has the nominal R_L, R_H. `high[i]` says whether term i is high (e.g. XNOR = 0).
 */
export function resistanceSumMac(rLow: ArrayLike<number>, rHigh: ArrayLike<number>, high: ArrayLike<number>, rL: number, rH: number): number {
  let r = 0;
  for (let i = 0; i < high.length; i++) r += high[i] ? rHigh[i] : rLow[i];
  return (r - high.length * rL) / (rH - rL);
}

registerBackend({ name: 'mram', description: 'STT-MRAM binary cells for XNOR / binary in-memory layers: TMR, resistance spread, write errors, read disturb' });

registerModel({
  id: 'mram/stt',
  kind: 'synapse',
  description: 'STT-MRAM binary cell: TMR, cell-to-cell resistance spread, write error rate, read disturb, energy per read/write',
  params: MRAM_PARAMS,
  presets: [
    {
      name: 'jung2022',
      description:
        '64×64 STT-MRAM crossbar with resistance-sum MAC and 28 nm readout; only the array-level results are verified (MNIST 93.23 %), the cell values here are typical pMTJ numbers [U]',
      source: 'Jung et al. (Samsung), Nature 601, 211 (2022), doi 10.1038/s41586-021-04196-6 (docs/physics.md §6.2, §10)',
      params: { resistanceSpread: 0.03, tmr: 1.5, rP: 5 * kohm },
    },
  ],
  ideal: { resistanceSpread: 0, readNoise: 0, writeErrorRate: 0, readDisturb: 0 },
  idealLevels: () => 2,
  // per-cell resistance spread: the two states' conductances vary device to device
  hardware: (p) => ({ levels: 2, onOff: 1 + p.tmr, programSigma: 0, d2dRange: p.resistanceSpread, readNoise: p.readNoise, stuckAtMin: 0, stuckAtMax: 0 }),
  createStore: (ctx, params) => new MramStore(ctx, params),
  characterise(params, { seed, llg }) {
    if (llg) throw new LlgUnavailableError('mram/stt');
    const out: Curve[] = [];
    const N = 2000;
    const store = new MramStore(standaloneContext({ size: N, rng: new Rng(seed, 3), ledger: new EnergyLedger() }), params);
    out.push(
      histogram(
        'resistance-distribution (P)',
        Array.from(store.gP, (g) => 1 / g),
      ),
    );
    out.push(
      histogram(
        'resistance-distribution (AP)',
        Array.from(store.gAP, (g) => 1 / g),
      ),
    );
    // write error rate vs current at the nominal width (thermal-activation model)
    const s = sw(params);
    const wer: [number, number][] = [];
    for (let k = 0; k <= 40; k++) {
      const I = params.ic0 * (0.5 + (2 * k) / 40);
      wer.push([I, 1 - switchingProbability(s, I, params.writeWidth)]);
    }
    out.push(curve(`wer-vs-current@${+(params.writeWidth * 1e9).toPrecision(3)}ns (compact model)`, 'write current', 'A', 'write error rate', '1', wer));
    const rd: [number, number][] = [];
    for (let k = 1; k <= 40; k++) {
      const V = (k / 40) * 0.5;
      rd.push([V, switchingProbability(s, V / (params.rP * (1 + params.tmr)), params.readTime)]);
    }
    out.push(curve('read-disturb-vs-voltage', 'read voltage', 'V', 'flip probability per read (AP cell)', '1', rd));
    out.push(...switchingCurves(s, seed));
    // resistance-sum MAC transfer over a 64-cell column with this spread
    const mac: [number, number][] = [];
    const rL = params.rP;
    const rH = params.rP * (1 + params.tmr);
    const rng = new Rng(seed, 5);
    const col = 64;
    const rLow = new Float64Array(col);
    const rHigh = new Float64Array(col);
    const high = new Uint8Array(col);
    for (let count = 0; count <= col; count += 4) {
      for (let i = 0; i < col; i++) {
        const c = rng.int(N);
        rLow[i] = 1 / store.gP[c];
        rHigh[i] = 1 / store.gAP[c];
        high[i] = i < count ? 1 : 0;
      }
      mac.push([count, resistanceSumMac(rLow, rHigh, high, rL, rH)]);
    }
    out.push(curve('mac-vs-count (resistance sum, 64-cell column)', 'number of high terms', '1', 'MAC output', '1', mac));
    return out;
  },
});

function histogram(name: string, values: number[], bins = 30): Curve {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const w = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / w))]++;
  return curve(
    name,
    'resistance',
    'Ω',
    'fraction of cells',
    '1',
    counts.map((c, i): [number, number] => [lo + (i + 0.5) * w, c / values.length]),
  );
}
