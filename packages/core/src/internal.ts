/** Internals of @spinsnn/core for the other spinsnn packages and tests: no stability promise. */
import './index.js';
export { describe } from './errors.js';
export { logGamma } from './rng.js';
export { EventQueue, PHASE_CONTROL, PHASE_EVENT, PHASE_SAMPLE, PHASE_TICK } from './queue.js';
export { allToAll, fixedIndegree, fixedProbability, fromPairs, oneToOne, pairOrder } from './connectivity.js';
export { sortRowsByDelay } from './projection.js';
export { checkValue } from './spec.js';
export { materialize } from './network.js';
export { NEVER_SPIKED } from './neurons/bases.js';
export { SYNAPTIC_LIF_PARAMS, SynapticLifGroup } from './neurons/lif-synaptic.js';
export { WasmArena, arenaFor, arenaForModule, compileEmbeddedWasm, kernelModule, wasmOffNotice } from './wasm/kernels.js';
export { wasmApi } from './wasm/webassembly.js';
export type { WasmApi, WasmInstance, WasmMemory, WasmModule } from './wasm/webassembly.js';
export type { KernelExports } from './wasm/kernels.js';
export { EXP_MAGIC, EXP_P1, EXP_P2, EXP_P3, EXP_P4, EXP_P5, LN2_HI, LN2_LO, LOG2E, expFast } from './expfast.js';
