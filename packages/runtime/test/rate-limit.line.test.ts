import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APIUserAbortError, MemoryRateLimitStore, RateLimiter, type RateLimitStore } from '../src/index.js';

// The limiter's line of waiters, seen from outside: who goes first, what each abort leaves behind, and how often a
// store is asked (every take of a shared store is a round trip to it).

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

/** A memory bucket that counts what it is asked. */
function countingStore() {
  const memory = new MemoryRateLimitStore();
  const calls = { take: 0, pauseUntil: [] as unknown[] };
  const store: RateLimitStore = {
    take: (now, rate, burst) => (calls.take++, memory.take(now, rate, burst)),
    pauseUntil: (until) => void calls.pauseUntil.push(until),
  };
  return { store, calls };
}

describe('the line', () => {
  it('a newcomer waits behind the line even when a token is there for it before the line moves', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 });
    const order: string[] = [];
    limiter.acquire();
    const first = limiter.acquire()!.then(() => order.push('first'));
    // A token is due now, but the line's timer has not run yet.
    vi.setSystemTime(1_000_100);
    const newcomer = limiter.acquire();
    expect(newcomer).toBeInstanceOf(Promise);
    const second = newcomer!.then(() => order.push('newcomer'));
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'newcomer']);
  });

  it('asks the store once per wait, not again for every newcomer while the line waits', async () => {
    const { store, calls } = countingStore();
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1, store });
    limiter.acquire();
    const waiting = [limiter.acquire(), limiter.acquire(), limiter.acquire()];
    // One take for the first request, one for the first waiter (which set the timer); the others just queue.
    expect(calls.take).toBe(2);
    await vi.advanceTimersByTimeAsync(300);
    await Promise.all(waiting);
    // Then, per token that comes due, the take that admits and the one that finds the next waiter must wait:
    // 4 admissions and 3 waits in all.
    expect(calls.take).toBe(7);
  });

  it('a newcomer that comes while the line is asking the store joins that line: the store is not asked again for it', async () => {
    // A store whose third take answers only when the test says: the line is then waiting on the store.
    const memory = new MemoryRateLimitStore();
    let takes = 0;
    let release: (() => void) | undefined;
    const store: RateLimitStore = {
      take: (now, rate, burst) => {
        const wait = memory.take(now, rate, burst);
        if (++takes !== 3) return wait;
        return new Promise<number>((resolve) => (release = () => resolve(wait)));
      },
      pauseUntil: () => undefined,
    };
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1, store });
    const order: string[] = [];
    const admitted = (name: string) => () => void order.push(`${name}@${Date.now() - 1_000_000}`);
    expect(limiter.acquire()).toBeUndefined();
    const first = limiter.acquire()!.then(admitted('first'));
    expect(takes).toBe(2);
    // The line's timer runs: the line asks the store for the token that came due, and waits for the answer.
    await vi.advanceTimersByTimeAsync(100);
    expect(takes).toBe(3);
    const newcomer = limiter.acquire()!.then(admitted('newcomer'));
    expect(takes).toBe(3);
    release!();
    await first;
    await vi.advanceTimersByTimeAsync(100);
    await newcomer;
    expect(order).toEqual(['first@100', 'newcomer@200']);
    // After the held one: the take that finds the newcomer must wait, and the one that admits it.
    expect(takes).toBe(5);
  });

  it('a 429 without a Retry-After lowers the burst but asks the store for no pause', () => {
    const { store, calls } = countingStore();
    const limiter = new RateLimiter({ store });
    limiter.rateLimited(undefined);
    expect(calls.pauseUntil).toEqual([]);
    limiter.rateLimited(1_005_000);
    expect(calls.pauseUntil).toEqual([1_005_000]);
  });
});

describe('aborts', () => {
  it('an abort before acquiring rejects with the signal’s reason as the cause', async () => {
    const limiter = new RateLimiter();
    const controller = new AbortController();
    const reason = new Error('the user left');
    controller.abort(reason);
    const error = await limiter.acquire(controller.signal)!.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
  });

  it('a waiter that aborts rejects with the reason, and leaves no listener on its signal', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 });
    limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal)!.catch((e: unknown) => e);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    const reason = new Error('stop');
    controller.abort(reason);
    const error = await waiting;
    expect((error as Error).cause).toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an admitted waiter leaves no listener on its signal (one signal may serve many calls)', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 });
    const controller = new AbortController();
    limiter.acquire(controller.signal);
    const waiting = limiter.acquire(controller.signal);
    await vi.advanceTimersByTimeAsync(100);
    await waiting;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('buckets named by a shared store', () => {
  it('a store without bucketFor is given no bucket, with or without a token', () => {
    const seen: unknown[] = [];
    const limiter = new RateLimiter({ store: { take: (...args) => (seen.push(args[3]), 0), pauseUntil: () => undefined } });
    expect(limiter.acquire(undefined, 'tok')).toBeUndefined();
    expect(seen).toEqual([undefined]);
  });

  it('a request without a token after one with a token goes to no bucket, without asking bucketFor', () => {
    const named: unknown[] = [];
    const seen: unknown[] = [];
    const limiter = new RateLimiter({
      store: { bucketFor: (token) => (named.push(token), `b-${token}`), take: (...args) => (seen.push(args[3]), 0), pauseUntil: () => undefined },
    });
    limiter.acquire(undefined, 'tok');
    limiter.acquire(undefined, undefined);
    expect(named).toEqual(['tok']);
    expect(seen).toEqual(['b-tok', undefined]);
  });
});
