/**
 * In-memory-computing arrays (docs/cim.md): the `cim/crossbar` array model — tiles of cells of
 * any registered synapse device, differential or XNOR pairs, current-sum or resistance-sum MAC,
 * ADC/DAC, sense offset, IR drop, programming errors, read noise and read disturb.
 */
import { registerBackend, registerModel, type ArrayModel } from '@spinsnn/core';
import { CROSSBAR_PARAMS, CimTile, ENC_XNOR, MAC_RESISTANCE, MAC_CURRENT, ENC_DIFFERENTIAL } from './tile.js';

registerBackend({
  name: 'cim',
  description: 'in-memory-computing arrays: crossbar tiles of any synapse device, current- or resistance-sum MAC, ADC, IR drop, faults',
});

/** The registered `cim/crossbar` array model. */
export const crossbarModel: ArrayModel = {
  id: 'cim/crossbar',
  kind: 'array',
  description:
    'crossbar tile of R × C cells of a registered synapse device: differential or XNOR pairs, current or resistance sum, ADC, IR drop, faults, read noise',
  params: CROSSBAR_PARAMS,
  presets: [
    {
      name: 'jung2022',
      description:
        'Samsung 64 × 64 STT-MRAM resistance-sum array with XNOR pairs; the array size and scheme are [V abstract], the periphery values (ADC bits, window, sense offset, read noise) are assumptions [U]; the 5-bit ADC was chosen after comparing 4 and 5 bits against the published accuracy (docs/cim.md §6)',
      source: 'Jung et al., Nature 601, 211 (2022), doi 10.1038/s41586-021-04196-6 (docs/cim.md §1, §5)',
      params: { rows: 64, cols: 64, encoding: ENC_XNOR, mac: MAC_RESISTANCE, adcBits: 5, adcRange: 1, saOffset: 0.5, readNoise: 0.01, wireResistance: 1 },
    },
    {
      name: 'lan2023',
      description: 'field-free PtW SOT XNOR pairs (complementary devices) for binary networks, read by current sum; periphery values assumed [U]',
      source: 'Lan et al., APL 122, 2023, doi 10.1063/5.0145497 (docs/cim.md §1)',
      params: { rows: 64, cols: 64, encoding: ENC_XNOR, mac: MAC_CURRENT, adcBits: 6, adcRange: 1, readNoise: 0 },
    },
    {
      name: 'compound2024',
      description:
        'multi-MTJ (compound) SOT weights as differential pairs, current sum; pair with sot/multilevel preset compound4-acsami2024; periphery values assumed [U]',
      source: 'ACS AMI 16, 10335 (2024), doi 10.1021/acsami.3c17195 (docs/cim.md §1)',
      params: { rows: 64, cols: 64, encoding: ENC_DIFFERENTIAL, mac: MAC_CURRENT, adcBits: 8, adcRange: 0.5, dacBits: 4 },
    },
  ],
  ideal: { adcBits: 0, saOffset: 0, dacBits: 0, readNoise: 0, wireResistance: 0, stuckAtLow: 0, stuckAtHigh: 0, adcOffset: 0 },
  createTile: (ctx, params) => new CimTile(ctx, params),
};

registerModel(crossbarModel);
