// The details of one call that the client decides before and after the transport: which headers go, when a body
// and its Content-Type go, which errors get which hint, and what derive() and createClient() refuse.
import { describe, expect, it } from 'vitest';
import { CozeError, PermissionDeniedError, InternalServerError, UnexpectedResponseError, createClient } from '../src/index.js';
import { BEARER, clientFor } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, rejectionOf } from './helpers/leaks.js';
import { json } from './helpers/server.js';

const fx = useIntegration();

describe('a call’s headers and body', () => {
  it('leaves out a call header whose value is undefined or null, and sends the others as strings', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const headers = { 'x-none': undefined, 'x-null': null, 'x-count': 3 } as unknown as Record<string, string>;
    await clientFor(server).get({ url: '/things', security: BEARER, headers });
    const sent = server.arrivals[0]!.headers;
    expect(sent).not.toHaveProperty('x-none');
    expect(sent).not.toHaveProperty('x-null');
    expect(sent['x-count']).toBe('3');
  });

  it('sends no Authorization for an empty security list, as for none', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    await clientFor(server).get({ url: '/things', security: [] });
    expect(server.arrivals[0]!.headers).not.toHaveProperty('authorization');
  });

  it('a call without a body sends neither a body nor a Content-Type', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    await clientFor(server).post({ url: '/things', security: BEARER });
    expect(server.arrivals[0]!.headers).not.toHaveProperty('content-type');
    expect(server.arrivals[0]!.body).toBe('');
  });
});

describe('what an error adds', () => {
  it.each([
    ['where the key came from', 403, { apiKeySource: 'the TEST_KEY environment variable' }, PermissionDeniedError],
    ['the base path', 500, { basePath: '/v1' }, InternalServerError],
  ])('adds %s to a 401 or a 404 only, not to a %i', async (_, status, config, type) => {
    const server = await fx.serve((_, res) => json(res, status, { message: 'No luck' }));
    const error = await rejectionOf(clientFor(server, { ...config, maxRetries: 0 }).get({ url: '/things', security: BEARER }));
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toBe(`${status} No luck`);
  });

  it.each([
    // base URL path, basePath, the hint's suggested path (undefined: no hint)
    ['/v1', '/v1//', undefined],
    ['/v1', '/v1/', undefined],
    ['/v1//', '/v1', undefined],
    ['/gateway/v1', '/v1', undefined],
    ['/v10', '/v1', '/v1'],
    ['/v1beta/v2', '/v1', '/v1beta/v1'],
  ])('a 404 from base URL path %j with basePath %j suggests %j', async (path, basePath, suggested) => {
    const server = await fx.serve((_, res) => json(res, 404, { message: 'Not Found' }));
    const client = clientFor(server, { baseUrl: `${server.url}${path}`, basePath, maxRetries: 0 });
    const error = await rejectionOf(client.get({ url: '/things', security: BEARER }));
    const hint = suggested === undefined ? '' : `. The base URL ${server.url}${path} lacks the API's base path /v1: did you mean ${server.url}${suggested}?`;
    expect((error as Error).message).toBe(`404 Not Found${hint}`);
  });

  it('keeps the first 512 characters of an HTML page as the snippet', async () => {
    const page = `<!doctype html><html><body>${'x'.repeat(2000)}</body></html>`;
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page);
    });
    const error = await rejectionOf(clientFor(server).get({ url: '/things', security: BEARER }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).snippet).toBe(page.slice(0, 512));
  });

  it('a body that claims JSON and is not: the parser’s error is the cause', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"half":');
    });
    const error = await rejectionOf(clientFor(server).get({ url: '/things', security: BEARER }));
    expect((error as Error).message).toBe('The 200 response is not the JSON it claims to be.');
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });
});

describe('what a client refuses', () => {
  it('derive() takes a shared setting unchanged, and names the setting and the way out when it changes', () => {
    const parent = createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: SENTINEL, rateLimit: false });
    expect(parent.derive({ apiKey: SENTINEL, timeout: 5 }).getConfig().timeout).toBe(5);
    expect(() => parent.derive({ apiKey: 'another-key' })).toThrow(
      "`apiKey` cannot change in a derived client: it shares its parent's rate-limit bucket and connections. Create a separate client for that.",
    );
  });

  it('createClient() without a fetch to call, in a runtime that has none, says so', () => {
    const saved = globalThis.fetch;
    try {
      // @ts-expect-error a runtime without fetch
      delete globalThis.fetch;
      expect(() => createClient({ apiKey: SENTINEL })).toThrow(new CozeError('No fetch: pass `fetch` (globalThis.fetch is missing).'));
      expect(() => createClient({ apiKey: SENTINEL, fetch: saved })).not.toThrow();
    } finally {
      globalThis.fetch = saved;
    }
  });
});
