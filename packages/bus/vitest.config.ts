import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // the crash tests spawn child processes; running files one after another keeps the 2 cores usable
    fileParallelism: false,
  },
});
