// Which files a run mutates, given what was asked and what the baseline holds.

/**
 * The `--mutate` list of a run: the files asked for, and every file the baseline has measured. Stryker keeps the
 * mutants of a file outside a run with the coverage they had, while the baseline takes the tests' new text; after a
 * run narrowed to one file, a changed or added test would leave the other files' survivors looking current, and the
 * next run of every measured file (CI's gate) would re-test each one the test reaches. Once, after a renamed test
 * row, that was ten mutants reached by every test, estimated past CI's 30-minute budget. Mutated too, they cost nothing where neither
 * their code nor their tests changed: Stryker reuses those results.
 *
 * @param {{ requested?: string, measured: string[] }} run `requested` as given to --mutate (comma-separated paths or
 *   globs); the files of the baseline
 * @returns {{ mutate: string | undefined, added: string[] }} `mutate` undefined: every file Stryker's config mutates;
 *   `added`: the measured files the request did not name
 */
export function mutateScope({ requested, measured }) {
  if (requested === undefined) return { mutate: undefined, added: [] };
  const asked = requested.split(',');
  const added = measured.filter((file) => !asked.includes(file));
  return { mutate: [...asked, ...added].join(','), added };
}
