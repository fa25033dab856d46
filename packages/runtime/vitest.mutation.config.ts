import { statSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';
import type { TestSequencer, TestSpecification } from 'vitest/node';

/**
 * Smallest test files first. Stryker runs a mutant's covering tests in one worker and stops at the first failure
 * (bail), so a mutant a quick unit test kills no longer waits behind the long integration files vitest would put
 * first (its default runs the slowest files first). The order changes how long a run takes, not which tests run:
 * a mutant that survives still meets every test that covers it. File size keeps it the same on every machine.
 */
class SmallestFirst implements TestSequencer {
  shard(files: TestSpecification[]) {
    return files;
  }

  sort(files: TestSpecification[]) {
    const size = (spec: TestSpecification) => statSync(spec.moduleId).size;
    return [...files].sort(
      (a, b) => size(a) - size(b) || a.moduleId.localeCompare(b.moduleId) || a.project.name.localeCompare(b.project.name),
    );
  }
}

// What Stryker runs for each mutant (stryker.config.mjs): the runtime's tests under both transports, as the root
// run does — a mutant of the node:http transport is only ever reached by the `runtime:node-http` project. The
// property tests take a fixed seed here (test/setup-mutation.ts says why).
//
// Left out until the baseline is measured with them: tests written for the survivors of a file the committed
// baseline does not hold yet. Stryker would otherwise re-test every measured mutant they reach, in CI's gate. Take a
// file out of this list in the commit that re-measures the baseline with it.
const NOT_YET_MEASURED: string[] = [];

export default defineConfig({
  test: {
    sequence: { sequencer: SmallestFirst },
    projects: [
      {
        extends: './vitest.config.ts',
        test: { setupFiles: ['./test/setup-mutation.ts'], exclude: [...configDefaults.exclude, ...NOT_YET_MEASURED] },
      },
      {
        extends: './vitest.config.ts',
        test: {
          name: 'runtime:node-http',
          // Added to the runtime's own include, as the root config does: what only the node:http wire can show.
          include: ['test/**/*.node-test.ts'],
          exclude: [...configDefaults.exclude, ...NOT_YET_MEASURED],
          setupFiles: ['./test/setup-mutation.ts', './test/setup-node-transport.ts'],
        },
      },
    ],
  },
});
