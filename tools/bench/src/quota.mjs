// 2. Quota use: N chat calls started at once against the embedded mock server, which enforces
// 10 requests/s with a burst of 10 per token. Ideal: the last call starts (N − burst) / rate
// seconds after the first; no 429s, no failures. One fresh server per client, clients in turn.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { QUOTA_CLIENTS } from './clients.mjs';
import { msSince } from './stats.mjs';

export const RATE = { requestsPerSecond: 10, burst: 10 };
export const GOAL_SLACK = 0.02;

export function idealSeconds(calls, { requestsPerSecond, burst } = RATE) {
  return Math.max(0, calls - burst) / requestsPerSecond;
}

/**
 * Starts the mock server in a child process: `{ url, tokens, chats(), close() }`.
 * @param {{ rateLimit?: typeof RATE | false }} [options] the server's limit (10/s, burst 10 unless given)
 */
export async function startServer({ rateLimit = RATE } = {}) {
  const child = fork(new URL('./mock-server-process.mjs', import.meta.url), [], {
    env: { ...process.env, BENCH_MOCK_RATE_LIMIT: JSON.stringify(rateLimit) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [info] = await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`the mock server exited (code ${code})`))),
  ]);
  return {
    ...info,
    chats: async () => {
      const reply = once(child, 'message');
      child.send('count');
      return (await reply)[0].chats;
    },
    close: async () => {
      const exited = once(child, 'exit');
      child.disconnect();
      const timer = setTimeout(() => child.kill(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function runQuota({ calls, log, clients = QUOTA_CLIENTS }) {
  const ideal = idealSeconds(calls);
  // A client that has not finished by then is reported as such; the run goes on.
  const limitMs = (ideal * 3 + 30) * 1000;
  const rows = [];
  for (const spec of clients) {
    const server = await startServer();
    try {
      const client = await spec.create(server.url, server.tokens.write);
      const start = process.hrtime.bigint();
      let failed = 0;
      let firstError;
      let settled = 0;
      const all = Promise.all(
        Array.from({ length: calls }, () =>
          client.call().then(
            () => settled++,
            (error) => {
              settled++;
              failed++;
              firstError ??= error;
            },
          ),
        ),
      );
      let timer;
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise((resolve) => (timer = setTimeout(() => resolve(true), limitMs))),
      ]);
      clearTimeout(timer);
      const seconds = msSince(start) / 1000;
      const received = (await server.chats()) - (spec.warmUpCalls ?? 0);
      const succeeded = settled - failed;
      rows.push({
        client: spec.name,
        note: spec.note,
        calls,
        seconds,
        idealSeconds: ideal,
        overIdeal: ideal > 0 ? seconds / ideal - 1 : Number.NaN,
        requests: received,
        status429: received - succeeded,
        failed: failed + (calls - settled),
        timedOut,
        firstError: firstError ? String(firstError.message ?? firstError).slice(0, 160) : undefined,
      });
      log(`  quota ${spec.name}: ${seconds.toFixed(1)} s, ${received - succeeded} × 429, ${failed} failed${timedOut ? ', timed out' : ''}`);
      await client.close?.();
    } finally {
      await server.close();
    }
  }
  return rows;
}
