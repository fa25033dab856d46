import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryRateLimitStore, RateLimiter } from '../src/index.js';

const T0 = 1_700_000_000_000;

const rates = fc.oneof(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0.2, max: 20, noNaN: true }));
const bursts = fc.integer({ min: 1, max: 20 });
/** Milliseconds between arrivals; 0 means "at the same instant", which happens a lot in real bursts. */
const gapsMs = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 3000 })), {
  minLength: 1,
  maxLength: 120,
});

/**
 * The first window [admits[i], admits[j]] holding more than burst + rate × length admissions, or
 * undefined. Windows that start and end on an admission are the tightest, so checking them all
 * checks every window.
 */
function overfullWindow(admits: readonly number[], rate: number, burst: number): string | undefined {
  const sorted = [...admits].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const length = sorted[j]! - sorted[i]!;
      const allowed = burst + (rate * length) / 1000;
      if (j - i + 1 > allowed + 1e-9) return `${j - i + 1} admissions in ${length} ms, allowed ${allowed}`;
    }
  }
  return undefined;
}

describe('MemoryRateLimitStore.take (property)', () => {
  it('never admits more than burst + rate × t in any window of length t, pauses included', () => {
    const events = fc.array(
      fc.oneof(
        { weight: 5, arbitrary: fc.record({ gap: fc.integer({ min: 0, max: 400 }) }) },
        { weight: 1, arbitrary: fc.record({ pause: fc.integer({ min: 0, max: 2000 }) }) },
      ),
      { minLength: 1, maxLength: 200 },
    );
    fc.assert(
      fc.property(rates, bursts, events, (rate, burst, script) => {
        const store = new MemoryRateLimitStore();
        const admits: number[] = [];
        const pauses: Array<[number, number]> = [];
        let now = T0;
        for (const step of script) {
          if ('pause' in step) {
            store.pauseUntil(now + step.pause);
            pauses.push([now, now + step.pause]);
            continue;
          }
          now += step.gap;
          const wait = store.take(now, rate, burst);
          expect(wait).toBeGreaterThanOrEqual(0);
          if (wait === 0) admits.push(now);
        }
        expect(overfullWindow(admits, rate, burst)).toBeUndefined();
        for (const [from, until] of pauses) {
          expect(admits.filter((t) => t > from && t < until)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('admits once the wait it returned has passed (give or take 1 ms of rounding)', () => {
    fc.assert(
      fc.property(rates, bursts, fc.integer({ min: 0, max: 5000 }), (rate, burst, gap) => {
        const store = new MemoryRateLimitStore();
        for (let i = 0; i < burst; i++) expect(store.take(T0, rate, burst)).toBe(0);
        const wait = store.take(T0 + gap, rate, burst);
        if (wait === 0) {
          // Only when a whole token had been refilled.
          expect((gap * rate) / 1000).toBeGreaterThanOrEqual(1 - 1e-9);
          return;
        }
        expect((gap * rate) / 1000).toBeLessThan(1);
        const then = T0 + gap + wait;
        const again = store.take(then, rate, burst);
        expect(again === 0 || store.take(then + again, rate, burst) === 0).toBe(true);
        expect(again).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('RateLimiter under fake timers (property)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** The admission times of a perfect continuous token bucket serving first in, first out. */
  function idealAdmissions(arrivals: readonly number[], rate: number, burst: number): number[] {
    let tokens = burst;
    let clock = arrivals[0] ?? 0;
    let previous = -Infinity;
    return arrivals.map((arrival) => {
      let t = Math.max(arrival, previous);
      tokens = Math.min(burst, tokens + ((t - clock) * rate) / 1000);
      clock = t;
      if (tokens < 1) {
        t += ((1 - tokens) * 1000) / rate;
        tokens = 1;
        clock = t;
      }
      tokens -= 1;
      previous = t;
      return t;
    });
  }

  /** Runs arrivals (ms after T0) through a limiter and returns when each was admitted, in arrival order. */
  async function drive(
    limiter: RateLimiter,
    script: ReadonlyArray<{ at: number } | { at: number; pauseFor: number }>,
  ): Promise<{ admitted: Array<number | undefined>; order: number[] }> {
    vi.clearAllTimers();
    vi.setSystemTime(T0);
    const requests = script.filter((step) => !('pauseFor' in step)).length;
    const admitted: Array<number | undefined> = [];
    const order: number[] = [];
    let index = 0;
    for (const step of script) {
      const wait = T0 + step.at - Date.now();
      if (wait > 0) await vi.advanceTimersByTimeAsync(wait);
      if ('pauseFor' in step) {
        limiter.pauseUntil(Date.now() + step.pauseFor);
        continue;
      }
      const id = index++;
      admitted.push(undefined);
      const admit = () => {
        admitted[id] = Date.now() - T0;
        order.push(id);
      };
      const waiting = limiter.acquire();
      if (waiting === undefined) admit();
      else void waiting.then(admit);
    }
    // Bounded: each round runs every pending timer; the queue shrinks by at least one per token.
    for (let round = 0; round < requests + 5 && order.length < requests; round++) await vi.runAllTimersAsync();
    return { admitted, order };
  }

  const arrivalTimes = gapsMs.map((gaps) => {
    let at = 0;
    return gaps.map((gap) => (at += gap));
  });

  it('admits every request, first in first out, within burst + rate × t, and no later than a perfect bucket would (give or take 1 ms of rounding per wait)', async () => {
    await fc.assert(
      fc.asyncProperty(rates, bursts, arrivalTimes, async (rate, burst, arrivals) => {
        const limiter = new RateLimiter({ requestsPerSecond: rate, burst });
        const { admitted, order } = await drive(
          limiter,
          arrivals.map((at) => ({ at })),
        );
        expect(admitted.every((t) => t !== undefined)).toBe(true);
        const times = admitted as number[];
        expect(order).toEqual(arrivals.map((_, i) => i));
        times.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(arrivals[i]!));
        expect(overfullWindow(times, rate, burst)).toBeUndefined();
        // Timers fire on whole milliseconds, and a full bucket cannot bank the fraction of a token it
        // refilled while a waiter's timer was pending: each wait may cost up to 1 ms against the ideal.
        const ideal = idealAdmissions(arrivals, rate, burst);
        let waits = 0;
        times.forEach((t, i) => {
          if (t > arrivals[i]!) waits++;
          expect(t).toBeLessThanOrEqual(ideal[i]! + waits + 1);
        });
        expect(vi.getTimerCount()).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('holds every request during a pause and still keeps within burst + rate × t', async () => {
    const script = fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.record({ gap: fc.integer({ min: 0, max: 300 }) }) },
        { weight: 1, arbitrary: fc.record({ gap: fc.integer({ min: 0, max: 300 }), pauseFor: fc.integer({ min: 1, max: 3000 }) }) },
      ),
      { minLength: 1, maxLength: 80 },
    );
    await fc.assert(
      fc.asyncProperty(rates, bursts, script, async (rate, burst, steps) => {
        let at = 0;
        const timed = steps.map((step): { at: number } | { at: number; pauseFor: number } => {
          at += step.gap;
          return 'pauseFor' in step ? { at, pauseFor: step.pauseFor } : { at };
        });
        const limiter = new RateLimiter({ requestsPerSecond: rate, burst });
        const { admitted, order } = await drive(limiter, timed);
        expect(admitted.every((t) => t !== undefined)).toBe(true);
        const times = admitted as number[];
        expect(order).toEqual(times.map((_, i) => i));
        expect(overfullWindow(times, rate, burst)).toBeUndefined();
        for (const step of timed) {
          if (!('pauseFor' in step)) continue;
          const during = times.filter((t) => t > step.at && t < step.at + step.pauseFor);
          expect(during, `admitted during the pause ${step.at}..${step.at + step.pauseFor}`).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
