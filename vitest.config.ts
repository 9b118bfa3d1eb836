import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and e2e tests open real ports: keep files from fighting over the CPU.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
