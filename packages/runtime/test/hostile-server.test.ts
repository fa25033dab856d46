import { describe, expect, it } from 'vitest';
import { APIConnectionError, APITimeoutError, APIUserAbortError, InternalServerError, createClient } from '../src/index.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import type { RawAnswer, RawServer } from './helpers/raw-server.js';
import { delay, within } from './helpers/server.js';

/**
 * What a hostile or broken server can send over a raw socket: odd status lines, a 101, bodies that
 * never end. Each ends in a value or a typed error on both transports (vitest fails the run on any
 * uncaught exception), within the timeout.
 */
const fx = useIntegration();
let raw: RawServer | undefined;

const reply = (statusLine: string, body = '{"ok":true}', headers = '') =>
  `${statusLine}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${headers}\r\n${body}`;

async function rawClient(answer: RawAnswer, config: Parameters<typeof clientFor>[1] = {}) {
  raw = await fx.serveRaw(answer);
  return createClient({ baseUrl: raw.url, apiKey: SENTINEL, rateLimit: false, timeout: 1000, maxRetries: 0, hooks: fx.hooks, ...config });
}

describe('finding 1: a status outside 200–599', () => {
  it.each(['HTTP/1.1 600 Weird', 'HTTP/1.1 999 Nine'])(
    '%s is an APIConnectionError naming the status, never an uncaught exception',
    async (statusLine) => {
      const client = await rawClient((socket) => socket.write(reply(statusLine)));
      const error = await within(rejectionOf(postThing(client)), 5000, statusLine);
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(/status \d+, outside HTTP's 200–599/);
      expectNoSecret(error);
    },
  );

  // The HTTP parsers refuse these themselves on some transports; either way the outcome is typed.
  it.each(['HTTP/1.1 099 Low', 'HTTP/1.1 199 Info-ish'])('%s is an APIConnectionError', async (statusLine) => {
    const client = await rawClient((socket) => socket.write(reply(statusLine)));
    expect(await within(rejectionOf(postThing(client)), 5000, statusLine)).toBeInstanceOf(APIConnectionError);
  });

  it('is retried like any other broken answer, then thrown', async () => {
    const client = await rawClient((socket) => socket.write(reply('HTTP/1.1 600 Weird')), { maxRetries: 1 });
    expect(await rejectionOf(postThing(client))).toBeInstanceOf(APIConnectionError);
    expect(raw!.requests).toHaveLength(2);
  });

  it('a reason phrase with a control character is ignored (RFC 9112): the answer is read as usual', async () => {
    const client = await rawClient((socket) => socket.write(reply('HTTP/1.1 200 O\x01K\x7f')));
    const { data, response } = await postThing(client).withResponse();
    expect(data).toEqual({ ok: true });
    expect(response.statusText).toBe('');
  });

  it('and on an error status too: the error keeps its class', async () => {
    const client = await rawClient((socket) => socket.write(reply('HTTP/1.1 500 Bro\x00ken', '{"code":500,"message":"boom"}')));
    const error = await rejectionOf(postThing(client));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toBe('500 boom');
  });
});

describe('finding 3: the timeout bounds every attempt, whatever the transport does', () => {
  it('a 101 Switching Protocols answer to a JSON call', async () => {
    const client = await rawClient((socket) =>
      socket.write('HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n'),
    );
    const error = await within(rejectionOf(postThing(client)), 5000, 'a call answered with 101');
    expect(error).toBeInstanceOf(APIConnectionError);
    expectNoSecret(error);
  });

  it('a 101 without Upgrade headers', async () => {
    const client = await rawClient((socket) => socket.write('HTTP/1.1 101 Switching Protocols\r\n\r\n'));
    expect(await within(rejectionOf(postThing(client)), 5000, 'a call answered with a bare 101')).toBeInstanceOf(APIConnectionError);
  });

  it('a custom fetch that ignores its signal: APITimeoutError after the timeout', async () => {
    const never: typeof fetch = () => new Promise<Response>(() => undefined);
    const client = createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: SENTINEL, rateLimit: false, timeout: 300, maxRetries: 0, fetch: never });
    expect(await within(rejectionOf(postThing(client)), 5000, 'a fetch that never settles')).toBeInstanceOf(APITimeoutError);
  });

  it('a custom fetch that ignores its signal: the caller’s abort ends the call at once', async () => {
    const never: typeof fetch = () => new Promise<Response>(() => undefined);
    const client = createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: SENTINEL, rateLimit: false, timeout: 20_000, fetch: never });
    const controller = new AbortController();
    const outcome = rejectionOf(postThing(client, { signal: controller.signal }));
    await delay(50);
    controller.abort();
    expect(await within(outcome, 2000, 'an aborted call on a fetch that never settles')).toBeInstanceOf(APIUserAbortError);
  });

  it('a body that never ends, with a fetch whose body ignores the abort', async () => {
    // The body's reader never settles, as Deno's node:http never reports an abort on a reused connection.
    const stalled: typeof fetch = async () =>
      new Response(new ReadableStream({ pull: () => new Promise(() => undefined) }), { status: 200, headers: { 'content-type': 'application/json' } });
    const client = createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: SENTINEL, rateLimit: false, timeout: 300, maxRetries: 0, fetch: stalled });
    expect(await within(rejectionOf(postThing(client)), 5000, 'a body that never ends')).toBeInstanceOf(APITimeoutError);
  });
});

describe('finding 8: a slow-bodied 500 is reported the same way on both transports', () => {
  it('InternalServerError 500 with a note for its body, after the timeout, retried as a 500', async () => {
    const client = await rawClient(
      (socket) => socket.write('HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"co'),
      { timeout: 400, maxRetries: 1 },
    );
    const error = await within(rejectionOf(postThing(client)), 8000, 'a 500 whose body stalls');
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(500);
    expect((error as Error).message).toMatch(/^500 \(the response body timed out\) \(2 attempts in [\d.]+ m?s\)$/);
    expect((error as Error).cause).toBeInstanceOf(APITimeoutError);
    expect(((error as Error).cause as Error).message).toBe('The response body timed out after 400 ms.');
    expect(raw!.requests).toHaveLength(2);
  });
});

it('a bearer-authenticated call is what the raw server saw (the helper works)', async () => {
  const client = await rawClient((socket) => socket.write(reply('HTTP/1.1 200 OK')));
  expect(await client.get({ url: '/x', security: BEARER })).toEqual({ ok: true });
  expect(raw!.requests[0]).toContain(`authorization: Bearer ${SENTINEL}`);
});
