import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'mock-server',
    // The CLI tests start node processes; on a loaded 2-core machine that alone can take seconds.
    testTimeout: 30_000,
  },
});
