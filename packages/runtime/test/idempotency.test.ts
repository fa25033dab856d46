import { afterEach, describe, expect, it, vi } from 'vitest';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { json } from './helpers/server.js';

const fx = useIntegration();

// The Idempotency-Key a call makes up when the caller gives none (client.test.ts covers who wins and the reuse on
// retries): its shape with crypto.randomUUID, and without it (an old runtime, or a page that is not a secure context).
describe('Idempotency-Key made up by the client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is coze- and a random UUID, a new one per call', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const client = clientFor(server, { hooks: fx.hooks });
    await postThing(client);
    await postThing(client);
    const [first, second] = server.arrivals.map((a) => a.headers['idempotency-key']);
    const uuid = /^coze-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(first).toMatch(uuid);
    expect(second).toMatch(uuid);
    expect(second).not.toBe(first);
  });

  it('without crypto.randomUUID: coze-, the time in base 36 and two random parts, a new one per call', async () => {
    vi.stubGlobal('crypto', undefined);
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const client = clientFor(server, { hooks: fx.hooks });
    const before = Date.now();
    for (let i = 0; i < 5; i++) await postThing(client);
    const after = Date.now();
    const keys = server.arrivals.map((a) => String(a.headers['idempotency-key']));
    expect(new Set(keys).size).toBe(5);
    for (const key of keys) {
      // Math.random().toString(36) is "0." and then digits: the "0." of each random part is cut off.
      const match = /^coze-([0-9a-z]+)-([0-9a-z]+)$/.exec(key);
      expect(match, key).not.toBeNull();
      const time = parseInt(match![1]!, 36);
      expect(time).toBeGreaterThanOrEqual(before);
      expect(time).toBeLessThanOrEqual(after);
      // Two random parts of about ten characters each, not one.
      expect(match![2]!.length).toBeGreaterThan(12);
    }
  });

  it('without crypto at all on a PATCH and a DELETE too, but never on a GET or a PUT', async () => {
    vi.stubGlobal('crypto', undefined);
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const client = clientFor(server, { hooks: fx.hooks });
    await client.patch({ url: '/things/{id}', path: { id: 't1' }, body: { name: 'n' }, security: BEARER });
    await client.delete({ url: '/things/{id}', path: { id: 't1' }, security: BEARER });
    await client.get({ url: '/things/{id}', path: { id: 't1' }, security: BEARER });
    await client.put({ url: '/things/{id}', path: { id: 't1' }, body: { name: 'n' }, security: BEARER });
    expect(server.arrivals.map((a) => [a.method, /^coze-[0-9a-z]+-[0-9a-z]+$/.test(String(a.headers['idempotency-key']))])).toEqual([
      ['PATCH', true],
      ['DELETE', true],
      ['GET', false],
      ['PUT', false],
    ]);
    expect(server.arrivals[2]!.headers['idempotency-key']).toBeUndefined();
    expect(server.arrivals[3]!.headers['idempotency-key']).toBeUndefined();
  });
});
