/**
 * dw/notched: a requested change past the end of the weight range is the change to that end, in
 * at most (notches − 1) pulses — an STDP amplitude far above a tiny wMax once asked for 10⁷ pulses.
 */
import { describe, expect, it } from 'vitest';
import { EnergyLedger, Rng, getModel, resolveModelParams } from '@spinsnn/core';
import { DwNotchedStore, standaloneContext } from '@spinsnn/backends';

function store(wMax: number): DwNotchedStore {
  const model = getModel('dw/notched', 'synapse');
  const params = resolveModelParams(model, undefined, undefined, 'test');
  const ctx = standaloneContext({ size: 1, rng: new Rng(1), ledger: new EnergyLedger(), wMin: 0, wMax, initialWeights: new Float64Array([0]) });
  return new DwNotchedStore(ctx, params);
}

describe('dw/notched requestChange beyond the range', () => {
  it('sends at most notches − 1 pulses and ends inside [wMin, wMax], whatever the request', () => {
    const s = store(8e-10);
    const steps = s.levels - 1;
    s.requestChange(0, 0.01, 0); // 1.25e7 times the whole range
    expect(s.last.pulses).toBeLessThanOrEqual(steps);
    expect(s.weights[0]).toBeGreaterThan(0);
    expect(s.weights[0]).toBeLessThanOrEqual(8e-10);
    s.requestChange(0, -1, 1e-3);
    expect(s.last.pulses).toBeLessThanOrEqual(steps);
    expect(s.weights[0]).toBeGreaterThanOrEqual(0);
  });

  it('a request inside the range still asks for round(Δw / step) pulses', () => {
    const s = store(1);
    const steps = s.levels - 1;
    s.requestChange(0, 2 / steps, 0);
    expect(s.last.pulses).toBe(2);
  });
});
