import '@spinsnn/backends';
import { serveJobs } from '../workers/serve.js';
import { runExperiment, type ExperimentResult, type ExperimentSpec } from './experiment.js';

/**
 * Worker thread of runExperiments (`spinsnn sweep`): one train + evaluate run per job, one
 * network per worker at a time; errors go back with the job through the pool.
 */
serveJobs<ExperimentSpec, ExperimentResult>((spec, ctx) => runExperiment(spec, (done, total) => ctx.progress(done / total)));
