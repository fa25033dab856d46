// What the transport says and does at the edges its other tests pass by: the log line of a URL without a path, the
// debug line of an answer (no reason phrase, no request id, a stream's error body), log levels without debug, the
// wait of a retried error status, a Retry-After of exactly the longest wait honoured, a status beyond 599 whose body
// stalls, what broke an error status's body, and the refusal of a URL the token may not go to.
import { describe, expect, it } from 'vitest';
import { APIConnectionError, APIError, APIUserAbortError, RequestValidationError, createClient, type RetryInfo } from '../src/index.js';
import { BEARER, clientFor, postThing, recordingFetch } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, rejectionOf } from './helpers/leaks.js';
import { collector } from './helpers/logger.js';
import { json } from './helpers/server.js';

const fx = useIntegration();
const overNodeHttp = (globalThis as { __cozeTransport?: string }).__cozeTransport === 'node-http';

const linesAt = (logger: ReturnType<typeof collector>, level: string) =>
  logger.lines.filter((line) => line.level === level).map((line) => line.text);

describe('log lines', () => {
  it('name a URL without a path by "/"', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const logger = collector();
    await clientFor(server, { logLevel: 'info', logger }).fetch(server.url);
    expect(linesAt(logger, 'info')).toEqual([expect.stringMatching(/^GET \/ 200 in \d+ ms, 1 attempt, request id \(none\)$/)]);
  });

  it('at debug, an answer without a reason phrase or a request id says so plainly', async () => {
    const server = await fx.serveRaw((socket) => socket.write('HTTP/1.1 503 \r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}'));
    const logger = collector();
    await rejectionOf(postThing(clientFor(server, { maxRetries: 0, logLevel: 'debug', logger })));
    expect(linesAt(logger, 'debug')).toContainEqual(
      expect.stringMatching(new RegExp(`^POST ${server.url}/things: 503 in \\d+ ms, request id \\(none\\), body \\{\\}$`)),
    );
  });

  it('at debug, a stream answered with an error status shows the error’s body, not "(a stream)"', async () => {
    const server = await fx.serve((_, res) => json(res, 400, { code: 4000, msg: 'bad' }));
    const logger = collector();
    const opened = clientFor(server, { maxRetries: 0, logLevel: 'debug', logger }).post({ url: '/chat', body: {}, security: BEARER, sse: {} });
    expect(await rejectionOf(opened)).toBeInstanceOf(APIError);
    const answer = linesAt(logger, 'debug').find((line) => line.startsWith(`POST ${server.url}/chat: 400`));
    expect(answer).toMatch(/, body \{"code":4000,"msg":"bad"\}$/);
  });

  it.each(['info', 'warn'] as const)('at %s, a redirect and a 429 the limiter holds for leave no debug line and break nothing', async (logLevel) => {
    const server = await fx.serve((_, res, arrival) => {
      if (arrival.url === '/things') {
        res.writeHead(307, { location: '/moved' });
        res.end();
      } else if (arrival.index === 1) json(res, 429, {}, { 'retry-after-ms': '50' });
      else json(res, 200, { id: 't1' });
    });
    const logger = collector();
    const client = clientFor(server, { logLevel, logger, rateLimit: { requestsPerSecond: 100, burst: 10 } });
    expect(await postThing(client)).toEqual({ id: 't1' });
    expect(server.arrivals.map((arrival) => arrival.url)).toEqual(['/things', '/moved', '/moved']);
    expect(linesAt(logger, 'debug')).toEqual([]);
  });
});

describe('retried error statuses', () => {
  it('a 503 that asks for a wait is retried after it, and the rate limiter holds nothing', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 0 ? json(res, 503, {}, { 'retry-after-ms': '80' }) : json(res, 200, { id: 't1' }),
    );
    const logger = collector();
    const retries: RetryInfo[] = [];
    const client = clientFor(server, {
      logLevel: 'debug',
      logger,
      rateLimit: { requestsPerSecond: 100, burst: 10 },
      hooks: { onRetry: (info) => retries.push(info) },
    });
    expect(await postThing(client)).toEqual({ id: 't1' });
    expect(retries).toMatchObject([{ delayMs: 80, serverAsked: true, status: 503 }]);
    expect(linesAt(logger, 'debug').filter((line) => line.includes('holds every call'))).toEqual([]);
  });

  it('a 429 asking for exactly 60 s, the longest wait honoured, is retried after it (aborted here while it waits)', async () => {
    const server = await fx.serve((_, res) => json(res, 429, {}, { 'retry-after-ms': '60000' }));
    const controller = new AbortController();
    const retries: RetryInfo[] = [];
    const client = clientFor(server, {
      hooks: {
        onRetry: (info) => {
          retries.push(info);
          controller.abort(new Error('enough'));
        },
      },
    });
    const error = await rejectionOf(postThing(client, { signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(retries).toMatchObject([{ delayMs: 60_000, serverAsked: true, status: 429 }]);
    expect(server.arrivals).toHaveLength(1);
  });

  it('the final error says how long the attempts took in all', async () => {
    const server = await fx.serve((_, res) => json(res, 503, {}, { 'retry-after-ms': '10' }));
    const error = (await rejectionOf(postThing(clientFor(server, { maxRetries: 1 })))) as APIError;
    expect(error).toBeInstanceOf(APIError);
    const took = /\(2 attempts in ([\d.]+) (ms|s)\)/.exec(error.message);
    expect(took, error.message).not.toBeNull();
    expect(Number(took![1]) * (took![2] === 's' ? 1000 : 1)).toBeLessThan(10_000);
  });
});

describe('broken answers', () => {
  it('a status beyond 599 whose body stalls is a broken connection, not an APIError', async () => {
    const server = await fx.serveRaw((socket) => socket.write('HTTP/1.1 600 Odd\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a"'));
    const error = await rejectionOf(postThing(clientFor(server, { timeout: 300, maxRetries: 0 })));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIError);
  });

  it('an error status whose body is cut off keeps what cut it off as the cause', async () => {
    const server = await fx.serveRaw((socket) => {
      socket.write('HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"code":');
      setTimeout(() => socket.destroy(), 20);
    });
    const error = (await rejectionOf(postThing(clientFor(server, { maxRetries: 0 })))) as APIError;
    expect(error).toBeInstanceOf(APIError);
    const cut = error.cause as APIConnectionError;
    expect(cut).toBeInstanceOf(APIConnectionError);
    // node:http's transport says so itself; fetch's own error is wrapped and kept as the cause.
    if (overNodeHttp) expect(cut.message).toBe('The response body was cut off.');
    else {
      expect(cut.message).toMatch(/^The response body was cut off: \S/);
      expect(cut.cause).toBeInstanceOf(Error);
    }
  });
});

describe('the token’s destination', () => {
  it('refuses a URL that is not absolute, naming the field and the rule', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    const error = (await rejectionOf(clientFor(server).fetch('/relative/path'))) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.issues).toEqual([
      { field: 'url', rule: 'origin', message: `The API token is sent only to ${server.url}; refusing a URL that is not absolute` },
    ]);
    expect(server.arrivals).toHaveLength(0);
  });

  // Without a base URL, each absolute URL is checked; an operation without security sends no token, so it may go
  // anywhere (base-url.test.ts has more refusals of calls that do carry it).
  it('is not applied to a call that sends no token: plain http to a host that is not loopback goes out', async () => {
    const { calls, authorizations, fetch } = recordingFetch('{"ok":true}');
    const client = createClient({ apiKey: SENTINEL, rateLimit: false, fetch });
    expect(await client.get({ url: 'http://api.example.com/v1/public' })).toEqual({ ok: true });
    const refused = await rejectionOf(client.get({ url: 'http://api.example.com/v1/private', security: BEARER }));
    expect(refused).toBeInstanceOf(RequestValidationError);
    expect((refused as Error).message).toContain('refusing http://api.example.com');
    expect(calls).toEqual(['http://api.example.com/v1/public']);
    expect(authorizations).toEqual([null]);
  });

  it('without a base URL, the refusal says the rule: https, or a loopback host', async () => {
    const client = createClient({ apiKey: SENTINEL, rateLimit: false, fetch: () => Promise.reject(new Error('nothing may be sent')) });
    const error = (await rejectionOf(client.fetch('http://api.example.com/v1/chat'))) as RequestValidationError;
    expect(error.issues).toEqual([
      {
        field: 'url',
        rule: 'origin',
        message: 'The API token is sent only over https (or to a loopback host); refusing http://api.example.com',
      },
    ]);
  });
});
