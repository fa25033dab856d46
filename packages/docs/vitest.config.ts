import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'docs',
    // The browser test opens both editions and every operation; tsc checks every sample.
    testTimeout: 120_000,
    // The Python samples' beforeAll prepares the SDK's venv when it is missing (pip from the wheelhouse): 10 s,
    // vitest's default, ran out once on a loaded machine.
    hookTimeout: 120_000,
    include: ['test/**/*.test.ts'],
  },
});
