import { Rng, type SynapseHardware } from '@spinsnn/core';
import type { InputCoding } from '@spinsnn/learning';
import { evaluateSnn, hwaWeights, tfjs, type ClassificationData, type SnnEvaluation, type SnnModel } from '@spinsnn/learning/tfjs';
import type * as TF from '@tensorflow/tfjs';
import { lineSpec } from '../plot.js';
import type { RunFolder } from '../run-folder.js';
import { parseDeviceParams, type Progress } from '../util.js';
import type { SurrogateOpts } from './train-snn.js';

/**
 * What the surrogate-gradient training commands (`train --method surrogate`, MLP and `--arch conv`)
 * share around `trainSnn`: the --hwa device, the device mapping of the weights and the evaluation
 * on one fixed device instance, the throttled progress log and the accuracy curves.
 */

/** The --hwa synapse device as config.json and model.json record it. */
export interface HwaDevice {
  device: string;
  preset?: string;
  params: Record<string, number>;
}

/** The synapse device of --hwa (--synapse, --preset, --device key=value), or null without --hwa. */
export function hwaDeviceOf(opts: Pick<SurrogateOpts, 'hwa' | 'synapse' | 'preset' | 'device'>): HwaDevice | null {
  return opts.hwa ? { device: opts.synapse, ...(opts.preset ? { preset: opts.preset } : {}), params: parseDeviceParams(opts.device) } : null;
}

/**
 * The weight mapping of hardware-aware training (none without hardware) and an evaluation on the
 * test set through one fixed, seeded device instance, like a chip.
 */
export function hwaEvaluation(
  model: SnnModel,
  test: ClassificationData,
  coding: InputCoding,
  seed: number,
  batchSize: number,
  hw: SynapseHardware | null,
): { mapWeights?: (ws: TF.Variable[], rng: Rng) => TF.Tensor[]; evaluate: () => SnnEvaluation } {
  const mapWeights = hw ? (ws: TF.Variable[], rng: Rng) => ws.map((w) => hwaWeights(w as unknown as TF.Tensor2D, hw, rng)) : undefined;
  const evaluate = () => {
    const w = mapWeights ? mapWeights(model.matrices(), new Rng(seed, 0x4a0)) : undefined;
    const ev = evaluateSnn(model, test, coding, seed, 10, batchSize, w);
    if (w) tfjs().dispose(w);
    return ev;
  };
  return { mapWeights, evaluate };
}

/**
 * Shows a batch's line on the progress bar; off a terminal (and without --json) also logs it, at
 * most every 30 s, so a long run's log shows it is alive.
 */
export function batchReporter(run: RunFolder, progress: Progress, json: boolean | undefined): (fraction: number, line: string) => void {
  const tty = process.stderr.isTTY === true;
  let lastLog = performance.now();
  return (fraction, line) => {
    progress.update(fraction, line);
    if (!tty && !json && performance.now() - lastLog > 30_000) {
      run.log(line);
      lastLog = performance.now();
    }
  };
}

/** curves.svg: train and test accuracy per epoch from the run's metrics.jsonl. */
export async function writeAccuracyCurves(run: RunFolder, title: string): Promise<void> {
  const rows = run.readMetrics<{ epoch: number; trainAccuracy: number; testAccuracy: number }>();
  await run.writePlot(
    'curves.svg',
    lineSpec(
      rows.flatMap((m) => [
        { x: m.epoch, y: m.trainAccuracy * 100, series: 'train accuracy (%)' },
        { x: m.epoch, y: m.testAccuracy * 100, series: 'test accuracy (%)' },
      ]),
      { title, x: 'epoch', y: 'accuracy (%)' },
    ),
  );
}
