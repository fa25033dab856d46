import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { bearerToken, normalizeTokens, permits, requiredLevel } from './auth.js';
import { loadContract } from './contract.js';
import { call } from './test-support.js';
import { exampleRequest } from './testing.js';

describe('requiredLevel', () => {
  it('reads each operation of the spec: the one level its own requirement names', async () => {
    const { operations } = await loadContract();
    expect(operations.length).toBeGreaterThan(0);
    for (const op of operations) expect(requiredLevel(op.security), op.id).toBe(op.security[0].bearerAuth[0]);
    // Deletion is system management (the spec explains why), and reads need the lowest level.
    expect(requiredLevel(operations.find((op) => op.id === 'workflow.delete')?.security ?? [])).toBe('admin');
    expect(requiredLevel(operations.find((op) => op.id === 'workflow.get')?.security ?? [])).toBe('read');
  });

  it('takes the lowest of alternative requirements, and none for an optional one', () => {
    expect(requiredLevel([{ bearerAuth: ['admin'] }, { bearerAuth: ['write'] }])).toBe('write');
    expect(requiredLevel([{ bearerAuth: ['write'] }, { bearerAuth: ['admin'] }])).toBe('write');
    expect(requiredLevel([{ bearerAuth: ['admin', 'read'] }])).toBe('read');
    expect(requiredLevel([{ bearerAuth: [] }])).toBe('read');
    expect(requiredLevel([{ bearerAuth: ['admin'] }, {}])).toBeUndefined();
    expect(requiredLevel([])).toBeUndefined();
    expect(() => requiredLevel([{ bearerAuth: ['owner'] }])).toThrow(/owner/);
  });

  it('treats levels as cumulative', () => {
    expect([permits('read', 'read'), permits('read', 'write'), permits('write', 'read')]).toEqual([true, false, true]);
    expect([permits('admin', 'write'), permits('write', 'admin')]).toEqual([true, false]);
  });
});

describe('bearerToken', () => {
  it('reads the Bearer scheme in any case and nothing else', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('normalizeTokens', () => {
  it('needs a token of each level and a known level for each token', () => {
    expect(() => normalizeTokens({ a: 'read', b: 'write' })).toThrow(/admin/);
    expect(() => normalizeTokens({ a: 'read', b: 'write', c: /** @type {any} */ ('root') })).toThrow(/root/);
    expect(normalizeTokens({ a: 'read', b: 'write', c: 'admin', d: 'admin' }).byLevel).toEqual({ read: 'a', write: 'b', admin: 'c' });
  });
});

describe('the permission matrix over HTTP', () => {
  /** @type {import('../index.js').MockServer} */
  let server;
  beforeAll(async () => {
    server = await startMockServer({ rateLimit: false });
  });
  afterAll(() => server.close());

  // A valid request for every operation, built from the spec's own examples.
  const requestFor = async (/** @type {import('./contract.js').Operation} */ op) => {
    const request = await exampleRequest(server, op);
    return { path: request.path, options: { method: op.method, body: request.body, headers: request.headers } };
  };

  it('answers 401 without a token, with an unknown one and with another scheme', async () => {
    const { operations } = await loadContract();
    for (const op of operations) {
      const { path, options } = await requestFor(op);
      const none = await call(server, path, { ...options, token: null });
      const unknown = await call(server, path, { ...options, token: 'not-a-known-token' });
      const basic = await call(server, path, { ...options, token: null, headers: { authorization: 'Basic ZGVtbzpkZW1v' } });
      expect([none.status, unknown.status, basic.status], op.id).toEqual([401, 401, 401]);
      expect(none.body).toEqual({ code: 401, message: 'Unauthorized', details: expect.stringContaining('Authorization') });
    }
  });

  it('answers 403 below the level each operation names and succeeds at or above it', async () => {
    const { operations } = await loadContract();
    for (const op of operations) {
      const needed = /** @type {import('./auth.js').Level} */ (requiredLevel(op.security));
      for (const level of /** @type {const} */ (['read', 'write', 'admin'])) {
        const { path, options } = await requestFor(op);
        const reply = await call(server, path, { ...options, token: level });
        if (permits(level, needed)) {
          expect(reply.status, `${op.id} with ${level}: ${reply.text}`).toBeLessThan(300);
        } else {
          expect(reply.status, `${op.id} with ${level}`).toBe(403);
          expect(reply.body.details).toBe(`This operation needs the ${needed} level; the token has ${level}`);
        }
      }
    }
  });

  it('knows the tokens it was given and no others', async () => {
    const custom = await startMockServer({ tokens: { r: 'read', w: 'write', a: 'admin' } });
    try {
      expect(custom.tokens).toEqual({ read: 'r', write: 'w', admin: 'a' });
      expect((await call(custom, '/workflow', { token: 'r' })).status).toBe(200);
      expect((await call(custom, '/workflow', { token: 'demo-read-token' })).status).toBe(401);
    } finally {
      await custom.close();
    }
  });
});
