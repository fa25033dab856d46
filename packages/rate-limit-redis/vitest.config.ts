import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'rate-limit-redis',
    include: ['test/**/*.test.ts'],
    // The multi-process runs take as long as the quota they share: 200 calls at 10/s is 19 s, 400 is 39 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
