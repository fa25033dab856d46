import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../src/index.js';
import { startRedis, type RedisServer } from './fixtures/redis-server.mjs';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** One admission: when its take was sent and when its answer came back (performance.now()). */
interface Admission {
  sent: number;
  answered: number;
}

/**
 * The first pair of admissions i..j whose count exceeds capacity + rate × the longest the window
 * between their decisions can have been (Redis decided each somewhere between sent and
 * answered), or undefined. The latency allowance is a fraction of a millisecond on loopback.
 */
function overfullWindow(admissions: Admission[], rate: number, capacity: number): string | undefined {
  const sorted = [...admissions].sort((a, b) => a.sent - b.sent);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const longest = Math.max(0, sorted[j]!.answered - sorted[i]!.sent);
      if (j - i + 1 > capacity + (rate * longest) / 1000 + 1e-9) return `${j - i + 1} admissions within ${longest.toFixed(2)} ms, allowed ${capacity} + ${rate}/s`;
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisRateLimitStore (property, real Redis)', () => {
  it('across N processes taking at random moments, pauses included, admits at most capacity + rate × t in any window t', async () => {
    const step = fc.oneof({ weight: 8, arbitrary: fc.record({ gap: fc.integer({ min: 0, max: 40 }) }) }, { weight: 1, arbitrary: fc.record({ pause: fc.integer({ min: 1, max: 120 }) }) });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 5, max: 100 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(0, 100, 250),
        fc.array(fc.array(step, { minLength: 1, maxLength: 20 }), { minLength: 2, maxLength: 5 }),
        async (rate, burst, headroomMs, scripts) => {
          // A store per simulated process: each has its own connection, as separate processes would.
          const stores = scripts.map(() => new RedisRateLimitStore({ url: redis.url, headroomMs }));
          const bucket = stores[0]!.bucketFor(`token-of-run-${run++}`);
          const admissions: Admission[] = [];
          try {
            await Promise.all(
              scripts.map(async (script, p) => {
                const store = stores[p]!;
                for (const action of script) {
                  if ('pause' in action) {
                    await store.pauseUntil(Date.now() + action.pause, bucket);
                    continue;
                  }
                  await sleep(action.gap);
                  const sent = performance.now();
                  const wait = await store.take(Date.now(), rate, burst, bucket);
                  if (wait === 0) admissions.push({ sent, answered: performance.now() });
                  else expect(wait).toBeGreaterThan(0);
                }
              }),
            );
          } finally {
            await Promise.all(stores.map((store) => store.close()));
          }
          expect(overfullWindow(admissions, rate, Math.max(1, burst - Math.ceil((rate * headroomMs) / 1000)))).toBeUndefined();
        },
      ),
      { numRuns: 25 },
    );
  });
});
