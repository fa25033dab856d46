import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  CozeError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  RequestValidationError,
  ResponseTooLargeError,
  StreamParseError,
  UnexpectedResponseError,
} from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';
import { json } from './helpers/server.js';
import { collect, streamSetup } from './helpers/streams.js';

// What the error classes carry, read by a caller from a real server's answers: the fields the Coze body gives (its
// own code differs from the HTTP status), what is left out when the body is not an object, and toJSON (what a
// logger prints). fault-matrix.test.ts covers the class per status.
const fx = useIntegration();

async function errorFor(status: number, body: string, headers: Record<string, string> = {}) {
  const server = await fx.serve((_, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  });
  const error = await rejectionOf(postThing(clientFor(server, { hooks: fx.hooks, maxRetries: 0 })));
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

describe('APIError fields from the body', () => {
  it('takes the code from the body when it is a number (Coze codes differ from the status)', async () => {
    const error = await errorFor(400, JSON.stringify({ code: 4100, message: 'bad bot', details: 'bot_id' }), {
      'x-request-id': 'req-4100',
    });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.status).toBe(400);
    expect(error.code).toBe(4100);
    expect(error.details).toBe('bot_id');
    expect(error.requestId).toBe('req-4100');
    expect(error.toJSON()).toEqual({
      name: 'BadRequestError',
      status: 400,
      code: 4100,
      message: '400 bad bot: bot_id',
      details: 'bot_id',
      requestId: 'req-4100',
    });
  });

  it('uses the status as the code when the body’s code is not a number', async () => {
    const error = await errorFor(400, JSON.stringify({ code: '4100', message: 'bad bot' }));
    expect(error.code).toBe(400);
    expect(error.requestId).toBeUndefined();
  });

  it.each([
    ['an array', '[{"code":4100,"details":"x"}]', [{ code: 4100, details: 'x' }]],
    ['null', 'null', null],
    ['a string', '"code 4100"', 'code 4100'],
    ['text that is not JSON', 'details: bot_id', 'details: bot_id'],
  ])('reads no code or details from %s, and keeps the body as it came', async (_, text, body) => {
    const error = await errorFor(500, text);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.code).toBe(500);
    expect(error.details).toBeUndefined();
    expect(error.body).toEqual(body);
  });
});

describe('RateLimitError', () => {
  it('carries the wait the server asked for, also in toJSON', async () => {
    const error = await errorFor(429, JSON.stringify({ code: 4013, message: 'slow down' }), {
      'retry-after': '120',
      'x-request-id': 'req-429',
    });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(120_000);
    expect(error.toJSON()).toEqual({
      name: 'RateLimitError',
      status: 429,
      code: 4013,
      message: expect.stringMatching(/^429 slow down\. The server asked to wait 120 s/),
      details: undefined,
      requestId: 'req-429',
      retryAfter: 120_000,
    });
  });
});

describe('UnexpectedResponseError', () => {
  it.each([
    ['an empty body', ''],
    ['a body of only white space', ' \r\n\t '],
  ])('says "an empty body" for %s, and keeps the snippet as it came', async (_, text) => {
    const { stream } = await streamSetup(fx, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(text);
    });
    const error = await rejectionOf(collect(await stream()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toBeInstanceOf(CozeError);
    const unexpected = error as UnexpectedResponseError;
    expect(unexpected.name).toBe('UnexpectedResponseError');
    expect(unexpected.message).toBe('Expected a text/event-stream response, but the 200 response is text/plain: an empty body');
    expect(unexpected.snippet).toBe(text);
    expect(unexpected.contentType).toBe('text/plain');
    expect(unexpected.requestId).toBeUndefined();
  });

  it('quotes a body with text as JSON, so control characters stay visible', async () => {
    const { stream } = await streamSetup(fx, (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req-json' });
      res.end('{"a":"b"}\n');
    });
    const error = (await rejectionOf(collect(await stream()))) as UnexpectedResponseError;
    expect(error.message).toBe('Expected a text/event-stream response, but the 201 response is application/json: "{\\"a\\":\\"b\\"}\\n"');
    expect(error.status).toBe(201);
    expect(error.requestId).toBe('req-json');
  });
});

describe('every class names itself (what a log line or an uncaught error prints)', () => {
  it.each([
    ['CozeError', () => new CozeError('m')],
    ['APIError', () => new APIError(418, {}, 'm', {})],
    ['BadRequestError', () => new BadRequestError(400, {}, 'm', {})],
    ['AuthenticationError', () => new AuthenticationError(401, {}, 'm', {})],
    ['PermissionDeniedError', () => new PermissionDeniedError(403, {}, 'm', {})],
    ['NotFoundError', () => new NotFoundError(404, {}, 'm', {})],
    ['InternalServerError', () => new InternalServerError(500, {}, 'm', {})],
    ['RateLimitError', () => new RateLimitError(429, {}, 'm', {}, undefined)],
    ['APIConnectionError', () => new APIConnectionError('m')],
    ['APITimeoutError', () => new APITimeoutError('m')],
    ['APIUserAbortError', () => new APIUserAbortError()],
    ['RedirectError', () => new RedirectError(302, undefined, 'm')],
    ['RequestValidationError', () => new RequestValidationError([])],
    ['ResponseTooLargeError', () => new ResponseTooLargeError(200, 1)],
    ['StreamParseError', () => new StreamParseError('m')],
  ] as Array<[string, () => Error]>)('%s', (name, make) => {
    // The error is made inside the test: a test's title must not depend on the code under test.
    const error = make();
    expect(error.name).toBe(name);
    expect(String(error).startsWith(`${name}: `)).toBe(true);
    expect(error).toBeInstanceOf(CozeError);
  });
});

describe('the messages the other classes make', () => {
  it('APIUserAbortError says the caller aborted, and keeps the signal’s reason as its cause', async () => {
    const server = await fx.serve(() => undefined);
    const client = clientFor(server, { hooks: fx.hooks });
    const controller = new AbortController();
    const reason = new Error('user left');
    const call = postThing(client, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(reason);
    const error = (await rejectionOf(call)) as APIUserAbortError;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.message).toBe('The request was aborted by the caller.');
  });

  it('ResponseTooLargeError names the status and the limit, and says what to do', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { text: 'x'.repeat(200) }));
    const client = clientFor(server, { hooks: fx.hooks, maxResponseBytes: 100 });
    const error = (await rejectionOf(postThing(client))) as ResponseTooLargeError;
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.message).toBe(
      'The 200 response body is larger than maxResponseBytes (100 bytes, counted after decompression); reading stopped there. ' +
        'Raise maxResponseBytes if such a body is expected.',
    );
    expect(error).toMatchObject({ status: 200, limit: 100 });
  });

  it('RequestValidationError joins its issues’ sentences', () => {
    const error = new RequestValidationError([
      { field: 'a', rule: 'required', message: 'a is required' },
      { field: 'b', rule: 'maximum', message: 'b must be <= 1' },
    ]);
    expect(error.message).toBe('Invalid request: a is required; b must be <= 1');
    expect(error.issues).toHaveLength(2);
  });

  it('StreamParseError keeps the event and the cause it was given, and has no event when given none', () => {
    const cause = new SyntaxError('bad json');
    const error = new StreamParseError('bad frame', { event: 'delta', cause });
    expect(error).toMatchObject({ message: 'bad frame', event: 'delta', cause });
    expect(new StreamParseError('too large').event).toBeUndefined();
  });

  it('RedirectError keeps the status and the location', () => {
    expect(new RedirectError(307, 'https://elsewhere.test/x', 'm')).toMatchObject({ status: 307, location: 'https://elsewhere.test/x' });
  });

  it('APIConnectionError keeps its cause', () => {
    const cause = new Error('ECONNRESET');
    expect(new APIConnectionError('Connection error: reset', { cause }).cause).toBe(cause);
    expect(new APIUserAbortError(undefined, { cause }).cause).toBe(cause);
  });
});
