import { startMockServer, type MockServer } from '@coze/mock-server';
import { exampleRequest, loadContract, successStatus, validateResponse } from '@coze/mock-server/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  type APIPromise,
  AuthenticationError,
  CozeAPI,
  NotFoundError,
  PermissionDeniedError,
  RequestValidationError,
  StreamParseError,
  InternalServerError,
  type Workflow,
} from '../src/index.js';
import { createFetchClient } from '../src/fetch.js';
import { operations } from './spec-helpers.js';

let server: MockServer;
let coze: CozeAPI;

beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
afterAll(async () => server.close());
beforeEach(() => {
  server.reset();
  coze = new CozeAPI({ apiKey: server.tokens.admin, baseURL: server.url, rateLimit: false });
});

const created = (name: string): Promise<Workflow> =>
  coze.workflow.create({ name, description: `${name} described`, nodes: [{ id: 'start', type: 'start' }] });

/** What some operations do beyond answering as the spec says: state across calls, pages, a reply's content. */
const behaviour: Record<string, () => Promise<void>> = {
  'chat.create': async () => {
    const { data, response, requestId } = await coze.chat
      .create({ messages: [{ role: 'user', content: '你好' }], model: 'gpt-3.5-turbo', temperature: 0.7 })
      .withResponse();
    expect(data.id).toMatch(/^chat_/);
    expect(data.content).toContain('你好');
    expect(data.model).toBe('gpt-3.5-turbo');
    expect(Number.isInteger(data.created)).toBe(true);
    expect(response.status).toBe(200);
    expect(requestId).toBe(response.headers.get('x-request-id'));
  },
  'workflow.create': async () => {
    const wf = await created('demo');
    expect(wf).toMatchObject({ name: 'demo', description: 'demo described', version: 1 });
    expect(wf.id).toMatch(/^wf_/);
    expect(wf.nodes).toEqual([{ id: 'start', type: 'start' }]);
  },
  'workflow.list': async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await created(`wf-${i}`));
    const first = await coze.workflow.list({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const seen: string[] = [];
    for await (const wf of coze.workflow.list({ limit: 2 })) seen.push(wf.id);
    expect(seen.sort()).toEqual(made.map((wf) => wf.id).sort());
    const pages = server.requests.filter((r) => r.operationId === 'workflow.list').slice(1);
    expect(pages.map((r) => r.query.cursor === undefined)).toEqual([true, false, false]);
  },
  'workflow.get': async () => {
    const wf = await created('get-me');
    expect(await coze.workflow.get({ workflow_id: wf.id })).toEqual(wf);
  },
  'workflow.update': async () => {
    const wf = await created('before');
    const updated = await coze.workflow.update({ workflow_id: wf.id, name: 'after' });
    expect(updated).toMatchObject({ id: wf.id, name: 'after', description: wf.description, version: 2 });
  },
  'workflow.delete': async () => {
    const wf = await created('doomed');
    expect(await coze.workflow.delete({ workflow_id: wf.id })).toEqual({ id: wf.id, deleted: true });
    await expect(coze.workflow.get({ workflow_id: wf.id })).rejects.toBeInstanceOf(NotFoundError);
  },
  'workflow.run': async () => {
    const wf = await created('runner');
    const run = await coze.workflow.run({ workflow_id: wf.id, inputs: { input: '你好' } });
    expect(run).toMatchObject({ workflow_id: wf.id, status: 'succeeded' });
    expect(run.id).toMatch(/^run_/);
  },
};

const contract = await loadContract();

/** The client's method for an operationId: `workflow.get` → coze.workflow.get. */
function methodOf(client: CozeAPI, operationId: string): (params?: object) => APIPromise<unknown> {
  const path = operationId.split('.');
  const owner = path.slice(0, -1).reduce((at: any, key) => at?.[key], client);
  const method = owner?.[path.at(-1)!];
  if (typeof method !== 'function') throw new Error(`coze.${operationId} is not a method of the client`);
  return method.bind(owner);
}

describe('@coze/client against the embedded server over HTTP', () => {
  it('covers the operations of the spec, read from the spec', () => {
    expect(contract.operations.map((op) => op.id).sort()).toEqual(operations().map((op) => op.operationId).sort());
  });

  // Every operation of the spec, from its own examples: called through the generated method, answered with the
  // spec's success status and a response the spec accepts. A new operation is covered the moment it is added.
  it.each(contract.operations.map((op) => [op.id, op] as const))('%s answers through the client as the spec says', async (id, operation) => {
    const request = await exampleRequest(server, operation, { contract });
    const params = { ...request.pathParams, ...request.query, ...request.headers, ...(request.body as object) };
    const { data, response } = await methodOf(coze, id)(params).withResponse();
    expect(response.status).toBe(successStatus(operation));
    const pathname = new URL(server.url + request.path).pathname;
    expect(validateResponse(contract, { method: operation.method, pathname, status: response.status, headers: response.headers, body: data })).toEqual([]);
    expect(server.requests.at(-1)?.operationId).toBe(id);
  });

  it.each(Object.keys(behaviour))('%s behaves as documented', async (operationId) => {
    await behaviour[operationId]!();
    expect(server.requests.some((r) => r.operationId === operationId)).toBe(true);
  });

  it('sends nothing when the input breaks the spec', async () => {
    const error = await coze.chat
      .create({ messages: [{ role: 'user', content: 'x' }], temperature: 1.5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toContain('temperature must be <= 1');
    const missing = await coze.chat.create({} as never).catch((e: unknown) => e);
    expect((missing as Error).message).toContain('messages is required');
    expect(server.requests).toHaveLength(0);
  });

  // A problem found while the method places its parameters is a rejection like any other, so `.catch` and
  // `await` in a try handle it; it once threw out of the method itself, before any promise existed.
  it.each(contract.operations.map((op) => [op.id, op] as const))(
    '%s rejects an unknown parameter (never throws) and sends nothing',
    async (id, operation) => {
      const request = await exampleRequest(server, operation, { contract });
      const params = { ...request.pathParams, ...request.query, ...request.headers, ...(request.body as object), bot_idd: 'b' };
      let call: APIPromise<unknown> | undefined;
      expect(() => (call = methodOf(coze, id)(params))).not.toThrow();
      const error = await call!.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).issues.map((issue) => [issue.field, issue.rule])).toEqual([['bot_idd', 'unknown']]);
      expect(server.requests.filter((r) => r.operationId === id)).toHaveLength(0);
    },
  );

  it('chat.stream ends with the same error for an unknown parameter, from its first read', async () => {
    let stream: ReturnType<typeof coze.chat.stream> | undefined;
    expect(() => (stream = coze.chat.stream({ messages: [{ role: 'user', content: 'x' }], bot_id: 'b' } as never))).not.toThrow();
    const error = await (async () => {
      for await (const _ of stream!) return undefined;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toContain("Unknown parameter 'bot_id'");
    expect(server.requests).toHaveLength(0);
  });

  it('refuses parameters that are not an object of fields, naming the form', async () => {
    const error = await coze.workflow.get('wf_1' as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toBe('Invalid request: The parameters must be one object of named fields (such as { workflow_id: … }), not a string');
    expect(server.requests).toHaveLength(0);
  });

  it('maps 401, 403 and 404 to their classes without retrying', async () => {
    const stranger = new CozeAPI({ apiKey: 'not-a-token', baseURL: server.url, rateLimit: false });
    await expect(stranger.workflow.list()).rejects.toBeInstanceOf(AuthenticationError);
    const reader = new CozeAPI({ apiKey: server.tokens.read, baseURL: server.url, rateLimit: false });
    const denied = await reader.workflow.create({ name: 'x' }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied).toMatchObject({ status: 403, code: 403 });
    await expect(coze.workflow.get({ workflow_id: 'wf_missing' })).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(3);
  });

  it('retries a 503 with the same Idempotency-Key, and the create happens once', async () => {
    server.faults.push({ match: { operationId: 'workflow.create' }, times: 2, fault: { status: 503, retryAfter: '0' } });
    const wf = await created('retried');
    const attempts = server.requests.filter((r) => r.operationId === 'workflow.create');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    const page = await coze.workflow.list();
    expect(page.data.map((w) => w.id)).toEqual([wf.id]);
  });

  it('replays a create whose response was cut off without creating twice', async () => {
    server.faults.push({ match: { operationId: 'workflow.create' }, fault: { kind: 'truncate' } });
    const wf = await created('once');
    expect((await coze.workflow.list()).data.map((w) => w.id)).toEqual([wf.id]);
  });

  it('gives up after the retries with the right class', async () => {
    server.faults.push({ match: { operationId: 'workflow.list' }, times: 3, fault: { kind: 'html', status: 502 } });
    const error = await coze.workflow.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(3);
  });
});

describe('streaming chat against the embedded server', () => {
  it('yields the deltas as they arrive and ends with the completed chat', async () => {
    const stream = coze.chat.stream({ messages: [{ role: 'user', content: '讲个笑话' }] }, { headers: { 'X-Mock-Stream-Delay': '30' } });
    const events: string[] = [];
    let text = '';
    let completed = '';
    const arrivals: number[] = [];
    for await (const event of stream) {
      events.push(event.event);
      arrivals.push(performance.now());
      if (event.event === 'chat.message.delta') text += event.data.delta;
      if (event.event === 'chat.completed') completed = event.data.content;
    }
    expect(events[0]).toBe('chat.created');
    expect(events.at(-1)).toBe('chat.completed');
    expect(events.filter((e) => e === 'chat.message.delta').length).toBeGreaterThan(1);
    expect(text).toBe(completed);
    // Delivered one by one, not all at the end: the spread covers most of the server's pauses.
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(30 * (events.length - 2));
  });

  it('offers textDeltas() and finalChat()', async () => {
    let text = '';
    for await (const piece of coze.chat.stream({ messages: [{ role: 'user', content: 'hi' }] }).textDeltas()) text += piece;
    const chat = await coze.chat.stream({ messages: [{ role: 'user', content: 'hi' }] }).finalChat();
    expect(chat.content).toBe(text);
  });

  it('turns an error event, a dropped connection and a malformed frame into typed errors', async () => {
    const read = async (fault: string) => {
      const stream = coze.chat.stream({ messages: [{ role: 'user', content: 'x' }] }, { headers: { 'X-Mock-Fault': fault } });
      for await (const _ of stream) void _;
    };
    await expect(read('stream-error=2')).rejects.toBeInstanceOf(InternalServerError);
    await expect(read('drop-stream=2')).rejects.toBeInstanceOf(APIConnectionError);
    await expect(read('malformed-stream=1')).rejects.toBeInstanceOf(StreamParseError);
    // A half-delivered answer is never replayed: one request per stream.
    expect(server.requests.filter((r) => r.operationId === 'chat.create')).toHaveLength(3);
  });
});

describe('the openapi-fetch client on the same runtime', () => {
  it('calls the API and returns { data, error }', async () => {
    const client = createFetchClient({ apiKey: server.tokens.admin, baseURL: server.url, rateLimit: false });
    const { data: wf } = await client.POST('/workflow', { body: { name: 'via fetch' } });
    expect(wf?.name).toBe('via fetch');
    const { data, error } = await client.GET('/workflow/{workflow_id}', { params: { path: { workflow_id: wf!.id } } });
    expect(error).toBeUndefined();
    expect(data?.id).toBe(wf!.id);
    const missing = await client.GET('/workflow/{workflow_id}', { params: { path: { workflow_id: 'wf_nope' } } });
    expect(missing.error).toMatchObject({ code: 404 });
    expect(missing.response.status).toBe(404);
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts[0]?.headers['idempotency-key']).toMatch(/^coze-/);
  });

  it('streams a chat as a raw event-stream body', async () => {
    const client = createFetchClient({ apiKey: server.tokens.write, baseURL: server.url, rateLimit: false });
    const { response } = await client.POST('/chat', {
      body: { messages: [{ role: 'user', content: 'hi' }], stream: true },
      headers: { accept: 'text/event-stream' },
      parseAs: 'stream',
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await new Response(response.body).text();
    expect(text).toContain('event: chat.created');
    expect(text.trimEnd().endsWith('data: "[DONE]"')).toBe(true);
  });
});
