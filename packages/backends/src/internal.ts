/** Internals of @spinsnn/backends for the other spinsnn packages and tests: no stability promise. */
import './index.js';
export { SwitchingProbabilityCache } from './switching.js';
export { NL_DEVIATION_PER_LABEL, aNormFromNl, aNormLookup, curveG, curveX, maxDeviation } from './sot/neurosim.js';
export { MAX_THRESHOLD_FIELD, SIGMOID_GUARD } from './pbit/gibbs.js';
export { IndexedMinHeap } from './pbit/heap.js';
export { BLOCK_SIZE, BlockedQueue, plainArrays } from './pbit/block-queue.js';
export type { ArrayAllocator } from './pbit/block-queue.js';
export { FLIP_BATCH, JsFlipKernel, WasmFlipKernel, createFlipKernel } from './pbit/flip-kernel.js';
export type { FlipKernel } from './pbit/flip-kernel.js';
export { ZigguratNormal } from './physics/normal.js';
