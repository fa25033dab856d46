/** The spec keeps a key's first result for 24 hours. */
const TTL_MS = 24 * 60 * 60 * 1000;

/**
 * First results of POST, PATCH and DELETE requests by Idempotency-Key, in memory. A key is scoped to its token, method and path, so two
 * clients (or two operations) that happen to pick the same key never see each other's results.
 *
 * @param {() => number} [now]
 */
export function createIdempotencyCache(now = () => Date.now()) {
  /** @type {Map<string, { status: number, body: unknown, at: number }>} */
  const results = new Map();
  /** Keys whose first request is still being answered (a streamed chat). */
  const inProgress = new Set();
  /** @param {{ token: string, method: string, path: string, key: string }} scope */
  const id = ({ token, method, path, key }) => JSON.stringify([token, method, path, key]);

  return {
    /** @param {Parameters<typeof id>[0]} scope */
    get(scope) {
      const result = results.get(id(scope));
      if (result && now() - result.at < TTL_MS) return result;
      return undefined;
    },
    /**
     * @param {Parameters<typeof id>[0]} scope
     * @param {{ status: number, body: unknown }} result
     */
    set(scope, { status, body }) {
      // A snapshot: a later update must not change what a replay of the create returns.
      results.set(id(scope), { status, body: structuredClone(body), at: now() });
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
