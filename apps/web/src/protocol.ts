/** Messages the page sends its Web Worker (worker.ts): one job each. */
export type Job =
  | { op: 'cuba'; kind: 'cuba' | 'coba'; neurons: number; seed: number; duration: number; chunk: number }
  | { op: 'bench'; kind: 'cuba' | 'coba'; neurons: number; duration: number }
  | { op: 'digest'; kind: 'cuba' | 'coba'; neurons: number; seed: number; duration: number }
  | { op: 'models' }
  | { op: 'device'; id: string; preset?: string; params: Record<string, number>; seed: number }
  | { op: 'maxcut'; text: string; name: string; sweeps: number; beta0: number; beta1: number; seed: number }
  | {
      op: 'stdp';
      synapse: string;
      preset?: string;
      neurons: number;
      samples: number;
      testSamples: number;
      seed: number;
      every: number;
      dataUrl: string;
      meta: { train: number; test: number };
    };

/** What the worker sends back. */
export type Reply = { type: 'frame' | 'done'; [k: string]: unknown } | { type: 'error'; name: string; message: string };

/** A worker running one job: its messages arrive at `onFrame`; resolves with the `done` message, rejects with the error. */
export function runJob<T = Record<string, unknown>>(job: Job, onFrame?: (m: Record<string, unknown>) => void): { promise: Promise<T>; stop: () => void } {
  const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  let stop = () => w.terminate();
  const promise = new Promise<T>((resolve, reject) => {
    stop = () => {
      w.terminate();
      reject(new StoppedError());
    };
    w.onmessage = (ev: MessageEvent<Reply>) => {
      const m = ev.data;
      if (m.type === 'frame') onFrame?.(m);
      else if (m.type === 'done') w.terminate(), resolve(m as unknown as T);
      else {
        w.terminate();
        const e = new Error((m as { message: string }).message);
        e.name = (m as { name: string }).name;
        reject(e);
      }
    };
    w.onerror = (ev) => {
      w.terminate();
      reject(new Error(`the worker failed: ${ev.message || 'could not start (see the browser console)'}`));
    };
  });
  w.postMessage(job);
  promise.catch(() => {});
  return { promise, stop: () => stop() };
}

/** A job stopped by the user (not an error to show). */
export class StoppedError extends Error {
  override name = 'StoppedError';
}
