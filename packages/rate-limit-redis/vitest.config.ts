import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'rate-limit-redis',
    include: ['test/**/*.test.ts'],
    // The multi-process runs are a project of their own (vitest.processes.config.ts).
    exclude: ['test/multi-process.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
