import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startMockServer, type MockServer } from '@coze/mock-server';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from './fixtures/redis-server.mjs';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const packagesDir = fileURLToPath(new URL('../..', import.meta.url));

let scratch = '';
const tarballs: Record<string, string> = {};
let redis: RedisServer;
let server: MockServer;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'coze-redis-pack-'));
  for (const name of ['runtime', 'client', 'rate-limit-redis']) {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', scratch], { cwd: join(packagesDir, name) });
    tarballs[name] = stdout.trim().split('\n').pop()!;
  }
  redis = await startRedis();
  server = await startMockServer();
});

afterAll(async () => {
  await server?.close();
  await redis?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the packed @coze/rate-limit-redis', () => {
  it('has no publint problems (strict)', async () => {
    const tarball = await readFile(tarballs['rate-limit-redis']!);
    const { messages } = await publint({ pack: { tarball: tarball.buffer as ArrayBuffer }, strict: true });
    expect(messages).toEqual([]);
  });

  it('has no types problems by @arethetypeswrong/cli (node10, node16 and bundler; ESM and CJS)', async () => {
    const attw = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');
    const result = await run(process.execPath, [attw, tarballs['rate-limit-redis']!, '--format', 'json'], { cwd: scratch }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    const report = JSON.parse(result.stdout) as { problems?: Record<string, unknown[]>; analysis?: unknown };
    expect(report.analysis).toBeDefined();
    expect(report.problems ?? {}).toEqual({});
  });

  it('ships dist, README, LICENSE and package.json only, and declares its Redis client as a peer', async () => {
    const { stdout } = await run('tar', ['-tzf', tarballs['rate-limit-redis']!]);
    const files = stdout.trim().split('\n');
    expect(files.every((file) => /^package\/(dist\/|package\.json$|README\.md$|LICENSE$)/.test(file)), files.join('\n')).toBe(true);
    expect(files).toContain('package/LICENSE');
    expect(files).toContain('package/README.md');
    const { stdout: manifest } = await run('tar', ['-xzOf', tarballs['rate-limit-redis']!, 'package/package.json']);
    const pkg = JSON.parse(manifest);
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['@coze/runtime', 'ioredis']);
    expect(pkg.peerDependencies['@coze/runtime']).not.toContain('workspace');
  });
});

// Installed as a user installs it: npm, a fresh folder, our three tarballs and the peer, nothing else. The
// lowest and the newest ioredis major the peer range names.
describe.each(['6.0.0', '5.0.0'])('installed with npm into a fresh project with ioredis %s', (ioredis) => {
  let project = '';
  beforeAll(async () => {
    project = join(scratch, `project-ioredis-${ioredis}`);
    await mkdir(project);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', ...Object.values(tarballs), `ioredis@${ioredis}`], {
      cwd: project,
    });
  }, 180_000);

  const program = (load: string) => `
    ${load}
    const store = new RedisRateLimitStore({ url: process.env.REDIS_URL });
    const coze = new CozeAPI({ apiKey: process.env.TOKEN, baseURL: process.env.BASE_URL, rateLimit: { requestsPerSecond: 10, burst: 3, store } });
    (async () => {
      const chats = await Promise.all(Array.from({ length: 4 }, () => coze.chat.create({ messages: [{ role: 'user', content: 'x' }] })));
      await store.close();
      const failing = new RedisRateLimitStore({ url: 'redis://127.0.0.1:1', whenUnavailable: 'fail', commandTimeout: 100 });
      const error = await Promise.resolve().then(() => failing.take(0, 10, 10, failing.bucketFor('t'))).catch((e) => e);
      await failing.close();
      console.log(chats.length, error instanceof RedisUnavailableError && error instanceof CozeError);
    })();`;

  const env = () => ({ ...process.env, REDIS_URL: redis.url, TOKEN: server.tokens.write, BASE_URL: server.url });

  it('works with require (CommonJS), sharing the bucket in Redis', async () => {
    const code = program(
      "const { CozeAPI, CozeError } = require('@coze/client'); const { RedisRateLimitStore, RedisUnavailableError } = require('@coze/rate-limit-redis');",
    );
    const { stdout } = await run(process.execPath, ['-e', code], { cwd: project, env: env() });
    expect(stdout.trim()).toBe('4 true');
  });

  it('works with import (ESM)', async () => {
    const code = program(
      "import { CozeAPI, CozeError } from '@coze/client'; import { RedisRateLimitStore, RedisUnavailableError } from '@coze/rate-limit-redis';",
    );
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: project, env: env() });
    expect(stdout.trim()).toBe('4 true');
  });

  it('brings nothing but our packages and the peer', async () => {
    const top = (await readdir(join(project, 'node_modules'))).filter((name) => !name.startsWith('.'));
    expect(top).toContain('ioredis');
    expect(await readdir(join(project, 'node_modules/@coze'))).toEqual(['client', 'rate-limit-redis', 'runtime']);
    const { stdout } = await run('npm', ['ls', '--all', '--parseable'], { cwd: project });
    const installed = stdout.trim().split('\n').slice(1).map((path) => path.slice(path.lastIndexOf('node_modules/') + 13));
    // Everything but our three is ioredis and what ioredis itself depends on.
    const { stdout: ioredisTree } = await run('npm', ['ls', 'ioredis', '--all', '--parseable'], { cwd: project });
    expect(installed.filter((name) => !name.startsWith('@coze/')).length).toBeGreaterThan(0);
    expect(ioredisTree).toContain('ioredis');
  });
});
