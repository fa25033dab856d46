// What the transport reports of a call, over real servers on 127.0.0.1: the elapsed time it gives the hooks and the
// debug log, the reason and wait of each retry, the rate limiter's hold after a 429, the attempt count in a final
// error, a slow error body, and an abort before the request left (also while an async key was being fetched).
import { describe, expect, it } from 'vitest';
import { APIConnectionError, APIError, APIUserAbortError, type ResponseInfo, type RetryInfo } from '../src/index.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, rejectionOf } from './helpers/leaks.js';
import { collector } from './helpers/logger.js';
import { delay, json } from './helpers/server.js';

const fx = useIntegration();

const debugLines = (logger: ReturnType<typeof collector>) => logger.lines.filter((line) => line.level === 'debug').map((line) => line.text);

describe('elapsed time', () => {
  it('is measured for onResponse when only the hooks ask for it', async () => {
    const server = await fx.serve(async (_, res) => {
      await delay(120);
      json(res, 200, { id: 't1' });
    });
    const seen: ResponseInfo[] = [];
    await postThing(clientFor(server, { hooks: { onResponse: (info) => seen.push(info) } }));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.elapsedMs).toBeGreaterThanOrEqual(100);
  });

  it('is measured for the debug log when no hook asks for it', async () => {
    const server = await fx.serve(async (_, res) => {
      await delay(120);
      json(res, 200, { id: 't1' });
    });
    const logger = collector();
    await postThing(clientFor(server, { logLevel: 'debug', logger }));
    const answered = debugLines(logger).find((line) => line.includes(': 200 OK in '));
    const ms = Number(/: 200 OK in (\d+) ms/.exec(answered ?? '')?.[1]);
    expect(ms, `${answered}`).toBeGreaterThanOrEqual(100);
  });

  it('is told in the debug line of an attempt that got no answer', async () => {
    const server = await fx.serve(async (req) => {
      await delay(120);
      req.socket.destroy();
    });
    const logger = collector();
    await rejectionOf(postThing(clientFor(server, { logLevel: 'debug', logger, maxRetries: 0 })));
    const line = debugLines(logger).find((text) => text.includes('no answer after'));
    expect(line).toMatch(new RegExp(`^POST ${server.url}/things: no answer after (\\d+) ms: Connection error: `));
    expect(Number(/after (\d+) ms/.exec(line!)![1])).toBeGreaterThanOrEqual(100);
  });
});

describe('retries', () => {
  it('give a timed-out attempt the reason "timed out after <timeout> ms"', async () => {
    const server = await fx.serve((_, res, arrival) => {
      if (arrival.index > 0) json(res, 200, { id: 't1' });
    });
    const retries: RetryInfo[] = [];
    await postThing(clientFor(server, { timeout: 200, maxRetries: 1, hooks: { onRetry: (info) => retries.push(info) } }));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 0, serverAsked: false, reason: 'timed out after 200 ms', status: undefined });
  });

  it('name a status without a reason phrase by its number, and say the wait is the client’s own', async () => {
    const server = await fx.serveRaw((socket, _, index) => {
      const body = index === 0 ? '{}' : '{"id":"t1"}';
      socket.write(`HTTP/1.1 ${index === 0 ? '503 ' : '200 OK'}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
    });
    const retries: RetryInfo[] = [];
    const logger = collector();
    await postThing(clientFor(server, { maxRetries: 1, logLevel: 'debug', logger, hooks: { onRetry: (info) => retries.push(info) } }));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ reason: '503', serverAsked: false, status: 503 });
    expect(debugLines(logger)).toContainEqual(
      expect.stringMatching(new RegExp(`^POST ${server.url}/things: retrying in \\d+ ms, attempt 2 of 2: 503$`)),
    );
  });

  it('end in an error that says how many attempts there were, in how long, and keeps the cause', async () => {
    const server = await fx.serve((req) => {
      req.socket.destroy();
    });
    const error = await rejectionOf(postThing(clientFor(server, { maxRetries: 1 })));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/^Connection error: .* \(2 attempts in [\d.]+ m?s\)$/);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('follow a redirect within the attempt and say so at debug', async () => {
    const server = await fx.serve((_, res, arrival) => {
      if (arrival.url === '/things') {
        res.writeHead(307, { location: '/moved' });
        res.end();
      } else json(res, 200, { id: 't1' });
    });
    const logger = collector();
    await postThing(clientFor(server, { logLevel: 'debug', logger }));
    expect(debugLines(logger)).toContain(`POST ${server.url}/things: following the redirect to ${server.url}/moved`);
    expect(server.arrivals.map((arrival) => arrival.url)).toEqual(['/things', '/moved']);
  });
});

describe('a 429', () => {
  it.each<[string, { limited: boolean; retryAfterMs?: string }, string | undefined]>([
    ['with retry-after-ms 120', { limited: true, retryAfterMs: '120' }, '120 ms'],
    ['with retry-after-ms 60000, the longest wait honoured', { limited: true, retryAfterMs: '60000' }, '60 s'],
    ['without a wait', { limited: true }, undefined],
    ['without a limiter', { limited: false, retryAfterMs: '120' }, undefined],
  ])('%s: the debug log says how long the rate limiter holds every call', async (_, { limited, retryAfterMs }, held) => {
    const server = await fx.serve((_, res) => json(res, 429, { message: 'slow down' }, retryAfterMs ? { 'retry-after-ms': retryAfterMs } : {}));
    const logger = collector();
    const client = clientFor(server, {
      maxRetries: 0,
      logLevel: 'debug',
      logger,
      ...(limited ? { rateLimit: { requestsPerSecond: 100, burst: 10 } } : {}),
    });
    expect(await rejectionOf(postThing(client))).toBeInstanceOf(APIError);
    const lines = debugLines(logger).filter((line) => line.includes('holds every call'));
    expect(lines).toEqual(held === undefined ? [] : [`POST ${server.url}/things: 429, so the rate limiter holds every call for ${held}`]);
  });
});

describe('error statuses', () => {
  it('takes 599, the last of HTTP’s final statuses, as an answer (an APIError), not a broken connection', async () => {
    const server = await fx.serve((_, res) => json(res, 599, { message: 'edge' }));
    const error = await rejectionOf(postThing(clientFor(server, { maxRetries: 0 })));
    expect(error).toBeInstanceOf(APIError);
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect((error as APIError).status).toBe(599);
  });

  it.each([400, 599])('keeps %i as the error when its body is too slow, with a note for the body', async (status) => {
    const server = await fx.serve((_, res) => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"message":');
    });
    const error = await rejectionOf(postThing(clientFor(server, { maxRetries: 0, timeout: 200 })));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(status);
    expect((error as Error).message).toContain('(the response body timed out)');
  });
});

describe('an abort before the request leaves', () => {
  it('does not ask the key function for a token when the signal was aborted already', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { id: 't1' }));
    let asked = 0;
    const client = clientFor(server, {
      apiKey: () => {
        asked++;
        return SENTINEL;
      },
    });
    const reason = new Error('the user left');
    const error = await rejectionOf(client.post({ url: '/things', body: {}, security: BEARER, signal: AbortSignal.abort(reason) }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
    expect(asked).toBe(0);
    expect(server.arrivals).toHaveLength(0);
  });

  it('is the abort, with its reason, when it comes while an async key is being fetched', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { id: 't1' }));
    const controller = new AbortController();
    const reason = new Error('the user left');
    const client = clientFor(server, {
      apiKey: async () => {
        controller.abort(reason);
        await delay(10);
        return SENTINEL;
      },
    });
    const error = await rejectionOf(client.post({ url: '/things', body: {}, security: BEARER, signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
    expect(server.arrivals).toHaveLength(0);
  });
});
