export const PACKAGE = '@spinsnn/learning';
export * from './ising/index.js';
export * from './baselines/index.js';
export * from './stdp/index.js';
export * from './diehl-cook/index.js';
export * from './workers/index.js';
