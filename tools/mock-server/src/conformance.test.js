// Every operation, every status it can produce, every response checked against the spec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { LEVELS, requiredLevel } from './auth.js';
import { loadContract } from './contract.js';
import { call, createWorkflow, specProblems } from './test-support.js';
import { validateResponse } from './validation.js';

/** @type {import('../index.js').MockServer} */
let server;
/** A server whose bucket holds one request, for the 429s. */
/** @type {import('../index.js').MockServer} */
let limited;

beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
  limited = await startMockServer({ rateLimit: { requestsPerSecond: 1, burst: 1 } });
});
afterAll(async () => {
  await server.close();
  await limited.close();
});

const chat = { messages: [{ role: 'user', content: '你好' }] };
const id = () => 'wf_doesnotexist0';

/**
 * One case per (operation, status). `path` and `options` may depend on a freshly created workflow's id.
 * @type {{ op: string, status: number, note?: string, method: string,
 *   path: (wf: string) => string, options?: (wf: string) => import('./test-support.js').CallOptions }[]}
 */
const cases = [
  { op: 'chat.create', status: 200, method: 'POST', path: () => '/chat', options: () => ({ body: chat }) },
  { op: 'chat.create', status: 200, note: 'streamed', method: 'POST', path: () => '/chat', options: () => ({ body: { ...chat, stream: true } }) },
  { op: 'chat.create', status: 400, method: 'POST', path: () => '/chat', options: () => ({ body: { ...chat, temperature: 1.5 } }) },
  { op: 'chat.create', status: 401, method: 'POST', path: () => '/chat', options: () => ({ body: chat, token: null }) },
  { op: 'chat.create', status: 403, method: 'POST', path: () => '/chat', options: () => ({ body: chat, token: 'read' }) },
  { op: 'chat.create', status: 500, method: 'POST', path: () => '/chat', options: () => ({ body: chat, headers: { 'x-mock-fault': 'status=500' } }) },
  { op: 'chat.create', status: 409, method: 'POST', path: () => '/chat', options: () => ({ body: chat, headers: { 'x-mock-fault': 'status=409' } }) },

  { op: 'workflow.create', status: 201, method: 'POST', path: () => '/workflow', options: () => ({ body: { name: '示例工作流', nodes: [] } }) },
  { op: 'workflow.create', status: 400, method: 'POST', path: () => '/workflow', options: () => ({ body: { name: '' } }) },
  { op: 'workflow.create', status: 401, method: 'POST', path: () => '/workflow', options: () => ({ body: { name: 'x' }, token: 'nope' }) },
  { op: 'workflow.create', status: 403, method: 'POST', path: () => '/workflow', options: () => ({ body: { name: 'x' }, token: 'read' }) },
  { op: 'workflow.create', status: 500, method: 'POST', path: () => '/workflow', options: () => ({ body: { name: 'x' }, headers: { 'x-mock-fault': 'status=500' } }) },
  { op: 'workflow.create', status: 409, method: 'POST', path: () => '/workflow', options: () => ({ body: { name: 'x' }, headers: { 'x-mock-fault': 'status=409' } }) },

  { op: 'workflow.list', status: 200, method: 'GET', path: () => '/workflow?limit=1' },
  { op: 'workflow.list', status: 400, method: 'GET', path: () => '/workflow?limit=101' },
  { op: 'workflow.list', status: 401, method: 'GET', path: () => '/workflow', options: () => ({ token: null }) },
  { op: 'workflow.list', status: 500, method: 'GET', path: () => '/workflow', options: () => ({ headers: { 'x-mock-fault': 'status=500' } }) },

  { op: 'workflow.get', status: 200, method: 'GET', path: (wf) => `/workflow/${wf}` },
  { op: 'workflow.get', status: 400, method: 'GET', path: () => '/workflow/not-an-id' },
  { op: 'workflow.get', status: 401, method: 'GET', path: (wf) => `/workflow/${wf}`, options: () => ({ token: null }) },
  { op: 'workflow.get', status: 404, method: 'GET', path: () => `/workflow/${id()}` },
  { op: 'workflow.get', status: 500, method: 'GET', path: (wf) => `/workflow/${wf}`, options: () => ({ headers: { 'x-mock-fault': 'status=500' } }) },

  { op: 'workflow.update', status: 200, method: 'PATCH', path: (wf) => `/workflow/${wf}`, options: () => ({ method: 'PATCH', body: { name: 'v2' } }) },
  { op: 'workflow.update', status: 400, method: 'PATCH', path: (wf) => `/workflow/${wf}`, options: () => ({ method: 'PATCH', body: {} }) },
  { op: 'workflow.update', status: 401, method: 'PATCH', path: (wf) => `/workflow/${wf}`, options: () => ({ method: 'PATCH', body: { name: 'v2' }, token: null }) },
  { op: 'workflow.update', status: 403, method: 'PATCH', path: (wf) => `/workflow/${wf}`, options: () => ({ method: 'PATCH', body: { name: 'v2' }, token: 'read' }) },
  { op: 'workflow.update', status: 404, method: 'PATCH', path: () => `/workflow/${id()}`, options: () => ({ method: 'PATCH', body: { name: 'v2' } }) },
  { op: 'workflow.update', status: 500, method: 'PATCH', path: (wf) => `/workflow/${wf}`, options: () => ({ method: 'PATCH', body: { name: 'v2' }, headers: { 'x-mock-fault': 'status=500' } }) },
  { op: 'workflow.update', status: 409, method: 'PATCH', path: (wf) => `/workflow/${wf}`, options: () => ({ method: 'PATCH', body: { name: 'v2' }, headers: { 'x-mock-fault': 'status=409' } }) },

  { op: 'workflow.delete', status: 200, method: 'DELETE', path: (wf) => `/workflow/${wf}`, options: () => ({ method: 'DELETE' }) },
  { op: 'workflow.delete', status: 400, method: 'DELETE', path: () => '/workflow/wf_', options: () => ({ method: 'DELETE' }) },
  { op: 'workflow.delete', status: 401, method: 'DELETE', path: (wf) => `/workflow/${wf}`, options: () => ({ method: 'DELETE', token: null }) },
  { op: 'workflow.delete', status: 403, method: 'DELETE', path: (wf) => `/workflow/${wf}`, options: () => ({ method: 'DELETE', token: 'write' }) },
  { op: 'workflow.delete', status: 404, method: 'DELETE', path: () => `/workflow/${id()}`, options: () => ({ method: 'DELETE' }) },
  { op: 'workflow.delete', status: 500, method: 'DELETE', path: (wf) => `/workflow/${wf}`, options: () => ({ method: 'DELETE', headers: { 'x-mock-fault': 'status=500' } }) },
  { op: 'workflow.delete', status: 409, method: 'DELETE', path: (wf) => `/workflow/${wf}`, options: () => ({ method: 'DELETE', headers: { 'x-mock-fault': 'status=409' } }) },

  { op: 'workflow.run', status: 200, method: 'POST', path: (wf) => `/workflow/${wf}/run`, options: () => ({ body: { inputs: { input: '你好' } } }) },
  { op: 'workflow.run', status: 400, method: 'POST', path: (wf) => `/workflow/${wf}/run`, options: () => ({ body: { inputs: 'text' } }) },
  { op: 'workflow.run', status: 401, method: 'POST', path: (wf) => `/workflow/${wf}/run`, options: () => ({ body: {}, token: null }) },
  { op: 'workflow.run', status: 403, method: 'POST', path: (wf) => `/workflow/${wf}/run`, options: () => ({ body: {}, token: 'read' }) },
  { op: 'workflow.run', status: 404, method: 'POST', path: () => `/workflow/${id()}/run`, options: () => ({ body: {} }) },
  { op: 'workflow.run', status: 500, method: 'POST', path: (wf) => `/workflow/${wf}/run`, options: () => ({ body: {}, headers: { 'x-mock-fault': 'status=500' } }) },
  { op: 'workflow.run', status: 409, method: 'POST', path: (wf) => `/workflow/${wf}/run`, options: () => ({ body: {}, headers: { 'x-mock-fault': 'status=409' } }) },
];

/** Requests a fresh limited server refuses on the second call, per operation. */
const limitedCases = cases.filter((c) => c.status === 200 || c.status === 201);

describe('responses conform to the spec', () => {
  it.each(cases)('$op answers $status $note', async ({ op, status, method, path, options }) => {
    const wf = (await createWorkflow(server)).id;
    const reply = await call(server, path(wf), options?.(wf) ?? {});
    expect(reply.status, reply.text).toBe(status);
    expect((await loadContract()).route(method, new URL(server.url + path(wf)).pathname)).toMatchObject({
      kind: 'operation',
      operation: { id: op },
    });
    expect(await specProblems(server, method, path(wf), reply)).toEqual([]);
  });

  it.each(limitedCases)('$op answers 429 $note over the rate limit', async ({ method, path, options }) => {
    limited.reset();
    const wf = (await createWorkflow(limited)).id; // spends the bucket's only token
    const reply = await call(limited, path(wf), options?.(wf) ?? {});
    expect(reply.status).toBe(429);
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await specProblems(limited, method, path(wf), reply)).toEqual([]);
  });

  it('covers every status of every operation the server can produce', async () => {
    const contract = await loadContract();
    const covered = new Set([...cases, ...limitedCases.map((c) => ({ ...c, status: 429 }))].map((c) => `${c.op} ${c.status}`));
    const declared = contract.operations.flatMap((operation) =>
      Object.keys(operation.responses)
        // No token is below the lowest level, so a `read` operation cannot answer 403.
        .filter((status) => !(status === '403' && requiredLevel(operation.security) === LEVELS[0]))
        .map((status) => `${operation.id} ${status}`),
    );
    expect([...covered].sort()).toEqual([...new Set(declared)].sort());
  });

  it('answers statuses the spec does not declare with the Error body and the common headers', async () => {
    const replies = await Promise.all([
      call(server, '/nowhere'),
      call(server, '/chat', { method: 'PUT' }),
      call(server, '/workflow', { headers: { 'x-mock-fault': 'status=503; retry-after=1' } }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([404, 405, 503]);
    expect(await specProblems(server, 'GET', '/nowhere', /** @type {any} */ (replies[0]))).toEqual([]);
    expect(await specProblems(server, 'PUT', '/chat', /** @type {any} */ (replies[1]))).toEqual([]);
    expect(await specProblems(server, 'GET', '/workflow', /** @type {any} */ (replies[2]))).toEqual([]);
  });
});

describe('the response check itself', () => {
  const headers = () =>
    new Headers({
      'content-type': 'application/json',
      'x-request-id': 'req_1',
      'x-ratelimit-limit': '10',
      'x-ratelimit-remaining': '9',
      'x-ratelimit-reset': '0.1',
    });
  const workflow = { id: 'wf_1', name: 'n', description: '', nodes: [], version: 1, created_at: 1, updated_at: 1 };

  it('accepts a conforming response', async () => {
    const contract = await loadContract();
    const problems = validateResponse(contract, { method: 'GET', pathname: '/v1/workflow/wf_1', status: 200, headers: headers(), body: workflow });
    expect(problems).toEqual([]);
  });

  it('finds a missing header, a header of the wrong type and a body that breaks its schema', async () => {
    const contract = await loadContract();
    const bad = headers();
    bad.delete('x-request-id');
    bad.set('x-ratelimit-remaining', '-1');
    const problems = validateResponse(contract, {
      method: 'GET',
      pathname: '/v1/workflow/wf_1',
      status: 200,
      headers: bad,
      body: { ...workflow, version: 0 },
    });
    expect(problems).toEqual([
      'header X-Request-Id is missing',
      expect.stringContaining('header X-RateLimit-Remaining'),
      expect.stringContaining('body: data/version must be >= 1'),
    ]);
  });

  it('finds a stream event that breaks its schema', async () => {
    const contract = await loadContract();
    const streamHeaders = headers();
    streamHeaders.set('content-type', 'text/event-stream');
    const problems = validateResponse(contract, {
      method: 'POST',
      pathname: '/v1/chat',
      status: 200,
      headers: streamHeaders,
      body: [
        { event: 'chat.message.delta', data: { id: 'chat_1', delta: 'ok' } },
        { event: 'done', data: 'DONE' },
      ],
    });
    expect(problems).toEqual([expect.stringMatching(/^event 1: /)]);
  });
});
