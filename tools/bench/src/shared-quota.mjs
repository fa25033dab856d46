// 7. One quota across processes (issue 13): P processes × 50 chat.create calls on one token against
// the embedded mock server (10/s, burst 10), each process with its own in-memory bucket ("alone")
// and all sharing a RedisRateLimitStore; and what one acquire costs, in-memory store vs Redis on
// loopback. Needs Debian's redis-server (.ci/run installs it).
import { MemoryRateLimitStore, RateLimiter } from '@coze/runtime';
import { RedisRateLimitStore } from '../../../packages/rate-limit-redis/dist/index.js';
import { runQuota } from '../../../packages/rate-limit-redis/test/fixtures/quota-run.mjs';
import { startRedis } from '../../../packages/rate-limit-redis/test/fixtures/redis-server.mjs';
import { RATE, idealSeconds, startServer } from './quota.mjs';
import { collectGarbage, percentile } from './stats.mjs';

export const CALLS_PER_PROCESS = 50;
export const GOAL_RATIO = 1.05;

/** The scenarios, in the order they run. */
const SCENARIOS = [
  { id: 'alone-4', processes: 4, shared: false, label: 'each process alone (in-memory bucket)' },
  { id: 'redis-4', processes: 4, shared: true, label: 'RedisRateLimitStore (shared)' },
  { id: 'redis-4-no-headroom', processes: 4, shared: true, store: { headroomMs: 0 }, label: '↳ shared, headroomMs 0 (a naive shared bucket)' },
  { id: 'redis-4-headroom-100', processes: 4, shared: true, store: { headroomMs: 100 }, label: '↳ shared, headroomMs 100 (one token)' },
  { id: 'alone-8', processes: 8, shared: false, label: 'each process alone (in-memory bucket)' },
  { id: 'redis-8', processes: 8, shared: true, label: 'RedisRateLimitStore (shared)' },
];

export async function runSharedQuota({ log, latencyRuns = 20_000, scenarios = SCENARIOS }) {
  const redis = await startRedis();
  try {
    const latency = await acquireLatency(redis.url, latencyRuns);
    for (const row of latency) log(`  acquire ${row.store}: p50 ${row.p50Us.toFixed(2)} µs, p99 ${row.p99Us.toFixed(2)} µs`);
    const rows = [];
    for (const scenario of scenarios) {
      // A fresh server and an empty Redis for each scenario: nothing carries over.
      const server = await startServer();
      await redis.restart();
      try {
        const calls = scenario.processes * CALLS_PER_PROCESS;
        const ideal = idealSeconds(calls, RATE);
        const run = await runQuota({
          processes: scenario.processes,
          calls: CALLS_PER_PROCESS,
          baseURL: server.url,
          token: server.tokens.write,
          redisUrl: scenario.shared ? redis.url : undefined,
          store: scenario.store,
          deadlineMs: (ideal * 3 + 30) * 1000,
        });
        const requests = await server.chats();
        const row = {
          id: scenario.id,
          label: scenario.label,
          processes: scenario.processes,
          calls,
          seconds: run.seconds,
          idealSeconds: ideal,
          ratio: run.seconds / ideal,
          requests,
          // As the clients saw them (hooks); requests − successes would also count a request the server
          // received on a connection that then failed and was retried.
          status429: run.statuses['429'] ?? 0,
          retries: run.retries,
          failed: run.failed + run.hung * CALLS_PER_PROCESS,
          errors: run.errors,
        };
        rows.push(row);
        log(`  ${scenario.processes} × ${CALLS_PER_PROCESS}, ${scenario.label}: ${row.seconds.toFixed(1)} s (${row.ratio.toFixed(3)}× ideal), ${row.status429} × 429, ${row.retries} retries, ${row.failed} failed`);
      } finally {
        await server.close();
      }
    }
    return { callsPerProcess: CALLS_PER_PROCESS, latency, rows };
  } finally {
    await redis.stop();
  }
}

/**
 * Microseconds per `RateLimiter.acquire` that is admitted at once (a bucket too large to run dry),
 * one after another: the in-memory store answers without a promise, the Redis store makes one
 * EVALSHA round trip. Interleaved rounds, percentiles over every acquire of the measured rounds.
 */
async function acquireLatency(url, runs) {
  const store = new RedisRateLimitStore({ url });
  const limits = { requestsPerSecond: 1e9, burst: 1e9 };
  const limiters = {
    'in-memory': new RateLimiter({ ...limits, store: new MemoryRateLimitStore() }),
    'Redis (loopback)': new RateLimiter({ ...limits, store }),
  };
  const samples = Object.fromEntries(Object.keys(limiters).map((name) => [name, []]));
  try {
    for (let round = 0; round < 6; round++) {
      for (const [name, limiter] of Object.entries(limiters)) {
        collectGarbage();
        const times = new Float64Array(runs / 5);
        for (let i = 0; i < times.length; i++) {
          const start = process.hrtime.bigint();
          const admitted = limiter.acquire(undefined, 'sk-bench-token');
          if (admitted) await admitted;
          times[i] = Number(process.hrtime.bigint() - start) / 1000;
        }
        // Round 0 warms up.
        if (round > 0) samples[name].push(...times);
      }
    }
  } finally {
    await store.close();
  }
  return Object.entries(samples).map(([name, values]) => {
    values.sort((a, b) => a - b);
    return { store: name, acquires: values.length, p50Us: percentile(values, 50), p99Us: percentile(values, 99) };
  });
}
