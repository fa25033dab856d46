import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  EventStream,
  InternalServerError,
  StreamParseError,
  UnexpectedResponseError,
  type StreamEvent,
} from '../src/index.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';
import { delay, within, type Handler, type TestServer } from './helpers/server.js';
import { DONE, collect, collectUntilError, frame, openStream, streamSetup } from './helpers/streams.js';

/**
 * The edges of a stream's life, over real sockets: what a body that is not an event stream is named
 * by, errors that arrive while the consumer is busy, events read ahead of a consumer, error events
 * whose data is not an error body, and an EventStream built over a Response of the caller's own.
 */
const fx = useIntegration();
const setup = (handler: Handler) => streamSetup(fx, handler);

/** Holds the connection open until the client goes away (bounded: 10 s). */
async function hold(arrival: { closed: Promise<unknown> }): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([arrival.closed, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
  clearTimeout(timer);
}

describe('a 200 that is not an event stream', () => {
  it('reads the body in as many chunks as it takes to say what it was', async () => {
    const { stream } = await setup(async (_, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first part, ');
      await delay(50);
      res.end('second part');
    });
    const error = (await rejectionOf(collect(await stream()))) as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.snippet).toBe('first part, second part');
  });

  it('says what it was once 512 characters are in, without waiting for the rest', async () => {
    const { server, stream } = await setup(async (_, res, arrival) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('h'.repeat(512));
      await hold(arrival);
      res.end();
    });
    const error = (await within(rejectionOf(collect(await stream({ idleTimeout: 20_000 }))), 5000, 'the 512 characters')) as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.snippet).toBe('h'.repeat(512));
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
  });

  it('keeps 512 characters of a longer first chunk', async () => {
    const { stream } = await setup((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`${'a'.repeat(512)}${'b'.repeat(1500)}`);
    });
    const error = (await rejectionOf(collect(await stream()))) as UnexpectedResponseError;
    expect(error.snippet).toBe('a'.repeat(512));
  });

  it('is named as such when its connection breaks off before 512 characters, not as a broken stream', async () => {
    const { stream } = await setup(async (_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>Gateway sign-in');
      await delay(30);
      res.socket?.destroy();
    });
    const error = (await rejectionOf(collect(await stream()))) as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.snippet).toBe('<html>Gateway sign-in');
  });

  it.each(['application/x-text/event-stream', 'text/event-streams', 'text/event-stream-x; charset=utf-8', 'xtext/event-stream'])(
    'Content-Type %s is not an event stream',
    async (type) => {
      const { stream } = await setup((_, res) => {
        res.writeHead(200, { 'content-type': type });
        res.end(frame('delta', { i: 0 }) + DONE);
      });
      const error = (await rejectionOf(collect(await stream()))) as UnexpectedResponseError;
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error.contentType).toBe(type);
    },
  );

  it.each(['text/event-stream', 'TEXT/Event-Stream', '  text/event-stream ; charset=utf-8', 'text/event-stream;charset=utf-8'])(
    'Content-Type %j is an event stream',
    async (type) => {
      const { stream } = await setup((_, res) => {
        res.writeHead(200, { 'content-type': type });
        res.end(frame('delta', { i: 0 }) + DONE);
      });
      expect(await collect(await stream())).toEqual([{ event: 'delta', data: { i: 0 } }]);
    },
  );
});

describe('errors that arrive while the consumer is busy with an event', () => {
  it('an oversized event is StreamParseError, not the broken connection its abort leaves behind', async () => {
    const { server, stream } = await setup(async (_, res, arrival) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
      // The consumer is busy with event 0 (200 ms) when this arrives.
      await delay(60);
      res.write(`data: ${'z'.repeat(400)}`);
      await hold(arrival);
      res.end();
    });
    const { events, error } = await collectUntilError(await stream({ maxEventSize: 100 }), () => delay(200));
    expect(events).toHaveLength(1);
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as Error).message).toMatch(/larger than the limit of 100 characters/);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
  });

  it('the events before an oversized one in the same chunk are all handed out first', async () => {
    const { stream } = await setup(async (_, res, arrival) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }) + frame('delta', { i: 1 }) + frame('delta', { i: 2 }) + `data: ${'z'.repeat(400)}`);
      await hold(arrival);
      res.end();
    });
    const { events, error } = await collectUntilError(await stream({ maxEventSize: 100 }), () => delay(20));
    expect(events.map((event) => event.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(error).toBeInstanceOf(StreamParseError);
  });

  it('a connection that breaks off is APIConnectionError with what broke it as its cause', async () => {
    const { stream } = await setup(async (_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
      await delay(30);
      res.socket?.destroy();
    });
    const { events, error } = await collectUntilError(await stream());
    expect(events).toHaveLength(1);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe('The stream broke off after 1 event(s).');
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});

describe('events read ahead of the consumer', () => {
  it('a chunk of comments alone, read while events waited, is passed over and the stream goes on', async () => {
    const { stream } = await setup(async (_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }) + frame('delta', { i: 1 }));
      await delay(40);
      // Arrives while event 1 waits for the consumer: read ahead, with no event in it.
      res.write(': keep-alive\n\n');
      await delay(120);
      res.end(frame('delta', { i: 2 }) + DONE);
    });
    const events = await stream();
    const seen: unknown[] = [];
    for await (const event of events) {
      seen.push(event.data);
      await delay(100);
    }
    expect(seen).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
  });
});

describe('error events', () => {
  it.each([
    ['code 400', 400, { code: 400, message: 'bad' }],
    ['code 599', 599, { code: 599, message: 'odd' }],
    ['code 399 (not an HTTP error status)', 500, { code: 399, message: 'odd' }],
    ['code 600', 500, { code: 600, message: 'odd' }],
    ['a Coze business code (4100)', 500, { code: 4100, message: 'no such bot' }],
    ['code "404" (a string)', 500, { code: '404', message: 'odd' }],
    ['null data', 500, null],
    ['a string', 500, 'overloaded'],
    ['an array', 500, [1, 2]],
  ])('%s: an APIError of status %i', async (_, status, data) => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.end(frame('delta', { i: 0 }) + frame('error', data));
    });
    const { events, error } = await collectUntilError(await stream());
    expect(events).toHaveLength(1);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(status);
    if (status >= 500) expect(error).toBeInstanceOf(InternalServerError);
  });
});

describe('data that is not JSON is named with up to 120 of its characters', () => {
  it.each([
    ['120 characters, whole', 'q'.repeat(120), `"${'q'.repeat(120)}"`],
    ['121 characters, cut with an ellipsis', 'q'.repeat(121), `"${'q'.repeat(120)}…"`],
  ])('%s', async (_, data, shown) => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.end(`event: delta\ndata: ${data}\n\n${DONE}`);
    });
    const { error } = await collectUntilError(await stream());
    expect(error).toBeInstanceOf(StreamParseError);
    expect((error as Error).message).toBe(`Malformed 'delta' event: its data is not JSON (${shown})`);
  });
});

describe('an EventStream over a Response of the caller’s own', () => {
  /** A server that sends `count` events `everyMs` apart, then the end marker. */
  async function dripServer(count: number, everyMs: number): Promise<TestServer> {
    return fx.serve(async (_, res, arrival) => {
      openStream(res);
      let gone = false;
      void arrival.closed.then(() => (gone = true));
      for (let i = 0; i < count && !gone; i++) {
        res.write(frame('delta', { i }));
        await delay(everyMs);
      }
      if (!gone) res.end(DONE);
    });
  }

  async function open(server: TestServer, options: ConstructorParameters<typeof EventStream>[2] = {}) {
    const controller = new AbortController();
    const response = await fetch(server.url, { signal: controller.signal });
    let closes = 0;
    const stream = new EventStream(response, controller, { ...options, onClose: () => closes++ });
    return { stream, controller, closes: () => closes };
  }

  it('without an idle timeout waits as long as the events take', async () => {
    const server = await dripServer(3, 60);
    const { stream, closes } = await open(server);
    expect((await collect(stream)).map((event) => event.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(closes()).toBe(1);
  });

  it('a caller signal aborted before the first read ends it with APIUserAbortError', async () => {
    const server = await dripServer(3, 10);
    const caller = new AbortController();
    caller.abort('gone');
    const { stream, controller, closes } = await open(server, { signal: caller.signal });
    const error = (await rejectionOf(collect(stream))) as APIUserAbortError;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.cause).toBe('gone');
    expect(controller.signal.aborted).toBe(true);
    expect(closes()).toBe(1);
  });

  it('a caller signal aborted mid-stream ends it with APIUserAbortError and closes the connection', async () => {
    const server = await dripServer(50, 30);
    const caller = new AbortController();
    const { stream, controller } = await open(server, { signal: caller.signal });
    const { events, error } = await within(
      collectUntilError(stream, (event) => {
        if ((event.data as { i: number }).i === 1) caller.abort('enough');
      }),
      5000,
      'the aborted stream',
    );
    expect(events).toHaveLength(2);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe('enough');
    expect(controller.signal.aborted).toBe(true);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
  });

  it('its connection aborted for a reason of the caller’s own ends it with APIConnectionError carrying that reason', async () => {
    const server = await dripServer(50, 30);
    const { stream, controller } = await open(server, { idleTimeout: 5000 });
    const reason = new Error('shutting down');
    const { events, error } = await within(
      collectUntilError(stream, () => controller.abort(reason)),
      5000,
      'the aborted stream',
    );
    expect(events).toHaveLength(1);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe('The stream was aborted after 1 event(s).');
    expect((error as Error).cause).toBe(reason);
  });

  it('lets go of its connection once, however many ways it is closed', async () => {
    const server = await dripServer(50, 20);
    const { stream, closes } = await open(server);
    const events = stream[Symbol.asyncIterator]();
    expect((await events.next()).done).toBe(false);
    await events.return!();
    stream.close();
    await events.return!();
    await expect(events.throw!(new Error('late'))).rejects.toThrow('late');
    expect(closes()).toBe(1);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('a response without a body fails with APIConnectionError, and lets go', async () => {
    let closes = 0;
    const response = new Response(null, { headers: { 'content-type': 'text/event-stream' } });
    const stream = new EventStream<StreamEvent>(response, new AbortController(), { onClose: () => closes++ });
    const error = await rejectionOf(collect(stream));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe('The stream response has no body.');
    expect(closes).toBe(1);
  });
});
