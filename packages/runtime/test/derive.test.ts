// client.derive(): other settings, the same rate-limit bucket and the same connections, over a real server.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { CozeError } from '../src/index.js';
import { BEARER, clientFor } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { json, within } from './helpers/server.js';

const fx = useIntegration();

describe('client.derive()', () => {
  it('shares the parent’s bucket: calls through both are paced as one', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const parent = clientFor(server, { rateLimit: { requestsPerSecond: 4, burst: 2 } });
    const child = parent.derive({ timeout: 10_000 });
    const call = (client: typeof parent) => client.get({ url: '/things', security: BEARER });
    const started = performance.now();
    await within(Promise.all([call(parent), call(parent), call(child), call(child)]), 10_000, 'four paced calls');
    // Burst 2, then one every 250 ms: the fourth goes at least ~500 ms after the start. Two buckets would have
    // let all four through at once.
    expect(server.arrivals.at(-1)!.at - started).toBeGreaterThanOrEqual(0.9 * 500);
  });

  it('keeps its own settings: a derived timeout, retries and headers apply to it alone', async () => {
    const server = await fx.serve((_, res, arrival) => {
      if (arrival.url === '/slow') setTimeout(() => json(res, 200, {}), 300);
      else json(res, 200, {});
    });
    const parent = clientFor(server, { timeout: 100, maxRetries: 0, defaultHeaders: { 'x-team': 'a' } });
    const child = parent.derive({ timeout: 5_000, defaultHeaders: { 'x-job': 'batch' } });
    await expect(parent.get({ url: '/slow', security: BEARER })).rejects.toThrow('timed out');
    await child.get({ url: '/slow', security: BEARER });
    await child.get({ url: '/fast', security: BEARER });
    const last = server.arrivals.at(-1)!;
    expect(last.headers['x-job']).toBe('batch');
    expect(parent.getConfig().timeout).toBe(100);
  });

  it('refuses to change what the shared bucket and connections belong to', () => {
    const parent = clientFor({ url: 'http://127.0.0.1:9' } as never);
    for (const update of [{ apiKey: 'other' }, { baseUrl: 'https://example.com' }, { rateLimit: { burst: 1 } }, { fetch }]) {
      expect(() => parent.derive(update)).toThrow(CozeError);
    }
    expect(() => parent.derive({ baseUrl: 'https://example.com' })).toThrow(
      "`baseUrl` cannot change in a derived client: it shares its parent's rate-limit bucket and connections.",
    );
  });
});
