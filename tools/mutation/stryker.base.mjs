// The options every package's stryker.config.mjs shares: the vitest runner with per-test coverage (a mutant runs
// only the tests that reach it), at most two workers (the machines have two shared cores), and the incremental
// baseline committed beside the package (README.md says why it is committed).

/**
 * @param {{ vitestConfig: string }} options the vitest config Stryker runs for each mutant, relative to the package
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function strykerConfig({ vitestConfig }) {
  // Stryker runs the tests in worker threads, where a test's `process.env.TZ = …` does not change the zone Date
  // uses: the whole run takes a zone off GMT (inherited by Stryker's child processes and their threads), so a
  // mutant that reads a zone-less date in the machine's zone instead of GMT fails the tests that check it.
  process.env.TZ = 'Asia/Shanghai';
  return {
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    // related: false — Stryker's default asks vitest for the test files that import the mutated file, but a file
    // reached only through a setup file (the node:http transport and its proxy chooser, installed by
    // test/setup-node-transport.ts) is imported by no test file: its mutants then ran no test at all and "survived".
    // The covering tests per-test coverage found are the right filter on their own.
    vitest: { configFile: vitestConfig, related: false },
    mutate: ['src/**/*.ts'],
    coverageAnalysis: 'perTest',
    concurrency: 2,
    incremental: true,
    incrementalFile: 'mutation/stryker-incremental.json',
    reporters: ['html', 'json', 'clear-text', 'progress-append-only'],
    htmlReporter: { fileName: 'reports/mutation/index.html' },
    jsonReporter: { fileName: 'reports/mutation/mutation.json' },
    clearTextReporter: { allowEmojis: false, logTests: false, reportMutants: false },
    // The per-file gate (bin/mutation.mjs) enforces 90% on every file; Stryker's own threshold is for the whole run.
    thresholds: { high: 95, low: 90, break: null },
    ignorePatterns: ['dist', 'reports', 'mutation', '.turbo', '.stryker-tmp'],
    tempDirName: '.stryker-tmp',
    // The whole suite runs in one worker for the coverage run: on two shared cores that takes minutes.
    dryRunTimeoutMinutes: 20,
    // A worker's first mutant run imports and collects every test file it needs (about a minute for the runtime's
    // two projects): with Stryker's 5 s default, a mutant covered by few tests "timed out" on every fresh worker, and
    // each timeout restarted the worker, so the next one did too. A mutant that loops forever is stopped sooner by
    // Stryker's hit limit; one that hangs a test fails it at vitest's own testTimeout.
    timeoutMS: 60_000,
  };
}
