import type { Command } from 'commander';
import { registerBaseline } from './baseline.js';
import { registerBench } from './bench.js';
import { registerDatasets } from './datasets.js';
import { registerDemo } from './demo.js';
import { registerDevices } from './devices.js';
import { registerIsing } from './ising.js';
import { registerTrain } from './train.js';

/**
 * Every top-level command lives in its own module and registers itself here: one line each,
 * so parallel work on different commands does not collide.
 */
export function registerCommands(program: Command): void {
  registerDemo(program);
  registerBench(program);
  registerDevices(program);
  registerDatasets(program);
  registerBaseline(program);
  registerTrain(program);
  registerIsing(program);
}
