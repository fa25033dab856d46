import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../src/index.js';
import { run, startRedisCluster, type RedisCluster } from './fixtures/redis-server.mjs';

let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
});
afterAll(async () => {
  await cluster?.stop();
});

describe('RedisRateLimitStore on a Redis Cluster of three masters', () => {
  it('keeps each bucket on the slot of its hash tag, spreads tokens over the nodes, and shares each bucket', async () => {
    const a = new Cluster(cluster.nodes);
    const b = new Cluster(cluster.nodes);
    try {
      // Ten seconds per command, not 500 ms: on a loaded machine a slow answer would count Redis as unavailable, and
      // a pause meant for Redis would then stay local, its key expiring before the count below (seen: 9 of 12).
      const storeA = new RedisRateLimitStore({ client: a, commandTimeout: 10_000 });
      const storeB = new RedisRateLimitStore({ client: b, commandTimeout: 10_000 });
      const tokens = Array.from({ length: 12 }, (_, i) => `sk-cluster-token-${i}`);
      for (const token of tokens) {
        const bucket = storeA.bucketFor(token);
        // Two processes (two Cluster clients) share the bucket: 10 less 500 ms of headroom at 10/s, 5 in all.
        let admitted = 0;
        for (let i = 0; i < 6; i++) if ((await storeA.take(Date.now(), 10, 10, bucket)) === 0) admitted++;
        for (let i = 0; i < 6; i++) if ((await storeB.take(Date.now(), 10, 10, bucket)) === 0) admitted++;
        expect(admitted).toBe(5);
        // A long pause keeps the key (it expires only once the bucket is full and unpaused again), so the count
        // below sees every bucket however long the loop took on a loaded machine (a 50 ms pause: 9 of 12 left).
        await storeB.pauseUntil(Date.now() + 60_000, bucket);
      }
      // Each node holds the keys of the slots it serves; the keys spread over more than one node.
      const perNode = await Promise.all(cluster.nodes.map((node) => run('redis-cli', ['-p', String(node.port), 'dbsize'])));
      const counts = perNode.map((out) => Number(out.trim()));
      expect(counts.reduce((sum, n) => sum + n, 0)).toBe(tokens.length);
      expect(counts.filter((n) => n > 0).length).toBeGreaterThan(1);
      // The slot of a key is the slot of the hash inside its braces.
      const key = storeA.bucketFor(tokens[0]!);
      const tag = key.slice(key.indexOf('{') + 1, key.indexOf('}'));
      const slotOf = async (s: string) => (await run('redis-cli', ['-p', String(cluster.nodes[0]!.port), 'cluster', 'keyslot', s])).trim();
      expect(await slotOf(key)).toBe(await slotOf(tag));
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });
});
