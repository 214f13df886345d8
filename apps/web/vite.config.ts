import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The page imports every spinsnn package by its browser-safe main entry (no node:* module, no
 * TF.js: test/packaging/browser-bundle.test.ts keeps them so), so it needs no aliases or stubs.
 */
export default defineConfig({
  root: here('.'),
  base: './',
  worker: { format: 'es', rolldownOptions: { output: { keepNames: true } } },
  // keepNames: the page shows errors by their class name (ParamError, DataError, …)
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000, rolldownOptions: { output: { keepNames: true } } },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
