// Every operation, every status it can produce, every response checked against the spec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { LEVELS, requiredLevel } from './auth.js';
import { loadContract } from './contract.js';
import { HANDLERS } from './server.js';
import { call, specProblems } from './test-support.js';
import { exampleRequest, invalidRequest, levelBelow, pathOf, successStatus } from './testing.js';
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

/**
 * One case per (operation, status), derived from the spec: a new operation is covered the moment it is added.
 * Each case builds its request against a server (creating what its path parameters name) and may use a fault
 * where no request can make the server answer that status by itself.
 *
 * @typedef {{ op: string, status: number, note?: string, method: string,
 *   request: (target: import('../index.js').MockServer) => Promise<{ path: string, options: import('./test-support.js').CallOptions }> }} Case
 */
const contract = await loadContract();

/** @param {import('./testing.js').ExampleRequest} request @param {import('./test-support.js').CallOptions} [extra] */
const asCall = (request, extra = {}) => ({
  path: request.path,
  options: { method: request.method, body: request.body, ...extra, headers: { ...request.headers, ...extra.headers } },
});

/** @type {Case[]} */
const cases = contract.operations.flatMap((operation) => {
  const base = { op: operation.id, method: operation.method, note: '' };
  const valid = (/** @type {import('../index.js').MockServer} */ target) => exampleRequest(target, operation, { contract });
  const success = successStatus(operation);
  const fault = (/** @type {number} */ status) => ({
    ...base,
    status,
    note: '(injected)',
    request: async (/** @type {any} */ target) => asCall(await valid(target), { headers: { 'x-mock-fault': `status=${status}` } }),
  });
  /** @type {Case[]} */
  const own = [];
  for (const status of Object.keys(operation.responses).map(Number)) {
    if (status === success) {
      own.push({ ...base, status, request: async (target) => asCall(await valid(target)) });
      // A response that can also stream answers events when the body asks for `stream: true`.
      const body = operation.requestBody?.content?.['application/json']?.schema;
      if (operation.responses[status].content?.['text/event-stream'] && body?.properties?.stream) {
        own.push({ ...base, status, note: 'streamed', request: async (target) => {
          const request = await valid(target);
          return asCall({ ...request, body: { .../** @type {object} */ (request.body), stream: true } });
        } });
      }
    } else if (status === 400) {
      own.push({ ...base, status, request: async (target) => {
        const request = await valid(target);
        return asCall(invalidRequest(request, operation) ?? request, invalidRequest(request, operation) ? {} : { headers: { 'x-mock-fault': 'status=400' } });
      } });
    } else if (status === 401) {
      own.push({ ...base, status, request: async (target) => asCall(await valid(target), { token: null }) });
    } else if (status === 403) {
      // No token is below the lowest level, so a `read` operation cannot answer 403.
      const below = levelBelow(operation);
      if (below) own.push({ ...base, status, request: async (target) => asCall(await valid(target), { token: below }) });
    } else if (status === 404 && HANDLERS[operation.id] && operation.pathParamNames.length > 0) {
      // A well-formed id that names nothing: the parameter's own example, never created here.
      own.push({ ...base, status, request: async (target) => {
        const request = await valid(target);
        const pathParams = Object.fromEntries(operation.pathParamNames.map((name) => [name, 'wf_doesnotexist0']));
        return asCall({ ...request, pathParams, path: pathOf(operation, pathParams, request.query) });
      } });
    } else if (status !== 429) {
      own.push(fault(status));
    }
  }
  return own;
});

/** Requests a fresh limited server refuses on the second call, per operation. */
const limitedCases = cases.filter((c) => c.status === successStatus(/** @type {any} */ (contract.operations.find((op) => op.id === c.op))));

describe('responses conform to the spec', () => {
  it.each(cases)('$op answers $status $note', async ({ op, status, method, request }) => {
    const { path, options } = await request(server);
    const reply = await call(server, path, options);
    expect(reply.status, reply.text).toBe(status);
    expect(contract.route(method, new URL(server.url + path).pathname)).toMatchObject({
      kind: 'operation',
      operation: { id: op },
    });
    expect(await specProblems(server, method, path, reply)).toEqual([]);
  });

  it.each(limitedCases)('$op answers 429 $note over the rate limit', async ({ method, request }) => {
    // The limiter answers before the handler looks anything up, so the request is made against the other server.
    const { path, options } = await request(server);
    limited.reset();
    await call(limited, '/workflow'); // spends the bucket's only token
    const reply = await call(limited, path, options);
    expect(reply.status).toBe(429);
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await specProblems(limited, method, path, reply)).toEqual([]);
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
