import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { Network } from '@spinsnn/core';
import { brian2CubaSpec } from '@spinsnn/datasets';
import { readBrian2Dump } from '@spinsnn/datasets/node';
import { dataset } from '../../../test/support/datasets.js';

// Brian2 2.5.1 simulated this CUBA network (connectivity and initial potentials dumped); with
// Brian2's step semantics every one of its 22,463 spikes must come out identical in neuron and
// time step. A refractory period one step off diverges at t ≈ 23 ms (dataset README).
const DIR = dataset('brian2-cuba/N4000_T1_seed1');

describe.runIf(existsSync(DIR))('exact replay of Brian2 CUBA', () => {
  const dump = readBrian2Dump(DIR);
  for (const kernel of ['js', 'wasm'] as const) {
    it(`reproduces all ${dump.spikeI!.length} Brian2 spikes exactly (${kernel} kernel)`, () => {
      const net = new Network(brian2CubaSpec(dump), { kernel });
      net.run(dump.duration);
      const e = net.spikes('exc');
      const i = net.spikes('inh');
      const ours: [number, number][] = [];
      for (let k = 0; k < e.count; k++) ours.push([Math.round(e.times[k] / dump.dt), e.indices[k]]);
      for (let k = 0; k < i.count; k++) ours.push([Math.round(i.times[k] / dump.dt), i.indices[k] + dump.NE]);
      ours.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const ref = Array.from(dump.spikeI!, (n, k) => [Math.round(dump.spikeT![k] / dump.dt), n]);
      let firstMismatch = -1;
      for (let k = 0; k < Math.max(ours.length, ref.length); k++) {
        if (!ours[k] || !ref[k] || ours[k][0] !== ref[k][0] || ours[k][1] !== ref[k][1]) {
          firstMismatch = k;
          break;
        }
      }
      expect(firstMismatch, `first differing spike: ours ${JSON.stringify(ours[firstMismatch])}, Brian2 ${JSON.stringify(ref[firstMismatch])}`).toBe(-1);
      expect(ours.length).toBe(22463);
      // spike times are the step start times, exactly k·dt
      for (let k = 0; k < e.count; k++) expect(e.times[k]).toBe(Math.round(e.times[k] / dump.dt) * dump.dt);
    });
  }
});
