/**
 * NIR interchange (docs/nir.md): the typed graph and the graph ↔ NetworkSpec conversion are pure
 * (browser-safe); reading and writing `.nir` files is in `./hdf5.js` (Node-only, h5wasm).
 */
export { NIR_NODE_FIELDS, flattenNirGraph, isTensor, nirGraphDiff, nirGraphsEqual, shapeSize, tensor, validateNirGraph } from './graph.js';
export type { NirDtype, NirGraph, NirNode, NirTensor, NirValue } from './graph.js';
export { DEVICE_METADATA, nirName, nirToSpec, specToNir, spinsnnName } from './convert.js';
export type { NirExportOptions, NirImport, NirImportOptions } from './convert.js';
export { compareTraces, exactLifTrace, parseLifTraceCsv, runNirLif, stepsOf } from './lif-experiment.js';
export type { LifTrace, TraceComparison } from './lif-experiment.js';
