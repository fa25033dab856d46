// The packed packages as a user gets them: `pnpm pack` tarballs, installed with npm into fresh projects
// that hold nothing else — no optional peer, no workspace link, no hoisted dependency to lean on.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startMockServer, type MockServer } from '@coze/mock-server';
import { installFresh, packInstalledDependency, packWorkspacePackages, userEnvironment } from '@coze/platforms';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const tsc = require.resolve('typescript/bin/tsc');
const names = ['runtime', 'client'] as const;

// TypeScript's three ways of finding a package's types. node16 reads the exports map with the
// import condition for .mts and the require condition for .cts; node10 reads main/types and the
// fetch/package.json stub. skipLibCheck is off so that our own declarations are checked too.
const typeScriptModes = ['node16', 'bundler', 'node10'] as const;
const compilerOptions = {
  node16: { module: 'node16', moduleResolution: 'node16' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
  node10: { module: 'commonjs', moduleResolution: 'node10' },
};

let scratch = '';
let tarballs: Record<(typeof names)[number], string>;
let bare = '';
let withPeer = '';
let server: MockServer;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'coze-pack-'));
  tarballs = await packWorkspacePackages(scratch);
  const ours = [tarballs.runtime, tarballs.client];
  bare = await installFresh(join(scratch, 'bare'), ours);
  // The optional peer of `@coze/client/fetch` and its own dependency, packed from this workspace.
  const peer = await packInstalledDependency('openapi-fetch', scratch);
  const helpers = await packInstalledDependency('openapi-typescript-helpers', scratch, require.resolve('openapi-fetch'));
  withPeer = await installFresh(join(scratch, 'with-peer'), [...ours, peer, helpers]);
  server = await startMockServer({ tokens: { YOUR_API_KEY: 'write', 'demo-read': 'read', 'demo-admin': 'admin' } });
});

afterAll(async () => {
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Runs a program with Node in a project folder; resolves to what it printed, or rejects with it. */
async function node(project: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, args, {
    cwd: project,
    env: userEnvironment({ COZE_BASE_URL: server.url }),
  });
  return stdout.trim();
}

/** What a program printed to stderr when it failed (it must fail). */
async function failure(project: string, args: string[]): Promise<string> {
  const outcome = await node(project, args).then(
    (stdout) => ({ failed: false, output: stdout }),
    (error: { stderr: string }) => ({ failed: true, output: error.stderr }),
  );
  expect(outcome.failed, outcome.output).toBe(true);
  return outcome.output;
}

describe.each(names)('the packed @coze/%s', (name) => {
  it('has no publint problems (strict)', async () => {
    const tarball = await readFile(tarballs[name]);
    const { messages } = await publint({ pack: { tarball: tarball.buffer as ArrayBuffer }, strict: true });
    expect(messages).toEqual([]);
  });

  it('has no types problems by @arethetypeswrong/cli (node10, node16 and bundler; ESM and CJS)', async () => {
    const attw = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');
    const result = await run(process.execPath, [attw, tarballs[name], '--format', 'json'], { cwd: scratch }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    const report = JSON.parse(result.stdout) as { problems?: Record<string, unknown[]>; analysis?: unknown };
    expect(report.analysis).toBeDefined();
    expect(report.problems ?? {}).toEqual({});
  });

  it('ships dist, a README and the LICENSE, and nothing else', async () => {
    const { stdout } = await run('tar', ['-tzf', tarballs[name]]);
    const files = stdout.trim().split('\n');
    expect(files.every((file) => /^package\/(dist\/|(fetch|sse)\/package\.json$|package\.json$|README\.md$|LICENSE$)/.test(file)), files.join('\n')).toBe(true);
    expect(files).toEqual(expect.arrayContaining(['package/README.md', 'package/LICENSE', 'package/package.json']));
    const installed = join(bare, 'node_modules/@coze', name);
    expect(await readFile(join(installed, 'LICENSE'), 'utf8')).toBe(await readFile(join(repoRoot, 'LICENSE'), 'utf8'));
    expect(await readFile(join(installed, 'README.md'), 'utf8')).toMatch(new RegExp(`^# @coze/${name}\\n`));
  });

  it('says where it comes from: repository, homepage, bugs, keywords', async () => {
    const manifest = JSON.parse(await readFile(join(bare, 'node_modules/@coze', name, 'package.json'), 'utf8'));
    expect(manifest.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/.+\.git$/), directory: `packages/${name}` });
    expect(manifest.homepage).toMatch(new RegExp(`^https://.+/packages/${name}#readme$`));
    expect(manifest.bugs).toEqual({ url: expect.stringMatching(/^https:\/\/.+\/issues$/) });
    expect(manifest.keywords).toEqual(expect.arrayContaining(['coze']));
  });
});

describe('a fresh project with nothing but @coze/client and @coze/runtime', () => {
  it('installs exactly those two packages', async () => {
    expect((await readdir(join(bare, 'node_modules'))).filter((entry) => !entry.startsWith('.'))).toEqual(['@coze']);
    expect(await readdir(join(bare, 'node_modules/@coze'))).toEqual(['client', 'runtime']);
    const client = JSON.parse(await readFile(join(bare, 'node_modules/@coze/client/package.json'), 'utf8'));
    const runtime = JSON.parse(await readFile(join(bare, 'node_modules/@coze/runtime/package.json'), 'utf8'));
    expect(client.dependencies).toEqual({ '@coze/runtime': runtime.version });
    expect(runtime.dependencies ?? {}).toEqual({});
  });

  const call = `
    const coze = new CozeAPI({ apiKey: 'YOUR_API_KEY' });
    coze.chat.create({ messages: [{ role: 'user', content: '你好' }] }).then(async (chat) => {
      const invalid = await coze.chat.create({ messages: [{ role: 'user', content: 'x' }], temperature: 2 }).catch((error) => error);
      if (!(invalid instanceof RequestValidationError) || !(invalid instanceof CozeError)) throw invalid;
      // An unknown parameter rejects like any other problem: .catch handles it, nothing throws out of the method.
      const unknown = await coze.chat.create({ messages: [{ role: 'user', content: 'x' }], bot_id: 'b' }).catch((error) => error);
      if (!(unknown instanceof RequestValidationError)) throw unknown;
      // The stream reader is a chunk of the runtime's own, loaded by the first stream: it must be in the package.
      let text = '';
      for await (const delta of coze.chat.stream({ messages: [{ role: 'user', content: '你好' }] }).textDeltas()) text += delta;
      console.log(typeof runtime.createClient, chat.content.includes('你好'), invalid.issues.map((i) => i.field).join(), unknown.issues.map((i) => i.field).join(), text.includes('你好'), sse.length);
    });`;

  // @coze/runtime/sse: the SSE parser on its own.
  const parse = `const sse = [];
    new SSEParser((event) => sse.push(event)).feed('data: 1\\n\\ndata: 2\\n\\n');`;

  it('require()s @coze/client and @coze/runtime (CommonJS) and calls the API', async () => {
    const program = `const { CozeAPI, CozeError, RequestValidationError } = require('@coze/client');
      const runtime = require('@coze/runtime');
      const { SSEParser } = require('@coze/runtime/sse'); ${parse} ${call}`;
    expect(await node(bare, ['-e', program])).toBe('function true temperature bot_id true 2');
    // Node gets the runtime's Node entry (the node:http transport), from its CommonJS build.
    expect(await node(bare, ['-p', "require.resolve('@coze/runtime')"])).toMatch(/dist[\\/]index\.node\.cjs$/);
  });

  it('imports @coze/client and @coze/runtime (ES modules) and calls the API', async () => {
    const program = `import { CozeAPI, CozeError, RequestValidationError } from '@coze/client';
      import * as runtime from '@coze/runtime';
      import { SSEParser } from '@coze/runtime/sse'; ${parse} ${call}`;
    expect(await node(bare, ['--input-type=module', '-e', program])).toBe('function true temperature bot_id true 2');
  });

  it.each(['seed-example.cjs', 'seed-example.mjs'])("runs the platform reference's example as written: %s", async (file) => {
    await copyFile(join(repoRoot, 'examples', file), join(bare, file));
    expect(await node(bare, [file])).toContain('你好');
    expect(server.requests.at(-1)?.headers['user-agent']).toMatch(/^coze-client-ts\/\d+\.\d+\.\d+\S* \(node \d+\.\d+\.\d+; linux\)$/);
  });

  it('require("@coze/client/fetch") fails with a message that says to install openapi-fetch', async () => {
    const stderr = await failure(bare, ['-e', "require('@coze/client/fetch')"]);
    expect(stderr).toContain(
      '@coze/client/fetch needs the openapi-fetch package, an optional peer dependency of @coze/client that is not installed. Install it: npm install openapi-fetch@^0.17.0',
    );
  });

  it('import("@coze/client/fetch") fails naming openapi-fetch (Node reports the missing package)', async () => {
    const stderr = await failure(bare, ['--input-type=module', '-e', "await import('@coze/client/fetch')"]);
    expect(stderr).toMatch(/Cannot find package 'openapi-fetch' imported from .*@coze[\\/]client[\\/]dist[\\/]fetch\.js/);
  });

  it.each(typeScriptModes)('type-checks a consumer with TypeScript, %s resolution', async (mode) => {
    expect(await typeCheck(bare, mode, 'client')).toBe('');
  });
});

describe('a fresh project that also installed the optional peer openapi-fetch', () => {
  const call = `
    createFetchClient({ apiKey: 'YOUR_API_KEY' })
      .POST('/chat', { body: { messages: [{ role: 'user', content: '你好' }] } })
      .then(({ data }) => console.log(data.content.includes('你好')));`;

  it('require()s @coze/client/fetch and calls the API', async () => {
    expect(await node(withPeer, ['-e', `const { createFetchClient } = require('@coze/client/fetch'); ${call}`])).toBe('true');
  });

  it('imports @coze/client/fetch and calls the API', async () => {
    const program = `import { createFetchClient } from '@coze/client/fetch'; ${call}`;
    expect(await node(withPeer, ['--input-type=module', '-e', program])).toBe('true');
  });

  it.each(typeScriptModes)('type-checks a consumer of @coze/client/fetch with TypeScript, %s resolution', async (mode) => {
    expect(await typeCheck(withPeer, mode, 'fetch')).toBe('');
  });
});

const consumers = {
  client: `import { CozeAPI, NotFoundError, RequestValidationError, type Chat, type Workflow } from '@coze/client';
import { createClient, type RequestOptions } from '@coze/runtime';
import { SSEParser, type ServerSentEvent } from '@coze/runtime/sse';

const coze = new CozeAPI({ apiKey: async () => 'short-lived', baseURL: 'http://127.0.0.1:4010/v1' });
const options: RequestOptions = { timeout: 1000 };

export async function main(): Promise<string> {
  const chat: Chat = await coze.chat.create({ messages: [{ role: 'user', content: '你好' }] }, options);
  let text = '';
  for await (const delta of coze.chat.stream({ messages: [{ role: 'user', content: '你好' }] }).textDeltas()) text += delta;
  const seen: Workflow[] = [];
  for await (const workflow of coze.workflow.list({ limit: 2 })) seen.push(workflow);
  // @ts-expect-error chat.create does not stream: chat.stream() does
  await coze.chat.create({ messages: [], stream: true });
  try {
    await coze.workflow.get({ workflow_id: 'wf_missing' });
  } catch (error) {
    if (error instanceof NotFoundError) return String(error.status);
    if (error instanceof RequestValidationError) return error.issues[0]?.field ?? '';
  }
  const events: ServerSentEvent[] = [];
  new SSEParser((event) => events.push(event)).feed('data: 1\\n\\n');
  return chat.content + text + seen.length + typeof createClient + events.length;
}
`,
  fetch: `import { createFetchClient, type paths } from '@coze/client/fetch';

type ChatBody = paths['/chat']['post']['requestBody']['content']['application/json'];
const body: ChatBody = { messages: [{ role: 'user', content: '你好' }] };

export async function main(): Promise<string | undefined> {
  const { data, error } = await createFetchClient({ apiKey: 'k' }).POST('/chat', { body });
  return error ? error.message : data?.content;
}
`,
};

async function typeCheck(project: string, mode: (typeof typeScriptModes)[number], consumer: keyof typeof consumers): Promise<string> {
  const folder = join(project, `ts-${consumer}-${mode}`);
  const files = mode === 'node16' ? ['esm.mts', 'cjs.cts'] : ['app.ts'];
  await run('mkdir', ['-p', folder]);
  for (const file of files) await writeFile(join(folder, file), consumers[consumer]);
  const tsconfig = {
    compilerOptions: {
      ...compilerOptions[mode],
      target: 'es2022',
      lib: ['es2022', 'dom', 'dom.iterable'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
    },
    files,
  };
  await writeFile(join(folder, 'tsconfig.json'), JSON.stringify(tsconfig));
  return run(process.execPath, [tsc, '-p', folder], { cwd: folder, env: userEnvironment() }).then(
    ({ stdout }) => stdout,
    (error: { stdout: string }) => error.stdout || String(error),
  );
}
