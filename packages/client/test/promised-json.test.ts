// Every operation in the spec promises a JSON body on success, and each method's type says so (`Chat`, a page of
// workflows…). A 2xx answer with an empty body, or one that is not JSON (a gateway's "OK"), is then an
// UnexpectedResponseError, not `undefined` or a string handed on as if it were that data.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockServer } from '@coze/mock-server';
import { exampleRequest, loadContract, successStatus } from '@coze/mock-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type APIPromise, CozeAPI, UnexpectedResponseError } from '../src/index.js';

/** How the server answers a request whose `x-answer` header names each of these: every answer is a 200. */
const ANSWERS: Record<string, { type?: string; body: string }> = {
  empty: { type: 'application/json', body: '' },
  bare: { body: '' },
  plain: { type: 'text/plain; charset=utf-8', body: 'OK' },
  json: { type: 'application/json', body: '{"id":"x"}' },
};

let server: Server;
let arrivals = 0;
let baseURL: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    arrivals++;
    req.resume();
    const answer = ANSWERS[req.headers['x-answer']?.toString() ?? '']!;
    res.writeHead(200, { ...(answer.type ? { 'content-type': answer.type } : {}), 'x-request-id': 'req_promised' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// Every operation of the spec, read from the spec, with valid input from its own examples (the embedded server
// makes the resources a path names): an operation added to the spec is covered the moment it is added.
const contract = await loadContract();
const examples = await startMockServer({ rateLimit: false });
const INPUTS = new Map<string, object>();
for (const operation of contract.operations) {
  const request = await exampleRequest(examples, operation, { contract });
  INPUTS.set(operation.id, { ...request.pathParams, ...request.query, ...request.headers, ...(request.body as object) });
}
await examples.close();

/** Calls the client's method for an operationId (`workflow.get` → coze.workflow.get); `answer` picks the reply. */
function call(coze: CozeAPI, operationId: string, answer: string): APIPromise<unknown> {
  const path = operationId.split('.');
  // biome-ignore lint: walking the client by the operation's name
  const owner = path.slice(0, -1).reduce((at: any, key) => at?.[key], coze);
  const method = owner?.[path.at(-1)!];
  if (typeof method !== 'function') throw new Error(`coze.${operationId} is not a method of the client`);
  return method.call(owner, INPUTS.get(operationId), { headers: { 'x-answer': answer } });
}

const OPERATIONS = contract.operations.map((operation) => operation.id);
const coze = () => new CozeAPI({ apiKey: 'pat_promised_json', baseURL, rateLimit: false, validateRequests: false });

describe('a 2xx answer without the JSON body the operation promises', () => {
  it.each(OPERATIONS)('%s: an empty body (with or without a JSON type) is an UnexpectedResponseError, sent once', async (name) => {
    for (const answer of ['empty', 'bare']) {
      const before = arrivals;
      const error = await call(coze(), name, answer).then(
        (data) => ({ resolved: data }),
        (caught: unknown) => caught,
      );
      expect(error, `${name} with the ${answer} answer`).toBeInstanceOf(UnexpectedResponseError);
      expect(error).toMatchObject({ status: 200, snippet: '', requestId: 'req_promised' });
      expect((error as Error).message).toMatch(/^Expected the JSON body the operation promises, but the 200 response .*: an empty body$/);
      expect(arrivals - before).toBe(1);
    }
  });

  it.each(OPERATIONS)('%s: a text body that is not JSON is an UnexpectedResponseError quoting it', async (name) => {
    const error = await call(coze(), name, 'plain').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toBe('Expected the JSON body the operation promises, but the 200 response is text/plain; charset=utf-8: "OK"');
  });

  it('a JSON body is the data', async () => {
    for (const name of OPERATIONS) expect(await call(coze(), name, 'json'), name).toEqual({ id: 'x' });
  });

  it('every operation of the spec promises a JSON body on success', () => {
    expect(OPERATIONS.length).toBeGreaterThan(0);
    for (const operation of contract.operations) {
      const success = operation.responses[String(successStatus(operation))];
      expect(Object.keys(success?.content ?? {}), operation.id).toContain('application/json');
    }
  });
});
