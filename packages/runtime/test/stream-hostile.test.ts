import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  CozeError,
  StreamParseError,
  UnexpectedResponseError,
  type Config,
} from '../src/index.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';
import { delay, within, type Handler } from './helpers/server.js';
import { DONE, collect, collectUntilError, frame, openStream, streamSetup } from './helpers/streams.js';

/**
 * Streams from a hostile SSE server (issue 12, findings 6 and 13–17), over real sockets: what a
 * server or a proxy sends must end as an event or a typed error, never a hang, a lost event or a
 * bare RangeError.
 */
const fx = useIntegration();
const setup = (handler: Handler, config: Config = {}) => streamSetup(fx, handler, config);

describe('events that arrived before a drop are all delivered before the error (finding 13)', () => {
  it('a slow consumer gets all 8 events the server sent before it cut the connection, then APIConnectionError', async () => {
    const { server, stream } = await setup(async (_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
      await delay(30);
      // While the consumer handles the first event, the rest arrives in separate writes…
      for (let i = 1; i < 8; i++) {
        res.write(frame('delta', { i }));
        await delay(5);
      }
      // …then the connection is cut without the chunked body's end: an error, not an end.
      res.socket?.end();
    });
    const { events, error } = await collectUntilError(await stream(), () => delay(100));
    expect(events.map((e) => e.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ i })));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe('The stream broke off after 8 event(s).');
    expect(server.arrivals).toHaveLength(1);
  });
});

describe('a 200 that is not an event stream says what came instead (finding 14)', () => {
  it.each([
    ['text/html; charset=utf-8', '<html><head><title>Proxy login</title></head><body>Sign in to continue</body></html>', /Proxy login/],
    ['application/json', JSON.stringify({ code: 4100, msg: 'stream is not supported for this bot' }), /stream is not supported/],
  ])('%s: UnexpectedResponseError with the status, the type and a snippet', async (type, body, snippet) => {
    const { server, stream } = await setup((_, res) => {
      res.writeHead(200, { 'content-type': type, 'x-request-id': 'req-html' });
      res.end(body);
    });
    const error = await rejectionOf(collect(await stream()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toBeInstanceOf(CozeError);
    expect(error).not.toBeInstanceOf(APIConnectionError);
    const unexpected = error as UnexpectedResponseError;
    expect(unexpected.status).toBe(200);
    expect(unexpected.contentType).toBe(type);
    expect(unexpected.requestId).toBe('req-html');
    expect(unexpected.message).toContain(`200 response is ${type}`);
    expect(unexpected.message).toMatch(snippet);
    expect(server.arrivals).toHaveLength(1);
  });

  it('a 200 without any Content-Type is named as such, and a huge body is not read whole', async () => {
    let written = 0;
    const { stream } = await setup(async (_, res, arrival) => {
      res.writeHead(200);
      let gone = false;
      void arrival.closed.then(() => (gone = true));
      // Up to 64 MiB of text: reading it all would be the bug.
      while (!gone && written < 64 * 1024 * 1024) {
        written += 64 * 1024;
        if (!res.write('x'.repeat(64 * 1024))) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    });
    const error = await rejectionOf(collect(await stream()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('200 response has no Content-Type');
    expect((error as Error).message).toContain('xxxx');
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('the end of the stream follows the SSE specification (finding 15)', () => {
  it('an end marker without its blank line is an incomplete event: discarded, so the stream was cut off', async () => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.end(`${frame('delta', { i: 0 })}event: done\ndata: {}`);
    });
    const { events, error } = await collectUntilError(await stream());
    expect(events).toEqual([{ event: 'delta', data: { i: 0 } }]);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe("The stream ended after 1 event(s) without its 'done' marker: the connection was cut off.");
  });

  it('a frame cut off mid-way at the end is a connection error (retryable), not a StreamParseError', async () => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.end(`${frame('delta', { i: 0 })}event: delta\ndata: {"i": 1, "text": "cut of`);
    });
    const { events, error } = await collectUntilError(await stream());
    expect(events).toHaveLength(1);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(StreamParseError);
  });
});

describe('close() while the loop waits ends the loop quietly (finding 16)', () => {
  it('a for await waiting for the next event ends without an error, and the connection closes', async () => {
    const { server, stream } = await setup((_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
    });
    const events = await stream();
    setTimeout(() => events.close(), 100);
    const seen = await within(collect(events), 5000, 'the loop after close()');
    expect(seen).toEqual([{ event: 'delta', data: { i: 0 } }]);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
    expect(server.arrivals[0]!.clientClosedEarly()).toBe(true);
  });

  it('close() inside the loop, with more events already received, ends the loop after the current event', async () => {
    const { stream } = await setup(async (_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
      await delay(20);
      res.end(frame('delta', { i: 1 }) + DONE);
    });
    const events = await stream();
    const seen: unknown[] = [];
    for await (const event of events) {
      seen.push(event.data);
      await delay(100);
      events.close();
    }
    expect(seen).toEqual([{ i: 0 }]);
  });
});

describe('the idle timeout is per event, as documented (finding 17)', () => {
  it.each([
    ['keep-alive comments every 100 ms', ': keep-alive\n\n'],
    ['a byte of a never-ending line every 100 ms', 'x'],
  ])('%s do not hold a stream with no event open: APITimeoutError after idleTimeout', async (_, drop) => {
    const { server, stream } = await setup(async (_, res, arrival) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }) + (drop === 'x' ? 'data: ' : ''));
      let gone = false;
      void arrival.closed.then(() => (gone = true));
      // Bounded: 10 s of trickle at most, far beyond the 400 ms idle timeout.
      for (let i = 0; i < 100 && !gone; i++) {
        await delay(100);
        res.write(drop);
      }
      res.end();
    });
    const { events, error } = await within(collectUntilError(await stream({ idleTimeout: 400 })), 8000, 'the trickled stream');
    expect(events).toHaveLength(1);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe('No stream event for 400 ms after 1 event(s): gave up waiting.');
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
  });
});

describe('an event larger than the limit fails with StreamParseError and closes the connection (finding 6)', () => {
  async function endless(handler: (write: (text: string) => Promise<boolean>) => Promise<void>) {
    let sent = 0;
    const setupResult = await setup(async (_, res, arrival) => {
      openStream(res);
      let gone = false;
      void arrival.closed.then(() => (gone = true));
      await handler(async (text) => {
        if (gone) return false;
        sent += text.length;
        if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve));
        return !gone;
      });
      res.end();
    });
    return { ...setupResult, sent: () => sent };
  }

  it('a line that never ends: StreamParseError at the default limit, long before the server gives up', async () => {
    const chunk = 'x'.repeat(256 * 1024);
    const { server, stream, sent } = await endless(async (write) => {
      await write(`${frame('delta', { i: 0 })}data: `);
      // 64 MiB at most: a bounded test, eight times the default limit.
      for (let i = 0; i < 256; i++) if (!(await write(chunk))) return;
    });
    const { events, error } = await within(collectUntilError(await stream()), 20_000, 'the endless line');
    expect(events).toHaveLength(1);
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as Error).message).toMatch(/larger than the limit of 8388608 characters/);
    await within(server.arrivals[0]!.closed, 5000, 'the server seeing the socket close');
    expect(sent()).toBeLessThan(64 * 1024 * 1024);
  });

  it('many data lines with no blank line: StreamParseError at a configured limit', async () => {
    const { server, stream } = await endless(async (write) => {
      for (let i = 0; i < 10_000; i++) if (!(await write(`data: ${'y'.repeat(1000)}\n`))) return;
    });
    const { error } = await within(collectUntilError(await stream({ maxEventSize: 100_000 })), 20_000, 'the endless event');
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as Error).message).toMatch(/larger than the limit of 100000 characters/);
    await within(server.arrivals[0]!.closed, 5000, 'the server seeing the socket close');
  });
});
