export * from './device.js';
export * from './gibbs.js';
export * from './telegraph.js';
export * from './calibration.js';
export * from './register.js';
export * from './heap.js';
export * from './block-queue.js';
export * from './flip-kernel.js';
