import { afterEach, describe, expect, it, vi } from 'vitest';
// The Bun entry, as Bun resolves it (the `bun` export condition). Node's fetch stands in for Bun's here: the
// smoke matrix (tools/platforms) runs the packed entry on Bun itself.
import { createClient, type EventStream } from '../src/index.bun.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL } from './helpers/leaks.js';
import { json, type TestServer } from './helpers/server.js';

const fx = useIntegration();
afterEach(() => {
  vi.unstubAllEnvs();
});

/** The machine's own proxy settings must not decide these tests. */
function withProxyEnv(vars: Record<string, string> = {}): void {
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) vi.stubEnv(name, '');
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
}

/** Answers JSON calls with the URL it saw (absolute when it was asked as a proxy), and streams to streams. */
async function target(): Promise<TestServer> {
  return fx.serve((req, res, arrival) => {
    if (req.headers.accept !== 'text/event-stream') return json(res, 200, { url: arrival.url });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('event: done\ndata: {}\n\n');
  });
}

async function callAndStream(server: TestServer, client: ReturnType<typeof createClient>): Promise<unknown> {
  const data = await postThing(client);
  const stream = (await postThing(client, { sse: {} })) as EventStream;
  for await (const _ of stream) break;
  expect(server.arrivals).toHaveLength(2);
  return data;
}

// undici's fetch marks its requests with Sec-Fetch-Mode; node:http sends no such header.
const viaFetch = (server: TestServer) => server.arrivals.map((arrival) => arrival.headers['sec-fetch-mode'] === 'cors');

describe('the Bun entry', () => {
  it('sends JSON calls and streams over fetch when no proxy is in play', async () => {
    withProxyEnv();
    const server = await target();
    expect(await callAndStream(server, clientFor(server))).toEqual({ url: '/things' });
    expect(viaFetch(server)).toEqual([true, true]);
  });

  it('keeps node:http for a proxy from the environment, and goes through it', async () => {
    const proxy = await target();
    withProxyEnv({ HTTP_PROXY: proxy.url });
    const client = createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: SENTINEL, rateLimit: false, maxRetries: 0 });
    expect(await callAndStream(proxy, client)).toEqual({ url: 'http://127.0.0.1:9/things' });
    expect(viaFetch(proxy)).toEqual([false, false]);
  });

  it('keeps node:http for the proxy option', async () => {
    withProxyEnv();
    const proxy = await target();
    const client = createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: SENTINEL, rateLimit: false, maxRetries: 0, proxy: proxy.url });
    await client.post({ url: '/things', body: {}, security: BEARER });
    expect(proxy.arrivals.map((arrival) => [arrival.url, arrival.headers['sec-fetch-mode']])).toEqual([['http://127.0.0.1:9/things', undefined]]);
  });

  it('keeps node:http for `proxy: false`, so that no proxy of the environment is used (Bun’s fetch would)', async () => {
    const proxy = await target();
    withProxyEnv({ HTTP_PROXY: proxy.url });
    const server = await target();
    expect(await callAndStream(server, clientFor(server, { proxy: false }))).toEqual({ url: '/things' });
    expect(viaFetch(server)).toEqual([false, false]);
    expect(proxy.arrivals).toHaveLength(0);
  });
});
