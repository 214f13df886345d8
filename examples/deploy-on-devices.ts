/**
 * Deploying a spiking classifier onto spintronic synapses: a one-layer network of discrete-time
 * LIF neurons (`learning/dt_lif`) recognises three 4 × 4 patterns from noisy, rate-coded copies.
 * Its weights are programmed into multi-level SOT-MTJ synapses (`sot/multilevel`, preset
 * hsin2025: 11 levels, 2 % cycle-to-cycle noise, read noise) by program-and-verify — write,
 * read back, correct — as on a chip, each weight as a differential pair G⁺ − G⁻. The same
 * samples run on ideal float weights and on several device instances; the energy per inference
 * comes from the ledger. Supervised training of such networks (surrogate gradients, hardware-aware
 * fine-tuning) is `spinsnn train mnist --method surrogate [--hwa]`; this example uses weights
 * written down by hand so it runs in a second.
 *
 *   node examples/run.mjs deploy-on-devices [--samples 90] [--instances 3] [--seed 1]
 *
 * Tutorial: docs/examples/deploy-on-devices.md.
 */
import '@spinsnn/backends'; // registers sot/multilevel
import '@spinsnn/learning'; // registers learning/dt_lif
import { Rng, formatQuantity } from '@spinsnn/core';
import { KernelSnnRunner, type SnnParams } from '@spinsnn/learning';
import { pathToFileURL } from 'node:url';

export interface DeployOnDevicesOptions {
  /** Test samples (noisy copies of the three patterns). */
  samples?: number;
  /** Device instances (device-to-device seeds). */
  instances?: number;
  seed?: number;
}

export interface DeployOnDevicesResult {
  samples: number;
  idealAccuracy: number;
  /** One entry per device instance. */
  device: { accuracy: number; agreementWithIdeal: number; withinTolerance: number; writesPerDevice: number; energyPerInferenceJ: number }[];
  idealEnergyPerInferenceJ: number;
}

/** The default options (`node examples/run.mjs` refuses an option not named here). */
export const defaults: Required<DeployOnDevicesOptions> = { samples: 90, instances: 3, seed: 1 };

/** Three 4 × 4 patterns: a vertical bar, a horizontal bar, a diagonal. */
const PATTERNS = [
  [0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0],
  [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
  [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
];
const T = 20;
const PIXEL_FLIP = 0.1;
const SPIKE_P = 0.5;

/** Template weights: +0.25 from a class's own pixels, −0.15 from the others (input-major). */
function params(): SnnParams {
  const n = 16,
    k = PATTERNS.length;
  const w = new Float32Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) w[i * k + c] = PATTERNS[c][i] ? 0.25 : -0.15;
  return {
    config: { sizes: [n, k], beta: 0.9, learnBeta: false, threshold: 1, reset: 'subtract', surrogate: 'fast_sigmoid', slope: 25, timesteps: T },
    weights: [w],
    betas: [0.9],
  };
}

/** A noisy copy of a pattern (each pixel flipped with PIXEL_FLIP), rate-coded over T steps. */
function sample(label: number, rng: Rng): { indices: Int32Array; steps: Int32Array } {
  const pixels = PATTERNS[label].map((p) => (rng.uniform() < PIXEL_FLIP ? 1 - p : p));
  const idx: number[] = [],
    st: number[] = [];
  for (let t = 0; t < T; t++)
    for (let i = 0; i < 16; i++)
      if (pixels[i] && rng.uniform() < SPIKE_P) {
        idx.push(i);
        st.push(t);
      }
  return { indices: Int32Array.from(idx), steps: Int32Array.from(st) };
}

export function main(options: DeployOnDevicesOptions = {}): DeployOnDevicesResult {
  const o = { ...defaults, ...options };
  const p = params();
  const rng = new Rng(o.seed, 9);
  const data = Array.from({ length: o.samples }, (_, s) => ({ label: s % PATTERNS.length, ...sample(s % PATTERNS.length, rng) }));

  // the reference: exact float weights priced as a 45 nm CMOS design (ideal/float)
  const ideal = new KernelSnnRunner(p, { seed: o.seed, synapse: { device: 'ideal/float' } });
  const idealPred = data.map((d) => ideal.infer(d.indices, d.steps).prediction);
  const idealEnergy = ideal.net.ledger.totalJ() / o.samples;

  const device = Array.from({ length: o.instances }, (_, k) => {
    const runner = new KernelSnnRunner(p, {
      seed: o.seed + 1000 * (k + 1),
      synapse: { device: 'sot/multilevel', preset: 'hsin2025' },
      program: { tolerance: 0.05, maxWrites: 20 },
    });
    const pred = data.map((d) => runner.infer(d.indices, d.steps).prediction);
    const devices = runner.programming.reduce((s, r) => s + r.devices, 0);
    return {
      accuracy: pred.filter((y, s) => y === data[s].label).length / o.samples,
      agreementWithIdeal: pred.filter((y, s) => y === idealPred[s]).length / o.samples,
      withinTolerance: runner.programming.reduce((s, r) => s + r.withinTolerance, 0) / devices,
      writesPerDevice: runner.programming.reduce((s, r) => s + r.writes, 0) / devices,
      energyPerInferenceJ: runner.net.ledger.totalJ() / o.samples,
    };
  });
  return {
    samples: o.samples,
    idealAccuracy: idealPred.filter((y, s) => y === data[s].label).length / o.samples,
    device,
    idealEnergyPerInferenceJ: idealEnergy,
  };
}

export function report(r: DeployOnDevicesResult): string {
  const lines = [
    `${r.samples} noisy patterns; ideal float weights (ideal/float): accuracy ${(100 * r.idealAccuracy).toFixed(1)} %, ${formatQuantity(r.idealEnergyPerInferenceJ, 'J')} per inference as 45 nm CMOS`,
  ];
  r.device.forEach((d, k) =>
    lines.push(
      `  sot/multilevel hsin2025, instance ${k + 1}: accuracy ${(100 * d.accuracy).toFixed(1)} %, same answer as ideal ${(100 * d.agreementWithIdeal).toFixed(1)} %, ` +
        `${(100 * d.withinTolerance).toFixed(1)} % of devices within 5 % of range (${d.writesPerDevice.toFixed(2)} writes each), ${formatQuantity(d.energyPerInferenceJ, 'J')} per inference`,
    ),
  );
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(report(main()));
