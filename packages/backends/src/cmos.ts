/**
 * CMOS comparison prices, Horowitz 45 nm (docs/physics.md §7): what a digital p-bit costs next to
 * a device one. The synaptic sum is the same in both designs and is priced separately.
 */
import { pJ } from '@spinsnn/core';

/**
 * One digital p-bit update: a 32-bit PRNG draw (xoshiro128**: ~10 32-bit integer ops at 0.1 pJ)
 * plus a sigmoid lookup and compare (one SRAM read of a 16-bit entry at 0.16 pJ/bit).
 */
export const CMOS_PBIT_UPDATE_J = 10 * 0.1 * pJ + 16 * 0.16 * pJ;

/** One INT8 multiply-accumulate (8-bit multiply + 32-bit add) [D]. */
export const CMOS_INT8_MAC_J = 0.3 * pJ;
