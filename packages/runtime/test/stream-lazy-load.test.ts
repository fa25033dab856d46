import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventStream as EventStreamClass, StreamEvent } from '../src/index.js';

/**
 * The code that reads events (streaming/event-stream.ts) is loaded when a stream is first read, not
 * when the runtime is: each test gets a fresh copy of the modules, so that nothing is loaded yet, and
 * watches the load through a mock that counts it or makes it fail (a browser's chunk that did not arrive).
 */
const READER = '../src/streaming/event-stream.js';

let loads = 0;

/** A fresh copy of the runtime's modules; its CozeError is the class the copy throws. */
async function freshRuntime(options: { fail?: boolean } = {}) {
  vi.resetModules();
  loads = 0;
  vi.doMock(READER, async (importOriginal) => {
    loads++;
    if (options.fail) throw new TypeError('Failed to fetch dynamically imported module');
    return importOriginal();
  });
  const { EventStream } = await import('../src/streaming/stream.js');
  const { CozeError } = await import('../src/errors/index.js');
  return { EventStream, CozeError };
}

afterEach(() => {
  vi.doUnmock(READER);
  vi.resetModules();
});

function eventBody(...frames: string[]): Response {
  return new Response(frames.join(''), { headers: { 'content-type': 'text/event-stream' } });
}

const event = (i: number): string => `event: delta\ndata: {"i":${i}}\n\n`;

/** A stream that sends its frames and stays open, as a server still thinking does. */
function openBody(...frames: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const frame of frames) controller.enqueue(new TextEncoder().encode(frame));
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

describe('the reading code of an event stream is loaded when a stream is first read', () => {
  it('not when a stream is made, and once for every stream after', async () => {
    const { EventStream } = await freshRuntime();
    const first = new EventStream(eventBody(event(1), 'event: done\ndata: {}\n\n'), new AbortController(), {});
    expect(loads).toBe(0);
    const seen: unknown[] = [];
    for await (const { data } of first) seen.push(data);
    expect(seen).toEqual([{ i: 1 }]);
    expect(loads).toBe(1);

    const second = new EventStream(eventBody(event(2), 'event: done\ndata: {}\n\n'), new AbortController(), {});
    const events = second[Symbol.asyncIterator]();
    // Loaded already: the iterator is handed out at once, and its first event is ready without a load to wait for.
    await expect(events.next()).resolves.toEqual({ done: false, value: { event: 'delta', data: { i: 2 } } });
    expect(loads).toBe(1);
  });

  it('calls made before the load finished run in order, and end as they do on the loaded iterator', async () => {
    const { EventStream } = await freshRuntime();
    const calls = async (events: AsyncIterator<StreamEvent>) => {
      const inOrder = await Promise.all([events.next(), events.next(), events.next()]);
      // return() while a next() waits: the loaded iterator ends at once, and so must the stand-in.
      const waiting = events.next();
      const returned = await events.return!();
      return [...inOrder, await waiting, returned, await events.next()];
    };
    let closes = 0;
    const open = () => new EventStream<StreamEvent>(openBody(event(1), event(2), event(3)), new AbortController(), { onClose: () => closes++ });
    const standIn = await calls(open()[Symbol.asyncIterator]());
    expect(loads).toBe(1);
    const loaded = await calls(open()[Symbol.asyncIterator]());
    expect(standIn.slice(0, 3).map((result) => result.value)).toEqual([1, 2, 3].map((i) => ({ event: 'delta', data: { i } })));
    expect(standIn.slice(3).map((result) => result.done)).toEqual([true, true, true]);
    expect(standIn).toEqual(loaded);
    expect(closes).toBe(2);
  });

  it('throw() before and after the load ends the iterator and rejects with the error given', async () => {
    const { EventStream } = await freshRuntime();
    const open = () => new EventStream<StreamEvent>(openBody(event(1)), new AbortController(), {});
    for (const events of [open()[Symbol.asyncIterator](), open()[Symbol.asyncIterator]()]) {
      const given = new Error('stop');
      await expect(events.throw!(given)).rejects.toBe(given);
      await expect(events.next()).resolves.toEqual({ done: true, value: undefined });
    }
    expect(loads).toBe(1);
  });

  it('the iterator is its own async iterable, before the load as after', async () => {
    const { EventStream } = await freshRuntime();
    const events = new EventStream(eventBody(event(1)), new AbortController(), { endEvent: 'never' })[Symbol.asyncIterator]();
    expect(events[Symbol.asyncIterator]()).toBe(events);
  });

  it('return() as the first call, before the load, ends the iterator and closes its stream', async () => {
    const { EventStream } = await freshRuntime();
    const controller = new AbortController();
    let closes = 0;
    const events = new EventStream(openBody(event(1)), controller, { onClose: () => closes++ })[Symbol.asyncIterator]();
    await expect(events.return!()).resolves.toEqual({ done: true, value: undefined });
    await expect(events.next()).resolves.toEqual({ done: true, value: undefined });
    expect(loads).toBe(1);
    // The stream is let go of, as when return() comes after the load.
    expect(controller.signal.aborted).toBe(true);
    expect(closes).toBe(1);
  });

  it('EventStream.iterate over a stream still opening waits for both', async () => {
    const { EventStream } = await freshRuntime();
    let open!: (stream: EventStreamClass) => void;
    const opening = new Promise<EventStreamClass>((resolve) => (open = resolve));
    const events = EventStream.iterate(opening);
    const first = events.next();
    open(new EventStream(eventBody(event(7)), new AbortController(), { endEvent: 'never' }));
    await expect(first).resolves.toEqual({ done: false, value: { event: 'delta', data: { i: 7 } } });
  });

  it('a load that fails fails the read with a CozeError, closes the stream, and the next stream loads again', async () => {
    const { EventStream, CozeError } = await freshRuntime({ fail: true });
    const controller = new AbortController();
    let closes = 0;
    const stream = new EventStream(eventBody(event(1)), controller, { onClose: () => closes++ });
    const error = await stream[Symbol.asyncIterator]()
      .next()
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    expect(error).toBeInstanceOf(CozeError);
    // (vitest wraps the mock's TypeError in an Error of its own.)
    expect((error as Error).message).toMatch(/^The code that reads event streams could not be loaded: Error: /);
    expect((error as Error).cause).toBeInstanceOf(Error);
    // The connection is closed and the call let go, as a stream read to its end would be.
    await vi.waitFor(() => expect(closes).toBe(1));
    expect(controller.signal.aborted).toBe(true);

    // The chunk arrives this time: a later stream reads.
    vi.doUnmock(READER);
    const later = new EventStream(eventBody(event(2), 'event: done\ndata: {}\n\n'), new AbortController(), {});
    const seen: unknown[] = [];
    for await (const { data } of later) seen.push(data);
    expect(seen).toEqual([{ i: 2 }]);
  });

  it('a failed load closes a stream made without onClose, and leaves nothing unhandled', async () => {
    const { EventStream } = await freshRuntime({ fail: true });
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const controller = new AbortController();
      const stream = new EventStream(eventBody(event(1)), controller, {});
      await expect(stream[Symbol.asyncIterator]().next()).rejects.toThrow('could not be loaded');
      await vi.waitFor(() => expect(controller.signal.aborted).toBe(true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('a failed load leaves a stream another iterator already claimed to that iterator', async () => {
    const { EventStream, CozeError } = await freshRuntime({ fail: true });
    const controller = new AbortController();
    let closes = 0;
    const stream = new EventStream(eventBody(event(1)), controller, { onClose: () => closes++ });
    const first = stream[Symbol.asyncIterator]();
    const second = stream[Symbol.asyncIterator]();
    await expect(first.next()).rejects.toBeInstanceOf(CozeError);
    await expect(second.next()).rejects.toThrow('could not be loaded');
    // Only the first iterator claimed the stream: it is closed once, not twice.
    await vi.waitFor(() => expect(closes).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closes).toBe(1);
  });
});
