/**
 * @spinsnn/learning/node: the Node-only part of @spinsnn/learning — checkpoint files, the worker
 * pool (node:worker_threads), the parallel Max-Cut runs and Diehl & Cook sweep experiments on
 * MNIST files, receptive-field PNGs (node:zlib). Importing it also registers the models of the
 * main entry (`learning/stdp`, …). Named exports only.
 */
import './index.js';
export { readState } from './diehl-cook/checkpoint-file.js';
export { maxCutRuns } from './ising/parallel.js';
export type { ParallelOptions } from './ising/parallel.js';
export { diehlCookConfigFor, energyDelta, mnistSampleSet, runExperiment, synapseChoice, synapseEnergy } from './diehl-cook/experiment.js';
export type { ExperimentResult, ExperimentSpec, SynapseChoice, SynapseEnergy } from './diehl-cook/experiment.js';
export { receptiveFieldsPng } from './diehl-cook/images.js';
export { JobError, JobInternalError, runJobs, streamJobs } from './workers/pool.js';
export type { FailedJob, JobResult, WorkerPoolOptions } from './workers/pool.js';
export { runExperiments } from './workers/experiments.js';
export type { RunExperimentsOptions } from './workers/experiments.js';
export { NIR_WRITE_VERSION, checkHdf5Header, readNirFile, writeNirFile } from './nir/hdf5.js';
