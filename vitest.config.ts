import { defineConfig } from 'vitest/config';

// One run over every workspace package, so CI reads a single summary line.
export default defineConfig({
  test: {
    projects: ['packages/*', 'tools/*', 'examples'],
  },
});
