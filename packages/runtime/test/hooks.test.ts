// The hooks, per attempt and per retry, over a real server: onResponse gets the response's own headers and
// request id beside the request's (redacted) headers; onRetry says which attempt failed, why, and the wait.
import { describe, expect, it } from 'vitest';
import type { RequestInfo, ResponseInfo, RetryInfo } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, rejectionOf } from './helpers/leaks.js';
import { json } from './helpers/server.js';

const fx = useIntegration();

describe('hooks', () => {
  it('give each attempt its response headers and request id, and each retry its reason and wait', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 0
        ? json(res, 503, { message: 'busy' }, { 'x-request-id': 'req-1', 'retry-after-ms': '20', 'set-cookie': `s=${SENTINEL}` })
        : json(res, 200, { id: 't1' }, { 'x-request-id': 'req-2', 'x-ratelimit-remaining': '9' }),
    );
    const seen: Array<['request', RequestInfo] | ['response', ResponseInfo] | ['retry', RetryInfo]> = [];
    const client = clientFor(server, {
      hooks: {
        onRequest: (info) => seen.push(['request', info]),
        onResponse: (info) => seen.push(['response', info]),
        onRetry: (info) => seen.push(['retry', info]),
      },
    });
    await postThing(client);
    expect(seen.map(([kind]) => kind)).toEqual(['request', 'response', 'retry', 'request', 'response']);
    const [, first] = seen[1] as ['response', ResponseInfo];
    const [, retry] = seen[2] as ['retry', RetryInfo];
    const [, second] = seen[4] as ['response', ResponseInfo];
    expect(first).toMatchObject({ attempt: 0, status: 503, requestId: 'req-1' });
    expect(first.responseHeaders['retry-after-ms']).toBe('20');
    // Credentials are redacted in both directions: the request's Authorization and the response's Set-Cookie.
    expect(first.headers.authorization).toBe('[REDACTED]');
    expect(first.responseHeaders['set-cookie']).toBe('[REDACTED]');
    expect(retry).toEqual({
      method: 'POST',
      url: `${server.url}/things`,
      attempt: 0,
      delayMs: 20,
      serverAsked: true,
      reason: '503 Service Unavailable',
      status: 503,
    });
    expect(second).toMatchObject({ attempt: 1, status: 200, requestId: 'req-2' });
    expect(second.responseHeaders['x-ratelimit-remaining']).toBe('9');
    // The request's headers stay where they were (backward compatible).
    expect(second.headers['content-type']).toBe('application/json');
    expect(JSON.stringify(seen)).not.toContain(SENTINEL);
  });

  it('report a connection failure retried with the client backoff', async () => {
    const server = await fx.serve((req, _res, arrival) => {
      if (arrival.index === 0) req.socket.destroy();
      else json(_res, 200, {});
    });
    const retries: RetryInfo[] = [];
    await postThing(clientFor(server, { hooks: { onRetry: (info) => retries.push(info) } }));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 0, serverAsked: false, status: undefined });
    expect(retries[0]!.reason).toMatch(/^Connection error: /);
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(375);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(500);
  });

  it('let an error thrown by onRetry fail the call before the retry is sent', async () => {
    const server = await fx.serve((_, res) => json(res, 500, {}));
    const bug = new Error('onRetry bug');
    const client = clientFor(server, {
      hooks: {
        onRetry: () => {
          throw bug;
        },
      },
    });
    expect(await rejectionOf(postThing(client))).toBe(bug);
    expect(server.arrivals).toHaveLength(1);
  });
});
