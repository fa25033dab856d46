import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMockServer } from '../index.js';
import { createRateLimiter } from './rate-limit.js';
import { call } from './test-support.js';

describe('createRateLimiter', () => {
  it('lets a burst through, refuses the next and refills at the rate', () => {
    let t = 0;
    const limiter = createRateLimiter({ requestsPerSecond: 10, burst: 3 }, () => t);
    const first = [limiter.take('a'), limiter.take('a'), limiter.take('a')];
    expect(first.map((s) => [s.allowed, s.remaining])).toEqual([[true, 2], [true, 1], [true, 0]]);
    const refused = limiter.take('a');
    expect(refused).toMatchObject({ allowed: false, remaining: 0, limit: 10, retryAfter: 1, reset: 0.3 });
    t = 100; // one token back
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take('a').allowed).toBe(false);
    t = 10_000;
    expect(limiter.peek('a')).toMatchObject({ remaining: 3, reset: 0 });
  });

  it('keeps one bucket per key', () => {
    const limiter = createRateLimiter({ requestsPerSecond: 1, burst: 1 }, () => 0);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('rounds Retry-After up to whole seconds for slow rates', () => {
    const limiter = createRateLimiter({ requestsPerSecond: 0.25, burst: 1 }, () => 0);
    limiter.take('a');
    expect(limiter.take('a').retryAfter).toBe(4);
  });

  it('refuses nothing when disabled and reports a full bucket', () => {
    const limiter = createRateLimiter(false, () => 0);
    for (let i = 0; i < 50; i += 1) expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 10, reset: 0 });
  });

  it('rejects a bucket that could never pass a request', () => {
    expect(() => createRateLimiter({ requestsPerSecond: 0, burst: 1 })).toThrow(TypeError);
    expect(() => createRateLimiter({ requestsPerSecond: 1, burst: 0 })).toThrow(TypeError);
  });
});

describe('rate limiting over HTTP', () => {
  /** @type {import('../index.js').MockServer | undefined} */
  let server;
  afterEach(() => server?.close());

  it('serves 10 requests at once per token, then 429 with Retry-After and the rate-limit headers', async () => {
    const limited = await startMockServer();
    server = limited;
    await call(limited, '/workflow', { token: 'admin' }); // opens the connection pool outside the measured burst
    // 15 at once. The server's clock (performance.now) stands still meanwhile, so the bucket cannot refill
    // however slowly a busy machine serves them: exactly its 10 tokens are spent.
    vi.useFakeTimers({ toFake: ['performance'] });
    let replies;
    try {
      replies = await Promise.all(Array.from({ length: 15 }, () => call(limited, '/workflow', { token: 'read' })));
    } finally {
      vi.useRealTimers();
    }
    const served = replies.filter((r) => r.status === 200);
    const refused = replies.filter((r) => r.status === 429);
    expect(served).toHaveLength(10);
    expect(refused).toHaveLength(5);
    const remaining = served.map((r) => Number(r.headers.get('x-ratelimit-remaining'))).sort((a, b) => b - a);
    expect(remaining.slice(0, 10)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    for (const reply of refused) {
      expect(reply.headers.get('retry-after')).toBe('1');
      expect(reply.headers.get('x-ratelimit-limit')).toBe('10');
      expect(reply.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(reply.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
      expect(reply.body).toEqual({
        code: 429,
        message: 'Too many requests',
        details: 'The limit is 10 requests per second; retry after 1 second(s)',
      });
    }
    // Another token has its own bucket.
    expect((await call(server, '/workflow', { token: 'write' })).status).toBe(200);
  });

  it('lets requests through again once the bucket refills', async () => {
    server = await startMockServer({ rateLimit: { requestsPerSecond: 5, burst: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await call(server, '/workflow')).status);
    expect(statuses).toEqual([200, 200, 429]);
    await sleep(250); // 5/s refills a token every 200 ms
    expect((await call(server, '/workflow')).status).toBe(200);
  });

  it('charges refused-permission requests, and reports without charging on unknown paths and injected faults', async () => {
    server = await startMockServer({ rateLimit: { requestsPerSecond: 0.01, burst: 3 } });
    const remaining = async (/** @type {string} */ path, /** @type {import('./test-support.js').CallOptions} */ options = {}) =>
      (await call(/** @type {import('../index.js').MockServer} */ (server), path, { token: 'read', ...options })).headers.get('x-ratelimit-remaining');
    expect(await remaining('/workflow')).toBe('2');
    expect(await remaining('/chat', { body: { messages: [{ role: 'user', content: 'x' }] } })).toBe('1'); // 403
    expect(await remaining('/nowhere')).toBe('1'); // 404
    expect(await remaining('/workflow', { headers: { 'x-mock-fault': 'status=503' } })).toBe('1');
    expect(await remaining('/workflow', { token: null })).toBe('3'); // 401: no bucket, reported full
    expect(await remaining('/workflow')).toBe('0');
  });

  it('sends full-bucket headers and refuses nothing when disabled', async () => {
    server = await startMockServer({ rateLimit: false });
    const replies = [];
    for (let i = 0; i < 25; i += 1) replies.push(await call(server, '/workflow'));
    expect(replies.every((r) => r.status === 200 && r.headers.get('x-ratelimit-remaining') === '10')).toBe(true);
  });
});
