import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const packagesDir = fileURLToPath(new URL('../..', import.meta.url));
const names = ['runtime', 'client'] as const;

let scratch = '';
const tarballs: Record<string, string> = {};

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'coze-pack-'));
  for (const name of names) {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', scratch], { cwd: join(packagesDir, name) });
    tarballs[name] = stdout.trim().split('\n').pop()!;
  }
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe.each(names)('the packed @coze/%s', (name) => {
  it('has no publint problems (strict)', async () => {
    const tarball = await readFile(tarballs[name]!);
    const { messages } = await publint({ pack: { tarball: tarball.buffer as ArrayBuffer }, strict: true });
    expect(messages).toEqual([]);
  });

  it('has no types problems by @arethetypeswrong/cli (node10, node16 and bundler; ESM and CJS)', async () => {
    const attw = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');
    const result = await run(process.execPath, [attw, tarballs[name]!, '--format', 'json'], { cwd: scratch }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    const report = JSON.parse(result.stdout) as { problems?: Record<string, unknown[]>; analysis?: unknown };
    expect(report.analysis).toBeDefined();
    expect(report.problems ?? {}).toEqual({});
  });

  it('ships only dist and package metadata', async () => {
    const { stdout } = await run('tar', ['-tzf', tarballs[name]!]);
    const files = stdout.trim().split('\n');
    expect(files.every((file) => /^package\/(dist\/|fetch\/package\.json$|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(file)), files.join('\n')).toBe(true);
  });
});

describe('the packed packages installed into a fresh project', () => {
  let project = '';
  beforeAll(async () => {
    project = join(scratch, 'project');
    await mkdir(join(project, 'node_modules/@coze'), { recursive: true });
    for (const name of names) {
      const unpacked = join(scratch, `unpacked-${name}`);
      await mkdir(unpacked);
      await run('tar', ['-xzf', tarballs[name]!, '-C', unpacked]);
      await rename(join(unpacked, 'package'), join(project, 'node_modules/@coze', name));
    }
    // The optional peer of the `/fetch` subpath, as a user would install it.
    await symlink(dirname(require.resolve('openapi-fetch/package.json')), join(project, 'node_modules/openapi-fetch'));
  });

  const program = (load: string) => `
    ${load}
    const coze = new CozeAPI({ apiKey: 'k', baseURL: 'http://127.0.0.1:9/v1' });
    coze.chat.create({ messages: [{ role: 'user', content: 'x' }], temperature: 1.5 }).then(
      () => { throw new Error('validation did not run'); },
      (error) => {
        if (!(error instanceof RequestValidationError) || !(error instanceof CozeError)) throw error;
        if (typeof createFetchClient({ apiKey: 'k' }).POST !== 'function') throw new Error('no fetch client');
        console.log(typeof CozeAPI, typeof coze.workflow.list, error.issues[0].field);
      },
    );`;

  it('loads with require (CommonJS)', async () => {
    const code = program(
      "const { CozeAPI, CozeError, RequestValidationError } = require('@coze/client'); const { createFetchClient } = require('@coze/client/fetch');",
    );
    const { stdout } = await run(process.execPath, ['-e', code], { cwd: project });
    expect(stdout.trim()).toBe('function function temperature');
  });

  it('loads with import (ESM)', async () => {
    const code = program(
      "import { CozeAPI, CozeError, RequestValidationError } from '@coze/client'; import { createFetchClient } from '@coze/client/fetch';",
    );
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: project });
    expect(stdout.trim()).toBe('function function temperature');
  });

  it('depends on nothing but @coze/runtime, which depends on nothing', async () => {
    const client = JSON.parse(await readFile(join(project, 'node_modules/@coze/client/package.json'), 'utf8'));
    const runtime = JSON.parse(await readFile(join(project, 'node_modules/@coze/runtime/package.json'), 'utf8'));
    expect(Object.keys(client.dependencies)).toEqual(['@coze/runtime']);
    expect(client.dependencies['@coze/runtime']).toBe(runtime.version);
    expect(runtime.dependencies ?? {}).toEqual({});
    expect(await readdir(join(project, 'node_modules/@coze'))).toEqual(['client', 'runtime']);
  });
});
