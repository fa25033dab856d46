import { randomUUID } from 'node:crypto';
import { startMockServer, type MockServer } from '@coze/mock-server';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runQuota } from './fixtures/quota-run.mjs';
import { startRedis, type RedisServer } from './fixtures/redis-server.mjs';

// The figures: processes × 50 chat.create calls on one token against the embedded server
// at 10/s, burst 10. Wall time is a benchmark figure (`pnpm bench -- --only shared-quota`); the
// tests assert what does not depend on the machine's load.
const RATE = { requestsPerSecond: 10, burst: 10 };
const CALLS = 50;

let redis: RedisServer;
let server: MockServer;

beforeEach(async () => {
  redis = await startRedis();
  // Tokens of this test only: a stray client elsewhere on the machine cannot spend from this bucket.
  const id = randomUUID();
  server = await startMockServer({ rateLimit: RATE, tokens: { [`w-${id}`]: 'write', [`r-${id}`]: 'read', [`a-${id}`]: 'admin' } });
});

afterEach(async () => {
  await server.close();
  await redis.stop();
});

/** The chats the server received from the quota workers (their requests carry the run's id). */
const chats = () => server.requests.filter((request) => request.operationId === 'chat.create' && request.headers['x-quota-run'] !== undefined);

/** The first window of arrivals at the server holding more than burst + rate × its length, or undefined. */
function overfullWindow(times: readonly number[]): string | undefined {
  const sorted = [...times].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const length = sorted[j]! - sorted[i]!;
      if (j - i + 1 > RATE.burst + (RATE.requestsPerSecond * length) / 1000) return `${j - i + 1} in ${length.toFixed(1)} ms`;
    }
  }
  return undefined;
}

describe.each([4, 8])('%i processes × 50 calls on one token, sharing a RedisRateLimitStore', (processes) => {
  it('get no 429 and no failure, and the server sees at most burst + rate × t in any window', async () => {
    const run = await runQuota({ processes, calls: CALLS, baseURL: server.url, token: server.tokens.write, redisUrl: redis.url });
    const received = chats().length;
    const rateLimited = received - run.ok;
    console.info(
      `${processes} processes × ${CALLS}: ${run.seconds.toFixed(1)} s (ideal ${((processes * CALLS - RATE.burst) / RATE.requestsPerSecond).toFixed(1)} s), ` +
        `${rateLimited} requests beyond the calls, statuses ${JSON.stringify(run.statuses)}, ${run.retries} retries, ${run.failed} failed; ` +
        `per process: ${JSON.stringify(run.workers.map((w) => ({ retries: w.retries, statuses: w.statuses, states: w.states.map((s) => s.state) })))}`,
    );
    expect(run.hung).toBe(0);
    expect(run.errors).toEqual({});
    expect(run.ok).toBe(processes * CALLS);
    // What the clients saw: no status other than 2xx, no retry; and the server received no request more.
    expect(run.statuses).toEqual({});
    expect(run.retries).toBe(0);
    expect(rateLimited).toBe(0);
    expect(overfullWindow(chats().map((request) => request.receivedAt))).toBeUndefined();
  });
});

describe('Redis killed in the middle of a 4-process run, then restarted', () => {
  /** Kills Redis once the server has seen `after` chats, and restarts it `downMs` later. */
  function outage(after: number, downMs: number) {
    const events: Array<{ what: string; at: number }> = [];
    let phase: 'up' | 'killing' | 'down' | 'restarting' | 'back' = 'up';
    return {
      events,
      whileRunning: () => {
        if (phase === 'up' && chats().length >= after) {
          phase = 'killing';
          void redis.kill().then(() => {
            events.push({ what: 'killed', at: Date.now() });
            phase = 'down';
            setTimeout(() => {
              phase = 'restarting';
              void redis.restart().then(() => {
                events.push({ what: 'restarted', at: Date.now() });
                phase = 'back';
              });
            }, downMs);
          });
        }
      },
      get phase() {
        return phase;
      },
    };
  }

  it("whenUnavailable 'local': every call settles, failures are only RateLimitError, and each process shares again", async () => {
    const plan = outage(60, 2000);
    const run = await runQuota({
      processes: 4,
      calls: CALLS,
      baseURL: server.url,
      token: server.tokens.write,
      redisUrl: redis.url,
      store: { localShare: 0.25, retryInterval: 250 },
      whileRunning: plan.whileRunning,
    });
    const rateLimited = chats().length - run.ok;
    console.info(`outage, 'local' (localShare 0.25): ${run.seconds.toFixed(1)} s, ${rateLimited} × 429 (clients saw ${JSON.stringify(run.statuses)}, ${run.retries} retries), ${run.failed} failed ${JSON.stringify(run.errors)}`);
    expect(plan.phase).toBe('back');
    expect(run.hung).toBe(0);
    expect(run.ok + run.failed).toBe(4 * CALLS);
    for (const name of Object.keys(run.errors)) expect(name).toBe('RateLimitError');
    const restarted = plan.events.find((event) => event.what === 'restarted')!.at;
    for (const worker of run.workers) {
      // Each process noticed the outage, and shared again once Redis was back (every one still had calls to make).
      expect(worker.states.map((s) => s.state)).toEqual(['unavailable', 'shared']);
      expect(worker.states[1]!.at).toBeGreaterThanOrEqual(restarted);
    }
    await expectBucketInRedis();
  });

  it("whenUnavailable 'fail': every call settles, failures are only RedisUnavailableError, and calls succeed again after the restart", async () => {
    const plan = outage(60, 1500);
    const run = await runQuota({
      processes: 4,
      calls: CALLS,
      baseURL: server.url,
      token: server.tokens.write,
      redisUrl: redis.url,
      store: { whenUnavailable: 'fail', retryInterval: 250 },
      whileRunning: plan.whileRunning,
    });
    const rateLimited = chats().length - run.ok;
    console.info(`outage, 'fail': ${run.seconds.toFixed(1)} s, ${rateLimited} × 429, ${run.failed} failed ${JSON.stringify(run.errors)}`);
    expect(run.hung).toBe(0);
    expect(run.ok + run.failed).toBe(4 * CALLS);
    // Every call waiting for a turn when Redis went away failed at once, with the documented error.
    expect(Object.keys(run.errors)).toEqual(['RedisUnavailableError']);
    for (const worker of run.workers) expect(worker.states.map((s) => s.state)).toEqual(['unavailable']);
    // Bounded: wait for the restart (the plan restarts 1.5 s after the kill), then the same processes'
    // successors share the bucket again.
    for (let i = 0; i < 100 && plan.phase !== 'back'; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(plan.phase).toBe('back');
    const after = await runQuota({ processes: 4, calls: 5, baseURL: server.url, token: server.tokens.write, redisUrl: redis.url, store: { whenUnavailable: 'fail' } });
    expect(after.errors).toEqual({});
    expect(after.ok).toBe(20);
    await expectBucketInRedis();
  });

  /** After the restart the token's bucket is in Redis again: the processes shared it. */
  async function expectBucketInRedis() {
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('coze:rate-limit:*');
      expect(keys).toHaveLength(1);
      expect(keys[0]).not.toContain(server.tokens.write);
    } finally {
      client.disconnect();
    }
  }
});
