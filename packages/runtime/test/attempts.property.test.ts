import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  createClient,
} from '../src/index.js';
import { SENTINEL, expectNoSecret } from './helpers/leaks.js';

/**
 * The one place a fake `fetch` stands in for a server: a property over thousands of fault
 * sequences, with backoff sleeps made instant by fake timers. The fault matrix itself runs against
 * a real server (fault-matrix.test.ts).
 */

type Outcome =
  | { kind: 'status'; status: number; retryAfter?: { header: 'retry-after' | 'retry-after-ms'; value: number } }
  /** The connection fails: fetch rejects. */
  | { kind: 'fail' }
  /** No answer: fetch waits until its signal aborts. */
  | { kind: 'hang' }
  /** Headers arrive, then the body breaks off. */
  | { kind: 'cut'; status: number };

// The test's own oracle, written out rather than imported, so the property checks the runtime against it.
const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504]);
const STATUSES = [200, 201, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504];
const TIMEOUT = 1000;

const outcome: fc.Arbitrary<Outcome> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('status' as const),
      status: fc.constantFrom(...STATUSES),
      retryAfter: fc.oneof(
        fc.record({ header: fc.constant('retry-after' as const), value: fc.integer({ min: 0, max: 90 }) }),
        fc.record({ header: fc.constant('retry-after-ms' as const), value: fc.integer({ min: 0, max: 70_000 }) }),
      ),
    },
    { requiredKeys: ['kind', 'status'] },
  ),
  fc.constant({ kind: 'fail' as const }),
  fc.constant({ kind: 'hang' as const }),
  fc.record({ kind: fc.constant('cut' as const), status: fc.constantFrom(...STATUSES) }),
);

const DEFAULT_OUTCOME: Outcome = { kind: 'status', status: 503 };

function waitAsked(o: Outcome): number | undefined {
  if (o.kind !== 'status' || !o.retryAfter) return undefined;
  return o.retryAfter.header === 'retry-after' ? o.retryAfter.value * 1000 : o.retryAfter.value;
}

function isRetryable(o: Outcome): boolean {
  if (o.kind === 'fail' || o.kind === 'hang') return true;
  if (o.kind === 'cut') return o.status < 300 || RETRYABLE.has(o.status);
  const wait = waitAsked(o);
  return RETRYABLE.has(o.status) && (wait === undefined || wait <= 60_000);
}

function fakeFetch(outcomes: readonly Outcome[], calls: Array<{ at: number; headers: Record<string, string> }>) {
  return (async (_url: string | URL | Request, init?: RequestInit) => {
    const o = outcomes[calls.length] ?? DEFAULT_OUTCOME;
    calls.push({ at: Date.now(), headers: { ...(init?.headers as Record<string, string>) } });
    const signal = init?.signal ?? undefined;
    if (o.kind === 'fail') throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    if (o.kind === 'hang') {
      return new Promise<Response>((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    const ok = o.status < 300;
    const text = JSON.stringify(ok ? { attempt: calls.length } : { code: o.status, message: `status ${o.status}` });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': `req-${calls.length}` };
    if (o.kind === 'status' && o.retryAfter) headers[o.retryAfter.header] = String(o.retryAfter.value);
    if (o.kind === 'cut') {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text.slice(0, 5)));
          controller.error(new TypeError('terminated'));
        },
      });
      return new Response(body, { status: o.status, headers });
    }
    return new Response(text, { status: o.status, headers });
  }) as typeof fetch;
}

type ErrorClass = new (...args: never[]) => APIError;

function expectedClass(status: number): ErrorClass {
  const byStatus: Record<number, ErrorClass> = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
  };
  return byStatus[status] ?? (status >= 500 ? InternalServerError : APIError);
}

describe('attempts (property, fake fetch, fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never exceed maxRetries + 1, stop at the first answer not worth retrying, sleep as told, and leave no timer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5 }),
        fc.array(outcome, { maxLength: 8 }),
        fc.boolean(),
        async (maxRetries, outcomes, limited) => {
          vi.clearAllTimers();
          const calls: Array<{ at: number; headers: Record<string, string> }> = [];
          const client = createClient({
            baseUrl: 'https://api.example.test/v1',
            apiKey: SENTINEL,
            fetch: fakeFetch(outcomes, calls),
            maxRetries,
            timeout: TIMEOUT,
            ...(limited ? {} : { rateLimit: false as const }),
          });
          let result: { ok: true; data: unknown } | { ok: false; error: unknown } | undefined;
          void client
            .post({ url: '/things', body: { name: 'x' }, security: [{ type: 'http', scheme: 'bearer' }] })
            .then(
              (data) => (result = { ok: true, data }),
              (error: unknown) => (result = { ok: false, error }),
            );
          for (let round = 0; round < 20 && result === undefined; round++) await vi.runAllTimersAsync();
          expect(result, 'the call settled').toBeDefined();

          // The model: attempts go on while the outcome is retryable and retries are left.
          let expectedAttempts = 1;
          while (expectedAttempts <= maxRetries && isRetryable(outcomes[expectedAttempts - 1] ?? DEFAULT_OUTCOME)) {
            expectedAttempts++;
          }
          expect(calls.length).toBe(expectedAttempts);
          expect(calls.length).toBeLessThanOrEqual(maxRetries + 1);

          // The gap before each retry: the attempt's own time (a timeout) plus the wait asked, else the backoff.
          for (let i = 1; i < calls.length; i++) {
            const previous = outcomes[i - 1] ?? DEFAULT_OUTCOME;
            const spent = previous.kind === 'hang' ? TIMEOUT : 0;
            const gap = calls[i]!.at - calls[i - 1]!.at - spent;
            const asked = waitAsked(previous);
            if (asked !== undefined) expect(gap).toBe(asked);
            else {
              const base = Math.min(500 * 2 ** (i - 1), 8000);
              expect(gap).toBeGreaterThanOrEqual(Math.floor(base * 0.75));
              expect(gap).toBeLessThanOrEqual(base);
            }
          }

          // One key for the whole logical call, and the token on every attempt.
          const keys = new Set(calls.map((call) => call.headers['idempotency-key']));
          expect(keys.size).toBe(1);
          expect([...keys][0]).toMatch(/^coze-/);
          for (const call of calls) expect(call.headers.authorization).toBe(`Bearer ${SENTINEL}`);

          const last = outcomes[calls.length - 1] ?? DEFAULT_OUTCOME;
          const settled = result!;
          if (settled.ok) {
            expect(last.kind === 'status' && last.status < 300).toBe(true);
            expect(settled.data).toEqual({ attempt: calls.length });
          } else {
            const { error } = settled;
            expectNoSecret(error);
            if (last.kind === 'hang') expect(error).toBeInstanceOf(APITimeoutError);
            else if (last.kind === 'fail' || (last.kind === 'cut' && last.status < 300)) {
              expect(error).toBeInstanceOf(APIConnectionError);
              expect(error).not.toBeInstanceOf(APITimeoutError);
            } else {
              expect(error).toBeInstanceOf(expectedClass(last.status));
              expect((error as APIError).status).toBe(last.status);
            }
          }
          expect(vi.getTimerCount(), 'timers left behind').toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
