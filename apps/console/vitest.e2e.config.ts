import { defineConfig } from 'vitest/config';

// Browser tests drive one shared stack in order; they are slow and must not run in parallel.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
