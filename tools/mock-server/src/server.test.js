import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { loadContract } from './contract.js';
import { HANDLERS } from './server.js';
import { call } from './test-support.js';

/** @type {import('../index.js').MockServer[]} */
const started = [];
/** @param {import('../index.js').MockServerOptions} [options] */
async function start(options) {
  const server = await startMockServer(options);
  started.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

describe('startMockServer', () => {
  it('is what the package exports', async () => {
    const byName = await import('@coze/mock-server');
    expect(byName.startMockServer).toBe(startMockServer);
  });

  it('listens on a free loopback port and reports the base URL and demo tokens', async () => {
    const server = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`);
    expect(server.port).toBeGreaterThan(0);
    expect(server.tokens).toEqual({ read: 'demo-read-token', write: 'demo-write-token', admin: 'demo-admin-token' });
    expect((await call(server, '/workflow')).status).toBe(200);
  });

  it('listens on a given port', async () => {
    const probe = await start();
    const port = probe.port;
    await probe.close();
    const server = await start({ port });
    expect(server.url).toBe(`http://127.0.0.1:${port}/v1`);
  });

  it('accepts other loopback addresses', async () => {
    const server = await start({ host: 'localhost' });
    expect(server.url).toBe(`http://localhost:${server.port}/v1`);
    expect((await call(server, '/workflow')).status).toBe(200);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com', '10.0.0.1'])('refuses to listen on %s', async (host) => {
    await expect(startMockServer({ host })).rejects.toThrow(/only listens on loopback/);
  });

  it('refuses options it does not know and values out of range', async () => {
    await expect(startMockServer(/** @type {any} */ ({ streamDelay: 5 }))).rejects.toThrow(/Unknown mock server option\(s\): streamDelay/);
    await expect(startMockServer({ port: 70000 })).rejects.toThrow(/port/);
    await expect(startMockServer({ streamDelayMs: -1 })).rejects.toThrow(/streamDelayMs/);
    await expect(startMockServer({ rateLimit: { requestsPerSecond: 0, burst: 1 } })).rejects.toThrow(/rateLimit/);
  });

  it('fails to start on a port that is taken', async () => {
    const server = await start();
    await expect(startMockServer({ port: server.port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('every response', () => {
  it('carries a unique X-Request-Id and the rate-limit headers, whatever its status', async () => {
    const server = await start();
    const replies = [
      await call(server, '/workflow'),
      await call(server, '/nowhere'),
      await call(server, '/workflow', { token: null }),
      await call(server, '/workflow', { headers: { 'x-mock-fault': 'html' } }),
      await call(server, '/chat', { body: { messages: [{ role: 'user', content: 'x' }], stream: true } }),
    ];
    const ids = replies.map((r) => r.headers.get('x-request-id'));
    expect(new Set(ids).size).toBe(replies.length);
    for (const reply of replies) {
      expect(reply.headers.get('x-request-id')).toMatch(/^req_[A-Za-z0-9]{16}$/);
      expect(reply.headers.get('x-ratelimit-limit')).toBe('10');
      expect(reply.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
      expect(reply.headers.get('x-ratelimit-reset')).toMatch(/^\d+(\.\d+)?$/);
    }
  });
});

describe('recorded requests', () => {
  it('records method, path, query, redacted headers, the body as sent and the arrival time', async () => {
    const server = await start();
    const before = performance.now();
    const reply = await call(server, '/chat?trace=1', { body: { messages: [{ role: 'user', content: '你好' }] } });
    expect(server.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/chat',
        query: { trace: '1' },
        headers: expect.objectContaining({ authorization: 'Bearer [REDACTED]', 'content-type': 'application/json' }),
        // As sent: the defaults validation filled in (model, temperature) are not in it.
        body: { messages: [{ role: 'user', content: '你好' }] },
        receivedAt: expect.any(Number),
        operationId: 'chat.create',
        requestId: reply.headers.get('x-request-id'),
      },
    ]);
    expect(/** @type {number} */ (server.requests[0]?.receivedAt)).toBeGreaterThanOrEqual(before);
    expect(JSON.stringify(server.requests)).not.toContain(server.tokens.admin);
  });

  it('records bodies that are not JSON as text, and unknown paths too', async () => {
    const server = await start();
    await call(server, '/nowhere', { body: 'plain text', headers: { 'content-type': 'text/plain' } });
    expect(server.requests[0]).toMatchObject({ path: '/v1/nowhere', body: 'plain text', operationId: undefined });
  });

  it('records nothing when asked not to', async () => {
    const server = await start({ recordRequests: false });
    await call(server, '/workflow');
    expect(server.requests).toEqual([]);
  });
});

describe('reset', () => {
  it('forgets workflows, requests, buckets, idempotency keys and faults, keeping the same requests array', async () => {
    const server = await start({ rateLimit: { requestsPerSecond: 0.01, burst: 2 } });
    const { requests } = server;
    const headers = { 'idempotency-key': 'k' };
    const first = await call(server, '/workflow', { body: { name: 'x' }, headers });
    await call(server, '/workflow');
    expect((await call(server, '/workflow')).status).toBe(429);
    server.faults.push({ fault: { status: 503 } });

    server.reset();
    expect(server.requests).toBe(requests);
    expect(requests).toEqual([]);
    expect(server.faults.pending).toEqual([]);
    const list = await call(server, '/workflow');
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([]);
    const again = await call(server, '/workflow', { body: { name: 'x' }, headers });
    expect(again.body.id).not.toBe(first.body.id);
  });
});

describe('close', () => {
  it('closes keep-alive, streaming and hung connections at once, and can be called twice', async () => {
    const server = await startMockServer({ streamDelayMs: 5_000 });
    await call(server, '/workflow'); // leaves a keep-alive connection in fetch's pool
    const hung = fetch(`${server.url}/workflow`, {
      headers: { authorization: `Bearer ${server.tokens.read}`, 'x-mock-fault': 'hang' },
    }).catch((error) => error);
    const stream = await fetch(`${server.url}/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.tokens.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    const reader = /** @type {ReadableStream<Uint8Array>} */ (stream.body).getReader();
    await reader.read(); // the first event; the next is 5 s away
    while (server.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));

    const closing = performance.now();
    await Promise.all([server.close(), server.close()]);
    expect(performance.now() - closing).toBeLessThan(1_000);
    expect(await hung).toBeInstanceOf(TypeError);
    await expect(reader.read()).rejects.toThrow();
    await expect(fetch(`${server.url}/workflow`)).rejects.toThrow();
  });
});

describe('handlers', () => {
  it('belong to operations of the spec (the others answer from it)', async () => {
    const { operations } = await loadContract();
    const ids = new Set(operations.map((op) => op.id));
    expect(Object.keys(HANDLERS).filter((id) => !ids.has(id))).toEqual([]);
  });
});
