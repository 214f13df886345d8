import { describe, expect, it } from 'vitest';
import { EnergyLedger, Rng, fJ, pJ, getModel, resolveModelParams } from '@spinsnn/core';
import { CMOS_45NM_PRICES, IdealFloatStore, SotBinaryStore, readEnergy, standaloneContext } from '@spinsnn/backends';

// Energy figures against docs/physics.md §7 (Horowitz 45 nm; device-only MTJ read example; SOT STDP bound)
describe('energy per operation', () => {
  it('MTJ device-only read: (0.1 V)²/5 kΩ × 5 ns = 10 fJ (docs/physics.md §7 example)', () => {
    const p = resolveModelParams(getModel('sot/multilevel'), undefined, { tmr: 1e-9 }); // R_AP ≈ R_P = 5 kΩ
    expect(readEnergy(p) / (10 * fJ)).toBeCloseTo(1, 6);
  });

  it('CMOS prices: FP32 MAC 4.6 pJ per neuron update; synaptic event = 32-bit SRAM read (≈ 5 pJ) + FP32 add', () => {
    expect(CMOS_45NM_PRICES.neuronUpdate / pJ).toBeCloseTo(4.6, 9);
    // 10 pJ per 64-bit 8 KB SRAM read → 0.156 pJ/bit [D]; ×32 + 0.9 pJ
    expect(CMOS_45NM_PRICES.synapticEvent / pJ).toBeCloseTo(32 * 0.156 + 0.9, 9);
    const ledger = new EnergyLedger();
    const store = new IdealFloatStore(
      standaloneContext({ size: 4, rng: new Rng(1), ledger }),
      resolveModelParams(getModel('ideal/float'), 'horowitz45-fp32', {}),
    );
    expect(store.readEnergyJ).toBeCloseTo(CMOS_45NM_PRICES.synapticEvent, 25);
    store.requestChange(0, 0.1, 0);
    expect(ledger.priced().find((r) => r.op === 'write')!.energyJ).toBeCloseTo(CMOS_45NM_PRICES.write, 25);
  });

  it('an SOT STDP event (one nominal write pulse + one read) stays within the 2 pJ of Sengupta et al. (arXiv 1412.6548)', () => {
    const p = resolveModelParams(getModel('sot/binary'), undefined, {});
    const store = new SotBinaryStore(standaloneContext({ size: 1, rng: new Rng(1), ledger: new EnergyLedger() }), p);
    store.applyPulse(0, store.nominalPulse, 0);
    const e = store.last.energyJ + store.readEnergyJ;
    expect(store.last.energyJ).toBeCloseTo(p.writeCurrent ** 2 * p.channelResistance * p.writeWidth, 25);
    expect(e).toBeLessThanOrEqual(2 * pJ);
  });
});
