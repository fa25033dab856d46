#!/usr/bin/env node
// Prints the per-file table (killed incl. timeouts, survived, no coverage, equivalent, score) of a package's
// baseline or of any Stryker JSON report: what the closing notes quote.
//
//   node tools/mutation/bin/table.mjs runtime
//   node tools/mutation/bin/table.mjs path/to/mutation.json
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fileScores, markdownTable } from '../src/scores.mjs';

const [where] = process.argv.slice(2);
if (!where) {
  console.error('usage: table.mjs <package name | report.json>');
  process.exit(2);
}
const path = where.endsWith('.json')
  ? where
  : fileURLToPath(new URL(`../../../packages/${where}/mutation/stryker-incremental.json`, import.meta.url));
console.log(markdownTable(fileScores(JSON.parse(await readFile(path, 'utf8')))));
