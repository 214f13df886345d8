import {
  Network,
  Rng,
  getModel,
  mV,
  resolveModelParams,
  ms,
  type NetworkSpec,
  type PlasticityRule,
  type PlasticitySpec,
  type Population,
  type Projection,
  type SynapseSpec,
} from '@spinsnn/core';
import type { StdpRule } from '../stdp/rule.js';
import '../stdp/rule.js'; // registers learning/stdp, the default rule of the plastic synapses
import { DcLifGroup } from './neuron.js';

/**
 * Diehl & Cook 2015 unsupervised network (docs/physics.md §8.3, parameters from the authors' code):
 * Poisson inputs → excitatory layer (all-to-all, plastic, adaptive thresholds) → one inhibitory
 * partner each → every other excitatory neuron (lateral inhibition). Built as a core network spec,
 * so the plastic input→excitatory synapses can be any registered synapse device.
 */
export interface DiehlCookConfig {
  /** Excitatory (= inhibitory) neurons. */
  neurons: number;
  /** Input channels (784 for MNIST). */
  inputs: number;
  seed: number;
  /** Synapse device of the plastic input→excitatory synapses (default ideal/float, CMOS-priced). */
  synapse: SynapseSpec;
  /**
   * The plasticity rule of those synapses (default `learning/stdp` with the Diehl & Cook preset;
   * ν_pre, ν_post below are written into its params). On a store with discrete levels the rule
   * rounds Δw to whole level steps stochastically (docs/physics.md §8.4) unless told otherwise.
   */
  plasticity: PlasticitySpec;
  dt: number;
  presentTime: number;
  restTime: number;
  /** Input rate per unit of input value at intensity 1 (Hz); D&C: pixel/8 Hz per intensity step. */
  rateScale: number;
  intensity: number;
  /** Repeat a sample with intensity + 1 when the excitatory layer fired fewer spikes. */
  minSpikes: number;
  maxIntensity: number;
  /** Per-synapse input delays uniform in [0, 10 ms] on the dt grid (D&C); false: no delay. */
  delays: boolean;
  nuPre: number;
  nuPost: number;
  wMax: number;
  /** Initial weights uniform in [wInitLow, wInitHigh]. */
  wInitLow: number;
  wInitHigh: number;
  /** Sum each excitatory neuron's incoming weights is rescaled to before every sample (0 = off). */
  normalisation: number;
  wExcInh: number;
  wInhExc: number;
  thetaPlus: number;
  tauTheta: number;
}

/** The Diehl & Cook (2015) configuration for `neurons` excitatory neurons. */
export function diehlCookDefaults(neurons = 400): DiehlCookConfig {
  return {
    neurons,
    inputs: 784,
    seed: 1,
    synapse: { device: 'ideal/float' },
    plasticity: { rule: 'learning/stdp', preset: 'diehl-cook2015' },
    dt: 0.5 * ms,
    presentTime: 350 * ms,
    restTime: 150 * ms,
    rateScale: 1 / 8,
    intensity: 2,
    minSpikes: 5,
    maxIntensity: 32,
    delays: false,
    nuPre: 0.0001,
    nuPost: 0.01,
    wMax: 1,
    wInitLow: 0.003,
    wInitHigh: 0.303,
    normalisation: 78,
    wExcInh: 10.4,
    wInhExc: 17,
    thetaPlus: 0.05 * mV,
    tauTheta: 1e4,
  };
}

/** Input delays on the dt grid: 21 classes 0, dt, …, 10 ms (Brian 1 rounds delays to dt too). */
function inputDelays(cfg: DiehlCookConfig): Float64Array {
  const n = cfg.inputs * cfg.neurons;
  const rng = new Rng(cfg.seed, 7100);
  const classes = Math.round((10 * ms) / cfg.dt) + 1;
  const d = new Float64Array(n);
  for (let s = 0; s < n; s++) d[s] = Math.floor(rng.uniform() * classes) * cfg.dt;
  return d;
}

/** The network spec of a Diehl & Cook configuration (input, excitatory and inhibitory populations). */
export function diehlCookSpec(cfg: DiehlCookConfig): NetworkSpec {
  const N = cfg.neurons;
  return {
    dt: cfg.dt,
    seed: cfg.seed,
    populations: [
      { name: 'exc', size: N, model: 'learning/dc_lif', params: { thetaPlus: cfg.thetaPlus, tauTheta: cfg.tauTheta } },
      {
        name: 'inh',
        size: N,
        model: 'learning/dc_lif',
        params: {
          tauM: 10 * ms,
          vRest: -60 * mV,
          vReset: -45 * mV,
          vThreshold: -40 * mV,
          refractory: 2 * ms,
          spikeBlock: 0,
          eInh: -85 * mV,
          thetaPlus: 0,
          thetaInit: 0,
          thetaOffset: 0,
        },
      },
    ],
    inputs: [{ name: 'input', type: 'poisson', size: cfg.inputs, rate: 0 }],
    projections: [
      {
        // unnamed: core names it input->exc (receptor exc is the default)
        source: 'input',
        target: 'exc',
        connectivity: { rule: 'all_to_all' },
        weight: { uniform: [cfg.wInitLow, cfg.wInitHigh] },
        delay: cfg.delays ? inputDelays(cfg) : 0,
        synapse: { ...cfg.synapse, wMin: 0, wMax: cfg.wMax },
        plasticity: plasticityOf(cfg),
      },
      { source: 'exc', target: 'inh', connectivity: { rule: 'one_to_one' }, weight: cfg.wExcInh },
      { source: 'inh', target: 'exc', receptor: 'inh', connectivity: { rule: 'all_to_all', allowSelf: false }, weight: cfg.wInhExc },
    ],
  };
}

/** The rule's spec: ν_pre and ν_post are the learning rates of the Diehl & Cook rule (a2Minus, a3Plus). */
function plasticityOf(cfg: DiehlCookConfig): PlasticitySpec {
  const p = cfg.plasticity;
  if (p.rule !== 'learning/stdp' || p.preset !== 'diehl-cook2015') return p;
  return { ...p, params: { a2Minus: cfg.nuPre, a3Plus: cfg.nuPost, ...p.params } };
}

/** Random stream of the binary cells' initial states (apart from the network's own streams). */
const BINARY_START_STREAM = 7200;

/** The number of weight levels a synapse spec's device has (its ideal form), or Infinity for analog weights. */
function synapseLevels(syn: SynapseSpec): number {
  const model = getModel(syn.device, 'synapse');
  const params = resolveModelParams(model, syn.preset, syn.params, 'synapse');
  return model.idealLevels?.(params) ?? model.hardware?.(params).levels ?? Infinity;
}

/** Counts spikes per neuron (reset per sample); no allocation per spike. */
class SpikeCounter {
  readonly counts: Int32Array;
  total = 0;
  constructor(size: number) {
    this.counts = new Int32Array(size);
  }
  onSpike(i: number): void {
    this.counts[i]++;
    this.total++;
  }
  reset(): void {
    this.counts.fill(0);
    this.total = 0;
  }
}

/** A built Diehl & Cook network with its STDP rule: present samples, learn or not. */
export class DiehlCookNetwork {
  readonly net: Network;
  readonly exc: DcLifGroup;
  readonly inh: DcLifGroup;
  readonly input: Projection;
  /** The input→excitatory rule (`learning/stdp` unless the config names another). */
  readonly stdp: PlasticityRule & Partial<Pick<StdpRule, 'requests' | 'requestChange'>>;
  private readonly counter: SpikeCounter;
  private readonly rates: Float64Array;
  private readonly colPtr: Int32Array;
  private readonly colSyn: Int32Array;
  /** Presentations of the last sample (1 + repeats at higher intensity). */
  lastPresentations = 0;

  constructor(readonly cfg: DiehlCookConfig) {
    this.net = new Network(diehlCookSpec(cfg));
    this.exc = this.net.population('exc').group as DcLifGroup;
    this.inh = this.net.population('inh').group as DcLifGroup;
    this.input = this.net.projection('input->exc');
    this.stdp = this.net.rule('input->exc');
    this.counter = new SpikeCounter(cfg.neurons);
    (this.net.population('exc') as Population).addListener(this.counter);
    this.rates = new Float64Array(cfg.inputs);
    const inc = this.input.incoming();
    this.colPtr = inc.colPtr;
    this.colSyn = inc.synapse;
    if (synapseLevels(cfg.synapse) === 2) this.programBinaryStart();
  }

  /**
   * A two-state cell programmed to the state nearest its initial weight (U[0.003, 0.303] of
   * wMax = 1) would start at 0 everywhere, and the first normalisation would then blow read noise
   * up to full weights. Instead each cell starts in the high state with probability mean/wMax, so
   * the expected weight — and the sum the normalisation works on — is that of the analog start.
   * The initial programming is not part of training: its writes are not in the energy ledger.
   */
  private programBinaryStart(): void {
    const { cfg } = this;
    const store = this.input.store!;
    const W = store.weights;
    const p = (0.5 * (cfg.wInitLow + cfg.wInitHigh)) / cfg.wMax;
    const rng = new Rng(cfg.seed, BINARY_START_STREAM);
    for (let s = 0; s < W.length; s++) {
      const target = rng.uniform() < p ? cfg.wMax : 0;
      store.requestChange(s, target - W[s], 0);
    }
    this.net.ledger.reset();
  }

  get weights(): Float64Array {
    return this.input.store!.weights;
  }

  /** Learning on (STDP, θ adaptation, normalisation) or off (frozen, for labelling and testing). */
  setLearning(on: boolean): void {
    this.stdp.enabled = on;
    this.exc.plastic = on;
  }

  get learning(): boolean {
    return this.stdp.enabled;
  }

  /** Rescales each excitatory neuron's incoming weights to sum `normalisation` (through the store). */
  normalise(): void {
    const target = this.cfg.normalisation;
    if (!(target > 0)) return;
    const W = this.weights;
    const t = this.net.t;
    for (let j = 0; j < this.cfg.neurons; j++) {
      const k0 = this.colPtr[j],
        k1 = this.colPtr[j + 1];
      let sum = 0;
      for (let k = k0; k < k1; k++) sum += W[this.colSyn[k]];
      if (!(sum > 0)) continue;
      const f = target / sum;
      if (f === 1) continue;
      for (let k = k0; k < k1; k++) {
        const s = this.colSyn[k];
        this.requestChange(s, W[s] * (f - 1), t);
      }
    }
  }

  /** A weight change through the rule's writer when it has one (stochastic rounding), else straight to the store. */
  private requestChange(s: number, dw: number, t: number): void {
    if (dw === 0) return;
    if (this.stdp.requestChange) this.stdp.requestChange(s, dw, t);
    else this.input.store!.requestChange(s, dw, t);
  }

  /**
   * Presents one sample (input values, e.g. pixel intensities) for presentTime, then rests;
   * repeats at higher intensity while the excitatory layer fires fewer than minSpikes.
   * Returns the excitatory spike counts of the last presentation (a view, overwritten next call).
   */
  present(values: ArrayLike<number>): Int32Array {
    const cfg = this.cfg;
    if (this.learning) this.normalise();
    const pin = this.net.poissonInputs.get('input')!;
    let intensity = cfg.intensity;
    this.lastPresentations = 0;
    for (;;) {
      const scale = cfg.rateScale * intensity;
      for (let k = 0; k < cfg.inputs; k++) this.rates[k] = values[k] * scale;
      this.counter.reset();
      pin.setRates(this.rates);
      this.net.run(cfg.presentTime);
      pin.setRates(0);
      this.net.run(cfg.restTime);
      this.lastPresentations++;
      if (this.counter.total >= cfg.minSpikes || intensity >= cfg.maxIntensity) break;
      intensity += 1;
    }
    return this.counter.counts;
  }
}
