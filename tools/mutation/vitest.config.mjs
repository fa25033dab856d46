import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'mutation',
    include: ['test/**/*.test.mjs'],
  },
});
