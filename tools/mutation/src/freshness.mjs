// Whether a package's committed baseline still describes its code: the incremental file keeps the source of every
// file and test file it was measured on, so a change nobody re-measured shows in seconds, where CI's incremental run
// would only meet it as mutants to re-test (a stale baseline once cost CI its 30-minute budget, twice: once in the
// pull-request drill's copy and once in its own step).
import { readFileSync } from 'node:fs';

/**
 * The files of `baseline` whose text on disk is no longer the one measured: changed or removed source files and test
 * files. A test file the baseline has never seen is not listed (which files a package's mutation config runs is the
 * config's business); Stryker re-tests what its tests cover all the same.
 *
 * @param {{ files: Record<string, { source: string }>, testFiles?: Record<string, { source?: string }> }} baseline
 * @param {(path: string) => string | undefined} readText the text of a file of the package, undefined when it is gone
 * @returns {{ sources: string[], tests: string[] }}
 */
export function staleFiles(baseline, readText) {
  const differs = ([path, { source }]) => source !== undefined && readText(path) !== source;
  return {
    sources: Object.entries(baseline.files).filter(differs).map(([path]) => path).sort(),
    tests: Object.entries(baseline.testFiles ?? {}).filter(differs).map(([path]) => path).sort(),
  };
}

/** One line per stale file, for the gate's output and the test's failure message; empty when the baseline is current. */
export function describeStale(packageDir, { sources, tests }) {
  return [...sources.map((path) => `${packageDir}/${path} (source)`), ...tests.map((path) => `${packageDir}/${path} (tests)`)];
}

/** A file's text, or undefined when it is gone: the `readText` that staleFiles takes, given a package's folder. */
export function readTextOrUndefined(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
