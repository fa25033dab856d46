// Logging over a real server on 127.0.0.1: one line per call from `info` (warn for retried calls, error for
// failed ones), every step at `debug`, nothing at `off`, and the token redacted from every line at every level,
// including the bodies a debug line shows and the errors a failed call's line quotes.
import { describe, expect, it } from 'vitest';
import { APIConnectionError, CozeError, LOG_BODY_LIMIT, createClient, type Config, type LogLevel, type Logger } from '../src/index.js';
import { createLog, redact } from '../src/log.js';
import { BEARER, clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, rejectionOf } from './helpers/leaks.js';
import { collector } from './helpers/logger.js';
import { json } from './helpers/server.js';

const fx = useIntegration();

const ok = (status = 200) => (_: unknown, res: Parameters<typeof json>[0]) => json(res, status, { id: 't1' }, { 'x-request-id': `req-${status}` });

describe('logLevel: info', () => {
  it('logs one line per call: method, path, status, elapsed time, attempts and request id', async () => {
    const server = await fx.serve(ok(201));
    const logger = collector();
    const client = clientFor(server, { logLevel: 'info', logger, logName: '[sdk]' });
    await client.post({ url: '/things', query: { limit: 5 }, body: { name: 'thing' }, security: BEARER });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]!.level).toBe('info');
    expect(logger.lines[0]!.text).toMatch(/^\[sdk\] POST \/things 201 in \d+ ms, 1 attempt, request id req-201$/);
  });

  it('logs a call that needed retries at warn, and one that failed at error, still one line each', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.url === '/flaky' && arrival.index === 0 ? json(res, 503, { message: 'busy' }) : json(res, arrival.url === '/missing' ? 404 : 200, {}),
    );
    const logger = collector();
    const client = clientFor(server, { logLevel: 'info', logger, maxRetries: 1 });
    await client.get({ url: '/flaky', security: BEARER });
    await rejectionOf(client.get({ url: '/missing', security: BEARER }));
    expect(logger.lines.map((line) => line.level)).toEqual(['warn', 'error']);
    expect(logger.lines[0]!.text).toMatch(/^GET \/flaky 200 in [\d.]+ m?s, 2 attempts, request id \(none\)$/);
    expect(logger.lines[1]!.text).toMatch(/^GET \/missing 404 in \d+ ms, 1 attempt/);
  });

  it('names the error of a call that got no answer', async () => {
    const server = await fx.serve((req) => {
      req.socket.destroy();
    });
    const logger = collector();
    const client = clientFor(server, { logLevel: 'error', logger, maxRetries: 0 });
    await rejectionOf(postThing(client));
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({ level: 'error' });
    expect(logger.lines[0]!.text).toMatch(/^POST \/things failed in \d+ ms, 1 attempt: APIConnectionError: /);
  });
});

describe('logLevel: error and warn filter by outcome', () => {
  it.each<[LogLevel, string[]]>([
    ['error', ['error']],
    ['warn', ['warn', 'error']],
    ['info', ['info', 'warn', 'error']],
  ])('%s shows %j', async (logLevel, levels) => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.url === '/retried' && !server.arrivals.some((a) => a.url === '/retried' && a.index < arrival.index)
        ? json(res, 500, {})
        : json(res, arrival.url === '/bad' ? 400 : 200, {}),
    );
    const logger = collector();
    const client = clientFor(server, { logLevel, logger, maxRetries: 1 });
    await client.get({ url: '/fine', security: BEARER });
    await client.get({ url: '/retried', security: BEARER });
    await rejectionOf(client.get({ url: '/bad', security: BEARER }));
    expect(logger.lines.map((line) => line.level)).toEqual(levels);
  });
});

describe('logLevel: debug', () => {
  it('adds each attempt (headers redacted, body), each response (request id, body), and the retry with its reason and wait', async () => {
    const server = await fx.serve((_, res, arrival) =>
      arrival.index === 0
        ? json(res, 503, { message: 'busy' }, { 'retry-after-ms': '50', 'x-request-id': 'req-a' })
        : json(res, 200, { id: 't1' }, { 'x-request-id': 'req-b' }),
    );
    const logger = collector();
    const client = clientFor(server, { logLevel: 'debug', logger });
    await postThing(client);
    const text = logger.lines.map((line) => `${line.level} ${line.text}`);
    const url = `${server.url}/things`;
    expect(text[0]).toMatch(new RegExp(`^debug POST ${url}: attempt 1 of 2, headers \\{.*"authorization":"\\[REDACTED\\]".*\\}, body \\{"name":"thing"\\}$`));
    expect(text[1]).toMatch(new RegExp(`^debug POST ${url}: 503 Service Unavailable in \\d+ ms, request id req-a, body \\{"message":"busy"\\}$`));
    expect(text[2]).toBe(`debug POST ${url}: retrying in 50 ms (as the server asked), attempt 2 of 2: 503 Service Unavailable`);
    expect(text[3]).toMatch(new RegExp(`^debug POST ${url}: attempt 2 of 2, `));
    expect(text[4]).toMatch(/: 200 OK in \d+ ms, request id req-b, body \{"id":"t1"\}$/);
    expect(text[5]).toMatch(/^warn POST \/things 200 in \d+ ms, 2 attempts, request id req-b$/);
    expect(text).toHaveLength(6);
  });

  it('logs the wait for a rate-limit token', async () => {
    const server = await fx.serve(ok());
    const logger = collector();
    const client = clientFor(server, { logLevel: 'debug', logger, rateLimit: { requestsPerSecond: 20, burst: 1 } });
    await Promise.all([postThing(client), postThing(client)]);
    const waits = logger.lines.filter((line) => line.text.includes('for a rate-limit token'));
    expect(waits).toHaveLength(1);
    expect(waits[0]!.text).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/things: waited \d+ ms for a rate-limit token$/);
  });

  it('cuts a body at LOG_BODY_LIMIT characters and says how much is left out', async () => {
    const server = await fx.serve(ok());
    const logger = collector();
    const client = clientFor(server, { logLevel: 'debug', logger });
    const name = 'x'.repeat(3 * LOG_BODY_LIMIT);
    await client.post({ url: '/things', body: { name }, security: BEARER });
    const sent = logger.lines.find((line) => line.text.includes('attempt 1 of'))!.text;
    const body = sent.slice(sent.indexOf(', body ') + 7);
    expect(body).toBe(`{"name":"${'x'.repeat(LOG_BODY_LIMIT - 9)}… (${name.length + 11 - LOG_BODY_LIMIT} more characters)`);
  });

  it('says when a debug line stands for a stream, binary data or no body', async () => {
    const server = await fx.serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {}\n\n');
    });
    const logger = collector();
    const client = clientFor(server, { logLevel: 'debug', logger });
    const { data } = await client.get({ url: '/events', security: BEARER, sse: {} }).withResponse();
    for await (const _ of data as AsyncIterable<unknown>) break;
    expect(logger.lines.find((line) => line.text.includes('attempt 1'))!.text).toMatch(/body \(none\)$/);
    expect(logger.lines.find((line) => line.text.includes(': 200 OK'))!.text).toMatch(/body \(a stream\)$/);
  });

  it('shows a body of exactly LOG_BODY_LIMIT characters whole', async () => {
    const server = await fx.serve(ok());
    const logger = collector();
    const client = clientFor(server, { logLevel: 'debug', logger });
    const body = 'y'.repeat(LOG_BODY_LIMIT);
    await client.post({ url: '/things', body, security: BEARER });
    expect(logger.lines.find((line) => line.text.includes('attempt 1 of'))!.text).toMatch(new RegExp(`, body ${body}$`));
  });

  it('shows binary data as its size, and an empty body as (empty)', async () => {
    const server = await fx.serve((_, res, arrival) => {
      if (arrival.url === '/empty') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from([1, 2, 3, 4, 5]));
    });
    const logger = collector();
    const client = clientFor(server, { logLevel: 'debug', logger });
    const response = await client.fetch(new Request(`${server.url}/upload`, { method: 'POST', body: new Uint8Array([9, 8, 7]) }));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 4, 5]));
    await client.post({ url: '/empty', body: '', security: BEARER });
    const upload = logger.lines.filter((line) => line.text.includes('/upload'));
    expect(upload.find((line) => line.text.includes('attempt 1 of'))!.text).toMatch(/, body \(3 bytes of binary data\)$/);
    expect(upload.find((line) => line.text.includes(': 200 OK'))!.text).toMatch(/, body \(5 bytes of binary data\)$/);
    const empty = logger.lines.filter((line) => line.text.includes('/empty'));
    expect(empty.find((line) => line.text.includes('attempt 1 of'))!.text).toMatch(/, body \(empty\)$/);
    expect(empty.find((line) => line.text.includes(': 200 OK'))!.text).toMatch(/, body \(empty\)$/);
  });
});

describe('logLevel: off', () => {
  it('never calls the logger (and is the default)', async () => {
    const server = await fx.serve(ok());
    const boom = () => {
      throw new Error('the logger was called');
    };
    const logger = { error: boom, warn: boom, info: boom, debug: boom };
    await postThing(clientFor(server, { logger }));
    await postThing(clientFor(server, { logLevel: 'off', logger }));
    expect(server.arrivals).toHaveLength(2);
  });

  it('logs not even a failed call', async () => {
    const server = await fx.serve((_, res) => json(res, 404, { message: 'no such thing' }));
    const logger = collector();
    await rejectionOf(postThing(clientFor(server, { logLevel: 'off', logger, maxRetries: 0 })));
    expect(server.arrivals).toHaveLength(1);
    expect(logger.lines).toEqual([]);
  });

  it('refuses an unknown level or a logger without the four methods, naming the option', () => {
    expect(() => createClient({ logLevel: 'verbose' as LogLevel })).toThrow(
      "logLevel must be one of 'off', 'error', 'warn', 'info', 'debug'; got \"verbose\".",
    );
    expect(() => createClient({ logLevel: 'degub' as LogLevel })).toThrow("(did you mean 'debug'?)");
    expect(() => createClient({ logger: { info: () => undefined } as unknown as Logger })).toThrow(
      new CozeError('logger must have the methods error, warn, info and debug, as console, pino and winston do; this one lacks error, warn, debug.'),
    );
  });

  it('refuses a level that is not a string without guessing, and a null logger as lacking every method', () => {
    expect(() => createClient({ logLevel: 3 as unknown as LogLevel })).toThrow(
      new CozeError("logLevel must be one of 'off', 'error', 'warn', 'info', 'debug'; got 3."),
    );
    expect(() => createClient({ logger: null as unknown as Logger })).toThrow(
      new CozeError('logger must have the methods error, warn, info and debug, as console, pino and winston do; this one lacks error, warn, info, debug.'),
    );
  });
});

describe('the token in logs', () => {
  /** Every path a call can take: success with the token echoed in bodies, retries, a 401, a dropped connection. */
  async function everyPath(config: Config) {
    const server = await fx.serve((req, res, arrival) => {
      if (arrival.url === '/echo') return json(res, 200, { echoed: JSON.parse(arrival.body) }, { 'x-request-id': SENTINEL });
      if (arrival.url === '/retry' && arrival.headers['x-try'] !== 'seen') return json(res, 503, { message: `token ${SENTINEL} busy` });
      if (arrival.url === '/denied') return json(res, 401, { message: `bad token ${SENTINEL}`, details: SENTINEL });
      req.socket.destroy();
    });
    // A bucket of one: the later calls wait for a token, and the wait's debug line names the URL.
    const client = clientFor(server, { maxRetries: 1, rateLimit: { requestsPerSecond: 50, burst: 1 }, ...config });
    await client.post({ url: '/echo', body: { text: `my key is ${SENTINEL}` }, security: BEARER });
    await rejectionOf(client.post({ url: '/retry', body: { text: SENTINEL }, security: BEARER }));
    await rejectionOf(client.get({ url: '/denied', security: BEARER }));
    const dropped = await rejectionOf(client.get({ url: `/drop/${SENTINEL}`, security: BEARER }));
    expect(dropped).toBeInstanceOf(APIConnectionError);
  }

  it.each<LogLevel>(['error', 'warn', 'info', 'debug'])('is redacted from every line at %s, with a string key and a key function', async (logLevel) => {
    for (const apiKey of [SENTINEL, () => SENTINEL, async () => SENTINEL]) {
      const logger = collector();
      await everyPath({ logLevel, logger, apiKey });
      expect(logger.lines.length).toBeGreaterThan(0);
      for (const line of logger.lines) expect(line.text, `${logLevel} ${line.level}`).not.toContain(SENTINEL);
      // The lines that would quote it do exist and show the redaction instead: the check above can fail.
      expect(logger.lines.some((line) => line.text.includes('[REDACTED]'))).toBe(true);
      if (logLevel === 'debug') {
        expect(logger.lines.some((line) => /\/drop\/\[REDACTED\]: waited \d+ ms for a rate-limit token/.test(line.text))).toBe(true);
        expect(logger.lines.some((line) => line.text.includes('{"text":"my key is [REDACTED]"}'))).toBe(true);
        expect(logger.lines.some((line) => line.text.includes('"echoed":{"text":"my key is [REDACTED]"}'))).toBe(true);
      }
    }
  });
});

describe("a key function's tokens in logs", () => {
  /** Calls that each resolve the key once, then one that sends every token in its body; that call's debug line. */
  async function lastLine(tokens: string[]) {
    const server = await fx.serve(ok());
    const logger = collector();
    let n = 0;
    const client = clientFor(server, { logLevel: 'debug', logger, maxRetries: 0, apiKey: () => tokens[Math.min(n++, tokens.length - 1)]! });
    for (let call = 1; call < tokens.length; call++) await postThing(client);
    await client.post({ url: '/last', body: `tokens ${[...new Set(tokens)].join(' ')}`, security: BEARER });
    expect(n).toBe(tokens.length);
    return logger.lines.find((line) => line.text.includes('/last: attempt 1 of'))!.text;
  }
  const key = (i: number) => `key-${i}-secret`;

  it('keeps redacting the 8 latest, and forgets older ones (the memory stays bounded)', async () => {
    const tokens = Array.from({ length: 9 }, (_, i) => key(i + 1));
    const text = await lastLine(tokens);
    expect(text).toMatch(/, body "?tokens key-1-secret( \[REDACTED\]){8}"?$/);
  });

  it('counts a token resolved again on every call once: the 7 before it stay redacted', async () => {
    const tokens = [...Array.from({ length: 8 }, (_, i) => key(i + 1)), key(8), key(8), key(8)];
    const text = await lastLine(tokens);
    expect(text).toMatch(/, body "?tokens( \[REDACTED\]){8}"?$/);
  });
});

describe('createLog and redact, directly', () => {
  const key = (i: number) => `key-${i}-secret`;
  const all = (count: number) => Array.from({ length: count }, (_, i) => key(i + 1)).join(' ');

  it('an empty token takes no place among the 8 remembered', () => {
    const logger = collector();
    const log = createLog('info', logger, '', undefined)!;
    log.remember(key(1));
    log.remember('');
    for (let i = 2; i <= 8; i++) log.remember(key(i));
    log.info!(`tokens ${all(8)}`);
    expect(logger.lines).toEqual([{ level: 'info', text: `tokens${' [REDACTED]'.repeat(8)}` }]);
  });

  it('with a string key, remembers 8 tokens besides it, and never forgets the key', () => {
    const logger = collector();
    const log = createLog('info', logger, '[p]', 'string-key')!;
    for (let i = 1; i <= 8; i++) log.remember(key(i));
    log.info!(`string-key ${all(8)}`);
    log.remember(key(9));
    log.info!(`string-key ${all(9)}`);
    expect(logger.lines.map((line) => line.text)).toEqual([
      `[p] [REDACTED]${' [REDACTED]'.repeat(8)}`,
      `[p] [REDACTED] ${key(1)}${' [REDACTED]'.repeat(8)}`,
    ]);
  });

  it('without a string key and before any token, passes a line on unchanged (Stryker was here: no made-up secret)', () => {
    const logger = collector();
    createLog('error', logger, '', undefined)!.error!('Stryker was here, and nothing is redacted');
    expect(logger.lines).toEqual([{ level: 'error', text: 'Stryker was here, and nothing is redacted' }]);
  });

  it('redact: an empty secret redacts nothing', () => {
    expect(redact('some text', '')).toBe('some text');
    expect(redact('', '')).toBe('');
    expect(redact('a key-1 b key-1', 'key-1')).toBe('a [REDACTED] b [REDACTED]');
  });
});
