import { defineConfig } from 'vitest/config';

// One run over every workspace package, so CI reads a single summary line.
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'packages/rate-limit-redis/vitest.processes.config.ts',
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
