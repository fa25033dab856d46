import { describe, expect, it } from 'vitest';
import { CozeError, RedirectError, ResponseTooLargeError } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';
import { json } from './helpers/server.js';

// The fetch transport as a custom fetch sees it: the options the runtime sets itself (and a caller's fetchOptions
// may not), and what it makes of a fetch that followed a redirect despite redirect: 'manual' (a browser hides the
// redirect behind an opaqueredirect; some fetch wrappers follow and say so with `redirected`).
const fx = useIntegration();

describe('fetchOptions', () => {
  it.each(['method', 'headers', 'body', 'signal', 'redirect'])('may not set %s, which the runtime sets on every request', async (name) => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    expect(() => clientFor(server, { fetchOptions: { [name]: undefined } })).toThrow(
      new CozeError(`fetchOptions.${name} cannot be set: the runtime sets it on every request.`),
    );
  });

  it('passes the others to fetch, beside the method, headers, body, signal and redirect: manual', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const seen: RequestInit[] = [];
    const client = clientFor(server, {
      hooks: fx.hooks,
      fetchOptions: { keepalive: false, cache: 'no-store' },
      fetch: (input, init) => {
        seen.push(init!);
        return fetch(input, init);
      },
    });
    expect(await postThing(client)).toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ keepalive: false, cache: 'no-store', method: 'POST', redirect: 'manual', body: '{"name":"thing"}' });
    expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
    expect((seen[0]!.headers as Record<string, string>)['content-type']).toBe('application/json');
  });
});

/** What a fetch hands back, as far as the transport reads it. */
function answer(fields: Partial<Response>): Response {
  return { status: 200, statusText: 'OK', headers: new Headers({ 'content-type': 'application/json' }), body: null, type: 'basic', redirected: false, url: '', ...fields } as Response;
}

describe('a fetch that followed a redirect by itself', () => {
  it('a browser’s opaqueredirect: RedirectError with status 0 and no location, and the body is not read', async () => {
    const client = clientFor({ url: 'http://127.0.0.1:9' } as never, {
      maxRetries: 2,
      fetch: async () => answer({ type: 'opaqueredirect', status: 0, statusText: '', headers: new Headers() }),
    });
    const error = (await rejectionOf(postThing(client))) as RedirectError;
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.status).toBe(0);
    expect(error.location).toBeUndefined();
    expect(error.message).toBe(
      'POST http://127.0.0.1:9/things answered with a redirect, which a browser lets no script read or follow (an opaque redirect): set the base URL to where the API answers.',
    );
  });

  it('a fetch that says it was redirected: RedirectError naming where it ended', async () => {
    let reads = 0;
    // highWaterMark 0: pulled only when read.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          reads++;
          controller.enqueue(new TextEncoder().encode('{}'));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const client = clientFor({ url: 'http://127.0.0.1:9' } as never, {
      fetch: async () => answer({ redirected: true, url: 'https://elsewhere.test/things', body: body as Response['body'] }),
    });
    const error = (await rejectionOf(postThing(client))) as RedirectError;
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.location).toBe('https://elsewhere.test/things');
    expect(error.message).toBe(
      "The fetch in use followed a redirect of POST http://127.0.0.1:9/things itself to https://elsewhere.test/things despite redirect: 'manual'.",
    );
    expect(reads).toBe(0);
  });

  it('an answer that was not redirected is read as usual', async () => {
    const client = clientFor({ url: 'http://127.0.0.1:9' } as never, {
      fetch: async () => answer({ body: new Response('{"id":"t1"}').body }),
    });
    expect(await postThing(client)).toEqual({ id: 't1' });
  });
});

describe('a body read whole', () => {
  /** A fetch answering 10 chunks of 10 bytes, each made only when read; `pulls` counts them. */
  function tenChunks(headers: Record<string, string>) {
    const counter = { pulls: 0 };
    const fetchImpl: typeof fetch = async () => {
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            controller.enqueue(new TextEncoder().encode(' '.repeat(10)));
            if (++counter.pulls === 10) controller.close();
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(body, { headers: { 'content-type': 'application/json', ...headers } });
    };
    return { counter, client: clientFor({ url: 'http://127.0.0.1:9' } as never, { fetch: fetchImpl, maxResponseBytes: 25, maxRetries: 0 }) };
  }

  it.each([[{}], [{ 'content-length': '' }], [{ 'content-length': '-1' }], [{ 'content-length': '1.5' }], [{ 'content-length': '5, 5' }], [{ 'content-length': '5', 'content-encoding': 'identity' }]])(
    'without a plain declared length (%o): chunk by chunk, stopped at maxResponseBytes',
    async (headers) => {
      const { counter, client } = tenChunks(headers);
      expect(await rejectionOf(postThing(client))).toBeInstanceOf(ResponseTooLargeError);
      expect(counter.pulls).toBe(3);
    },
  );

  it.each(['5', '25'])('with a declared length (%s): in one go, still counted, so a Response that says less than it holds is refused too', async (length) => {
    const { counter, client } = tenChunks({ 'content-length': length });
    expect(await rejectionOf(postThing(client))).toBeInstanceOf(ResponseTooLargeError);
    expect(counter.pulls).toBe(10);
  });
});
