import { describe, expect, it, vi } from 'vitest';
import { CozeError, NotFoundError, RequestValidationError, UnexpectedResponseError, buildClientParams, createClient, createConfig } from '../src/index.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { json } from './helpers/server.js';

const fx = useIntegration();

describe('createClient: a successful call', () => {
  it('sends the token as a bearer header, the body as JSON, and resolves to the data', async () => {
    const server = await fx.serve((_, res) => json(res, 201, { id: 't1' }, { 'x-request-id': 'req-1' }));
    const client = clientFor(server, { hooks: fx.hooks });
    expect(await postThing(client)).toEqual({ id: 't1' });
    const [arrival] = server.arrivals;
    expect(arrival!.method).toBe('POST');
    expect(arrival!.url).toBe('/things');
    expect(arrival!.headers.authorization).toBe(`Bearer ${SENTINEL}`);
    expect(arrival!.headers['content-type']).toBe('application/json');
    expect(arrival!.headers.accept).toBe('application/json');
    expect(JSON.parse(arrival!.body)).toEqual({ name: 'thing' });
  });

  it('gives the raw response and request id without a second request (withResponse, asResponse)', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { id: 't1' }, { 'x-request-id': 'req-42' }));
    const client = clientFor(server, { hooks: fx.hooks });
    const { data, response, requestId } = await postThing(client).withResponse();
    expect(data).toEqual({ id: 't1' });
    expect(response.status).toBe(200);
    expect(requestId).toBe('req-42');
    const raw = await postThing(client).asResponse();
    expect(raw.headers.get('x-request-id')).toBe('req-42');
    expect(server.arrivals).toHaveLength(2);
  });

  it('reads a repeated X-Request-Id as Headers.get does: its values joined with ", "', async () => {
    const server = await fx.serve((_, res) => {
      res.setHeader('x-request-id', ['req-a', 'req-b']);
      json(res, 200, { id: 't1' });
    });
    const { requestId } = await postThing(clientFor(server, { hooks: fx.hooks })).withResponse();
    expect(requestId).toBe('req-a, req-b');
  });

  it('behaves as a promise: then() without handlers, catch, finally, and its tag', async () => {
    const server = await fx.serve((req, res) => (req.url === '/missing' ? json(res, 404, { msg: 'no such thing' }) : json(res, 200, { id: 't1' })));
    const client = clientFor(server, { hooks: fx.hooks });
    const call = postThing(client);
    expect(Object.prototype.toString.call(call)).toBe('[object APIPromise]');
    expect(await call.then()).toEqual({ id: 't1' });
    let finished = 0;
    expect(await postThing(client).finally(() => finished++)).toEqual({ id: 't1' });
    expect(finished).toBe(1);
    const caught = await client.get({ url: '/missing', security: BEARER }).catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(NotFoundError);
  });

  it('withResponse() gives a plain object whose response is made once and spreads with it', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { id: 't1' }, { 'x-request-id': 'req-7' }));
    const client = clientFor(server, { hooks: fx.hooks });
    const call = postThing(client);
    const result = await call.withResponse();
    expect(result.response).toBe(result.response);
    expect((await call.withResponse()).response).toBe(result.response);
    expect(await call.asResponse()).toBe(result.response);
    const copy = { ...result };
    expect(Object.keys(copy)).toEqual(['data', 'response', 'requestId']);
    expect(copy.response).toBe(result.response);
    expect(copy.requestId).toBe('req-7');
    expect(await call).toEqual({ id: 't1' });
    expect(server.arrivals).toHaveLength(1);
  });

  it('lets an error thrown by a hook reach the caller instead of retrying it as a connection failure', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { id: 't1' }));
    const bug = new Error('hook bug');
    const client = clientFor(server, {
      hooks: {
        onResponse: () => {
          throw bug;
        },
      },
    });
    expect(await rejectionOf(postThing(client))).toBe(bug);
    expect(server.arrivals).toHaveLength(1);
  });

  it('reads 204 as undefined and a non-JSON body as text', async () => {
    const server = await fx.serve((req, res) => {
      if (req.url === '/empty') {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('plain words');
      }
    });
    const client = clientFor(server, { hooks: fx.hooks });
    expect(await client.delete({ url: '/empty', security: BEARER })).toBeUndefined();
    expect(await client.get({ url: '/text', security: BEARER })).toBe('plain words');
  });

  it('refuses an HTML page in answer to a JSON call (a website or a proxy page at the base URL), but gives it to a caller who asked for HTML', async () => {
    const page = '<!doctype html><html><head><title>Coze</title></head><body>Welcome</body></html>';
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-request-id': 'req-html' });
      res.end(page);
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const error = await rejectionOf(postThing(client));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8', snippet: page, requestId: 'req-html' });
    expect((error as Error).message).toMatch(/^Expected a JSON response .*base URL.*, but the 200 response is text\/html; charset=utf-8: "<!doctype html>/);
    // Not retried: the same page would come again.
    expect(server.arrivals).toHaveLength(1);
    expect(await client.get({ url: '/page', security: BEARER, headers: { accept: 'text/html' } })).toBe(page);
  });

  describe("parseAs: 'json' (an operation that promises a JSON body)", () => {
    const answers: Record<string, { type?: string; body: string }> = {
      '/empty': { type: 'application/json', body: '' },
      '/untyped-empty': { body: '' },
      '/plain': { type: 'text/plain', body: 'all good' },
      '/long-plain': { type: 'text/plain', body: 'a'.repeat(600) },
      '/plain-json': { type: 'text/plain', body: '{"id":"c1"}' },
      '/broken': { type: 'application/json', body: '{"id":' },
      '/ok': { type: 'application/json; charset=utf-8', body: '{"id":"c1"}' },
    };
    const serve = () =>
      fx.serve((req, res) => {
        const answer = answers[req.url!.slice(req.url!.lastIndexOf('/'))]!;
        res.writeHead(200, { ...(answer.type ? { 'content-type': answer.type } : {}), 'x-request-id': 'req-json' });
        res.end(answer.body);
      });
    const call = (client: ReturnType<typeof clientFor>, url: string, parseAs?: 'json' | 'auto') =>
      client.post({ url, body: {}, security: BEARER, ...(parseAs ? { parseAs } : {}) });

    it.each(['/empty', '/untyped-empty'])('%s: an empty 200 is an UnexpectedResponseError, not undefined, and is not retried', async (url) => {
      const server = await serve();
      const error = await rejectionOf(call(clientFor(server, { hooks: fx.hooks }), url, 'json'));
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error).toMatchObject({ status: 200, snippet: '', requestId: 'req-json' });
      expect((error as Error).message).toMatch(/^Expected the JSON body the operation promises, but the 200 response (is application\/json|has no Content-Type): an empty body$/);
      expect(server.arrivals).toHaveLength(1);
    });

    it('a text answer that is not JSON is an UnexpectedResponseError naming its type and start', async () => {
      const server = await serve();
      const error = await rejectionOf(call(clientFor(server, { hooks: fx.hooks }), '/plain', 'json'));
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect((error as Error).message).toBe('Expected the JSON body the operation promises, but the 200 response is text/plain: "all good"');
    });

    it('a long text answer is kept as its first 512 characters', async () => {
      const server = await serve();
      const error = await rejectionOf(call(clientFor(server, { hooks: fx.hooks }), '/long-plain', 'json'));
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect((error as UnexpectedResponseError).snippet).toBe('a'.repeat(512));
    });

    it('JSON under another Content-Type is read as the JSON it is; JSON that is broken is a CozeError', async () => {
      const server = await serve();
      const client = clientFor(server, { hooks: fx.hooks });
      expect(await call(client, '/plain-json', 'json')).toEqual({ id: 'c1' });
      expect(await call(client, '/ok', 'json')).toEqual({ id: 'c1' });
      const broken = await rejectionOf(call(client, '/broken', 'json'));
      expect(broken).toBeInstanceOf(CozeError);
      expect(broken).not.toBeInstanceOf(UnexpectedResponseError);
      expect((broken as Error).message).toBe('The 200 response is not the JSON it claims to be.');
    });

    it("without it ('auto', the default) an empty body is undefined and text is text, as a generic call expects", async () => {
      const server = await serve();
      const client = clientFor(server, { hooks: fx.hooks });
      for (const parseAs of [undefined, 'auto'] as const) {
        expect(await call(client, '/empty', parseAs)).toBeUndefined();
        expect(await call(client, '/untyped-empty', parseAs)).toBeUndefined();
        expect(await call(client, '/plain', parseAs)).toBe('all good');
        expect(await call(client, '/plain-json', parseAs)).toBe('{"id":"c1"}');
      }
    });
  });

  it('sends no Authorization header (and needs no key) for an operation without security', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { up: true }));
    const client = createClient({ baseUrl: server.url, rateLimit: false });
    expect(await client.get({ url: '/health' })).toEqual({ up: true });
    expect(server.arrivals[0]!.headers.authorization).toBeUndefined();
  });

  it('fills path parameters (encoded) and the query (arrays repeated, null and undefined left out)', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    await client.get({
      url: '/workflow/{workflow_id}/runs',
      path: { workflow_id: 'a b/c' },
      query: { limit: 5, tag: ['x', 'y'], cursor: undefined, q: null },
      security: BEARER,
    });
    expect(server.arrivals[0]!.url).toBe('/workflow/a%20b%2Fc/runs?limit=5&tag=x&tag=y');
    expect(client.buildUrl({ url: '/w/{id}', path: { id: 7 }, query: { a: 1 } })).toBe(`${server.url}/w/7?a=1`);
  });

  it('refuses a missing path parameter before sending anything', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    const error = (await rejectionOf(client.get({ url: '/workflow/{workflow_id}', path: {}, security: BEARER }))) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.issues).toEqual([{ field: 'path.workflow_id', rule: 'required', message: 'path.workflow_id is required' }]);
    expect(server.arrivals).toHaveLength(0);
  });

  it('rejects with the problem buildClientParams found, before the validator runs, and sends nothing', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const validate = vi.fn();
    const client = clientFor(server, { hooks: fx.hooks, validate });
    const params = buildClientParams([{ name: 'thing', nmae: 'typo' }], [{ args: [{ in: 'body', key: 'name' }] }]);
    const error = (await rejectionOf(client.post({ url: '/things', security: BEARER, ...params }))) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.issues.map((issue) => issue.field)).toEqual(['nmae']);
    expect(validate).not.toHaveBeenCalled();
    expect(server.arrivals).toHaveLength(0);
  });

  it('runs the validator first and sends nothing when it throws', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const validate = vi.fn(() => {
      throw new RequestValidationError([{ field: 'body.temperature', rule: 'maximum', message: 'body.temperature must be ≤ 1' }]);
    });
    const client = clientFor(server, { hooks: fx.hooks, validate });
    const error = await rejectionOf(postThing(client, { body: { temperature: 1.5 } }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toBe('Invalid request: body.temperature must be ≤ 1');
    expect(validate).toHaveBeenCalledWith(expect.objectContaining({ method: 'POST', url: '/things', body: { temperature: 1.5 } }));
    expect(server.arrivals).toHaveLength(0);
  });

  it('merges default and per-call headers (names case-insensitive, undefined left out, the call wins)', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks, defaultHeaders: { 'X-App': 'demo', 'X-Trace': 'default' } });
    await postThing(client, { headers: { 'x-trace': 'call', 'X-Gone': undefined, 'X-Num': 3 } });
    const { headers } = server.arrivals[0]!;
    expect(headers['x-app']).toBe('demo');
    expect(headers['x-trace']).toBe('call');
    expect(headers['x-num']).toBe('3');
    expect('x-gone' in headers).toBe(false);
  });

  it('sends a string body as it is', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    await postThing(client, { body: 'raw=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(server.arrivals[0]!.body).toBe('raw=1');
    expect(server.arrivals[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('iterates a cursor-paginated list through every page, keeping the other parameters', async () => {
    const server = await fx.serve((req, res) => {
      const cursor = new URL(req.url!, 'http://x').searchParams.get('cursor');
      if (cursor === null) json(res, 200, { data: [1, 2], has_more: true, next_cursor: 'c2' });
      else if (cursor === 'c2') json(res, 200, { data: [3], has_more: true, next_cursor: 'c3' });
      else json(res, 200, { data: [4], has_more: false, next_cursor: null });
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const items: unknown[] = [];
    const list = client.get({ url: '/workflow', query: { limit: 2 }, security: BEARER }) as unknown as AsyncIterable<unknown>;
    for await (const item of list) items.push(item);
    expect(items).toEqual([1, 2, 3, 4]);
    expect(server.arrivals.map((a) => a.url)).toEqual(['/workflow?limit=2', '/workflow?limit=2&cursor=c2', '/workflow?limit=2&cursor=c3']);
  });

  it('retries a GET by the same policy, without an Idempotency-Key', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 0 ? json(res, 500, { code: 500, message: 'oops' }) : json(res, 200, { ok: 1 }),
    );
    const client = clientFor(server, { hooks: fx.hooks });
    expect(await client.get({ url: '/things', security: BEARER })).toEqual({ ok: 1 });
    expect(server.arrivals).toHaveLength(2);
    expect(server.arrivals.map((a) => a.headers['idempotency-key'])).toEqual([undefined, undefined]);
  });

  it('setConfig applies to later calls', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    client.setConfig({ defaultHeaders: { 'x-later': 'yes' } });
    expect(client.getConfig().defaultHeaders).toEqual({ 'x-later': 'yes' });
    await postThing(client);
    expect(server.arrivals[0]!.headers['x-later']).toBe('yes');
  });
});

describe('createClient: options it refuses', () => {
  it('a timeout that is not above 0 and a maxRetries that is not a whole number ≥ 0', () => {
    expect(() => createClient({ timeout: 0 })).toThrow(CozeError);
    expect(() => createClient({ timeout: Number.NaN })).toThrow(/timeout/);
    expect(() => createClient({ maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => createClient({ maxRetries: 1.5 })).toThrow(/maxRetries/);
  });

  it('fills responseStyle and throwOnError in createConfig', () => {
    expect(createConfig({ baseUrl: 'https://api.example.com' })).toEqual({
      baseUrl: 'https://api.example.com',
      responseStyle: 'data',
      throwOnError: true,
    });
  });
});

describe('the API key', () => {
  it('a function is asked before every attempt, so a rotated token is used on the retry', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 0 ? json(res, 503, { code: 503, message: 'busy' }) : json(res, 200, { ok: true }),
    );
    let turn = 0;
    const apiKey = vi.fn(async () => `${SENTINEL}-${++turn}`);
    const client = clientFor(server, { hooks: fx.hooks, apiKey });
    expect(await postThing(client)).toEqual({ ok: true });
    expect(apiKey).toHaveBeenCalledTimes(2);
    expect(server.arrivals.map((a) => a.headers.authorization)).toEqual([`Bearer ${SENTINEL}-1`, `Bearer ${SENTINEL}-2`]);
  });

  it('missing: a clear CozeError, and nothing is sent', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = createClient({ baseUrl: server.url, rateLimit: false });
    const error = await rejectionOf(postThing(client));
    expect(error).toBeInstanceOf(CozeError);
    expect((error as Error).message).toMatch(/No API key/);
    expect(server.arrivals).toHaveLength(0);
  });

  it('with a line break: refused when the client is made, before it can inject a header, without quoting the key', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    let error: unknown;
    try {
      clientFor(server, { hooks: fx.hooks, apiKey: `${SENTINEL}\r\nx-injected: 1` });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(CozeError);
    expect((error as Error).message).toMatch(/line breaks/);
    expectNoSecret(error);
    expect(server.arrivals).toHaveLength(0);
  });
});

describe('hooks', () => {
  it('see every attempt with its index, status and timing, and the Authorization header only as [REDACTED]', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 0 ? json(res, 500, { code: 500, message: 'oops' }) : json(res, 200, { ok: true }),
    );
    const client = clientFor(server, { hooks: fx.hooks, defaultHeaders: { cookie: 'session=secret', 'x-api-key': 'other-secret' } });
    await postThing(client);
    const seen = fx.hooks.seen;
    expect(seen.map((info) => [info.attempt, 'status' in info ? info.status : 'request'])).toEqual([
      [0, 'request'],
      [0, 500],
      [1, 'request'],
      [1, 200],
    ]);
    for (const info of seen) {
      expect(info.url).toBe(`${server.url}/things`);
      expect(info.method).toBe('POST');
      expect(info.headers.authorization).toBe('[REDACTED]');
      expect(info.headers.cookie).toBe('[REDACTED]');
      expect(info.headers['x-api-key']).toBe('[REDACTED]');
      expect(info.headers['idempotency-key']).toMatch(/^coze-/);
      if ('elapsedMs' in info) expect(info.elapsedMs).toBeGreaterThanOrEqual(0);
    }
    // The server still got the real values.
    expect(server.arrivals[0]!.headers.cookie).toBe('session=secret');
  });
});

describe('Idempotency-Key', () => {
  it('one key per logical POST, reused on every retry, and a new one for the next call', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 1 || arrival.index === 0 ? json(res, 503, { code: 503, message: 'busy' }) : json(res, 200, { ok: true }),
    );
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 2 });
    await postThing(client);
    await postThing(client);
    const keys = server.arrivals.map((a) => a.headers['idempotency-key']);
    expect(keys).toHaveLength(4);
    expect(keys[0]).toMatch(/^coze-[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(keys[0]);
    expect(keys[3]).not.toBe(keys[0]);
    expect(keys[3]).toMatch(/^coze-/);
  });

  it('the caller’s idempotencyKey wins, and is reused on retries', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 0 ? json(res, 502, { code: 502, message: 'bad gateway' }) : json(res, 200, { ok: true }),
    );
    const client = clientFor(server, { hooks: fx.hooks });
    await postThing(client, { idempotencyKey: 'order-2024-0001', headers: { 'Idempotency-Key': 'header-loses' } });
    expect(server.arrivals.map((a) => a.headers['idempotency-key'])).toEqual(['order-2024-0001', 'order-2024-0001']);
  });

  it('a key passed as a header (as the generated bindings do) wins over a made-up one', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const client = clientFor(server, { hooks: fx.hooks });
    await postThing(client, { headers: { 'Idempotency-Key': 'from-header' } });
    expect(server.arrivals[0]!.headers['idempotency-key']).toBe('from-header');
  });

  it('PATCH and DELETE carry one too, reused on their retries', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index % 2 === 0 ? json(res, 503, { code: 503, message: 'busy' }) : json(res, 200, {}),
    );
    const client = clientFor(server, { hooks: fx.hooks });
    await client.patch({ url: '/workflow/{id}', path: { id: 'w1' }, body: { name: 'n' }, security: BEARER });
    await client.delete({ url: '/workflow/{id}', path: { id: 'w1' }, security: BEARER });
    const [patch1, patch2, delete1, delete2] = server.arrivals.map((a) => `${a.method} ${a.headers['idempotency-key']}`);
    expect(patch1).toMatch(/^PATCH coze-/);
    expect(patch2).toBe(patch1);
    expect(delete1).toMatch(/^DELETE coze-/);
    expect(delete2).toBe(delete1);
    expect(delete1!.slice(7)).not.toBe(patch1!.slice(6));
  });


});

describe('createClient: fetch is called the way browsers and workerd require', () => {
  // Browsers and workerd throw "Illegal invocation" when fetch runs with a `this` other than the global object.
  const realFetch = globalThis.fetch;
  function strictFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    if (this !== undefined && this !== globalThis) return Promise.reject(new TypeError('Illegal invocation'));
    return realFetch(input, init);
  }

  it('calls a given fetch without binding it to the client (streams and JSON calls)', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { id: 't1' }));
    const client = clientFor(server, { hooks: fx.hooks, fetch: strictFetch as typeof fetch });
    expect(await postThing(client)).toEqual({ id: 't1' });
    const response = await client.fetch(`${server.url}/things`);
    expect(response.status).toBe(200);
  });

  it('calls the global fetch with the global object as `this` by default', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { id: 't1' }));
    const original = globalThis.fetch;
    globalThis.fetch = strictFetch as typeof fetch;
    try {
      const client = clientFor(server, { hooks: fx.hooks });
      const response = await client.fetch(`${server.url}/things`);
      expect(response.status).toBe(200);
    } finally {
      globalThis.fetch = original;
    }
  });
});
