import type { Projection, ProjectionPlasticity } from '@spinsnn/core';
import type { DeviceSynapseStore, Pulse } from '@spinsnn/backends';

/**
 * Device-aware STDP for binary stochastic SOT synapses with Joule heating (Li et al. 2023;
 * devices.md §2.4, §8.4). Spike timing is turned into pulse timing, and the device does the rest:
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

export class JouleStdp implements ProjectionPlasticity {
  private readonly store: DeviceSynapseStore;
  private readonly up: Pulse;
  private readonly down: Pulse;
  private readonly colPtr: Int32Array;
  private readonly colSyn: Int32Array;
  /** Pulses applied and switches they caused. */
  pulses = 0;
  switches = 0;
  enabled = true;

  constructor(proj: Projection, readonly options: JouleStdpOptions) {
    const store = proj.store as DeviceSynapseStore | null;
    if (!store || typeof store.applyPulse !== 'function') {
      throw new RangeError(`projection ${proj.name}: Joule-heating STDP needs a device synapse with applyPulse (e.g. sot/binary), got ${store?.device ?? 'scalar weights'}`);
    }
    if (!(options.timeScale > 0) || !(options.width > 0) || !(options.amplitude > 0)) {
      throw new RangeError('Joule-heating STDP: amplitude, width and timeScale must be > 0');
    }
    this.store = store;
    this.up = { polarity: 1, amplitude: options.amplitude, width: options.width };
    this.down = { polarity: -1, amplitude: options.amplitude, width: options.width };
    const inc = proj.incoming();
    this.colPtr = inc.colPtr;
    this.colSyn = inc.synapse;
    proj.setPlasticity(this);
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
