/**
 * Where a token bucket's state lives. The in-memory store serves one client; a shared store
 * (Redis, a database) implements the same calls atomically to share one quota between
 * processes, and nothing else in the runtime changes.
 *
 * A shared store keeps one bucket per API token, because the platform limits each token: it
 * implements `bucketFor`, and the limiter passes what that returned to `take` and `pauseUntil`.
 *
 * @example
 * // A store that shares nothing, but counts calls per bucket.
 * const calls = new Map<string, number>();
 * const store: RateLimitStore = {
 *   bucketFor: (token) => createHash('sha256').update(token).digest('hex'),
 *   take: (now, rate, burst, bucket) => (calls.set(bucket!, (calls.get(bucket!) ?? 0) + 1), 0),
 *   pauseUntil: () => undefined,
 * };
 */
export interface RateLimitStore {
  /**
   * Names the bucket of one API token. Called with the token itself, once per token a client
   * sends (again only when an `apiKey` function rotates to another). It must be one-way — a
   * hash — and must not keep, log or send the token: what it returns may be stored and shown.
   * Stores without it get `undefined` as `bucket`.
   */
  bucketFor?(token: string): string;
  /**
   * Takes one token if the bucket has one at `now` (ms) and returns 0; otherwise takes nothing
   * and returns how many milliseconds until one is available (or the pause ends). A store shared
   * between machines may read its own clock instead of `now`.
   */
  take(now: number, requestsPerSecond: number, burst: number, bucket?: string): number | Promise<number>;
  /**
   * Holds every token back until `until` (ms since the epoch, by this machine's clock), as a
   * server's Retry-After asks. It must not reject: the limiter does not wait for it.
   */
  pauseUntil(until: number, bucket?: string): void | Promise<void>;
}

/** How a MemoryRateLimitStore counts. */
export interface MemoryRateLimitStoreOptions {
  /**
   * How long after a burst from a full bucket its refill starts, in ms. The server's bucket starts
   * refilling when the burst's first request reaches it, which over new connections is tens of ms
   * after the client let it go, while later requests on the open connections arrive within a ms
   * or two: counted from the moment it let the burst go, the client's bucket runs ahead of the
   * server's, and the first request after the burst is refused (429). Clients made by
   * `createClient` use 100 ms, once per burst (0.3% of 300 calls at 10/s). @default 0
   */
  refillAllowanceMs?: number;
}

/** A token bucket in this process's memory: full at start, refilled continuously. */
export class MemoryRateLimitStore implements RateLimitStore {
  private tokens = Number.NaN;
  private updatedAt = 0;
  private pausedUntil = 0;
  private readonly refillAllowanceMs: number;
  /** What is left of the allowance: elapsed time that refills nothing. */
  private unrefilledMs = 0;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.refillAllowanceMs = options.refillAllowanceMs ?? 0;
    if (!(this.refillAllowanceMs >= 0 && this.refillAllowanceMs < Infinity)) {
      throw new RangeError('refillAllowanceMs must be a finite number of at least 0');
    }
  }

  take(now: number, requestsPerSecond: number, burst: number): number {
    if (Number.isNaN(this.tokens)) {
      this.tokens = burst;
      this.updatedAt = now;
    }
    if (now < this.pausedUntil) return this.pausedUntil - now;
    let elapsed = Math.max(0, now - this.updatedAt);
    // Time, not a timestamp: a clock set back cannot make the allowance last longer.
    const unrefilled = Math.min(elapsed, this.unrefilledMs);
    this.unrefilledMs -= unrefilled;
    elapsed -= unrefilled;
    this.tokens = Math.min(burst, this.tokens + (elapsed * requestsPerSecond) / 1000);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      if (this.tokens >= burst) this.unrefilledMs = this.refillAllowanceMs;
      this.tokens -= 1;
      return 0;
    }
    return this.unrefilledMs + Math.ceil(((1 - this.tokens) * 1000) / requestsPerSecond);
  }

  pauseUntil(until: number): void {
    // Stryker disable next-line EqualityOperator: at equality both keep the same pausedUntil
    if (until > this.pausedUntil) this.pausedUntil = until;
  }
}
