import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // tests run against the TypeScript sources, not dist
    alias: [
      // subpath entry points (@spinsnn/learning/node, …/tfjs, @spinsnn/datasets/node, …/internal)
      { find: /^@spinsnn\/(core|backends|datasets|learning)\/(internal|node|tfjs)$/, replacement: src('./packages/$1/src/$2.ts') },
      { find: /^@spinsnn\/(core|backends|datasets|learning)$/, replacement: src('./packages/$1/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
