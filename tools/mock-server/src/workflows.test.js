import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { call, createWorkflow } from './test-support.js';

/** @type {import('../index.js').MockServer} */
let server;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
beforeEach(() => server.reset());
afterAll(() => server.close());

describe('workflows', () => {
  it('creates a workflow with an id, version 1, defaults and timestamps', async () => {
    const before = Math.floor(Date.now() / 1000);
    const reply = await call(server, '/workflow', { body: { name: '示例工作流' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.stringMatching(/^wf_[A-Za-z0-9]+$/),
      name: '示例工作流',
      description: '',
      nodes: [],
      version: 1,
      created_at: expect.any(Number),
      updated_at: reply.body.created_at,
    });
    expect(reply.body.created_at).toBeGreaterThanOrEqual(before);
  });

  it('gets what it stored, nodes included', async () => {
    const nodes = [{ id: 'start', type: 'start', next: ['end'] }, { id: 'end', type: 'end' }];
    const created = await createWorkflow(server, { description: 'd', nodes });
    const reply = await call(server, `/workflow/${created.id}`, { token: 'read' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(created);
    expect(reply.body.nodes).toEqual(nodes);
  });

  it('updates only the given fields, bumping the version each time', async () => {
    const created = await createWorkflow(server, { name: 'one', description: 'kept' });
    const first = await call(server, `/workflow/${created.id}`, { method: 'PATCH', body: { name: 'two' } });
    const second = await call(server, `/workflow/${created.id}`, { method: 'PATCH', body: { nodes: [{ id: 'a', type: 'llm' }] } });
    expect(first.body).toMatchObject({ name: 'two', description: 'kept', version: 2 });
    expect(second.body).toMatchObject({ name: 'two', description: 'kept', version: 3, nodes: [{ id: 'a', type: 'llm' }] });
    expect(second.body.updated_at).toBeGreaterThanOrEqual(created.updated_at);
    expect((await call(server, `/workflow/${created.id}`)).body.version).toBe(3);
  });

  it('deletes a workflow for good', async () => {
    const created = await createWorkflow(server);
    const reply = await call(server, `/workflow/${created.id}`, { method: 'DELETE' });
    expect(reply).toMatchObject({ status: 200, body: { id: created.id, deleted: true } });
    expect((await call(server, `/workflow/${created.id}`)).status).toBe(404);
    expect((await call(server, `/workflow/${created.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 404 with the Error body for an unknown id on every workflow operation', async () => {
    const unknown = 'wf_unknown';
    const replies = [
      await call(server, `/workflow/${unknown}`),
      await call(server, `/workflow/${unknown}`, { method: 'PATCH', body: { name: 'x' } }),
      await call(server, `/workflow/${unknown}`, { method: 'DELETE' }),
      await call(server, `/workflow/${unknown}/run`, { body: {} }),
    ];
    for (const reply of replies) {
      expect(reply).toMatchObject({
        status: 404,
        body: { code: 404, message: 'Not found', details: "No workflow has the id 'wf_unknown'" },
      });
    }
  });

  it('runs a workflow, echoing its inputs as outputs', async () => {
    const created = await createWorkflow(server);
    const reply = await call(server, `/workflow/${created.id}/run`, { body: { inputs: { input: '你好', n: 2 } } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      id: expect.stringMatching(/^run_[A-Za-z0-9]+$/),
      workflow_id: created.id,
      status: 'succeeded',
      outputs: { input: '你好', n: 2 },
      created: expect.any(Number),
      finished: expect.any(Number),
    });
    const empty = await call(server, `/workflow/${created.id}/run`, { body: {} });
    expect(empty.body.outputs).toEqual({});
  });
});

describe('listing', () => {
  it('pages through every workflow, newest first, with opaque cursors', async () => {
    const created = [];
    for (let i = 0; i < 7; i += 1) created.push((await createWorkflow(server, { name: `w${i}` })).id);

    const seen = [];
    /** @type {string | null} */
    let cursor = null;
    const pages = [];
    // Bounded: 7 workflows at 3 a page need 3 pages; 10 would mean the cursor never ends.
    for (let page = 0; page < 10; page += 1) {
      const reply = await call(server, `/workflow?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: 'read' });
      expect(reply.status).toBe(200);
      pages.push(reply.body);
      seen.push(...reply.body.data.map((/** @type {{ id: string }} */ w) => w.id));
      cursor = reply.body.next_cursor;
      if (!reply.body.has_more) break;
    }
    expect(pages.map((p) => [p.data.length, p.has_more])).toEqual([[3, true], [3, true], [1, false]]);
    expect(pages.at(-1).next_cursor).toBeNull();
    expect(pages[0].next_cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(seen).toEqual([...created].reverse());
  });

  it('uses a page of 20 by default and refuses limits outside 1 to 100', async () => {
    for (let i = 0; i < 21; i += 1) await createWorkflow(server);
    const reply = await call(server, '/workflow');
    expect([reply.body.data.length, reply.body.has_more]).toEqual([20, true]);
    expect((await call(server, '/workflow?limit=100')).body.data).toHaveLength(21);
    expect((await call(server, '/workflow?limit=0')).body.details).toBe("Parameter 'limit' must be >= 1");
    expect((await call(server, '/workflow?limit=101')).body.details).toBe("Parameter 'limit' must be <= 100");
  });

  it('ends on an exact last page with has_more false', async () => {
    for (let i = 0; i < 4; i += 1) await createWorkflow(server);
    const first = await call(server, '/workflow?limit=2');
    const second = await call(server, `/workflow?limit=2&cursor=${first.body.next_cursor}`);
    expect([first.body.has_more, second.body.has_more, second.body.next_cursor]).toEqual([true, false, null]);
    expect(second.body.data).toHaveLength(2);
  });

  it('answers an empty page when there is nothing', async () => {
    expect((await call(server, '/workflow')).body).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it('refuses a cursor it did not issue', async () => {
    const reply = await call(server, '/workflow?cursor=bm90LWEtY3Vyc29y');
    expect(reply).toMatchObject({ status: 400, body: { details: "Parameter 'cursor' is not a cursor this server issued" } });
  });

  it('keeps a cursor valid when its workflow is deleted', async () => {
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await createWorkflow(server)).id);
    const first = await call(server, '/workflow?limit=1');
    await call(server, `/workflow/${ids[2]}`, { method: 'DELETE' });
    const next = await call(server, `/workflow?limit=5&cursor=${first.body.next_cursor}`);
    expect(next.body.data.map((/** @type {{ id: string }} */ w) => w.id)).toEqual([ids[1], ids[0]]);
  });
});
