#!/usr/bin/env node
// Lists the mutants still alive in a package's baseline (or any Stryker JSON report), file by file: the line, the
// mutator, what Stryker put there, and how many tests ran it. The list to work from when killing survivors.
//
//   node tools/mutation/bin/survivors.mjs runtime [src/retry.ts ...]
//   node tools/mutation/bin/survivors.mjs path/to/mutation.json
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const [where, ...files] = process.argv.slice(2);
if (!where) {
  console.error('usage: survivors.mjs <package name | report.json> [files...]');
  process.exit(2);
}
const path = where.endsWith('.json')
  ? where
  : fileURLToPath(new URL(`../../../packages/${where}/mutation/stryker-incremental.json`, import.meta.url));
const report = JSON.parse(await readFile(path, 'utf8'));
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  if (files.length && !files.includes(file)) continue;
  const lines = source.split('\n');
  const alive = mutants
    .filter((mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage')
    .sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
  if (alive.length === 0) continue;
  console.log(`\n${file}: ${alive.length} alive`);
  for (const mutant of alive) {
    const { line, column } = mutant.location.start;
    const tests = mutant.status === 'NoCoverage' ? 'no coverage' : `${mutant.coveredBy?.length ?? '?'} tests`;
    console.log(`  ${line}:${column} ${mutant.mutatorName} (${tests})\n    ${lines[line - 1]?.trim()}\n    → ${mutant.replacement?.split('\n')[0]}`);
  }
}
