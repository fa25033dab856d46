import { defineConfig } from 'vitest/config';

// What Stryker runs for each mutant (stryker.config.mjs): the runtime's tests under both transports, as the root
// run does — a mutant of the node:http transport is only ever reached by the `runtime:node-http` project. The
// property tests take a fixed seed here (test/setup-mutation.ts says why).
export default defineConfig({
  test: {
    projects: [
      {
        extends: './vitest.config.ts',
        test: { setupFiles: ['./test/setup-mutation.ts'] },
      },
      {
        extends: './vitest.config.ts',
        test: { name: 'runtime:node-http', setupFiles: ['./test/setup-mutation.ts', './test/setup-node-transport.ts'] },
      },
    ],
  },
});
