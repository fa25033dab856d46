import { describe, expect, it } from 'vitest';
import { CozeError, MAX_TIMEOUT_MS, RequestValidationError, createClient, type EventStream } from '../src/index.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';
import { json } from './helpers/server.js';

// timeout, idleTimeout, maxRetries and maxResponseBytes at the edges of what they accept, with the exact sentence a
// refusal gives (caller-input.test.ts has the finding's cases). Accepted values make a client; refused ones name the
// option, the rule and the value.
const fx = useIntegration();

const MS_RULE = `must be a number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS} (the longest a timer waits; there is no unlimited timeout)`;
const RULES = {
  timeout: MS_RULE,
  idleTimeout: MS_RULE,
  maxRetries: 'must be a whole number ≥ 0',
  maxResponseBytes: 'must be a whole number of bytes above 0',
} as const;

function clientError(options: Record<string, unknown>): Error | undefined {
  try {
    createClient({ apiKey: 'sk-test', ...options });
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('limits a client accepts', () => {
  it.each([
    ['timeout', 1],
    ['timeout', 0.5],
    ['timeout', MAX_TIMEOUT_MS],
    ['idleTimeout', 1],
    ['idleTimeout', MAX_TIMEOUT_MS],
    ['maxRetries', 0],
    ['maxRetries', Number.MAX_SAFE_INTEGER],
    ['maxResponseBytes', 1],
    ['maxResponseBytes', Number.MAX_SAFE_INTEGER],
    ['timeout', undefined],
  ])('%s: %s', (name, value) => {
    expect(clientError({ [name]: value })).toBeUndefined();
  });
});

describe('limits a client refuses, with the sentence that says why', () => {
  it.each([
    ['timeout', 0],
    ['timeout', -1],
    ['timeout', MAX_TIMEOUT_MS + 1],
    ['idleTimeout', 0],
    ['idleTimeout', MAX_TIMEOUT_MS + 1],
    ['idleTimeout', Number.NaN],
    ['maxRetries', -1],
    ['maxRetries', 0.5],
    ['maxRetries', Number.MAX_SAFE_INTEGER + 1],
    ['maxResponseBytes', 0],
    ['maxResponseBytes', -1],
    ['maxResponseBytes', 1.5],
    ['maxResponseBytes', Infinity],
  ] as const)('%s: %s', (name, value) => {
    const error = clientError({ [name]: value });
    expect(error).toBeInstanceOf(CozeError);
    expect(error).not.toBeInstanceOf(RequestValidationError);
    expect(error!.message).toBe(`${name} ${RULES[name]}; got ${String(value)}.`);
  });

  it.each(['timeout', 'idleTimeout', 'maxRetries', 'maxResponseBytes'])('%s as text: "must be a number"', (name) => {
    expect(clientError({ [name]: '10' })?.message).toBe(`${name} must be a number; got "10".`);
  });

  it('names every bad limit at once, in one message', () => {
    expect(clientError({ maxRetries: -1, timeout: 0, maxResponseBytes: 0 })?.message).toBe(
      `timeout ${MS_RULE}; got 0. maxRetries ${RULES.maxRetries}; got -1. maxResponseBytes ${RULES.maxResponseBytes}; got 0.`,
    );
  });
});

describe('a call’s limits', () => {
  it('refuses bad ones as a RequestValidationError with one issue each (field, rule option, sentence); nothing sent', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const client = clientFor(server, { hooks: fx.hooks });
    const error = (await rejectionOf(postThing(client, { timeout: 0, maxRetries: 1.5, maxResponseBytes: 'x' as never }))) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.issues).toEqual([
      { field: 'timeout', rule: 'option', message: `timeout ${MS_RULE}; got 0.` },
      { field: 'maxRetries', rule: 'option', message: `maxRetries ${RULES.maxRetries}; got 1.5.` },
      { field: 'maxResponseBytes', rule: 'option', message: 'maxResponseBytes must be a number; got "x".' },
    ]);
    expect(server.arrivals).toHaveLength(0);
  });

  it.each([0, -1, 1.5, Infinity])('refuses a stream’s maxEventSize of %s before anything is sent', async (maxEventSize) => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const client = clientFor(server, { hooks: fx.hooks });
    const error = (await rejectionOf(client.post({ url: '/chat', body: {}, security: BEARER, sse: { maxEventSize } }))) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.issues).toEqual([
      { field: 'maxEventSize', rule: 'option', message: `maxEventSize must be a whole number of characters above 0; got ${maxEventSize}.` },
    ]);
    expect(server.arrivals).toHaveLength(0);
  });

  it('accepts a stream’s smallest maxEventSize, 1', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: 1\n\nevent: done\ndata: 2\n\n');
    });
    const client = clientFor(server, { hooks: fx.hooks });
    const stream = (await client.post({ url: '/chat', body: {}, security: BEARER, sse: { maxEventSize: 1 } })) as EventStream;
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events).toEqual([{ event: 'message', data: 1 }]);
  });

  it('accepts the edges: maxRetries 0, maxResponseBytes large enough, the longest timeout', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const client = clientFor(server, { hooks: fx.hooks });
    expect(await postThing(client, { maxRetries: 0, maxResponseBytes: 100, timeout: MAX_TIMEOUT_MS })).toEqual({ ok: true });
    expect(server.arrivals).toHaveLength(1);
  });
});

describe('rateLimit options a client refuses', () => {
  it.each([
    [{ requestPerSecond: 5 }, 'Unknown option for rateLimit: `requestPerSecond` (did you mean `requestsPerSecond`?). The options are: requestsPerSecond, burst, store.'],
    [{ burst: 2, perMinute: 600 }, 'Unknown option for rateLimit: `perMinute`. The options are: requestsPerSecond, burst, store.'],
    [5, 'rateLimit must be false or an object of options (requestsPerSecond, burst, store), not 5.'],
    [true, 'rateLimit must be false or an object of options (requestsPerSecond, burst, store), not true.'],
    [null, 'rateLimit must be false or an object of options (requestsPerSecond, burst, store), not null.'],
    [{ store: {} }, 'rateLimit.store must be a rate-limit store: an object with take() and pauseUntil(), such as a RedisRateLimitStore.'],
    [{ store: { take: () => 0 } }, 'rateLimit.store must be a rate-limit store: an object with take() and pauseUntil(), such as a RedisRateLimitStore.'],
    [{ store: { pauseUntil: () => {} } }, 'rateLimit.store must be a rate-limit store: an object with take() and pauseUntil(), such as a RedisRateLimitStore.'],
  ])('%j', (rateLimit, message) => {
    const error = clientError({ rateLimit });
    expect(error).toBeInstanceOf(CozeError);
    expect(error?.message).toBe(message);
  });

  it('accepts false, its three options, a store with take() and pauseUntil(), and a store left unset', () => {
    const store = { take: () => 0, pauseUntil: () => {} };
    for (const rateLimit of [false, undefined, {}, { requestsPerSecond: 5, burst: 2, store }, { store: undefined }, { store: null }]) {
      expect(clientError({ rateLimit }), JSON.stringify(rateLimit)).toBeUndefined();
    }
  });

  it('a store given is the one the client takes its tokens from', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    let taken = 0;
    const store = { take: () => (taken++, 0), pauseUntil: () => {} };
    const client = clientFor(server, { hooks: fx.hooks, rateLimit: { store } });
    expect(await postThing(client)).toEqual({ ok: true });
    expect(taken).toBe(1);
  });
});
