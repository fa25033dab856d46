import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  CozeError,
  EventStream,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  StreamParseError,
  type Config,
  type StreamEvent,
} from '../src/index.js';
import { expectDelay } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { SENTINEL, expectNoSecret, rejectionOf } from './helpers/leaks.js';
import { delay, json, within, type Handler } from './helpers/server.js';
import { DONE, collect, collectUntilError, drip, frame, latch, openStream, streamSetup } from './helpers/streams.js';

/** Streaming through createClient against a real server: `sse` in the request config, as chat.stream does. */
const fx = useIntegration();
const setup = (handler: Handler, config: Config = {}) => streamSetup(fx, handler, config);

describe('EventStream through createClient', () => {
  it('yields each event as soon as it arrives: the first while the server is still waiting', async () => {
    const gate = latch();
    let firstWrittenAt = 0;
    const { server, stream } = await setup(async (_, res) => {
      openStream(res);
      res.write(frame('chat.created', { id: 'c1' }));
      firstWrittenAt = performance.now();
      await gate.opened;
      res.write(frame('delta', { content: '你好' }));
      res.end(DONE);
    });
    const events = await stream();
    expect(events).toBeInstanceOf(EventStream);
    expect(events.response.headers.get('content-type')).toBe('text/event-stream');
    const iterator = events[Symbol.asyncIterator]();
    const first = await within(iterator.next(), 3000, 'the first event while the server waits');
    const receivedAfter = performance.now() - firstWrittenAt;
    expect(first).toEqual({ done: false, value: { event: 'chat.created', data: { id: 'c1' } } });
    // Generous for a busy machine; an implementation that buffers until the end would never get here.
    expect(receivedAfter).toBeLessThan(1000);
    gate.open();
    expect(await iterator.next()).toEqual({ done: false, value: { event: 'delta', data: { content: '你好' } } });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    const [arrival] = server.arrivals;
    expect(arrival!.headers.accept).toBe('text/event-stream');
    expect(arrival!.headers.authorization).toBe(`Bearer ${SENTINEL}`);
    expect(JSON.parse(arrival!.body)).toEqual({ stream: true });
  });

  it('breaking out of the loop closes the connection at once', async () => {
    let sent = 0;
    const { server, stream } = await setup(async (_, res, arrival) => {
      openStream(res);
      sent = await drip(res, arrival, 200, 20);
    });
    const events: StreamEvent[] = [];
    for await (const event of await stream()) {
      events.push(event);
      if (events.length === 2) break;
    }
    const brokeAt = performance.now();
    const closedAt = await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
    expect(closedAt - brokeAt).toBeLessThan(1000);
    expect(server.arrivals[0]!.clientClosedEarly()).toBe(true);
    expect(events.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }]);
    await delay(50);
    expect(sent).toBeLessThan(200);
  });

  it('close() closes the connection without reading further', async () => {
    const { server, stream } = await setup((_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
    });
    const events = await stream();
    events.close();
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
    expect(server.arrivals[0]!.clientClosedEarly()).toBe(true);
    // Reading a stream the caller closed ends at once, without an error (as openai-node's does).
    expect(await within(collect(events), 2000, 'reading a closed stream')).toEqual([]);
  });

  it('close() inside the loop, after the server has sent everything, does not leave the loop hanging', async () => {
    const { stream } = await setup(async (_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
      await delay(20);
      res.end(frame('delta', { i: 1 }) + DONE);
    });
    const events = await stream();
    const consume = async () => {
      let seen = 0;
      for await (const _ of events) {
        seen++;
        await delay(150);
        events.close();
      }
      return seen;
    };
    expect(await within(consume(), 5000, 'the loop after close()')).toBe(1);
  });

  it('aborting the signal mid-stream ends the loop with APIUserAbortError and closes the socket', async () => {
    const { server, stream } = await setup((_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
    });
    const controller = new AbortController();
    const events = await stream({}, { signal: controller.signal });
    const reason = new Error('stop');
    const seen: StreamEvent[] = [];
    let abortedAt = 0;
    const error = await rejectionOf(
      (async () => {
        for await (const event of events) {
          seen.push(event);
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort(reason);
          }, 50);
        }
      })(),
    );
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
    expectNoSecret(error);
    expect(seen).toHaveLength(1);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
    expect(server.arrivals[0]!.clientClosedEarly()).toBe(true);
  });

  it('an idle gap longer than idleTimeout gives APITimeoutError, and closes the socket', async () => {
    let lastWrite = 0;
    const { server, stream } = await setup((_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
      lastWrite = performance.now();
    });
    const { events, error } = await collectUntilError(await stream({ idleTimeout: 300 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe('No stream event for 300 ms after 1 event(s): gave up waiting.');
    expectDelay(performance.now() - lastWrite, 300, 300, 'idle timeout');
    expect(events).toHaveLength(1);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
    expect(server.arrivals).toHaveLength(1);
  });

  it('the call’s timeout is the idle timeout when none is given', async () => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
    });
    const started = performance.now();
    const { error } = await collectUntilError(await stream({}, { timeout: 250 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    expectDelay(performance.now() - started, 250, 250, 'idle timeout from the call timeout');
  });

  it('a long stream with frequent events does not time out, though it lasts longer than the idle timeout', async () => {
    const { stream } = await setup(async (_, res, arrival) => {
      openStream(res);
      await drip(res, arrival, 25, 40);
      res.end(DONE);
    });
    const started = performance.now();
    const events = await collect(await stream({ idleTimeout: 300 }));
    expect(events).toHaveLength(25);
    expect(performance.now() - started).toBeGreaterThan(300 * 2);
  });

  it('a slow consumer does not time out while the server keeps sending: the idle timer measures the server', async () => {
    const { stream } = await setup(async (_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
      await delay(30);
      res.write(frame('delta', { i: 1 }));
      await delay(30);
      res.end(DONE);
    });
    const events = await stream({ idleTimeout: 200 });
    const consume = async () => {
      const seen: StreamEvent[] = [];
      for await (const event of events) {
        seen.push(event);
        // The consumer takes twice the idle timeout over each event (writing to a slow sink, say).
        await delay(400);
      }
      return seen;
    };
    const seen = await within(consume(), 5000, 'a slow consumer');
    expect(seen.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }]);
  });

  it('aborting while the consumer is busy, after the server has sent everything, still ends at once', async () => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.end(frame('delta', { i: 0 }) + frame('delta', { i: 1 }) + DONE);
    });
    const controller = new AbortController();
    const events = await stream({}, { signal: controller.signal });
    const consume = async () => {
      for await (const _ of events) {
        // The whole body has arrived by now; the caller gives up while handling the first event.
        await delay(100);
        controller.abort();
      }
    };
    const error = await rejectionOf(within(consume(), 5000, 'the aborted stream'));
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  it('a connection dropped mid-stream gives APIConnectionError and is not retried', async () => {
    const { server, stream } = await setup(
      async (_, res) => {
        openStream(res);
        res.write(frame('delta', { i: 0 }));
        await delay(30);
        res.destroy();
      },
      { maxRetries: 3 },
    );
    const { events, error } = await collectUntilError(await stream());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe('The stream broke off after 1 event(s).');
    expect(events).toHaveLength(1);
    await delay(700);
    // A half-delivered answer is never replayed.
    expect(server.arrivals).toHaveLength(1);
  });

  it('a stream that ends without its end marker gives APIConnectionError', async () => {
    const { server, stream } = await setup((_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
      res.end(frame('delta', { i: 1 }));
    }, { maxRetries: 2 });
    const { events, error } = await collectUntilError(await stream());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe("The stream ended after 2 event(s) without its 'done' marker: the connection was cut off.");
    expect(events).toHaveLength(2);
    expect(server.arrivals).toHaveLength(1);
  });

  it.each([
    [404, NotFoundError],
    [429, RateLimitError],
    [503, InternalServerError],
    [undefined, InternalServerError],
  ] as const)('an error event with code %s is thrown as %O, with the message, details and request id', async (code, ErrorClass) => {
    const { server, stream } = await setup((_, res) => {
      openStream(res, { 'x-request-id': 'req-stream' });
      res.write(frame('delta', { i: 0 }));
      res.write(frame('error', { code, message: 'model overloaded', details: 'try later' }));
    });
    const { events, error } = await collectUntilError(await stream());
    expect(error).toBeInstanceOf(ErrorClass);
    const apiError = error as APIError;
    expect(apiError.status).toBe(code ?? 500);
    expect(apiError.message).toBe(`${code ?? 500} model overloaded: try later`);
    expect(apiError.details).toBe('try later');
    expect(apiError.requestId).toBe('req-stream');
    expect(events).toHaveLength(1);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
  });

  it('a malformed frame gives StreamParseError naming the event, and closes the socket', async () => {
    const { server, stream } = await setup((_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
      res.write('event: delta\ndata: {"content": "unterminated\n\n');
    });
    const { events, error } = await collectUntilError(await stream());
    expect(error).toBeInstanceOf(StreamParseError);
    expect(error).toBeInstanceOf(CozeError);
    expect((error as StreamParseError).event).toBe('delta');
    expect((error as Error).message).toBe(`Malformed 'delta' event: its data is not JSON ("{\\"content\\": \\"unterminated")`);
    expect(events).toHaveLength(1);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
    expect(server.arrivals[0]!.clientClosedEarly()).toBe(true);
  });

  it('is retried before it opens: a 503 before the stream, then the stream, with one Idempotency-Key', async () => {
    const { server, stream } = await setup((_, res, arrival) => {
      if (arrival.index === 0) return json(res, 503, { code: 503, message: 'busy' });
      openStream(res);
      res.end(frame('delta', { i: 0 }) + DONE);
    });
    expect(await collect(await stream())).toEqual([{ event: 'delta', data: { i: 0 } }]);
    expect(server.arrivals).toHaveLength(2);
    expect(server.arrivals[1]!.headers['idempotency-key']).toBe(server.arrivals[0]!.headers['idempotency-key']);
  });

  it('an error status instead of a stream rejects the call itself with its class', async () => {
    const { server, stream } = await setup((_, res) => json(res, 401, { code: 401, message: 'bad token' }));
    const error = await rejectionOf(stream());
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSecret(error);
    expect(server.arrivals).toHaveLength(1);
  });

  it('names events "message" when the server gives no event field, and can be iterated only once', async () => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.end(`data: {"plain":true}\n\n${DONE}`);
    });
    const events = await stream();
    expect(await collect(events)).toEqual([{ event: 'message', data: { plain: true } }]);
    const again = await rejectionOf(collect(events));
    expect(again).toBeInstanceOf(CozeError);
    expect((again as Error).message).toMatch(/already iterated/);
  });
});

describe('EventStream iterator, written by hand: the async iterator protocol', () => {
  it('hands out events in order to next() calls made without waiting, and is its own iterable', async () => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
      setTimeout(() => res.end(frame('delta', { i: 1 }) + frame('delta', { i: 2 }) + DONE), 30);
    });
    const iterator = (await stream())[Symbol.asyncIterator]();
    expect(iterator[Symbol.asyncIterator]()).toBe(iterator);
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(results).toEqual([
      { done: false, value: { event: 'delta', data: { i: 0 } } },
      { done: false, value: { event: 'delta', data: { i: 1 } } },
      { done: false, value: { event: 'delta', data: { i: 2 } } },
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
  });

  it('return() while a read is waiting closes the connection and settles that read as done', async () => {
    const { server, stream } = await setup((_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
    });
    const iterator = (await stream())[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: { event: 'delta', data: { i: 0 } } });
    const waiting = iterator.next();
    expect(await iterator.return!()).toEqual({ done: true, value: undefined });
    expect(await within(waiting, 2000, 'the read in flight')).toEqual({ done: true, value: undefined });
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
    expect(server.arrivals[0]!.clientClosedEarly()).toBe(true);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it.each(['return', 'throw'] as const)('%s() as the first call closes the connection: the stream is finished with', async (method) => {
    const { server, stream } = await setup((_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
    });
    const opened = await stream();
    const iterator = opened[Symbol.asyncIterator]();
    const reason = new Error('not wanted');
    if (method === 'return') expect(await iterator.return!()).toEqual({ done: true, value: undefined });
    else expect(await rejectionOf(iterator.throw!(reason))).toBe(reason);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
    expect(server.arrivals[0]!.clientClosedEarly()).toBe(true);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    // It was read (to nothing): another iterator is refused, as after a loop that broke out.
    expect(((await rejectionOf(collect(opened))) as Error).message).toMatch(/already iterated/);
  });

  it('throw() closes the connection and rejects with the error it was given', async () => {
    const { server, stream } = await setup((_, res) => {
      openStream(res);
      res.write(frame('delta', { i: 0 }));
    });
    const iterator = (await stream())[Symbol.asyncIterator]();
    await iterator.next();
    const reason = new Error('stop here');
    expect(await rejectionOf(iterator.throw!(reason))).toBe(reason);
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('an aborted signal hands out no queued event, even when its next() comes long after', async () => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.end(frame('delta', { i: 0 }) + frame('delta', { i: 1 }) + frame('delta', { i: 2 }) + DONE);
    });
    const controller = new AbortController();
    const iterator = (await stream({}, { signal: controller.signal }))[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ event: 'delta', data: { i: 0 } });
    controller.abort();
    await delay(50);
    expect(await rejectionOf(iterator.next())).toBeInstanceOf(APIUserAbortError);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});

describe('EventStream.iterate: the events of a stream that is still opening', () => {
  it('waits for the stream to open, then yields its events', async () => {
    const { stream } = await setup(async (_, res) => {
      await delay(50);
      openStream(res);
      res.end(frame('chat.created', { id: 'c1' }) + frame('delta', { i: 0 }) + DONE);
    });
    expect(await collect(EventStream.iterate(stream()))).toEqual([
      { event: 'chat.created', data: { id: 'c1' } },
      { event: 'delta', data: { i: 0 } },
    ]);
  });

  it('rejects its first next() with the error the stream failed to open with, then is done', async () => {
    const { stream } = await setup((_, res) => json(res, 404, { code: 404, message: 'no such bot' }));
    const iterator = EventStream.iterate(stream());
    expect(await rejectionOf(iterator.next())).toBeInstanceOf(NotFoundError);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('reads a stream once: a second iterator over the same stream fails', async () => {
    const { stream } = await setup((_, res) => {
      openStream(res);
      res.end(frame('delta', { i: 0 }) + DONE);
    });
    const opened = stream();
    expect(await collect(EventStream.iterate(opened))).toHaveLength(1);
    const again = await rejectionOf(collect(EventStream.iterate(opened)));
    expect((again as Error).message).toMatch(/already iterated/);
    expect(((await rejectionOf(collect(await opened))) as Error).message).toMatch(/already iterated/);
  });

  it('return() while the stream is opening closes it as soon as it opens', async () => {
    const gate = latch();
    const { server, stream } = await setup(async (_, res) => {
      await gate.opened;
      openStream(res);
      res.write(frame('delta', { i: 0 }));
    });
    const iterator = EventStream.iterate(stream());
    const first = iterator.next();
    await server.waitForArrivals(1);
    expect(await iterator.return!()).toEqual({ done: true, value: undefined });
    gate.open();
    expect(await within(first, 3000, 'the first next()')).toEqual({ done: true, value: undefined });
    await within(server.arrivals[0]!.closed, 2000, 'the server seeing the socket close');
    expect(server.arrivals[0]!.clientClosedEarly()).toBe(true);
  });
});
