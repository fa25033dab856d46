import { defineConfig } from 'vitest/config';

// One run over every workspace package, so CI reads a single summary line. The spec-change drill
// (tools/pr-checks/drill) runs last, alone: it runs `pnpm test` in a copy of the repository, whose own run leaves it
// out (COZE_SPEC_DRILL).
const drill = {
  test: {
    name: 'spec-drill',
    root: './tools/pr-checks',
    include: ['drill/**/*.test.mjs'],
    sequence: { groupOrder: 1 },
    hookTimeout: 45 * 60_000,
    testTimeout: 60_000,
  },
};

export default defineConfig({
  test: {
    projects: [
      ...(process.env.COZE_SPEC_DRILL ? [] : [drill]),
      'packages/*',
      'packages/rate-limit-redis/vitest.processes.config.ts',
      'tools/*',
      'examples',
      {
        extends: './packages/runtime/vitest.config.ts',
        test: {
          name: 'runtime:node-http',
          root: './packages/runtime',
          // Added to the runtime's own include: what only the node:http wire can show.
          include: ['test/**/*.node-test.ts'],
          setupFiles: ['./test/setup-node-transport.ts'],
        },
      },
    ],
  },
});
