// Every Python sample the docs show (both editions) runs against the embedded server with the Python SDK, and
// passes mypy --strict. A sample whose path names a resource by its example id (wf_01hq3z8k2m) reaches the server
// and gets its 404, as the SDK's NotFoundError: the call was made as shown.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@coze/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureVenv, venvBin, venvPython } from '../../python/scripts/venv.mjs';
import { codeSamples } from '../src/code-samples.js';
import { editions } from '../src/editions.js';
import { operations } from '../src/openapi.js';
import { readSpec } from './support/paths.js';

const spec = await readSpec();
const samples = editions.flatMap(({ id }) =>
  [...codeSamples(spec, id)].map(([operation, list]) => ({
    edition: id,
    operation,
    path: operations(spec).find((op) => op.operation === operation)!.path,
    source: list.find((sample) => sample.label === 'Python')!.source,
  })),
);

let server: MockServer;
let dir: string;
beforeAll(async () => {
  ensureVenv();
  server = await startMockServer({ rateLimit: false });
  dir = await mkdtemp(join(tmpdir(), 'coze-py-samples-'));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Python samples', () => {
  it('cover every operation in both editions', () => {
    expect(samples.length).toBe(operations(spec).length * editions.length);
  });

  it('pass mypy --strict', async () => {
    const files = [];
    for (const sample of samples) {
      const file = join(dir, `${sample.operation.operationId.replace('.', '_')}_${sample.edition}.py`);
      await writeFile(file, `${sample.source}\n`);
      files.push(file);
    }
    const run = spawnSync(join(venvBin, 'mypy'), ['--strict', '--no-incremental', '--cache-dir', '/dev/null', ...files], {
      encoding: 'utf8',
    });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  });

  it.each(samples.map((sample) => [`${sample.operation.operationId} (${sample.edition})`, sample] as const))(
    'runs: %s',
    async (_, sample) => {
      server.reset();
      // Asynchronously: the embedded server answers from this process's event loop.
      const run = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        const env = { ...process.env, COZE_API_KEY: server.tokens.admin, COZE_BASE_URL: server.url, COZE_LOG: 'off' };
        execFile(venvPython, ['-c', sample.source], { encoding: 'utf8', env, timeout: 60_000 }, (error, stdout, stderr) =>
          resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
      const output = `${run.stdout}${run.stderr}`;
      const seen = server.requests.map((request) => request.operationId);
      expect(seen.length, output).toBeGreaterThan(0);
      expect(new Set(seen), output).toEqual(new Set([sample.operation.operationId]));
      if (run.status !== 0) {
        expect(sample.path, `only a sample with a path parameter may fail, and only with the 404:\n${output}`).toContain('{');
        expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^coze\._runtime\.errors\.NotFoundError: 404 /);
      } else {
        expect(run.stdout.length).toBeGreaterThan(0);
      }
    },
  );
});
