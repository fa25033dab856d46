import { MemoryRateLimitStore, type RateLimitStore, unknownOptions, unknownOptionsMessage } from '@coze/runtime';
import * as ioredis from 'ioredis';
import type { Redis } from 'ioredis';
import { DEFAULT_PREFIX, anonymousBucketKey, bucketKey, checkPrefix } from './bucket-key.js';
import { RedisUnavailableError } from './errors.js';
import { BUCKET_SCRIPT, BUCKET_SCRIPT_SHA } from './script.js';

/**
 * What the store needs of a Redis client: an ioredis `Redis` or `Cluster` (5.x or 6.x) has it. The
 * store calls nothing else, so a wrapper that forwards these two calls works too.
 */
export interface RedisScriptClient {
  evalsha(sha: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
}

/** What the store does while Redis cannot answer. */
export type WhenUnavailable = 'local' | 'fail';

export interface RedisRateLimitStoreOptions {
  /**
   * Where Redis is (`redis://…` or `rediss://…`). The store opens its own ioredis client, and
   * {@link RedisRateLimitStore.close} closes it. Give `url` or `client`.
   */
  url?: string;
  /**
   * An ioredis client the app already has: a `Redis` or a `Cluster`. The store never closes it.
   * Its own timeouts and offline queue stay as they are; the store bounds every call itself.
   */
  client?: RedisScriptClient;
  /**
   * The start of every key. A key is this prefix and a SHA-256 of the API token in braces (a
   * Cluster hash tag), e.g. `coze:rate-limit:{9f86d0…}`. No braces allowed.
   * @default 'coze:rate-limit:'
   */
  prefix?: string;
  /**
   * How much spread in arrival times the shared bucket absorbs, in ms. A request that Redis let go
   * can reach the API after requests let go later — a process that just started sends its first
   * request over a new connection, a busy machine leaves a process waiting for a CPU — and the
   * API counts arrivals. The bucket keeps `rate × headroomMs` tokens of its burst back for that
   * (5 at 10/s, rounded up, at least 1 left), which costs that much burst, not rate. 0 uses the
   * whole burst.
   * @default 500
   */
  headroomMs?: number;
  /**
   * The longest the store waits for one Redis call, in ms. Past it, Redis counts as unavailable.
   * @default 500
   */
  commandTimeout?: number;
  /**
   * The longest the store waits for Redis before it has ever answered, in ms: a process that just
   * started opens its connection then, and on a busy machine that can take longer than
   * `commandTimeout`. Past it, Redis counts as unavailable as usual.
   * @default 3000
   */
  connectTimeout?: number;
  /**
   * While Redis is unavailable:
   * - `'local'`: each process admits requests through a bucket in its own memory, at
   *   `localShare` of the configured rate and burst, and tries Redis again every `retryInterval`
   *   ms; sharing resumes by itself once Redis answers.
   * - `'fail'`: calls throw {@link RedisUnavailableError} before anything is sent, until Redis
   *   answers again (tried at most every `retryInterval` ms).
   * @default 'local'
   */
  whenUnavailable?: WhenUnavailable;
  /**
   * The share of the rate and burst one process takes alone while Redis is unavailable, in
   * (0, 1]. With 1 each process behaves as if it had no shared store (the API's 429s and the
   * client's retries then sort it out); with 1 / the number of processes they stay within the
   * quota together.
   * @default 1
   */
  localShare?: number;
  /**
   * How long, in ms, after Redis failed the store tries it again. Requests do not wait for Redis
   * in between.
   * @default 1000
   */
  retryInterval?: number;
  /**
   * Told when sharing stops (Redis failed; `error` says why, without any key or token) and when
   * it resumes. For logs and metrics; an error thrown here is ignored.
   */
  onStateChange?: (state: 'shared' | 'unavailable', error?: Error) => void;
}

// Every option, checked by the compiler against RedisRateLimitStoreOptions in both directions; only the keys are
// read (numbers, which no mutant changes, rather than `true`, whose `false` mutants would all be equivalent).
const OPTION_NAMES = Object.keys({
  url: 1,
  client: 1,
  prefix: 1,
  headroomMs: 1,
  commandTimeout: 1,
  connectTimeout: 1,
  retryInterval: 1,
  whenUnavailable: 1,
  localShare: 1,
  onStateChange: 1,
} satisfies Record<keyof RedisRateLimitStoreOptions, 1>);

/**
 * A token bucket in Redis that every process using the same API token shares, so that together
 * they stay within the platform's limit of that token.
 *
 * Each decision is one Lua script run atomically on the Redis server, on the server's clock
 * (EVALSHA, with EVAL when Redis does not know the script yet). A 429's Retry-After pauses the
 * bucket for every process. Keys expire when the bucket would be full again. When Redis is down
 * or slow, calls are never held longer than `commandTimeout`: see `whenUnavailable`.
 *
 * @example
 * import { CozeAPI } from '@coze/client';
 * import { RedisRateLimitStore } from '@coze/rate-limit-redis';
 *
 * const coze = new CozeAPI({
 *   apiKey: process.env.COZE_API_KEY,
 *   rateLimit: { requestsPerSecond: 10, burst: 10, store: new RedisRateLimitStore({ url: process.env.REDIS_URL }) },
 * });
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly prefix: string;
  readonly headroomMs: number;
  readonly commandTimeout: number;
  readonly connectTimeout: number;
  readonly whenUnavailable: WhenUnavailable;
  readonly localShare: number;
  readonly retryInterval: number;
  private readonly client: RedisScriptClient;
  /** The client the store opened from `url`, which close() closes. */
  private readonly owned: Redis | undefined;
  private readonly onStateChange: RedisRateLimitStoreOptions['onStateChange'];
  private readonly local = new Map<string, MemoryRateLimitStore>();
  /** Redis failed; until `retryAt` (ms, this machine's clock) requests do not try it. */
  private unavailable = false;
  private retryAt = 0;
  private lastError: Error | undefined;
  /**
   * The latest socket error of the connection the store opened (ECONNREFUSED, ENOTFOUND, WRONGPASS), until it is
   * ready again: what a queued call's own error ("max retries per request") hides.
   */
  private connectionError: Error | undefined;
  /** When Redis last answered again after failing (ms, this machine's clock). */
  private recoveredAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  /** Redis has answered once: from then on a call gets commandTimeout, before it connectTimeout. */
  private connected = false;
  private lastRate = 10;
  private lastCapacity = 10;

  constructor(options: RedisRateLimitStoreOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('RedisRateLimitStore needs options: { url } or { client }');
    // A misspelt option (`commandTimeOut`) would leave its default in force without a word.
    const unknown = unknownOptions(options, OPTION_NAMES);
    if (unknown.length > 0) throw new TypeError(unknownOptionsMessage(unknown, OPTION_NAMES, 'new RedisRateLimitStore()'));
    const { url, client } = options;
    if ((url === undefined) === (client === undefined)) throw new TypeError('RedisRateLimitStore needs exactly one of url and client');
    this.prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
    this.headroomMs = checkNumber('headroomMs', options.headroomMs ?? 500, (n) => n >= 0 && n < 2 ** 31, 'a number of ms ≥ 0');
    this.commandTimeout = checkNumber('commandTimeout', options.commandTimeout ?? 500, (n) => n > 0 && n < 2 ** 31, 'a number of ms above 0');
    this.connectTimeout = checkNumber('connectTimeout', options.connectTimeout ?? 3000, (n) => n > 0 && n < 2 ** 31, 'a number of ms above 0');
    this.retryInterval = checkNumber('retryInterval', options.retryInterval ?? 1000, (n) => n > 0 && n < 2 ** 31, 'a number of ms above 0');
    this.localShare = checkNumber('localShare', options.localShare ?? 1, (n) => n > 0 && n <= 1, 'a number in (0, 1]');
    const when = options.whenUnavailable ?? 'local';
    if (when !== 'local' && when !== 'fail') throw new TypeError(`whenUnavailable must be 'local' or 'fail'; got ${JSON.stringify(when)}`);
    this.whenUnavailable = when;
    this.onStateChange = options.onStateChange;
    if (client !== undefined) {
      if (typeof (client as { evalsha?: unknown } | null)?.evalsha !== 'function') throw new TypeError('client must be an ioredis Redis or Cluster');
      this.client = client;
    } else {
      if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) throw new TypeError('url must be a redis:// or rediss:// URL');
      this.client = this.owned = new RedisClass(url, {
        // The store bounds every call itself (an ioredis commandTimeout would also count a new process's
        // first connection against commandTimeout). A call the store gave up on must not run later, when
        // Redis is back: it would spend a token, or recreate a lost bucket full. So a call queued while the
        // connection is down fails after one reconnection attempt, and one whose reply was lost is not resent.
        connectTimeout: this.connectTimeout,
        maxRetriesPerRequest: 1,
        autoResendUnfulfilledCommands: false,
        // Reconnect for as long as the store lives, backing off to one try per retryInterval.
        retryStrategy: (attempt: number) => Math.min(50 * 2 ** attempt, this.retryInterval),
      });
      // Without a listener ioredis prints every connection error; the store reports outages itself.
      this.owned.on('error', (error: Error) => {
        this.connectionError = error;
      });
      this.owned.on('ready', () => {
        this.connectionError = undefined;
      });
    }
  }

  /** The key of a token's bucket: the prefix and a SHA-256 of the token. The token itself is not kept. */
  bucketFor(token: string): string {
    return bucketKey(this.prefix, token);
  }

  take(now: number, requestsPerSecond: number, burst: number, bucket?: string): Promise<number> | number {
    const key = bucket ?? anonymousBucketKey(this.prefix);
    if (this.unavailable && Date.now() < this.retryAt) return this.withoutRedis(key, now, requestsPerSecond, burst);
    // One probe at a time while Redis is away; the other requests go on without it meanwhile.
    // Stryker disable next-line ConditionalExpression: `true` is equivalent (retryAt is read only while unavailable, and failed() sets it on every failure); `false` is caught by test/outage.test.ts ("sends one probe at a time")
    if (this.unavailable) this.retryAt = Date.now() + this.retryInterval;
    const capacity = Math.max(1, burst - Math.ceil((requestsPerSecond * this.headroomMs) / 1000));
    this.lastRate = requestsPerSecond;
    this.lastCapacity = capacity;
    // After an outage the processes ran near the API's rate on their own, so the API's bucket is
    // about empty: a bucket Redis lost (restarted empty) starts empty too, not with a burst.
    const fresh = this.unavailable || Date.now() - this.recoveredAt < this.retryInterval + (capacity * 1000) / requestsPerSecond ? 0 : capacity;
    return this.run(key, ['take', String(requestsPerSecond), String(capacity), String(fresh)]).then(
      (wait) => wait,
      (error: unknown) => {
        this.failed(error);
        return this.withoutRedis(key, now, requestsPerSecond, burst);
      },
    );
  }

  pauseUntil(until: number, bucket?: string): Promise<void> | void {
    const key = bucket ?? anonymousBucketKey(this.prefix);
    // Locally too: should Redis go away during the pause, the local bucket still honours it.
    this.localBucket(key).pauseUntil(until);
    const ms = Math.ceil(until - Date.now());
    if (ms <= 0 || (this.unavailable && Date.now() < this.retryAt)) return;
    // The pause does not know the rate; the last take's tells how long the key must live.
    return this.run(key, ['pause', String(this.lastRate), String(this.lastCapacity), String(ms)]).then(
      () => undefined,
      (error: unknown) => this.failed(error),
    );
  }

  /** Closes the Redis client the store opened from `url` (a client passed in stays open). */
  async close(): Promise<void> {
    const owned = this.owned;
    if (this.closed || owned === undefined) return;
    // Stryker disable next-line BooleanLiteral: a second quit() on the ended connection rejects at once and is caught
    this.closed = true;
    await withTimeout(owned.quit(), this.commandTimeout).catch(() => owned.disconnect());
  }

  /** Runs the bucket script, bounded by `commandTimeout`; notes that Redis is back when it answers. */
  private async run(key: string, args: string[]): Promise<number> {
    const wait = await withTimeout(this.evaluate(key, args), this.connected ? this.commandTimeout : Math.max(this.commandTimeout, this.connectTimeout));
    this.connected = true;
    if (typeof wait !== 'number' || !(wait >= 0)) throw new Error(`the bucket script answered ${JSON.stringify(wait)}`);
    if (this.unavailable) {
      this.unavailable = false;
      this.recoveredAt = Date.now();
      this.notify('shared');
    }
    return wait;
  }

  /** EVALSHA, and EVAL when this Redis does not know the script (first use, restart, failover). */
  private async evaluate(key: string, args: string[]): Promise<unknown> {
    try {
      return await this.client.evalsha(BUCKET_SCRIPT_SHA, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.client.eval(BUCKET_SCRIPT, 1, key, ...args);
    }
  }

  private failed(error: unknown): void {
    this.retryAt = Date.now() + this.retryInterval;
    this.lastError = this.connectionError ?? (error instanceof Error ? error : new Error(String(error)));
    if (this.unavailable) return;
    this.unavailable = true;
    this.notify('unavailable', this.lastError);
  }

  private withoutRedis(key: string, now: number, requestsPerSecond: number, burst: number): number {
    if (this.whenUnavailable === 'fail') {
      throw new RedisUnavailableError(
        `Redis is unavailable to the shared rate limiter (${(this.lastError as Error).message}); whenUnavailable is 'fail', so the request was not sent. Next try in at most ${this.retryInterval} ms.`,
        { cause: this.lastError },
      );
    }
    const share = this.localShare;
    return this.localBucket(key).take(now, requestsPerSecond * share, Math.max(1, Math.floor(burst * share)));
  }

  private localBucket(key: string): MemoryRateLimitStore {
    let bucket = this.local.get(key);
    if (bucket === undefined) this.local.set(key, (bucket = new MemoryRateLimitStore()));
    return bucket;
  }

  private notify(state: 'shared' | 'unavailable', error?: Error): void {
    try {
      // Stryker disable next-line OptionalChaining: without a callback the TypeError is caught just below, as the callback's own errors are
      this.onStateChange?.(state, error);
    } catch {
      // A logging callback must not break rate limiting.
    }
  }
}

/** ioredis's client class: ioredis 5.0 hands it over only as the module itself, 6 also as `Redis`. */
const RedisClass = ((ioredis as unknown as { default?: typeof Redis }).default ?? ioredis.Redis) as typeof Redis;

function checkNumber(name: string, value: unknown, valid: (n: number) => boolean, rule: string): number {
  if (typeof value !== 'number' || !valid(value)) throw new TypeError(`${name} must be ${rule}; got ${String(value)}`);
  return value;
}

/**
 * Settles with `promise`, or rejects once `ms` have passed. A reply that reached the socket while
 * the event loop was busy still wins: the timer defers its verdict past the next I/O poll.
 */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      setImmediate(() => {
        // Stryker disable next-line ConditionalExpression: a promise settles once; a later reject is ignored
        if (settled) return;
        // Stryker disable next-line BooleanLiteral: a promise settles once; a later resolve or reject is ignored
        settled = true;
        reject(new Error(`Redis did not answer within ${ms} ms`));
      });
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        // Stryker disable next-line ConditionalExpression: a promise settles once; a resolve after the timeout's reject is ignored
        if (settled) return;
        // Stryker disable next-line BooleanLiteral: a promise settles once; the timer's later reject is ignored
        settled = true;
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // Stryker disable next-line ConditionalExpression: a promise settles once; a reject after the timeout's is ignored
        if (settled) return;
        // Stryker disable next-line BooleanLiteral: a promise settles once; the timer's later reject is ignored
        settled = true;
        reject(error);
      },
    );
  });
}
