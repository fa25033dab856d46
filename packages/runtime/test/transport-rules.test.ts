// Rules of the transport that only show at their edges: a hook that throws on a stream's answer lets go of the
// stream's connection, and client.fetch hands back an error answer's bytes as they came (transport-edges.test.ts has
// the token's destination).
import { describe, expect, it } from 'vitest';
import { BEARER, clientFor } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';
import { within } from './helpers/server.js';

const fx = useIntegration();

describe('a hook that throws on a stream’s answer', () => {
  it('fails the call with its error and closes the stream’s connection', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: delta\ndata: {}\n\n');
      // …and the stream stays open: only the client can end it now.
    });
    const bug = new Error('hook bug');
    const client = clientFor(server, {
      hooks: {
        onResponse: () => {
          throw bug;
        },
      },
    });
    const opened = client.post({ url: '/chat', body: {}, security: BEARER, sse: {} });
    expect(await rejectionOf(opened)).toBe(bug);
    const [arrival] = await server.waitForArrivals(1);
    await within(arrival!.closed, 3000, 'the stream’s connection after the hook threw');
    expect(arrival!.clientClosedEarly()).toBe(true);
  });
});

describe('client.fetch and an error answer', () => {
  it('gives the body’s bytes as they came, even when they are not UTF-8', async () => {
    const bytes = Uint8Array.from([0xff, 0xfe, 0x41, 0x00, 0xc3]);
    const server = await fx.serve((_, res) => {
      res.writeHead(400, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const response = await client.fetch(`${server.url}/file`);
    expect(response.status).toBe(400);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });
});
