import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { createIdempotencyCache } from './idempotency.js';
import { call } from './test-support.js';

/**
 * What a hostile or broken client sends must get a 400 with the spec's Error body, never a 500 or a
 * connection held open (issue 12, finding 20). Raw sockets where fetch would not send the request.
 */

/** @type {import('../index.js').MockServer} */
let server;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
beforeEach(() => server.reset());
afterAll(() => server.close());

/**
 * Sends raw bytes on a new connection and resolves with everything the server sent until it closed the connection
 * (or `withinMs` passed, then with what came so far and `timedOut`).
 *
 * @param {import('../index.js').MockServer} target
 * @param {string} bytes
 * @param {{ withinMs?: number, keepOpen?: boolean }} [options]
 */
function raw(target, bytes, { withinMs = 5000, keepOpen = false } = {}) {
  return new Promise((resolve) => {
    const socket = connect(target.port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received, closed: false });
    }, withinMs);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (!keepOpen && /\r\n\r\n/.test(received) && /content-length: (\d+)/i.test(received)) {
        const length = Number(/content-length: (\d+)/i.exec(received)?.[1]);
        if (Buffer.byteLength(received.slice(received.indexOf('\r\n\r\n') + 4), 'latin1') >= length) {
          clearTimeout(timer);
          socket.destroy();
          resolve({ received, closed: true });
        }
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received, closed: true });
    });
    socket.on('error', () => undefined);
    socket.write(bytes);
  });
}

/** @param {string} received */
const statusOf = (received) => Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]);
/** @param {string} received */
const bodyOf = (received) => JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4));

const auth = 'Authorization: Bearer demo-admin-token\r\n';

describe('request targets that are not a path (finding 20)', () => {
  it.each(['//x:99999/', '//x/v1/workflow', 'x', '*'])('%s: 400 with the Error body, not 500', async (target) => {
    const { received } = await raw(server, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}Connection: close\r\n\r\n`);
    expect(statusOf(received), received).toBe(400);
    const body = bodyOf(received);
    expect(body).toMatchObject({ code: 400, message: 'Invalid parameter' });
    expect(body.details).toMatch(/request target/);
  });

  it('an absolute-form target (as through a proxy) is served', async () => {
    const target = `http://127.0.0.1:${server.port}/v1/workflow`;
    const { received } = await raw(server, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}Connection: close\r\n\r\n`);
    expect(statusOf(received)).toBe(200);
  });
});

describe('JSON nested too deep (finding 20)', () => {
  it('schema-valid JSON nested 3,000 deep (a 10 KB body) is a 400 naming the limit, not a 500 stack overflow', async () => {
    const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
    const body = `{"name":"deep","nodes":[{"id":"n","type":"llm","config":${deep}}]}`;
    const reply = await call(server, '/workflow', { body, headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ code: 400, message: 'Invalid parameter', details: 'The request body nests deeper than 64 levels' });
    expect((await call(server, '/workflow')).body.data).toHaveLength(0);
  });

  it('JSON within the limit is accepted, and brackets inside strings do not count', async () => {
    const deep = `${'{"a":'.repeat(60)}"[[[[{{{{"${'}'.repeat(60)}`;
    const body = `{"name":"fine","nodes":[{"id":"n","type":"llm","config":${deep}}]}`;
    expect((await call(server, '/workflow', { body, headers: { 'content-type': 'application/json' } })).status).toBe(201);
  });
});

describe('repeated single-valued query parameters (finding 20)', () => {
  it('?limit=5&limit=6 is a 400 naming the parameter, not read as 5', async () => {
    const reply = await call(server, '/workflow?limit=5&limit=6');
    expect(reply.status).toBe(400);
    expect(reply.body.details).toBe("Parameter 'limit' must be given once, not 2 times");
    expect((await call(server, '/workflow?limit=5')).status).toBe(200);
  });
});

describe('slow clients are not held for a minute (finding 20)', () => {
  it('defaults: 10 s for the headers, 30 s for the whole request', async () => {
    const { MOCK_TIMEOUTS } = await import('./options.js');
    expect(MOCK_TIMEOUTS).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000 });
  });

  it('a client that never finishes its headers is answered 408 and closed after headersTimeout', async () => {
    const quick = await startMockServer({ rateLimit: false, headersTimeout: 300, requestTimeout: 1000 });
    try {
      const { received, closed } = await raw(quick, `GET /v1/workflow HTTP/1.1\r\nHost: 127.0.0.1\r\n`, { withinMs: 5000, keepOpen: true });
      expect(closed).toBe(true);
      expect(statusOf(received)).toBe(408);
    } finally {
      await quick.close();
    }
  });

  it('refuses timeouts it cannot honour', async () => {
    await expect(startMockServer({ headersTimeout: 0 })).rejects.toThrow(/headersTimeout/);
    await expect(startMockServer({ headersTimeout: 5000, requestTimeout: 1000 })).rejects.toThrow(/requestTimeout/);
  });
});

describe('the idempotency cache is bounded (finding 20)', () => {
  const scope = (/** @type {number} */ i) => ({ token: 't', method: 'POST', path: '/v1/workflow', key: `k${i}` });

  it('evicts entries older than the TTL', () => {
    let now = 0;
    const cache = createIdempotencyCache({ now: () => now, ttlMs: 1000, maxEntries: 100 });
    cache.set(scope(1), { status: 201, body: {} });
    now = 500;
    cache.set(scope(2), { status: 201, body: {} });
    now = 1200;
    cache.set(scope(3), { status: 201, body: {} });
    expect(cache.size).toBe(2);
    expect(cache.get(scope(1))).toBeUndefined();
    expect(cache.get(scope(2))).toBeDefined();
    now = 1600;
    expect(cache.get(scope(2))).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = createIdempotencyCache({ now: () => 0, ttlMs: 1000, maxEntries: 3 });
    for (let i = 0; i < 10; i++) cache.set(scope(i), { status: 201, body: { i } });
    expect(cache.size).toBe(3);
    expect(cache.get(scope(6))).toBeUndefined();
    expect(cache.get(scope(9))?.body).toEqual({ i: 9 });
  });

  it('the server keeps 10,000 keys for 24 hours by default', async () => {
    const { IDEMPOTENCY_DEFAULTS } = await import('./idempotency.js');
    expect(IDEMPOTENCY_DEFAULTS).toEqual({ ttlMs: 24 * 60 * 60 * 1000, maxEntries: 10_000 });
  });
});

describe('Idempotent-Replayed (finding 20)', () => {
  it('is not sent: the spec does not declare it; a replay carries exactly the headers of the first answer', async () => {
    const headers = { 'idempotency-key': 'replayed-1' };
    const first = await call(server, '/workflow', { token: 'write', body: { name: 'once' }, headers });
    const again = await call(server, '/workflow', { token: 'write', body: { name: 'once' }, headers });
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect([...again.headers.keys()].sort()).toEqual([...first.headers.keys()].sort());
  });
});
