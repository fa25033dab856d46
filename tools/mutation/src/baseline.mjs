// Merging the report of a run over some files (`--mutate`) into a package's incremental baseline, so the baseline
// can be built and kept up to date a file at a time. Stryker numbers the tests of each report from 0, so the
// numbers are remapped; a test is known by its file and name, which is also how Stryker's incremental mode matches
// tests between runs.

const keyOf = (file, name) => `${file}\u0000${name}`;

/**
 * The baseline with every file of `run` replaced by the run's results, and each test file the run saw replaced by
 * the run's version of it. Mutants kept from the baseline lose references to tests that no longer exist.
 *
 * @param {object | undefined} baseline a mutation-testing report (the committed incremental file), if any
 * @param {object} run the report of the newer run
 */
export function mergeReports(baseline, run) {
  if (!baseline) return run;
  const testFiles = { ...baseline.testFiles, ...run.testFiles };
  const ids = new Map();
  const merged = {};
  for (const [file, { tests, ...rest }] of Object.entries(testFiles)) {
    merged[file] = {
      ...rest,
      tests: tests.map((test) => {
        const id = String(ids.size);
        ids.set(keyOf(file, test.name), id);
        return { ...test, id };
      }),
    };
  }
  const remap = (report) => {
    const byOldId = new Map();
    for (const [file, { tests }] of Object.entries(report.testFiles ?? {})) {
      for (const test of tests) byOldId.set(test.id, ids.get(keyOf(file, test.name)));
    }
    const translate = (list) => list?.map((id) => byOldId.get(id)).filter((id) => id !== undefined);
    return Object.fromEntries(
      Object.entries(report.files).map(([file, result]) => [
        file,
        {
          ...result,
          mutants: result.mutants.map((mutant) => ({
            ...mutant,
            ...(mutant.coveredBy && { coveredBy: translate(mutant.coveredBy) }),
            ...(mutant.killedBy && { killedBy: translate(mutant.killedBy) }),
          })),
        },
      ]),
    );
  };
  return { ...run, files: { ...remap(baseline), ...remap(run) }, testFiles: merged };
}

/**
 * The run with each surviving or timed-out mutant still listing the tests the baseline says already ran against it,
 * where neither the mutant's file nor those tests' file changed since. Stryker re-tests a mutant that is not killed as
 * soon as a test covers it that did not before; the runtime's per-test coverage is not the same in every run (a timer
 * or socket event of one test lands in the next), so a test could drop out of a mutant's coverage in one run and
 * come back in the next, and a fresh clone then re-tested mutants of code nobody had changed. Kept, such a test is
 * known to Stryker, and the mutant is re-tested only for a test it has really never met.
 *
 * @param {object | undefined} baseline the committed incremental file before the run, if any
 * @param {object} run the report to be written as the new baseline
 */
export function keepCoverage(baseline, run) {
  if (!baseline?.testFiles || !run.testFiles) return run;
  const oldTests = new Map();
  for (const [file, { source, tests }] of Object.entries(baseline.testFiles)) {
    if (run.testFiles[file]?.source !== source) continue;
    for (const test of tests) oldTests.set(test.id, keyOf(file, test.name));
  }
  const newIds = new Map();
  for (const [file, { tests }] of Object.entries(run.testFiles)) {
    for (const test of tests) newIds.set(keyOf(file, test.name), test.id);
  }
  const mutantKey = (m) => `${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column} ${m.mutatorName} ${m.replacement ?? ''}`;
  const files = Object.fromEntries(
    Object.entries(run.files).map(([file, result]) => {
      const old = baseline.files?.[file];
      if (!old || old.source !== result.source) return [file, result];
      const oldByKey = new Map(old.mutants.map((m) => [mutantKey(m), m]));
      const mutants = result.mutants.map((mutant) => {
        if (mutant.status !== 'Survived' && mutant.status !== 'Timeout') return mutant;
        const before = oldByKey.get(mutantKey(mutant));
        if (!before || before.status !== mutant.status || !mutant.coveredBy) return mutant;
        const kept = (before.coveredBy ?? []).map((id) => newIds.get(oldTests.get(id))).filter((id) => id !== undefined);
        const coveredBy = [...new Set([...mutant.coveredBy, ...kept])];
        return coveredBy.length === mutant.coveredBy.length ? mutant : { ...mutant, coveredBy };
      });
      return [file, { ...result, mutants }];
    }),
  );
  return { ...run, files };
}

const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/** The order of a mutant's keys as written (others follow by name): Stryker orders a reused mutant's unlike a new one's. */
const MUTANT_KEYS = ['id', 'mutatorName', 'replacement', 'statusReason', 'status', 'static', 'testsCompleted', 'killedBy', 'coveredBy', 'location'];
const keyRank = (key) => (MUTANT_KEYS.includes(key) ? MUTANT_KEYS.indexOf(key) : MUTANT_KEYS.length);
const inKeyOrder = (mutant) =>
  Object.fromEntries(
    Object.entries(mutant)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => keyRank(a) - keyRank(b) || byText(a, b)),
  );
const byLocation = (a, b) =>
  a.location.start.line - b.location.start.line ||
  a.location.start.column - b.location.start.column ||
  byText(a.mutatorName, b.mutatorName) ||
  byText(a.replacement ?? '', b.replacement ?? '');

/**
 * The report in an order of its own content, not of the run: files and test files by path, tests by name (numbered in
 * that order), mutants by place, and every list of tests sorted. Stryker numbers tests as their results arrive, which
 * differs from run to run; its incremental mode knows a test by its file and name, never by its number, so the numbers
 * are free to choose, and a run that changed nothing leaves the baseline as it was.
 */
export function normalizeReport(report) {
  const ids = new Map();
  const testFiles = Object.fromEntries(
    Object.entries(report.testFiles ?? {})
      .sort(([a], [b]) => byText(a, b))
      .map(([file, { tests, ...rest }]) => [
        file,
        {
          ...rest,
          tests: [...tests]
            .sort((a, b) => byText(a.name, b.name))
            .map((test) => {
              const id = String(ids.size);
              ids.set(test.id, id);
              return { ...test, id };
            }),
        },
      ]),
  );
  // Without per-test coverage, a report has no test files and its mutants name no test.
  const translate = (list) =>
    list
      .map((id) => ids.get(id))
      .filter((id) => id !== undefined)
      .sort((a, b) => Number(a) - Number(b));
  const files = Object.fromEntries(
    Object.entries(report.files)
      .sort(([a], [b]) => byText(a, b))
      .map(([file, { mutants, ...rest }]) => [
        file,
        {
          ...rest,
          mutants: [...mutants].sort(byLocation).map((mutant) =>
            inKeyOrder({
              ...mutant,
              ...(mutant.coveredBy && { coveredBy: translate(mutant.coveredBy) }),
              // A mutant run in this run lists no killer as `[]`, one reused from the baseline as nothing at all.
              killedBy: mutant.killedBy?.length ? translate(mutant.killedBy) : undefined,
            }),
          ),
        },
      ]),
  );
  return { ...report, files, ...(report.testFiles && { testFiles }) };
}

/**
 * The baseline as committed: without what differs between machines and runs (the absolute project root, the
 * options, the versions found), which Stryker's incremental mode does not read, and in the order normalizeReport
 * gives it. One mutant or test per line keeps its diffs readable.
 */
export function serializeBaseline({ projectRoot, config, framework, ...raw }) {
  const report = normalizeReport(raw);
  const lines = (entries, write) => entries.map(write).join(',\n');
  const files = lines(Object.entries(report.files), ([file, { mutants, ...rest }]) =>
    `${JSON.stringify(file)}: ${JSON.stringify(rest).slice(0, -1)},"mutants":[\n${lines(mutants, (m) => JSON.stringify(m))}\n]}`,
  );
  const testFiles = lines(Object.entries(report.testFiles ?? {}), ([file, { tests, ...rest }]) =>
    `${JSON.stringify(file)}: ${JSON.stringify(rest).slice(0, -1)},"tests":[\n${lines(tests, (t) => JSON.stringify(t))}\n]}`,
  );
  return `{"schemaVersion":${JSON.stringify(report.schemaVersion)},"thresholds":${JSON.stringify(report.thresholds)},\n"files":{\n${files}\n},\n"testFiles":{\n${testFiles}\n}}\n`;
}
