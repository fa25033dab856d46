// Every operation in the spec promises a JSON body on success, and each method's type says so (`Chat`, a page of
// workflows…). A 2xx answer with an empty body, or one that is not JSON (a gateway's "OK"), is then an
// UnexpectedResponseError, not `undefined` or a string handed on as if it were that data.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CozeAPI, UnexpectedResponseError } from '../src/index.js';
import { operations } from './spec-helpers.js';

/** How the server answers a request whose path ends with each of these: every answer is a 200. */
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
    const answer = ANSWERS[new URL(req.url!, 'http://x').searchParams.get('answer') ?? req.headers['x-answer']?.toString() ?? '']!;
    res.writeHead(200, { ...(answer.type ? { 'content-type': answer.type } : {}), 'x-request-id': 'req_promised' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Every generated method, called with valid input; `answer` picks what the server sends back. */
const CALLS: Record<string, (coze: CozeAPI, answer: string) => Promise<unknown>> = {
  'chat.create': (coze, answer) => coze.chat.create({ messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-answer': answer } }),
  'workflow.list': (coze, answer) => coze.workflow.list({}, { headers: { 'x-answer': answer } }),
  'workflow.create': (coze, answer) => coze.workflow.create({ name: 'w' }, { headers: { 'x-answer': answer } }),
  'workflow.get': (coze, answer) => coze.workflow.get({ workflow_id: 'wf_1' }, { headers: { 'x-answer': answer } }),
  'workflow.update': (coze, answer) => coze.workflow.update({ workflow_id: 'wf_1', name: 'v' }, { headers: { 'x-answer': answer } }),
  'workflow.delete': (coze, answer) => coze.workflow.delete({ workflow_id: 'wf_1' }, { headers: { 'x-answer': answer } }),
  'workflow.run': (coze, answer) => coze.workflow.run({ workflow_id: 'wf_1' }, { headers: { 'x-answer': answer } }),
};

const coze = () => new CozeAPI({ apiKey: 'pat_promised_json', baseURL, rateLimit: false, validateRequests: false });

describe('a 2xx answer without the JSON body the operation promises', () => {
  it.each(Object.keys(CALLS))('%s: an empty body (with or without a JSON type) is an UnexpectedResponseError, sent once', async (name) => {
    for (const answer of ['empty', 'bare']) {
      const before = arrivals;
      const error = await CALLS[name]!(coze(), answer).then(
        (data) => ({ resolved: data }),
        (caught: unknown) => caught,
      );
      expect(error, `${name} with the ${answer} answer`).toBeInstanceOf(UnexpectedResponseError);
      expect(error).toMatchObject({ status: 200, snippet: '', requestId: 'req_promised' });
      expect((error as Error).message).toMatch(/^Expected the JSON body the operation promises, but the 200 response .*: an empty body$/);
      expect(arrivals - before).toBe(1);
    }
  });

  it.each(Object.keys(CALLS))('%s: a text body that is not JSON is an UnexpectedResponseError quoting it', async (name) => {
    const error = await CALLS[name]!(coze(), 'plain').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toBe('Expected the JSON body the operation promises, but the 200 response is text/plain; charset=utf-8: "OK"');
  });

  it('a JSON body is the data', async () => {
    for (const call of Object.values(CALLS)) expect(await call(coze(), 'json')).toEqual({ id: 'x' });
  });

  it('the calls above are every operation of the spec, each promising JSON', () => {
    expect(Object.keys(CALLS).sort()).toEqual(operations().map((operation) => operation.operationId).sort());
  });
});
