/**
 * CMOS reference energies, Horowitz (ISSCC 2014) at 45 nm (docs/physics.md §7): the one place
 * spinsnn writes them. The ideal float synapse (`ideal/float`), the ledger's CMOS price table,
 * the CMOS side of every device-vs-CMOS energy comparison and the digital p-bit all derive from
 * these primitives.
 */
import { pJ, type PriceTable } from '@spinsnn/core';

/** FP32 add. */
export const FP32_ADD_J = 0.9 * pJ;
/** FP32 multiply. */
export const FP32_MULT_J = 3.7 * pJ;
/** 32-bit integer add (a xoshiro step is ~10 of them). */
export const INT32_OP_J = 0.1 * pJ;
/** SRAM access per bit of a 64-bit word in a large array [D: 10 pJ / 64 bit]. */
export const SRAM_PER_BIT_J = 0.156 * pJ;
/** SRAM read per bit of a small lookup table [D]. */
export const SRAM_TABLE_PER_BIT_J = 0.16 * pJ;

/**
 * One digital p-bit update: a 32-bit PRNG draw (xoshiro128**: ~10 32-bit integer ops) plus a
 * sigmoid lookup and compare (one SRAM read of a 16-bit entry). The synaptic sum is the same in
 * device and CMOS designs and is priced separately.
 */
export const CMOS_PBIT_UPDATE_J = 10 * INT32_OP_J + 16 * SRAM_TABLE_PER_BIT_J;

/** One INT8 multiply-accumulate (8-bit multiply + 32-bit add) [D]. */
export const CMOS_INT8_MAC_J = 0.3 * pJ;

/**
 * Ledger prices for a CMOS (45 nm, FP32) run, for `ledger.priced(CMOS_45NM_PRICES)` on networks
 * whose ops no device priced: a synaptic event = 32-bit SRAM read + FP32 add; a neuron update =
 * one FP32 multiply-add (exact-propagator LIF step) [D]; a weight write = read + add + write.
 */
export const CMOS_45NM_PRICES: PriceTable = {
  synapticEvent: 32 * SRAM_PER_BIT_J + FP32_ADD_J,
  neuronUpdate: FP32_MULT_J + FP32_ADD_J,
  write: 2 * 32 * SRAM_PER_BIT_J + FP32_ADD_J,
};
