export const PACKAGE = '@spinsnn/learning';
export * from './ising/index.js';
