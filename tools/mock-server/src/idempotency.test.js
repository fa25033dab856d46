import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { createIdempotencyCache } from './idempotency.js';
import { call } from './test-support.js';

/** @type {import('../index.js').MockServer} */
let server;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
beforeEach(() => server.reset());
afterAll(() => server.close());

const create = (/** @type {string} */ key, token = 'write', name = 'once') =>
  call(server, '/workflow', { token, body: { name }, headers: { 'idempotency-key': key } });

describe('Idempotency-Key', () => {
  it('answers a repeated create with the first response and creates nothing more', async () => {
    const first = await create('key-1');
    const again = await create('key-1', 'write', 'a different body');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect((await call(server, '/workflow')).body.data).toHaveLength(1);
  });

  it('replays the first result even after the resource changed', async () => {
    const first = await create('key-2');
    await call(server, `/workflow/${first.body.id}`, { method: 'PATCH', body: { name: 'renamed' } });
    expect((await create('key-2')).body).toEqual(first.body);
  });

  it('acts again for another key, another token or no key', async () => {
    await create('key-3');
    await create('key-4');
    await create('key-3', 'admin');
    await call(server, '/workflow', { token: 'write', body: { name: 'no key' } });
    await call(server, '/workflow', { token: 'write', body: { name: 'no key' } });
    expect((await call(server, '/workflow')).body.data).toHaveLength(5);
  });

  it('replays runs and chats too', async () => {
    const { body: wf } = await create('key-5');
    const headers = { 'idempotency-key': 'run-1' };
    const run = await call(server, `/workflow/${wf.id}/run`, { body: { inputs: { a: 1 } }, headers });
    const rerun = await call(server, `/workflow/${wf.id}/run`, { body: { inputs: { a: 1 } }, headers });
    expect(rerun.body.id).toBe(run.body.id);
    const chat = { messages: [{ role: 'user', content: 'hi' }] };
    const first = await call(server, '/chat', { body: chat, headers: { 'idempotency-key': 'chat-1' } });
    const second = await call(server, '/chat', { body: chat, headers: { 'idempotency-key': 'chat-1' } });
    expect(second.body.id).toBe(first.body.id);
  });

  it('does not keep a request that failed before acting', async () => {
    const refused = await call(server, '/workflow', { token: 'write', body: { name: '' }, headers: { 'idempotency-key': 'k' } });
    expect(refused.status).toBe(400);
    expect((await create('k')).status).toBe(201);
    server.faults.push({ fault: { status: 503 } });
    expect((await create('k2')).status).toBe(503);
    expect((await create('k2')).status).toBe(201);
  });

  it('lets a retry after a truncated create get the whole first response', async () => {
    server.faults.push({ fault: { kind: 'truncate' } });
    await expect(create('cut')).rejects.toThrow();
    const retry = await create('cut');
    expect(retry.status).toBe(201);
    expect((await call(server, '/workflow')).body.data.map((/** @type {{ id: string }} */ w) => w.id)).toEqual([retry.body.id]);
  });

  it('answers 409 to a request whose key is still in progress, and acts again once it is done', async () => {
    const url = `${server.url}/chat`;
    const init = (/** @type {Record<string, string>} */ extra = {}) => ({
      method: 'POST',
      headers: { authorization: `Bearer ${server.tokens.write}`, 'content-type': 'application/json', 'idempotency-key': 'busy', ...extra },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'long answer' }], stream: true }),
    });
    const first = await fetch(url, init({ 'x-mock-stream-delay': '50' }));
    const second = await call(server, '/chat', { token: 'write', body: { messages: [{ role: 'user', content: 'x' }] }, headers: { 'idempotency-key': 'busy' } });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 409 });
    await first.text();
    const third = await call(server, '/chat', { token: 'write', body: { messages: [{ role: 'user', content: 'x' }] }, headers: { 'idempotency-key': 'busy' } });
    expect(third.status).toBe(200);
  });

  it('keeps PATCH and DELETE results by key too', async () => {
    const created = await create('k-create');
    const id = created.body.id;
    const update = () => call(server, `/workflow/${id}`, { method: 'PATCH', token: 'write', body: { name: 'v2' }, headers: { 'idempotency-key': 'k-update' } });
    expect((await update()).body.version).toBe(2);
    expect((await update()).body.version).toBe(2);
    const remove = () => call(server, `/workflow/${id}`, { method: 'DELETE', token: 'admin', headers: { 'idempotency-key': 'k-delete' } });
    expect((await remove()).status).toBe(200);
    expect((await remove()).status).toBe(200);
  });

  it('checks the key against the spec', async () => {
    const reply = await create('x'.repeat(256));
    expect(reply).toMatchObject({ status: 400, body: { details: "Header 'Idempotency-Key' must NOT have more than 255 characters" } });
  });
});

describe('createIdempotencyCache', () => {
  it('forgets a result after 24 hours', () => {
    let now = 0;
    const cache = createIdempotencyCache({ now: () => now });
    const scope = { token: 't', method: 'POST', path: '/v1/workflow', key: 'k' };
    cache.set(scope, { status: 201, body: { id: 'wf_1' } });
    now = 24 * 60 * 60 * 1000 - 1;
    expect(cache.get(scope)?.status).toBe(201);
    now += 1;
    expect(cache.get(scope)).toBeUndefined();
  });
});
