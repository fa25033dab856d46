import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'runtime',
    include: ['test/**/*.test.ts'],
    // Integration tests wait through real backoff sleeps (up to a few seconds on a busy machine).
    testTimeout: 30_000,
  },
});
