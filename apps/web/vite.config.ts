import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const stub = here('./src/lib/node-stub.ts');

/**
 * The page imports @spinsnn/core, @spinsnn/backends and @spinsnn/plot as packages, and the pure
 * modules of @spinsnn/learning and @spinsnn/datasets from their sources (src/lib/learning.ts,
 * src/lib/sims.ts): their package indexes also export Node-only code. The few node: modules those
 * source files import beside pure functions resolve to src/lib/node-stub.ts.
 */
export default defineConfig({
  root: here('.'),
  base: './',
  resolve: {
    alias: [
      { find: /^node:(fs|path|module|zlib)$/, replacement: stub },
      { find: /^@spinsnn\/learning$/, replacement: here('./src/lib/learning.ts') },
    ],
  },
  worker: { format: 'es', rolldownOptions: { output: { keepNames: true } } },
  // keepNames: the page shows errors by their class name (ParamError, DataError, …)
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000, rolldownOptions: { output: { keepNames: true } } },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
