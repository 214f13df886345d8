/** Registers the SOT synapse models (the stores live in binary.ts and multilevel.ts). */
import { EnergyLedger, Rng, ns, uA, registerBackend, registerModel, type Curve, type ParamValues } from '@spinsnn/core';
import { curve, cycleCurves, switchingCurves } from '../characterise.js';
import { LlgUnavailableError } from '../registry.js';
import { standaloneContext } from '../store-base.js';
import { criticalCurrent50 } from '../switching.js';
import { BINARY_PARAMS, SotBinaryStore, heatedSwitchingProbability } from './binary.js';
import { conductanceRange, switchingOf } from './common-params.js';
import { MULTILEVEL_PARAMS, SotMultilevelStore, closedFormCycle } from './multilevel.js';

registerBackend({
  name: 'sot',
  description: 'spin-orbit-torque MTJ synapses: multi-level (NeuroSim nonlinear updates) and binary stochastic (thermal activation, Joule-heating STDP)',
});

const ENSEMBLE = 200;

registerModel({
  id: 'sot/multilevel',
  kind: 'synapse',
  aliases: ['sot'],
  description:
    'multi-level SOT-MTJ synapse: n levels, NeuroSim nonlinear potentiation/depression, C2C and D2D variation, read noise, stuck-at faults, retention',
  params: MULTILEVEL_PARAMS,
  presets: [
    {
      name: 'hsin2025',
      description: 'field-free SOT synapse with tilted anisotropy: 11 states, 2 % cycle-to-cycle variation',
      source: 'Hsin et al., Adv. Sci. 12, 2417735 (2025) (docs/physics.md §5.3, §10)',
      params: { states: 11, c2c: 0.02 },
    },
    {
      name: 'compound4-acsami2024',
      description:
        '4 SOT-MTJs on one write channel: 5 states, one pillar per level (linear in G), 100 ns pulses; TMR set to the smallest total giving the paper’s ≥ 13.6 % step between neighbouring states',
      source: 'ACS AMI 16, 10335 (2024), doi 10.1021/acsami.3c17195 (docs/physics.md §2.5, §2.6, §5.3)',
      params: { states: 5, tmr: 0.92, nlPotentiation: 0, nlDepression: 0, c2c: 0, writeWidth: 100 * ns },
    },
    {
      name: 'ideal-limit',
      description:
        'no real device: every non-ideality off in the analog limit (quantise 0), so requested changes apply exactly — the reference a device run is compared with',
      source: 'reference configuration (docs/physics.md §5.1 with all non-idealities zero)',
      params: { quantise: 0, nlPotentiation: 0, nlDepression: 0, c2c: 0, d2dNl: 0, d2dRange: 0, readNoise: 0, stuckAtMin: 0, stuckAtMax: 0, retention: 0 },
    },
    {
      name: 'neurosim-realdevice',
      description: 'NeuroSim RealDevice defaults (Gmax 1e-5 S, Gmin 4.76e-7 S, 31 pulses, NL ±4.22, σ_C2C 0.5 %), for comparison with NeuroSim runs',
      source: 'neurosim/MLP_NeuroSim_V3.0 Cell.cpp (docs/physics.md §5.1)',
      params: { rP: 1e5, tmr: 1e-5 / 4.76e-7 - 1, states: 32, nlPotentiation: 4.22, nlDepression: 4.22, c2c: 0.005, readNoise: 0, readVoltage: 0.5 },
    },
  ],
  ideal: { quantise: 1, nlPotentiation: 0, nlDepression: 0, c2c: 0, d2dNl: 0, d2dRange: 0, readNoise: 0, stuckAtMin: 0, stuckAtMax: 0, retention: 0 },
  idealLevels: (params) => params.states,
  hardware: (p) => ({
    levels: p.quantise === 1 ? p.states : null,
    onOff: 1 + p.tmr,
    programSigma: p.c2c,
    d2dRange: p.d2dRange,
    readNoise: p.readNoise,
    stuckAtMin: p.stuckAtMin,
    stuckAtMax: p.stuckAtMax,
  }),
  createStore: (ctx, params) => new SotMultilevelStore(ctx, params),
  characterise(params, { seed, llg }) {
    if (llg) throw new LlgUnavailableError('sot/multilevel');
    const pMax = params.states - 1;
    const out: Curve[] = cycleCurves((ctx) => new SotMultilevelStore(ctx, params), ENSEMBLE, pMax, pMax, seed);
    const { gMin, gMax } = conductanceRange(params);
    const closed = closedFormCycle(params).map((g, k): [number, number] => [k, gMin + g * (gMax - gMin)]);
    out.push(curve('conductance-vs-pulse (closed form, NeuroSim)', 'pulse number', '1', 'conductance', 'S', closed));
    out.push(...switchingCurves(switchingOf(params), seed));
    return out;
  },
});

registerModel({
  id: 'sot/binary',
  kind: 'synapse',
  aliases: ['sot-binary'],
  description:
    'binary stochastic SOT-MTJ synapse: thermally activated switching P(I, t_p), 50 % critical current, optional Joule-heating timing dependence (STDP)',
  params: BINARY_PARAMS,
  presets: [
    {
      name: 'li2023-joule',
      description: 'Joule-heating STDP: pulses closer than the thermal time constant switch more often (R_th and τ_th are assumed, not from the paper)',
      source: 'Li, H. et al., Sci. China PMA 66, 257512 (2023), doi 10.1007/s11433-022-2081-5 (docs/physics.md §2.4, §8.4)',
      params: { thermalResistance: 5e6, thermalTime: 20 * ns, delta: 45 },
    },
    {
      name: 'imec-sot-mram',
      description: 'fast SOT-MRAM bit: 210 ps write pulses; τD = 0.6 ns is chosen so the precessional time at the assumed 10 × Ic0 drive is 0.19 ns < 210 ps',
      source: 'Garello et al., VLSI 2018 (docs/physics.md §7, §10): 210 ps switching; drive current and τD assumed [U]',
      params: { writeWidth: 0.21 * ns, writeCurrent: 1000 * uA, ic0: 100 * uA, tauD: 0.6 * ns },
    },
  ],
  ideal: { readNoise: 0, stuckAtMin: 0, stuckAtMax: 0, d2dIc0: 0, d2dDelta: 0, thermalResistance: 0 },
  hardware: (p) => ({ levels: 2, onOff: 1 + p.tmr, programSigma: 0, d2dRange: 0, readNoise: p.readNoise, stuckAtMin: p.stuckAtMin, stuckAtMax: p.stuckAtMax }),
  createStore: (ctx, params) => new SotBinaryStore(ctx, params),
  characterise(params, { seed, llg }) {
    if (llg) throw new LlgUnavailableError('sot/binary');
    const sw = switchingOf(params);
    const out: Curve[] = switchingCurves(sw, seed);
    out.push(...cycleCurves((ctx) => new SotBinaryStore(ctx, { ...params, readNoise: 0 }), ENSEMBLE, 3, 3, seed));
    if (params.thermalResistance > 0) out.push(...jouleWindow(params, seed));
    return out;
  },
});

/**
 * The Joule-heating STDP window: a first pulse at t = 0 heats the channel; the probability
 * that a second identical pulse Δt later switches, vs Δt (closed form and Monte Carlo through
 * the store). Pulses are at 0.95 × I50(t_p) of the cold device, sub-threshold on their own.
 */
function jouleWindow(params: ParamValues, seed: number): Curve[] {
  const sw = switchingOf(params);
  const width = params.writeWidth;
  const I = 0.95 * criticalCurrent50(sw, width);
  const heat = { end: 0 };
  heatedSwitchingProbability(sw, params, I, width, 0, heat);
  const closed: [number, number][] = [];
  const mc: [number, number][] = [];
  const N = 2000;
  for (let k = 0; k <= 24; k++) {
    const gap = params.thermalTime * Math.pow(10, -1 + (2.5 * k) / 24);
    const theta0 = heat.end * Math.exp(-gap / params.thermalTime);
    closed.push([gap, heatedSwitchingProbability(sw, params, I, width, theta0)]);
    if (k % 4 === 0) {
      // first pulse pushes towards the state the device already has (heats, cannot switch)
      const store = new SotBinaryStore(standaloneContext({ size: N, rng: new Rng(seed, 100 + k), ledger: new EnergyLedger() }), params);
      let hits = 0;
      for (let s = 0; s < N; s++) {
        store.applyPulse(s, { polarity: -1, amplitude: I, width }, 0);
        if (store.applyPulse(s, { polarity: 1, amplitude: I, width }, width + gap) !== 0) hits++;
      }
      mc.push([gap, hits / N]);
    }
  }
  return [
    curve('psw-vs-interval (Joule heating)', 'interval between pulse ends and next pulse', 's', 'switching probability', '1', closed),
    curve(`psw-vs-interval (Monte Carlo, ${N} devices)`, 'interval between pulse ends and next pulse', 's', 'switching probability', '1', mc),
  ];
}
