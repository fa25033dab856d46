import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APIUserAbortError, MemoryRateLimitStore, RateLimiter, type RateLimitStore } from '../src/index.js';

describe('MemoryRateLimitStore', () => {
  it('starts full: `burst` requests go at once, the next waits for one token', () => {
    const store = new MemoryRateLimitStore();
    const t = 1_000_000;
    for (let i = 0; i < 5; i++) expect(store.take(t, 10, 5)).toBe(0);
    expect(store.take(t, 10, 5)).toBe(100);
  });

  it('refills at requestsPerSecond', () => {
    const store = new MemoryRateLimitStore();
    const t = 1_000_000;
    expect(store.take(t, 10, 1)).toBe(0);
    expect(store.take(t + 40, 10, 1)).toBe(60);
    expect(store.take(t + 99, 10, 1)).toBeGreaterThan(0);
    expect(store.take(t + 100, 10, 1)).toBe(0);
    // Half a request per second: two seconds per token.
    const slow = new MemoryRateLimitStore();
    expect(slow.take(t, 0.5, 1)).toBe(0);
    expect(slow.take(t, 0.5, 1)).toBe(2000);
    expect(slow.take(t + 2000, 0.5, 1)).toBe(0);
  });

  it('never holds more than `burst` tokens, however long it idles', () => {
    const store = new MemoryRateLimitStore();
    const t = 1_000_000;
    expect(store.take(t, 10, 3)).toBe(0);
    const later = t + 3_600_000;
    for (let i = 0; i < 3; i++) expect(store.take(later, 10, 3)).toBe(0);
    expect(store.take(later, 10, 3)).toBe(100);
  });

  it('does not refill when the clock goes backwards', () => {
    const store = new MemoryRateLimitStore();
    const t = 1_000_000;
    expect(store.take(t, 10, 1)).toBe(0);
    expect(store.take(t - 5000, 10, 1)).toBeGreaterThan(0);
  });

  it('holds every token back during a pause, and a shorter pause does not cut a longer one', () => {
    const store = new MemoryRateLimitStore();
    const t = 1_000_000;
    expect(store.take(t, 10, 5)).toBe(0);
    store.pauseUntil(t + 2000);
    store.pauseUntil(t + 500);
    expect(store.take(t + 10, 10, 5)).toBe(1990);
    expect(store.take(t + 1999, 10, 5)).toBe(1);
    // The bucket kept refilling (up to burst) during the pause.
    for (let i = 0; i < 5; i++) expect(store.take(t + 2000, 10, 5)).toBe(0);
    expect(store.take(t + 2000, 10, 5)).toBe(100);
  });
});

describe('RateLimiter (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Acquires and records when (fake ms since start) each request was admitted, or how it failed. */
  function admit(limiter: RateLimiter, log: string[], name: string, signal?: AbortSignal, token?: string) {
    const start = 1_000_000;
    const waiting = limiter.acquire(signal, token);
    if (waiting === undefined) {
      log.push(`${name}@${Date.now() - start}`);
      return undefined;
    }
    return waiting.then(
      () => void log.push(`${name}@${Date.now() - start}`),
      (error: unknown) => void log.push(`${name}:${(error as Error).name}@${Date.now() - start}`),
    );
  }

  it('admits `burst` requests at once without a promise (the fast path), then one per 1/rate s', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 3 });
    const log: string[] = [];
    for (const name of ['a', 'b', 'c']) expect(admit(limiter, log, name)).toBeUndefined();
    for (const name of ['d', 'e', 'f']) admit(limiter, log, name);
    expect(log).toEqual(['a@0', 'b@0', 'c@0']);
    await vi.advanceTimersByTimeAsync(99);
    expect(log).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['a@0', 'b@0', 'c@0', 'd@100']);
    await vi.advanceTimersByTimeAsync(200);
    expect(log).toEqual(['a@0', 'b@0', 'c@0', 'd@100', 'e@200', 'f@300']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('uses the defaults of 10 requests per second, burst 10', async () => {
    const limiter = new RateLimiter();
    expect([limiter.requestsPerSecond, limiter.burst]).toEqual([10, 10]);
    const log: string[] = [];
    for (let i = 0; i < 12; i++) admit(limiter, log, `r${i}`);
    expect(log).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(200);
    expect(log.slice(10)).toEqual(['r10@100', 'r11@200']);
  });

  it('serves waiters first in, first out, also when a newcomer arrives just as a token does', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 });
    const log: string[] = [];
    admit(limiter, log, 'first');
    admit(limiter, log, 'w1');
    admit(limiter, log, 'w2');
    await vi.advanceTimersByTimeAsync(100);
    // A newcomer at the instant a token appears queues behind w2 instead of taking it.
    admit(limiter, log, 'late');
    await vi.advanceTimersByTimeAsync(300);
    expect(log).toEqual(['first@0', 'w1@100', 'w2@200', 'late@300']);
  });

  it('pauseUntil holds every waiter, and newcomers, until the pause ends', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 2 });
    const log: string[] = [];
    admit(limiter, log, 'a');
    admit(limiter, log, 'b');
    admit(limiter, log, 'c');
    admit(limiter, log, 'd');
    limiter.pauseUntil(Date.now() + 1000);
    await vi.advanceTimersByTimeAsync(500);
    // The bucket is full again by now, but the pause holds a newcomer on the fast path too.
    admit(limiter, log, 'e');
    await vi.advanceTimersByTimeAsync(499);
    expect(log).toEqual(['a@0', 'b@0']);
    await vi.advanceTimersByTimeAsync(1);
    // The bucket refilled to burst during the pause: two go at its end, the third one token later.
    expect(log).toEqual(['a@0', 'b@0', 'c@1000', 'd@1000']);
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['a@0', 'b@0', 'c@1000', 'd@1000', 'e@1100']);
  });

  it('a waiter whose signal aborts leaves the line at once with APIUserAbortError; the others keep their order', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 });
    const log: string[] = [];
    const controller = new AbortController();
    admit(limiter, log, 'first');
    admit(limiter, log, 'a');
    const b = admit(limiter, log, 'b', controller.signal);
    admit(limiter, log, 'c');
    await vi.advanceTimersByTimeAsync(50);
    controller.abort();
    await b;
    expect(log).toEqual(['first@0', 'b:APIUserAbortError@50']);
    await vi.advanceTimersByTimeAsync(150);
    // c takes the place b left: one token after a.
    expect(log).toEqual(['first@0', 'b:APIUserAbortError@50', 'a@100', 'c@200']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears its timer when the last waiter aborts', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 0.1, burst: 1 });
    const controller = new AbortController();
    expect(limiter.acquire()).toBeUndefined();
    const waiting = limiter.acquire(controller.signal)!;
    // The line's timer, and the waiting call's own (see the Workers test below).
    expect(vi.getTimerCount()).toBe(2);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(APIUserAbortError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("moves on when the line's timer is gone (a Worker's timers end with the request that made them): each waiting call wakes the line itself", async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 });
    expect(limiter.acquire()).toBeUndefined();
    const admitted: string[] = [];
    const first = limiter.acquire()!.then(() => admitted.push(`first at ${Date.now() - start}`));
    const second = limiter.acquire()!.then(() => admitted.push(`second at ${Date.now() - start}`));
    const start = Date.now();
    // The Workers runtime drops the timers of a request that ended, and the limiter is not told.
    clearTimeout((limiter as unknown as { timer: ReturnType<typeof setTimeout> }).timer);
    await vi.advanceTimersByTimeAsync(1_099);
    expect(admitted).toEqual([]);
    // The first call's own timer, a second after its turn (100 ms), admits it and sets the line's timer again.
    await vi.advanceTimersByTimeAsync(1);
    expect(admitted).toEqual(['first at 1100']);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all([first, second]);
    expect(admitted).toEqual(['first at 1100', 'second at 1200']);
    // Nothing is left waiting, and the next call finds the line as a call finds it after any wait.
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(limiter.acquire()).toBeUndefined();
  });

  /** The Workers runtime drops the timers of a request that ended, and the limiter is not told: here, every line timer. */
  const dropLineTimer = (limiter: RateLimiter) => clearTimeout((limiter as unknown as { timer: ReturnType<typeof setTimeout> }).timer);

  it("with the line's timer gone every time, each waiting call's own timer admits it, a second after its turn in the line", async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 });
    expect(limiter.acquire()).toBeUndefined();
    const start = Date.now();
    const admitted: string[] = [];
    const calls = ['a', 'b', 'c'].map((name) => limiter.acquire()!.then(() => admitted.push(`${name} at ${Date.now() - start}`)));
    // Turns at 100, 200 and 300 ms: each call's own timer fires a second after its own.
    for (const [name, at] of [['a', 1100], ['b', 1200], ['c', 1300]] as const) {
      dropLineTimer(limiter);
      await vi.advanceTimersByTimeAsync(at - 1 - (Date.now() - start));
      expect(admitted.some((entry) => entry.startsWith(name)), `${name} before ${at} ms`).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(admitted.at(-1)).toBe(`${name} at ${at}`);
    }
    await Promise.all(calls);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a call its own timer woke but the bucket still holds back arms its timer again, and goes when the bucket lets it", async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 });
    expect(limiter.acquire()).toBeUndefined();
    const start = Date.now();
    let admittedAt: number | undefined;
    const waiting = limiter.acquire()!.then(() => void (admittedAt = Date.now() - start));
    // A 429 paused the bucket for two seconds: the own timer at 1100 ms finds it still paused.
    limiter.pauseUntil(start + 2000);
    dropLineTimer(limiter);
    await vi.advanceTimersByTimeAsync(1100);
    expect(admittedAt).toBeUndefined();
    dropLineTimer(limiter);
    // Armed again for a second after its turn (first in line, 100 ms): 2200 ms.
    await vi.advanceTimersByTimeAsync(1099);
    expect(admittedAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(admittedAt).toBe(2200);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a waiting call that is admitted on time leaves no timer of its own behind', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 });
    expect(limiter.acquire()).toBeUndefined();
    const calls = Array.from({ length: 5 }, () => limiter.acquire()!);
    expect(vi.getTimerCount()).toBe(6);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(calls);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects an already-aborted signal at once without spending a token', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 });
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(controller.signal)).rejects.toBeInstanceOf(APIUserAbortError);
    expect(limiter.acquire()).toBeUndefined();
  });

  it('works on an asynchronous store (the shape of a shared one)', async () => {
    const memory = new MemoryRateLimitStore();
    const store: RateLimitStore = {
      take: async (now, rate, burst) => memory.take(now, rate, burst),
      pauseUntil: async (until) => memory.pauseUntil(until),
    };
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1, store });
    const log: string[] = [];
    await admit(limiter, log, 'a');
    const b = admit(limiter, log, 'b');
    const c = admit(limiter, log, 'c');
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([b, c]);
    expect(log).toEqual(['a@0', 'b@100', 'c@200']);
  });

  it('rejects every waiter when the store fails, rather than hanging them', async () => {
    let fail = false;
    const memory = new MemoryRateLimitStore();
    const store: RateLimitStore = {
      take: (now, rate, burst) => {
        if (fail) throw new Error('store unreachable');
        return memory.take(now, rate, burst);
      },
      pauseUntil: () => undefined,
    };
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1, store });
    expect(limiter.acquire()).toBeUndefined();
    const a = limiter.acquire()!;
    const b = limiter.acquire()!;
    fail = true;
    const settled = Promise.allSettled([a, b]);
    await vi.advanceTimersByTimeAsync(100);
    const results = await settled;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ message: 'store unreachable' });
  });

  // Issue 12, finding 12: burst went down by one on every 429 and never came back.
  it('regains one token of burst for every 30 s without a 429, up to the configured burst', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 10 }, () => now);
    for (let i = 0; i < 12; i++) limiter.rateLimited(undefined);
    expect(limiter.burst).toBe(1);
    now += 29_999;
    expect(limiter.burst).toBe(1);
    now += 1;
    expect(limiter.burst).toBe(2);
    now += 4 * 30_000;
    expect(limiter.burst).toBe(6);
    // Another 429 lowers it from where it is and starts the quiet period again.
    limiter.rateLimited(undefined);
    expect(limiter.burst).toBe(5);
    now += 29_000;
    expect(limiter.burst).toBe(5);
    now += 10 * 60_000;
    expect(limiter.burst).toBe(10);
    now += 60 * 60_000;
    expect(limiter.burst).toBe(10);
  });

  it('admits the regained burst at once after a quiet period', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 4 }, () => now);
    for (let i = 0; i < 3; i++) limiter.rateLimited(undefined);
    now += 10 * 60_000;
    const admitted = Array.from({ length: 5 }, () => limiter.acquire());
    expect(admitted.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(admitted[4]).toBeInstanceOf(Promise);
    void admitted[4]!.catch(() => undefined);
  });

  it('gives a shared store the bucket it named for the token, asking it once per token', async () => {
    const memories = new Map<string, MemoryRateLimitStore>();
    const named: string[] = [];
    const seen: Array<string | undefined> = [];
    const store: RateLimitStore = {
      bucketFor: (token) => (named.push(token), `bucket-of-${token.length}`),
      take: async (now, rate, burst, bucket) => {
        seen.push(bucket);
        if (!memories.has(bucket!)) memories.set(bucket!, new MemoryRateLimitStore());
        return memories.get(bucket!)!.take(now, rate, burst);
      },
      pauseUntil: (_, bucket) => void seen.push(`pause ${bucket}`),
    };
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1, store });
    const log: string[] = [];
    await admit(limiter, log, 'a', undefined, 'tok');
    // The bucket of 'tok' is empty now; another token's bucket is not.
    const waiting = admit(limiter, log, 'b', undefined, 'tok');
    await admit(limiter, log, 'c', undefined, 'other-token');
    limiter.rateLimited(Date.now() + 10, 'other-token');
    await vi.advanceTimersByTimeAsync(100);
    await waiting;
    expect(log).toEqual(['a@0', 'c@0', 'b@100']);
    expect(named).toEqual(['tok', 'other-token']);
    expect(seen).toEqual(['bucket-of-3', 'bucket-of-3', 'bucket-of-11', 'pause bucket-of-11', 'bucket-of-3']);
  });

  it('passes no bucket when the store names none, or no token is sent', () => {
    const seen: unknown[] = [];
    const store: RateLimitStore = { take: (...args) => (seen.push(args[3]), 0), pauseUntil: () => undefined };
    const limiter = new RateLimiter({ store });
    limiter.acquire(undefined, 'tok');
    const named = new RateLimiter({ store: { ...store, bucketFor: () => 'b' } });
    named.acquire();
    expect(seen).toEqual([undefined, undefined]);
  });

  it('refuses a rate or burst it cannot honour', () => {
    expect(() => new RateLimiter({ requestsPerSecond: 0 })).toThrow(/requestsPerSecond/);
    expect(() => new RateLimiter({ requestsPerSecond: Number.NaN })).toThrow(/requestsPerSecond/);
    expect(() => new RateLimiter({ burst: 0.5 })).toThrow(/burst/);
  });
});

describe('RateLimiter.rateLimited (a 429 the bucket had admitted)', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps one token more of headroom per 429, down to a bucket of one', () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 3 }, () => 1_000_000);
    limiter.rateLimited(undefined);
    expect(limiter.burst).toBe(2);
    // A full bucket now admits two at once, not three.
    expect(limiter.acquire()).toBeUndefined();
    expect(limiter.acquire()).toBeUndefined();
    const third = new AbortController();
    const waiting = limiter.acquire(third.signal);
    expect(waiting).toBeInstanceOf(Promise);
    third.abort();
    void waiting?.catch(() => undefined);
    for (let i = 0; i < 5; i++) limiter.rateLimited(undefined);
    expect(limiter.burst).toBe(1);
  });

  it('pauses every request until the Retry-After time', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 10 });
    limiter.rateLimited(Date.now() + 2_000);
    let admitted = false;
    void limiter.acquire()?.then(() => (admitted = true));
    await vi.advanceTimersByTimeAsync(1_990);
    expect(admitted).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(admitted).toBe(true);
  });
});
