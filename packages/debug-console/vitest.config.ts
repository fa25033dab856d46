import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'debug-console',
    // The browser test sends every operation from the page; the CLI test starts `pnpm debug`.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    include: ['test/**/*.test.ts'],
  },
});
