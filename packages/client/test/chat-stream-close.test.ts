// close() on a stream that has not opened yet (a "Stop" pressed before the first token) stops the request at once and
// ends a loop over the stream quietly, as it does once the stream is open; so does leaving the loop before it opens.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIUserAbortError, CozeAPI } from '../src/index.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
/** When each request's connection closed, in ms after it arrived, and whether the server had answered it in full. */
const closes: Array<{ afterMs: number; answered: boolean }> = [];
let server: Server;
let baseURL: string;

beforeAll(async () => {
  // Answers after 1.5 s: long enough for every close below to come first.
  server = createServer((req: IncomingMessage, res) => {
    const arrived = Date.now();
    let answered = false;
    req.resume();
    const timer = setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event: chat.message.delta\ndata: {"delta":"你好"}\n\nevent: done\ndata: "[DONE]"\n\n');
      answered = true;
    }, 1500);
    res.on('close', () => {
      clearTimeout(timer);
      closes.push({ afterMs: Date.now() - arrived, answered });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const coze = () => new CozeAPI({ apiKey: 'pat_close_test', baseURL, rateLimit: false, maxRetries: 0, timeout: 5000 });

/** Waits until the server has seen `count` connections close, or 3 s. */
async function closed(count: number): Promise<void> {
  for (let waited = 0; closes.length < count && waited < 3000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('a stream closed before it opened', () => {
  it('close(): the request stops at once, close() resolves, and the loop ends quietly', async () => {
    const before = closes.length;
    const stream = coze().chat.stream({ messages });
    const events: unknown[] = [];
    const loop = (async () => {
      for await (const event of stream) events.push(event);
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await stream.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await loop;
    expect(events).toEqual([]);
    await closed(before + 1);
    expect(closes[before]).toMatchObject({ answered: false });
    expect(closes[before]!.afterMs).toBeLessThan(1000);
  });

  it('close() before the loop starts: the loop then ends at once, with nothing read', async () => {
    const stream = coze().chat.stream({ messages });
    await stream.close();
    const events: unknown[] = [];
    for await (const event of stream) events.push(event);
    expect(events).toEqual([]);
  });

  it('textDeltas().return() before it opened stops the request too', async () => {
    const before = closes.length;
    const deltas = coze().chat.stream({ messages }).textDeltas();
    const first = deltas.next();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await deltas.return!();
    await expect(first).resolves.toEqual({ done: true, value: undefined });
    await closed(before + 1);
    expect(closes[before]).toMatchObject({ answered: false });
  });

  it("the caller's own signal still ends it with APIUserAbortError, not quietly", async () => {
    const controller = new AbortController();
    const stream = coze().chat.stream({ messages }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const thrown = await (async () => {
      for await (const _ of stream) void _;
    })().catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(APIUserAbortError);
  });

  it('a stream left alone still opens and ends as usual', async () => {
    const events: unknown[] = [];
    for await (const event of coze().chat.stream({ messages })) events.push(event);
    expect(events).toEqual([{ event: 'chat.message.delta', data: { delta: '你好' } }]);
  });
});
