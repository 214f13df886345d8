/** Messages between a WorkerPool and a worker running serveJobs (internal to this folder). */
export type ToWorker<J> = { readonly kind: 'job'; readonly index: number; readonly job: J } | { readonly kind: 'stop' };

export interface RemoteError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** isUserError on the worker's side: bad input (exit 2) rather than a bug (exit 1). */
  readonly user: boolean;
}

export type FromWorker<R> =
  | { readonly kind: 'progress'; readonly index: number; readonly fraction: number }
  | { readonly kind: 'result'; readonly index: number; readonly result: R }
  | { readonly kind: 'error'; readonly index: number; readonly error: RemoteError };
