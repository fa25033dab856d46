import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { isLoopbackOrigin } from './cors.js';
import { call } from './test-support.js';

/** @type {import('../index.js').MockServer[]} */
const started = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});
async function start() {
  const server = await startMockServer();
  started.push(server);
  return server;
}

describe('CORS for loopback pages', () => {
  it.each([
    ['http://127.0.0.1:5173', true],
    ['http://localhost:3000', true],
    ['http://[::1]:8080', true],
    ['https://127.0.0.9', true],
    ['http://127.0.0.1.example.com', false],
    ['https://example.com', false],
    ['null', false],
    ['file://', false],
    [undefined, false],
  ])('%s is a loopback origin: %s', (origin, expected) => {
    expect(isLoopbackOrigin(origin)).toBe(expected);
  });

  it('answers a preflight from a loopback origin with 204, the methods and the requested headers, and records nothing', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/chat`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key, x-coze-client',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, idempotency-key, x-coze-client',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('lets a loopback page read the request id and rate-limit headers of an answer', async () => {
    const server = await start();
    const reply = await call(server, '/workflow', { headers: { origin: 'http://localhost:4000' } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('access-control-allow-origin')).toBe('http://localhost:4000');
    expect(reply.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(reply.headers.get('access-control-expose-headers')).toContain('retry-after-ms');
  });

  it('gives other origins no CORS headers, and a preflight from them is not answered as one', async () => {
    const server = await start();
    const reply = await call(server, '/workflow', { headers: { origin: 'https://evil.example' } });
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/chat`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.status).toBe(405);
  });
});
