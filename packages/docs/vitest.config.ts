import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'docs',
    // The browser test opens both editions and every operation; tsc checks every sample.
    testTimeout: 120_000,
    include: ['test/**/*.test.ts'],
  },
});
