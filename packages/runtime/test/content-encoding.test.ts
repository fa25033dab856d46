// Content-Encoding in the forms servers send besides a single lower-case coding, undone the same way by both
// transports (fetch does it itself; the node:http transport decodes on its own): the legacy name, any case, codings
// stacked in one header or over two header lines, an event stream, a deflate body in many small chunks, an empty one.
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { collect, DONE, frame, openStream, streamSetup } from './helpers/streams.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { delay } from './helpers/server.js';

const fx = useIntegration();
const greeting = { greeting: '你好', n: 1 };
const body = Buffer.from(JSON.stringify(greeting));

/** A server answering `encoded` with these Content-Encoding header lines, and the body the client made of it. */
async function decodedBy(encoding: string | string[], encoded: Buffer) {
  const server = await fx.serve((_, res) => {
    res.setHeader('content-encoding', encoding);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': encoded.length });
    res.end(encoded);
  });
  return postThing(clientFor(server, { hooks: fx.hooks, maxRetries: 0 }));
}

describe('Content-Encoding forms', () => {
  it('x-gzip, the legacy name of gzip, is gunzipped', async () => {
    expect(await decodedBy('x-gzip', gzipSync(body))).toEqual(greeting);
  });

  it('a coding in upper case is the same coding', async () => {
    expect(await decodedBy('GZIP', gzipSync(body))).toEqual(greeting);
    expect(await decodedBy('Br', brotliCompressSync(body))).toEqual(greeting);
  });

  it('stacked codings are undone last first: "deflate, gzip" is gunzipped, then inflated', async () => {
    expect(await decodedBy('deflate, gzip', gzipSync(deflateSync(body)))).toEqual(greeting);
    expect(await decodedBy('gzip,br', brotliCompressSync(gzipSync(body)))).toEqual(greeting);
  });

  it('codings over two header lines count as one list, in the order the lines came', async () => {
    expect(await decodedBy(['gzip', 'br'], brotliCompressSync(gzipSync(body)))).toEqual(greeting);
  });

  it('a deflate body that comes a few bytes at a time is inflated whole, raw or zlib-wrapped', async () => {
    for (const encoded of [deflateSync(body), deflateRawSync(body)]) {
      const server = await fx.serve(async (_, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate' });
        for (let at = 0; at < encoded.length; at += 3) {
          res.write(encoded.subarray(at, at + 3));
          await delay(1);
        }
        res.end();
      });
      expect(await postThing(clientFor(server, { hooks: fx.hooks, maxRetries: 0 }))).toEqual(greeting);
    }
  });

  it.each(['gzip', 'deflate', 'br'])('a %s answer with an empty body is empty, not a decoding error', async (encoding) => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': encoding, 'content-length': 0 });
      res.end();
    });
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 0 });
    expect(await (await client.fetch(`${server.url}/things`)).text()).toBe('');
  });

  it('a 204 or a HEAD answer with a Content-Encoding is empty, not a decoding error', async () => {
    const server = await fx.serve((req, res) => {
      // A HEAD's Content-Length is that of the GET's body, which is not sent.
      res.writeHead(req.method === 'HEAD' ? 200 : 204, { 'content-encoding': 'br', ...(req.method === 'HEAD' ? { 'content-length': 12 } : {}) });
      res.end();
    });
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 0 });
    const noContent = await client.fetch(`${server.url}/things`, { method: 'DELETE' });
    expect([noContent.status, await noContent.text()]).toEqual([204, '']);
    const head = await client.fetch(`${server.url}/things`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });
});

describe('an event stream with Content-Encoding', () => {
  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
  ] as const)('%s: every event arrives decoded, in order', async (encoding, encode) => {
    const events = [frame('delta', { content: '你' }), frame('delta', { content: '好' }), DONE].join('');
    const encoded = encode(Buffer.from(events));
    const { stream } = await setup(async (_, res) => {
      openStream(res, { 'content-encoding': encoding });
      // Split mid-way, so that the decoder is fed twice.
      const half = Math.floor(encoded.length / 2);
      res.write(encoded.subarray(0, half));
      await delay(5);
      res.end(encoded.subarray(half));
    });
    expect(await collect(await stream())).toEqual([
      { event: 'delta', data: { content: '你' } },
      { event: 'delta', data: { content: '好' } },
    ]);
  });
});

function setup(handler: Parameters<typeof streamSetup>[1]) {
  return streamSetup(fx, handler, { maxRetries: 0 });
}
