import { describe, expect, it } from 'vitest';
import { SpecError } from '@spinsnn/core';
import { CMOS_INT8_MAC_J, CMOS_PBIT_UPDATE_J, energyPerFlip, pbitParams } from '@spinsnn/backends';
import { energyEstimate, isSemiprime, quantile, runsFor99, semiprimes, tts99 } from '@spinsnn/learning';

describe('Ising run statistics (closed forms)', () => {
  it('TTS99 = t · ln(0.01)/ln(1 − p), divided by the restarts run at once', () => {
    for (const p of [0.01, 0.1, 0.5, 0.9]) {
      expect(runsFor99(p)).toBeCloseTo(Math.log(0.01) / Math.log(1 - p), 12);
      expect(tts99(2.5, p)).toBeCloseTo((2.5 * Math.log(0.01)) / Math.log(1 - p), 12);
      expect(tts99(2.5, p, 4)).toBeCloseTo((2.5 * Math.log(0.01)) / Math.log(1 - p) / 4, 12);
    }
    // p = 0.5: ln 100 / ln 2 = 6.64 restarts
    expect(runsFor99(0.5)).toBeCloseTo(6.643856189774724, 12);
    // one run suffices at p ≥ 0.99; no hit gives no estimate
    expect(runsFor99(0.99)).toBe(1);
    expect(runsFor99(1)).toBe(1);
    expect(tts99(3, 1)).toBe(3);
    expect(runsFor99(0)).toBeNull();
    expect(tts99(3, 0)).toBeNull();
    expect(() => runsFor99(1.5)).toThrow(SpecError);
    expect(() => tts99(-1, 0.5)).toThrow(SpecError);
    expect(() => tts99(1, 0.5, 0)).toThrow(SpecError);
  });

  it('quantile takes the element at ⌊q·n⌋ of the sorted values', () => {
    const v = [1, 2, 3, 4, 5];
    expect(quantile(v, 0)).toBe(1);
    expect(quantile(v, 0.5)).toBe(3);
    expect(quantile(v, 0.99)).toBe(5);
    expect(quantile(v, 1)).toBe(5);
    expect(quantile([7, 9], 0.5)).toBe(9);
    expect(() => quantile([], 0.5)).toThrow(SpecError);
    expect(() => quantile(v, 2)).toThrow(SpecError);
  });

  it('semiprimes: products of exactly two primes', () => {
    expect(semiprimes(4, 30)).toEqual([4, 6, 9, 10, 14, 15, 21, 22, 25, 26]);
    expect(semiprimes(1, 945).length).toBe(283); // as Borders et al. 2019 counted up to 945
    expect(isSemiprime(7 * 23)).toBe(true);
    expect(isSemiprime(8)).toBe(false);
    expect(isSemiprime(97)).toBe(false);
    expect(isSemiprime(1)).toBe(false);
  });

  it('energy per solution: updates × per-flip energy (device) or CMOS update price, plus the same synaptic MACs', () => {
    const p = pbitParams('soumah2024');
    const e = energyEstimate(1000, 4, p);
    expect(e.energyPerFlipJ).toBe(energyPerFlip(p));
    expect(e.pbitNeuronJ).toBeCloseTo(1000 * energyPerFlip(p), 25);
    expect(e.cmosNeuronJ).toBeCloseTo(1000 * CMOS_PBIT_UPDATE_J, 25);
    expect(e.synapseJ).toBeCloseTo(4000 * CMOS_INT8_MAC_J, 25);
    expect(e.pbitTotalJ).toBeCloseTo(e.pbitNeuronJ + e.synapseJ, 25);
    expect(e.cmosTotalJ).toBeCloseTo(e.cmosNeuronJ + e.synapseJ, 25);
    expect(CMOS_PBIT_UPDATE_J).toBeCloseTo(3.56e-12, 20); // 10 × 0.1 pJ + 16 × 0.16 pJ
  });
});
