import { parentPort, workerData } from 'node:worker_threads';
import { prepareMaxCut, runMaxCut, type MaxCutConfig } from './maxcut-run.js';
import type { WeightedGraph } from './maxcut.js';

/** Worker thread: runs the max-cut runs it is given and posts each result as it finishes. */
interface Job {
  readonly graph: WeightedGraph;
  readonly cfg: MaxCutConfig;
  readonly runs: readonly number[];
  readonly deadline: number | null;
}

const job = workerData as Job;
const inst = prepareMaxCut(job.graph, job.cfg.sampler);
for (const r of job.runs) {
  if (job.deadline !== null && Date.now() >= job.deadline) break;
  parentPort!.postMessage(runMaxCut(inst, job.cfg, r));
}
parentPort!.postMessage('done');
