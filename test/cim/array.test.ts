import { describe, expect, it } from 'vitest';
import { Rng, getModel, resolveModelParams, type ParamValues } from '@spinsnn/core';
import {
  CimTile,
  ENC_DIFFERENTIAL,
  ENC_XNOR,
  MAC_CURRENT,
  MAC_RESISTANCE,
  analogMacRef,
  cimArenaFor,
  crossbarTransfer,
  packBits,
  packedWords32,
  resistanceSumMac,
  xnorMismatchRef,
} from '@spinsnn/backends';

const arr = getModel('cim/crossbar', 'array');

function deviceParams(id: string, preset: string | undefined, ideal: boolean, extra: Record<string, number> = {}): ParamValues {
  const m = getModel(id, 'synapse');
  return resolveModelParams(m, preset, { ...(ideal ? m.ideal : {}), ...extra });
}

function tile(
  rows: number,
  cols: number,
  weights: Float64Array,
  device: string,
  dev: ParamValues,
  arrayParams: Record<string, number>,
  seed = 1,
  kernel: 'auto' | 'js' = 'auto',
): CimTile {
  const p = resolveModelParams(arr, undefined, { ...arr.ideal, rows, cols, ...arrayParams });
  return new CimTile({ rows, cols, weights, device, deviceParams: dev, rng: new Rng(seed), path: 'tile' }, p, { kernel });
}

function randomSigns(n: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
}

function randomBits(n: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 0 : 1));
}

/** Matches of XNOR(x, w) per column, counted directly (the ±1 dot is 2·matches − rows). */
function exactMatches(x: Float64Array, w: Float64Array, batch: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(batch * cols);
  for (let b = 0; b < batch; b++)
    for (let j = 0; j < cols; j++) {
      let m = 0;
      for (let i = 0; i < rows; i++) if (x[b * rows + i] > 0 === w[i * cols + j] > 0) m++;
      out[b * cols + j] = m;
    }
  return out;
}

describe('cim/crossbar array model', () => {
  it('is registered as an array model with presets that resolve', () => {
    expect(arr.kind).toBe('array');
    for (const pr of arr.presets ?? []) expect(() => resolveModelParams(arr, pr.name, {})).not.toThrow();
  });

  it('binary XNOR tiles with every non-ideality off count matches integer-exactly (current and resistance sum, wasm and js)', () => {
    const rng = new Rng(3);
    const rows = 64,
      cols = 48,
      batch = 37;
    const w = randomSigns(rows * cols, rng);
    const x = randomBits(batch * rows, rng);
    const want = exactMatches(x, w, batch, rows, cols);
    for (const mac of [MAC_CURRENT, MAC_RESISTANCE]) {
      for (const kernel of ['auto', 'js'] as const) {
        const t = tile(rows, cols, w, 'mram/stt', deviceParams('mram/stt', undefined, true), { encoding: ENC_XNOR, mac }, 1, kernel);
        expect(t.exact).toBe(true);
        const out = new Float64Array(batch * cols);
        t.mac(batch, x, out);
        expect(Array.from(out)).toEqual(Array.from(want));
      }
    }
  });

  it('an analog differential tile with every non-ideality off equals the exact matrix product', () => {
    const rng = new Rng(4);
    const rows = 40,
      cols = 30,
      batch = 9;
    const w = Float64Array.from({ length: rows * cols }, () => 2 * rng.uniform() - 1);
    const x = Float64Array.from({ length: batch * rows }, () => rng.uniform());
    const dev = deviceParams('sot/multilevel', undefined, true, { quantise: 0 });
    const t = tile(rows, cols, w, 'sot/multilevel', dev, { encoding: ENC_DIFFERENTIAL });
    const out = new Float64Array(batch * cols);
    t.mac(batch, x, out);
    for (let b = 0; b < batch; b++)
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let i = 0; i < rows; i++) s += x[b * rows + i] * w[i * cols + j];
        // the conductance map G = Gmin + w·ΔG and back costs a few ulps per term
        expect(Math.abs(out[b * cols + j] - s)).toBeLessThan(1e-12 * rows);
      }
  });

  it('the resistance-sum count with cell spread matches its closed form (R_col − N·R_L)/(R_H − R_L)', () => {
    const rng = new Rng(5);
    const rows = 64,
      cols = 16;
    const w = randomSigns(rows * cols, rng);
    const x = randomBits(rows, rng);
    const dev = deviceParams('mram/stt', undefined, true, { resistanceSpread: 0.04 });
    const t = tile(rows, cols, w, 'mram/stt', dev, { encoding: ENC_XNOR, mac: MAC_RESISTANCE });
    expect(t.exact).toBe(false);
    const out = new Float64Array(cols);
    t.mac(1, x, out);
    const rL = 1 / t.gMax,
      rH = 1 / t.gMin;
    for (let j = 0; j < cols; j++) {
      // the selected cell of row i: A (row 2i) when x_i = 1, else B; "high" = high resistance = a mismatch
      const rLow = new Float64Array(rows),
        rHigh = new Float64Array(rows),
        high = new Uint8Array(rows);
      for (let i = 0; i < rows; i++) {
        const r = 1 / t.g[(x[i] > 0 ? 2 * i : 2 * i + 1) * cols + j];
        const isHigh = x[i] > 0 !== w[i * cols + j] > 0;
        high[i] = isHigh ? 1 : 0;
        rLow[i] = isHigh ? rL : r;
        rHigh[i] = isHigh ? r : rH;
      }
      const mismatches = resistanceSumMac(rLow, rHigh, high, rL, rH);
      expect(out[j]).toBeCloseTo(rows - mismatches, 9);
    }
  });

  it('the XNOR-popcount and analog wasm kernels agree with the TypeScript references bit for bit', () => {
    const arena = cimArenaFor('wasm', 1 << 20);
    expect(arena).not.toBeNull();
    const rng = new Rng(6);
    for (const n of [1, 31, 32, 63, 64, 65, 130, 784]) {
      const batch = 5,
        cols = 7;
      const words = packedWords32(n);
      const xb = arena!.i32(batch * words),
        wb = arena!.i32(cols * words),
        out = arena!.i32(batch * cols);
      packBits(randomBits(batch * n, rng), n, batch, xb);
      packBits(randomBits(cols * n, rng), n, cols, wb);
      arena!.exports.xnorMismatch(batch, words >> 1, cols, xb.byteOffset, wb.byteOffset, out.byteOffset);
      const ref = new Int32Array(batch * cols);
      xnorMismatchRef(batch, words, cols, xb, wb, ref);
      expect(Array.from(out)).toEqual(Array.from(ref));
    }
    for (const [batch, rows, cols] of [
      [1, 3, 5],
      [4, 8, 8],
      [7, 13, 9],
      [9, 64, 33],
    ]) {
      const x = arena!.f64(batch * rows),
        d = arena!.f64(rows * cols),
        base = arena!.f64(cols),
        out = arena!.f64(batch * cols);
      for (let k = 0; k < x.length; k++) x[k] = rng.uniform() < 0.3 ? 0 : rng.normal();
      for (let k = 0; k < d.length; k++) d[k] = rng.normal();
      for (let k = 0; k < base.length; k++) base[k] = 1 + rng.uniform();
      arena!.exports.analogMac(batch, rows, cols, x.byteOffset, d.byteOffset, base.byteOffset, out.byteOffset);
      const ref = new Float64Array(batch * cols);
      analogMacRef(batch, rows, cols, x, d, base, ref);
      expect(Array.from(out)).toEqual(Array.from(ref));
    }
  });

  it('ADC quantisation error stays within half an LSB inside the window', () => {
    const rng = new Rng(7);
    const rows = 64,
      cols = 20,
      batch = 50,
      bits = 5;
    const w = Float64Array.from({ length: rows * cols }, () => 2 * rng.uniform() - 1);
    const x = Float64Array.from({ length: batch * rows }, () => rng.uniform());
    const dev = deviceParams('sot/multilevel', undefined, true, { quantise: 0 });
    const exact = tile(rows, cols, w, 'sot/multilevel', dev, { encoding: ENC_DIFFERENTIAL });
    const adc = tile(rows, cols, w, 'sot/multilevel', dev, { encoding: ENC_DIFFERENTIAL, adcBits: bits, adcRange: 1 });
    const a = new Float64Array(batch * cols),
      b = new Float64Array(batch * cols);
    exact.mac(batch, x, a);
    adc.mac(batch, x, b);
    const lsb = (2 * rows) / (2 ** bits - 1); // window [−rows, rows]
    let worst = 0;
    for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
    expect(worst).toBeLessThanOrEqual(lsb / 2 + 1e-9);
    expect(worst).toBeGreaterThan(lsb / 4); // it does quantise
  });

  it('the IR-drop transfer matrix matches a direct Kirchhoff solve of the whole network', () => {
    const P = 4,
      Q = 3,
      r = 50;
    const rng = new Rng(8);
    const g = Float64Array.from({ length: P * Q }, () => 1 / (2000 + 8000 * rng.uniform()));
    const M = crossbarTransfer(g, P, Q, r);
    const V = [0.3, 0.1, 0.25, 0.2];
    // direct nodal analysis: unknowns u[p][q] (row wires) then v[p][q] (column wires); dense Gaussian elimination
    const n = 2 * P * Q;
    const A = Array.from({ length: n }, () => new Float64Array(n));
    const bvec = new Float64Array(n);
    const U = (p: number, q: number) => p * Q + q,
      Vn = (p: number, q: number) => P * Q + p * Q + q;
    const gw = 1 / r;
    const link = (i: number, j: number, c: number) => {
      A[i][i] += c;
      A[j][j] += c;
      A[i][j] -= c;
      A[j][i] -= c;
    };
    for (let p = 0; p < P; p++) {
      A[U(p, 0)][U(p, 0)] += gw;
      bvec[U(p, 0)] += gw * V[p]; // driver segment
      for (let q = 0; q + 1 < Q; q++) link(U(p, q), U(p, q + 1), gw);
      for (let q = 0; q < Q; q++) link(U(p, q), Vn(p, q), g[p * Q + q]);
    }
    for (let q = 0; q < Q; q++) {
      for (let p = 0; p + 1 < P; p++) link(Vn(p, q), Vn(p + 1, q), gw);
      A[Vn(P - 1, q)][Vn(P - 1, q)] += gw; // segment to the virtual ground
    }
    for (let c = 0; c < n; c++) {
      let piv = c;
      for (let k = c + 1; k < n; k++) if (Math.abs(A[k][c]) > Math.abs(A[piv][c])) piv = k;
      [A[c], A[piv]] = [A[piv], A[c]];
      [bvec[c], bvec[piv]] = [bvec[piv], bvec[c]];
      for (let k = c + 1; k < n; k++) {
        const f = A[k][c] / A[c][c];
        for (let j = c; j < n; j++) A[k][j] -= f * A[c][j];
        bvec[k] -= f * bvec[c];
      }
    }
    const sol = new Float64Array(n);
    for (let c = n - 1; c >= 0; c--) {
      let s = bvec[c];
      for (let j = c + 1; j < n; j++) s -= A[c][j] * sol[j];
      sol[c] = s / A[c][c];
    }
    for (let q = 0; q < Q; q++) {
      const direct = sol[Vn(P - 1, q)] * gw;
      let viaM = 0;
      for (let p = 0; p < P; p++) viaM += M[p * Q + q] * V[p];
      expect(Math.abs(viaM - direct) / direct).toBeLessThan(1e-9);
      let ideal = 0;
      for (let p = 0; p < P; p++) ideal += g[p * Q + q] * V[p];
      expect(direct).toBeLessThan(ideal); // the wires do drop voltage
    }
  });

  it('device-to-device spread, write errors, stuck-at faults and read noise follow their parameters (seeded, sampling tolerances)', () => {
    const rows = 128,
      cols = 128;
    const rng = new Rng(9);
    const w = randomSigns(rows * cols, rng);
    const spread = 0.05,
      wer = 0.02;
    const dev = deviceParams('mram/stt', undefined, true, { resistanceSpread: spread, writeErrorRate: wer });
    const t = tile(rows, cols, w, 'mram/stt', dev, { encoding: ENC_XNOR, mac: MAC_CURRENT });
    // relative σ of R over cells that ended parallel (n ≈ 16k): the SE of a σ estimate is σ/√(2n); 4 SE
    const rP = 1 / t.gMax;
    let n = 0,
      s = 0,
      s2 = 0,
      targeted = 0,
      missed = 0;
    const mid = 0.5 * (t.gMin + t.gMax);
    for (let k = 0; k < t.g.length; k++) {
      // cells targeted to P: A cells of +1 weights, B cells of −1 weights
      const row = Math.floor(k / cols),
        j = k % cols,
        i = row >> 1;
      const up = w[i * cols + j] > 0 === (row % 2 === 0);
      if (!up) continue;
      targeted++;
      if (t.g[k] < mid) {
        missed++;
        continue;
      }
      const rel = 1 / t.g[k] / rP - 1;
      n++;
      s += rel;
      s2 += rel * rel;
    }
    const sd = Math.sqrt(s2 / n - (s / n) ** 2);
    expect(Math.abs(sd - spread)).toBeLessThan((4 * spread) / Math.sqrt(2 * n));
    // write errors: binomial(targeted, wer), 4 SE
    expect(Math.abs(missed / targeted - wer)).toBeLessThan(4 * Math.sqrt((wer * (1 - wer)) / targeted));

    const faults = tile(rows, cols, w, 'mram/stt', deviceParams('mram/stt', undefined, true), { encoding: ENC_XNOR, stuckAtLow: 0.1 });
    let low = 0,
      shouldBeHigh = 0;
    for (let k = 0; k < faults.g.length; k++) {
      const row = Math.floor(k / cols),
        j = k % cols,
        i = row >> 1;
      if (w[i * cols + j] > 0 !== (row % 2 === 0)) continue;
      shouldBeHigh++;
      if (faults.g[k] === faults.gMin) low++;
    }
    expect(Math.abs(low / shouldBeHigh - 0.1)).toBeLessThan(4 * Math.sqrt(0.09 / shouldBeHigh));

    // read noise: σ_col² = σ² Σ_selected G² / ΔG² for nominal cells (m matches at Gmax, the rest at Gmin)
    const sigma = 0.05;
    const small = 64,
      reads = 4000;
    const w2 = randomSigns(small, rng);
    const noisy = tile(small, 1, w2, 'mram/stt', deviceParams('mram/stt', undefined, true), { encoding: ENC_XNOR, readNoise: sigma }, 11);
    const x = randomBits(small, rng);
    const xs = new Float64Array(reads * small);
    for (let b = 0; b < reads; b++) xs.set(x, b * small);
    const out = new Float64Array(reads);
    noisy.mac(reads, xs, out);
    const m = exactMatches(x, w2, 1, small, 1)[0];
    let mu = 0,
      v = 0;
    for (const y of out) mu += y / reads;
    for (const y of out) v += (y - mu) ** 2 / (reads - 1);
    const dG = noisy.gMax - noisy.gMin;
    const want = (sigma * Math.sqrt(m * noisy.gMax ** 2 + (small - m) * noisy.gMin ** 2)) / dG;
    expect(Math.abs(Math.sqrt(v) - want)).toBeLessThan((4 * want) / Math.sqrt(2 * reads));
    expect(Math.abs(mu - m)).toBeLessThan((4 * want) / Math.sqrt(reads));
  });

  it('is deterministic per seed', () => {
    const run = (seed: number) => {
      const rng = new Rng(12);
      const w = randomSigns(64 * 8, rng);
      const x = randomBits(3 * 64, rng);
      const p = resolveModelParams(arr, 'jung2022', { cols: 8 });
      const t = new CimTile(
        { rows: 64, cols: 8, weights: w, device: 'mram/stt', deviceParams: deviceParams('mram/stt', 'jung2022', false), rng: new Rng(seed), path: 't' },
        p,
      );
      const out = new Float64Array(3 * 8);
      t.mac(3, x, out);
      return Array.from(out);
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
});
