import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'bench',
    include: ['test/**/*.test.ts'],
    // esbuild bundles four entries; slow CI machines get room.
    testTimeout: 60_000,
  },
});
