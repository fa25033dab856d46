import { describe, expect, it } from 'vitest';
import { APIConnectionError, CozeError, MAX_TIMEOUT_MS, RequestValidationError, createClient, type EventStream } from '../src/index.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { json } from './helpers/server.js';

/** The caller's own mistakes: refused before anything is sent, never retried, never quoting a secret. */
const fx = useIntegration();

async function okServer() {
  return fx.serve((_, res) => json(res, 200, { ok: true }));
}

function thrown(make: () => unknown): Error {
  try {
    make();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected it to throw');
}

describe('finding 9: timeouts, retries and sizes are checked, for the client and per call', () => {
  it.each([
    ['timeout', Infinity],
    ['timeout', 2 ** 31],
    ['timeout', Number.NaN],
    ['timeout', 0],
    ['timeout', '5000'],
    ['maxRetries', Number.NaN],
    ['maxRetries', -1],
    ['maxRetries', 1.5],
    ['maxRetries', Infinity],
    ['maxResponseBytes', 0],
    ['maxResponseBytes', 1.5],
  ])('the client refuses %s: %s, naming the option and the rule', (name, value) => {
    const error = thrown(() => createClient({ [name]: value }));
    expect(error).toBeInstanceOf(CozeError);
    expect(error.message).toContain(`${name} must be`);
    // Text in quotes, so that '5000' does not read as the number 5000.
    expect(error.message).toContain(`got ${typeof value === 'string' ? `"${value}"` : String(value)}`);
  });

  it('says why there is no unlimited timeout, and takes the largest there is', async () => {
    expect(thrown(() => createClient({ timeout: Infinity })).message).toMatch(/at most 2147483647 .*no unlimited timeout/);
    const server = await okServer();
    expect(await postThing(clientFor(server, { hooks: fx.hooks, timeout: MAX_TIMEOUT_MS }))).toEqual({ ok: true });
  });

  it.each([
    ['timeout', Infinity],
    ['timeout', 2 ** 31],
    ['timeout', -5],
    ['maxRetries', Number.NaN],
    ['maxRetries', -1],
    ['maxResponseBytes', -1],
  ])('a call refuses %s: %s with a RequestValidationError, nothing sent', async (name, value) => {
    const server = await okServer();
    const client = clientFor(server, { hooks: fx.hooks });
    const error = (await rejectionOf(postThing(client, { [name]: value }))) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.issues).toEqual([expect.objectContaining({ field: name, rule: 'option' })]);
    expect(server.arrivals).toHaveLength(0);
  });

  it('a stream’s idleTimeout too', async () => {
    const server = await okServer();
    const client = clientFor(server, { hooks: fx.hooks });
    const opened = client.post({ url: '/chat', body: {}, security: BEARER, sse: { idleTimeout: Infinity } }) as Promise<EventStream>;
    const error = (await rejectionOf(opened)) as RequestValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ field: 'idleTimeout' })]);
    expect(server.arrivals).toHaveLength(0);
  });
});

describe('finding 10: header names and values no transport can send', () => {
  it.each([
    ['a CRLF', `${SENTINEL}\r\nx-injected: 1`],
    ['a NUL', `${SENTINEL}\0`],
    ['a character beyond Latin-1', `${SENTINEL}你好`],
  ])('a per-call value with %s: RequestValidationError naming the header, not quoting it; nothing sent, no retry', async (_, value) => {
    const server = await okServer();
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 2 });
    const error = (await rejectionOf(postThing(client, { headers: { 'x-secret': value } }))) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.issues).toEqual([expect.objectContaining({ field: 'headers.x-secret', rule: 'header-value' })]);
    expectNoSecret(error);
    expect(server.arrivals).toHaveLength(0);
  });

  it('a header name that is not a token', async () => {
    const server = await okServer();
    const client = clientFor(server, { hooks: fx.hooks });
    const error = (await rejectionOf(postThing(client, { headers: { 'x bad\r\n': '1' } }))) as RequestValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ rule: 'header-name' })]);
    expect(server.arrivals).toHaveLength(0);
  });

  it('default headers are checked when the client is made', () => {
    const error = thrown(() => createClient({ defaultHeaders: { 'x-tenant': `${SENTINEL}\n` } }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.message).toContain('defaultHeaders.x-tenant');
    expectNoSecret(error);
  });

  it('client.fetch: headers in its init are checked the same way (fetch’s own error would quote the value)', async () => {
    const server = await okServer();
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 2 });
    const error = await rejectionOf(client.fetch(`${server.url}/x`, { headers: { 'x-secret': `${SENTINEL}\r\n` } }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expectNoSecret(error);
    expect(server.arrivals).toHaveLength(0);
  });
});

describe('finding 18: the API key and error messages', () => {
  it.each([
    ['a NUL', `${SENTINEL}\0`],
    ['a space', `${SENTINEL} x`],
    ['a tab', `${SENTINEL}\t`],
    ['non-ASCII', `${SENTINEL}密钥`],
    ['DEL', `${SENTINEL}\x7f`],
  ])('a key with %s is refused when the client is made, without quoting it', (_, apiKey) => {
    const error = thrown(() => createClient({ apiKey }));
    expect(error).toBeInstanceOf(CozeError);
    expect(error.message).toMatch(/only visible ASCII/);
    expectNoSecret(error);
  });

  it('a key function that returns such a key: refused before anything is sent', async () => {
    const server = await okServer();
    const client = clientFor(server, { hooks: fx.hooks, apiKey: async () => `${SENTINEL}\0` });
    const error = await rejectionOf(postThing(client));
    expect((error as Error).message).toMatch(/only visible ASCII/);
    expectNoSecret(error);
    expect(server.arrivals).toHaveLength(0);
  });

  it('undici’s own error about a bad header quotes its whole value (why keys and headers are checked first)', async () => {
    const error = await rejectionOf(fetch('http://127.0.0.1:9/', { headers: { authorization: `Bearer ${SENTINEL}\0` } }));
    expect(String((error as Error).message)).toContain(SENTINEL);
  });

  it('a transport error that quotes the Authorization header is not copied into ours', async () => {
    const quoting: typeof fetch = async (_, init) => {
      const auth = (init?.headers as Record<string, string>).authorization;
      throw new TypeError('fetch failed', { cause: new TypeError(`Headers.append: "${auth}" is an invalid header value.`) });
    };
    const client = createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: SENTINEL, rateLimit: false, maxRetries: 0, fetch: quoting });
    const error = await rejectionOf(postThing(client));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/withheld/);
    expectNoSecret(error);
  });

  it('a transport error that quotes nothing secret keeps its message and cause', async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    };
    const client = createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: SENTINEL, rateLimit: false, maxRetries: 0, fetch: failing });
    const error = (await rejectionOf(postThing(client))) as Error;
    expect(error.message).toBe('Connection error: fetch failed (connect ECONNREFUSED 127.0.0.1:9)');
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});
