/**
 * Where a token bucket's state lives. The in-memory store serves one process; a shared store
 * (Redis, a database) implements the same two calls atomically to share one quota between
 * processes, and nothing else in the runtime changes.
 */
export interface RateLimitStore {
  /**
   * Takes one token if the bucket has one at `now` (ms) and returns 0; otherwise takes nothing
   * and returns how many milliseconds until one is available (or the pause ends).
   */
  take(now: number, requestsPerSecond: number, burst: number): number | Promise<number>;
  /** Holds every token back until `until` (ms), as a server's Retry-After asks. */
  pauseUntil(until: number): void | Promise<void>;
}

/** A token bucket in this process's memory: full at start, refilled continuously. */
export class MemoryRateLimitStore implements RateLimitStore {
  private tokens = Number.NaN;
  private updatedAt = 0;
  private pausedUntil = 0;

  take(now: number, requestsPerSecond: number, burst: number): number {
    if (Number.isNaN(this.tokens)) {
      this.tokens = burst;
      this.updatedAt = now;
    }
    if (now < this.pausedUntil) return this.pausedUntil - now;
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(burst, this.tokens + (elapsed * requestsPerSecond) / 1000);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / requestsPerSecond);
  }

  pauseUntil(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }
}
