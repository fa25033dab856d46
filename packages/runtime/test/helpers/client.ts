import { expect } from 'vitest';
import { createClient, type Config, type RequestConfig } from '../../src/index.js';
import { SENTINEL } from './leaks.js';
import type { TestServer } from './server.js';

export const BEARER = [{ type: 'http', scheme: 'bearer' }] as const;

/** A client on the test server: the sentinel token, no rate limit, short timeouts, hooks recorded. */
export function clientFor(server: Pick<TestServer, 'url'>, config: Config = {}) {
  return createClient({ baseUrl: server.url, apiKey: SENTINEL, rateLimit: false, timeout: 3000, maxRetries: 1, ...config });
}

/**
 * A `fetch` that answers `answer` (JSON) without a network and records the URL and Authorization header of every
 * request it was given: for rules decided before anything is sent, on hosts no test server can be.
 */
export function recordingFetch(answer = '{}') {
  const calls: string[] = [];
  const authorizations: Array<string | null> = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push(String(input));
    authorizations.push(new Headers(init?.headers).get('authorization'));
    return new Response(answer, { headers: { 'content-type': 'application/json' } });
  };
  return { calls, authorizations, fetch };
}

/** A POST of a small JSON body with bearer auth, as a generated `create` method sends it. */
export function postThing(client: ReturnType<typeof createClient>, options: Partial<RequestConfig> = {}) {
  return client.post({ url: '/things', body: { name: 'thing' }, security: BEARER, ...options });
}

/** The generous upper slack for a delay on a busy machine. */
export const SLACK_MS = 1500;

/** Asserts a delay lies in [90% of `low`, `high` + slack). */
export function expectDelay(actual: number, low: number, high: number, what = 'delay'): void {
  expect(actual, `${what}: ${actual.toFixed(0)} ms, expected ≥ ${0.9 * low}`).toBeGreaterThanOrEqual(0.9 * low);
  expect(actual, `${what}: ${actual.toFixed(0)} ms, expected < ${high + SLACK_MS}`).toBeLessThan(high + SLACK_MS);
}

/** The backoff before retry `n` (0 = first retry): 0.5 s × 2^n minus up to 25%. */
export function expectBackoff(actual: number, n: number): void {
  const base = Math.min(500 * 2 ** n, 8000);
  expectDelay(actual, base * 0.75, base, `backoff before retry ${n + 1}`);
}
