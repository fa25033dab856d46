// "Copy as" must be exactly the request on screen: each snippet, run for real where its runtime is here (curl,
// and TypeScript through @coze/client), makes the embedded server receive the same request the console sends.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMockServer, type MockServer, type RecordedRequest } from '@coze/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compact } from '../src/send.js';
import type { ConsoleData, Operation } from '../src/model.js';
import { pythonLiteral, snippet, type ScreenRequest } from '../src/snippets.js';
import { packageDir, readPage, repoDir } from './support.js';

const run = promisify(execFile);
let mock: MockServer;
let data: ConsoleData;
let scratch: string;

beforeAll(async () => {
  const html = await readPage();
  data = JSON.parse(/<script type="application\/json" id="coze-console-data">(.*?)<\/script>/s.exec(html)![1]!);
  mock = await startMockServer({ rateLimit: false });
  // Inside the package, so that the TypeScript snippets' import resolves to the workspace's @coze/client.
  await mkdir(join(packageDir, '.tmp'), { recursive: true });
  scratch = await mkdtemp(join(packageDir, '.tmp', 'snippets-'));
});
afterAll(async () => {
  await mock?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const op = (id: string): Operation => data.models.en!.operations.find((o) => o.id === id)!;

/** What the server saw, without what differs between two sends of the same request. */
function received(request: RecordedRequest | undefined) {
  const { method, path, query, body, operationId, headers } = request!;
  return { method, path, query, body, operationId, idempotencyKey: headers['idempotency-key'] };
}

/** The request on screen for an operation: its prefill and first example, as the page starts. */
function onScreen(id: string, change: Partial<ScreenRequest> = {}): ScreenRequest {
  const o = op(id);
  return {
    baseURL: mock.url,
    params: compact({ ...o.prefill }),
    body: o.body?.examples[0]?.value as Record<string, unknown> | undefined,
    stream: false,
    ...change,
  };
}

async function runCurl(source: string) {
  await run('bash', ['-c', source], { env: { ...process.env, COZE_API_KEY: mock.tokens.admin } });
}

async function runTypeScript(source: string) {
  const file = join(scratch, `snippet-${Math.random().toString(36).slice(2)}.mjs`);
  // The TypeScript snippets are plain ECMAScript (no type annotations), so Node runs them as they are.
  await writeFile(file, source);
  await run(process.execPath, [file], { env: { ...process.env, COZE_API_KEY: mock.tokens.admin } });
}

describe('Copy as', () => {
  it('curl and TypeScript send what the console sends, for a body, a query and a path parameter', async () => {
    const created = await fetch(`${mock.url}/workflow`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mock.tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'snippets' }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const cases: Array<[string, ScreenRequest]> = [
      ['chat.create', onScreen('chat.create', { body: { messages: [{ role: 'user', content: "it's \"quoted\" 你好" }], temperature: 0.2 } })],
      ['workflow.list', onScreen('workflow.list', { params: { limit: 3 } })],
      ['workflow.update', onScreen('workflow.update', { params: { workflow_id: created.id, 'Idempotency-Key': 'key-123' } })],
    ];
    for (const [id, request] of cases) {
      const seen: unknown[] = [];
      for (const language of ['curl', 'typescript'] as const) {
        const source = snippet(language, op(id), request, data.models.en!.servers[0]!.url);
        expect(source).not.toContain(mock.tokens.admin);
        const before = mock.requests.length;
        await (language === 'curl' ? runCurl(source) : runTypeScript(source));
        expect(mock.requests.length, `${id} ${language}`).toBe(before + 1);
        seen.push(received(mock.requests.at(-1)));
      }
      const [curl, typescript] = seen as Array<ReturnType<typeof received>>;
      // The client adds an Idempotency-Key of its own where the form had none; curl sends the form's.
      expect({ ...curl, idempotencyKey: undefined }, id).toEqual({ ...typescript, idempotencyKey: undefined });
      if (request.params['Idempotency-Key']) expect([curl!.idempotencyKey, typescript!.idempotencyKey]).toEqual(['key-123', 'key-123']);
      expect(curl!.body, id).toEqual(request.body);
    }
  });

  it('streams as the console does: curl asks for events, TypeScript and Python call stream()', async () => {
    const request = onScreen('chat.create', { body: { messages: [{ role: 'user', content: 'hi' }], stream: true }, stream: true });
    const curl = snippet('curl', op('chat.create'), request);
    expect(curl).toMatch(/^curl -N -X POST /);
    expect(curl).toContain("-H 'Accept: text/event-stream'");
    const { stdout } = await run('bash', ['-c', curl], { env: { ...process.env, COZE_API_KEY: mock.tokens.write } });
    expect(stdout).toContain('event: chat.message.delta');
    expect(snippet('typescript', op('chat.create'), request)).toContain(
      "const stream = coze.chat.stream({\n  messages: [{ role: 'user', content: 'hi' }],\n});\nfor await (const event of stream) {",
    );
    expect(snippet('python', op('chat.create'), request)).toContain('for event in coze.chat.stream(\n    messages=[{"role": "user", "content": "hi"}],\n):');
  });

  it('writes Python in the SDK surface: keyword arguments, Python literals, the placeholder token', async () => {
    const request = onScreen('workflow.update', {
      params: { workflow_id: 'wf_1', 'Idempotency-Key': 'k' },
      body: { name: 'n', nodes: [{ id: 'a', type: 'llm', config: { on: true, off: false, none: null } }] },
    });
    const source = snippet('python', op('workflow.update'), request, 'https://api.coze.cn/v1');
    expect(source).toBe(
      [
        'from coze import CozeAPI',
        '',
        `coze = CozeAPI(api_key="YOUR_API_KEY", base_url="${mock.url}")`,
        '',
        'response = coze.workflow.update(',
        '    workflow_id="wf_1",',
        '    idempotency_key="k",',
        '    name="n",',
        '    nodes=[',
        '        {',
        '            "id": "a",',
        '            "type": "llm",',
        '            "config": {"on": True, "off": False, "none": None},',
        '        },',
        '    ],',
        ')',
        'print(response)',
      ].join('\n'),
    );
    // Valid Python, as far as the machine's interpreter can tell without the package.
    const parsed = await new Promise<string>((resolve, reject) => {
      const child = execFile('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read()); print("ok")'], (error, stdout) =>
        error ? reject(error) : resolve(stdout.trim()),
      );
      child.stdin!.end(source);
    });
    expect(parsed).toBe('ok');
    expect(pythonLiteral({ long: 'x'.repeat(80) })).toBe(`{\n    "long": "${'x'.repeat(80)}",\n}`);
  });

  it('writes TypeScript that type-checks against @coze/client, for every operation', async () => {
    const dir = join(scratch, 'typecheck');
    await mkdir(dir);
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(repoDir, 'tsconfig.base.json'), compilerOptions: { noEmit: true, types: ['node'] }, include: ['*.ts'] }),
    );
    for (const o of data.models.en!.operations) {
      await writeFile(join(dir, `${o.id}.ts`), snippet('typescript', o, onScreen(o.id)));
      if (o.streams) {
        const request = onScreen(o.id);
        await writeFile(join(dir, `${o.id}.stream.ts`), snippet('typescript', o, { ...request, body: { ...request.body, stream: true }, stream: true }));
      }
    }
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false']).catch((error) => {
      throw new Error(`The TypeScript snippets in ${dir} do not type-check:\n${error.stdout}${error.stderr}`);
    });
  });
});
