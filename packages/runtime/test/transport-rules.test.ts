// Rules of the transport that only show at their edges: the token rule is for calls that carry the token, a hook
// that throws on a stream's answer lets go of the stream's connection, and client.fetch hands back an error answer's
// bytes as they came.
import { describe, expect, it } from 'vitest';
import { createClient, RequestValidationError } from '../src/index.js';
import { BEARER, clientFor } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, rejectionOf } from './helpers/leaks.js';
import { within } from './helpers/server.js';

const fx = useIntegration();

describe('the token’s destination rule', () => {
  // Without a base URL, each absolute URL is checked; an operation without security sends no token, so it may go
  // anywhere (base-url.test.ts has the refusals of calls that do carry it).
  it('is not applied to a call that sends no token: plain http to a host that is not loopback goes out', async () => {
    const sent: Array<{ url: string; authorization: string | null }> = [];
    const recording: typeof fetch = async (input, init) => {
      sent.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
      return new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
    };
    const client = createClient({ apiKey: SENTINEL, rateLimit: false, fetch: recording });
    expect(await client.get({ url: 'http://api.example.com/v1/public' })).toEqual({ ok: true });
    const refused = await rejectionOf(client.get({ url: 'http://api.example.com/v1/private', security: BEARER }));
    expect(refused).toBeInstanceOf(RequestValidationError);
    expect((refused as Error).message).toContain('refusing http://api.example.com');
    expect(sent).toEqual([{ url: 'http://api.example.com/v1/public', authorization: null }]);
  });
});

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
