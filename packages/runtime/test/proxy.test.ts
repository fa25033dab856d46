import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ProxyAgent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
// The Node entry: node:http with the environment's proxies, as Node, Bun and Deno users get it.
import { APIConnectionError, CozeError, createClient, type Config, type EventStream } from '../src/index.node.js';
import { BEARER } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { startRawServer } from './helpers/raw-server.js';
import { json, type TestServer } from './helpers/server.js';
import { startTinyproxy, type Tinyproxy } from './helpers/tinyproxy.js';
import { selfSignedCa } from './helpers/tls.js';

/**
 * Issue 11, item 4: proxies, through a real forward proxy (Debian's tinyproxy) on 127.0.0.1. Its
 * log names every request it forwarded, so each test can tell whether a call went through it.
 */
const fx = useIntegration();
let proxy: Tinyproxy;
beforeAll(async () => {
  proxy = await startTinyproxy();
});
afterAll(() => proxy.close());
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A server that answers JSON calls with what it saw, and streams to requests that accept them. */
async function target(): Promise<TestServer> {
  return fx.serve((req, res, arrival) => {
    if (req.headers.accept === 'text/event-stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event: delta\ndata: {"text":"hi"}\n\nevent: done\ndata: {}\n\n');
      return;
    }
    json(res, 200, { url: arrival.url, auth: arrival.headers.authorization === `Bearer ${SENTINEL}` });
  });
}

const client = (server: TestServer, config: Config = {}) =>
  createClient({ baseUrl: server.url, apiKey: SENTINEL, rateLimit: false, maxRetries: 0, timeout: 5000, hooks: fx.hooks, ...config });

/** A JSON call and a stream, each to a path with `marker` in it, so the proxy log can be searched for them. */
async function callAndStream(c: ReturnType<typeof client>, marker: string) {
  const data = await c.post({ url: `/things/${marker}`, body: { a: 1 }, security: BEARER });
  const stream = (await c.post({ url: `/chat/${marker}`, body: { stream: true }, security: BEARER, sse: {} })) as EventStream;
  const events = [];
  for await (const event of stream) events.push(event);
  return { data, events };
}

function unstubProxyEnv(): void {
  // The machine's own settings must not decide these tests.
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) vi.stubEnv(name, '');
}

describe('HTTP_PROXY / NO_PROXY from the environment, by default', () => {
  it('JSON calls and streams go through the proxy: its log shows both, in absolute form', async () => {
    const server = await target();
    unstubProxyEnv();
    vi.stubEnv('HTTP_PROXY', proxy.url);
    const result = await callAndStream(client(server), 'env-upper');
    expect(result).toEqual({ data: { url: '/things/env-upper', auth: true }, events: [{ event: 'delta', data: { text: 'hi' } }] });
    const log = proxy.log();
    expect(log).toContain(`POST ${server.url}/things/env-upper HTTP/1.1`);
    expect(log).toContain(`POST ${server.url}/chat/env-upper HTTP/1.1`);
    expect(log).not.toContain(SENTINEL);
  });

  it('the lower-case name too', async () => {
    const server = await target();
    unstubProxyEnv();
    vi.stubEnv('http_proxy', proxy.url);
    await callAndStream(client(server), 'env-lower');
    expect(proxy.log()).toContain(`POST ${server.url}/things/env-lower HTTP/1.1`);
  });

  it('NO_PROXY bypasses it (host, host:port, and *)', async () => {
    const server = await target();
    const port = new URL(server.url).port;
    for (const [i, noProxy] of ['127.0.0.1', `127.0.0.1:${port}`, '*', 'example.com, 127.0.0.0/8'].entries()) {
      unstubProxyEnv();
      vi.stubEnv('HTTP_PROXY', proxy.url);
      vi.stubEnv('NO_PROXY', noProxy);
      const result = await callAndStream(client(server), `bypass-${i}`);
      expect(result.data).toEqual({ url: `/things/bypass-${i}`, auth: true });
      expect(proxy.log()).not.toContain(`/things/bypass-${i}`);
    }
    // An entry for another port or host does not bypass it.
    unstubProxyEnv();
    vi.stubEnv('HTTP_PROXY', proxy.url);
    vi.stubEnv('NO_PROXY', '127.0.0.1:1,api.example.com');
    await callAndStream(client(server), 'not-bypassed');
    expect(proxy.log()).toContain(`/things/not-bypassed`);
  });

  it('HTTPS_PROXY alone is not used for an http URL', async () => {
    const server = await target();
    unstubProxyEnv();
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    await callAndStream(client(server), 'https-only');
    expect(proxy.log()).not.toContain('/things/https-only');
  });
});

describe('the `proxy` option', () => {
  it('sends every request through the given proxy, whatever the environment says', async () => {
    const server = await target();
    unstubProxyEnv();
    vi.stubEnv('NO_PROXY', '*');
    await callAndStream(client(server, { proxy: proxy.url }), 'explicit');
    expect(proxy.log()).toContain(`POST ${server.url}/things/explicit HTTP/1.1`);
  });

  it('`false` turns the environment’s proxy off', async () => {
    const server = await target();
    unstubProxyEnv();
    vi.stubEnv('HTTP_PROXY', proxy.url);
    await callAndStream(client(server, { proxy: false }), 'off');
    expect(proxy.log()).not.toContain('/things/off');
  });

  it('a proxy that is not there: APIConnectionError naming it, without its credentials', async () => {
    const server = await target();
    const error = await rejectionOf(client(server, { proxy: 'http://user:pa55word@127.0.0.1:9' }).post({ url: '/x', body: {}, security: BEARER }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).not.toContain('pa55word');
    expectNoSecret(error);
    expect(server.arrivals).toHaveLength(0);
  });

  it('refuses what it cannot use: a socks URL, and a proxy beside a custom fetch', async () => {
    const server = await target();
    expect(() => client(server, { proxy: 'socks5://127.0.0.1:1080' })).toThrow(/proxy must be an http:\/\/ proxy URL/);
    expect(() => client(server, { proxy: proxy.url, fetch })).toThrow(CozeError);
    unstubProxyEnv();
    vi.stubEnv('HTTPS_PROXY', 'ftp://nope');
    expect(() => client(server)).toThrow(/HTTPS_PROXY must be an http:\/\/ proxy URL/);
  });

  it('the universal entry (Deno, Workers, browsers) refuses it, saying what works there instead', async () => {
    // A module graph of its own, as Deno loads it: no entry gave it the node:http transport.
    vi.resetModules();
    const universal = await import('../src/index.js');
    const make = (config: Config) => universal.createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: SENTINEL, ...config });
    expect(() => make({ proxy: proxy.url })).toThrow(universal.CozeError);
    expect(() => make({ proxy: proxy.url })).toThrow(/needs the node:http transport \(Node and Bun\)\. In Deno, set HTTPS_PROXY or HTTP_PROXY/);
    expect(() => make({ proxy: proxy.url, fetch })).toThrow(/give the proxy to the fetch/);
    expect(() => make({ proxy: false })).not.toThrow();
  });
});

describe('fetchOptions: an undici dispatcher of the caller’s own', () => {
  it('reaches every fetch call: a ProxyAgent sends JSON calls and streams through the proxy', async () => {
    const server = await target();
    unstubProxyEnv();
    const dispatcher = new ProxyAgent(proxy.url);
    try {
      const result = await callAndStream(client(server, { fetchOptions: { dispatcher } }), 'dispatcher');
      expect(result.data).toEqual({ url: '/things/dispatcher', auth: true });
      // undici's ProxyAgent tunnels even http targets with CONNECT.
      expect(proxy.log()).toContain(`CONNECT 127.0.0.1:${new URL(server.url).port} HTTP/1.1`);
      // It went through fetch, not node:http.
      expect(server.arrivals[0]!.headers['sec-fetch-mode']).toBe('cors');
    } finally {
      await dispatcher.close();
    }
  });

  it('cannot override what the runtime sets', async () => {
    const server = await target();
    expect(() => client(server, { fetchOptions: { redirect: 'follow' } })).toThrow(/fetchOptions.redirect cannot be set/);
  });
});

describe('proxy credentials', () => {
  let guarded: Tinyproxy;
  beforeAll(async () => {
    guarded = await startTinyproxy({ user: 'coze', password: 's3cret-proxy-pw' });
  });
  afterAll(() => guarded.close());

  it('are sent as Proxy-Authorization; wrong ones fail as a connection error that does not quote them', async () => {
    const server = await target();
    const result = await callAndStream(client(server, { proxy: guarded.url }), 'with-auth');
    expect(result.data).toEqual({ url: '/things/with-auth', auth: true });
    expect(guarded.log()).toContain(`POST ${server.url}/things/with-auth HTTP/1.1`);
    // The target never sees the proxy's credentials.
    for (const arrival of server.arrivals) expect(arrival.headers['proxy-authorization']).toBeUndefined();

    // tinyproxy answers wrong credentials with 401 and WWW-Authenticate (where RFC 9110 says 407),
    // which looks like the target's own 401: a typed error all the same, not quoting them.
    const wrong = guarded.url.replace('s3cret-proxy-pw', 'wrong-pw');
    const error = await rejectionOf(client(server, { proxy: wrong }).post({ url: '/things/denied', body: {}, security: BEARER }));
    expect(error).toBeInstanceOf(CozeError);
    expect(JSON.stringify([(error as Error).message, error])).not.toContain('wrong-pw');
    expectNoSecret(error);
    expect(server.arrivals.map((a) => a.url)).not.toContain('/things/denied');
  });

  it('a 407 from the proxy is an APIConnectionError naming the proxy (not the target’s answer)', async () => {
    const strict = await startRawServer((socket) =>
      socket.write('HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm="p"\r\ncontent-length: 0\r\n\r\n'),
    );
    try {
      const server = await target();
      const error = await rejectionOf(client(server, { proxy: strict.url.replace('://', '://u:hunter22@') }).post({ url: '/x', body: {}, security: BEARER }));
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toBe(`The proxy ${strict.url} refused the request: 407 Proxy Authentication Required`);
      expect(strict.requests[0]).toMatch(/proxy-authorization: Basic dTpodW50ZXIyMg==/i);
      expect(server.arrivals).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });
});

describe('an https target through a CONNECT tunnel', () => {
  let tls: Server;
  let tlsUrl: string;
  let dir: string;
  const seen: Array<{ url: string; authorization: string | undefined }> = [];

  beforeAll(async () => {
    const pems = await selfSignedCa(['127.0.0.1']);
    dir = mkdtempSync(join(tmpdir(), 'coze-tls-'));
    writeFileSync(join(dir, 'ca.pem'), pems.cert);
    tls = createServer({ key: pems.key, cert: pems.cert }, (req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      req.resume();
      req.on('end', () => {
        if (req.headers.accept === 'text/event-stream') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end('event: delta\ndata: {"text":"secure"}\n\nevent: done\ndata: {}\n\n');
      return;
        }
        const body = JSON.stringify({ tls: true });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    tlsUrl = `https://127.0.0.1:${(tls.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    tls.closeAllConnections();
    await new Promise<void>((resolve) => tls.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('tunnels JSON calls and streams: the proxy logs only CONNECT host:port, never the path or the token', async () => {
    const logBefore = proxy.log().length;
    const script = fileURLToPath(new URL('./fixtures/call-through-proxy.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HTTPS_PROXY: proxy.url,
        NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
        COZE_TEST_TARGET: tlsUrl,
        COZE_TEST_TOKEN: SENTINEL,
      },
    });
    expect(JSON.parse(stdout)).toEqual({ data: { tls: true }, events: [{ event: 'delta', data: { text: 'secure' } }] });
    expect(seen.map((s) => s.url)).toEqual(['/things', '/chat']);
    expect(seen.every((s) => s.authorization === `Bearer ${SENTINEL}`)).toBe(true);
    const log = proxy.log().slice(logBefore);
    expect(log).toContain(`CONNECT ${tlsUrl.slice('https://'.length)} HTTP/1.1`);
    expect(log).not.toContain('/things');
    expect(log).not.toContain(SENTINEL);
  });
});
