// The mutation-testing figures next to the other quality figures: read from tools/mutation/summary.json, which
// `pnpm test:mutation` writes after a run over every package (a full run takes hours on two cores, so the bench
// prints the last one instead of running it).
import { readFile } from 'node:fs/promises';

const SUMMARY = new URL('../../mutation/summary.json', import.meta.url);

/** The last whole run's summary: per package, the totals, the lowest-scoring file and the run's duration. */
export async function readMutation() {
  const summary = JSON.parse(await readFile(SUMMARY, 'utf8'));
  return {
    date: summary.date,
    mode: summary.mode,
    rows: Object.entries(summary.packages).map(([name, { seconds, total, files }]) => {
      const lowest = files.filter((file) => file.score !== null).sort((a, b) => a.score - b.score)[0];
      return { package: name, seconds, ...total, lowest: lowest && { file: lowest.file, score: lowest.score } };
    }),
  };
}

/** The section as report.mjs prints it: a title and rows, header first. */
export function mutationSection({ date, mode, rows }) {
  const pct = (score) => (score === null || score === undefined ? 'n/a' : `${(Math.floor(score * 10) / 10).toFixed(1)}%`);
  return {
    title: `10. Mutation testing (StrykerJS, ${mode} run of ${date.slice(0, 10)}, from tools/mutation/summary.json; goal every file ≥ 90%)`,
    rows: [
      ['package', 'mutants', 'killed', 'survived', 'no coverage', 'equivalent', 'score', 'lowest file', 'run'],
      ...rows.map((row) => [
        row.package,
        row.mutants,
        row.killed,
        row.survived,
        row.noCoverage,
        row.equivalent,
        pct(row.score),
        row.lowest ? `${row.lowest.file} ${pct(row.lowest.score)}` : '–',
        `${Math.round(row.seconds / 60)} min`,
      ]),
    ],
  };
}
