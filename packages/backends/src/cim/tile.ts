import {
  EnergyLedger,
  SpecError,
  getModel,
  resolveModelParams,
  type ArrayContext,
  type ArrayTile,
  type KernelChoice,
  type ParamSpec,
  type ParamValues,
  type Rng,
} from '@spinsnn/core';
import { MramStore } from '../mram/index.js';
import { standaloneContext } from '../store-base.js';
import type { DeviceSynapseStore } from '../types.js';
import { crossbarTransfer } from './irdrop.js';
import { analogMacRef, cimArenaFor, packBits, packedWords32, xnorMismatchRef, type CimArena } from './kernels.js';

/** Read bias of the current sum when the device declares none (docs/physics.md §7: 0.1 V). */
const DEFAULT_READ_VOLTAGE = 0.1;

/** Weight encoding: a differential pair (G+, G−) per weight. */
export const ENC_DIFFERENTIAL = 0;
/** Weight encoding: a complementary (XNOR) pair (w, ¬w) per binary weight, the input selecting one. */
export const ENC_XNOR = 1;
/** MAC scheme: column current Σ V·G (Ohm + Kirchhoff). */
export const MAC_CURRENT = 0;
/** MAC scheme: series cells, column resistance Σ R (Samsung 2022). */
export const MAC_RESISTANCE = 1;

/**
 * Parameters of the `cim/crossbar` array model (docs/cim.md §2). Everything is in the "count"
 * domain of the tile's output: one unit is the nominal step of one cell (G_max − G_min, or
 * R_H − R_L for the resistance sum), so an ideal tile returns Σ_i x_i w_ij (differential) or the
 * number of XNOR matches (binary).
 */
export const CROSSBAR_PARAMS: readonly ParamSpec[] = [
  {
    name: 'rows',
    unit: '1',
    default: 64,
    min: 1,
    max: 4096,
    integer: true,
    description: 'logical rows (inputs) per tile',
    source: 'Jung et al., Nature 601, 211 (2022): 64 × 64 array [V abstract]',
  },
  {
    name: 'cols',
    unit: '1',
    default: 64,
    min: 1,
    max: 4096,
    integer: true,
    description: 'logical columns (outputs) per tile',
    source: 'Jung et al. 2022 [V abstract]',
  },
  {
    name: 'encoding',
    unit: '1',
    default: ENC_DIFFERENTIAL,
    min: 0,
    max: 1,
    integer: true,
    description: '0: differential pair per weight (analog w ∈ [−1, 1]); 1: complementary XNOR pair (binary ±1)',
    source: 'docs/cim.md §2.1',
  },
  {
    name: 'mac',
    unit: '1',
    default: MAC_CURRENT,
    min: 0,
    max: 1,
    integer: true,
    description: '0: current sum (Kirchhoff); 1: resistance sum (series cells; needs encoding 1)',
    source: 'docs/cim.md §2.2',
  },
  {
    name: 'adcBits',
    unit: '1',
    default: 0,
    min: 0,
    max: 16,
    integer: true,
    description: 'ADC resolution per column (0 = ideal, no quantisation)',
    source: 'docs/cim.md §2.4',
  },
  {
    name: 'adcRange',
    unit: '1',
    default: 1,
    min: 0,
    minExclusive: true,
    max: 1,
    description: 'ADC input window as a fraction of the column full scale, centred (outputs outside clip)',
    source: 'docs/cim.md §2.4',
  },
  { name: 'adcOffset', unit: '1', default: 0, min: -8, max: 8, description: 'systematic ADC offset, in LSB', source: 'docs/cim.md §2.4' },
  {
    name: 'saOffset',
    unit: '1',
    default: 0,
    min: 0,
    max: 64,
    description: 'σ of the fixed sense-amplifier offset of each column, in cell steps (drawn once per tile)',
    source: 'assumed [U] (docs/cim.md §2.4)',
  },
  {
    name: 'dacBits',
    unit: '1',
    default: 0,
    min: 0,
    max: 16,
    integer: true,
    description: 'input driver (DAC) resolution for analog inputs in [0, 1] (0 = ideal)',
    source: 'docs/cim.md §2.4',
  },
  {
    name: 'readNoise',
    unit: '1',
    default: 0,
    min: 0,
    max: 1,
    description: 'relative σ of each cell read by the sense path, combined in quadrature with the device’s own readNoise',
    source: 'assumed [U] (docs/cim.md §2.5)',
  },
  {
    name: 'wireResistance',
    unit: 'Ω',
    default: 0,
    min: 0,
    max: 1000,
    description: 'wire resistance per cell pitch (0 = ideal wires); current sum: Kirchhoff IR-drop solve, resistance sum: series',
    source: 'docs/cim.md §2.3; value assumed [U]',
  },
  {
    name: 'stuckAtLow',
    unit: '1',
    default: 0,
    min: 0,
    max: 1,
    description: 'fraction of cells stuck at the low-conductance state after programming',
    source: 'docs/cim.md §2.5 (aihwkit-style faults; rates [U])',
  },
  {
    name: 'stuckAtHigh',
    unit: '1',
    default: 0,
    min: 0,
    max: 1,
    description: 'fraction of cells stuck at the high-conductance state after programming',
    source: 'docs/cim.md §2.5',
  },
  {
    name: 'program',
    unit: '1',
    default: 1,
    min: 0,
    max: 1,
    integer: true,
    description: '1: program each cell through the device’s write model (write errors, pulse noise); 0: set the target state directly',
    source: 'docs/cim.md §2.5',
  },
  {
    name: 'readCurrent',
    unit: 'A',
    default: 10e-6,
    min: 1e-9,
    max: 1e-2,
    description: 'column read current of the resistance sum',
    source: 'assumed [U] (docs/cim.md §4)',
  },
  {
    name: 'senseTime',
    unit: 's',
    default: 10e-9,
    min: 1e-12,
    max: 1e-3,
    description: 'time of one tile MAC (bit-line settling + sensing + conversion)',
    source: 'assumed [U] (docs/cim.md §4)',
  },
  {
    name: 'adcEnergy',
    unit: 'J',
    default: 0.5e-12,
    min: 0,
    max: 1e-9,
    description: 'energy of one column conversion (ADC + sense amplifier)',
    source: 'assumed [U]: SAR ADC ~10 fJ/conversion-step × 2^5 steps (docs/cim.md §4)',
  },
  {
    name: 'driverEnergy',
    unit: 'J',
    default: 0.05e-12,
    min: 0,
    max: 1e-9,
    description: 'energy of driving one active input row (word-line/DAC)',
    source: 'assumed [U]: C_WL ≈ 50 fF at 1 V (docs/cim.md §4)',
  },
  {
    name: 'cellArea',
    unit: 'm²',
    default: 0.05e-12,
    min: 0,
    max: 1e-9,
    description: 'area of one cell (1T1MTJ) — a pair uses two',
    source: 'assumed [U]: ≈ 60 F² at 28 nm (docs/cim.md §4)',
  },
  {
    name: 'columnPeripheryArea',
    unit: 'm²',
    default: 100e-12,
    min: 0,
    max: 1e-6,
    description: 'area of one column’s sense amplifier + ADC',
    source: 'assumed [U] (docs/cim.md §4)',
  },
];

/** Options of one tile beyond the array model's parameters. */
export interface TileOptions {
  /** Largest batch one mac call may take (sizes the kernel buffers); default 256. */
  maxBatch?: number;
  kernel?: KernelChoice;
}

/** Energy, latency and area terms of one tile MAC, each with its source (docs/cim.md §4). */
export interface TileCost {
  /** Cell read energy of one full-tile MAC (all rows active), J. */
  cellJ: number;
  /** Conversions (cols outputs; a differential pair converts once) × adcEnergy, J. */
  adcJ: number;
  /** Active rows × driverEnergy, J. */
  driverJ: number;
  /** rows × cols: the logical MACs of one tile operation. */
  macs: number;
  /** (cellJ + adcJ + driverJ) / macs, J. */
  energyPerMacJ: number;
  latencyS: number;
  areaM2: number;
  /** 2 ops per MAC / energy (TOPS/W). */
  topsPerW: number;
  /** 2 ops per MAC × macs / latency / area (TOPS/mm²). */
  topsPerMm2: number;
}

/**
 * One programmed tile of `rows × cols` logical weights on cells of a registered synapse device.
 * Programming goes through the device store (`requestChange` from the erased state), so the
 * device's write errors, pulse noise, device-to-device spread and stuck-at faults land in the
 * cells' conductances. The tile then reduces the physical array (with IR drop when wires have
 * resistance) to an exact linear map of the logical inputs, y = base + x·D in cell steps, and
 * adds read noise (exact variance of the column sum), sense-amplifier offset and the ADC.
 */
export class CimTile implements ArrayTile {
  readonly rows: number;
  readonly cols: number;
  readonly encoding: number;
  readonly macMode: number;
  /** Registered synapse-device id of the cells. */
  readonly device: string;
  /** Effective linear map (rows × cols) and offset (cols), in cell steps. */
  readonly d: Float64Array;
  readonly base: Float64Array;
  /** Read-noise variance map (rows × cols) and offset, in cell steps² (null: no read noise). */
  readonly varD: Float64Array | null;
  readonly varBase: Float64Array | null;
  /** Fixed sense-amplifier offset of each column (cell steps). */
  readonly saOffset: Float64Array;
  /** True when every cell sits exactly on its nominal state and wires are ideal: binary tiles use XNOR-popcount. */
  readonly exact: boolean;
  /** Nominal conductances of the device's two extreme states (S). */
  readonly gMin: number;
  readonly gMax: number;
  /** Physical cell conductances (S), physical rows × physical cols. */
  readonly g: Float64Array;
  readonly physRows: number;
  readonly physCols: number;
  private readonly p: ParamValues;
  private readonly rng: Rng;
  private readonly maxBatch: number;
  private readonly arena: CimArena | null;
  private readonly bufX: Float64Array;
  private readonly bufOut: Float64Array;
  private readonly bufD: Float64Array;
  private readonly bufBase: Float64Array;
  private readonly bufVarD: Float64Array | null;
  private readonly bufVarBase: Float64Array | null;
  private readonly bufVarOut: Float64Array | null;
  private readonly wBits: Int32Array;
  private readonly xBits: Int32Array;
  private readonly mism: Int32Array;
  private readonly words32: number;
  private readonly lo: number;
  private readonly lsb: number;
  private readonly codes: number;
  private readonly rowRead: Float64Array;
  private readonly disturbP: number;
  private readonly store: DeviceSynapseStore;
  private readonly sigmaRead: number;
  private readonly readVoltage: number;
  /** Cells flipped by read disturb so far. */
  disturbFlips = 0;

  constructor(ctx: ArrayContext, p: ParamValues, o: TileOptions = {}) {
    const { rows, cols } = ctx;
    if (rows > p.rows || cols > p.cols)
      throw new SpecError(
        `${ctx.path}.weights`,
        `at most ${p.rows} × ${p.cols} weights per tile (the array's rows × cols; tile larger layers)`,
        `${rows} × ${cols}`,
      );
    if (ctx.weights.length !== rows * cols) throw new SpecError(`${ctx.path}.weights`, `${rows} × ${cols} = ${rows * cols} values`, `${ctx.weights.length}`);
    if (p.mac === MAC_RESISTANCE && p.encoding !== ENC_XNOR)
      throw new SpecError(
        `${ctx.path}.params.mac`,
        'mac 0 (current sum) with encoding 0; the resistance sum (mac 1) needs complementary XNOR pairs (encoding 1), since each row selects one of its two cells',
        `mac ${p.mac} with encoding ${p.encoding}`,
      );
    this.rows = rows;
    this.cols = cols;
    this.p = p;
    this.encoding = p.encoding;
    this.macMode = p.mac;
    this.device = ctx.device;
    this.rng = ctx.rng;
    this.maxBatch = o.maxBatch ?? 256;
    const model = getModel(ctx.device, 'synapse', `${ctx.path}.device`);
    // nominal extremes: an ideal store of the same device, weights 0 and 1
    const idealParams = resolveModelParams(model, undefined, { ...ctx.deviceParams, ...(model.ideal ?? {}) }, `${ctx.path}.device`);
    const probe = model.createStore(
      standaloneContext({ size: 2, rng: ctx.rng.fork(0x7e57), ledger: new EnergyLedger(), initialWeights: Float64Array.of(0, 1) }),
      idealParams,
    ) as DeviceSynapseStore;
    this.gMin = probe.conductance(0);
    this.gMax = probe.conductance(1);
    const xnor = p.encoding === ENC_XNOR;
    // physical layout: differential rows × 2cols (G+ at 2j, G− at 2j+1); XNOR 2rows × cols (A at 2i driven by x, B at 2i+1 by ¬x)
    const P = xnor ? 2 * rows : rows;
    const Q = xnor ? cols : 2 * cols;
    this.physRows = P;
    this.physCols = Q;
    const target = new Float64Array(P * Q);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const w = ctx.weights[i * cols + j];
        if (!(w >= -1 && w <= 1)) throw new SpecError(`${ctx.path}.weights[${i * cols + j}]`, 'a weight in [−1, 1]', w);
        if (xnor) {
          const up = w > 0 ? 1 : 0;
          target[2 * i * Q + j] = up;
          target[(2 * i + 1) * Q + j] = 1 - up;
        } else {
          target[i * Q + 2 * j] = w > 0 ? w : 0;
          target[i * Q + 2 * j + 1] = w < 0 ? -w : 0;
        }
      }
    }
    // program from the erased (low-conductance) state through the device's write model
    const n = P * Q;
    const store = model.createStore(
      standaloneContext({ size: n, rng: ctx.rng.fork(0xce11), ledger: new EnergyLedger(), initialWeights: p.program === 1 ? new Float64Array(n) : target }),
      ctx.deviceParams,
    ) as DeviceSynapseStore;
    this.store = store;
    if (p.program === 1) for (let s = 0; s < n; s++) if (target[s] !== 0) store.requestChange(s, target[s] - store.weights[s], 0);
    const g = new Float64Array(n);
    const faults = ctx.rng.fork(0xfa17);
    for (let s = 0; s < n; s++) {
      g[s] = store.conductance(s);
      if (p.stuckAtLow > 0 || p.stuckAtHigh > 0) {
        const u = faults.uniform();
        if (u < p.stuckAtLow) g[s] = this.gMin;
        else if (u < p.stuckAtLow + p.stuckAtHigh) g[s] = this.gMax;
      }
    }
    this.g = g;
    let exact = p.wireResistance === 0;
    for (let s = 0; s < n && exact; s++) if (g[s] !== this.gMin && g[s] !== this.gMax) exact = false;
    this.exact = exact;
    const devNoise = Object.prototype.hasOwnProperty.call(ctx.deviceParams, 'readNoise') ? ctx.deviceParams.readNoise : 0;
    const sigma = Math.hypot(p.readNoise, devNoise);
    this.sigmaRead = sigma;
    this.readVoltage = typeof ctx.deviceParams.readVoltage === 'number' ? ctx.deviceParams.readVoltage : DEFAULT_READ_VOLTAGE;
    this.d = new Float64Array(rows * cols);
    this.base = new Float64Array(cols);
    this.varD = sigma > 0 ? new Float64Array(rows * cols) : null;
    this.varBase = sigma > 0 ? new Float64Array(cols) : null;
    this.buildMap(sigma);
    this.saOffset = new Float64Array(cols);
    if (p.saOffset > 0) {
      const r = ctx.rng.fork(0x5a0f);
      for (let j = 0; j < cols; j++) this.saOffset[j] = p.saOffset * r.normal();
    }
    // ADC window in cell steps, centred on the column's full scale
    const full = xnor ? p.rows : 2 * p.rows;
    const centre = xnor ? p.rows / 2 : 0;
    this.codes = p.adcBits > 0 ? 2 ** p.adcBits : 0;
    this.lo = centre - (p.adcRange * full) / 2;
    this.lsb = this.codes > 0 ? (p.adcRange * full) / (this.codes - 1) : 0;
    this.rowRead = new Float64Array(P);
    this.disturbP = store instanceof MramStore ? store.disturbProbability : 0;
    // kernel buffers
    const B = this.maxBatch;
    this.words32 = packedWords32(rows);
    const bytes = 8 * (B * rows + B * cols + rows * cols + cols) * (sigma > 0 ? 2 : 1) + 4 * (B * this.words32 + cols * this.words32 + B * cols) + 1024;
    this.arena = cimArenaFor(o.kernel ?? 'auto', bytes);
    const a = this.arena;
    this.bufX = a ? a.f64(B * rows) : new Float64Array(B * rows);
    this.bufOut = a ? a.f64(B * cols) : new Float64Array(B * cols);
    this.bufD = a ? a.f64(rows * cols) : this.d;
    this.bufBase = a ? a.f64(cols) : this.base;
    this.bufVarD = sigma > 0 ? (a ? a.f64(rows * cols) : this.varD) : null;
    this.bufVarBase = sigma > 0 ? (a ? a.f64(cols) : this.varBase) : null;
    this.bufVarOut = sigma > 0 ? (a ? a.f64(B * cols) : new Float64Array(B * cols)) : null;
    this.xBits = a ? a.i32(B * this.words32) : new Int32Array(B * this.words32);
    this.wBits = a ? a.i32(cols * this.words32) : new Int32Array(cols * this.words32);
    this.mism = a ? a.i32(B * cols) : new Int32Array(B * cols);
    this.syncKernelBuffers();
    if (xnor) {
      const wb = new Uint8Array(cols * rows);
      for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) wb[j * rows + i] = ctx.weights[i * cols + j] > 0 ? 1 : 0;
      packBits(wb, rows, cols, this.wBits);
    }
  }

  private syncKernelBuffers(): void {
    if (this.bufD !== this.d) this.bufD.set(this.d);
    if (this.bufBase !== this.base) this.bufBase.set(this.base);
    if (this.varD && this.bufVarD && this.bufVarD !== this.varD) this.bufVarD.set(this.varD);
    if (this.varBase && this.bufVarBase && this.bufVarBase !== this.varBase) this.bufVarBase.set(this.varBase);
  }

  /** Reduces the physical array to y = base + x·D (and the read-noise variance map), in cell steps. */
  private buildMap(sigma: number): void {
    const { rows, cols, physRows: P, physCols: Q, g } = this;
    const dG = this.gMax - this.gMin;
    const s2 = sigma * sigma;
    const d = this.d,
      base = this.base,
      vd = this.varD,
      vb = this.varBase;
    base.fill(0);
    if (vb) vb.fill(0);
    if (this.macMode === MAC_RESISTANCE) {
      const rL = 1 / this.gMax,
        rH = 1 / this.gMin,
        dR = rH - rL;
      // R_col = Σ_i [x_i rA + (1 − x_i) rB] + rows·r_wire; matches = rows − (R_col − rows·rL)/dR
      for (let j = 0; j < cols; j++) {
        let sumB = rows * this.p.wireResistance - rows * rL;
        for (let i = 0; i < rows; i++) {
          const rA = 1 / g[2 * i * Q + j],
            rB = 1 / g[(2 * i + 1) * Q + j];
          sumB += rB;
          d[i * cols + j] = -(rA - rB) / dR;
          if (vd) vd[i * cols + j] = (s2 * (rA * rA - rB * rB)) / (dR * dR);
          if (vb) vb[j] += (s2 * rB * rB) / (dR * dR);
        }
        base[j] = rows - sumB / dR;
      }
      return;
    }
    const M = crossbarTransfer(g, P, Q, this.p.wireResistance);
    if (this.encoding === ENC_XNOR) {
      for (let j = 0; j < cols; j++) {
        let sumB = -rows * this.gMin;
        for (let i = 0; i < rows; i++) {
          const A = M[2 * i * Q + j],
            Bv = M[(2 * i + 1) * Q + j];
          sumB += Bv;
          d[i * cols + j] = (A - Bv) / dG;
          const gA = g[2 * i * Q + j],
            gB = g[(2 * i + 1) * Q + j];
          if (vd) vd[i * cols + j] = (s2 * (gA * gA - gB * gB)) / (dG * dG);
          if (vb) vb[j] += (s2 * gB * gB) / (dG * dG);
        }
        base[j] = sumB / dG;
      }
    } else {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          d[i * cols + j] = (M[i * Q + 2 * j] - M[i * Q + 2 * j + 1]) / dG;
          const gp = g[i * Q + 2 * j],
            gm = g[i * Q + 2 * j + 1];
          if (vd) vd[i * cols + j] = (s2 * (gp * gp + gm * gm)) / (dG * dG);
        }
      }
    }
  }

  /**
   * out (batch × cols) ← the tile's outputs for x (batch × rows): binary tiles take bits (x > 0 is
   * +1), analog tiles values in [0, 1] (through the DAC). Outputs in cell steps after the ADC:
   * XNOR matches, or Σ x·w for differential pairs.
   */
  mac(batch: number, x: Float64Array, out: Float64Array): void {
    const { rows, cols } = this;
    for (let b0 = 0; b0 < batch; b0 += this.maxBatch) {
      const nb = Math.min(this.maxBatch, batch - b0);
      const xs = x.subarray(b0 * rows, (b0 + nb) * rows);
      const os = out.subarray(b0 * cols, (b0 + nb) * cols);
      this.macChunk(nb, xs, os);
    }
  }

  private macChunk(nb: number, x: Float64Array, out: Float64Array): void {
    const { rows, cols } = this;
    const xnor = this.encoding === ENC_XNOR;
    const bx = this.bufX;
    if (xnor) for (let k = 0; k < nb * rows; k++) bx[k] = x[k] > 0 ? 1 : 0;
    else {
      const dac = this.p.dacBits > 0 ? 2 ** this.p.dacBits - 1 : 0;
      for (let k = 0; k < nb * rows; k++) {
        let v = x[k] < 0 ? 0 : x[k] > 1 ? 1 : x[k];
        if (dac > 0) v = Math.round(v * dac) / dac;
        bx[k] = v;
      }
    }
    const o = this.bufOut;
    if (xnor && this.exact && !this.varD) {
      packBits(bx, rows, nb, this.xBits);
      if (this.arena) this.arena.exports.xnorMismatch(nb, this.words32 >> 1, cols, this.xBits.byteOffset, this.wBits.byteOffset, this.mism.byteOffset);
      else xnorMismatchRef(nb, this.words32, cols, this.xBits, this.wBits, this.mism);
      for (let k = 0; k < nb * cols; k++) o[k] = rows - this.mism[k];
    } else {
      this.analog(nb, bx, this.bufD, this.bufBase, o);
      if (this.bufVarD && this.bufVarBase && this.bufVarOut) {
        if (!xnor) for (let k = 0; k < nb * rows; k++) bx[k] *= bx[k];
        const v = this.bufVarOut;
        this.analog(nb, bx, this.bufVarD, this.bufVarBase, v);
        for (let k = 0; k < nb * cols; k++) o[k] += Math.sqrt(v[k] > 0 ? v[k] : 0) * this.rng.normal();
        if (!xnor) for (let k = 0; k < nb * rows; k++) bx[k] = Math.sqrt(bx[k]);
      }
    }
    const codes = this.codes;
    for (let b = 0; b < nb; b++) {
      for (let j = 0; j < cols; j++) {
        let y = o[b * cols + j] + this.saOffset[j];
        if (codes > 0) {
          let c = Math.round((y - this.lo) / this.lsb + this.p.adcOffset);
          c = c < 0 ? 0 : c > codes - 1 ? codes - 1 : c;
          y = this.lo + c * this.lsb;
        }
        out[b * cols + j] = y;
      }
    }
    if (this.disturbP > 0) this.readDisturb(nb, bx);
  }

  private analog(nb: number, x: Float64Array, d: Float64Array, base: Float64Array, out: Float64Array): void {
    if (this.arena) this.arena.exports.analogMac(nb, this.rows, this.cols, x.byteOffset, d.byteOffset, base.byteOffset, out.byteOffset);
    else analogMacRef(nb, this.rows, this.cols, x, d, base, out);
  }

  /**
   * Read disturb (mram/stt): every read of an antiparallel cell flips it to parallel with the
   * device's per-read probability; a row selected r times in this batch flips each of its AP
   * cells with 1 − (1 − p)^r. Flipped cells change the tile's map from the next call on.
   */
  private readDisturb(nb: number, bx: Float64Array): void {
    const store = this.store as MramStore;
    const { rows, physRows: P, physCols: Q } = this;
    const xnor = this.encoding === ENC_XNOR;
    const reads = this.rowRead;
    reads.fill(0);
    for (let b = 0; b < nb; b++) {
      for (let i = 0; i < rows; i++) {
        const v = bx[b * rows + i];
        if (xnor) reads[2 * i + (v > 0 ? 0 : 1)]++;
        else if (v > 0) reads[i]++;
      }
    }
    let flipped = false;
    for (let pr = 0; pr < P; pr++) {
      if (reads[pr] === 0) continue;
      const prob = 1 - Math.pow(1 - this.disturbP, reads[pr]);
      for (let q = 0; q < Q; q++) {
        const s = pr * Q + q;
        if (store.bit[s] === 0 && this.rng.uniform() < prob) {
          store.bit[s] = 1;
          this.g[s] = store.gP[s];
          this.disturbFlips++;
          flipped = true;
        }
      }
    }
    if (flipped) {
      this.buildMap(this.sigmaRead);
      this.syncKernelBuffers();
    }
  }

  /** Energy, latency and area of one full-tile MAC from the device's and the periphery's parameters (docs/cim.md §4). */
  cost(): TileCost {
    const p = this.p;
    const macs = this.rows * this.cols;
    let cellJ: number;
    const gAvg = 0.5 * (this.gMin + this.gMax);
    if (this.macMode === MAC_RESISTANCE) {
      // I_read through each column's series chain for senseTime: I² Σ R t
      cellJ = this.cols * p.readCurrent * p.readCurrent * this.rows * (1 / gAvg) * p.senseTime;
    } else {
      const vRead = this.readVoltage;
      // every selected cell conducts V² G for senseTime (one cell per XNOR pair, two per differential pair)
      cellJ = vRead * vRead * gAvg * p.senseTime * this.physRows * this.physCols * (this.encoding === ENC_XNOR ? 0.5 : 1);
    }
    const adcJ = this.cols * p.adcEnergy;
    const driverJ = this.rows * p.driverEnergy;
    const energyPerMacJ = (cellJ + adcJ + driverJ) / macs;
    const areaM2 = this.physRows * this.physCols * p.cellArea + this.cols * p.columnPeripheryArea;
    const latencyS = p.senseTime;
    return {
      cellJ,
      adcJ,
      driverJ,
      macs,
      energyPerMacJ,
      latencyS,
      areaM2,
      topsPerW: 2 / energyPerMacJ / 1e12,
      topsPerMm2: (2 * macs) / latencyS / 1e12 / (areaM2 * 1e6),
    };
  }
}
