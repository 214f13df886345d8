export const PACKAGE = '@spinsnn/backends';
export * from './types.js';
export * from './registry.js';
export * from './pbit/index.js';
export * from './physics/index.js';
