// The mutation-testing figures next to the other quality figures, read from each package's committed Stryker
// baseline (packages/<name>/mutation/stryker-incremental.json, which `pnpm test:mutation` keeps current): a full
// run takes hours on two cores, so the bench prints the last results instead of running it.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fileScores, formatScore, totals } from '../../mutation/src/scores.mjs';

const PACKAGES = ['runtime', 'rate-limit-redis'];

/** Per package: the baseline's totals, its lowest-scoring file, and the source files no run has measured. */
export async function readMutation() {
  const rows = [];
  for (const name of PACKAGES) {
    const dir = fileURLToPath(new URL(`../../../packages/${name}/`, import.meta.url));
    const baseline = `${dir}mutation/stryker-incremental.json`;
    const files = existsSync(baseline) ? fileScores(JSON.parse(await readFile(baseline, 'utf8'))) : [];
    const sources = (await readdir(`${dir}src`, { recursive: true })).filter((file) => file.endsWith('.ts')).map((file) => `src/${file}`);
    const measured = new Set(files.map((row) => row.file));
    const lowest = files.filter((row) => row.score !== null).sort((a, b) => a.score - b.score)[0];
    rows.push({ package: name, ...totals(files), lowest, unmeasured: sources.filter((file) => !measured.has(file)).sort() });
  }
  return { rows };
}

/** The section as report.mjs prints it: a title and rows, header first. */
export function mutationSection({ rows }) {
  return {
    title: '10. Mutation testing (StrykerJS, from the committed baselines packages/*/mutation/; goal every file ≥ 90%)',
    rows: [
      ['package', 'mutants', 'killed', 'survived', 'no coverage', 'equivalent', 'score', 'lowest file', 'files not measured'],
      ...rows.map((row) => [
        row.package,
        row.mutants,
        row.killed,
        row.survived,
        row.noCoverage,
        row.equivalent,
        formatScore(row.score),
        row.lowest ? `${row.lowest.file} ${formatScore(row.lowest.score)}` : '–',
        row.unmeasured.length,
      ]),
    ],
  };
}
