import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'soak',
    include: ['test/**/*.test.ts'],
    // The short soak runs 500 calls through a faulty server in a child process.
    testTimeout: 240_000,
  },
});
