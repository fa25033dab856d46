import { defineConfig } from 'vitest/config';

// What Stryker runs for each mutant (stryker.config.mjs): the runtime's tests under both transports, as the root
// run does — a mutant of the node:http transport is only ever reached by the `runtime:node-http` project.
export default defineConfig({
  test: {
    projects: [
      './vitest.config.ts',
      {
        extends: './vitest.config.ts',
        test: { name: 'runtime:node-http', setupFiles: ['./test/setup-node-transport.ts'] },
      },
    ],
  },
});
