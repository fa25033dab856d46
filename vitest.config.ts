import { defineConfig } from 'vitest/config';

// One run over every workspace package, so CI reads a single summary line.
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'tools/*',
      'examples',
      {
        extends: './packages/runtime/vitest.config.ts',
        test: {
          name: 'runtime:node-http',
          root: './packages/runtime',
          setupFiles: ['./test/setup-node-transport.ts'],
        },
      },
    ],
  },
});
