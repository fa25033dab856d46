// Logging through CozeAPI against the embedded server: COZE_LOG, the `[coze]` prefix, pino and winston passed
// as they are, and a sentinel token absent from every line at every level (bodies and errors included).
import { Writable } from 'node:stream';
import { startMockServer, type MockServer } from '@coze/mock-server';
import { pino } from 'pino';
import winston from 'winston';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CozeAPI, CozeError, type LogLevel, type Logger } from '../src/index.js';

const SENTINEL = 'sk-coze-SENTINEL-5e1b0c-never-log-me';
let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ tokens: { [SENTINEL]: 'admin', 'demo-read': 'read', 'demo-write': 'write' } });
});
afterAll(async () => server.close());
afterEach(() => {
  delete process.env.COZE_LOG;
  server.reset();
});

function collector(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (text: string) => lines.push(`${level} ${text}`);
  return { lines, error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') };
}

/** A stream that keeps each line written to it (what pino and winston write). */
function lineSink(): Writable & { lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return Object.assign(sink, { lines });
}

const client = (options: ConstructorParameters<typeof CozeAPI>[0] = {}) =>
  new CozeAPI({ apiKey: SENTINEL, baseURL: server.url, ...options });

const chat = (coze: CozeAPI, text = '你好') => coze.chat.create({ messages: [{ role: 'user', content: text }] });

describe('COZE_LOG and logLevel', () => {
  it('COZE_LOG=info logs one [coze] line per call with method, path, status, elapsed, attempts and request id', async () => {
    process.env.COZE_LOG = 'info';
    const logger = collector();
    await chat(client({ logger }));
    expect(logger.lines).toHaveLength(1);
    const requestId = server.requests.at(-1)!.requestId;
    expect(logger.lines[0]).toMatch(new RegExp(`^info \\[coze\\] POST /v1/chat 200 in \\d+ ms, 1 attempt, request id ${requestId}$`));
  });

  it('the option wins over COZE_LOG', async () => {
    process.env.COZE_LOG = 'debug';
    const logger = collector();
    await chat(client({ logger, logLevel: 'off' }));
    expect(logger.lines).toEqual([]);
  });

  it('a COZE_LOG it does not know fails at once, naming the variable and the levels', () => {
    process.env.COZE_LOG = 'verbose';
    expect(() => client()).toThrow(CozeError);
    expect(() => client()).toThrow("COZE_LOG must be one of 'off', 'error', 'warn', 'info', 'debug'; got \"verbose\".");
  });
});

describe('loggers as given', () => {
  it('pino: one JSON line per call at info, every step at debug', async () => {
    const sink = lineSink();
    await chat(client({ logger: pino({ level: 'debug' }, sink), logLevel: 'debug' }));
    const records = sink.lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(records.filter((r) => r.level === 30).map((r) => r.msg)).toEqual([
      expect.stringMatching(/^\[coze\] POST \/v1\/chat 200 in \d+ ms, 1 attempt, request id req_\w+$/),
    ]);
    expect(records.filter((r) => r.level === 20).map((r) => r.msg)).toEqual([
      expect.stringMatching(/^\[coze\] POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat: attempt 1 of 3, headers .*"authorization":"\[REDACTED\]"/),
      expect.stringMatching(/^\[coze\] POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat: 200 OK in \d+ ms, request id req_\w+, body \{/),
    ]);
  });

  it('winston: its own level filters too', async () => {
    const sink = lineSink();
    const logger = winston.createLogger({ level: 'info', format: winston.format.json(), transports: [new winston.transports.Stream({ stream: sink })] });
    await chat(client({ logger, logLevel: 'debug' }));
    const records = sink.lines.map((line) => JSON.parse(line) as { level: string; message: string });
    expect(records).toEqual([{ level: 'info', message: expect.stringMatching(/^\[coze\] POST \/v1\/chat 200 in \d+ ms, 1 attempt, request id req_\w+$/) }]);
  });
});

describe('the token in logs', () => {
  /** A chat that quotes the token (echoed back), a streamed one, a 503 retried, a 401, a 404 and a dropped connection. */
  async function everything(coze: CozeAPI, logged: () => string[]) {
    await chat(coze, `my key is ${SENTINEL}`);
    for await (const _ of coze.chat.stream({ messages: [{ role: 'user', content: SENTINEL }] })) void _;
    server.faults.push({ match: { operationId: 'workflow.list' }, fault: { status: 503, retryAfter: '0' } });
    await coze.workflow.list();
    await expect(new CozeAPI({ apiKey: `${SENTINEL}x`, baseURL: server.url, logger: undefined }).workflow.list()).rejects.toThrow();
    await expect(coze.workflow.get({ workflow_id: `wf_${SENTINEL}` })).rejects.toThrow();
    // Every attempt reset (node:http also resends a reset on a reused socket once or twice, unseen).
    server.faults.push({ match: { operationId: 'workflow.list' }, times: Infinity, fault: { kind: 'reset' } });
    await expect(coze.workflow.list()).rejects.toThrow();
    server.faults.clear();
    const lines = logged();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(SENTINEL);
    return lines;
  }

  it.each<LogLevel>(['error', 'warn', 'info', 'debug'])('is in no line at %s, through console-like, pino and winston loggers', async (logLevel) => {
    const plain = collector();
    const lines = await everything(client({ logger: plain, logLevel, maxRetries: 2 }), () => plain.lines);
    // At debug the bodies quote it, so the redaction shows (the runtime's own test shows it at every level).
    if (logLevel === 'debug') expect(lines.some((line) => line.includes('my key is [REDACTED]'))).toBe(true);
    else expect(lines.some((line) => / (failed|4\d\d) in /.test(line))).toBe(true);

    const pinoSink = lineSink();
    await everything(client({ logger: pino({ level: 'debug' }, pinoSink), logLevel }), () => pinoSink.lines);
    const winstonSink = lineSink();
    const winstonLogger = winston.createLogger({ level: 'debug', transports: [new winston.transports.Stream({ stream: winstonSink })] });
    await everything(client({ logger: winstonLogger, logLevel }), () => winstonSink.lines);
  });
});
