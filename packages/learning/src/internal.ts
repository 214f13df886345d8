/** Internals of @spinsnn/learning for the other spinsnn packages and tests: no stability promise. */
import './index.js';
export { registerWasmConvBackpropFilter, wasmDistDir } from './baselines/tfjs.js';
export { encodePngGrey } from './diehl-cook/images.js';
export { serveJobs } from './workers/serve.js';
export type { JobContext } from './workers/serve.js';
