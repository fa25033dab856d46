import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'python',
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    // beforeAll runs the whole pytest suite, and the first run makes the venv.
    hookTimeout: 900_000,
  },
});
