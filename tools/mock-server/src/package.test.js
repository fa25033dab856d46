// @coze/mock-server as app developers get it: the `pnpm pack` tarball, checked by publint and attw, installed with
// npm into an empty folder (nothing but the tarball and the dependencies it declares), then started and called
// there, from its API and from its command line.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

let scratch = '';
let tarball = '';
let app = '';

/** The environment of a user's shell, without what pnpm and vitest put there (NODE_PATH, npm_config_*). */
function userEnvironment() {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== 'NODE_PATH' && !/^(npm|pnpm)_/i.test(name)) env[name] = value;
  }
  return env;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'coze-mock-pack-'));
  await run('pnpm', ['pack', '--pack-destination', scratch], { cwd: packageDir });
  tarball = join(scratch, (await readdir(scratch)).find((file) => file.endsWith('.tgz')) ?? '');
  app = join(scratch, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'an-app', version: '1.0.0', private: true, type: 'module' }));
  // Its dependencies come from the registry (or npm's cache), as they would for any user.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', '--save-dev', tarball], {
    cwd: app,
    env: { ...userEnvironment(), npm_config_userconfig: join(app, '.npmrc-none') },
  });
}, 300_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the packed @coze/mock-server', () => {
  it('has no publint problems (strict)', async () => {
    const bytes = await readFile(tarball);
    const { messages } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, strict: true });
    expect(messages).toEqual([]);
  });

  it('has no types problems by @arethetypeswrong/cli (an ES module package)', async () => {
    const attw = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');
    const result = await run(process.execPath, [attw, tarball, '--profile', 'esm-only', '--format', 'json'], { cwd: scratch }).catch(
      (/** @type {{ stdout: string }} */ error) => ({ stdout: error.stdout }),
    );
    const report = JSON.parse(result.stdout);
    expect(report.analysis).toBeDefined();
    // The esm-only profile leaves out require() under TypeScript's CommonJS resolutions (its JSON still lists
    // them); Node 20.19+ itself loads the package with require(), as the test below shows.
    const problems = Object.values(report.problems ?? {})
      .flat()
      .filter((/** @type {{ resolutionKind?: string }} */ problem) => !['node10', 'node16-cjs'].includes(problem.resolutionKind ?? ''));
    expect(problems).toEqual([]);
  });

  it('ships its code, types, spec, bin, README and LICENSE, and no tests', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n').sort();
    expect(files).toEqual(expect.arrayContaining(['package/index.js', 'package/index.d.ts', 'package/spec/coze.v1.yaml', 'package/bin/coze-mock.js', 'package/README.md', 'package/LICENSE']));
    expect(files.filter((file) => /\.test\.|test-support/.test(file))).toEqual([]);
    expect(await readFile(join(app, 'node_modules/@coze/mock-server/spec/coze.v1.yaml'), 'utf8')).toBe(await readFile(join(repoRoot, 'spec/coze.v1.yaml'), 'utf8'));
    const manifest = JSON.parse(await readFile(join(app, 'node_modules/@coze/mock-server/package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(manifest.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/.+\.git$/), directory: 'tools/mock-server' });
    expect(manifest.license).toBe('Apache-2.0');
  });

  it('starts in the app, away from this repository, and answers as the contract says (tokens, faults, 401)', async () => {
    const program = `
      import { startMockServer } from '@coze/mock-server';
      const server = await startMockServer();
      const call = (path, init = {}) => fetch(server.url + path, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
      const auth = { authorization: 'Bearer ' + server.tokens.write };
      const created = await call('/workflow', { method: 'POST', headers: auth, body: JSON.stringify({ name: 'from-the-app' }) });
      server.faults.push({ match: { operationId: 'workflow.list' }, fault: { status: 503 } });
      const faulted = await call('/workflow', { headers: auth });
      const listed = await (await call('/workflow', { headers: auth })).json();
      const anonymous = await call('/workflow');
      const invalid = await call('/chat', { method: 'POST', headers: auth, body: JSON.stringify({ messages: [], temperature: 9 }) });
      console.log(JSON.stringify({ created: created.status, faulted: faulted.status, names: listed.data.map((w) => w.name), anonymous: anonymous.status, invalid: invalid.status, requests: server.requests.length }));
      await server.close();
    `;
    await writeFile(join(app, 'try.mjs'), program);
    const { stdout } = await run(process.execPath, ['try.mjs'], { cwd: app, env: userEnvironment() });
    expect(JSON.parse(stdout)).toEqual({ created: 201, faulted: 503, names: ['from-the-app'], anonymous: 401, invalid: 400, requests: 5 });
  });

  it('loads with require() too (Node 20.19+)', async () => {
    await writeFile(join(app, 'try.cjs'), "const { startMockServer } = require('@coze/mock-server'); startMockServer().then(async (s) => { console.log(s.url); await s.close(); });");
    const { stdout } = await run(process.execPath, ['try.cjs'], { cwd: app, env: userEnvironment() });
    expect(stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('type-checks a test written against its types', async () => {
    await writeFile(
      join(app, 'typed.ts'),
      `import { startMockServer, type MockServer, type MockFault } from '@coze/mock-server';
       const fault: MockFault = { kind: 'reset' };
       const server: MockServer = await startMockServer({ rateLimit: false, streamDelayMs: 5 });
       server.faults.push({ match: { operationId: 'chat.create' }, times: 2, fault });
       const level: 'read' | 'write' | 'admin' = 'write';
       const token: string = server.tokens[level];
       void token;
       await server.close();
       // @ts-expect-error: an option it does not have
       await startMockServer({ streamDelay: 5 });
       export {};`,
    );
    const tsc = require.resolve('typescript/bin/tsc');
    const { stdout } = await run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', 'false', 'typed.ts'], { cwd: app }).catch(
      (/** @type {{ stdout: string }} */ error) => ({ stdout: error.stdout }),
    );
    expect(stdout).toBe('');
  });

  it('runs from its command line (npx coze-mock) and stops on Ctrl+C', async () => {
    const child = spawn(join(app, 'node_modules/.bin/coze-mock'), ['--port', '0'], { cwd: app, env: userEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 20 s: ${output}`)), 20_000);
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
    const response = await fetch(`${url}/workflow`, { headers: { authorization: 'Bearer demo-read-token' } });
    expect(response.status).toBe(200);
    const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
