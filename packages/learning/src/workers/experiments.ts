import type { ExperimentResult, ExperimentSpec } from '../diehl-cook/experiment.js';
import { runJobs } from './pool.js';

/** Options of `runExperiments`: worker threads and progress. */
export interface RunExperimentsOptions {
  readonly threads: number;
  /** Progress of one run (train samples done / total), by its index in `specs`. */
  readonly onProgress?: (index: number, fraction: number) => void;
  /** Each run's result as it arrives (in completion order), so a caller can save it at once. */
  readonly onResult?: (index: number, result: ExperimentResult) => void;
}

/** Diehl & Cook train + evaluate runs (a sweep's points) on worker threads; results in input order. */
export async function runExperiments(specs: readonly ExperimentSpec[], o: RunExperimentsOptions): Promise<ExperimentResult[]> {
  const done = await runJobs<ExperimentSpec, ExperimentResult>(specs, {
    worker: new URL('../diehl-cook/sweep-worker.js', import.meta.url),
    threads: o.threads,
    onProgress: o.onProgress,
    onResult: o.onResult ? (r) => o.onResult!(r.index, r.result) : undefined,
    describeJob: (spec, k) => `sweep run ${k} ${JSON.stringify(spec)}`,
  });
  return done.map((d) => d.result);
}
