import { type ParamSpec, type ParamValues, type SynapseDeviceContext, type StateArray } from '@spinsnn/core';
import { DeviceStoreBase } from '../store-base.js';
import { retentionFlipProbability, SwitchingProbabilityCache, type SwitchingParams } from '../switching.js';
import type { Pulse } from '../types.js';
import { MTJ_PARAMS, SWITCHING_PARAMS, conductanceRange, pulseEnergy, readEnergy, switchingOf } from './common-params.js';
import { NONE, SA_MAX, SA_MIN, drawStuckAt } from './faults.js';
import { aNormLookup, curveG, curveX } from './neurosim.js';

/**
 * Multi-level SOT-MTJ synapse (multi-domain or compound multi-pillar device, docs/physics.md §2.5,
 * §5.1, §5.3): `states` conductance levels between Gmin and Gmax = 1/rP, Gmin = Gmax/(1 + TMR).
 *
 * - Weight updates follow the NeuroSim recipe (§5.1): a requested Δw becomes a signed pulse count
 *   round(Δw/(wMax − wMin) · P_max), P_max = states − 1; the state moves along the potentiation
 *   or depression curve g(x) with nonlinearity labels NL_LTP / NL_LTD; cycle-to-cycle noise
 *   N(0, σ_C2C) · √|pulses| (σ in units of the range) is added and the result clipped.
 * - An explicit pulse moves the state one level along its polarity's curve with the thermal-
 *   activation probability P_sw(I, t_p) of §2.1–2.3 (domain nucleation is stochastic).
 * - Device-to-device: a Gaussian spread of the NL label (NeuroSim) and of Gmin/Gmax per device.
 * - Read noise, stuck-at-Gmin/Gmax faults, retention (`relax`): every level is a bistable
 *   element with barrier Δ, so over a time d each flips with probability (1 − e^(−2d/τ))/2.
 * - `quantise = 0` makes the conductance continuous (the analog limit): with NL = 0 and every
 *   non-ideality off, requestChange is then exactly the ideal store's clip(w + Δw).
 */
export const MULTILEVEL_PARAMS: readonly ParamSpec[] = [
  {
    name: 'states',
    unit: '1',
    default: 11,
    min: 2,
    max: 4096,
    integer: true,
    description: 'number of conductance levels (P_max = states − 1 pulses from Gmin to Gmax)',
    source: 'Hsin et al., Adv. Sci. 12, 2417735 (2025): 11 states (docs/physics.md §5.3)',
  },
  { name: 'quantise', unit: '1', default: 1, min: 0, max: 1, integer: true, description: '1: conductance on the levels; 0: continuous (analog limit)' },
  {
    name: 'stochasticRounding',
    unit: '1',
    default: 0,
    min: 0,
    max: 1,
    integer: true,
    description:
      '0: Δw → nearest whole pulse count (NeuroSim); 1: stochastic rounding, E[pulses] = Δw/range·P_max (docs/physics.md §8.4: small STDP updates still act on average)',
  },
  {
    name: 'nlPotentiation',
    unit: '1',
    default: 1,
    min: 0,
    max: 9,
    description: 'NeuroSim nonlinearity label of the potentiation curve (0 = linear)',
    source: 'assumed [U]; NeuroSim RealDevice uses 4.22 (docs/physics.md §5.1)',
  },
  {
    name: 'nlDepression',
    unit: '1',
    default: 1,
    min: 0,
    max: 9,
    description: 'NeuroSim nonlinearity label magnitude of the depression curve (NeuroSim writes it negative)',
    source: 'assumed [U]; NeuroSim RealDevice uses −4.22',
  },
  {
    name: 'c2c',
    unit: '1',
    default: 0.02,
    min: 0,
    max: 1,
    description: 'cycle-to-cycle σ per pulse, in units of (Gmax − Gmin), × √pulses',
    source: 'Hsin et al. 2025: 2 % C2C variation (docs/physics.md §5.3)',
  },
  {
    name: 'd2dNl',
    unit: '1',
    default: 0,
    min: 0,
    max: 9,
    description: 'device-to-device σ of the NL labels (added before the A lookup)',
    source: 'docs/physics.md §5.1 (NeuroSim sigmaD2D, default 0)',
  },
  {
    name: 'd2dRange',
    unit: '1',
    default: 0,
    min: 0,
    max: 0.5,
    description: 'device-to-device relative σ of Gmin and Gmax',
    source: 'docs/physics.md §5.1 (NeuroSim conductance-range variation, default off)',
  },
  {
    name: 'retention',
    unit: '1',
    default: 1,
    min: 0,
    max: 1,
    integer: true,
    description: '1: relax(d) applies thermal flips of the levels (barrier delta); 0: off',
  },
  ...MTJ_PARAMS,
  ...SWITCHING_PARAMS,
];

/** Synapse store of multi-level SOT-MTJs (`sot/multilevel`): parallel switching elements give the conductance levels. */
export class SotMultilevelStore extends DeviceStoreBase {
  readonly device = 'sot/multilevel';
  readonly noisyReads: boolean;
  readonly pulseUnit = 'A' as const;
  readonly nominalPulse: Pulse;
  readonly readEnergyJ: number;
  /** Normalised conductance (G − Gmin_s)/(Gmax_s − Gmin_s) of each device. */
  readonly level: Float64Array;
  /** Discrete levels when quantised (rules may write whole level steps); undefined in the analog limit. */
  readonly levels: number | undefined;
  /** Fault of each device: 0 none, 1 stuck at Gmin, 2 stuck at Gmax (null: no faults). */
  readonly stuck: Uint8Array | null;
  private readonly pMax: number;
  private readonly quantised: boolean;
  private readonly linearExact: boolean;
  private readonly aP: number;
  private readonly aD: number;
  private readonly aPs: Float64Array | null;
  private readonly aDs: Float64Array | null;
  private readonly gMinS: Float64Array | null;
  private readonly gMaxS: Float64Array | null;
  private readonly c2c: number;
  private readonly readSigma: number;
  /** Nominal switching parameters (what a pulse generator calibrates against). */
  readonly sw: SwitchingParams;
  private readonly p: ParamValues;
  private readonly pulseE: number;
  private readonly pulseP: SwitchingProbabilityCache;

  protected stateArrays(): Record<string, StateArray | null> {
    return { level: this.level, stuck: this.stuck };
  }

  constructor(ctx: SynapseDeviceContext, p: ParamValues) {
    const { gMin, gMax } = conductanceRange(p);
    super(ctx, gMin, gMax);
    this.p = p;
    this.sw = switchingOf(p);
    this.pulseP = new SwitchingProbabilityCache(this.sw);
    this.pMax = p.states - 1;
    this.levels = p.quantise === 1 ? p.states : undefined;
    this.quantised = p.quantise === 1;
    this.c2c = p.c2c;
    this.readSigma = p.readNoise;
    this.noisyReads = p.readNoise > 0;
    this.aP = aNormLookup(p.nlPotentiation);
    this.aD = aNormLookup(p.nlDepression);
    this.nominalPulse = { polarity: 1, amplitude: p.writeCurrent, width: p.writeWidth };
    this.pulseE = pulseEnergy(p, p.writeCurrent, p.writeWidth);
    this.readEnergyJ = readEnergy(p);
    const n = ctx.size;
    const rng = this.rng;
    this.level = new Float64Array(n);
    // device-to-device draws happen once, in a fixed order, so a seed fixes the chip
    if (p.d2dNl > 0) {
      this.aPs = new Float64Array(n);
      this.aDs = new Float64Array(n);
      for (let s = 0; s < n; s++) {
        this.aPs[s] = aNormLookup(Math.max(0, p.nlPotentiation + p.d2dNl * rng.normal()));
        this.aDs[s] = aNormLookup(Math.max(0, p.nlDepression + p.d2dNl * rng.normal()));
      }
    } else this.aPs = this.aDs = null;
    if (p.d2dRange > 0) {
      this.gMinS = new Float64Array(n);
      this.gMaxS = new Float64Array(n);
      for (let s = 0; s < n; s++) {
        const lo = gMin * Math.max(0.05, 1 + p.d2dRange * rng.normal());
        const hi = gMax * Math.max(0.05, 1 + p.d2dRange * rng.normal());
        this.gMinS[s] = Math.min(lo, hi);
        this.gMaxS[s] = Math.max(lo, hi);
      }
    } else this.gMinS = this.gMaxS = null;
    this.stuck = drawStuckAt(n, rng, p.stuckAtMin, p.stuckAtMax);
    this.linearExact =
      !this.quantised && this.aP === Infinity && this.aD === Infinity && this.aPs === null && this.c2c === 0 && this.gMinS === null && this.stuck === null;
    // program the initial weights: nearest level (or exact in the analog limit)
    const range = this.wMax - this.wMin;
    for (let s = 0; s < n; s++) {
      const w0 = ctx.initialWeights[s];
      let x = Math.min(1, Math.max(0, (w0 - this.wMin) / range));
      if (this.quantised) x = Math.round(x * this.pMax) / this.pMax;
      const f = this.stuck?.[s] ?? NONE;
      this.level[s] = f === SA_MIN ? 0 : f === SA_MAX ? 1 : x;
      if (this.linearExact) this.weights[s] = Math.min(this.wMax, Math.max(this.wMin, w0));
      else this.refresh(s);
    }
    this.enableReadVariance(p.readNoise);
    this.priceReads();
  }

  conductance(s: number): number {
    if (this.gMinS) return this.gMinS[s] + this.level[s] * (this.gMaxS![s] - this.gMinS[s]);
    return this.gMin + this.level[s] * (this.gMax - this.gMin);
  }

  /** Recomputes weights[s] from the device state. */
  private refresh(s: number): void {
    this.weights[s] = this.gMinS ? this.weightOf(this.conductance(s)) : this.wMin + this.level[s] * (this.wMax - this.wMin);
    this.updateReadVariance(s);
  }

  read(s: number): number {
    if (this.readSigma === 0) return this.weights[s];
    const g = this.conductance(s) * (1 + this.readSigma * this.gauss());
    return this.weightOf(g > 0 ? g : 0);
  }

  /** Without C2C noise a quantised device sits on whole pulse positions: snap off float drift. */
  private onGrid(x: number): number {
    return this.quantised && this.c2c === 0 ? Math.round(x) : x;
  }

  /** Moves device s by `pulses` (signed, may be fractional in the analog limit) along its curves. */
  private move(s: number, pulses: number): void {
    const g = this.level[s];
    const P = this.pMax;
    let next: number;
    const a = pulses > 0 ? (this.aPs ? this.aPs[s] : this.aP) : this.aDs ? this.aDs[s] : this.aD;
    if (a === Infinity) {
      // linear curve: both directions share one axis, so a level is exactly k / P_max
      const x = this.onGrid(g * P) + pulses;
      next = (x < 0 ? 0 : x > P ? P : x) / P;
    } else if (pulses > 0) {
      const x = this.onGrid(curveX(g, a) * P);
      next = curveG(Math.min(P, x + pulses) / P, a);
    } else {
      // depression runs the mirrored curve from Gmax: position y measured from the top
      const y = this.onGrid(curveX(1 - g, a) * P);
      next = 1 - curveG(Math.min(P, y - pulses) / P, a);
    }
    if (this.c2c > 0) next += this.c2c * Math.sqrt(Math.abs(pulses)) * this.gauss();
    this.level[s] = next < 0 ? 0 : next > 1 ? 1 : next;
  }

  requestChange(s: number, dw: number, _t: number): number {
    const range = this.wMax - this.wMin;
    if (this.linearExact) {
      // analog limit: what IdealSynapses does, bit for bit; energy in pulse-equivalents
      const w = this.weights[s];
      const next = Math.min(this.wMax, Math.max(this.wMin, w + dw));
      this.weights[s] = next;
      this.level[s] = (next - this.wMin) / range;
      this.updateReadVariance(s);
      const pulses = (Math.abs(dw) / range) * this.pMax;
      return this.record(next - w, next !== w, 1, pulses, pulses * this.pulseE, pulses * this.p.writeWidth);
    }
    let pulses = (dw / range) * this.pMax;
    if (this.quantised) {
      if (this.p.stochasticRounding === 1) {
        const lo = Math.floor(pulses);
        pulses = lo + (this.rng.uniform() < pulses - lo ? 1 : 0);
      } else pulses = Math.round(pulses);
    }
    if (pulses === 0) return this.record(0, false, 1, 0, 0, 0);
    const n = Math.abs(pulses);
    const e = n * this.pulseE;
    if (this.stuck !== null && this.stuck[s] !== NONE) return this.record(0, false, 0, n, e, n * this.p.writeWidth);
    const w = this.weights[s];
    this.move(s, pulses);
    this.refresh(s);
    const d = this.weights[s] - w;
    return this.record(d, d !== 0, 1, n, e, n * this.p.writeWidth);
  }

  switchingProbability(s: number, pulse: Pulse, _t: number): number {
    if (this.stuck !== null && this.stuck[s] !== NONE) return 0;
    if (pulse.polarity > 0 ? this.level[s] >= 1 : this.level[s] <= 0) return 0;
    return this.levelProbability(pulse);
  }

  private levelProbability(pulse: Pulse): number {
    return this.pulseP.get(pulse.amplitude, pulse.width);
  }

  applyPulse(s: number, pulse: Pulse, _t: number): number {
    const e = pulseEnergy(this.p, pulse.amplitude, pulse.width);
    const prob = this.switchingProbability(s, pulse, _t);
    if (prob === 0 || !(this.rng.uniform32() < prob)) return this.record(0, false, prob, 1, e, pulse.width);
    const w = this.weights[s];
    this.move(s, pulse.polarity);
    this.refresh(s);
    return this.record(this.weights[s] - w, true, prob, 1, e, pulse.width);
  }

  /**
   * Retention over `duration` (s) of idle time: each of the P_max bistable elements behind a
   * level flips with q = (1 − e^(−2d/τ))/2, τ = τ0 e^Δ (symmetric two-state relaxation), so the
   * level count k becomes Bin(k, 1 − q) + Bin(P_max − k, q). Free (no energy).
   */
  relax(duration: number): void {
    if (this.p.retention === 0) return;
    // two-state relaxation at rate 1/τ each way: P(state differs after d) = (1 − e^(−2d/τ))/2
    const q = 0.5 * retentionFlipProbability(this.p.delta, this.p.tau0 / 2, duration);
    if (q === 0) return;
    const P = this.pMax;
    for (let s = 0; s < this.size; s++) {
      if (this.stuck !== null && this.stuck[s] !== NONE) continue;
      const k = Math.round(this.level[s] * P);
      const k2 = this.rng.binomial(k, 1 - q) + this.rng.binomial(P - k, q);
      if (k2 !== k) {
        this.level[s] = k2 / P;
        this.refresh(s);
      }
    }
  }
}

/**
 * The NeuroSim closed form of one full cycle, normalised: P_max potentiation pulses from Gmin
 * (g = g_LTP(k/P_max)), then P_max depression pulses from Gmax (g = 1 − g_LTD(j/P_max)).
 */
export function closedFormCycle(p: ParamValues): number[] {
  const pMax = p.states - 1;
  const aP = aNormLookup(p.nlPotentiation);
  const aD = aNormLookup(p.nlDepression);
  const out: number[] = [];
  for (let k = 0; k <= pMax; k++) out.push(curveG(k / pMax, aP));
  for (let j = 1; j <= pMax; j++) out.push(1 - curveG(j / pMax, aD));
  return out;
}
