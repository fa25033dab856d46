import { CozeAPI } from '@coze/client';
import { startMockServer, type MockServer } from '@coze/mock-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../src/index.js';
import { startRedis, type RedisServer } from './fixtures/redis-server.mjs';

let redis: RedisServer;
let server: MockServer;
const TOKEN = 'sk-SENTINEL-token-safety-0b7e-must-never-leak';

beforeAll(async () => {
  redis = await startRedis();
  server = await startMockServer({ tokens: { [TOKEN]: 'write', 'demo-read-token': 'read', 'demo-admin-token': 'admin' } });
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

it('the API token never reaches Redis: every command Redis receives (MONITOR) names only its hash', async () => {
  const monitor = await new Redis(redis.url).monitor();
  const seen: string[] = [];
  monitor.on('monitor', (_time: string, args: string[]) => seen.push(args.join(' ')));
  const store = new RedisRateLimitStore({ url: redis.url });
  try {
    const coze = new CozeAPI({ apiKey: TOKEN, baseURL: server.url, rateLimit: { store } });
    await Promise.all(Array.from({ length: 12 }, () => coze.chat.create({ messages: [{ role: 'user', content: 'x' }] })));
    // A 429 from the API: its pause goes to Redis too.
    server.faults.push({ match: { path: '/chat' }, fault: { status: 429, retryAfterMs: 50 } });
    await coze.chat.create({ messages: [{ role: 'user', content: 'x' }] });
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    await store.close();
    monitor.disconnect();
  }
  const scripts = seen.filter((line) => /^(evalsha|eval) /i.test(line));
  expect(scripts.length).toBeGreaterThanOrEqual(14);
  expect(scripts.some((line) => / pause /.test(line))).toBe(true);
  const key = store.bucketFor(TOKEN);
  expect(scripts.every((line) => line.includes(key))).toBe(true);
  for (const line of seen) {
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain('SENTINEL');
  }
});
