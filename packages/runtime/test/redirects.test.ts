import { describe, expect, it } from 'vitest';
import { MAX_REDIRECTS, RedirectError, type EventStream } from '../src/index.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { json, type TestServer } from './helpers/server.js';

/**
 * Finding 7: one redirect policy on both transports. Followed: 307/308 to the same origin (same
 * method and body) and 301/302/303 of a GET or HEAD to the same origin; everything else is a
 * RedirectError naming the Location, and nothing is sent there.
 */
const fx = useIntegration();

/** A server that redirects `/from-<status>` to `to` (a path or a URL) and answers everything else with what it saw. */
async function redirecting(to: (server: TestServer) => string) {
  let self!: TestServer;
  self = await fx.serve((req, res, arrival) => {
    const status = /^\/from-(\d+)/.exec(req.url ?? '')?.[1];
    if (status) {
      res.writeHead(Number(status), { location: to(self), 'content-length': 0 });
      res.end();
      return;
    }
    json(res, 200, { method: arrival.method, url: arrival.url, body: arrival.body, auth: arrival.headers.authorization === `Bearer ${SENTINEL}` });
  });
  return self;
}

describe('followed: the same origin, the method kept', () => {
  it.each([307, 308])('%i of a POST: the same method, body and token at the new path', async (status) => {
    const server = await redirecting(() => '/moved?x=1');
    const client = clientFor(server, { hooks: fx.hooks });
    const data = await postThing(client, { url: `/from-${status}` });
    expect(data).toEqual({ method: 'POST', url: '/moved?x=1', body: '{"name":"thing"}', auth: true });
    expect(server.arrivals.map((a) => a.headers['idempotency-key'])).toEqual([
      server.arrivals[0]!.headers['idempotency-key'],
      server.arrivals[0]!.headers['idempotency-key'],
    ]);
  });

  it('tells the hooks of every hop: each request has its response, the redirect’s status and Location included', async () => {
    const server = await redirecting(() => '/moved');
    const client = clientFor(server, { hooks: fx.hooks });
    await postThing(client, { url: '/from-307' });
    const seen = fx.hooks.seen.map((info) => ('status' in info ? `response ${info.status} ${info.url} ${info.responseHeaders.location ?? ''}`.trim() : `request ${info.url}`));
    expect(seen).toEqual([
      `request ${server.url}/from-307`,
      `response 307 ${server.url}/from-307 /moved`,
      `request ${server.url}/moved`,
      `response 200 ${server.url}/moved`,
    ]);
  });

  it.each([301, 302, 303])('%i of a GET: a GET of the new URL', async (status) => {
    const server = await redirecting((s) => `${s.url}/moved`);
    const client = clientFor(server, { hooks: fx.hooks });
    expect(await client.get({ url: `/from-${status}`, security: BEARER })).toEqual({ method: 'GET', url: '/moved', body: '', auth: true });
  });

  it('a stream’s 307 too', async () => {
    let server!: TestServer;
    server = await fx.serve((req, res) => {
      if (req.url === '/chat') {
        res.writeHead(307, { location: '/chat2', 'content-length': 0 });
        res.end();
      return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event: delta\ndata: {"i":1}\n\nevent: done\ndata: {}\n\n');
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const stream = (await client.post({ url: '/chat', body: { stream: true }, security: BEARER, sse: {} })) as EventStream;
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events).toEqual([{ event: 'delta', data: { i: 1 } }]);
    expect(server.arrivals.map((a) => `${a.method} ${a.url}`)).toEqual(['POST /chat', 'POST /chat2']);
  });
});

describe('refused: a RedirectError naming the Location, nothing sent there', () => {
  it.each([301, 302, 303])('%i of a POST (following it would turn the write into a GET)', async (status) => {
    const server = await redirecting(() => '/moved');
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 2 });
    const error = (await rejectionOf(postThing(client, { url: `/from-${status}` }))) as RedirectError;
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.status).toBe(status);
    expect(error.location).toBe(`${server.url}/moved`);
    expect(error.message).toContain(`to ${server.url}/moved`);
    expect(error.message).toMatch(/turn the POST into a GET/);
    expect(server.arrivals).toHaveLength(1);
  });

  it('to another origin (another port on the same host): the token and the body stay home', async () => {
    const elsewhere = await fx.serve((_, res) => json(res, 200, { stolen: true }));
    const server = await redirecting(() => `${elsewhere.url}/collect`);
    const client = clientFor(server, { hooks: fx.hooks });
    const error = (await rejectionOf(postThing(client, { url: '/from-307' }))) as RedirectError;
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.location).toBe(`${elsewhere.url}/collect`);
    expect(error.message).toMatch(/another origin/);
    expectNoSecret(error);
    expect(elsewhere.arrivals).toHaveLength(0);
    // A GET too.
    expect(await rejectionOf(client.get({ url: '/from-302', security: BEARER }))).toBeInstanceOf(RedirectError);
    expect(elsewhere.arrivals).toHaveLength(0);
  });

  it(`more than ${MAX_REDIRECTS} in a row`, async () => {
    const server = await redirecting(() => '/from-307');
    const client = clientFor(server, { hooks: fx.hooks });
    const error = await rejectionOf(postThing(client, { url: '/from-307' }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(server.arrivals).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('a redirect without a Location', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(302);
      res.end();
    });
    const client = clientFor(server, { hooks: fx.hooks });
    expect(await rejectionOf(client.get({ url: '/302', security: BEARER }))).toMatchObject({ name: 'RedirectError', status: 302 });
  });

  it('through client.fetch too', async () => {
    const server = await redirecting(() => '/moved');
    const client = clientFor(server, { hooks: fx.hooks });
    expect(await rejectionOf(client.fetch(`${server.url}/from-301`, { method: 'POST', body: '{}' }))).toBeInstanceOf(RedirectError);
    const followed = await client.fetch(`${server.url}/from-308`, { method: 'POST', body: '{}' });
    expect(await followed.json()).toMatchObject({ method: 'POST', url: '/moved', body: '{}' });
  });
});

describe('a 3xx that is no redirect (300, 304, 305), as fetch has it: an answer, nothing followed', () => {
  it.each([300, 304, 305])('a JSON call gets an APIError with the %i, not a RedirectError', async (status) => {
    const server = await fx.serve((_, res) => {
      res.writeHead(status, { location: '/elsewhere' });
      res.end();
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const error = await rejectionOf(client.get({ url: '/a', security: BEARER }));
    expect(error).toMatchObject({ name: 'APIError', status });
    expect(server.arrivals.map((arrival) => arrival.url)).toEqual(['/a']);
  });

  it('client.fetch hands back a conditional GET’s 304 Not Modified as the response', async () => {
    const server = await fx.serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
      } else json(res, 200, { version: 1 });
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const fresh = await client.fetch(`${server.url}/thing`);
    expect(await fresh.json()).toEqual({ version: 1 });
    const unchanged = await client.fetch(`${server.url}/thing`, { headers: { 'if-none-match': '"v1"' } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe('"v1"');
    expect(await unchanged.text()).toBe('');
  });
});
