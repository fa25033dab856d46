import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BUCKET_SCRIPT, BUCKET_SCRIPT_SHA, RedisRateLimitStore, RedisUnavailableError, type RedisRateLimitStoreOptions, type RedisScriptClient } from '../src/index.js';

// Options are checked when the store is made, before any connection: a client the app passes in (here one that is
// never called) keeps Redis out of it.
const client: RedisScriptClient = {
  evalsha: () => Promise.reject(new Error('not called')),
  eval: () => Promise.reject(new Error('not called')),
};
const make = (options: Partial<RedisRateLimitStoreOptions>) => new RedisRateLimitStore({ client, ...options });
const thrown = (options: unknown): Error => {
  try {
    new RedisRateLimitStore(options as RedisRateLimitStoreOptions);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the options to be refused');
};

describe('RedisRateLimitStore options', () => {
  it('has the documented defaults', () => {
    const store = make({});
    expect({ ...store, client: undefined, local: undefined }).toMatchObject({
      prefix: 'coze:rate-limit:',
      headroomMs: 500,
      commandTimeout: 500,
      connectTimeout: 3000,
      retryInterval: 1000,
      localShare: 1,
      whenUnavailable: 'local',
    });
    expect(store.bucketFor('sk-x')).toBe(`coze:rate-limit:{${createHash('sha256').update('sk-x').digest('hex')}}`);
  });

  it.each([
    ['headroomMs', 0],
    ['headroomMs', 2 ** 31 - 1],
    ['commandTimeout', 1],
    ['commandTimeout', 2 ** 31 - 1],
    ['connectTimeout', 1],
    ['connectTimeout', 2 ** 31 - 1],
    ['retryInterval', 1],
    ['retryInterval', 2 ** 31 - 1],
    ['localShare', 1],
    ['localShare', 0.001],
  ] as const)('accepts %s: %s (the edge of its range)', (name, value) => {
    expect(make({ [name]: value })[name]).toBe(value);
  });

  it.each([
    ['headroomMs', 2 ** 31, 'a number of ms ≥ 0'],
    ['headroomMs', '5', 'a number of ms ≥ 0'],
    ['commandTimeout', 0, 'a number of ms above 0'],
    ['commandTimeout', 2 ** 31, 'a number of ms above 0'],
    ['connectTimeout', 0, 'a number of ms above 0'],
    ['connectTimeout', 2 ** 31, 'a number of ms above 0'],
    ['retryInterval', 0, 'a number of ms above 0'],
    ['retryInterval', -1, 'a number of ms above 0'],
    ['retryInterval', 2 ** 31, 'a number of ms above 0'],
    ['localShare', 0, 'a number in (0, 1]'],
    ['localShare', 1.0001, 'a number in (0, 1]'],
  ])('refuses %s: %s, naming the option and its rule', (name, value, rule) => {
    const error = thrown({ client, [name]: value });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(`${name} must be ${rule}; got ${String(value)}`);
  });

  it.each([
    [{ client, commandTimeOut: 200 }, 'Unknown option for new RedisRateLimitStore(): `commandTimeOut` (did you mean `commandTimeout`?).'],
    [{ url: 'redis://127.0.0.1:6379', host: 'x' }, 'Unknown option for new RedisRateLimitStore(): `host`.'],
  ])('refuses an option it does not have, naming the closest it has: %j', (options, start) => {
    const error = thrown(options);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      `${start} The options are: url, client, prefix, headroomMs, commandTimeout, connectTimeout, retryInterval, whenUnavailable, localShare, onStateChange`,
    );
  });

  it.each([null, 42, {}])('refuses a client that is %j', (value) => {
    const error = thrown({ client: value });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('client must be an ioredis Redis or Cluster');
  });

  it.each([null, 'redis://127.0.0.1:6379', 42])('refuses %j as its options', (options) => {
    const error = thrown(options);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('RedisRateLimitStore needs options: { url } or { client }');
  });

  it.each([
    ['a number', 5],
    ['an object', { toString: () => 'coze:' }],
  ])('refuses a prefix that is %s', (_, prefix) => {
    const error = thrown({ client, prefix });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('prefix must be a string');
  });

  it.each([
    ['a scheme elsewhere in it', 'http://127.0.0.1/redis://'],
    ['an object that prints as a Redis URL', { toString: () => 'redis://127.0.0.1:1' }],
    ['a number', 6379],
  ])('refuses a url with %s', (_, url) => {
    const error = thrown({ url });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('url must be a redis:// or rediss:// URL');
  });
});

it('publishes the bucket script with its SHA-1, the name EVALSHA calls it by', () => {
  expect(BUCKET_SCRIPT_SHA).toBe(createHash('sha1').update(BUCKET_SCRIPT).digest('hex'));
  expect(BUCKET_SCRIPT_SHA).toMatch(/^[0-9a-f]{40}$/);
});

it('RedisUnavailableError names itself', () => {
  const error = new RedisUnavailableError('Redis is away', { cause: new Error('ECONNREFUSED') });
  expect(error.name).toBe('RedisUnavailableError');
  expect(String(error)).toBe('RedisUnavailableError: Redis is away');
});
