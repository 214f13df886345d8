/**
 * The examples in examples/ run, at tiny sizes, and show what their tutorials say they show
 * (docs/examples/*.md). They import only the public packages; this file checks that too.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { main as networkFromSpec } from '../examples/network-from-spec.ts';
import { main as stdpOnSot } from '../examples/stdp-on-sot.ts';
import { main as customDevice } from '../examples/custom-device.ts';
import { main as pbitSampling } from '../examples/pbit-sampling.ts';
import { main as stnoReservoir } from '../examples/stno-reservoir.ts';
import { main as deployOnDevices } from '../examples/deploy-on-devices.ts';
import { main as arrayInference } from '../examples/array-inference.ts';

const EXAMPLES = ['network-from-spec', 'stdp-on-sot', 'custom-device', 'pbit-sampling', 'stno-reservoir', 'deploy-on-devices', 'array-inference'];

describe('examples', () => {
  it('import only the public API (@spinsnn/<package>, no /internal, no paths into packages/) and each has a tutorial', () => {
    const dir = new URL('../examples/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.map((f) => f.slice(0, -3)).sort()).toEqual([...EXAMPLES].sort());
    for (const f of files) {
      const src = readFileSync(new URL(f, dir), 'utf8');
      const specifiers = [...src.matchAll(/^\s*(?:import|export)[^'";]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2]);
      expect(specifiers.length, f).toBeGreaterThan(0);
      for (const s of specifiers) expect(s, `${f} imports ${s}`).toMatch(/^(@spinsnn\/(core|backends|datasets|learning)|node:[a-z/]+)$/);
      expect(readFileSync(new URL(`../docs/examples/${f.slice(0, -3)}.md`, import.meta.url), 'utf8')).toContain(`examples/${f}`);
    }
  });

  it('network-from-spec: the JSON network fires, the rate monitor agrees with the spike count, the snapshot continues bit for bit', () => {
    const r = networkFromSpec({ neurons: 200, duration: 0.1 });
    expect(r.continuedBitForBit).toBe(true);
    expect(r.spikes.exc).toBeGreaterThan(0);
    expect(r.spikes.inh).toBeGreaterThan(0);
    expect(r.meanRateHz.exc).toBeGreaterThan(1);
    expect(r.meanRateHz.exc).toBeLessThan(100);
    expect(r.excRateBinsHz).toHaveLength(10); // 100 ms in 10 ms bins
    // the rate monitor's bins hold the same spikes the spike monitor counted
    const mean = r.excRateBinsHz.reduce((s, x) => s + x, 0) / r.excRateBinsHz.length;
    expect(mean).toBeCloseTo(r.meanRateHz.exc, 9);
    expect(r.vSamples).toBe(100);
  });

  it('stdp-on-sot: the correlated inputs potentiate, the independent ones do not; the device writes cost less than CMOS', () => {
    const r = stdpOnSot({ duration: 4, outputs: 2 });
    expect(r.t).toHaveLength(5);
    const dCorr = r.correlated.at(-1)! - r.correlated[0];
    const dInd = r.independent.at(-1)! - r.independent[0];
    expect(r.outputSpikes).toBeGreaterThan(0);
    expect(dCorr).toBeGreaterThan(0.02); // 1/5 of a level per synapse on average, over 40 synapses … at least
    expect(dCorr).toBeGreaterThan(dInd + 0.02);
    expect(r.devicePulses).toBeGreaterThan(0);
    const write = r.energy.rows.find((x) => x.op === 'write')!;
    expect(write.deviceJ).toBeGreaterThan(0);
    expect(write.deviceJ).toBeLessThan(write.cmosJ);
  });

  it('custom-device: the TypeScript skyrmion synapse is registered, used from a spec, learns on its levels, is priced and snapshotted', () => {
    const r = customDevice({ duration: 0.2 });
    expect(r.model).toEqual({ id: 'example/skyrmion', kind: 'synapse', levels: 11 });
    expect(r.pAtDepinning).toBeCloseTo(0.5, 12);
    expect(r.pNominal).toBeGreaterThan(0.99);
    expect(r.outputSpikes).toBeGreaterThan(0);
    expect(r.changed).toBeGreaterThan(0);
    expect(r.onLevels).toBe(true);
    expect(r.writes.energyJ).toBeCloseTo(r.writes.count * 50e-15, 20);
    expect(r.reads.energyJ).toBeCloseTo(r.reads.count * 5e-15, 20);
    expect(r.snapshotContinues).toBe(true);
  });

  it('pbit-sampling: the p-bit histogram is within sampling noise of the exact Boltzmann distribution', () => {
    const r = pbitSampling({ sweeps: 5000, telegraphTime: 20e-6 });
    expect(r.states).toBe(32);
    // correlated samples: allow 3 × the independent-sample expectation (measured ratio ≈ 1 ± 0.2 over seeds)
    expect(r.tv).toBeLessThan(3 * r.tvNoise);
    // the ground states are the 5 with one frustrated bond whose spin 0 follows its bias (all equal)
    for (const t of r.top.slice(0, 5)) expect(t.exact).toBeCloseTo(r.top[0].exact, 12);
    // at a lower temperature too (β = 2: the ground states hold 3/4 of the weight)
    const cold = pbitSampling({ sweeps: 5000, beta: 2, seed: 2, telegraphTime: 0 });
    expect(cold.tv).toBeLessThan(3 * cold.tvNoise);
    // the clockless telegraph p-bits in a network sample it too; device spread moves them off it
    const t = r.telegraph!;
    expect(t.flips).toBeGreaterThan(10_000);
    expect(t.tvIdeal).toBeLessThan(3 * t.tvNoise);
    expect(t.tvSpread).toBeGreaterThan(t.tvIdeal);
    expect(t.energyJ).toBeGreaterThan(0);
  });

  it('stno-reservoir: the oscillator readout beats chance and the raw-input readout by a margin', () => {
    const r = stnoReservoir({ periods: 40 });
    expect(r.points).toEqual({ train: 192, test: 128 });
    expect(r.reservoir.test).toBeGreaterThan(0.75);
    expect(r.reservoir.test).toBeGreaterThan(r.inputOnly.test + 0.15);
  });

  it('deploy-on-devices: program-and-verify puts every weight within tolerance; the device network answers as the ideal one on most samples and costs less energy', () => {
    const r = deployOnDevices({ samples: 60, instances: 2 });
    expect(r.idealAccuracy).toBeGreaterThan(0.9); // 10 % pixel noise on three distinct patterns
    for (const d of r.device) {
      expect(d.withinTolerance).toBe(1);
      expect(d.agreementWithIdeal).toBeGreaterThan(0.9);
      expect(d.energyPerInferenceJ).toBeGreaterThan(0);
      expect(d.energyPerInferenceJ).toBeLessThan(r.idealEnergyPerInferenceJ);
    }
    // deterministic: the same seed gives the same result
    expect(deployOnDevices({ samples: 60, instances: 2 })).toEqual(r);
  });

  it('array-inference: the ideal tile counts exactly; the jung2022 tile errs by a fraction of a count and flips few signs', () => {
    const r = arrayInference({ vectors: 50 });
    expect(r.idealMismatches).toBe(0);
    expect(r.meanAbsCountError).toBeGreaterThan(0);
    expect(r.meanAbsCountError).toBeLessThan(2);
    expect(r.signFlips).toBeLessThan(0.05);
    expect(r.energyPerMacJ).toBeGreaterThan(0);
  });
});
