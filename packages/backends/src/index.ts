/**
 * @spinsnn/backends: device physics behind spinsnn's networks. Importing this package registers
 * every backend's models in the device registry and, for synapse devices, with core's
 * `registerSynapseDevice`, so a network spec can say `synapse: { device: 'sot/multilevel' }`.
 */
export const PACKAGE = '@spinsnn/backends';
export * from './types.js';
export * from './cmos.js';
export * from './registry.js';
export * from './switching.js';
export * from './store-base.js';
export * from './characterise.js';
export * from './ideal/index.js';
export * from './sot/index.js';
export * from './mram/index.js';
export * from './pbit/index.js';
export * from './physics/index.js';
export * from './stno/index.js';
export * from './dw/index.js';
