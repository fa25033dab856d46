import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startMockServer, type MockServer } from '@coze/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const SENTINEL = 'sentinel-token-do-not-print';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ tokens: { [SENTINEL]: 'admin', 'demo-read': 'read', YOUR_API_KEY: 'write' } });
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

/** Runs one example as a user would, against the embedded server; returns what it printed. */
async function example(file: string): Promise<string> {
  const args = file.endsWith('.ts') ? ['--import', 'tsx', file] : [file];
  const { stdout, stderr } = await run(process.execPath, args, {
    cwd: here,
    env: { ...process.env, COZE_BASE_URL: server.url, COZE_API_KEY: SENTINEL },
  });
  const output = stdout + stderr;
  expect(output).not.toContain(SENTINEL);
  return stdout;
}

describe('examples', () => {
  it('quickstart.ts: chat, stream, workflow create → list → run, and a burst absorbed', async () => {
    const out = await example('quickstart.ts');
    expect(out).toMatch(/^chat {8}chat_\w+: .*你好/m);
    expect(out).toMatch(/^stream {6}\S+/m);
    expect(out).toMatch(/^workflow {4}created wf_\w+ "quickstart-\d{14}" \(version 1, 3 nodes\)/m);
    expect(out).toMatch(/^workflows {3}1 listed/m);
    expect(out).toMatch(/^run {9}run_\w+: succeeded/m);
    expect(out).toMatch(/^burst {7}25 calls beyond the 10\/s limit: 25 succeeded, 0 failed/m);
    expect(out).toMatch(/^cleanup {5}deleted quickstart-\d{14} \(wf_\w+\)$/m);
    // The server enforced its limit and never had to refuse: the client paced the burst.
    expect(server.requests.length).toBeGreaterThan(25);
  });

  it('quickstart.cjs: the reference’s require() example', async () => {
    const out = await example('quickstart.cjs');
    expect(out).toContain('你好');
  });

  it.each(['seed-example.cjs', 'seed-example.mjs'])('%s: the reference’s SDK example as written', async (file) => {
    const { stdout } = await run(process.execPath, [file], { cwd: here, env: { ...process.env, COZE_BASE_URL: server.url } });
    expect(stdout).toContain('你好');
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer [REDACTED]');
  });

  it('streaming.ts: deltas, finalChat() and an abort', async () => {
    const out = await example('streaming.ts');
    expect(out).toMatch(/\[chat_\w+ started\]/);
    expect(out).toMatch(/\[completed: \d+ characters\]/);
    expect(out).toMatch(/finalChat\(\) chat_\w+/);
    expect(out).toContain('aborted after the first delta');
  });

  it('error-handling.ts: validation, 404, 401', async () => {
    const out = await example('error-handling.ts');
    expect(out).toContain('not sent: temperature (maximum)');
    expect(out).toMatch(/404: {6}404 /);
    expect(out).toMatch(/401: {6}401 /);
  });

  it('workflow-crud.ts: every operation, through every page', async () => {
    const out = await example('workflow-crud.ts');
    expect(out).toMatch(/^page 1 {4}2 workflows, has_more=true/m);
    expect(out).toMatch(/^all pages 5 of ours seen/m);
    expect(out).toMatch(/^update {4}"crud-renamed" version 2/m);
    expect(out).toMatch(/^delete {4}all 5 deleted/m);
  });

  it('all type-check against @coze/client', async () => {
    const { stdout } = await run(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: here }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    expect(stdout).toBe('');
  });
});
