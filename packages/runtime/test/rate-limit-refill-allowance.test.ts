import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { delay, json } from './helpers/server.js';

describe('MemoryRateLimitStore refillAllowanceMs', () => {
  it('starts refilling that long after a burst from a full bucket', () => {
    const store = new MemoryRateLimitStore({ refillAllowanceMs: 100 });
    const t = 1_000_000;
    for (let i = 0; i < 5; i++) expect(store.take(t, 10, 5)).toBe(0);
    // The allowance, then one token's time.
    expect(store.take(t, 10, 5)).toBe(200);
    expect(store.take(t + 150, 10, 5)).toBe(50);
    expect(store.take(t + 199, 10, 5)).toBeGreaterThan(0);
    expect(store.take(t + 200, 10, 5)).toBe(0);
    // Then one per 100 ms, with no allowance again: the bucket was not full.
    expect(store.take(t + 200, 10, 5)).toBe(100);
    expect(store.take(t + 300, 10, 5)).toBe(0);
  });

  it('applies once per burst from a full bucket, again after the bucket has refilled', () => {
    const store = new MemoryRateLimitStore({ refillAllowanceMs: 100 });
    const t = 1_000_000;
    expect(store.take(t, 10, 2)).toBe(0);
    // Not full (one token left): taking it does not restart the allowance.
    expect(store.take(t + 50, 10, 2)).toBe(0);
    expect(store.take(t + 50, 10, 2)).toBe(150);
    // Idle long enough to be full again: the next burst has its allowance.
    const later = t + 10_000;
    expect(store.take(later, 10, 2)).toBe(0);
    expect(store.take(later, 10, 2)).toBe(0);
    expect(store.take(later, 10, 2)).toBe(200);
  });

  it('is time, not a deadline: a clock set back does not stretch it', () => {
    const store = new MemoryRateLimitStore({ refillAllowanceMs: 100 });
    const t = 1_000_000;
    expect(store.take(t, 10, 1)).toBe(0);
    const back = t - 60_000;
    expect(store.take(back, 10, 1)).toBe(200);
    expect(store.take(back + 200, 10, 1)).toBe(0);
  });

  it('is 0 by default: the bucket refills from its first take', () => {
    const store = new MemoryRateLimitStore();
    const t = 1_000_000;
    expect(store.take(t, 10, 1)).toBe(0);
    expect(store.take(t, 10, 1)).toBe(100);
  });

  it.each([-1, Number.NaN, Infinity])('refuses %s', (value) => {
    expect(() => new MemoryRateLimitStore({ refillAllowanceMs: value })).toThrow(/refillAllowanceMs must be a finite number of at least 0/);
  });
});

const fx = useIntegration();

describe("a client's default bucket against a server whose bucket starts when the burst reaches it", () => {
  it('20 calls at once, the burst 20 ms late at the server: no 429', async () => {
    // The server's token bucket (10/s, burst 10) starts full at its first take and refills from there.
    let tokens = 10;
    let at: number | undefined;
    let refused = 0;
    const take = (): boolean => {
      const now = performance.now();
      tokens = Math.min(10, tokens + ((now - (at ?? now)) * 10) / 1000);
      at = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    };
    let counted = 0;
    const server = await fx.serve(async (req, res) => {
      if (req.url === '/warm-up') return json(res, 200, { ok: true });
      // The burst reaches the bucket late, as over connections still being set up; later calls come at
      // once. (The connections are opened first below, so that a loaded machine's own connection set-up
      // does not add to the 20 ms: the allowance is 100 ms.)
      if (counted++ < 10) await delay(20);
      if (take()) return json(res, 200, { ok: true });
      refused++;
      json(res, 429, { code: 429, message: 'slow down' }, { 'retry-after-ms': '100' });
    });
    // Default rate-limit settings (10/s, burst 10); clientFor turns the limiter off unless told.
    const client = clientFor(server, { hooks: fx.hooks, rateLimit: {} });
    await Promise.all(Array.from({ length: 10 }, () => postThing(client, { url: '/warm-up' })));
    // The client's bucket full again: one token's time per call, and the allowance.
    await delay(1300);
    const results = await Promise.all(Array.from({ length: 20 }, () => postThing(client)));
    expect(results).toHaveLength(20);
    expect(refused).toBe(0);
    expect(counted).toBe(20);
  });
});
