/**
 * In-memory computing on an STT-MRAM array: a 64 × 64 tile of binary weights (XNOR pairs of
 * `mram/stt` cells, preset jung2022) computes the ±1 matrix–vector product of Samsung's
 * resistance-sum scheme (`cim/crossbar`, preset jung2022). With every non-ideality off the tile
 * counts exactly; with the preset's read noise, sense-amplifier offset, ADC and wire resistance it
 * makes small count errors, and a few outputs change sign. The tile's energy per MAC comes from its
 * cost terms.
 *
 *   node examples/run.mjs array-inference [--vectors 200] [--seed 1]
 *
 * Tutorial: docs/examples/array-inference.md.
 */
import '@spinsnn/backends'; // registers mram/stt and cim/crossbar
import { Rng, formatQuantity, getModel, resolveModelParams, type ArrayTile, type ParamValues } from '@spinsnn/core';
import { pathToFileURL } from 'node:url';

export interface ArrayInferenceOptions {
  /** Input vectors pushed through the tile. */
  vectors?: number;
  seed?: number;
}

export interface ArrayInferenceResult {
  rows: number;
  cols: number;
  vectors: number;
  /** Ideal tile: outputs that differ from the exact XNOR-match count (expected 0). */
  idealMismatches: number;
  /** jung2022 tile: mean |count − exact count|, and the fraction of ±1 dot products whose sign flipped. */
  meanAbsCountError: number;
  signFlips: number;
  energyPerMacJ: number | null;
}

/** The default options (`node examples/run.mjs` refuses an option not named here). */
export const defaults: Required<ArrayInferenceOptions> = { vectors: 200, seed: 1 };

const ROWS = 64,
  COLS = 64;

/** XNOR matches of x (±1) with column j of w (±1): the ±1 dot product is 2·matches − rows. */
function exactMatches(x: Float64Array, w: Float64Array, batch: number): Float64Array {
  const out = new Float64Array(batch * COLS);
  for (let b = 0; b < batch; b++)
    for (let j = 0; j < COLS; j++) {
      let m = 0;
      for (let i = 0; i < ROWS; i++) if (x[b * ROWS + i] > 0 === w[i * COLS + j] > 0) m++;
      out[b * COLS + j] = m;
    }
  return out;
}

/** A programmed tile of the array model, its cells `mram/stt` (jung2022), ideal or as the preset says. */
function tile(weights: Float64Array, ideal: boolean, seed: number): ArrayTile {
  const array = getModel('cim/crossbar', 'array');
  const cell = getModel('mram/stt', 'synapse');
  const deviceParams: ParamValues = resolveModelParams(cell, 'jung2022', ideal ? cell.ideal : {});
  const params = resolveModelParams(array, 'jung2022', ideal ? array.ideal : {});
  return array.createTile({ rows: ROWS, cols: COLS, weights, device: 'mram/stt', deviceParams, rng: new Rng(seed, 3), path: 'example' }, params);
}

export function main(options: ArrayInferenceOptions = {}): ArrayInferenceResult {
  const o = { ...defaults, ...options };
  const rng = new Rng(o.seed);
  const sign = () => (rng.uniform() < 0.5 ? -1 : 1);
  const w = Float64Array.from({ length: ROWS * COLS }, sign);
  const x = Float64Array.from({ length: o.vectors * ROWS }, sign);
  const exact = exactMatches(x, w, o.vectors);

  const run = (t: ArrayTile) => {
    const out = new Float64Array(o.vectors * COLS);
    t.mac(o.vectors, x, out);
    return out;
  };
  const ideal = run(tile(w, true, o.seed));
  const real = tile(w, false, o.seed);
  const noisy = run(real);

  let idealMismatches = 0,
    absErr = 0,
    flips = 0;
  for (let k = 0; k < exact.length; k++) {
    if (ideal[k] !== exact[k]) idealMismatches++;
    absErr += Math.abs(noisy[k] - exact[k]);
    const dotExact = 2 * exact[k] - ROWS,
      dotNoisy = 2 * noisy[k] - ROWS;
    if (dotExact !== 0 && Math.sign(dotNoisy) !== Math.sign(dotExact)) flips++;
  }
  const cost = (real as ArrayTile & { cost?: () => { energyPerMacJ: number } }).cost?.();
  return {
    rows: ROWS,
    cols: COLS,
    vectors: o.vectors,
    idealMismatches,
    meanAbsCountError: absErr / exact.length,
    signFlips: flips / exact.length,
    energyPerMacJ: cost ? cost.energyPerMacJ : null,
  };
}

export function report(r: ArrayInferenceResult): string {
  return [
    `${r.rows} × ${r.cols} STT-MRAM XNOR tile (cim/crossbar jung2022), ${r.vectors} input vectors`,
    `  ideal tile: ${r.idealMismatches} outputs differ from the exact count`,
    `  jung2022 tile: mean |count error| ${r.meanAbsCountError.toFixed(3)}, sign flips ${(100 * r.signFlips).toFixed(2)} % of outputs`,
    `  energy per MAC ${r.energyPerMacJ === null ? 'n/a' : formatQuantity(r.energyPerMacJ, 'J')}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(report(main()));
