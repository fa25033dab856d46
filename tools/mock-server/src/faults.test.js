import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { FaultError, normalizeFault, parseFaultHeader } from './faults.js';
import { call, parseEvents, specProblems } from './test-support.js';

describe('parseFaultHeader', () => {
  it('reads every kind', () => {
    expect(parseFaultHeader('status=503')).toEqual({ kind: 'status', status: 503 });
    expect(parseFaultHeader('status=429; retry-after=Wed, 21 Oct 2026 07:28:00 GMT; retry-after-ms=150')).toEqual({
      kind: 'status',
      status: 429,
      retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT',
      retryAfterMs: 150,
    });
    expect(parseFaultHeader('reset')).toEqual({ kind: 'reset' });
    expect(parseFaultHeader(' hang ')).toEqual({ kind: 'hang' });
    expect(parseFaultHeader('delay=250')).toEqual({ kind: 'delay', ms: 250 });
    expect(parseFaultHeader('html')).toEqual({ kind: 'html', status: 502 });
    expect(parseFaultHeader('html=504')).toEqual({ kind: 'html', status: 504 });
    expect(parseFaultHeader('truncate')).toEqual({ kind: 'truncate' });
    expect(parseFaultHeader('truncate=500')).toEqual({ kind: 'truncate', status: 500 });
    expect(parseFaultHeader('drop-stream=2')).toEqual({ kind: 'drop-stream', afterEvents: 2 });
    expect(parseFaultHeader('stream-error=0')).toEqual({ kind: 'stream-error', afterEvents: 0 });
    expect(parseFaultHeader('malformed-stream=3')).toEqual({ kind: 'malformed-stream', afterEvents: 3 });
    expect(parseFaultHeader('redirect')).toEqual({ kind: 'redirect', status: 302 });
    expect(parseFaultHeader('redirect=308; location=https://elsewhere.example/v1?a=b')).toEqual({
      kind: 'redirect',
      status: 308,
      location: 'https://elsewhere.example/v1?a=b',
    });
  });

  it.each([
    ['teapot', /Unknown fault kind 'teapot'/],
    ['status', /status must be an error status/],
    ['status=200', /status must be an error status/],
    ['status=503; retry=1', /takes no parameter 'retry'/],
    ['status=503; retry-after', /Expected param=value/],
    ['reset=1', /takes no value/],
    ['delay=soon', /ms must be a whole number/],
    ['delay=-1', /ms must be a whole number/],
    ['drop-stream', /afterEvents must be a whole number/],
    ['html; status=500', /takes no parameter/],
    ['redirect=304', /redirect fault's status must be one of 301, 302, 303, 307, 308/],
    ['redirect=soon', /redirect fault's status must be one of/],
    ['redirect; retry-after=1', /takes no parameter 'retry-after'/],
    ['redirect; location=ftp://elsewhere.example/', /location must be an http\(s\) URL or a path from the root/],
    ['redirect; location=//elsewhere.example/', /location must be an http\(s\) URL or a path from the root/],
    ['redirect; location=v1/workflow', /location must be an http\(s\) URL or a path from the root/],
  ])('refuses %s', (header, message) => {
    expect(() => parseFaultHeader(header)).toThrow(message);
    expect(() => parseFaultHeader(header)).toThrow(FaultError);
  });
});

describe('normalizeFault', () => {
  it('treats a bare status as a status fault and checks each kind', () => {
    expect(normalizeFault({ status: 503, retryAfter: 2 })).toEqual({ kind: 'status', status: 503, retryAfter: '2' });
    expect(() => normalizeFault({ kind: 'delay', ms: 1e9 })).toThrow(/at most/);
    expect(() => normalizeFault({ kind: 'drop-stream', afterEvents: 1.5 })).toThrow(/afterEvents/);
    expect(() => normalizeFault(null)).toThrow(/object/);
    // What a header could not carry is refused here rather than failing the answer.
    for (const location of ['/v1/a b', '/v1/\r\nset-cookie: x=1', '/v1/工作流', 7]) {
      expect(() => normalizeFault({ kind: 'redirect', location })).toThrow(/location must be/);
    }
  });
});

/** @type {import('../index.js').MockServer} */
let server;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
beforeEach(() => server.reset());
afterAll(() => server.close());

const chat = { messages: [{ role: 'user', content: 'What is a token bucket?' }] };

/**
 * Reads a response body to its end or its failure, keeping what arrived.
 * @param {Response} response
 */
async function readAll(response) {
  const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: undefined };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

/**
 * @param {string} path
 * @param {Record<string, string>} [headers]
 * @param {unknown} [body]
 */
function post(path, headers = {}, body = chat) {
  return fetch(server.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.tokens.admin}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('status faults', () => {
  it('answers the status with the Error body and the Retry-After headers given', async () => {
    const reply = await call(server, '/workflow', {
      headers: { 'x-mock-fault': 'status=503; retry-after=2; retry-after-ms=1500' },
    });
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual({ code: 503, message: 'Service Unavailable', details: 'Injected fault: status 503' });
    expect(reply.headers.get('retry-after')).toBe('2');
    expect(reply.headers.get('retry-after-ms')).toBe('1500');
    expect(reply.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await specProblems(server, 'GET', '/workflow', reply)).toEqual([]);
  });

  it('fails the next N matching requests from the plan, then answers normally, counting every attempt', async () => {
    server.faults.push({ match: { method: 'POST', path: '/workflow' }, times: 2, fault: { status: 503 } });
    expect(server.faults.pending).toEqual([
      { match: { method: 'POST', path: '/workflow' }, times: 2, fault: { kind: 'status', status: 503 } },
    ]);
    expect((await call(server, '/workflow')).status).toBe(200); // a GET does not match
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await call(server, '/workflow', { body: { name: 'x' } })).status);
    expect(statuses).toEqual([503, 503, 201]);
    expect(server.faults.pending).toEqual([]);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/workflow',
      'POST /v1/workflow',
      'POST /v1/workflow',
      'POST /v1/workflow',
    ]);
    // Only the last attempt created a workflow.
    expect((await call(server, '/workflow')).body.data).toHaveLength(1);
  });

  it('matches by template, operationId and RegExp, and leaves other requests alone', async () => {
    const { body: wf } = await call(server, '/workflow', { body: { name: 'x' } });
    server.faults.push(
      { match: { path: '/workflow/{workflow_id}/run' }, fault: { status: 500 } },
      { match: { operationId: 'workflow.get' }, fault: { status: 502 } },
      { match: { path: /^\/v1\/chat$/ }, fault: { status: 504 } },
    );
    expect((await call(server, '/workflow')).status).toBe(200);
    expect((await call(server, `/workflow/${wf.id}`)).status).toBe(502);
    expect((await call(server, `/workflow/${wf.id}/run`, { body: {} })).status).toBe(500);
    expect((await call(server, '/chat', { body: chat })).status).toBe(504);
    expect((await call(server, '/chat', { body: chat })).status).toBe(200);
  });

  it('lets the header win without consuming the plan', async () => {
    server.faults.push({ fault: { status: 500 } });
    expect((await call(server, '/workflow', { headers: { 'x-mock-fault': 'status=409' } })).status).toBe(409);
    expect(server.faults.pending).toHaveLength(1);
    expect((await call(server, '/workflow')).status).toBe(500);
  });

  it('answers 400 for a fault header it cannot read', async () => {
    const reply = await call(server, '/workflow', { headers: { 'x-mock-fault': 'explode' } });
    expect(reply).toMatchObject({
      status: 400,
      body: { details: "Header 'X-Mock-Fault' is invalid: Unknown fault kind 'explode'" },
    });
  });

  it('refuses plan entries it could not apply', () => {
    expect(() => server.faults.push({ fault: /** @type {any} */ ({ kind: 'melt' }) })).toThrow(TypeError);
    expect(() => server.faults.push({ times: 0, fault: { status: 503 } })).toThrow(/times/);
    expect(server.faults.pending).toEqual([]);
  });

  it('applies a fault to every match with times: Infinity until cleared', async () => {
    server.faults.push({ times: Infinity, fault: { status: 503 } });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await call(server, '/workflow')).status);
    expect(statuses).toEqual([503, 503, 503, 503, 503]);
    server.faults.clear();
    expect((await call(server, '/workflow')).status).toBe(200);
  });
});

describe('connection faults', () => {
  it('resets the connection without a response', async () => {
    const error = await fetch(`${server.url}/workflow`, {
      headers: { authorization: `Bearer ${server.tokens.read}`, 'x-mock-fault': 'reset' },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.cause?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(server.requests).toHaveLength(1);
  });

  it('hangs until the client gives up', async () => {
    const started = performance.now();
    const error = await fetch(`${server.url}/workflow`, {
      headers: { authorization: `Bearer ${server.tokens.read}`, 'x-mock-fault': 'hang' },
      signal: AbortSignal.timeout(150),
    }).catch((e) => e);
    expect(error.name).toBe('TimeoutError');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('delays, then answers normally', async () => {
    server.faults.push({ fault: { kind: 'delay', ms: 120 } });
    const started = performance.now();
    const reply = await call(server, '/workflow');
    expect(reply.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    // Recorded on arrival, before the delay.
    expect(/** @type {number} */ (server.requests[0]?.receivedAt) - started).toBeLessThan(100);
  });

  it('answers an HTML error page like a proxy', async () => {
    const reply = await call(server, '/workflow', { headers: { 'x-mock-fault': 'html' } });
    expect(reply.status).toBe(502);
    expect(reply.headers.get('content-type')).toBe('text/html');
    expect(reply.text).toContain('<title>502 Bad Gateway</title>');
    server.faults.push({ fault: { kind: 'html', status: 504 } });
    expect((await call(server, '/workflow')).text).toContain('504 Gateway Timeout');
  });

  it('truncates the response an operation gave, after it acted', async () => {
    const response = await post('/workflow', { 'x-mock-fault': 'truncate' }, { name: 'cut' });
    expect(response.status).toBe(201);
    const promised = Number(response.headers.get('content-length'));
    const { text, error } = await readAll(response);
    expect(error).toBeInstanceOf(Error);
    expect(Buffer.byteLength(text)).toBe(Math.floor(promised / 2));
    expect(() => JSON.parse(text)).toThrow();
    expect((await call(server, '/workflow')).body.data).toHaveLength(1);
  });

  it('truncates an Error body of the given status', async () => {
    const response = await post('/workflow', { 'x-mock-fault': 'truncate=500' }, { name: 'cut' });
    expect(response.status).toBe(500);
    const { text, error } = await readAll(response);
    expect(error).toBeInstanceOf(Error);
    expect(text.startsWith('{"code":500')).toBe(true);
    expect((await call(server, '/workflow')).body.data).toHaveLength(0);
  });

  it('keeps a planned truncation for a JSON response, not a stream', async () => {
    server.faults.push({ fault: { kind: 'truncate' } });
    const stream = await call(server, '/chat', { body: { ...chat, stream: true } });
    expect(stream.events?.at(-1)?.event).toBe('done');
    const { error } = await readAll(await post('/chat'));
    expect(error).toBeInstanceOf(Error);
  });
});

describe('redirect faults', () => {
  it('answers 302 pointing at the same path and query on another origin, with an empty body, without acting', async () => {
    const response = await fetch(`${server.url}/workflow?limit=2`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.tokens.admin}`, 'x-mock-fault': 'redirect' },
      body: JSON.stringify({ name: 'moved' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://127.0.0.1:9/v1/workflow?limit=2');
    expect(response.headers.get('content-length')).toBe('0');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await response.text()).toBe('');
    expect((await call(server, '/workflow')).body.data).toHaveLength(0);
  });

  it('carries the CORS headers for a loopback page, so its browser sees an opaque redirect, not a network error', async () => {
    const response = await fetch(`${server.url}/workflow/wf_x`, {
      headers: { authorization: `Bearer ${server.tokens.read}`, origin: 'http://127.0.0.1:5173', 'x-mock-fault': 'redirect=307' },
      redirect: 'manual',
    });
    expect(response.status).toBe(307);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('sends a planned redirect to the location given, which a client may follow', async () => {
    server.faults.push({ match: { operationId: 'workflow.get' }, fault: { kind: 'redirect', status: 308, location: '/v1/workflow' } });
    expect(server.faults.pending[0]?.fault).toEqual({ kind: 'redirect', status: 308, location: '/v1/workflow' });
    // fetch follows the same-origin 308; the plan is used up, so the list answers.
    const reply = await call(server, '/workflow/wf_x');
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual([]);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/workflow/wf_x', 'GET /v1/workflow']);
  });
});

describe('stream faults', () => {
  it('drops the connection after n events', async () => {
    const response = await post('/chat', { 'x-mock-fault': 'drop-stream=2' }, { ...chat, stream: true });
    expect(response.status).toBe(200);
    const { text, error } = await readAll(response);
    expect(error).toBeInstanceOf(Error);
    expect(parseEvents(text).map((e) => e.event)).toEqual(['chat.created', 'chat.message.delta']);
  });

  it('sends an error event after n events, then done', async () => {
    const reply = await call(server, '/chat', { body: { ...chat, stream: true }, headers: { 'x-mock-fault': 'stream-error=2' } });
    expect(reply.events?.map((e) => e.event)).toEqual(['chat.created', 'chat.message.delta', 'error', 'done']);
    expect(reply.events?.[2]?.data).toEqual({
      code: 500,
      message: 'Internal server error',
      details: 'Injected fault: the chat failed after 2 events',
    });
    expect(await specProblems(server, 'POST', '/chat', reply)).toEqual([]);
  });

  it('sends an event whose data is not JSON, then the rest of the stream', async () => {
    const { text, error } = await readAll(await post('/chat', { 'x-mock-fault': 'malformed-stream=1' }, { ...chat, stream: true }));
    expect(error).toBeUndefined();
    const blocks = text.split('\n\n').filter(Boolean);
    expect(blocks[0]).toMatch(/^event: chat.created\n/);
    const data = blocks[1]?.split('\n')[1]?.slice('data: '.length) ?? '';
    expect(() => JSON.parse(data)).toThrow();
    expect(blocks.at(-1)).toBe('event: done\ndata: "[DONE]"');
  });

  it('keeps a planned stream fault for the next streamed chat', async () => {
    server.faults.push({ match: { path: '/chat' }, fault: { kind: 'drop-stream', afterEvents: 1 } });
    expect((await call(server, '/chat', { body: chat })).status).toBe(200);
    expect(server.faults.pending).toHaveLength(1);
    const { text, error } = await readAll(await post('/chat', {}, { ...chat, stream: true }));
    expect(error).toBeInstanceOf(Error);
    expect(parseEvents(text).map((e) => e.event)).toEqual(['chat.created']);
  });
});

describe('recorded attempts', () => {
  it('record each faulted attempt with its arrival time, so backoff can be measured', async () => {
    server.faults.push({ match: { path: '/chat' }, times: 2, fault: { status: 503, retryAfter: '0' } });
    const gaps = [40, 80];
    for (const gap of gaps) {
      await call(server, '/chat', { body: chat });
      await new Promise((resolve) => setTimeout(resolve, gap));
    }
    expect((await call(server, '/chat', { body: chat })).status).toBe(200);
    const times = server.requests.map((r) => r.receivedAt);
    expect(times).toHaveLength(3);
    expect(/** @type {number} */ (times[1]) - /** @type {number} */ (times[0])).toBeGreaterThanOrEqual(39);
    expect(/** @type {number} */ (times[2]) - /** @type {number} */ (times[1])).toBeGreaterThanOrEqual(79);
  });
});
