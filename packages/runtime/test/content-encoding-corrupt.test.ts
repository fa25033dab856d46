// A body whose Content-Encoding cannot be undone fails the call at once with a connection error that holds zlib's
// data error in its cause chain, on both transports (fetch wraps it in undici's `terminated`; the node:http transport
// gives it as the cause itself): gzip, deflate in both of its forms, and a list of two codings whose first layer to
// undo is the broken one (the layer under it then never ends: the call must not wait for it until the timeout).
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';
import { delay } from './helpers/server.js';
import { collectUntilError, openStream, streamSetup } from './helpers/streams.js';

const fx = useIntegration();
const JSON_BODY = Buffer.from(JSON.stringify({ ok: true, padding: 'x'.repeat(4000) }));

function causeCodes(error: unknown): unknown[] {
  const codes: unknown[] = [];
  for (let at = error; at instanceof Error; at = at.cause) codes.push((at as NodeJS.ErrnoException).code);
  return codes;
}

/** `bytes` with its middle overwritten: the header (if any) stays valid, the data behind it does not. */
function brokenInTheMiddle(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy.fill(0xff, Math.min(4, copy.length >> 1), copy.length - 2);
  return copy;
}

async function callAnswered(contentEncoding: string, body: Buffer) {
  const server = await fx.serve((_, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': contentEncoding });
    res.end(body);
  });
  // Well under the client's 3 s timeout: an APITimeoutError here means the call waited on a decoder that never ends.
  return rejectionOf(postThing(clientFor(server, { hooks: fx.hooks, maxRetries: 0 })));
}

describe('a body that cannot be decoded', () => {
  it.each([
    ['gzip', 'gzip', Buffer.from('this is not gzip at all')],
    ['zlib-wrapped deflate', 'deflate', brokenInTheMiddle(zlib.deflateSync(JSON_BODY))],
    ['raw deflate', 'deflate', brokenInTheMiddle(zlib.deflateRawSync(JSON_BODY))],
    ['deflate that is no deflate at all', 'deflate', Buffer.from('this is not deflate at all')],
  ])('%s: a connection error', async (_, coding, body) => {
    const error = await callAnswered(coding, body);
    expect((error as Error).name).toBe('APIConnectionError');
    expect(causeCodes(error)).toContain('Z_DATA_ERROR');
  });

  it.each([
    ['deflate, gzip', (bytes: Buffer) => brokenInTheMiddle(zlib.gzipSync(zlib.deflateSync(bytes)))],
    ['gzip, deflate', (bytes: Buffer) => brokenInTheMiddle(zlib.deflateSync(zlib.gzipSync(bytes)))],
    ['gzip, gzip', (bytes: Buffer) => brokenInTheMiddle(zlib.gzipSync(zlib.gzipSync(bytes)))],
  ])('%s with the outer layer broken: a connection error, not a wait for the inner layer', async (list, encode) => {
    const error = await callAnswered(list, encode(JSON_BODY));
    expect((error as Error).name).toBe('APIConnectionError');
    expect(causeCodes(error)).toContain('Z_DATA_ERROR');
  });
});

describe('an event stream that cannot be decoded', () => {
  it.each([
    ['read at once', 0],
    ['read only after it failed', 200],
  ])('%s: fails with zlib’s data error among its causes', async (_, waitMs) => {
    const { stream } = await streamSetup(fx, (_, res) => {
      openStream(res, { 'content-encoding': 'gzip' });
      // Left open: the client's own close of the connection is the second way the body breaks off, after zlib's.
      res.write(Buffer.from('this is not gzip at all'));
    });
    const events = await stream();
    await delay(waitMs);
    const { events: handedOut, error } = await collectUntilError(events);
    expect(handedOut).toEqual([]);
    expect((error as Error).name).toBe('APIConnectionError');
    expect(causeCodes(error)).toContain('Z_DATA_ERROR');
  });
});
