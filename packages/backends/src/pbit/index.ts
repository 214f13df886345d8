export * from './ising-model.js';
export * from './device.js';
export * from './gibbs.js';
export * from './telegraph.js';
export * from './calibration.js';
export * from './register.js';
export * from './heap.js';
export * from './block-queue.js';
export * from './flip-kernel.js';
// the CMOS comparison prices live once in backends (src/cmos.ts); exported with the p-bit stack
export * from '../cmos.js';
