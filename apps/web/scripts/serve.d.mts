/** Serves `dir` on 127.0.0.1:`port` (0 = a free port); resolves with the server and its URL. */
export function serveStatic(dir: string, port?: number): Promise<{ server: { close(): void }; url: string }>;
