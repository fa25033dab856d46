import { performance } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { MemoryRateLimitStore, RateLimitError, type RateLimitStore } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, rejectionOf } from './helpers/leaks.js';
import { delay, json } from './helpers/server.js';

const fx = useIntegration();

/**
 * Calls started in one tick reach the wire only after all of them have been set up, so the burst
 * arrives tens of ms after the limiter let it go while later, lone requests arrive within a ms or
 * two. That shortens the windows the server sees: at the server, windows get this much slack (one
 * and a half tokens' worth). The exact bound is asserted on the moments the limiter let each go.
 */
const LATENCY_SLACK_MS = 150;

/** The first window holding more than burst 10 + 10/s × (its length + slack), or undefined. */
function overfullWindow(times: readonly number[], slackMs: number): string | undefined {
  const sorted = [...times].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const window = sorted[j]! - sorted[i]!;
      if (j - i + 1 > 10 + (10 * (window + slackMs)) / 1000) return `${j - i + 1} in ${window.toFixed(1)} ms`;
    }
  }
  return undefined;
}

describe('the token bucket against a real server', () => {
  it('25 calls started at once reach the server at no more than burst + rate × t in any window t', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    // Open the connections first, so that the burst is not spread out by connection setup.
    await Promise.all(Array.from({ length: 10 }, () => fetch(`${server.url}/warm-up`).then((r) => r.arrayBuffer())));
    server.arrivals.length = 0;
    const admitted: number[] = [];
    const client = clientFor(server, {
      hooks: { ...fx.hooks, onRequest: (info) => (admitted.push(performance.now()), fx.hooks.onRequest!(info)) },
      rateLimit: { requestsPerSecond: 10, burst: 10 },
    });
    const results = await Promise.all(Array.from({ length: 25 }, () => postThing(client)));
    expect(results).toHaveLength(25);
    const arrived = server.arrivals.map((a) => a.at).sort((a, b) => a - b);
    expect(arrived).toHaveLength(25);
    // Let go (onRequest runs right after the limiter admits an attempt): the exact bound, give or
    // take the limiter's whole-millisecond clock.
    expect(overfullWindow(admitted, 5)).toBeUndefined();
    // Arrived at the server: the same, with slack for the burst's set-up latency.
    expect(overfullWindow(arrived, LATENCY_SLACK_MS)).toBeUndefined();
    // The 15 beyond the burst come one per 100 ms: the last about 1.5 s after the first.
    const span = arrived[24]! - arrived[0]!;
    expect(span).toBeGreaterThanOrEqual(0.9 * 1500);
    expect(span).toBeLessThan(1500 + 1500);
    // The burst went at once.
    expect(admitted[9]! - admitted[0]!).toBeLessThan(500);
  });

  it('a 429 with Retry-After pauses the whole bucket: calls queued behind it wait too', async () => {
    let paused = false;
    const server = await fx.serve((req, res, arrival) => {
      if (req.url === '/limited' && arrival.index === 0) {
        paused = true;
        return json(res, 429, { code: 429, message: 'slow down' }, { 'retry-after-ms': '800' });
      }
      json(res, 200, { ok: true });
    });
    // A generous bucket: only the pause can hold these calls back.
    const client = clientFor(server, { hooks: fx.hooks, rateLimit: { requestsPerSecond: 100, burst: 100 } });
    const limited = postThing(client, { url: '/limited' });
    await server.waitForArrivals(1);
    expect(paused).toBe(true);
    // Give the client time to read the 429 and pause the bucket, then start other calls.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const others = Array.from({ length: 3 }, () => postThing(client, { url: '/other' }));
    await Promise.all([limited, ...others]);
    const [first, ...rest] = server.arrivals;
    expect(rest).toHaveLength(4);
    for (const arrival of rest) {
      const wait = arrival.at - first!.at;
      expect(wait, `${arrival.url} came ${wait.toFixed(0)} ms after the 429`).toBeGreaterThanOrEqual(0.9 * 800);
      expect(wait).toBeLessThan(800 + 1500);
    }
  });

  it('every attempt takes a token, retries included', async () => {
    const server = await fx.serve((_, res) => json(res, 503, { code: 503, message: 'busy' }, { 'retry-after-ms': '0' }));
    // One token, then one every 400 ms; Retry-After asks for no wait at all.
    const client = clientFor(server, { hooks: fx.hooks, maxRetries: 2, rateLimit: { requestsPerSecond: 2.5, burst: 1 } });
    await postThing(client).then(
      () => undefined,
      () => undefined,
    );
    expect(server.arrivals).toHaveLength(3);
    const times = server.arrivals.map((a) => a.at);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(0.9 * 400);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(0.9 * 400);
  });

  it("a shared store sees the bucket it named for the request's token on every attempt and on the 429's pause", async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 0 ? json(res, 429, { code: 429, message: 'slow down' }, { 'retry-after-ms': '50' }) : json(res, 200, { ok: true }),
    );
    const memory = new MemoryRateLimitStore();
    const named: string[] = [];
    const calls: string[] = [];
    const store: RateLimitStore = {
      bucketFor: (token) => (named.push(token), 'the-bucket'),
      take: (now, rate, burst, bucket) => (calls.push(`take ${bucket}`), memory.take(now, rate, burst)),
      pauseUntil: (until, bucket) => (calls.push(`pause ${bucket}`), memory.pauseUntil(until)),
    };
    const client = clientFor(server, { hooks: fx.hooks, rateLimit: { store } });
    await postThing(client);
    expect(named).toEqual([SENTINEL]);
    // Then one take or more: a retry that wakes a moment before the pause ends is told to wait, and takes again.
    expect(calls.slice(0, 3)).toEqual(['take the-bucket', 'pause the-bucket', 'take the-bucket']);
    expect(new Set(calls.slice(2))).toEqual(new Set(['take the-bucket']));
  });
});

describe('burst after a storm of 429s (issue 12, finding 12)', () => {
  it('comes back over a quiet period: after 10 quiet minutes, 10 calls go at once again', async () => {
    // Only Date is faked: the limiter reads its clock from Date.now, sockets and timers stay real.
    // With the clock standing still, the bucket refills only when the test moves it: exactly
    // `burst` calls can go at once, which makes the burst observable at the server.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(1_900_000_000_000);
      let storm = true;
      const server = await fx.serve((_, res) =>
        storm ? json(res, 429, { code: 429, message: 'slow down' }, { 'retry-after-ms': '0' }) : json(res, 200, { ok: true }),
      );
      const client = clientFor(server, { hooks: fx.hooks, maxRetries: 0, rateLimit: { requestsPerSecond: 10, burst: 10 } });
      for (let i = 0; i < 9; i++) expect(await rejectionOf(postThing(client))).toBeInstanceOf(RateLimitError);
      storm = false;
      vi.setSystemTime(1_900_000_000_000 + 10 * 60_000);
      const calls = Array.from({ length: 12 }, () => postThing(client));
      await server.waitForArrivals(9 + 10, 3000);
      await delay(300);
      expect(server.arrivals).toHaveLength(9 + 10);
      vi.setSystemTime(1_900_000_000_000 + 11 * 60_000);
      expect(await Promise.all(calls)).toHaveLength(12);
    } finally {
      vi.useRealTimers();
    }
  });
});
