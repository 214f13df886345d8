import { parentPort } from 'node:worker_threads';
import '@spinsnn/backends';
import { runExperiment, type ExperimentSpec } from './experiment.js';

/**
 * Worker-thread entry of `spinsnn sweep`: receives experiment specs, runs each (train + evaluate)
 * and posts the result back. One network per worker at a time; the parent hands out the grid.
 */
if (parentPort) {
  const port = parentPort;
  port.on('message', (msg: { id: number; spec: ExperimentSpec } | 'exit') => {
    if (msg === 'exit') {
      port.close();
      return;
    }
    try {
      const result = runExperiment(msg.spec, (done, total) => port.postMessage({ id: msg.id, progress: done / total }));
      port.postMessage({ id: msg.id, result });
    } catch (e) {
      port.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
}

/** Location of this module in dist, for `new Worker(sweepWorkerUrl)`. */
export const sweepWorkerUrl: URL = new URL(import.meta.url);
