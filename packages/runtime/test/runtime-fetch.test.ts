import { getEventListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { APIConnectionError, APITimeoutError, APIUserAbortError, RequestValidationError, ResponseTooLargeError, createClient } from '../src/index.js';
import { clientFor, expectBackoff, recordingFetch } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { gaps, json, within } from './helpers/server.js';

/** client.fetch: what openapi-fetch calls — `fetch(new Request(url, init))` — with the runtime's policies. */
const fx = useIntegration();

function jsonRequest(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Request {
  return new Request(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('client.fetch', () => {
  it('adds the bearer token and an Idempotency-Key to an openapi-fetch style Request, and sends its body', async () => {
    const server = await fx.serve((_, res) => json(res, 201, { id: 'w1' }));
    const client = clientFor(server, { hooks: fx.hooks });
    const response = await client.fetch(jsonRequest(`${server.url}/workflow`, 'POST', { name: 'demo' }, { 'x-custom': '1' }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 'w1' });
    const [arrival] = server.arrivals;
    expect(arrival!.method).toBe('POST');
    expect(arrival!.headers.authorization).toBe(`Bearer ${SENTINEL}`);
    expect(arrival!.headers['idempotency-key']).toMatch(/^coze-/);
    expect(arrival!.headers['content-type']).toBe('application/json');
    expect(arrival!.headers['x-custom']).toBe('1');
    expect(JSON.parse(arrival!.body)).toEqual({ name: 'demo' });
  });

  it('retries with the same body and the same Idempotency-Key', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 0 ? json(res, 503, { code: 503, message: 'busy' }) : json(res, 200, { ok: true }),
    );
    const client = clientFor(server, { hooks: fx.hooks });
    const body = { name: '工作流 ✓', nodes: [{ id: 1 }] };
    const response = await client.fetch(jsonRequest(`${server.url}/workflow`, 'POST', body));
    expect(response.status).toBe(200);
    expect(server.arrivals).toHaveLength(2);
    expect(server.arrivals.map((a) => JSON.parse(a.body))).toEqual([body, body]);
    expect(server.arrivals[1]!.headers['idempotency-key']).toBe(server.arrivals[0]!.headers['idempotency-key']);
    expectBackoff(gaps(server.arrivals)[0]!, 0);
  });

  it('returns HTTP errors as responses, as fetch does, instead of throwing', async () => {
    const server = await fx.serve((req, res) =>
      req.url === '/missing'
        ? json(res, 404, { code: 404, message: 'no such workflow' }, { 'x-request-id': 'req-9' })
        : json(res, 503, { code: 503, message: 'busy' }),
    );
    const client = clientFor(server, { hooks: fx.hooks });
    const missing = await client.fetch(jsonRequest(`${server.url}/missing`, 'GET'));
    expect(missing.status).toBe(404);
    expect(missing.ok).toBe(false);
    expect(missing.headers.get('x-request-id')).toBe('req-9');
    expect(await missing.json()).toEqual({ code: 404, message: 'no such workflow' });
    // A retryable status is retried first, then its last response is returned.
    const busy = await client.fetch(`${server.url}/busy`);
    expect(busy.status).toBe(503);
    expect(server.arrivals.map((a) => a.url)).toEqual(['/missing', '/busy', '/busy']);
  });

  it('takes a URL and init too, and the init’s headers win over the Request’s', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    await client.fetch(new URL(`${server.url}/workflow/w1`), { method: 'patch', body: '{"name":"x"}', headers: { 'content-type': 'application/json' } });
    await client.fetch(jsonRequest(`${server.url}/a`, 'GET', undefined, { 'x-mode': 'request' }), { headers: { 'x-mode': 'init' } });
    const [patch, get] = server.arrivals;
    expect(patch!.method).toBe('PATCH');
    expect(patch!.body).toBe('{"name":"x"}');
    expect(patch!.headers['idempotency-key']).toMatch(/^coze-/);
    expect(get!.headers['x-mode']).toBe('init');
    expect(get!.headers['idempotency-key']).toBeUndefined();
  });

  it('returns the body bytes unchanged (a binary download is not decoded as text)', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0xe4, 0xbd]);
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const response = await client.fetch(`${server.url}/files/f1/content`);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('throws APIConnectionError when no response can be had (after retrying), like fetch’s TypeError', async () => {
    const server = await fx.serve((req) => {
      req.socket.destroy();
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const error = await rejectionOf(client.fetch(jsonRequest(`${server.url}/x`, 'POST', {})));
    expect(error).toBeInstanceOf(APIConnectionError);
    expectNoSecret(error);
    expect(server.arrivals).toHaveLength(2);
  });

  it('ends at once with APIUserAbortError when the Request’s signal aborts', async () => {
    const server = await fx.serve(() => undefined);
    const client = clientFor(server, { hooks: fx.hooks, timeout: 20_000 });
    const controller = new AbortController();
    const outcome = rejectionOf(client.fetch(new Request(`${server.url}/slow`, { signal: controller.signal })));
    await server.waitForArrivals(1);
    const abortedAt = performance.now();
    controller.abort();
    expect(await outcome).toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
  });

  it('streams a text/event-stream body unread: the first bytes arrive while the server still waits', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const server = await fx.serve(async (_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: delta\ndata: {"i":0}\n\n');
      await gate;
      res.end('event: done\ndata: {}\n\n');
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const response = await client.fetch(jsonRequest(`${server.url}/chat`, 'POST', { stream: true }, { accept: 'text/event-stream' }));
    const reader = response.body!.getReader();
    const first = await within(reader.read(), 3000, 'the first chunk while the server waits');
    expect(new TextDecoder().decode(first.value)).toBe('event: delta\ndata: {"i":0}\n\n');
    open();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('event: done\ndata: {}\n\n');
  });
});

describe('finding 19: client.fetch keeps the runtime’s rules', () => {
  it('sends the token only to the configured origin: another host or port is refused, nothing sent', async () => {
    const elsewhere = await fx.serve((_, res) => json(res, 200, {}));
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 2 });
    for (const target of [`${elsewhere.url}/steal`, new Request(`${elsewhere.url}/steal`, { method: 'POST', body: '{}' })]) {
      const error = await rejectionOf(client.fetch(target));
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as Error).message).toContain(`The API token is sent only to ${server.url}; refusing ${elsewhere.url}`);
      expectNoSecret(error);
    }
    expect(elsewhere.arrivals).toHaveLength(0);
    // The configured origin itself, under any path, is fine.
    expect((await client.fetch(`${server.url}/v1/anything?x=1`)).status).toBe(200);
  });

  it('refuses plain http to the configured https host, and a URL that only looks like it', async () => {
    const { calls, fetch } = recordingFetch();
    const client = createClient({ baseUrl: 'https://api.example.com/v1', apiKey: SENTINEL, rateLimit: false, fetch });
    for (const url of ['http://api.example.com/v1/chat', 'https://api.example.com.evil.test/v1', 'https://api.example.com@evil.test/v1']) {
      expect(await rejectionOf(client.fetch(url))).toBeInstanceOf(RequestValidationError);
    }
    expect(calls).toEqual([]);
    await client.fetch('https://api.example.com:443/v1/chat');
    expect(calls).toEqual(['https://api.example.com:443/v1/chat']);
  });

  it('a streamed body gets the idle timeout: APITimeoutError when no bytes come for `timeout` ms', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: delta\ndata: {}\n\n');
      // …and nothing more, with the connection open.
    });
    const client = clientFor(server, { hooks: fx.hooks, timeout: 400 });
    const response = await client.fetch(`${server.url}/chat`, { method: 'POST', body: '{}', headers: { accept: 'text/event-stream' } });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    const error = await within(rejectionOf(reader.read()), 5000, 'a stalled stream through client.fetch');
    expect(error).toBeInstanceOf(APITimeoutError);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
  });

  it('a streamed body the caller aborts while it is read fails with APIUserAbortError, not as a stream that broke off', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: delta\ndata: {}\n\n');
      // …and nothing more, with the connection open.
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const controller = new AbortController();
    const init = { method: 'POST', body: '{}', headers: { accept: 'text/event-stream' }, signal: controller.signal };
    const reader = (await client.fetch(`${server.url}/chat`, init)).body!.getReader();
    expect((await reader.read()).done).toBe(false);
    const next = rejectionOf(reader.read());
    controller.abort();
    expect(await next).toBeInstanceOf(APIUserAbortError);
  });

  it('leaves no abort listener on the caller’s signal, for JSON answers and streams alike', async () => {
    const server = await fx.serve((req, res) => {
      if (req.headers.accept === 'text/event-stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('event: done\ndata: {}\n\n');
        return;
      }
      json(res, 200, { ok: true });
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const controller = new AbortController();
    for (let i = 0; i < 12; i++) {
      const response = await client.fetch(`${server.url}/x`, { signal: controller.signal });
      await response.json();
      const stream = await client.fetch(`${server.url}/chat`, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
      await stream.text();
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('FormData, URLSearchParams and Blob bodies keep the Content-Type fetch gives them', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    const form = new FormData();
    form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'a.txt');
    await client.fetch(`${server.url}/upload`, { method: 'POST', body: form });
    await client.fetch(`${server.url}/form`, { method: 'POST', body: new URLSearchParams({ a: '1', b: '二' }) });
    await client.fetch(`${server.url}/blob`, { method: 'POST', body: new Blob(['{"a":1}'], { type: 'application/json' }) });
    await client.fetch(new Request(`${server.url}/request-form`, { method: 'POST', body: form }));
    const [upload, urlencoded, blob, requestForm] = server.arrivals;
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(upload!.headers['content-type'] ?? '')?.[1];
    expect(boundary).toBeTruthy();
    expect(upload!.body).toContain(`--${boundary}`);
    expect(upload!.body).toContain('filename="a.txt"');
    expect(urlencoded!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(urlencoded!.body).toBe('a=1&b=%E4%BA%8C');
    expect(blob!.headers['content-type']).toBe('application/json');
    expect(requestForm!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });
});

describe('client.fetch: an error status whose body cannot be read whole', () => {
  // As with fetch, the status and headers arrive and reading the body fails; the body is never a note of ours
  // that reads as if the server had sent it.
  const stalls = (status: number) => (_: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req-slow' });
    res.write('{"code":');
    // …and nothing more, with the connection open.
  };

  it.each([
    ['a JSON request', {}],
    ['a stream request', { accept: 'text/event-stream' }],
  ])('%s: a 503 whose body stalls past `timeout` comes back as a 503 whose body fails with APITimeoutError', async (_, headers) => {
    const server = await fx.serve(stalls(503));
    const client = clientFor(server, { hooks: fx.hooks, timeout: 300, maxRetries: 0 });
    const response = await within(client.fetch(`${server.url}/chat`, { headers }), 5000, 'the 503');
    expect(response.status).toBe(503);
    expect(response.headers.get('x-request-id')).toBe('req-slow');
    const error = await within(rejectionOf(response.text()), 2000, 'reading the 503 body');
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe('The response body timed out after 300 ms.');
  });

  it('a 502 whose body is cut off fails with APIConnectionError when read', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"code":502,');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 0 });
    const response = await client.fetch(`${server.url}/chat`);
    expect(response.status).toBe(502);
    const error = await rejectionOf(response.arrayBuffer());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toMatch(/^The response body was cut off(\.|: \S.*)$/);
    expectNoSecret(error);
  });

  it('a 404 whose body is larger than maxResponseBytes fails with ResponseTooLargeError when read', async () => {
    const server = await fx.serve((_, res) => json(res, 404, { code: 404, message: 'x'.repeat(200) }));
    const client = clientFor(server, { hooks: fx.hooks, maxResponseBytes: 50 });
    const response = await client.fetch(`${server.url}/chat`);
    expect(response.status).toBe(404);
    const error = await rejectionOf(response.json());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limit).toBe(50);
  });

  it('a stream request answered with a whole error body gets that body', async () => {
    const server = await fx.serve((_, res) => json(res, 404, { code: 4100, message: 'no such bot' }));
    const client = clientFor(server, { hooks: fx.hooks });
    const response = await client.fetch(`${server.url}/chat`, { method: 'POST', body: '{}', headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 4100, message: 'no such bot' });
  });
});
