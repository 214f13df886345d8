import type { Command } from 'commander';
import { registerBaseline } from './baseline.js';
import { registerBench } from './bench.js';
import { registerCim } from './cim.js';
import { registerDatasets } from './datasets.js';
import { registerCompare } from './compare.js';
import { registerDemo } from './demo.js';
import { registerDeploy } from './deploy.js';
import { registerDevice, registerDevices } from './devices.js';
import { registerIsing } from './ising.js';
import { registerNir } from './nir.js';
import { registerPbit } from './pbit.js';
import { registerRfnet } from './rfnet.js';
import { registerShno } from './shno.js';
import { registerVowels } from './vowels.js';
import { registerRun } from './run.js';
import { registerSpeech } from './speech.js';
import { registerSweep } from './sweep.js';
import { registerEval, registerTrain } from './train.js';
import { registerWorker } from './worker.js';

/**
 * Every top-level command lives in its own module and is registered here: one line each,
 * so parallel work on different commands does not collide. Subcommands (bench cuba, bench
 * ising, …) are registered by their parent's module.
 */
export function registerCommands(program: Command): void {
  registerDemo(program);
  registerDeploy(program);
  registerCompare(program);
  registerRun(program);
  registerBench(program);
  registerDevices(program);
  registerDevice(program);
  registerDatasets(program);
  registerBaseline(program);
  registerTrain(program);
  registerEval(program);
  registerSweep(program);
  registerIsing(program);
  registerNir(program);
  registerCim(program);
  registerWorker(program);
  registerPbit(program);
  registerSpeech(program);
  registerRfnet(program);
  registerVowels(program);
  registerShno(program);
}
