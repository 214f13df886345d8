import type { ParamSpec, ParamValues, StateArray, SynapseDeviceContext } from '@spinsnn/core';
import { DeviceStoreBase } from '../store-base.js';
import { currentForProbability, dwellTime, precessionalTime, switchingProbability, SwitchingProbabilityCache, type SwitchingParams } from '../switching.js';
import type { Pulse } from '../types.js';
import { MTJ_PARAMS, SWITCHING_PARAMS, conductanceRange, pulseEnergy, readEnergy, switchingOf } from './common-params.js';
import { NONE, SA_MAX, SA_MIN, drawStuckAt } from './faults.js';

/**
 * Binary stochastic SOT-MTJ synapse (docs/physics.md §2.1–2.4, §8.4): two states, Gmax = 1/rP
 * (parallel) and Gmin = Gmax/(1 + TMR). A pulse towards the other state switches it with the
 * thermal-activation probability P_sw(I, t_p); a pulse towards the current state does nothing
 * but still costs I²·R_HM·t_p.
 *
 * requestChange(s, Δw) is stochastic rounding through the device: it picks the pulse amplitude
 * whose switching probability is |Δw|/(wMax − wMin) (the inverse of P_sw at the nominal width),
 * so E[Δw] equals the request when the device matches its nominal parameters; device-to-device
 * spread of Ic0 and Δ makes the realised probability differ, as on a real chip.
 *
 * Joule heating (Li et al., Sci. China PMA 66, 257512 (2023), §2.4), on when thermalResistance
 * > 0: each device has a heavy-metal temperature excess θ with C_th dθ/dt = I²R_HM − θ/R_th, so
 * during a pulse θ(τ) = θ∞ + (θ0 − θ∞)e^(−τ/τ_th), θ∞ = I²R_HM R_th, and between pulses it decays
 * with τ_th. Hot devices have lower barriers: Ms(T) = Ms0(1 − (T/Tc)^1.5) (Bloch, [U]),
 * K ∝ Ms², Δ(T) = Δ·(K(T)/K(T0))·T0/T, Ic0(T) = Ic0·K(T)/K(T0). P_sw = 1 − exp(−∫dt/τ(I, T(t)))
 * (16-interval Simpson). A pulse shortly after another therefore switches more often: the
 * timing dependence that emulates STDP.
 */
export const BINARY_PARAMS: readonly ParamSpec[] = [
  ...MTJ_PARAMS,
  ...SWITCHING_PARAMS,
  {
    name: 'd2dIc0',
    unit: '1',
    default: 0,
    min: 0,
    max: 0.5,
    description: 'device-to-device relative σ of ic0',
    source: 'docs/physics.md §2.5 (per-element (J_c0, Δ) spread)',
  },
  { name: 'd2dDelta', unit: '1', default: 0, min: 0, max: 0.5, description: 'device-to-device relative σ of delta', source: 'docs/physics.md §2.5' },
  {
    name: 'thermalResistance',
    unit: 'K/W',
    default: 0,
    min: 0,
    max: 1e9,
    description: 'heavy-metal thermal resistance R_th (0 = no Joule heating)',
    source: 'Li et al. 2023 model (docs/physics.md §2.4); value assumed [U]',
  },
  {
    name: 'thermalTime',
    unit: 's',
    default: 20e-9,
    min: 1e-12,
    max: 1e-3,
    description: 'thermal time constant τ_th = R_th·C_th',
    source: 'assumed [U]; sets the STDP window width (docs/physics.md §8.4)',
  },
  { name: 'temperature', unit: 'K', default: 300, min: 1, max: 1000, description: 'ambient temperature T0 (delta is given at T0)' },
  {
    name: 'curieTemperature',
    unit: 'K',
    default: 800,
    min: 10,
    max: 2000,
    description: 'Curie temperature in Bloch’s law Ms(T)',
    source: 'assumed [U] (CoFeB-class free layer)',
  },
];

const SIMPSON_INTERVALS = 16;

/** Temperature factor K(T)/K(T0) with K ∝ Ms(T)², Ms from Bloch's law (0 at and above Tc). */
export function anisotropyFactor(T: number, T0: number, Tc: number): number {
  if (T >= Tc) return 0;
  const m = 1 - Math.pow(T / Tc, 1.5);
  const m0 = 1 - Math.pow(T0 / Tc, 1.5);
  return (m * m) / (m0 * m0);
}

/**
 * Switching probability of one pulse on a device whose channel starts `theta0` kelvin above
 * ambient, with Joule heating during the pulse. Also returns (through `heat`) the excess at the
 * pulse's end. With R_th = 0 it equals `switchingProbability` of the cold device.
 */
export function heatedSwitchingProbability(
  sw: SwitchingParams,
  p: ParamValues,
  current: number,
  width: number,
  theta0: number,
  heat?: { end: number },
): number {
  const I = Math.abs(current);
  const thetaInf = I * I * p.channelResistance * p.thermalResistance;
  const tauTh = p.thermalTime;
  const thetaAt = (tau: number) => thetaInf + (theta0 - thetaInf) * Math.exp(-tau / tauTh);
  if (heat) heat.end = thetaAt(width);
  if (!(width > 0) || I === 0) return 0;
  if (width >= precessionalTime(sw, I)) return 1; // heating only lowers the barrier
  const T0 = p.temperature;
  const rate = (tau: number) => {
    const T = T0 + thetaAt(tau);
    const k = anisotropyFactor(T, T0, p.curieTemperature);
    if (k === 0) return 1 / sw.tau0;
    const x = I / (sw.ic0 * k);
    if (x >= 1) return 1 / sw.tau0;
    return 1 / (sw.tau0 * Math.exp(((sw.delta * k * T0) / T) * Math.pow(1 - x, sw.exponent)));
  };
  const h = width / SIMPSON_INTERVALS;
  let sum = rate(0) + rate(width);
  for (let i = 1; i < SIMPSON_INTERVALS; i++) sum += (i % 2 === 1 ? 4 : 2) * rate(i * h);
  return -Math.expm1(-(sum * h) / 3);
}

/** Synapse store of binary SOT-MTJs (`sot/binary`): one stochastic switching element per synapse. */
export class SotBinaryStore extends DeviceStoreBase {
  readonly device = 'sot/binary';
  readonly noisyReads: boolean;
  readonly pulseUnit = 'A' as const;
  readonly nominalPulse: Pulse;
  readonly readEnergyJ: number;
  /** 1 = parallel (Gmax), 0 = antiparallel (Gmin). */
  readonly bit: Uint8Array;
  readonly stuck: Uint8Array | null;
  private readonly p: ParamValues;
  /** Nominal switching parameters (what a pulse generator calibrates against). */
  readonly sw: SwitchingParams;
  private readonly scratch: { delta: number; ic0: number; tau0: number; exponent: number; tauD: number };
  private readonly ic0s: Float64Array | null;
  private readonly deltas: Float64Array | null;
  /** Joule heating state: temperature excess (K) at time heatT (null when heating is off). */
  readonly heat: Float64Array | null;
  private readonly heatT: Float64Array | null;
  private readonly heatOut = { end: 0 };
  private readonly req: { polarity: 1 | -1; amplitude: number; width: number };
  private readonly pulseP: SwitchingProbabilityCache;

  protected stateArrays(): Record<string, StateArray | null> {
    return { bit: this.bit, stuck: this.stuck, heat: this.heat, heatT: this.heatT };
  }

  constructor(ctx: SynapseDeviceContext, p: ParamValues) {
    const { gMin, gMax } = conductanceRange(p);
    super(ctx, gMin, gMax);
    this.p = p;
    this.sw = switchingOf(p);
    this.pulseP = new SwitchingProbabilityCache(this.sw);
    this.scratch = { ...this.sw };
    this.noisyReads = p.readNoise > 0;
    this.nominalPulse = { polarity: 1, amplitude: p.writeCurrent, width: p.writeWidth };
    this.req = { polarity: 1, amplitude: 0, width: p.writeWidth };
    this.readEnergyJ = readEnergy(p);
    const n = ctx.size;
    const rng = this.rng;
    this.bit = new Uint8Array(n);
    if (p.d2dIc0 > 0 || p.d2dDelta > 0) {
      this.ic0s = new Float64Array(n);
      this.deltas = new Float64Array(n);
      for (let s = 0; s < n; s++) {
        this.ic0s[s] = p.ic0 * Math.max(0.05, 1 + p.d2dIc0 * rng.normal());
        this.deltas[s] = p.delta * Math.max(0.05, 1 + p.d2dDelta * rng.normal());
      }
    } else this.ic0s = this.deltas = null;
    this.stuck = drawStuckAt(n, rng, p.stuckAtMin, p.stuckAtMax);
    if (p.thermalResistance > 0) {
      this.heat = new Float64Array(n);
      this.heatT = new Float64Array(n);
    } else this.heat = this.heatT = null;
    const mid = 0.5 * (this.wMin + this.wMax);
    for (let s = 0; s < n; s++) {
      const f = this.stuck?.[s] ?? NONE;
      this.bit[s] = f === SA_MIN ? 0 : f === SA_MAX ? 1 : ctx.initialWeights[s] > mid ? 1 : 0;
      this.weights[s] = this.bit[s] ? this.wMax : this.wMin;
    }
    this.priceReads();
  }

  conductance(s: number): number {
    return this.bit[s] ? this.gMax : this.gMin;
  }

  read(s: number): number {
    if (!this.noisyReads) return this.weights[s];
    const g = this.conductance(s) * (1 + this.p.readNoise * this.gauss());
    return this.weightOf(g > 0 ? g : 0);
  }

  /** Switching parameters of device s (its own Ic0 and Δ under device-to-device spread). */
  private paramsOf(s: number): SwitchingParams {
    if (!this.ic0s) return this.sw;
    this.scratch.ic0 = this.ic0s[s];
    this.scratch.delta = this.deltas![s];
    return this.scratch;
  }

  private thetaNow(s: number, t: number): number {
    const dt = t - this.heatT![s];
    return dt > 0 ? this.heat![s] * Math.exp(-dt / this.p.thermalTime) : this.heat![s];
  }

  switchingProbability(s: number, pulse: Pulse, t: number): number {
    if (this.stuck !== null && this.stuck[s] !== NONE) return 0;
    if ((pulse.polarity > 0 ? 1 : 0) === this.bit[s]) return 0;
    if (this.heat) return heatedSwitchingProbability(this.paramsOf(s), this.p, pulse.amplitude, pulse.width, this.thetaNow(s, t));
    if (this.ic0s) return switchingProbability(this.paramsOf(s), pulse.amplitude, pulse.width);
    return this.pulseP.get(pulse.amplitude, pulse.width);
  }

  applyPulse(s: number, pulse: Pulse, t: number): number {
    const e = pulseEnergy(this.p, pulse.amplitude, pulse.width);
    const prob = this.switchingProbability(s, pulse, t);
    if (this.heat) {
      // every pulse heats the channel, whether or not the bit can switch
      heatedSwitchingProbability(this.paramsOf(s), this.p, pulse.amplitude, pulse.width, this.thetaNow(s, t), this.heatOut);
      this.heat[s] = this.heatOut.end;
      this.heatT![s] = t + pulse.width;
    }
    if (prob === 0 || !(this.rng.uniform32() < prob)) return this.record(0, false, prob, 1, e, pulse.width);
    const w = this.weights[s];
    const up = pulse.polarity > 0 ? 1 : 0;
    this.bit[s] = up;
    this.weights[s] = up ? this.wMax : this.wMin;
    return this.record(this.weights[s] - w, true, prob, 1, e, pulse.width);
  }

  /** The pulse amplitude whose nominal switching probability is `prob` at the nominal width. */
  amplitudeFor(prob: number): number {
    return currentForProbability(this.sw, Math.min(1, prob), this.p.writeWidth);
  }

  requestChange(s: number, dw: number, t: number): number {
    if (dw === 0) return this.record(0, false, 0, 0, 0, 0);
    const up = dw > 0 ? 1 : 0;
    if (this.bit[s] === up && (this.stuck === null || this.stuck[s] === NONE)) return this.record(0, false, 0, 0, 0, 0);
    const prob = Math.min(1, Math.abs(dw) / (this.wMax - this.wMin));
    const req = this.req;
    req.polarity = up ? 1 : -1;
    req.amplitude = this.amplitudeFor(prob);
    return this.applyPulse(s, req, t);
  }

  /**
   * Retention over `duration` (s) of idle time: each free device flips with
   * q = (1 − e^(−2d/τ))/2, τ = τ0 e^Δ (symmetric two-state relaxation, docs/physics.md §5.1). Free.
   */
  relax(duration: number): void {
    for (let s = 0; s < this.size; s++) {
      if (this.stuck !== null && this.stuck[s] !== NONE) continue;
      const q = 0.5 * -Math.expm1((-2 * duration) / dwellTime(this.paramsOf(s), 0));
      if (q > 0 && this.rng.uniform() < q) {
        const b = 1 - this.bit[s];
        this.bit[s] = b;
        this.weights[s] = b ? this.wMax : this.wMin;
      }
    }
  }

  /** Mean dwell time of device s at zero current (retention), s. */
  retentionTime(s: number): number {
    return dwellTime(this.paramsOf(s), 0);
  }
}
