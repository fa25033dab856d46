import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APIUserAbortError, type EventStream } from '../src/index.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { activeTimeouts, baselineTimeouts, expectNoSecret, settledTimeouts, trackRuntimeTimers } from './helpers/leaks.js';
import { delay, json, startServer, type TestServer } from './helpers/server.js';

/**
 * Every timer is cleared on every path: after the last call settles and the server is closed, no
 * timer the runtime made is pending and the process holds no more timers than before. (The
 * integration fixture checks the same after every integration test; this file shows the check
 * catching a pending timer, then drives every path in one place.)
 */
let server: TestServer | undefined;
let tracker: ReturnType<typeof trackRuntimeTimers>;

beforeEach(() => {
  tracker = trackRuntimeTimers();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  tracker.restore();
});

/** Awaits a call and returns how it ended: 'ok', or the name of its error. */
async function settle(promise: PromiseLike<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    expectNoSecret(error);
    return (error as Error).name;
  }
}

describe('timers and handles', () => {
  it('the check sees a pending runtime timer (a call waiting for a rate-limit token), and aborting clears it', async () => {
    const before = await baselineTimeouts();
    server = await startServer((_, res) => json(res, 200, {}));
    const client = clientFor(server, { rateLimit: { requestsPerSecond: 0.1, burst: 1 } });
    await postThing(client);
    const controller = new AbortController();
    const waiting = postThing(client, { signal: controller.signal }).then(
      () => 'sent',
      (error: unknown) => error,
    );
    await delay(20);
    // The limiter's timer is pending and, being ref'd, is one of the process's active 'Timeout's.
    expect(tracker.keepingAlive()).toEqual([expect.stringMatching(/^rate-limit\/limiter\.ts:\d+$/)]);
    expect(activeTimeouts()).toBeGreaterThanOrEqual(1);
    controller.abort();
    expect(await waiting).toBeInstanceOf(APIUserAbortError);
    expect(tracker.live()).toEqual([]);
    await server.close();
    server = undefined;
    await nextTurn();
    expect(await settledTimeouts(before)).toBeLessThanOrEqual(before);
  });

  it('none is left after success, each error, a timeout, a reset, an abort, and every way a stream ends', async () => {
    const before = await baselineTimeouts();
    server = await startServer((req, res) => {
      const route = req.url!.split('?')[0];
      if (route === '/ok') return json(res, 200, { ok: true });
      if (route === '/404') return json(res, 404, { code: 404, message: 'no' });
      if (route === '/503') return json(res, 503, { code: 503, message: 'busy' });
      if (route === '/429') return json(res, 429, { code: 429, message: 'slow' }, { 'retry-after': '120' });
      if (route === '/reset') return void req.socket.destroy();
      if (route === '/hang') return;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (route === '/stream') return void res.end('event: delta\ndata: {}\n\nevent: done\ndata: {}\n\n');
      if (route === '/stream-cut') return void res.end('event: delta\ndata: {}\n\n');
      if (route === '/stream-bad') return void res.write('event: delta\ndata: nope\n\n');
      if (route === '/stream-error') return void res.write('event: error\ndata: {"code":500,"message":"x"}\n\n');
      res.write('event: delta\ndata: {}\n\n'); // '/stream-idle' and '/stream-break': one event, then silence
    });
    const client = clientFor(server, { timeout: 200, maxRetries: 1, rateLimit: { requestsPerSecond: 1000, burst: 1000 } });
    const stream = (url: string, signal?: AbortSignal) =>
      client.post({ url, body: {}, security: BEARER, signal, sse: { idleTimeout: 200 } }) as unknown as Promise<EventStream>;
    const drain = async (url: string, signal?: AbortSignal) => {
      for await (const _ of await stream(url, signal)) {
        // read to the end
      }
    };

    const outcomes: string[] = [];
    for (const url of ['/ok', '/404', '/503', '/429', '/reset', '/hang']) outcomes.push(await settle(postThing(client, { url })));
    const controller = new AbortController();
    const aborted = settle(postThing(client, { url: '/hang', timeout: 10_000, signal: controller.signal }));
    await delay(50);
    controller.abort();
    outcomes.push(await aborted);
    for (const url of ['/stream', '/stream-cut', '/stream-bad', '/stream-error', '/stream-idle']) outcomes.push(await settle(drain(url)));
    for await (const _ of await stream('/stream-break')) break;
    const streamAbort = new AbortController();
    const abortedStream = settle(drain('/stream-idle', streamAbort.signal));
    await delay(50);
    streamAbort.abort();
    outcomes.push(await abortedStream);
    // An opened stream that is never iterated still holds no timer (only its connection, until closed).
    (await stream('/stream-break')).close();
    expect(outcomes).toEqual([
      'ok',
      'NotFoundError',
      'InternalServerError',
      'RateLimitError',
      'APIConnectionError',
      'APITimeoutError',
      'APIUserAbortError',
      'ok',
      'APIConnectionError',
      'StreamParseError',
      'InternalServerError',
      'APITimeoutError',
      'APIUserAbortError',
    ]);

    expect(tracker.live(), 'runtime timers still pending').toEqual([]);
    await server.close();
    server = undefined;
    await nextTurn();
    await nextTurn();
    expect(await settledTimeouts(before)).toBeLessThanOrEqual(before);
  });
});
