// The main job's quick start against "a real platform": the embedded server posing as one, with both
// COZE_BASE_URL and COZE_API_KEY set. It must say what it will do, name what it creates quickstart-<time>, and
// delete it at the end — also when a step fails and on Ctrl-C. With only one of the two variables set, it stays
// on its own embedded server.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMockServer, type MockServer } from '@coze/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('..', import.meta.url));
let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

interface Run {
  code: number | null;
  output: string;
}

/** Runs run-quickstart.mjs in its own process group (as a terminal job is); `during` may signal it. */
function quickstart(env: Record<string, string | undefined>, during?: (pid: number, output: () => string) => Promise<void>): Promise<Run> {
  const child = spawn(process.execPath, ['run-quickstart.mjs'], {
    cwd: here,
    env: { ...process.env, COZE_BASE_URL: undefined, COZE_API_KEY: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, output })));
  if (during) void during(child.pid!, () => output);
  return exited;
}

const asReal = () => ({ COZE_BASE_URL: server.url, COZE_API_KEY: server.tokens.admin });

async function workflowsLeft(): Promise<string[]> {
  // The quick start may have just spent the token's burst at the server's 10 requests/s: wait out a 429.
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${server.url}/workflow?limit=100`, { headers: { authorization: `Bearer ${server.tokens.admin}` } });
    const body = (await response.json()) as { data: Array<{ name: string }> };
    if (response.status === 429 && attempt < 5) {
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after-ms') ?? 1000)));
      continue;
    }
    expect(response.status, JSON.stringify(body)).toBe(200);
    return body.data.map((w) => w.name);
  }
}

const created = (run: Run) => /workflow named (quickstart-\d{14})/.exec(run.output)?.[1];

describe('the quick start against a real platform (both variables set)', () => {
  it('says what it will do, names what it creates quickstart-<time>, and deletes it at the end', async () => {
    const run = await quickstart(asReal());
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`Quick start against ${server.url} with COZE_API_KEY (both are set). It will:`);
    const name = created(run)!;
    expect(name).toMatch(/^quickstart-\d{14}$/);
    expect(run.output).toMatch(new RegExp(`^workflow {4}created wf_\\w+ "${name}"`, 'm'));
    expect(run.output).toMatch(new RegExp(`^cleanup {5}deleted ${name} \\(wf_\\w+\\)$`, 'm'));
    expect(server.requests.filter((r) => r.operationId === 'workflow.delete')).toHaveLength(1);
    expect(await workflowsLeft()).toEqual([]);
  });

  it('deletes it when a step fails, and fails', async () => {
    server.faults.push({ match: { operationId: 'workflow.run' }, fault: { status: 400 } });
    const run = await quickstart(asReal());
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/^failed {6}BadRequestError: 400 /m);
    expect(run.output).toMatch(/^cleanup {5}deleted quickstart-\d{14}/m);
    expect(await workflowsLeft()).toEqual([]);
  });

  it('deletes it on Ctrl-C (SIGINT to the whole job), and exits 130', async () => {
    // The run hangs until interrupted, with its workflow created.
    server.faults.push({ match: { operationId: 'workflow.run' }, fault: { kind: 'hang' } });
    const run = await quickstart(asReal(), async (pid) => {
      for (let i = 0; i < 600 && !server.requests.some((r) => r.operationId === 'workflow.run'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      process.kill(-pid, 'SIGINT'); // as a terminal does: to every process of the job
    });
    expect(run.code, run.output).toBe(130);
    expect(run.output).toContain('SIGINT: stopping and cleaning up…');
    expect(run.output).toMatch(/^cleanup {5}deleted quickstart-\d{14}/m);
    expect(await workflowsLeft()).toEqual([]);
  });

  it('says when it could not delete (a token without the admin level), and fails', async () => {
    const run = await quickstart({ COZE_BASE_URL: server.url, COZE_API_KEY: server.tokens.write });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/^cleanup {5}could not delete quickstart-\d{14} \(wf_\w+\): 403 .* Delete it yourself\.$/m);
  });
});

describe('with only one of the two variables', () => {
  it.each(['COZE_API_KEY', 'COZE_BASE_URL'])('%s alone: runs against its own embedded server and says why', async (variable) => {
    const run = await quickstart({ [variable]: variable === 'COZE_API_KEY' ? 'sk-someones-real-key' : 'https://api.coze.cn/v1' });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/^Quick start against the embedded Coze server at http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(run.output).toContain(`(only ${variable} is set: a real platform needs both COZE_BASE_URL and COZE_API_KEY)`);
    expect(server.requests).toHaveLength(0);
    expect(run.output).not.toContain('sk-someones-real-key');
  });
});
