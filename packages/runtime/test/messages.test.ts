// Messages that name the fix, each pinned over a real server on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { APITimeoutError, AuthenticationError, InternalServerError, NotFoundError, RateLimitError } from '../src/index.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { json } from './helpers/server.js';

const fx = useIntegration();

describe('messages that name the fix', () => {
  it('says the status once for a proxy’s HTML page whose title starts with it', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>');
    });
    const error = await rejectionOf(postThing(clientFor(server, { maxRetries: 0 })));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toBe('502 Bad Gateway');
  });

  it('says how long a 429 asked to wait, and that it was not retried, when the wait is beyond what the client sleeps', async () => {
    const server = await fx.serve((_, res) => json(res, 429, { message: 'Too many requests' }, { 'retry-after': '120' }));
    const error = (await rejectionOf(postThing(clientFor(server, { maxRetries: 2 })))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.arrivals).toHaveLength(1);
    expect(error.retryAfter).toBe(120_000);
    expect(error.message).toBe(
      '429 Too many requests. The server asked to wait 120 s (Retry-After), longer than the 60 s the client waits by ' +
        'itself, so it was not retried: call again after that wait (error.retryAfter, in ms).',
    );
  });

  it('says after how many attempts a 429 beyond the client’s wait came, when retries came before it', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 0
        ? json(res, 503, { message: 'Service unavailable' })
        : json(res, 429, { message: 'Too many requests' }, { 'retry-after': '120' }),
    );
    const error = (await rejectionOf(postThing(clientFor(server, { maxRetries: 2 })))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.arrivals).toHaveLength(2);
    expect(error.message).toMatch(
      /^429 Too many requests\. The server asked to wait 120 s \(Retry-After\), longer than the 60 s the client waits by itself, so it was not retried \(after 2 attempts in [\d.]+ m?s\): call again after that wait \(error\.retryAfter, in ms\)\.$/,
    );
  });

  it('says how many attempts a timeout took and the total time, not only the per-attempt limit', async () => {
    const server = await fx.serve(() => undefined); // never answers
    const error = await rejectionOf(postThing(clientFor(server, { timeout: 1, maxRetries: 2 })));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toMatch(
      /^The request timed out 3 times: each attempt stopped after 1 ms \(`timeout` is per attempt\), 1\.\d s in all with the backoff between them\.$/,
    );
    const once = await rejectionOf(postThing(clientFor(server, { timeout: 1, maxRetries: 0 })));
    expect((once as Error).message).toBe('The request timed out after 1 ms (`timeout` is per attempt; there were no retries).');
  });

  it('names where a refused key came from, never the key', async () => {
    const server = await fx.serve((_, res) => json(res, 401, { message: 'Invalid token' }));
    const client = clientFor(server, { apiKeySource: 'the TEST_KEY environment variable' });
    const error = await rejectionOf(postThing(client));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toBe(
      '401 Invalid token. Check the API key: it came from the TEST_KEY environment variable (the key is not shown).',
    );
    expectNoSecret(error, SENTINEL);
  });

  it.each([
    ['', '/v1', ''],
    ['/v2', '/v1', ''],
    ['/gateway', '/v1', '/gateway'],
  ])('suggests the base path on a 404 from a base URL whose path is %j', async (path, basePath, kept) => {
    const server = await fx.serve((_, res) => json(res, 404, { message: 'Not Found' }));
    const client = clientFor(server, { baseUrl: `${server.url}${path}`, basePath });
    const error = await rejectionOf(client.get({ url: '/things', security: BEARER }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe(
      `404 Not Found. The base URL ${server.url}${path} lacks the API's base path /v1: did you mean ${server.url}${kept}/v1?`,
    );
  });

  it('adds nothing to a 404 when the base URL has the base path (the resource is what is missing)', async () => {
    const server = await fx.serve((_, res) => json(res, 404, { message: 'Workflow not found' }));
    const client = clientFor(server, { baseUrl: `${server.url}/v1/`, basePath: '/v1' });
    const error = await rejectionOf(client.get({ url: '/workflow/wf_1', security: BEARER }));
    expect((error as Error).message).toBe('404 Workflow not found');
  });
});
