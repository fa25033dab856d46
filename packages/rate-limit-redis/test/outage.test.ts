import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisRateLimitStore, RedisUnavailableError, type RedisRateLimitStoreOptions, type RedisScriptClient } from '../src/index.js';
import { freePort, startRedis, type RedisServer } from './fixtures/redis-server.mjs';

// How the store behaves around an outage, decided on this machine's clock (Date.now, faked here; setTimeout stays
// real): when it tries Redis again, what it sends meanwhile, how a bucket Redis lost comes back. The app's own
// client is the public way in: here a wrapper that forwards to a real Redis, or fails like one that went away.

const TOKEN = 'sk-SENTINEL-outage-must-never-leak';
const T0 = Date.UTC(2026, 10, 30, 12);

let redis: RedisServer;
let real: Redis;

beforeAll(async () => {
  redis = await startRedis(['--enable-debug-command', 'local']);
  real = new Redis(redis.url);
});

afterAll(async () => {
  real.disconnect();
  await redis.stop();
});

afterEach(async () => {
  vi.useRealTimers();
  await real.flushall();
});

/** A client of the app's: forwards to the real Redis, fails while `down` (as a dropped connection does), counts. */
function wrapper() {
  const state = { down: false, reply: undefined as unknown, evalsha: 0, eval: 0, hold: undefined as Promise<void> | undefined };
  const fail = () => Promise.reject(new Error('Connection is closed.'));
  const client: RedisScriptClient = {
    evalsha: async (sha, numKeys, ...rest) => {
      state.evalsha++;
      await state.hold;
      if (state.down) return fail();
      if (state.reply !== undefined) return state.reply;
      return real.evalsha(sha, numKeys, ...rest);
    },
    eval: (script, numKeys, ...rest) => {
      state.eval++;
      return state.down ? fail() : real.eval(script, numKeys, ...rest);
    },
  };
  return { state, client };
}

function setup(options: Partial<RedisRateLimitStoreOptions> = {}) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
  const { state, client } = wrapper();
  const states: string[] = [];
  const store = new RedisRateLimitStore({
    client,
    headroomMs: 0,
    retryInterval: 1000,
    onStateChange: (change, error) => states.push(error ? `${change}: ${error.message}` : change),
    ...options,
  });
  return { state, store, states, bucket: store.bucketFor(TOKEN) };
}

describe('while Redis is away', () => {
  it('tries it again once per retryInterval, from the failure on; in between the requests do not wait for it', async () => {
    const { state, store, states, bucket } = setup();
    state.down = true;
    expect(await store.take(Date.now(), 10, 10, bucket)).toBe(0);
    expect(state.evalsha).toBe(1);
    expect(states).toEqual(['unavailable: Connection is closed.']);
    vi.setSystemTime(T0 + 999);
    expect(await store.take(Date.now(), 10, 10, bucket)).toBe(0);
    expect(state.evalsha).toBe(1);
    // Due at exactly T0 + retryInterval: one probe, and when it fails too, the next is a retryInterval later.
    vi.setSystemTime(T0 + 1000);
    expect(await store.take(Date.now(), 10, 10, bucket)).toBe(0);
    expect(state.evalsha).toBe(2);
    vi.setSystemTime(T0 + 1999);
    await store.take(Date.now(), 10, 10, bucket);
    expect(state.evalsha).toBe(2);
    // Told once that sharing stopped, not once per failed probe.
    expect(states).toEqual(['unavailable: Connection is closed.']);
    // A failure that is not NOSCRIPT never falls back to EVAL.
    expect(state.eval).toBe(0);
  });

  it('sends one probe at a time: a request made while the probe is out goes on without Redis', async () => {
    const { state, store, bucket } = setup();
    state.down = true;
    await store.take(Date.now(), 10, 10, bucket);
    vi.setSystemTime(T0 + 1000);
    let release = () => undefined as void;
    state.hold = new Promise<void>((resolve) => (release = resolve));
    state.down = false;
    const probe = store.take(Date.now(), 10, 10, bucket);
    expect(await store.take(Date.now(), 10, 10, bucket)).toBe(0);
    expect(state.evalsha).toBe(2);
    release();
    // Redis is back; the bucket it had lost starts empty (see the last test).
    expect(await probe).toBeGreaterThan(0);
  });

  it("'fail': says when it tries again, with Redis's error as the cause", async () => {
    const { state, store, bucket } = setup({ whenUnavailable: 'fail', retryInterval: 250 });
    state.down = true;
    const error = (await Promise.resolve()
      .then(() => store.take(Date.now(), 10, 10, bucket))
      .catch((e: unknown) => e)) as RedisUnavailableError;
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(error.message).toBe(
      "Redis is unavailable to the shared rate limiter (Connection is closed.); whenUnavailable is 'fail', so the request was not sent. Next try in at most 250 ms.",
    );
    expect((error.cause as Error).message).toBe('Connection is closed.');
  });

  it('holds a pause locally without sending it; once the retry is due the pause goes to Redis (and finds it back)', async () => {
    const { state, store, states, bucket } = setup();
    state.down = true;
    await store.take(Date.now(), 10, 10, bucket);
    state.down = false;
    await store.pauseUntil(Date.now() + 5000, bucket);
    expect(state.evalsha).toBe(1);
    // The local bucket honours the pause meanwhile.
    expect(await store.take(Date.now(), 10, 10, bucket)).toBe(5000);
    vi.setSystemTime(T0 + 1000);
    await store.pauseUntil(Date.now() + 5000, bucket);
    expect(state.evalsha).toBe(2);
    expect(states.at(-1)).toBe('shared');
    // Redis's clock is the real one (only this process's Date is faked).
    expect(Number(await real.hget(bucket, 'paused'))).toBeGreaterThan(performance.timeOrigin + performance.now() + 4000);
  });

  it('a pause that fails against Redis counts as an outage too, and never rejects', async () => {
    const { state, store, states, bucket } = setup();
    state.down = true;
    await expect(store.pauseUntil(Date.now() + 5000, bucket)).resolves.toBeUndefined();
    expect(states).toEqual(['unavailable: Connection is closed.']);
    await store.take(Date.now(), 10, 10, bucket);
    expect(state.evalsha).toBe(1);
  });
});

describe('what reaches Redis', () => {
  it('a pause that is already over sends nothing', async () => {
    const { state, store, bucket } = setup();
    await store.pauseUntil(Date.now() - 1, bucket);
    await store.pauseUntil(Date.now(), bucket);
    expect(state.evalsha).toBe(0);
    await store.pauseUntil(Date.now() + 1, bucket);
    expect(state.evalsha).toBe(1);
  });

  it('a pause right after Redis came back goes to Redis', async () => {
    const { state, store, bucket } = setup();
    state.down = true;
    await store.take(Date.now(), 10, 10, bucket);
    state.down = false;
    vi.setSystemTime(T0 + 1000);
    await store.take(Date.now(), 10, 10, bucket);
    expect(state.evalsha).toBe(2);
    await store.pauseUntil(Date.now() + 5000, bucket);
    expect(state.evalsha).toBe(3);
  });

  it.each([
    ['a string', 'OK', 'the bucket script answered "OK"'],
    ['a negative wait', -5, 'the bucket script answered -5'],
    ['nothing', null, 'the bucket script answered null'],
  ])('a reply that is %s is not trusted: Redis counts as unavailable', async (_, reply, message) => {
    const { state, store, states, bucket } = setup();
    state.reply = reply;
    expect(await store.take(Date.now(), 10, 10, bucket)).toBe(0);
    expect(states).toEqual([`unavailable: ${message}`]);
  });

  it('requests without a token share one anonymous bucket', async () => {
    const { store } = setup({ prefix: 'outage-test:' });
    vi.useRealTimers();
    expect(await store.take(Date.now(), 10, 10)).toBe(0);
    expect(await real.exists('outage-test:{anonymous}')).toBe(1);
    await store.pauseUntil(Date.now() + 60_000);
    expect(await store.take(Date.now(), 10, 10)).toBeGreaterThan(50_000);
  });
});

describe('a bucket Redis lost during an outage', () => {
  it('starts empty until the processes can have refilled it (retryInterval + a full bucket at the rate), then full', async () => {
    const { state, store, states, bucket } = setup();
    const lost = async (at: number) => {
      vi.setSystemTime(at);
      await real.del(bucket);
      return store.take(Date.now(), 10, 10, bucket);
    };
    expect(await store.take(Date.now(), 10, 10, bucket)).toBe(0);
    state.down = true;
    await store.take(Date.now(), 10, 10, bucket);
    state.down = false;
    // The probe that finds Redis back, at T0 + 1000: recovered then.
    expect(await lost(T0 + 1000)).toBeGreaterThan(0);
    expect(states.at(-1)).toBe('shared');
    // At 10/s a bucket of 10 refills in 1000 ms: empty until 1000 + 1000 ms after the recovery.
    expect(await lost(T0 + 1000)).toBeGreaterThan(0);
    expect(await lost(T0 + 2500)).toBeGreaterThan(0);
    expect(await lost(T0 + 2999)).toBeGreaterThan(0);
    expect(await lost(T0 + 3000)).toBe(0);
    expect(state.evalsha).toBe(7);
  });
});

describe('a store that opens its own connection (url)', () => {
  const clients = async () => String(await real.client('LIST')).trim().split('\n').length;

  it('close() closes that connection, and a second close() is harmless', async () => {
    const before = await clients();
    const store = new RedisRateLimitStore({ url: redis.url });
    expect(await store.take(Date.now(), 10, 10, store.bucketFor(TOKEN))).toBe(0);
    expect(await clients()).toBe(before + 1);
    await store.close();
    await store.close();
    let now = await clients();
    for (let i = 0; i < 50 && now > before; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      now = await clients();
    }
    expect(now).toBe(before);
  });

  it('names the wait it gave up after when Redis stalls', async () => {
    const states: string[] = [];
    const store = new RedisRateLimitStore({ url: redis.url, commandTimeout: 100, onStateChange: (state, error) => states.push(`${state}: ${error?.message}`) });
    try {
      expect(await store.take(Date.now(), 10, 10, store.bucketFor(TOKEN))).toBe(0);
      const blocked = real.call('DEBUG', 'SLEEP', '1');
      expect(await store.take(Date.now(), 10, 10, store.bucketFor(TOKEN))).toBe(0);
      await blocked;
      expect(states).toEqual(['unavailable: Redis did not answer within 100 ms']);
    } finally {
      await store.close();
    }
  });

  it('names why it could not connect (ECONNREFUSED), which the call\'s own "max retries" error hides; forgets it once connected', async () => {
    const server = await startRedis(['--enable-debug-command', 'local']);
    await server.kill();
    const states: string[] = [];
    const store = new RedisRateLimitStore({
      url: server.url,
      whenUnavailable: 'fail',
      retryInterval: 20,
      commandTimeout: 100,
      onStateChange: (state, error) => states.push(`${state}: ${(error as NodeJS.ErrnoException | undefined)?.code}`),
    });
    const take = () => Promise.resolve(store.take(Date.now(), 10, 10, store.bucketFor(TOKEN))).catch((error: unknown) => error);
    try {
      const refused = (await take()) as RedisUnavailableError;
      expect(refused).toBeInstanceOf(RedisUnavailableError);
      expect(refused.message).toMatch(/^Redis is unavailable to the shared rate limiter \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); whenUnavailable is 'fail'/);
      expect((refused.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
      expect(states).toEqual(['unavailable: ECONNREFUSED']);

      await server.restart();
      let answer: unknown;
      for (let i = 0; i < 100 && typeof answer !== 'number'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        answer = await take();
      }
      // Back after an outage, the bucket starts empty (see above): a wait, from Redis.
      expect(typeof answer).toBe('number');
      expect(states.at(-1)).toBe('shared: undefined');

      // A stall after that is a stall, not the refusal of before.
      const admin = new Redis(server.url);
      await admin.ping();
      const blocked = admin.call('DEBUG', 'SLEEP', '1');
      await new Promise((resolve) => setTimeout(resolve, 20));
      const stalled = (await take()) as RedisUnavailableError;
      await blocked;
      admin.disconnect();
      expect(stalled).toBeInstanceOf(RedisUnavailableError);
      expect(stalled.message).toMatch(/^Redis is unavailable to the shared rate limiter \(Redis did not answer within 100 ms\)/);
    } finally {
      await store.close();
      await server.stop();
    }
  });

  it('keeps ioredis quiet while Redis is away (the store reports outages itself)', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const states: string[] = [];
    const store = new RedisRateLimitStore({ url: `redis://127.0.0.1:${await freePort()}`, retryInterval: 20, onStateChange: (state) => states.push(state) });
    try {
      expect(await store.take(Date.now(), 10, 10, store.bucketFor(TOKEN))).toBe(0);
      // Several refused reconnections later:
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(states).toEqual(['unavailable']);
      expect(printed).not.toHaveBeenCalled();
    } finally {
      await store.close();
      printed.mockRestore();
    }
  });
});
