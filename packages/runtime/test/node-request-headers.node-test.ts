// node:http only (the runtime:node-http project collects *.node-test.ts): the transport writes the request's
// headers as node:http's raw list, adding Host, Connection, Accept-Encoding and Content-Length itself.
import { describe, expect, it } from 'vitest';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { json } from './helpers/server.js';

const fx = useIntegration();

describe('the headers node:http sends', () => {
  it('adds Host, a keep-alive Connection, Accept-Encoding and the body’s length', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    await postThing(clientFor(server), { body: { name: '你好' } });
    const { headers, body } = server.arrivals[0]!;
    expect(headers.host).toBe(new URL(server.url).host);
    expect(headers.connection).toBe('keep-alive');
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(JSON.parse(body)).toEqual({ name: '你好' });
  });

  it('replaces a Content-Length the caller set with the body’s, once', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    await postThing(clientFor(server), { headers: { 'Content-Length': '999' } });
    const { headers, body } = server.arrivals[0]!;
    expect(headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(JSON.parse(body)).toEqual({ name: 'thing' });
  });

  it('sends no Content-Length without a body', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    await clientFor(server).get({ url: '/things', security: BEARER });
    expect(server.arrivals[0]!.headers['content-length']).toBeUndefined();
    expect(server.arrivals[0]!.headers['transfer-encoding']).toBeUndefined();
  });
});
