// node:http only (the runtime:node-http project collects *.node-test.ts): what an http proxy's own answers and a
// bodiless request through it look like. The proxy is a raw TCP server on 127.0.0.1 that answers itself.
import { describe, expect, it } from 'vitest';
import { APIConnectionError } from '../src/errors/index.js';
import { createClient } from '../src/index.node.js';
import { BEARER } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf, SENTINEL } from './helpers/leaks.js';

const fx = useIntegration();
// Nothing listens there: every request must go to the proxy.
const TARGET = 'http://127.0.0.1:9';

async function proxyAnswering(answer: string) {
  return fx.serveRaw((socket) => socket.write(answer));
}

const clientVia = (proxy: string) =>
  createClient({ baseUrl: `${TARGET}/v1`, apiKey: SENTINEL, rateLimit: false, maxRetries: 0, timeout: 3000, proxy, hooks: fx.hooks });

describe('an http proxy', () => {
  it('carries a request with no body: no Content-Length, and the answer comes back', async () => {
    const proxy = await proxyAnswering('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"ok":true}');
    expect(await clientVia(proxy.url).get({ url: '/things/a', security: BEARER })).toEqual({ ok: true });
    expect(proxy.requests[0]!.split('\r\n')[0]).toBe(`GET ${TARGET}/v1/things/a HTTP/1.1`);
    expect(proxy.requests[0]).not.toMatch(/\r\ncontent-length:/i);
  });

  it('refusing with a 407 that has no reason phrase: the message ends at the status, with no trailing space', async () => {
    const proxy = await proxyAnswering('HTTP/1.1 407 \r\ncontent-length: 0\r\n\r\n');
    const error = await rejectionOf(clientVia(proxy.url).post({ url: '/things', body: {}, security: BEARER }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(`The proxy ${proxy.url} refused the request: 407`);
  });
});
