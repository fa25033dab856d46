import { CozeError } from '@coze/runtime';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUCKET_SCRIPT_SHA, RedisRateLimitStore, RedisUnavailableError, type RedisRateLimitStoreOptions } from '../src/index.js';
import { startRedis, type RedisServer } from './fixtures/redis-server.mjs';

const TOKEN = 'sk-SENTINEL-redis-store-must-never-leak';

let redis: RedisServer;
let admin: Redis;
const stores: RedisRateLimitStore[] = [];

beforeEach(async () => {
  redis = await startRedis(['--enable-debug-command', 'local']);
  admin = new Redis(redis.url, { lazyConnect: true });
  // The tests kill Redis on purpose: keep ioredis from printing each refused reconnect.
  admin.on('error', () => undefined);
  await admin.connect();
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  admin.disconnect();
  await redis.stop();
});

function storeFor(options: Partial<RedisRateLimitStoreOptions> = {}): RedisRateLimitStore {
  // 100 ms of headroom at 10/s is one token: the counts below are burst − 1 unless a test says otherwise.
  const store = new RedisRateLimitStore({ url: redis.url, headroomMs: 100, ...options });
  stores.push(store);
  return store;
}

/** Takes until the bucket refuses; returns how many it admitted and the wait it then named. */
async function drain(store: RedisRateLimitStore, bucket: string, rate = 10, burst = 10, now = Date.now()) {
  let admitted = 0;
  for (let i = 0; i < 100; i++) {
    const wait = await store.take(now, rate, burst, bucket);
    if (wait > 0) return { admitted, wait };
    admitted++;
  }
  throw new Error('the bucket never refused');
}

describe('RedisRateLimitStore against a real Redis', () => {
  it('admits the burst less rate × headroomMs at once, then names the wait for the next token', async () => {
    const store = storeFor();
    const { admitted, wait } = await drain(store, store.bucketFor(TOKEN), 10, 10);
    expect(admitted).toBe(9);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(100);
    const byDefault = new RedisRateLimitStore({ url: redis.url });
    stores.push(byDefault);
    expect(byDefault.headroomMs).toBe(500);
    expect((await drain(byDefault, byDefault.bucketFor('token-2'), 10, 10)).admitted).toBe(5);
    expect((await drain(storeFor({ headroomMs: 250 }), byDefault.bucketFor('token-3'), 10, 10)).admitted).toBe(7);
    expect((await drain(storeFor({ headroomMs: 0 }), byDefault.bucketFor('token-4'), 10, 10)).admitted).toBe(10);
    // At least one token stays.
    expect((await drain(storeFor({ headroomMs: 5000 }), byDefault.bucketFor('token-5'), 10, 10)).admitted).toBe(1);
  });

  it('shares one bucket between stores (processes) of one token, and keeps other tokens apart', async () => {
    const a = storeFor();
    const b = storeFor();
    expect(a.bucketFor(TOKEN)).toBe(b.bucketFor(TOKEN));
    expect((await drain(a, a.bucketFor(TOKEN), 10, 6)).admitted).toBe(5);
    expect(await b.take(Date.now(), 10, 6, b.bucketFor(TOKEN))).toBeGreaterThan(0);
    expect((await drain(b, b.bucketFor('sk-other'), 10, 6)).admitted).toBe(5);
  });

  it("decides on the Redis server's clock: callers whose clocks are hours apart still share one bucket", async () => {
    const store = storeFor();
    const bucket = store.bucketFor(TOKEN);
    const hour = 3_600_000;
    const answers = [];
    for (const skew of [-hour, hour, 0, -2 * hour, 2 * hour, 0]) answers.push(await store.take(Date.now() + skew, 10, 6, bucket));
    expect(answers.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(answers[5]).toBeGreaterThan(0);
  });

  it('keys the bucket by a SHA-256 of the token inside a Cluster hash tag; the token is in no key and no value', async () => {
    const store = storeFor({ prefix: 'app:' });
    const bucket = store.bucketFor(TOKEN);
    expect(bucket).toMatch(/^app:\{[0-9a-f]{64}\}$/);
    await store.take(Date.now(), 10, 10, bucket);
    await store.pauseUntil(Date.now() + 50, bucket);
    const keys = await admin.keys('*');
    expect(keys).toEqual([bucket]);
    const values = await admin.hgetall(bucket);
    expect(JSON.stringify([keys, values])).not.toContain(TOKEN);
    expect(JSON.stringify([keys, values])).not.toContain(TOKEN.slice(3, 20));
  });

  it('loads the script once: EVALSHA afterwards, EVAL again only when Redis forgot it', async () => {
    const store = storeFor();
    const bucket = store.bucketFor(TOKEN);
    for (let i = 0; i < 5; i++) await store.take(Date.now(), 100, 100, bucket);
    expect(await admin.script('EXISTS', BUCKET_SCRIPT_SHA)).toEqual([1]);
    await admin.script('FLUSH');
    for (let i = 0; i < 5; i++) expect(await store.take(Date.now(), 100, 100, bucket)).toBe(0);
    const stats = await admin.info('commandstats');
    const calls = (command: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
    expect(calls('eval')).toBe(2);
    expect(calls('evalsha')).toBe(10);
  });

  it("a pause from one process holds every process's takes, and the bucket refills only from the pause's end", async () => {
    const a = storeFor();
    const b = storeFor();
    const bucket = a.bucketFor(TOKEN);
    expect(await b.take(Date.now(), 10, 10, bucket)).toBe(0);
    await a.pauseUntil(Date.now() + 400, bucket);
    const wait = await b.take(Date.now(), 10, 10, bucket);
    expect(wait).toBeGreaterThan(300);
    expect(wait).toBeLessThanOrEqual(400);
    // At the pause's end the bucket is empty: the next token comes one 1/rate later.
    const pttl = await admin.pttl(bucket);
    expect(pttl).toBeGreaterThan(wait);
    const values = await admin.hgetall(bucket);
    expect(Number(values.tokens)).toBe(0);
    expect(Number(values.at)).toBe(Number(values.paused));
  });

  it('lets a bucket expire when it would be full again (a missing key is a full bucket)', async () => {
    const store = storeFor();
    const bucket = store.bucketFor(TOKEN);
    await drain(store, bucket, 10, 5);
    // Empty: 4 tokens at 10/s refill in 400 ms; the key lives that long plus one second.
    const pttl = await admin.pttl(bucket);
    expect(pttl).toBeGreaterThan(1000);
    expect(pttl).toBeLessThanOrEqual(1400);
    await store.pauseUntil(Date.now() + 5000, bucket);
    const paused = await admin.pttl(bucket);
    expect(paused).toBeGreaterThan(5000);
    expect(paused).toBeLessThanOrEqual(5000 + 400 + 1000);
  });

  it('refuses options it cannot honour, naming the option', () => {
    const url = 'redis://127.0.0.1:1';
    expect(() => new RedisRateLimitStore({} as RedisRateLimitStoreOptions)).toThrow(/exactly one of url and client/);
    expect(() => new RedisRateLimitStore({ url: 'http://x' })).toThrow(/url must be a redis:\/\//);
    expect(() => new RedisRateLimitStore({ url, prefix: 'a{b}' })).toThrow(/prefix must not contain/);
    expect(() => new RedisRateLimitStore({ url, headroomMs: -1 })).toThrow(/headroomMs must be a number of ms ≥ 0/);
    expect(() => new RedisRateLimitStore({ url, commandTimeout: 0 })).toThrow(/commandTimeout/);
    expect(() => new RedisRateLimitStore({ url, connectTimeout: Number.NaN })).toThrow(/connectTimeout must be a number of ms above 0/);
    expect(() => new RedisRateLimitStore({ url, localShare: 2 })).toThrow(/localShare must be a number in \(0, 1\]/);
    expect(() => new RedisRateLimitStore({ url, whenUnavailable: 'wait' as 'fail' })).toThrow(/whenUnavailable must be 'local' or 'fail'/);
    expect(() => new RedisRateLimitStore({ client: {} as Redis })).toThrow(/ioredis Redis or Cluster/);
  });
});

describe('RedisRateLimitStore when Redis is away', () => {
  it("'local': answers from a bucket in memory at once, says so, and shares again by itself when Redis is back", async () => {
    const states: string[] = [];
    const store = storeFor({ retryInterval: 200, localShare: 0.5, onStateChange: (state, error) => states.push(`${state}${error ? `: ${error.message}` : ''}`) });
    const bucket = store.bucketFor(TOKEN);
    expect(await store.take(Date.now(), 10, 10, bucket)).toBe(0);
    await redis.kill();
    // Locally: half the rate and half the burst.
    const local = await drain(store, bucket, 10, 10);
    expect(local.admitted).toBe(5);
    expect(local.wait).toBeGreaterThan(100);
    expect(states).toHaveLength(1);
    expect(states[0]).toMatch(/^unavailable: /);
    expect(states[0]).not.toContain(TOKEN);
    await redis.restart();
    // Within one retryInterval a take tries Redis again, and finds it.
    let shared = false;
    for (let i = 0; i < 50 && !shared; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.take(Date.now(), 10, 10, bucket);
      shared = (await admin.exists(bucket)) === 1;
    }
    expect(shared).toBe(true);
    expect(states.at(-1)).toBe('shared');
    // Redis lost the bucket in the restart; the processes had been running near the rate on their own,
    // so the new bucket starts empty rather than with a burst.
    expect(Number(await admin.hget(bucket, 'tokens'))).toBeLessThan(1);
  });

  it("'fail': throws RedisUnavailableError (a CozeError without key or token) and recovers by itself", async () => {
    const store = storeFor({ whenUnavailable: 'fail', retryInterval: 200 });
    const bucket = store.bucketFor(TOKEN);
    await redis.kill();
    const error = await Promise.resolve()
      .then(() => store.take(Date.now(), 10, 10, bucket))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(error).toBeInstanceOf(CozeError);
    const text = `${String(error)} ${(error as Error).stack} ${String((error as Error).cause)}`;
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(bucket.slice(-64));
    // A pause never rejects, Redis or not.
    await expect(Promise.resolve(store.pauseUntil(Date.now() + 100, bucket))).resolves.toBeUndefined();
    await redis.restart();
    let answer: unknown;
    for (let i = 0; i < 50 && answer === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await Promise.resolve()
        .then(() => store.take(Date.now(), 10, 10, bucket))
        .catch(() => undefined);
    }
    expect(typeof answer).toBe('number');
  });

  it('bounds a call to a Redis that hangs by commandTimeout, then counts Redis as unavailable', async () => {
    const states: string[] = [];
    const store = storeFor({ commandTimeout: 100, onStateChange: (state) => states.push(state) });
    const bucket = store.bucketFor(TOKEN);
    expect(await store.take(Date.now(), 10, 10, bucket)).toBe(0);
    // DEBUG SLEEP blocks the whole server, as a stalled Redis would.
    const blocked = admin.call('DEBUG', 'SLEEP', '2');
    const answer = await store.take(Date.now(), 10, 10, bucket);
    expect(answer).toBe(0);
    expect(states).toEqual(['unavailable']);
    await blocked;
  });

  it('waits up to connectTimeout, not commandTimeout, while a new store connects', async () => {
    // A Redis that takes a second to answer the new connection's handshake, as on a busy machine.
    const blocked = admin.call('DEBUG', 'SLEEP', '1');
    const states: string[] = [];
    const store = storeFor({ commandTimeout: 100, connectTimeout: 5000, onStateChange: (state) => states.push(state) });
    const bucket = store.bucketFor(TOKEN);
    expect(await store.take(Date.now(), 10, 10, bucket)).toBe(0);
    await blocked;
    expect(states).toEqual([]);
    expect(await admin.exists(bucket)).toBe(1);
    // Connected: now a stalled Redis counts against commandTimeout.
    const again = admin.call('DEBUG', 'SLEEP', '1');
    expect(await store.take(Date.now(), 10, 10, bucket)).toBe(0);
    expect(states).toEqual(['unavailable']);
    await again;
  });

  it('works on a client the app already has, and leaves it open', async () => {
    const client = new Redis(redis.url);
    const store = new RedisRateLimitStore({ client });
    expect(await store.take(Date.now(), 10, 10, store.bucketFor(TOKEN))).toBe(0);
    await store.close();
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
  });
});
