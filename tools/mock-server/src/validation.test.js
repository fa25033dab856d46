import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { call } from './test-support.js';

/** @type {import('../index.js').MockServer} */
let server;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
afterAll(() => server.close());

const message = { role: 'user', content: 'hi' };

describe('request validation answers 400 naming the field and the rule', () => {
  it.each([
    ['a number above its maximum', { messages: [message], temperature: 1.5 }, "Parameter 'temperature' must be <= 1"],
    ['a number below its minimum', { messages: [message], temperature: -0.1 }, "Parameter 'temperature' must be >= 0"],
    ['a missing required field', { model: 'm' }, "Parameter 'messages' is required"],
    ['an unknown field', { messages: [message], top_p: 1 }, "Parameter 'top_p' is not allowed"],
    ['an empty array', { messages: [] }, "Parameter 'messages' must NOT have fewer than 1 items"],
    ['a nested enum', { messages: [{ role: 'bot', content: 'x' }] }, "Parameter 'messages[0].role' must be one of: system, user, assistant"],
    ['a nested empty string', { messages: [message, { role: 'user', content: '' }] }, "Parameter 'messages[1].content' must NOT have fewer than 1 characters"],
    ['a wrong type', { messages: [message], stream: 'yes' }, "Parameter 'stream' must be boolean"],
    ['a body that is not an object', [message], 'The request body must be object'],
  ])('%s', async (_, body, details) => {
    const reply = await call(server, '/chat', { body });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ code: 400, message: 'Invalid parameter', details });
  });

  it('checks the body of every operation that has one', async () => {
    const created = await call(server, '/workflow', { body: { name: 'x', nodes: [{ id: 'bad id', type: 'llm' }] } });
    expect(created.body.details).toBe(`Parameter 'nodes[0].id' must match pattern "^[A-Za-z0-9_-]{1,64}$"`);
    const { body: wf } = await call(server, '/workflow', { body: { name: 'x' } });
    const patched = await call(server, `/workflow/${wf.id}`, { method: 'PATCH', body: {} });
    expect(patched.body.details).toBe('The request body must NOT have fewer than 1 properties');
    const run = await call(server, `/workflow/${wf.id}/run`, { body: { inputs: [] } });
    expect(run.body.details).toBe("Parameter 'inputs' must be object");
  });

  it('checks query and path parameters', async () => {
    expect((await call(server, '/workflow?limit=ten')).body.details).toBe("Parameter 'limit' must be integer");
    expect((await call(server, '/workflow?limit=2.5')).body.details).toBe("Parameter 'limit' must be integer");
    expect((await call(server, '/workflow?cursor=')).body.details).toBe("Parameter 'cursor' must NOT have fewer than 1 characters");
    expect((await call(server, '/workflow/wf_bad-id')).body.details).toBe(
      `Parameter 'workflow_id' must match pattern "^wf_[A-Za-z0-9]{1,64}$"`,
    );
  });

  it('ignores query parameters the spec does not name', async () => {
    expect((await call(server, '/workflow?order=asc')).status).toBe(200);
  });

  it('needs a body where the spec requires one, sent as JSON', async () => {
    const missing = await call(server, '/chat', { method: 'POST' });
    expect(missing.body.details).toBe('The request body is required');
    const notJson = await call(server, '/chat', { body: '{"messages": [', headers: { 'content-type': 'application/json' } });
    expect(notJson.body.details).toBe('The request body is not valid JSON');
    const plain = await call(server, '/chat', { body: JSON.stringify({ messages: [message] }), headers: { 'content-type': 'text/plain' } });
    expect(plain.body.details).toBe('The request body must be sent as Content-Type: application/json');
    const charset = await call(server, '/chat', {
      body: JSON.stringify({ messages: [message] }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(charset.status).toBe(200);
  });

  it('refuses a body far beyond any valid request', async () => {
    const huge = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(33 * 1024 * 1024) }] });
    const reply = await call(server, '/chat', { body: huge, headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(400);
    expect(reply.body.details).toMatch(/larger than/);
  });

  it('checks auth before the body, so a bad token never learns what the body lacks', async () => {
    const reply = await call(server, '/chat', { body: { temperature: 9 }, token: null });
    expect(reply.status).toBe(401);
  });
});

describe('routing', () => {
  it('answers 404 for a path the spec does not have, with the Error body', async () => {
    for (const path of ['/nowhere', '/workflow/wf_1/unknown', '/']) {
      const reply = await call(server, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).toMatchObject({ code: 404, message: 'Not found' });
    }
    const outsideBase = await fetch(server.url.replace('/v1', '/v2/chat'));
    expect(outsideBase.status).toBe(404);
  });

  it('answers 405 with Allow for a method the path does not take', async () => {
    const reply = await call(server, '/workflow', { method: 'DELETE' });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('GET, POST');
    expect(reply.body).toEqual({ code: 405, message: 'Method not allowed', details: '/v1/workflow takes GET, POST, not DELETE' });
  });
});
