import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { APIConnectionError, createClient } from '../src/index.node.js';
import { TunnelAgent } from '../src/node-proxy.js';
import { BEARER } from './helpers/client.js';
import { rejectionOf } from './helpers/leaks.js';
import { selfSignedCa } from './helpers/tls.js';

/**
 * The CONNECT tunnel of the node:http transport (TunnelAgent), in this process: a real https server
 * with a self-signed certificate and a real CONNECT proxy, both on 127.0.0.1. proxy.test.ts runs the
 * same path end to end through tinyproxy, but in a child process (NODE_EXTRA_CA_CERTS is read at
 * startup); here the certificate is trusted per request instead, with the `ca` option, which the
 * agent hands on to tls.connect with the rest of the request's TLS options.
 */

/** How the proxy answers a CONNECT. */
type Answer = 'tunnel' | 'refuse' | 'refuse-without-reason' | 'silent' | 'hang-up';

interface Connect {
  /** The request target of the CONNECT line. */
  authority: string;
  host: string | undefined;
  authorization: string | undefined;
}

let ca: string;
let target: https.Server;
let targetPort: number;
/** Every request the https server got: its method and path, as it saw them after TLS. */
const arrivals: string[] = [];

let proxy: http.Server;
let proxyUrl: string;
let proxyPort: number;
let answer: Answer = 'tunnel';
const connects: Connect[] = [];
/** Requests to the proxy that were not CONNECT. */
const others: string[] = [];
const proxySockets = new Set<Duplex>();

beforeAll(async () => {
  const pems = await selfSignedCa(['127.0.0.1', '::1']);
  ca = pems.cert;
  target = https.createServer({ key: pems.key, cert: pems.cert }, (req, res) => {
    arrivals.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({ tls: true, url: req.url });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetPort = (target.address() as net.AddressInfo).port;

  proxy = http.createServer((req, res) => {
    others.push(`${req.method} ${req.url}`);
    res.writeHead(405, { connection: 'close' });
    res.end();
  });
  proxy.on('connect', (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    proxySockets.add(client);
    client.on('close', () => proxySockets.delete(client));
    client.on('error', () => undefined);
    connects.push({ authority: req.url ?? '', host: req.headers.host, authorization: req.headers['proxy-authorization'] });
    switch (answer) {
      case 'tunnel': {
        // Whatever the authority, the tunnel leads to the test's https server.
        const upstream = net.connect(targetPort, '127.0.0.1', () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        return;
      }
      case 'refuse':
        client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
        return;
      case 'refuse-without-reason':
        client.end('HTTP/1.1 403\r\ncontent-length: 0\r\n\r\n');
        return;
      case 'hang-up':
        client.destroy();
        return;
      case 'silent':
        return;
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyPort = (proxy.address() as net.AddressInfo).port;
  proxyUrl = `http://127.0.0.1:${proxyPort}`;
});

afterAll(async () => {
  target.closeAllConnections();
  for (const socket of proxySockets) socket.destroy();
  await Promise.all([new Promise((resolve) => target.close(resolve)), new Promise((resolve) => proxy.close(resolve))]);
});

const agents: TunnelAgent[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const agent of agents.splice(0)) agent.destroy();
  for (const socket of proxySockets) socket.destroy();
  connects.length = 0;
  others.length = 0;
  arrivals.length = 0;
  answer = 'tunnel';
});

function tunnelAgent(proxy: string = proxyUrl): TunnelAgent {
  const agent = new TunnelAgent(new URL(proxy));
  agents.push(agent);
  return agent;
}

/** A GET to the https server through `agent`, trusting the test's certificate. */
function get(agent: https.Agent, path: string, host = '127.0.0.1'): Promise<{ status: number | undefined; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host, port: targetPort, path, agent, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString()) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** What the agent's createConnection hands to its callback, called directly with `options`. */
function connectDirectly(agent: TunnelAgent, options: { host?: string; port?: number }): Promise<Error | null> {
  return new Promise((resolve) => {
    agent.createConnection({ ...options, ca }, (error, socket) => {
      socket?.destroy();
      resolve(error);
    });
  });
}

describe('TunnelAgent: an https request through a CONNECT tunnel', () => {
  it('sends CONNECT host:port to the proxy, then TLS to the target through it', async () => {
    const result = await get(tunnelAgent(), '/things/1');
    expect(result).toEqual({ status: 200, body: { tls: true, url: '/things/1' } });
    expect(connects).toEqual([{ authority: `127.0.0.1:${targetPort}`, host: `127.0.0.1:${targetPort}`, authorization: undefined }]);
    // The path went inside the tunnel, never to the proxy as a request of its own.
    expect(others).toEqual([]);
    expect(arrivals).toEqual(['GET /things/1']);
  });

  it('an IPv6 host goes in brackets in the CONNECT line', async () => {
    // The proxy opens every tunnel to 127.0.0.1, so this needs no IPv6 on the machine; the
    // certificate names ::1 as well.
    const result = await get(tunnelAgent(), '/v6', '::1');
    expect(result).toEqual({ status: 200, body: { tls: true, url: '/v6' } });
    expect(connects.map((c) => [c.authority, c.host])).toEqual([[`[::1]:${targetPort}`, `[::1]:${targetPort}`]]);
  });

  it('a connection asked for without a port is a tunnel to port 443', async () => {
    answer = 'refuse';
    const error = await connectDirectly(tunnelAgent(), { host: 'api.example.com' });
    expect(connects.map((c) => c.authority)).toEqual(['api.example.com:443']);
    expect(error?.message).toBe(`The proxy ${proxyUrl} refused the tunnel to api.example.com:443: 403 Forbidden`);
  });

  it('a connection asked for without a host reports through its callback, not by throwing', async () => {
    // https.Agent always fills in the host (localhost by default); a direct caller may not.
    answer = 'refuse';
    const agent = tunnelAgent();
    let settled: Promise<Error | null> | undefined;
    expect(() => {
      settled = connectDirectly(agent, { port: 8443 });
    }).not.toThrow();
    expect(await settled).toBeInstanceOf(APIConnectionError);
  });

  it('a proxy URL without a port is reached on port 80', async () => {
    // Port 80 is not the test's to listen on: the CONNECT request the agent makes is seen, then
    // sent on to the test's proxy.
    const request = http.request;
    const ports: unknown[] = [];
    vi.spyOn(http, 'request').mockImplementation(((options: http.RequestOptions) => {
      ports.push(options.port);
      return request({ ...options, port: proxyPort });
    }) as typeof http.request);
    const result = await get(tunnelAgent('http://127.0.0.1'), '/port-80');
    expect(result.status).toBe(200);
    expect(ports).toEqual([80]);
    expect(connects).toHaveLength(1);
  });

  it('keeps the tunnel alive: a second request reuses it, with no second CONNECT', async () => {
    const agent = tunnelAgent();
    await get(agent, '/first');
    await get(agent, '/second');
    expect(arrivals).toEqual(['GET /first', 'GET /second']);
    expect(connects).toHaveLength(1);
  });
});

describe('TunnelAgent: Proxy-Authorization from the proxy URL', () => {
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

  it.each([
    ['user and password', 'coze:s3cret@', basic('coze:s3cret')],
    ['percent-encoded ones, decoded', 'us%40er:p%3Ass@', basic('us@er:p:ss')],
    ['a user name alone', 'coze@', basic('coze:')],
    ['a password alone', ':s3cret@', basic(':s3cret')],
    ['none', '', undefined],
  ])('%s', async (_, userinfo, authorization) => {
    const result = await get(tunnelAgent(proxyUrl.replace('://', `://${userinfo}`)), '/auth');
    expect(result.status).toBe(200);
    expect(connects).toEqual([{ authority: `127.0.0.1:${targetPort}`, host: `127.0.0.1:${targetPort}`, authorization }]);
  });
});

describe('TunnelAgent: when the tunnel cannot be had', () => {
  it('a proxy that refuses the CONNECT: APIConnectionError naming the proxy (without credentials), the target and the status', async () => {
    answer = 'refuse';
    const error = await rejectionOf(get(tunnelAgent(proxyUrl.replace('://', '://coze:pa55word@')), '/refused'));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(`The proxy ${proxyUrl} refused the tunnel to 127.0.0.1:${targetPort}: 403 Forbidden`);
    expect(arrivals).toEqual([]);
  });

  it('a refusal with no reason phrase: the message ends with the status', async () => {
    answer = 'refuse-without-reason';
    const error = await rejectionOf(get(tunnelAgent(), '/refused'));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(`The proxy ${proxyUrl} refused the tunnel to 127.0.0.1:${targetPort}: 403`);
  });

  it('a proxy that hangs up on the CONNECT: APIConnectionError with the error code', async () => {
    answer = 'hang-up';
    const error = await rejectionOf(get(tunnelAgent(), '/hung-up'));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(`Could not reach the proxy ${proxyUrl}: ECONNRESET`);
    expect(connects).toHaveLength(1);
    expect(arrivals).toEqual([]);
  });

  it('a proxy that is not there: APIConnectionError with the error code', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await rejectionOf(get(tunnelAgent(`http://127.0.0.1:${port}`), '/nowhere'));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(`Could not reach the proxy http://127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('a proxy that never answers the CONNECT: given up after 60 s of silence', async () => {
    answer = 'silent';
    // The idle timeout is the socket's own (Node's internal timers, which fake timers do not
    // reach): the test sees the CONNECT request the agent makes and fires its timeout event, as
    // the socket does after 60 s of silence.
    const request = http.request;
    const made: http.ClientRequest[] = [];
    vi.spyOn(http, 'request').mockImplementation(((...args: Parameters<typeof http.request>) => {
      const req = request(...args);
      vi.spyOn(req, 'setTimeout');
      made.push(req);
      return req;
    }) as typeof http.request);
    const pending = rejectionOf(get(tunnelAgent(), '/silence'));
    await vi.waitFor(() => expect(connects).toHaveLength(1));
    expect(made).toHaveLength(1);
    const connect = made[0]!;
    expect(connect.method).toBe('CONNECT');
    expect(connect.setTimeout).toHaveBeenCalledWith(60_000, expect.any(Function));
    connect.emit('timeout');
    const error = await pending;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(`Could not reach the proxy ${proxyUrl}: the proxy did not answer the CONNECT`);
    expect(connect.destroyed).toBe(true);
  });
});

describe('through the client: the `proxy` option with an https baseUrl', () => {
  it('a refused CONNECT rejects the call with the APIConnectionError', async () => {
    answer = 'refuse';
    const client = createClient({ baseUrl: `https://127.0.0.1:${targetPort}`, apiKey: 'k', proxy: proxyUrl, rateLimit: false, maxRetries: 0, timeout: 5000 });
    const error = await rejectionOf(client.post({ url: '/x', body: {}, security: BEARER }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(`The proxy ${proxyUrl} refused the tunnel to 127.0.0.1:${targetPort}: 403 Forbidden`);
    expect(connects.map((c) => c.authority)).toEqual([`127.0.0.1:${targetPort}`]);
  });
});
