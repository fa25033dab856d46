// node:http only (the runtime:node-http project collects *.node-test.ts): calls to an http target through an http
// proxy keep one connection to the proxy, each request in absolute form with the target's Host and the proxy's
// credentials, which the proxy alone sees. The proxy here is a raw TCP server on 127.0.0.1 that answers itself.
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/index.node.js';
import { BEARER } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL } from './helpers/leaks.js';

const fx = useIntegration();
const OK = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"ok":true}';
// Nothing listens there: every request must go to the proxy.
const TARGET = 'http://127.0.0.1:9';

async function forwardProxy() {
  const connections = new Set<net.Socket>();
  const server = await fx.serveRaw((socket) => {
    connections.add(socket);
    socket.write(OK);
  });
  return { server, connections };
}

const clientVia = (proxy: string) =>
  createClient({ baseUrl: `${TARGET}/v1`, apiKey: SENTINEL, rateLimit: false, maxRetries: 0, timeout: 3000, proxy, hooks: fx.hooks });

describe('an http target through an http proxy', () => {
  it('goes in absolute form with the target’s Host, two calls over one kept-alive connection to the proxy', async () => {
    const { server, connections } = await forwardProxy();
    const client = clientVia(server.url);
    for (const name of ['a', 'b']) expect(await client.post({ url: `/things/${name}`, body: {}, security: BEARER })).toEqual({ ok: true });
    expect(server.requests.map((head) => head.split('\r\n')[0])).toEqual([
      `POST ${TARGET}/v1/things/a HTTP/1.1`,
      `POST ${TARGET}/v1/things/b HTTP/1.1`,
    ]);
    for (const head of server.requests) {
      expect(head).toMatch(/\r\nhost: 127\.0\.0\.1:9\r\n/i);
      expect(head).not.toMatch(/\r\nproxy-authorization:/i);
      // Through a proxy too, the body is asked for compressed.
      expect(head).toMatch(/\r\naccept-encoding: gzip, deflate, br\r\n/i);
    }
    expect(connections.size).toBe(1);
  });

  it('keeps a connection per client: a second client through the same proxy opens its own', async () => {
    const { server, connections } = await forwardProxy();
    for (const client of [clientVia(server.url), clientVia(server.url)]) {
      for (const name of ['a', 'b']) expect(await client.post({ url: `/things/${name}`, body: {}, security: BEARER })).toEqual({ ok: true });
    }
    expect(server.requests).toHaveLength(4);
    expect(connections.size).toBe(2);
  });

  it('sends the proxy URL’s credentials, decoded, as Basic Proxy-Authorization', async () => {
    const { server } = await forwardProxy();
    await clientVia(server.url.replace('://', '://proxy%20user:p%40ss@')).post({ url: '/things', body: {}, security: BEARER });
    const credentials = /\r\nproxy-authorization: *Basic ([^\r]+)/i.exec(server.requests[0]!)?.[1];
    expect(Buffer.from(credentials ?? '', 'base64').toString()).toBe('proxy user:p@ss');
  });
});
