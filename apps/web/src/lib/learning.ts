/**
 * The browser-safe parts of @spinsnn/learning, imported from their source modules (the package's
 * index also exports Node-only and TF.js code: node:fs checkpoints, node:zlib PNGs, worker
 * threads, TF.js baselines). vite.config.ts aliases `@spinsnn/learning` here; once the package has
 * its browser-safe `.` entry point, the alias can go.
 */
export { StdpRule, stdpModel } from '../../../../packages/learning/src/stdp/rule.js';
export { DiehlCookNetwork, diehlCookDefaults, diehlCookSpec } from '../../../../packages/learning/src/diehl-cook/network.js';
export type { DiehlCookConfig } from '../../../../packages/learning/src/diehl-cook/network.js';
export { DiehlCookTrainer, evaluateDiehlCook } from '../../../../packages/learning/src/diehl-cook/trainer.js';
export type { SampleSet } from '../../../../packages/learning/src/diehl-cook/trainer.js';
export { PbitMachine } from '../../../../packages/learning/src/ising/machine.js';
export { anneal } from '../../../../packages/learning/src/ising/anneal.js';
export { maxCutModel, cutValue, cutFromEnergy } from '../../../../packages/learning/src/ising/maxcut.js';
export type { WeightedGraph } from '../../../../packages/learning/src/ising/maxcut.js';
