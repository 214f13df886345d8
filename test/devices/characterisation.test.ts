import { describe, expect, it } from 'vitest';
import { EnergyLedger, Network, Rng, mV, ms, type NetworkSpec, getModel, resolveModelParams } from '@spinsnn/core';
import { SotBinaryStore, characteriseDevice, standaloneContext, switchingProbability, timingPulse, type Curve } from '@spinsnn/backends';

const find = (cs: Curve[], name: string) => {
  const c = cs.find((x) => x.name === name);
  if (!c) throw new Error(`no curve ${name} in ${cs.map((x) => x.name).join(', ')}`);
  return c;
};

describe('characterisations match their closed forms', () => {
  it('sot/multilevel without variation: the ensemble mean is the NeuroSim curve, the band has zero width', () => {
    const c = characteriseDevice('sot/multilevel', { preset: 'neurosim-realdevice', params: { c2c: 0 }, seed: 3 });
    const mean = find(c.curves, 'conductance-vs-pulse (mean)').points;
    const closed = find(c.curves, 'conductance-vs-pulse (closed form, NeuroSim)').points;
    const lo = find(c.curves, 'conductance-vs-pulse (mean − σ)').points;
    expect(mean.length).toBe(closed.length);
    // nominal pulses switch with P = 1 (precessional regime), so every device follows the curve;
    // only float rounding of the position inversion remains (≤ 1e-9 of the 9.5 µS range)
    for (let k = 0; k < mean.length; k++) {
      expect(Math.abs(mean[k][1] - closed[k][1])).toBeLessThan(1e-14);
      expect(Math.abs(mean[k][1] - lo[k][1])).toBeLessThan(1e-14);
    }
  });

  it('sot/multilevel with 2 % C2C (hsin2025): the band grows like 0.02·ΔG·√pulses until the ends clip it', () => {
    const c = characteriseDevice('sot/multilevel', { preset: 'hsin2025', seed: 4 });
    const mean = find(c.curves, 'conductance-vs-pulse (mean)').points;
    const hi = find(c.curves, 'conductance-vs-pulse (mean + σ)').points;
    const p = c.params;
    const range = 1 / p.rP - 1 / p.rP / (1 + p.tmr);
    // after 1 pulse from Gmin the spread is the C2C σ of one pulse, half-clipped at Gmin … the
    // device is at level 1 of 10 (g = 0.1 ± 0.02), 5σ from the floor: no clipping. 200 devices:
    // the sample σ has a relative SE of 1/√400 = 5 %; 4 SE = 20 %
    const sd1 = hi[1][1] - mean[1][1];
    expect(Math.abs(sd1 / (0.02 * range) - 1)).toBeLessThan(0.2);
  });

  it('Monte-Carlo switching curves agree with the closed form (binomial, 4σ per point)', () => {
    for (const id of ['sot/binary', 'sot/multilevel', 'mram/stt', 'dw/notched']) {
      const c = characteriseDevice(id, { seed: 5 });
      for (const ns of [1, 10, 100]) {
        const closed = new Map(find(c.curves, `psw-vs-current@${ns}ns`).points.map(([x, y]) => [x, y]));
        const mc = c.curves.find((x) => x.name.startsWith(`psw-vs-current@${ns}ns (Monte Carlo`))!;
        const n = Number(/(\d+) pulses/.exec(mc.name)![1]);
        for (const [I, f] of mc.points) {
          const P = closed.get(I)!;
          expect(Math.abs(f - P)).toBeLessThanOrEqual(4 * Math.sqrt((P * (1 - P)) / n) + 1e-12);
        }
      }
    }
  });

  it('the I50 curve crosses P = ½ at every width', () => {
    const c = characteriseDevice('sot/binary', { seed: 1 });
    const m = getModel('sot/binary');
    const p = resolveModelParams(m, undefined, {});
    const sw = { delta: p.delta, ic0: p.ic0, tau0: p.tau0, exponent: p.exponent, tauD: p.tauD };
    for (const [tp, i50] of find(c.curves, 'i50-vs-width').points) expect(switchingProbability(sw, i50, tp)).toBeCloseTo(0.5, 9);
  });

  it('Joule-heating window: Monte Carlo through the store agrees with the closed form (binomial, 4σ)', () => {
    const c = characteriseDevice('sot/binary', { preset: 'li2023-joule', seed: 6 });
    const closed = new Map(find(c.curves, 'psw-vs-interval (Joule heating)').points.map(([x, y]) => [x, y]));
    const mc = c.curves.find((x) => x.name.startsWith('psw-vs-interval (Monte Carlo'))!;
    for (const [gap, f] of mc.points) {
      const P = closed.get(gap)!;
      expect(Math.abs(f - P)).toBeLessThanOrEqual(4 * Math.sqrt((P * (1 - P)) / 2000));
    }
  });

  it('mram/stt: the resistance-sum MAC tracks the count; the spread only adds noise', () => {
    const c = characteriseDevice('mram/stt', { params: { resistanceSpread: 0 }, seed: 1 });
    for (const [count, mac] of find(c.curves, 'mac-vs-count (resistance sum, 64-cell column)').points) expect(mac).toBeCloseTo(count, 9);
  });

  it('core/lif f–I curve matches a simulation of core’s lif neuron', () => {
    const c = characteriseDevice('core/lif', { seed: 1 });
    const pts = find(c.curves, 'rate-vs-drive').points;
    for (const [drive, rate] of [pts[12], pts[24], pts[40]]) {
      const spec = {
        seed: 1,
        populations: [{ name: 'n', size: 1, model: 'core/lif', params: { drive } }],
        monitors: [{ name: 'spikes', type: 'spikes', population: 'n' }],
      } as unknown as NetworkSpec;
      const net = new Network(spec);
      const T = 2;
      net.run(T);
      const count = net.spikeMonitors.get('spikes')!.count;
      // a periodic spike train has count = floor(T·rate) or one more (phase of the first spike)
      expect(Math.abs(count - T * rate)).toBeLessThanOrEqual(1);
      expect(drive).toBeGreaterThan(20 * mV);
    }
  });
});

describe('pulse STDP on binary SOT synapses (docs/physics.md §8.4)', () => {
  it('timing → pulse amplitude → switching probability pMax·e^(−|Δt|/τ); realised rate matches', () => {
    const m = getModel('sot/binary');
    const p = resolveModelParams(m, undefined, { readNoise: 0 });
    const N = 20000;
    const out = { polarity: 1 as 1 | -1, amplitude: 0, width: 0 };
    for (const dt of [2 * ms, 10 * ms, -5 * ms]) {
      const store = new SotBinaryStore(
        standaloneContext({ size: N, rng: new Rng(8), ledger: new EnergyLedger(), initialWeights: new Float64Array(N).fill(dt > 0 ? 0 : 1) }),
        p,
      );
      timingPulse(store.sw, dt, { tau: 20 * ms, pMax: 0.8, width: p.writeWidth }, out);
      const P = 0.8 * Math.exp(-Math.abs(dt) / (20 * ms));
      expect(out.polarity).toBe(dt > 0 ? 1 : -1);
      expect(switchingProbability(store.sw, out.amplitude, out.width)).toBeCloseTo(P, 9);
      let hits = 0;
      for (let s = 0; s < N; s++) if (store.applyPulse(s, out, 0) !== 0) hits++;
      expect(Math.abs(hits - N * P)).toBeLessThan(4 * Math.sqrt(N * P * (1 - P)));
    }
  });
});
