import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../src/cli.mjs', import.meta.url));

/**
 * The short chaos soak in every test run (the full one is `pnpm soak`): 500 calls of every operation, a quarter
 * of them streams, from 32 callers through the embedded server injecting 20% random faults, in a process of its
 * own (so its heap, handles and unhandled rejections are the client's alone).
 */
describe('chaos soak (500 calls)', () => {
  it('every call ends in a value or a CozeError; no unhandled rejection, hang, duplicate write, leak or open handle', async () => {
    const { stdout } = await run(process.execPath, ['--expose-gc', cli, '--calls', '500', '--json'], {
      timeout: 200_000,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const figures = JSON.parse(stdout);
    expect(figures.calls).toBe(500);
    expect(figures.broken, JSON.stringify(figures.samples, null, 2)).toEqual([]);
    // The run did meet faults and streams, and the server really wrote.
    expect(Object.keys(figures.outcomes).length).toBeGreaterThan(3);
    expect(figures.streamEvents).toBeGreaterThan(0);
    expect(figures.writes).toBeGreaterThan(50);
  });
});
