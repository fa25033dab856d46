import { APIUserAbortError, CozeError } from '../errors/index.js';
import { rejectUnknownOptions } from '../unknown-options.js';
import { MemoryRateLimitStore, type RateLimitStore } from './store.js';

export interface RateLimitOptions {
  /** Sustained rate. @default 10 */
  requestsPerSecond?: number;
  /**
   * Requests allowed at once after a quiet spell (the bucket's capacity). @default 10
   *
   * Each 429 the server answers lowers it by one (to at least 1), since the server's bucket ran
   * dry before ours; it comes back by one for every 30 s without a 429, up to this value.
   */
  burst?: number;
  /** Where the bucket lives. @default an in-memory bucket of this client */
  store?: RateLimitStore;
}

const OPTION_NAMES = ['requestsPerSecond', 'burst', 'store'];

/**
 * A misspelt option (`requestPerSecond`) would leave the default rate in force without a word, and a store
 * that cannot take a token would fail only at the first call: both are refused when the client is made.
 */
function checkRateLimitOptions(options: RateLimitOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new CozeError(`rateLimit must be false or an object of options (${OPTION_NAMES.join(', ')}), not ${String(options)}.`);
  }
  rejectUnknownOptions(options, OPTION_NAMES, 'rateLimit');
  const { store } = options;
  if (store !== undefined && store !== null && (typeof store.take !== 'function' || typeof store.pauseUntil !== 'function')) {
    throw new CozeError('rateLimit.store must be a rate-limit store: an object with take() and pauseUntil(), such as a RedisRateLimitStore.');
  }
}

/** The quiet time (no 429) after which a lowered burst regains one token. */
export const BURST_RECOVERY_MS = 30_000;

interface Waiter {
  bucket: string | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  /** The call's own wake-up (see `keepAwake`), made in the caller's own context. */
  own: ReturnType<typeof setTimeout> | undefined;
}

/** How long after its estimated turn a waiting call wakes the line itself, should the line's timer be gone. */
const OWN_WAKE_SLACK_MS = 1_000;

/**
 * Admits requests through a token bucket, first in, first out. A call that finds a token and an
 * empty queue goes straight through; the others wait in line, and a waiter whose signal fires
 * leaves the line at once.
 *
 * One timer wakes the line when its first call's token is due. Each waiting call also keeps a
 * timer of its own, a second after its estimated turn: a Cloudflare Worker's timers belong to the
 * request that made them and go when it ends, and a request waiting on another request's timer is
 * cancelled as hung. So a client shared by a Worker's requests never waits on a timer that is gone.
 */
export class RateLimiter {
  readonly requestsPerSecond: number;
  /** The configured burst: the most the bucket holds, and what a lowered burst recovers to. */
  private readonly maxBurst: number;
  /** The burst as the last 429 left it, and when that was. */
  private lowered: number;
  private loweredAt = 0;
  private readonly store: RateLimitStore;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pumping = false;
  private lastToken: string | undefined;
  private lastBucket: string | undefined;

  constructor(options: RateLimitOptions = {}, private readonly now: () => number = Date.now) {
    checkRateLimitOptions(options);
    this.requestsPerSecond = options.requestsPerSecond ?? 10;
    this.maxBurst = this.lowered = options.burst ?? 10;
    if (!(this.requestsPerSecond > 0)) throw new RangeError('rateLimit.requestsPerSecond must be a number above 0');
    if (!(this.maxBurst >= 1)) throw new RangeError('rateLimit.burst must be a number of at least 1');
    this.store = options.store ?? new MemoryRateLimitStore();
  }

  /**
   * The bucket's capacity now: `burst`, less one for each 429 the server answered (at least 1),
   * plus one back for every BURST_RECOVERY_MS since the last 429.
   */
  get burst(): number {
    // Stryker disable next-line ConditionalExpression: `false` is equivalent (unlowered, the sum below is maxBurst too); `true` is caught by the burst-recovery tests
    if (this.lowered === this.maxBurst) return this.maxBurst;
    const regained = Math.floor((this.now() - this.loweredAt) / BURST_RECOVERY_MS);
    return Math.min(this.maxBurst, this.lowered + Math.max(0, regained));
  }

  /**
   * Resolves when the request may go. Returns undefined (no promise) on the fast path. `token` is
   * the API token the request will carry: a shared store keeps a bucket per token.
   */
  acquire(signal?: AbortSignal, token?: string): Promise<void> | undefined {
    if (signal?.aborted) return Promise.reject(new APIUserAbortError(undefined, { cause: signal.reason }));
    const bucket = this.bucketOf(token);
    if (this.queue.length === 0 && !this.pumping) {
      const wait = this.store.take(this.now(), this.requestsPerSecond, this.burst, bucket);
      if (wait === 0) return undefined;
      if (typeof wait === 'number') return this.enqueue(signal, bucket, wait);
      return wait.then((later) => (later === 0 ? undefined : this.enqueue(signal, bucket, later)));
    }
    return this.enqueue(signal, bucket, undefined);
  }

  /** Holds every waiting and future request (of `token`'s bucket) back until `until` (ms since the epoch). */
  pauseUntil(until: number, token?: string): void {
    void this.store.pauseUntil(until, this.bucketOf(token));
  }

  /**
   * The server refused a request (429) that this bucket admitted: its bucket ran dry before ours,
   * typically because the first burst reached it late over new connections. Keeping one token of
   * headroom more stops the same race from repeating after every pause; it is given back over
   * quiet periods (see `burst`).
   */
  rateLimited(until: number | undefined, token?: string): void {
    this.lowered = Math.max(1, this.burst - 1);
    this.loweredAt = this.now();
    if (until !== undefined) this.pauseUntil(until, token);
  }

  /** The store's name for a token's bucket, asked once per token (the in-memory store needs none). */
  private bucketOf(token: string | undefined): string | undefined {
    if (token === undefined || this.store.bucketFor === undefined) return undefined;
    if (token !== this.lastToken) {
      this.lastBucket = this.store.bucketFor(token);
      this.lastToken = token;
    }
    return this.lastBucket;
  }

  private enqueue(signal: AbortSignal | undefined, bucket: string | undefined, firstWait: number | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { bucket, resolve, reject, signal, onAbort: undefined, own: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          // Stryker disable next-line ConditionalExpression: `true` is equivalent (a waiter's listener is removed when it is admitted, so an aborting waiter is always in the line); `false` is caught by the abort tests
          if (index >= 0) this.queue.splice(index, 1);
          clearTimeout(waiter.own);
          reject(new APIUserAbortError(undefined, { cause: signal.reason }));
          if (this.queue.length === 0) this.stop();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.keepAwake(waiter, firstWait ?? this.turnOf(this.queue.length - 1));
      if (firstWait !== undefined) this.schedule(firstWait);
      // `this.timer === undefined` → false is an equivalent mutant (a line with no timer is one being pumped, and pump() returns at once then), listed in mutation/EQUIVALENT.md: a disable comment would also hide → true, which test/rate-limit.line.test.ts catches
      else if (this.timer === undefined) void this.pump();
    });
  }

  /**
   * Arms the waiter's own timer (in the context of the call that runs this: the caller's, or its own
   * timer's), a second after its estimated turn; when it fires, it wakes the line and, still waiting,
   * arms itself again.
   */
  private keepAwake(waiter: Waiter, turn: number): void {
    const own = setTimeout(() => {
      void this.pump().then(() => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.keepAwake(waiter, this.turnOf(index));
      });
    }, turn + OWN_WAKE_SLACK_MS);
    // A spare: where timers can keep a process alive (Node, Bun, Deno), the line's timer does that already.
    (own as { unref?: () => void }).unref?.();
    waiter.own = own;
  }

  /** When the call at `index` in the line should go, at the bucket's rate, in ms from now. */
  private turnOf(index: number): number {
    return ((index + 1) * 1000) / this.requestsPerSecond;
  }

  private schedule(ms: number): void {
    // A timer already set may be one that is gone with the Worker request that made it: this one replaces it.
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pump();
    }, ms);
  }

  private stop(): void {
    // Stryker disable next-line ConditionalExpression: `true` is equivalent (clearTimeout(undefined) does nothing); `false` leaves the timer the leak checks look for
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      // Stryker disable next-line EqualityOperator: on an empty line `>= 0` throws reading queue[0] before asking the store, and the catch below rejects no one
      while (this.queue.length > 0) {
        const wait = await this.store.take(this.now(), this.requestsPerSecond, this.burst, this.queue[0]!.bucket);
        if (wait > 0) {
          this.schedule(wait);
          return;
        }
        const waiter = this.queue.shift();
        if (!waiter) return;
        clearTimeout(waiter.own);
        // Stryker disable next-line OptionalChaining: a waiter has onAbort only when it has a signal
        if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.resolve();
      }
    } catch (error) {
      for (const waiter of this.queue.splice(0)) {
        clearTimeout(waiter.own);
        waiter.reject(error);
      }
    } finally {
      this.pumping = false;
    }
  }
}
