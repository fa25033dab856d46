import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InternalServerError, ResponseTooLargeError } from '../src/index.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { delay, json } from './helpers/server.js';

/** Bodies read whole: the size limit (counted after decompression) and decoding, the same on both transports. */
const fx = useIntegration();
const MiB = 1024 * 1024;

describe('finding 5: maxResponseBytes', () => {
  it('a body past the limit stops the read with ResponseTooLargeError, and is not retried', async () => {
    const server = await fx.serve((_, res) => {
      // No Content-Length: the limit has to be found by counting.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let i = 0; i < 40; i++) res.write(chunk);
      res.end('{}');
    });
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 2, maxResponseBytes: MiB });
    const error = await rejectionOf(postThing(client));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limit: MiB, status: 200 });
    expect((error as Error).message).toMatch(/maxResponseBytes \(1048576 bytes/);
    expectNoSecret(error);
    expect(server.arrivals).toHaveLength(1);
  });

  it('a body without a Content-Length that never ends stops at the limit', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const more = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    });
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 0, maxResponseBytes: MiB });
    expect(await rejectionOf(postThing(client))).toBeInstanceOf(ResponseTooLargeError);
  });

  it('a Content-Length past the limit fails before the body is read', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 10 * MiB });
      res.write('{"a":');
      // The rest never comes: only the declared length can have failed the call.
    });
    const client = clientFor(server, { hooks: fx.hooks, maxResponseBytes: MiB });
    expect(await rejectionOf(postThing(client))).toBeInstanceOf(ResponseTooLargeError);
  });

  it('is counted after decompression, 32 MiB by default: a gzip bomb of 64 MiB of zeros is refused', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * MiB));
    expect(bomb.length).toBeLessThan(MiB);
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    });
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 2 });
    const error = await rejectionOf(postThing(client));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limit).toBe(32 * MiB);
    expect(server.arrivals).toHaveLength(1);
  });

  it('a call may raise it for itself', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(2 * MiB) });
    const server = await fx.serve((_, res) => json(res, 200, JSON.parse(big)));
    const client = clientFor(server, { hooks: fx.hooks, maxResponseBytes: MiB });
    expect(await rejectionOf(postThing(client))).toBeInstanceOf(ResponseTooLargeError);
    const data = (await postThing(client, { maxResponseBytes: 4 * MiB })) as { text: string };
    expect(data.text).toHaveLength(2 * MiB);
  });

  it('a body of exactly the limit is read, whether its length is declared or counted', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(100) });
    const server = await fx.serve((req, res) => {
      // '/declared' with a Content-Length; else chunked, so that only counting can tell the size.
      res.writeHead(200, { 'content-type': 'application/json', ...(req.url === '/declared' ? { 'content-length': body.length } : {}) });
      res.end(body);
    });
    const client = clientFor(server, { hooks: fx.hooks, maxResponseBytes: body.length });
    for (const url of ['/declared', '/counted']) {
      expect(await client.get({ url, security: BEARER })).toEqual({ text: 'x'.repeat(100) });
    }
  });

  it("an encoded body's Content-Length is its compressed size: larger than the limit, it is still read when the decoded body fits", async () => {
    const encoded = gzipSync(Buffer.from('{}'));
    const limit = 10;
    expect(encoded.length).toBeGreaterThan(limit);
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': encoded.length });
      res.end(encoded);
    });
    const client = clientFor(server, { hooks: fx.hooks, maxResponseBytes: limit });
    expect(await postThing(client)).toEqual({});
  });

  it('an error status with a huge body is still that error, its body noted', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end(Buffer.alloc(2 * MiB, 0x41));
    });
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 0, maxResponseBytes: MiB });
    const error = await rejectionOf(postThing(client));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toBe('503 (the response body is larger than maxResponseBytes, 1048576 bytes)');
    expect((error as Error).cause).toBeInstanceOf(ResponseTooLargeError);
  });

  it('applies to client.fetch downloads too', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(2 * MiB));
    });
    const client = clientFor(server, { hooks: fx.hooks, maxResponseBytes: MiB });
    expect(await rejectionOf(client.fetch(`${server.url}/files/f1/content`))).toBeInstanceOf(ResponseTooLargeError);
  });
});

describe('an error status answering a stream request', () => {
  it('has its whole body read, however many chunks it comes in', async () => {
    const server = await fx.serve(async (_, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      for (const part of ['{"code":503,', '"message":"busy', ' for a while"}']) {
        res.write(part);
        await delay(30);
      }
      res.end();
    });
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 0, timeout: 2000 });
    const error = await rejectionOf(client.post({ url: '/chat', body: {}, security: BEARER, sse: {} }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toBe('503 busy for a while');
  });
});

describe('finding 8: decoding, the same on both transports', () => {
  const body = Buffer.from(JSON.stringify({ greeting: '你好', n: 1 }));
  const encoders: Record<string, (data: Buffer) => Buffer> = {
    gzip: gzipSync,
    br: brotliCompressSync,
    deflate: deflateSync,
    // Raw deflate, as some servers send under `deflate`.
    'deflate (raw)': deflateRawSync,
  };

  it.each(Object.keys(encoders))('a %s body is decoded', async (name) => {
    const encoded = encoders[name]!(body);
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': name.split(' ')[0]!, 'content-length': encoded.length });
      res.end(encoded);
    });
    const client = clientFor(server, { hooks: fx.hooks });
    expect(await postThing(client)).toEqual({ greeting: '你好', n: 1 });
    expect(server.arrivals[0]!.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('the accept-encoding the caller sets is kept', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    await postThing(client, { headers: { 'accept-encoding': 'identity' } });
    expect(server.arrivals[0]!.headers['accept-encoding']).toBe('identity');
  });

  it('a UTF-8 byte-order mark before the JSON is dropped', async () => {
    const server = await fx.serve((_, res) => {
      const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': withBom.length });
      res.end(withBom);
    });
    const client = clientFor(server, { hooks: fx.hooks });
    expect(await postThing(client)).toEqual({ greeting: '你好', n: 1 });
  });

  it('a gzip body that is corrupt is a connection error, not an uncaught zlib error', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(Buffer.from('this is not gzip at all'));
    });
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 0 });
    const error = await rejectionOf(postThing(client));
    expect((error as Error).name).toBe('APIConnectionError');
  });
});
