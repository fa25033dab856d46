import { describe, expect, it } from 'vitest';
import { CozeError, createCallClient, createClient } from '../src/index.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL } from './helpers/leaks.js';
import { json } from './helpers/server.js';

/**
 * createCallClient: createClient without the fetch form, which CozeAPI does not use (and its bundles leave out).
 * Its calls are createClient's: every CozeAPI test in packages/client makes them through it.
 */
const fx = useIntegration();

describe('createCallClient', () => {
  it('has no fetch form, in derived and reconfigured clients too: fetch rejects, naming createClient, and sends nothing', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = createCallClient({ baseUrl: server.url, apiKey: SENTINEL, rateLimit: false });
    client.setConfig({ timeout: 5000 });
    for (const each of [client, client.derive({ maxRetries: 0 })]) {
      const refused = each.fetch(`${server.url}/workflow`);
      await expect(refused).rejects.toBeInstanceOf(CozeError);
      await expect(refused).rejects.toThrow(/no fetch form.*createClient/);
    }
    expect(server.arrivals).toHaveLength(0);
  });

  it("is createClient's opposite there: its reconfigured and derived clients keep a fetch that sends", async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const client = createClient({ baseUrl: server.url, apiKey: SENTINEL, rateLimit: false });
    client.setConfig({ timeout: 5000 });
    for (const each of [client, client.derive({ maxRetries: 0 })]) {
      const response = await each.fetch(`${server.url}/workflow`);
      expect(await response.json()).toEqual({ ok: true });
    }
    expect(server.arrivals).toHaveLength(2);
  });
});
