import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { APIUserAbortError, NotFoundError } from '../src/index.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { delay, json, within } from './helpers/server.js';

/**
 * The caller's AbortSignal ends every kind of wait at once: the request in flight, a backoff sleep,
 * a Retry-After sleep and the rate limiter's queue. "At once" is asserted against a wait many times
 * longer than the bound, so a busy machine does not make it flaky.
 */
const fx = useIntegration();

async function abortedAfter(promise: PromiseLike<unknown>, controller: AbortController, reason?: unknown) {
  const outcome = rejectionOf(promise);
  const abortedAt = performance.now();
  controller.abort(reason);
  const error = await within(outcome, 5000, 'the aborted call');
  return { error, afterAbort: performance.now() - abortedAt };
}

describe('the caller’s AbortSignal', () => {
  it('already aborted: nothing is sent', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(postThing(client, { signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(server.arrivals).toHaveLength(0);
  });

  it('aborted while an async apiKey function resolves the token: nothing is sent', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const apiKey = async () => {
      await delay(150);
      return SENTINEL;
    };
    const client = clientFor(server, { hooks: fx.hooks, apiKey });
    const controller = new AbortController();
    const call = postThing(client, { signal: controller.signal });
    await delay(30);
    const { error } = await abortedAfter(call, controller);
    expect(error).toBeInstanceOf(APIUserAbortError);
    await delay(300);
    expect(server.arrivals).toHaveLength(0);
  });

  it('ends a request in flight at once: APIUserAbortError, the socket closes, no retry', async () => {
    const server = await fx.serve(() => undefined);
    const client = clientFor(server, { hooks: fx.hooks, timeout: 20_000, maxRetries: 3 });
    const controller = new AbortController();
    const call = postThing(client, { signal: controller.signal });
    await server.waitForArrivals(1);
    const reason = new Error('user navigated away');
    const { error, afterAbort } = await abortedAfter(call, controller, reason);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
    expectNoSecret(error);
    expect(afterAbort).toBeLessThan(1000);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
    expect(server.arrivals[0]!.clientClosedEarly()).toBe(true);
    await delay(100);
    expect(server.arrivals).toHaveLength(1);
  });

  it('ends a backoff sleep at once (abort during a 3–4 s backoff)', async () => {
    const server = await fx.serve((_, res) => json(res, 503, { code: 503, message: 'busy' }));
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 6 });
    const controller = new AbortController();
    const call = postThing(client, { signal: controller.signal });
    // After the 4th attempt fails the client sleeps backoffDelay(3): 3–4 s.
    await server.waitForArrivals(4, 10_000);
    await delay(50);
    const { error, afterAbort } = await abortedAfter(call, controller);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(afterAbort).toBeLessThan(1500);
    expect(server.arrivals).toHaveLength(4);
  });

  it('ends a Retry-After sleep at once (abort during a 10 s wait)', async () => {
    const server = await fx.serve((_, res) => json(res, 429, { code: 429, message: 'slow down' }, { 'retry-after': '10' }));
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 2 });
    const controller = new AbortController();
    const call = postThing(client, { signal: controller.signal });
    await server.waitForArrivals(1);
    await delay(50);
    const { error, afterAbort } = await abortedAfter(call, controller);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(afterAbort).toBeLessThan(1500);
    expect(server.arrivals).toHaveLength(1);
  });

  it('ends a wait in the rate limiter’s queue at once; the call behind it keeps its place', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    // One token, then one every 2 s.
    const client = clientFor(server, { hooks: fx.hooks, rateLimit: { requestsPerSecond: 0.5, burst: 1 } });
    expect(await postThing(client)).toEqual({ ok: true });
    const first = new AbortController();
    const second = new AbortController();
    const waiting = postThing(client, { signal: first.signal });
    const behind = postThing(client, { signal: second.signal });
    const behindOutcome = behind.then(
      () => 'sent',
      (error: unknown) => error,
    );
    await delay(100);
    const { error, afterAbort } = await abortedAfter(waiting, first);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(afterAbort).toBeLessThan(1000);
    expect(server.arrivals).toHaveLength(1);
    // The call behind moved up: it goes when the next token comes (about 2 s after the first call).
    expect(await within(behindOutcome, 5000, 'the queued call')).toBe('sent');
    expect(server.arrivals).toHaveLength(2);
    const gap = server.arrivals[1]!.at - server.arrivals[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(0.9 * 2000);
    expect(gap).toBeLessThan(2000 + 1500);
  });

  it('aborted while the body of an error answering a stream is read: APIUserAbortError, not that error', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.write('{"code":404,');
      // …and the rest never comes.
    });
    let headed!: () => void;
    const head = new Promise<void>((resolve) => (headed = resolve));
    // The real fetch, watched: the abort comes once the head is here and the error's body is being read.
    const watched: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      headed();
      return response;
    };
    const client = clientFor(server, { hooks: fx.hooks, fetch: watched, maxRetries: 0 });
    const controller = new AbortController();
    const call = client.post({ url: '/chat', body: {}, security: BEARER, sse: {}, signal: controller.signal });
    await head;
    await new Promise((resolve) => setImmediate(resolve));
    const { error } = await abortedAfter(call, controller);
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  it('one that never fires changes nothing: an error status whose body broke off is still that error', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': 100 });
      res.write('{"code":404,');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 0 });
    const error = await rejectionOf(postThing(client, { signal: new AbortController().signal }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('404 (the response body was cut off)');
  });
});
