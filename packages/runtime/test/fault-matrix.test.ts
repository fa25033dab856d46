import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  CozeError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type Config,
} from '../src/index.js';
import { clientFor, expectBackoff, expectDelay, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { gaps, json, within, type Handler, type TestServer } from './helpers/server.js';

/**
 * The fault matrix against a real HTTP server on 127.0.0.1. Every test asserts the error class,
 * the attempts the server saw and the delays between them; the fixture then checks, with the
 * server closed, that the runtime left no timer behind and that the hooks never saw the token.
 */
const fx = useIntegration();

async function setup(handler: Handler, config: Config = {}) {
  const server = await fx.serve(handler);
  const client = clientFor(server, { hooks: fx.hooks, ...config });
  return { server, client };
}

/** Fails the call, returns the error after checking that the token leaked nowhere. */
async function failure(promise: PromiseLike<unknown>): Promise<unknown> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(CozeError);
  expectNoSecret(error);
  return error;
}

function expectAuthorized(server: TestServer): void {
  for (const arrival of server.arrivals) expect(arrival.headers.authorization).toBe(`Bearer ${SENTINEL}`);
}

const errorBody = (status: number, message: string, details?: unknown) => ({ code: status, message, details });

describe('429 Too Many Requests', () => {
  it('waits the Retry-After seconds, then throws RateLimitError with retryAfter when retries run out', async () => {
    const { server, client } = await setup((_, res) => json(res, 429, errorBody(429, 'slow down'), { 'retry-after': '1' }));
    const error = (await failure(postThing(client))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(429);
    expect(error.retryAfter).toBe(1000);
    expect(error.message).toMatch(/^429 slow down \(2 attempts in [\d.]+ m?s; the server asked to wait 1 s\)$/);
    expect(server.arrivals).toHaveLength(2);
    expectDelay(gaps(server.arrivals)[0]!, 1000, 1000, 'Retry-After: 1');
    expectAuthorized(server);
  });

  it('waits until a Retry-After HTTP date, then succeeds', async () => {
    const { server, client } = await setup((_, res, arrival) => {
      if (arrival.index > 0) return json(res, 200, { ok: true });
      // HTTP dates have whole seconds: the wait is between 1 and 2 s.
      json(res, 429, errorBody(429, 'slow down'), { 'retry-after': new Date(Date.now() + 2000).toUTCString() });
    });
    expect(await postThing(client)).toEqual({ ok: true });
    expect(server.arrivals).toHaveLength(2);
    expectDelay(gaps(server.arrivals)[0]!, 1000, 2000, 'Retry-After: <date>');
  });

  it('without Retry-After, backs off exponentially', async () => {
    const { server, client } = await setup((_, res) => json(res, 429, errorBody(429, 'slow down')), { maxRetries: 2 });
    const error = (await failure(postThing(client))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBeUndefined();
    expect(server.arrivals).toHaveLength(3);
    gaps(server.arrivals).forEach((gap, n) => expectBackoff(gap, n));
  });

  it('prefers retry-after-ms over Retry-After', async () => {
    const { server, client } = await setup((_, res, arrival) =>
      arrival.index === 0
        ? json(res, 429, errorBody(429, 'slow down'), { 'retry-after-ms': '150', 'retry-after': '30' })
        : json(res, 200, { ok: true }),
    );
    expect(await postThing(client)).toEqual({ ok: true });
    expect(server.arrivals).toHaveLength(2);
    // 150 ms, not 30 s (nor a backoff of at least 375 ms).
    expectDelay(gaps(server.arrivals)[0]!, 150, 150, 'retry-after-ms: 150');
    expect(gaps(server.arrivals)[0]!).toBeLessThan(30_000);
  });

  it('throws RateLimitError at once, without sleeping, when Retry-After is beyond 60 s', async () => {
    const { server, client } = await setup((_, res) => json(res, 429, errorBody(429, 'come back later'), { 'retry-after': '61' }), {
      maxRetries: 3,
    });
    const started = performance.now();
    const error = (await failure(postThing(client))) as RateLimitError;
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(61_000);
    expect(server.arrivals).toHaveLength(1);
    // Not even one backoff (≥ 375 ms) was slept, let alone 61 s.
    expect(elapsed).toBeLessThan(2000);
  });
});

describe('5xx', () => {
  it.each([500, 502, 503, 504])('%i is retried, then thrown as InternalServerError', async (status) => {
    const { server, client } = await setup((_, res) =>
      json(res, status, errorBody(status, 'upstream trouble', 'try again'), { 'x-request-id': `req-${status}` }),
    );
    const error = (await failure(postThing(client))) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(new RegExp(`^${status} upstream trouble: try again \\(2 attempts in [\\d.]+ m?s\\)$`));
    expect(error.requestId).toBe(`req-${status}`);
    expect(server.arrivals).toHaveLength(2);
    expectBackoff(gaps(server.arrivals)[0]!, 0);
  });

  it('backs off 0.5 s then 1 s (minus jitter) over two retries, and succeeds on the third attempt', async () => {
    const { server, client } = await setup(
      (_, res, arrival) => (arrival.index < 2 ? json(res, 503, errorBody(503, 'busy')) : json(res, 200, { ok: true })),
      { maxRetries: 2 },
    );
    expect(await postThing(client)).toEqual({ ok: true });
    expect(server.arrivals).toHaveLength(3);
    const [first, second] = gaps(server.arrivals);
    expectBackoff(first!, 0);
    expectBackoff(second!, 1);
    expectAuthorized(server);
  });

  it('makes exactly one attempt with maxRetries: 0 (per call)', async () => {
    const { server, client } = await setup((_, res) => json(res, 503, errorBody(503, 'busy')), { maxRetries: 3 });
    expect(await failure(postThing(client, { maxRetries: 0 }))).toBeInstanceOf(InternalServerError);
    expect(server.arrivals).toHaveLength(1);
  });
});

describe('408 and 409', () => {
  it.each([408, 409])('%i is retried, and thrown as an APIError with its status when retries run out', async (status) => {
    const { server, client } = await setup((_, res) => json(res, status, errorBody(status, 'conflict or timeout')));
    const error = (await failure(postThing(client))) as APIError;
    expect(error.constructor).toBe(APIError);
    expect(error.status).toBe(status);
    expect(server.arrivals).toHaveLength(2);
    expectBackoff(gaps(server.arrivals)[0]!, 0);
  });

  it('408 then success resolves with the data', async () => {
    const { server, client } = await setup((_, res, arrival) =>
      arrival.index === 0 ? json(res, 408, errorBody(408, 'request timeout')) : json(res, 200, { id: 't1' }),
    );
    expect(await postThing(client)).toEqual({ id: 't1' });
    expect(server.arrivals).toHaveLength(2);
  });
});

describe('4xx that are never retried', () => {
  const cases = [
    [400, BadRequestError, 'BadRequestError'],
    [401, AuthenticationError, 'AuthenticationError'],
    [403, PermissionDeniedError, 'PermissionDeniedError'],
    [404, NotFoundError, 'NotFoundError'],
  ] as const;

  it.each(cases)('%i → %O, with status, code, message, details, requestId and headers', async (status, ErrorClass, name) => {
    const details = { field: 'name', rule: 'maxLength' };
    const { server, client } = await setup(
      (_, res) => json(res, status, { code: status, message: `no (${status})`, details }, { 'x-request-id': 'req-abc', 'x-extra': 'kept' }),
      { maxRetries: 3 },
    );
    const error = (await failure(postThing(client))) as APIError;
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error.name).toBe(name);
    expect(error.status).toBe(status);
    expect(error.code).toBe(status);
    expect(error.message).toBe(`${status} no (${status})`);
    expect(error.details).toEqual(details);
    expect(error.requestId).toBe('req-abc');
    expect(error.headers['x-extra']).toBe('kept');
    expect(error.headers['content-type']).toBe('application/json');
    expect(error.body).toEqual({ code: status, message: `no (${status})`, details });
    expect(Object.hasOwn(error, 'cause')).toBe(false); // a whole body: nothing broke
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name,
      status,
      code: status,
      message: `${status} no (${status})`,
      details,
      requestId: 'req-abc',
    });
    expect(server.arrivals).toHaveLength(1);
  });

  it('uses the status as the code when the body has none, and names the status when there is no body', async () => {
    const { server, client } = await setup((_, res) => {
      res.writeHead(404, { 'content-length': '0' });
      res.end();
    });
    const error = (await failure(postThing(client))) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe(404);
    expect(error.message).toBe('404 (no body)');
    expect(server.arrivals).toHaveLength(1);
  });
});

describe('connection faults', () => {
  it('a reset connection is retried, then thrown as APIConnectionError', async () => {
    const { server, client } = await setup((req) => {
      req.socket.destroy();
    });
    const error = await failure(postThing(client));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toMatch(/^Connection error: /);
    expect(server.arrivals).toHaveLength(2);
    expectBackoff(gaps(server.arrivals)[0]!, 0);
  });

  it('a reset connection then an answer succeeds', async () => {
    const { server, client } = await setup((req, res, arrival) => {
      if (arrival.index === 0) req.socket.destroy();
      else json(res, 201, { id: 'made' });
    });
    expect(await postThing(client)).toEqual({ id: 'made' });
    expect(server.arrivals).toHaveLength(2);
  });

  it('a server that never answers gives APITimeoutError after maxRetries + 1 attempts, each cut at the timeout', async () => {
    const timeout = 300;
    const { server, client } = await setup(() => undefined, { timeout, maxRetries: 2 });
    const started = performance.now();
    const error = await failure(postThing(client));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toMatch(
      new RegExp(`^The request timed out 3 times: each attempt stopped after ${timeout} ms \\(\`timeout\` is per attempt\\), [\\d.]+ s in all with the backoff between them\\.$`),
    );
    expect(server.arrivals).toHaveLength(3);
    const [first, second] = gaps(server.arrivals);
    expectDelay(first!, timeout + 375, timeout + 500, 'timeout + first backoff');
    expectDelay(second!, timeout + 750, timeout + 1000, 'timeout + second backoff');
    expectDelay(elapsed, 3 * timeout + 375 + 750, 3 * timeout + 500 + 1000, 'whole call');
    // Each timed-out attempt's connection was closed by the client.
    await within(Promise.all(server.arrivals.map((arrival) => arrival.closed)), 2000, 'the server seeing the sockets close');
    for (const arrival of server.arrivals) expect(arrival.clientClosedEarly()).toBe(true);
  });

  it('a per-call timeout overrides the client timeout', async () => {
    const { server, client } = await setup(() => undefined, { timeout: 30_000, maxRetries: 0 });
    const started = performance.now();
    expect(await failure(postThing(client, { timeout: 200 }))).toBeInstanceOf(APITimeoutError);
    expectDelay(performance.now() - started, 200, 200, 'per-call timeout');
    expect(server.arrivals).toHaveLength(1);
  });

  it('a body that stalls after the headers counts against the attempt timeout', async () => {
    const { server, client } = await setup(
      (_, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":');
      },
      { timeout: 300, maxRetries: 1 },
    );
    expect(await failure(postThing(client))).toBeInstanceOf(APITimeoutError);
    expect(server.arrivals).toHaveLength(2);
    expectDelay(gaps(server.arrivals)[0]!, 300 + 375, 300 + 500, 'timeout + backoff');
  });
});

describe('bodies that are not the JSON they should be', () => {
  it('an HTML error page (text/html 502) gives InternalServerError with the page title as its message', async () => {
    const page =
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head>' +
      '<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    const { server, client } = await setup((_, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(page);
    });
    const error = (await failure(postThing(client))) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/^502 Bad Gateway \(2 attempts in [\d.]+ m?s\)$/);
    expect(error.body).toBe(page);
    expect(server.arrivals).toHaveLength(2);
    expectBackoff(gaps(server.arrivals)[0]!, 0);
  });

  it('a plain-text error body becomes a readable, bounded message', async () => {
    const { client } = await setup((_, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`bad   request\n${'x'.repeat(500)}`);
    });
    const error = (await failure(postThing(client))) as BadRequestError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message.startsWith('400 bad request x')).toBe(true);
    expect(error.message.length).toBeLessThanOrEqual(4 + 200 + 1);
  });

  function truncated(status: number, text: string): Handler {
    return (_, res) => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text) + 50) });
      res.write(text, () => res.socket?.end());
    };
  }

  it('truncated JSON on a 200 (Content-Length larger than sent) is retried, then thrown as APIConnectionError', async () => {
    const { server, client } = await setup(truncated(200, '{"id":"t1","na'));
    const error = await failure(postThing(client));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect(server.arrivals).toHaveLength(2);
    expectBackoff(gaps(server.arrivals)[0]!, 0);
  });

  it('truncated JSON on a 200 followed by a whole answer succeeds', async () => {
    const { server, client } = await setup((req, res, arrival) =>
      arrival.index === 0 ? truncated(200, '{"id":"t1","na')(req, res, arrival) : json(res, 200, { id: 't1', name: 'thing' }),
    );
    expect(await postThing(client)).toEqual({ id: 't1', name: 'thing' });
    expect(server.arrivals).toHaveLength(2);
  });

  it('truncated JSON on an error status still gives that status\'s class with a readable message', async () => {
    const { server, client } = await setup(truncated(404, '{"code":404,"message":"no such th'), { maxRetries: 2 });
    const error = (await failure(postThing(client))) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(error.message).toBe('404 (the response body was cut off)');
    // What cut it off is the cause, set as `new Error(message, { cause })` sets it.
    expect(error.cause).toBeInstanceOf(APIConnectionError);
    expect((error.cause as Error).message).toMatch(/^The response body was cut off\b/);
    const native = Object.getOwnPropertyDescriptor(new Error('', { cause: error.cause }), 'cause');
    expect(Object.getOwnPropertyDescriptor(error, 'cause')).toEqual(native);
    expect(server.arrivals).toHaveLength(1);
  });

  it('a complete 200 body that claims JSON but is not is a CozeError naming the status (not retried)', async () => {
    const { server, client } = await setup((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{not json');
    });
    const error = await failure(postThing(client));
    expect(error).toBeInstanceOf(CozeError);
    expect(error).not.toBeInstanceOf(APIError);
    expect((error as Error).message).toBe('The 200 response is not the JSON it claims to be.');
    expect(server.arrivals).toHaveLength(1);
  });
});
