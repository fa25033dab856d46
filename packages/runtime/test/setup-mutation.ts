// Under Stryker only (vitest.mutation.config.ts): the property tests draw the same cases in every run. Stryker's
// incremental mode re-tests a surviving or timed-out mutant as soon as a test covers it that did not before; with a
// new random seed per run, the property tests reached different code each time, so a fresh clone re-tested mutants
// of unchanged code (sse-parser's timeouts, over a minute each) on every CI run.
import fc from 'fast-check';

fc.configureGlobal({ seed: 19 });
