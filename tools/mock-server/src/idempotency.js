/**
 * The spec keeps a key's first result for 24 hours; the server keeps at most this many, so a long-running server's
 * memory stays bounded (each entry holds a response body).
 */
export const IDEMPOTENCY_DEFAULTS = Object.freeze({ ttlMs: 24 * 60 * 60 * 1000, maxEntries: 10_000 });

/**
 * First results of POST, PATCH and DELETE requests by Idempotency-Key, in memory. A key is scoped to its token, method and path, so two
 * clients (or two operations) that happen to pick the same key never see each other's results. Entries leave after
 * `ttlMs`, and the oldest leave first beyond `maxEntries`.
 *
 * @param {{ now?: () => number, ttlMs?: number, maxEntries?: number }} [options]
 */
export function createIdempotencyCache({ now = () => Date.now(), ...limits } = {}) {
  const { ttlMs, maxEntries } = { ...IDEMPOTENCY_DEFAULTS, ...limits };
  /** @type {Map<string, { status: number, body: unknown, at: number }>} in insertion order, which is age order */
  const results = new Map();
  /** Keys whose first request is still being answered (a streamed chat). */
  const inProgress = new Set();
  /** @param {{ token: string, method: string, path: string, key: string }} scope */
  const id = ({ token, method, path, key }) => JSON.stringify([token, method, path, key]);

  return {
    /** @param {Parameters<typeof id>[0]} scope */
    get(scope) {
      const key = id(scope);
      const result = results.get(key);
      if (result && now() - result.at < ttlMs) return result;
      results.delete(key);
      return undefined;
    },
    /**
     * @param {Parameters<typeof id>[0]} scope
     * @param {{ status: number, body: unknown }} result
     */
    set(scope, { status, body }) {
      const at = now();
      for (const [key, entry] of results) {
        if (at - entry.at < ttlMs && results.size < maxEntries) break;
        results.delete(key);
      }
      // A snapshot: a later update must not change what a replay of the create returns.
      results.set(id(scope), { status, body: structuredClone(body), at });
    },
    /** How many results are kept. */
    get size() {
      return results.size;
    },
    /** @param {Parameters<typeof id>[0]} scope */
    isInProgress(scope) {
      return inProgress.has(id(scope));
    },
    /**
     * Marks the key busy until `done` settles; a request with the same key meanwhile gets 409.
     * @param {Parameters<typeof id>[0]} scope
     * @param {Promise<unknown>} done
     */
    hold(scope, done) {
      const key = id(scope);
      inProgress.add(key);
      void done.finally(() => inProgress.delete(key));
    },
    clear() {
      results.clear();
      inProgress.clear();
    },
  };
}
