// `pnpm test` runs the platform matrix too: the smoke suite from the packed packages on Node 20/22/24,
// Bun, Deno, workerd and Chromium, each against its own embedded server.
import { beforeAll, describe, expect, it } from 'vitest';
import { RUNTIMES, formatTable, runMatrix } from '../src/matrix.mjs';

/** @type {import('../src/matrix.mjs').Row[]} */
let rows = [];

beforeAll(async () => {
  rows = await runMatrix();
  console.log(formatTable(rows));
});

describe.each(RUNTIMES.map((runtime) => runtime.name))('%s', (name) => {
  it('passes every check of the smoke suite, and its server saw the SDK’s identity', () => {
    const row = rows.find((candidate) => candidate.runtime === name);
    expect(row, `${name} did not run`).toBeDefined();
    expect(row?.version).toMatch(/^\d+\.\d+/);
    // Thirteen steps of the suite, plus two on what the server saw: a row can never pass with a step gone missing.
    expect(row?.checks.length).toBeGreaterThanOrEqual(15);
    expect(row?.checks.filter((check) => !check.ok)).toEqual([]);
  });
});
