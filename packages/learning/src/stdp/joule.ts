import { SpecError, registerModel, stateNumber, type PlasticityModel, type PlasticityRule, type Projection, type StateRecord } from '@spinsnn/core';
import type { DeviceSynapseStore, Pulse } from '@spinsnn/backends';

/**
 * Device-aware STDP for binary stochastic SOT synapses with Joule heating (Li et al. 2023;
 * docs/physics.md §2.4, §8.4). Spike timing is turned into pulse timing, and the device does the rest:
 *
 *   pre spike  → a depressing pulse on every synapse of the source's row
 *   post spike → a potentiating pulse on every synapse of the target's column
 *
 * Each pulse is sub-threshold on a cold device (amplitude chosen for a small cold switching
 * probability) but heats the heavy-metal channel, and a channel that is still hot switches far
 * more easily. So a post pulse shortly after a pre pulse potentiates (pre-before-post → LTP) and a
 * pre pulse shortly after a post pulse depresses (post-before-pre → LTD), with a window set by the
 * thermal time constant τ_th. Network time is mapped onto device time by `timeScale` (device
 * seconds per network second): with τ_th = 20 ns, timeScale = 1e-6 gives a 20 ms STDP window.
 * The expected change is E[Δw] = P_sw(θ(Δt)) · (wMax − wMin) — the switching probability is |Δw|.
 */
export interface JouleStdpOptions {
  /** Pulse amplitude (A): sub-threshold for a cold device. */
  amplitude: number;
  /** Pulse width (s, device time). */
  width: number;
  /** Device seconds per network second. */
  timeScale: number;
}

/** Plasticity rule `learning/joule_stdp`: STDP that writes fixed SET/RESET pulses to a device store. */
export class JouleStdp implements PlasticityRule {
  private readonly store: DeviceSynapseStore;
  private readonly up: Pulse;
  private readonly down: Pulse;
  private readonly colPtr: Int32Array;
  private readonly colSyn: Int32Array;
  /** Pulses applied and switches they caused. */
  pulses = 0;
  switches = 0;
  enabled = true;

  constructor(
    proj: Projection,
    readonly options: JouleStdpOptions,
  ) {
    const store = proj.store as DeviceSynapseStore | null;
    if (!store || typeof store.applyPulse !== 'function') {
      throw new SpecError(
        `projection ${proj.name}.synapse.device`,
        'a device synapse with applyPulse for Joule-heating STDP (e.g. sot/binary)',
        store?.device ?? 'scalar weights',
      );
    }
    if (!(options.timeScale > 0) || !(options.width > 0) || !(options.amplitude > 0)) {
      throw new SpecError('joule_stdp', 'amplitude, width and timeScale > 0', `${options.amplitude}, ${options.width}, ${options.timeScale}`);
    }
    this.store = store;
    this.up = { polarity: 1, amplitude: options.amplitude, width: options.width };
    this.down = { polarity: -1, amplitude: options.amplitude, width: options.width };
    const inc = proj.incoming();
    this.colPtr = inc.colPtr;
    this.colSyn = inc.synapse;
  }

  snapshot(): StateRecord {
    return { pulses: this.pulses, switches: this.switches, enabled: this.enabled };
  }

  restore(s: StateRecord): void {
    this.pulses = stateNumber(s, 'pulses', 'snapshot of learning/joule_stdp');
    this.switches = stateNumber(s, 'switches', 'snapshot of learning/joule_stdp');
    this.enabled = s.enabled !== false;
  }

  onPre(_p: Projection, _i: number, s0: number, s1: number, t: number): void {
    if (!this.enabled) return;
    const td = t * this.options.timeScale;
    for (let s = s0; s < s1; s++) this.pulse(s, this.down, td);
  }

  onPost(_p: Projection, j: number, t: number): void {
    if (!this.enabled) return;
    const td = t * this.options.timeScale;
    for (let k = this.colPtr[j]; k < this.colPtr[j + 1]; k++) this.pulse(this.colSyn[k], this.up, td);
  }

  private pulse(s: number, p: Pulse, td: number): void {
    this.pulses++;
    if (this.store.applyPulse(s, p, td) !== 0) this.switches++;
  }
}

/** `learning/joule_stdp`: spike timing → pulse timing on a Joule-heated binary SOT synapse. */
export const jouleStdpModel: PlasticityModel = {
  id: 'learning/joule_stdp',
  kind: 'plasticity',
  description:
    'device-aware STDP for binary SOT synapses with Joule heating: a depressing pulse per pre spike, a potentiating pulse per post spike; the heated channel makes timing matter (needs a store with applyPulse, e.g. sot/binary with preset li2023-joule)',
  params: [
    { name: 'amplitude', unit: 'A', default: 300e-6, min: 0, minExclusive: true, description: 'pulse amplitude: sub-threshold on a cold device' },
    { name: 'width', unit: 's', default: 10e-9, min: 0, minExclusive: true, description: 'pulse width (device time)' },
    {
      name: 'timeScale',
      unit: '1',
      default: 1e-6,
      min: 0,
      minExclusive: true,
      description: 'device seconds per network second (τ_th 20 ns × 1e6 → a 20 ms window)',
    },
  ],
  createRule: (ctx, v) => new JouleStdp(ctx.projection, { amplitude: v.amplitude, width: v.width, timeScale: v.timeScale }),
};

registerModel(jouleStdpModel);
