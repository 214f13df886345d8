/**
 * @spinsnn/core/node: the Node-only part of @spinsnn/core — the multi-threaded engine
 * (node:worker_threads over SharedArrayBuffer, docs/parallel.md). Named exports only.
 */
import './index.js';
export { ParallelNetwork } from './parallel/engine.js';
export type { ParallelMemory, ParallelOptions, ParallelPopulation } from './parallel/engine.js';
export { PARALLEL_MODELS, PARALLEL_PRECISIONS, partitionBounds, planSpec } from './parallel/plan.js';
export type { ParallelPrecision, Plan, PlanPopulation, PlanProjection } from './parallel/plan.js';
