import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // tests run against the TypeScript sources, not dist
    alias: {
      '@spinsnn/core': src('./packages/core/src/index.ts'),
      '@spinsnn/backends': src('./packages/backends/src/index.ts'),
      '@spinsnn/datasets': src('./packages/datasets/src/index.ts'),
      '@spinsnn/learning': src('./packages/learning/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
