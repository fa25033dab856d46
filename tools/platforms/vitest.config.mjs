import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'platforms',
    include: ['test/**/*.test.mjs'],
    // The matrix packs, installs and runs seven runtimes one after another (about 20 s here; more on
    // a busy machine). Each runtime process is bounded by its own timeout inside the matrix.
    hookTimeout: 900_000,
    testTimeout: 60_000,
  },
});
