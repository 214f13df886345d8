import { describe, expect, it } from 'vitest';
import { ParamError, SpecError, SpinsnnError, backendOf, getModel, registerModel, registeredModels, resolveModelParams } from '@spinsnn/core';
import { LlgUnavailableError, characteriseDevice } from '@spinsnn/backends';

describe('device registry', () => {
  it('every model declares units, defaults inside their ranges, and presets that resolve', () => {
    for (const m of registeredModels()) {
      for (const p of m.params) {
        expect(p.unit.length).toBeGreaterThan(0);
        expect(() => resolveModelParams(m, undefined, {})).not.toThrow();
      }
      for (const pr of m.presets ?? []) {
        expect(pr.source.length).toBeGreaterThan(0);
        const v = resolveModelParams(m, pr.name, {});
        for (const [k, x] of Object.entries(pr.params)) expect(v[k]).toBe(x);
      }
    }
  });

  it('resolves defaults < preset < user values', () => {
    const m = getModel('sot/multilevel');
    expect(resolveModelParams(m, undefined, {}).states).toBe(11);
    expect(resolveModelParams(m, 'compound4-acsami2024', {}).states).toBe(5);
    expect(resolveModelParams(m, 'compound4-acsami2024', { states: 7 }).states).toBe(7);
  });

  it('an out-of-range value is a typed error naming the parameter, its unit and its range', () => {
    const m = getModel('sot/multilevel');
    let err: unknown;
    try {
      resolveModelParams(m, undefined, { readVoltage: -0.1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParamError);
    expect(err).toBeInstanceOf(SpecError);
    const e = err as ParamError;
    expect(e.param).toBe('readVoltage');
    expect(e.unit).toBe('V');
    expect(e.message).toContain('readVoltage');
    expect(e.message).toContain('(0 V, 5 V]');
    expect(e.message).toContain('unit V');
    expect(() => resolveModelParams(m, undefined, { states: 2.5 })).toThrow(/whole number/);
  });

  it('unknown parameters, presets and models are typed errors listing what exists', () => {
    const m = getModel('sot/binary');
    expect(() => resolveModelParams(m, undefined, { tmR: 1 })).toThrow(/one of the parameters of sot\/binary/);
    expect(() => resolveModelParams(m, 'nope', {})).toThrow(/li2023-joule/);
    expect(() => getModel('sot/nope')).toThrow(SpecError);
  });

  it('characterise returns { model, preset, params, curves } with finite points and units', () => {
    for (const m of registeredModels().filter((x) => ['ideal', 'sot', 'mram', 'dw'].includes(backendOf(x.id)))) {
      const c = characteriseDevice(m.id, { seed: 2 });
      expect(c.model).toBe(m.id);
      expect(c.preset).toBeNull();
      expect(c.curves.length).toBeGreaterThan(0);
      for (const cv of c.curves) {
        expect(cv.xUnit.length * cv.yUnit.length).toBeGreaterThan(0);
        for (const [x, y] of cv.points) expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
      }
    }
  });

  it('--llg on a model without LLG calibration is a clear typed error', () => {
    expect(() => characteriseDevice('sot/multilevel', { llg: true })).toThrow(LlgUnavailableError);
    expect(() => characteriseDevice('mram/stt', { llg: true })).toThrow(/no macrospin-LLG calibration/);
  });

  it('a preset naming an undeclared parameter is refused at registration', () => {
    expect(() =>
      registerModel({
        id: 'test/bad',
        kind: 'cell',
        description: '',
        params: [],
        presets: [{ name: 'p', description: '', source: 's', params: { ghost: 1 } }],
        characterise: () => [],
      }),
    ).toThrow(SpinsnnError);
  });
});
