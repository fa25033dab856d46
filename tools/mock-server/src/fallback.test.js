// An operation without a handler answers from the spec: validated like any other, then the first success status
// with the first example and the declared headers. Proved on a copy of the spec with one new operation, as a
// pull request that adds an operation (and nothing else) would leave it.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseYaml, stringifyYaml } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../index.js';
import { DEFAULT_SPEC, loadContract } from './contract.js';
import { answerFromSpec } from './fallback.js';
import { HttpError } from './respond.js';
import { HANDLERS } from './server.js';
import { call, createWorkflow, specProblems } from './test-support.js';

const archived = { id: 'wf_01hq3z8k2m', archived: true, archived_at: 1710460800 };

/** POST /workflow/{workflow_id}/archive: a new operation with a body, a 202 with a header, and the usual errors. */
function archiveOperation() {
  const errors = Object.fromEntries(
    [['400', 'BadRequest'], ['401', 'Unauthorized'], ['403', 'Forbidden'], ['429', 'TooManyRequests']].map(([status, name]) => [
      status,
      { $ref: `#/components/responses/${name}` },
    ]),
  );
  return {
    parameters: [{ $ref: '#/components/parameters/WorkflowId' }],
    post: {
      operationId: 'workflow.archive',
      summary: 'Archive a workflow',
      security: [{ bearerAuth: ['write'] }],
      parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              properties: { reason: { type: 'string', maxLength: 100 } },
            },
            examples: { tidy: { value: { reason: 'tidy' } } },
          },
        },
      },
      responses: {
        '202': {
          description: 'Archiving has started.',
          headers: {
            'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
            'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
            'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
            'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
            Location: { required: true, schema: { type: 'string', maxLength: 256 }, example: '/v1/workflow/wf_01hq3z8k2m' },
          },
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['id', 'archived'],
                properties: { id: { $ref: '#/components/schemas/WorkflowId' }, archived: { type: 'boolean' }, archived_at: { $ref: '#/components/schemas/Timestamp' } },
              },
              examples: { first: { value: archived }, second: { value: { ...archived, archived_at: 1 } } },
            },
          },
        },
        ...errors,
      },
    },
  };
}

let dir = '';
let spec = '';
/** @type {import('../index.js').MockServer} */
let server;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coze-mock-fallback-'));
  spec = join(dir, 'openapi.yaml');
  const document = /** @type {any} */ (parseYaml(await readFile(DEFAULT_SPEC, 'utf8')));
  document.paths['/workflow/{workflow_id}/archive'] = archiveOperation();
  await writeFile(spec, stringifyYaml(document));
  server = await startMockServer({ spec, rateLimit: false });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('an operation without a handler', () => {
  it('has none here: the copy adds one operation and no code', () => {
    expect(HANDLERS['workflow.archive']).toBeUndefined();
  });

  it('answers its first success status with the first example and the declared headers, conforming to the spec', async () => {
    const reply = await call(server, '/workflow/wf_anything/archive', { body: { reason: 'tidy' }, token: 'write' });
    expect(reply.status, reply.text).toBe(202);
    expect(reply.body).toEqual(archived);
    expect(reply.headers.get('location')).toBe('/v1/workflow/wf_01hq3z8k2m');
    expect(reply.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await specProblems(server, 'POST', '/workflow/wf_anything/archive', reply, spec)).toEqual([]);
    expect(server.requests.at(-1)?.operationId).toBe('workflow.archive');
  });

  it('validates the request first, and checks token and level as for any operation', async () => {
    const invalid = await call(server, '/workflow/wf_anything/archive', { body: { reason: 'x', extra: 1 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details).toBe("Parameter 'extra' is not allowed");
    expect((await call(server, '/workflow/not-an-id/archive', { body: {} })).status).toBe(400);
    expect((await call(server, '/workflow/wf_1/archive', { body: {}, token: null })).status).toBe(401);
    const reader = await call(server, '/workflow/wf_1/archive', { body: {}, token: 'read' });
    expect(reader.status).toBe(403);
    expect(await specProblems(server, 'POST', '/workflow/wf_1/archive', reader, spec)).toEqual([]);
  });

  it('replays a repeated Idempotency-Key like any other operation', async () => {
    const headers = { 'idempotency-key': 'archive-once' };
    const first = await call(server, '/workflow/wf_1/archive', { body: {}, headers });
    const again = await call(server, '/workflow/wf_1/archive', { body: {}, headers });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body).toEqual(first.body);
    // The second request was answered from the idempotency cache: the operation ran once.
    expect(server.writes.get('archive-once')).toBe(1);
  });

  it('leaves the operations with handlers to them', async () => {
    const workflow = await createWorkflow(server, { name: 'handled' });
    expect(workflow.name).toBe('handled');
    expect((await call(server, `/workflow/${workflow.id}`)).body).toEqual(workflow);
  });
});

describe('answerFromSpec', () => {
  it('answers every operation of the repository spec from its first success example', async () => {
    const { operations } = await loadContract();
    for (const operation of operations) {
      const [status, response] = Object.entries(operation.responses).find(([code]) => /^2/.test(code)) ?? [];
      const answer = answerFromSpec(operation);
      expect(answer.status, operation.id).toBe(Number(status));
      expect(answer.body, operation.id).toEqual(Object.values(response.content['application/json'].examples)[0].value);
    }
  });

  /** @param {Record<string, any>} responses */
  const operation = (responses) => /** @type {any} */ ({ id: 'thing.do', responses });

  it('answers an empty success without a body, and takes the lowest success status', () => {
    expect(answerFromSpec(operation({ '204': { description: 'Done.' }, '200': { description: 'Also.' } }))).toEqual({
      status: 200,
      body: undefined,
      headers: {},
    });
  });

  it('says what to add when the spec cannot answer', () => {
    const cases = [
      [operation({ '400': {} }), 'The spec declares no success response for thing.do'],
      [operation({ '200': { content: { 'application/json': { schema: {} } } } }), 'The spec gives no example of the 200 response of thing.do: add one'],
      [operation({ '200': { headers: { Location: { required: true, schema: {} } } } }), 'no example of the header Location of the 200 response of thing.do'],
      [operation({ '200': { content: { 'text/event-stream': { example: {} } } } }), 'give thing.do a handler in the mock server'],
    ];
    for (const [op, message] of cases) {
      const error = (() => {
        try {
          answerFromSpec(op);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(HttpError);
      expect(/** @type {HttpError} */ (error).status).toBe(501);
      expect(/** @type {HttpError} */ (error).message).toContain(message);
    }
  });
});
