import { serveJobs } from '../workers/serve.js';
import { prepareMaxCut, runMaxCut, type MaxCutConfig, type MaxCutInstance, type MaxCutRun } from './maxcut-run.js';
import type { WeightedGraph } from './maxcut.js';

/** Worker thread of maxCutRuns: prepares the graph once, then runs the run indices it is sent. */
export interface MaxCutWorkerData {
  readonly graph: WeightedGraph;
  readonly cfg: MaxCutConfig;
}

let inst: MaxCutInstance | null = null;
serveJobs<number, MaxCutRun>((run, ctx) => {
  const { graph, cfg } = ctx.data as MaxCutWorkerData;
  // prepared inside a job so that a bad graph is reported as that job's error
  inst ??= prepareMaxCut(graph, cfg.sampler);
  return runMaxCut(inst, cfg, run);
});
