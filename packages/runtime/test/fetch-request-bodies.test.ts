// client.fetch: how the request a caller hands it goes out — headers of each form, bodies of each kind,
// the Content-Type they get (or do not) — and what the debug log shows of the body.
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../src/index.js';
import { clientFor } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';
import { collector } from './helpers/logger.js';
import { json } from './helpers/server.js';

const fx = useIntegration();

describe('client.fetch request headers', () => {
  it('sends the headers of a Headers object given as the init’s headers', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    const response = await client.fetch(`${server.url}/a`, { headers: new Headers({ 'X-Trace': 'abc', accept: 'application/json' }) });
    expect(response.status).toBe(200);
    expect(server.arrivals[0]!.headers['x-trace']).toBe('abc');
    expect(server.arrivals[0]!.headers.accept).toBe('application/json');
  });

  it('refuses a header name that is not a string with RequestValidationError, and sends nothing', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    const headers = [[42, 'x']] as unknown as HeadersInit;
    const error = await rejectionOf(client.fetch(`${server.url}/a`, { method: 'POST', body: '{}', headers }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).message).toBe('Invalid request: headers: every header name must be a string');
    expect((error as RequestValidationError).issues).toEqual([
      { field: 'headers', rule: 'header-name', message: 'headers: every header name must be a string' },
    ]);
    expect(server.arrivals).toHaveLength(0);
  });
});

describe('client.fetch request bodies', () => {
  it('sends bytes as they are, with no Content-Type when the caller gave none', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    await client.fetch(`${server.url}/upload`, { method: 'POST', body: new TextEncoder().encode('raw bytes') });
    await client.fetch(`${server.url}/upload`, { method: 'POST', body: new TextEncoder().encode('an ArrayBuffer').buffer });
    expect(server.arrivals.map((arrival) => arrival.body)).toEqual(['raw bytes', 'an ArrayBuffer']);
    expect(server.arrivals.map((arrival) => arrival.headers['content-type'])).toEqual([undefined, undefined]);
  });

  it('gives a string body the Content-Type fetch gives it, text/plain;charset=UTF-8, unless the caller set one', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    await client.fetch(`${server.url}/note`, { method: 'POST', body: 'hello' });
    await client.fetch(`${server.url}/json`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    const [note, typed] = server.arrivals;
    expect(note!.body).toBe('hello');
    expect(note!.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(typed!.headers['content-type']).toBe('application/json');
  });

  it('sends a GET with `body: null` (as fetch clients pass it) as a GET without a body', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const client = clientFor(server, { hooks: fx.hooks });
    const response = await client.fetch(`${server.url}/a`, { method: 'GET', body: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(server.arrivals[0]!.body).toBe('');
  });

  it('logs a string body as its text and a null body as none, at debug', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const logger = collector();
    const client = clientFor(server, { hooks: fx.hooks, logLevel: 'debug', logger });
    await client.fetch(`${server.url}/things`, { method: 'POST', body: '{"name":"thing"}', headers: { 'content-type': 'application/json' } });
    await client.fetch(`${server.url}/ping`, { method: 'POST', body: null });
    const attempts = logger.lines.map((line) => line.text).filter((text) => text.includes(': attempt 1 of '));
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatch(/POST \S+\/things: attempt 1 of \d+, headers .*, body \{"name":"thing"\}$/);
    expect(attempts[1]).toMatch(/POST \S+\/ping: attempt 1 of \d+, headers .*, body \(none\)$/);
    expect(server.arrivals.map((arrival) => arrival.body)).toEqual(['{"name":"thing"}', '']);
  });
});
