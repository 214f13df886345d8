import { EnergyLedger, Rng, SpecError, getModel, type ParamValues } from '@spinsnn/core';
import { standaloneContext } from '../store-base.js';
import type { DeviceSynapseStore } from '../types.js';

/**
 * Spintronic PUF from the device-to-device spread of an MRAM array (docs/cim.md §4; the
 * TSMC/NTHU nvCIM macro, Nat. Electron. 2023, reports inter-chip HD 0.4999, intra-chip HD 0).
 * A chip is one seeded draw of the device's cell resistances, all cells in the same state.
 * A challenge is a seed selecting `bits` disjoint cell pairs (a, b); response bit k is
 * R_a > R_b. A re-read sees R·(1 + α_cell (T − T0))·(1 + σ_read ξ), α_cell a per-cell
 * temperature coefficient; majority voting over `votes` reads stabilises each bit, and
 * optionally pairs whose enrolled relative difference is below `maskMargin` are masked out
 * (helper data stored at enrolment).
 */
export interface PufOptions {
  /** Registered device id and its resolved parameters (its d2d spread is the entropy source). */
  readonly device: string;
  readonly deviceParams: ParamValues;
  /** Cells per chip. */
  readonly cells: number;
  /** Response bits per challenge (2·bits ≤ cells). */
  readonly bits: number;
  readonly chips: number;
  readonly challenges: number;
  /** Relative read-noise σ per read. */
  readonly readNoise: number;
  /** Mean and cell-to-cell σ of the relative temperature coefficient (1/K). */
  readonly tempCoeff: number;
  readonly tempCoeffSpread: number;
  /** Enrolment temperature and the re-read temperatures (K). */
  readonly t0: number;
  readonly temperatures: readonly number[];
  /** Re-reads per temperature (each a fresh majority vote). */
  readonly rereads: number;
  /** Reads per majority vote (odd). */
  readonly votes: number;
  /** Mask pairs with |R_a − R_b|/R̄ below this at enrolment (0 = no masking). */
  readonly maskMargin: number;
  readonly seed: number;
}

/** PUF quality figures (fractions; ideal uniformity 0.5, uniqueness 0.5, reliability 1). */
export interface PufReport {
  /** Mean fraction of 1s in a response, its σ over chips × challenges and the standard error of the mean. */
  uniformity: { mean: number; sd: number; sem: number };
  /** Mean pairwise inter-chip Hamming distance (fraction of bits), its σ over chip pairs and the standard error of the mean. */
  uniqueness: { mean: number; sd: number; sem: number };
  /** 1 − mean intra-chip HD between enrolled and re-read responses: single reads, majority vote, vote + mask. */
  reliability: { singleRead: number; majorityVote: number; voteAndMask: number };
  /** Worst intra-chip HD at any temperature (vote + mask). */
  worstIntraHd: number;
  /** Fraction of bits kept after masking. */
  keptFraction: number;
  bitsCompared: number;
}

/** Runs the PUF evaluation (pure compute, seeded). */
export function evaluatePuf(o: PufOptions): PufReport {
  if (2 * o.bits > o.cells) throw new SpecError('bits', `at most cells/2 = ${Math.floor(o.cells / 2)} response bits (disjoint pairs)`, o.bits);
  if (o.votes % 2 === 0) throw new SpecError('votes', 'an odd number of reads per majority vote', o.votes);
  const model = getModel(o.device, 'synapse');
  const root = new Rng(o.seed, 0x9f0f);
  const chips: { r: Float64Array; alpha: Float64Array }[] = [];
  for (let c = 0; c < o.chips; c++) {
    const rng = root.fork(c + 1);
    const init = new Float64Array(o.cells).fill(1);
    const store = model.createStore(
      standaloneContext({ size: o.cells, rng: rng.fork(1), ledger: new EnergyLedger(), initialWeights: init }),
      o.deviceParams,
    ) as DeviceSynapseStore;
    const r = new Float64Array(o.cells);
    const alpha = new Float64Array(o.cells);
    const tr = rng.fork(2);
    for (let s = 0; s < o.cells; s++) {
      r[s] = 1 / store.conductance(s);
      alpha[s] = o.tempCoeff + o.tempCoeffSpread * tr.normal();
    }
    chips.push({ r, alpha });
  }
  const noise = root.fork(0x7ead);
  const pairA = new Int32Array(o.bits),
    pairB = new Int32Array(o.bits);
  const perm = new Int32Array(o.cells);
  const read = (chip: { r: Float64Array; alpha: Float64Array }, s: number, T: number) =>
    chip.r[s] * (1 + chip.alpha[s] * (T - o.t0)) * (1 + o.readNoise * noise.normal());
  const respond = (chip: { r: Float64Array; alpha: Float64Array }, T: number, votes: number, out: Uint8Array) => {
    for (let k = 0; k < o.bits; k++) {
      let ones = 0;
      for (let v = 0; v < votes; v++) if (read(chip, pairA[k], T) > read(chip, pairB[k], T)) ones++;
      out[k] = 2 * ones > votes ? 1 : 0;
    }
  };
  const ones: number[] = [];
  const inter: number[] = [];
  let single = 0,
    voted = 0,
    masked = 0,
    singleN = 0,
    votedN = 0,
    maskedN = 0,
    kept = 0,
    total = 0,
    worst = 0;
  const enrolled = chips.map(() => new Uint8Array(o.bits));
  const enrolReads = 4 * o.votes + 1;
  const rr = new Uint8Array(o.bits);
  const mask = new Uint8Array(o.bits);
  for (let ch = 0; ch < o.challenges; ch++) {
    const crng = new Rng(o.seed + 7919 * (ch + 1), 0xc4a1);
    for (let s = 0; s < o.cells; s++) perm[s] = s;
    crng.shuffle(perm);
    for (let k = 0; k < o.bits; k++) {
      pairA[k] = perm[2 * k];
      pairB[k] = perm[2 * k + 1];
    }
    for (let c = 0; c < o.chips; c++) {
      // enrolment: the noiseless ordering is not known to the verifier; enrol with a long majority vote
      respond(chips[c], o.t0, enrolReads, enrolled[c]);
      let n1 = 0;
      for (let k = 0; k < o.bits; k++) n1 += enrolled[c][k];
      ones.push(n1 / o.bits);
      const ch0 = chips[c];
      for (let k = 0; k < o.bits; k++) {
        // helper data from the enrolment reads: the mean of the long vote's reads of both cells
        let ra = 0,
          rb = 0;
        for (let v = 0; v < enrolReads; v++) {
          ra += read(ch0, pairA[k], o.t0);
          rb += read(ch0, pairB[k], o.t0);
        }
        mask[k] = Math.abs(ra - rb) / (0.5 * (ra + rb)) >= o.maskMargin ? 1 : 0;
        kept += mask[k];
        total++;
      }
      for (const T of o.temperatures) {
        for (let rep = 0; rep < o.rereads; rep++) {
          respond(chips[c], T, 1, rr);
          for (let k = 0; k < o.bits; k++) single += rr[k] !== enrolled[c][k] ? 1 : 0;
          singleN += o.bits;
          respond(chips[c], T, o.votes, rr);
          let dm = 0,
            nm = 0;
          for (let k = 0; k < o.bits; k++) {
            const d = rr[k] !== enrolled[c][k] ? 1 : 0;
            voted += d;
            if (mask[k]) {
              dm += d;
              nm++;
            }
          }
          votedN += o.bits;
          masked += dm;
          maskedN += nm;
          if (nm > 0) worst = Math.max(worst, dm / nm);
        }
      }
    }
    for (let a = 0; a < o.chips; a++)
      for (let b = a + 1; b < o.chips; b++) {
        let d = 0;
        for (let k = 0; k < o.bits; k++) d += enrolled[a][k] !== enrolled[b][k] ? 1 : 0;
        inter.push(d / o.bits);
      }
  }
  const stats = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.length > 1 ? xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) : 0;
    return { mean: m, sd: Math.sqrt(v), sem: Math.sqrt(v / xs.length) };
  };
  return {
    uniformity: stats(ones),
    uniqueness: stats(inter),
    reliability: { singleRead: 1 - single / singleN, majorityVote: 1 - voted / votedN, voteAndMask: maskedN ? 1 - masked / maskedN : 1 },
    worstIntraHd: worst,
    keptFraction: kept / total,
    bitsCompared: maskedN,
  };
}
