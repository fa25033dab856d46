import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'pr-checks',
    include: ['test/**/*.test.mjs'],
    // Every test spawns redocly or git: give slow CI machines room.
    testTimeout: 60_000,
  },
});
