/**
 * @typedef {object} RateLimitOptions
 * @property {number} requestsPerSecond  the refill rate, also reported as `X-RateLimit-Limit`
 * @property {number} burst              the bucket's capacity
 *
 * @typedef {object} BucketState
 * @property {boolean} allowed
 * @property {number} limit       `X-RateLimit-Limit`
 * @property {number} remaining   `X-RateLimit-Remaining`: whole tokens left after this request
 * @property {number} reset       `X-RateLimit-Reset`: seconds until the bucket is full again
 * @property {number} retryAfter  `Retry-After` when refused: whole seconds, at least 1
 * @property {number} retryAfterMs `retry-after-ms` when refused: the exact wait, for clients that read it
 */

/** The spec's limit: 10 requests per second per token, a bucket of 10. */
export const DEFAULT_RATE_LIMIT = Object.freeze({ requestsPerSecond: 10, burst: 10 });

/**
 * A token bucket per key (per API token). With `false` nothing is refused and every response reports a full
 * bucket, so a client that paces itself by the headers is not slowed down by a limit that does not exist.
 *
 * @param {RateLimitOptions | false} options
 * @param {() => number} [now] milliseconds; injectable so the arithmetic can be tested without waiting
 */
export function createRateLimiter(options, now = () => performance.now()) {
  const { requestsPerSecond: rate, burst } = options === false ? DEFAULT_RATE_LIMIT : options;
  if (!(rate > 0) || !Number.isFinite(rate) || !Number.isInteger(burst) || burst < 1) {
    throw new TypeError('rateLimit needs requestsPerSecond > 0 and an integer burst >= 1');
  }
  /** @type {Map<string, { tokens: number, at: number }>} */
  const buckets = new Map();

  /** @param {string} key */
  const refill = (key) => {
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: burst, at: t };
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * rate);
    bucket.at = t;
    buckets.set(key, bucket);
    return bucket;
  };

  /**
   * @param {number} tokens
   * @param {boolean} allowed
   * @returns {BucketState}
   */
  const state = (tokens, allowed) => ({
    allowed,
    limit: Math.ceil(rate),
    remaining: Math.floor(tokens),
    // Rounded up to milliseconds: a client waiting this long finds the bucket full.
    reset: Math.ceil(((burst - tokens) / rate) * 1000) / 1000,
    retryAfter: Math.max(1, Math.ceil((1 - tokens) / rate)),
    retryAfterMs: Math.max(1, Math.ceil(((1 - tokens) / rate) * 1000)),
  });

  const full = state(burst, true);

  return {
    /**
     * Spends one token of `key`'s bucket if it has one.
     * @param {string} key
     * @returns {BucketState}
     */
    take(key) {
      if (options === false) return full;
      const bucket = refill(key);
      if (bucket.tokens < 1) return state(bucket.tokens, false);
      bucket.tokens -= 1;
      return state(bucket.tokens, true);
    },
    /**
     * The bucket as it stands, for responses that spend nothing (unknown paths, injected faults).
     * @param {string | undefined} key
     * @returns {BucketState}
     */
    peek(key) {
      if (options === false || key === undefined) return full;
      return state(refill(key).tokens, true);
    },
    clear() {
      buckets.clear();
    },
  };
}
