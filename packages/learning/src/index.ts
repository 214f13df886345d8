export const PACKAGE = '@spinsnn/learning';
export * from './ising/index.js';
export * from './baselines/index.js';
