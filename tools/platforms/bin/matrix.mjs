#!/usr/bin/env node
// `pnpm test:platforms [runtime…]`: the smoke suite on every runtime (or those named, e.g. `deno node`),
// from the packed packages; prints the table and exits 1 when any check failed. Run `pnpm build` first.
import { formatTable, runMatrix } from '../src/matrix.mjs';

const only = process.argv.slice(2);
const rows = await runMatrix({
  only: only.length ? only : undefined,
  onRow: (row) => console.error(`${row.runtime} ${row.version}: ${row.checks.every((check) => check.ok) ? 'passed' : 'FAILED'}`),
});
console.log(formatTable(rows));
process.exitCode = rows.length > 0 && rows.every((row) => row.checks.every((check) => check.ok)) ? 0 : 1;
