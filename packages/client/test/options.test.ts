// No silent misconfiguration, and a name on every request: misspelt options fail before anything is
// sent, chat.create refuses to stream, and each request says which SDK, runtime and OS sent it.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockServer, type MockServer } from '@coze/mock-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CozeAPI, CozeError, RequestValidationError, VERSION, type CozeAPIOptions } from '../src/index.js';
import { createFetchClient } from '../src/fetch.js';

let server: MockServer;
const messages = [{ role: 'user' as const, content: '你好' }];

beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

const client = (options: Partial<CozeAPIOptions> = {}) =>
  new CozeAPI({ apiKey: server.tokens.admin, baseURL: server.url, rateLimit: false, ...options });

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('constructor options', () => {
  it.each([
    ['baseUrl', 'baseURL'],
    ['apikey', 'apiKey'],
    ['base_url', 'baseURL'],
    ['timeOut', 'timeout'],
    ['max_retries', 'maxRetries'],
  ])('`%s` throws at once, suggesting `%s`, and nothing is sent', (wrong, right) => {
    const error = thrown(() => new CozeAPI({ apiKey: server.tokens.admin, [wrong]: server.url } as CozeAPIOptions));
    expect(error).toBeInstanceOf(CozeError);
    expect(error.message).toContain(`Unknown option for the Coze client: \`${wrong}\` (did you mean \`${right}\`?).`);
    expect(error.message).toContain('The options are: apiKey, baseURL, validateRequests, dangerouslyAllowBrowser,');
    expect(server.requests).toHaveLength(0);
  });

  it('the openapi-fetch client checks them too', () => {
    expect(() => createFetchClient({ apiKey: 'k', baseUrl: server.url } as CozeAPIOptions)).toThrow(/did you mean `baseURL`/);
  });

  it('the message names the option, never its value (a misspelt apiKey holds the token)', () => {
    const error = thrown(() => new CozeAPI({ apikey: 'sentinel-token-do-not-print', baseURL: server.url } as CozeAPIOptions));
    expect(`${error.message}${error.stack}`).not.toContain('sentinel-token-do-not-print');
  });

  it('a static apiKey is fine outside a browser, without dangerouslyAllowBrowser', async () => {
    expect((await client().chat.create({ messages })).content).toContain('你好');
  });
});

describe('call options', () => {
  it('a misspelt one rejects the call before it is sent, with a suggestion', async () => {
    const error = await client()
      .chat.create({ messages }, { timeOut: 10 } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).issues).toEqual([
      {
        field: 'timeOut',
        rule: 'unknown',
        message:
          'Unknown option for a request: `timeOut` (did you mean `timeout`?). The options are: signal, timeout, maxRetries, headers, idempotencyKey, maxResponseBytes',
      },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('a parameter passed among the options is caught too', async () => {
    const error = await client()
      .workflow.list({}, { limit: 2 } as never)
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^Invalid request: Unknown option for a request: `limit`\. /);
    expect(server.requests).toHaveLength(0);
  });

  // The request's own parts, which the binding sets: taken from a caller (plain JavaScript, or a cast), `url` would
  // send the call elsewhere, `security: []` without its token, `body` a GET with a body.
  it.each([
    ['url', '/admin/delete-everything'],
    ['security', []],
    ['body', { x: 1 }],
    ['method', 'DELETE'],
    ['path', { workflow_id: 'wf_other' }],
    ['query', { limit: 1 }],
    ['responseStyle', 'fields'],
    ['throwOnError', false],
    ['meta', {}],
    ['client', {}],
    ['sse', { endEvent: 'done' }],
  ])('`%s` among the options rejects the call before it is sent', async (name, value) => {
    for (const call of [
      (coze: CozeAPI) => coze.chat.create({ messages }, { [name]: value } as never),
      (coze: CozeAPI) => coze.workflow.list(undefined, { [name]: value } as never),
    ]) {
      const error = await call(client()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).issues.map((issue) => issue.field)).toEqual([name]);
      expect((error as Error).message).toContain(`Unknown option for a request: \`${name}\``);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('no options, undefined or null, are fine; options that are not an object are refused', async () => {
    const coze = client();
    expect((await coze.chat.create({ messages }, undefined)).content).toContain('你好');
    expect((await coze.chat.create({ messages }, null as never)).content).toContain('你好');
    const error = await coze.chat.create({ messages }, 'fast' as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toBe("Invalid request: A call's options must be an object (such as { timeout: 60_000 }), not a string");
    expect(server.requests).toHaveLength(2);
  });

  it('also through the iterator of a paginated list', async () => {
    const iterate = async () => {
      for await (const _ of client().workflow.list({}, { maxRetry: 1 } as never)) void _;
    };
    await expect(iterate()).rejects.toThrow(/`maxRetry` \(did you mean `maxRetries`\?\)/);
  });

  it('chat.stream() knows idleTimeout, and suggests it', async () => {
    const texts: string[] = [];
    for await (const text of client().chat.stream({ messages }, { idleTimeout: 5_000, timeout: 5_000 }).textDeltas()) texts.push(text);
    expect(texts.join('')).toContain('你好');
    const misspelt = client().chat.stream({ messages }, { idleTimeOut: 5_000 } as never);
    await expect(misspelt.finalChat()).rejects.toThrow(/`idleTimeOut` \(did you mean `idleTimeout`\?\)/);
    expect(server.requests).toHaveLength(1);
  });

  it('chat.stream() takes maxEventSize: an event over it fails the stream; a bad value is refused before anything is sent', async () => {
    const texts: string[] = [];
    for await (const text of client().chat.stream({ messages }, { maxEventSize: 100_000 }).textDeltas()) texts.push(text);
    expect(texts.join('')).toContain('你好');
    expect(server.requests).toHaveLength(1);
    // An event whose data line arrives in two pieces, the first already over a limit of 64 characters: it fails the stream.
    const split = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`event: chat.message.delta\ndata: {"delta":"${'a'.repeat(80)}`);
      setTimeout(() => res.end(`${'b'.repeat(20)}"}\n\nevent: done\ndata: {}\n\n`), 30);
    });
    await new Promise<void>((resolve) => split.listen(0, '127.0.0.1', resolve));
    try {
      const baseURL = `http://127.0.0.1:${(split.address() as AddressInfo).port}/v1`;
      const splitClient = new CozeAPI({ apiKey: server.tokens.admin, baseURL, rateLimit: false });
      const tight = splitClient.chat.stream({ messages }, { maxEventSize: 64 });
      await expect(tight.finalChat()).rejects.toMatchObject({ name: 'StreamParseError', message: expect.stringContaining('64 characters') });
      const roomy: string[] = [];
      for await (const event of splitClient.chat.stream({ messages }, { maxEventSize: 200 })) roomy.push(event.event);
      expect(roomy).toEqual(['chat.message.delta']);
    } finally {
      split.close();
    }
    for (const bad of [0, 1.5, -1]) {
      const refused = client().chat.stream({ messages }, { maxEventSize: bad });
      await expect(refused.finalChat()).rejects.toMatchObject({
        name: 'RequestValidationError',
        message: expect.stringContaining(`maxEventSize must be a whole number of characters above 0; got ${bad}.`),
      });
    }
    expect(server.requests).toHaveLength(1);
  });

  it('every option a caller may pass goes through', async () => {
    const controller = new AbortController();
    const options = { signal: controller.signal, timeout: 5_000, maxRetries: 1, headers: { 'x-trace': 't' }, idempotencyKey: 'k-1' };
    await client().workflow.create({ name: 'options' }, options);
    expect(server.requests[0]?.headers['idempotency-key']).toBe('k-1');
    expect(server.requests[0]?.headers['x-trace']).toBe('t');
  });
});

describe('chat.create and streaming', () => {
  it('`stream: true` rejects with a pointer to chat.stream(), and nothing is sent', async () => {
    const error = await client()
      .chat.create({ messages, stream: true } as never)
      .catch((caught: unknown) => caught);
    // A RequestValidationError, as every refusal of the caller's input is (and so a CozeError too).
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).issues.map((issue) => issue.field)).toEqual(['stream']);
    expect((error as Error).message).toBe('Invalid request: chat.create() does not stream: call chat.stream() for a streamed reply');
    expect(server.requests).toHaveLength(0);
  });

  it('`stream: false` is the default, and allowed', async () => {
    expect((await client().chat.create({ messages, stream: false } as never)).content).toContain('你好');
  });

  it('chat.stream() still streams, through the generated operation with stream: true', async () => {
    const chat = await client().chat.stream({ messages }).finalChat();
    expect(chat.content).toContain('你好');
    expect(server.requests[0]?.body).toMatchObject({ stream: true });
  });
});

describe('identity', () => {
  const expected = `coze-client-ts/${VERSION} (node ${process.versions.node}; linux)`;

  it('VERSION is the package.json version', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(manifest.version);
  });

  it('every request carries User-Agent: JSON calls (node:http), streams (fetch) and the openapi-fetch client', async () => {
    const coze = client();
    await coze.chat.create({ messages });
    await coze.chat.stream({ messages }).finalChat();
    await createFetchClient({ apiKey: server.tokens.admin, baseURL: server.url }).POST('/chat', { body: { messages } });
    expect(server.requests.map((request) => request.headers['user-agent'])).toEqual([expected, expected, expected]);
    expect(server.requests.every((request) => request.headers['x-coze-client'] === undefined)).toBe(true);
  });

  it('with a fetch of the caller too', async () => {
    await client({ fetch: (input, init) => fetch(input, init) }).workflow.list();
    expect(server.requests[0]?.headers['user-agent']).toBe(expected);
  });

  it("the caller's defaultHeaders win, User-Agent included, in any case", async () => {
    await client({ defaultHeaders: { 'User-Agent': 'my-app/2.0' } }).workflow.list();
    expect(server.requests[0]?.headers['user-agent']).toBe('my-app/2.0');
  });
});
