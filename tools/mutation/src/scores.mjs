// Per-file figures from a Stryker JSON report (the mutation-testing-report schema, which is also the format of the
// incremental baseline): the mutation score as Stryker computes it, and the gate every file must pass.

/** The least share of mutants the tests must detect in EVERY mutated file (issue 19). */
export const MIN_SCORE = 90;

/**
 * Counts per file. `killed` includes timeouts (a mutant that makes the tests hang is detected); `equivalent` are the
 * mutants a `// Stryker disable` comment names as equivalent (status Ignored); `errors` are mutants that did not
 * compile or crashed the runner, which Stryker leaves out of the score as we do.
 *
 * @param {{ files: Record<string, { mutants: Array<{ status: string }> }> }} report
 * @returns {Array<{ file: string, mutants: number, killed: number, survived: number, noCoverage: number, equivalent: number, errors: number, score: number | null }>}
 */
export function fileScores(report) {
  return Object.entries(report.files)
    .map(([file, { mutants }]) => {
      const count = (...statuses) => mutants.filter((mutant) => statuses.includes(mutant.status)).length;
      const killed = count('Killed', 'Timeout');
      const survived = count('Survived');
      const noCoverage = count('NoCoverage');
      const judged = killed + survived + noCoverage;
      return {
        file,
        mutants: mutants.length,
        killed,
        survived,
        noCoverage,
        equivalent: count('Ignored'),
        errors: count('CompileError', 'RuntimeError'),
        score: judged === 0 ? null : (100 * killed) / judged,
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** The rows of `fileScores` summed, with the score over all of them. */
export function totals(rows) {
  const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
  const killed = sum('killed');
  const judged = killed + sum('survived') + sum('noCoverage');
  return {
    mutants: sum('mutants'),
    killed,
    survived: sum('survived'),
    noCoverage: sum('noCoverage'),
    equivalent: sum('equivalent'),
    errors: sum('errors'),
    score: judged === 0 ? null : (100 * killed) / judged,
  };
}

/** The files below MIN_SCORE, each with a sentence that names it, its score and what is left to kill. */
export function gateFailures(rows, minScore = MIN_SCORE) {
  return rows
    .filter((row) => row.score !== null && row.score < minScore)
    .map(
      (row) =>
        `${row.file}: ${formatScore(row.score)} of its mutants killed, below ${minScore}% ` +
        `(${row.survived} survived, ${row.noCoverage} without coverage)`,
    );
}

/** A score as `93.2%`, or `n/a` for a file with no mutant to judge. */
export function formatScore(score) {
  return score === null ? 'n/a' : `${(Math.floor(score * 10) / 10).toFixed(1)}%`;
}

/** A markdown table of the rows, with a total line (the form the closing notes and README use). */
export function markdownTable(rows) {
  const line = (name, row) =>
    `| ${name} | ${row.killed} | ${row.survived} | ${row.noCoverage} | ${row.equivalent} | ${formatScore(row.score)} |`;
  return [
    '| file | killed (incl. timeouts) | survived | no coverage | equivalent (disabled) | score |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((row) => line(row.file, row)),
    line('**all files**', totals(rows)),
  ].join('\n');
}
