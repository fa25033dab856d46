import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  CozeError,
  errorFromResponse,
} from '../errors/index.js';
import { SSEParser } from './sse-parser.js';

/** A typed stream event: the SSE `event` name and its `data` decoded as JSON. */
export interface StreamEvent {
  event: string;
  data: unknown;
}

/** How a stream's events are read. */
export interface EventStreamOptions {
  /** The event that ends the stream; a stream that stops before it was cut off. @default 'done' */
  endEvent?: string;
  /** An event whose data is an error body `{code, message, details}`; it is thrown. @default 'error' */
  errorEvent?: string;
  /** The longest wait for the next bytes, in ms; the timeout between events, not a total. */
  idleTimeout?: number;
}

interface StreamControls extends EventStreamOptions {
  /** The caller's signal: aborting it ends the stream with APIUserAbortError. */
  signal?: AbortSignal | undefined;
  /** Called once the stream is finished with, however it ended. */
  onClose?: () => void;
}

/** A frame whose data is not the JSON it should be. */
export class StreamParseError extends CozeError {
  override name = 'StreamParseError';
  /** The SSE event name of the bad frame. */
  readonly event: string;
  constructor(event: string, data: string, options?: { cause?: unknown }) {
    const snippet = data.length > 120 ? `${data.slice(0, 120)}…` : data;
    super(`Malformed '${event}' event: its data is not JSON (${JSON.stringify(snippet)})`, options);
    this.event = event;
  }
}

/**
 * The events of one `text/event-stream` response, typed as `T`. Iterate it once with `for await`;
 * breaking out of the loop or aborting the signal closes the connection at once. Each event is
 * yielded as soon as its bytes arrive. An error event, a malformed frame, a dropped connection or
 * a stream that ends without its end marker is thrown as a typed error.
 */
export class EventStream<T extends StreamEvent = StreamEvent> implements AsyncIterable<T> {
  /** The HTTP response the events arrive on (status, headers). */
  readonly response: Response;
  private consumed = false;

  constructor(
    response: Response,
    private readonly controller: AbortController,
    private readonly options: StreamControls,
  ) {
    this.response = response;
  }

  /**
   * The events of a stream that is still opening, such as an API call's promise of one: the
   * iterator waits for it to open, then reads it with nothing in between, so a wrapper that hands
   * out this iterator adds no cost per event. It can be iterated once, like the stream itself.
   *
   * @example
   * // `opening`: the promise of an EventStream, such as a call made with `sse` options.
   * for await (const { event, data } of EventStream.iterate(opening)) console.log(event, data);
   */
  static iterate<T extends StreamEvent>(opened: PromiseLike<EventStream<T>>): AsyncIterableIterator<T> {
    return eventIterator<T>(() => Promise.resolve(opened).then((stream) => stream.claim()));
  }

  /** Closes the connection without reading further. */
  close(): void {
    this.controller.abort();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return eventIterator<T>(() => this.claim());
  }

  /** What an iterator reads; only the first one to ask gets it. */
  private claim(): Source {
    if (this.consumed) throw new CozeError('This stream was already iterated; a stream can be read once.');
    this.consumed = true;
    return { response: this.response, controller: this.controller, options: this.options };
  }
}

interface Source {
  response: Response;
  controller: AbortController;
  options: StreamControls;
}

const TIMEOUT = Symbol('idle timeout');
const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The iterator behind `for await`, written by hand rather than as an async generator: an event
 * already parsed is handed out with one resolved promise, without a generator's resumption and its
 * extra microtask turns, which cost more per event than parsing it. Bytes are read only when the
 * queue of parsed events is empty, so each event is handed out as soon as its chunk arrives. The
 * stream is claimed at the first next(), once it has opened. Its state lives in this closure, not
 * in fields: it minifies to a fraction of a class.
 */
function eventIterator<T extends StreamEvent>(claim: () => Source | PromiseLike<Source>): AsyncIterableIterator<T> {
  let source: Source | undefined;
  let endEvent = 'done';
  let errorEvent = 'error';
  const parser = new QueueParser();
  const decoder = new TextDecoder();
  /** Parsed events not handed out yet, as name and data pairs from `head` on. */
  let queue: string[] = [];
  let head = 0;
  let count = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let bodyDone = false;
  /** Set once the stream is finished with: ended, failed, returned or aborted. */
  let closed = false;
  /** The connection was aborted (close(), the caller's signal, the idle timer): no more events. */
  let aborted = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The read in flight; a next() called before it settles waits its turn. */
  let pulling: Promise<IteratorResult<T>> | undefined;
  const settled = (): void => {
    pulling = undefined;
  };
  const onAbort = (): void => {
    aborted = true;
    // Node's fetch leaves a read pending forever when it is aborted after the whole body arrived;
    // cancelling the reader settles that read.
    void reader?.cancel().catch(() => undefined);
  };
  const onUserAbort = (): void => source?.controller.abort();

  const next = (): Promise<IteratorResult<T>> => {
    if (pulling) return pulling.then(next, next);
    try {
      if (head < queue.length || closed) return Promise.resolve(take());
      if (!source) {
        const claimed = claim();
        if ('then' in claimed) return track(opening(claimed));
        open(claimed);
      }
    } catch (error) {
      close();
      return Promise.reject(error);
    }
    return track(pull());
  };

  const track = (promise: Promise<IteratorResult<T>>): Promise<IteratorResult<T>> => {
    pulling = promise;
    promise.then(settled, settled);
    return promise;
  };

  /** The first next() of a stream that is still opening: waits for it, then reads. */
  const opening = async (claimed: PromiseLike<Source>): Promise<IteratorResult<T>> => {
    let opened: Source;
    try {
      opened = await claimed;
    } catch (error) {
      close();
      throw error;
    }
    open(opened);
    return closed ? DONE : pull();
  };

  const open = (opened: Source): void => {
    source = opened;
    endEvent = opened.options.endEvent ?? 'done';
    errorEvent = opened.options.errorEvent ?? 'error';
    // return() while the stream was opening: it is closed as soon as it is here.
    if (closed) return release();
    const body = opened.response.body;
    if (!body) throw fail(new APIConnectionError('The stream response has no body.'));
    reader = body.getReader();
    const { signal } = opened.controller;
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    const userSignal = opened.options.signal;
    if (userSignal?.aborted) onUserAbort();
    else userSignal?.addEventListener('abort', onUserAbort, { once: true });
  };

  /** Reads chunks until one completes an event, then hands it out. */
  const pull = async (): Promise<IteratorResult<T>> => {
    const { controller, options } = source!;
    const idle = options.idleTimeout;
    for (;;) {
      if (aborted) throw fail(abortError());
      let chunk: ReadableStreamReadResult<Uint8Array>;
      // The idle timer runs only while waiting for the server, not while the caller handles an event.
      if (idle !== undefined) timer = setTimeout(() => controller.abort(TIMEOUT), idle);
      try {
        chunk = await reader!.read();
      } catch (error) {
        if (closed) return DONE;
        throw fail(abortError(error));
      } finally {
        clearTimeout(timer);
      }
      // return() while this read was in flight: the caller has stopped listening.
      if (closed) return DONE;
      queue = parser.pairs = [];
      head = 0;
      if (chunk.done) {
        bodyDone = true;
        parser.feed(decoder.decode());
        parser.end();
      } else {
        parser.feed(decoder.decode(chunk.value, { stream: true }));
      }
      if (head < queue.length || bodyDone) return take();
    }
  };

  /** The next queued event as an iterator result; throws (and closes) for an error or a cut-off stream. */
  const take = (): IteratorResult<T> => {
    if (closed) return DONE;
    if (aborted) throw fail(abortError());
    if (head === queue.length) {
      throw fail(
        new APIConnectionError(
          `The stream ended after ${count} event(s) without its '${endEvent}' marker: the connection was cut off.`,
        ),
      );
    }
    const event = queue[head]!;
    const text = queue[head + 1]!;
    head += 2;
    if (event === endEvent) {
      close();
      return DONE;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw fail(new StreamParseError(event, text, { cause: error }));
    }
    if (event === errorEvent) throw fail(errorFromEvent(data, source!.response.headers));
    count++;
    return { done: false, value: { event, data } as T };
  };

  /** Why reading stopped: the caller's abort, the idle timeout, or the connection breaking. */
  const abortError = (cause?: unknown): CozeError => {
    const { controller, options } = source!;
    const userSignal = options.signal;
    if (userSignal?.aborted) return new APIUserAbortError(undefined, { cause: userSignal.reason });
    if (controller.signal.reason === TIMEOUT) {
      return new APITimeoutError(`No stream data for ${options.idleTimeout} ms after ${count} event(s): gave up waiting.`);
    }
    return new APIConnectionError(`The stream broke off after ${count} event(s).`, { cause });
  };

  const fail = (error: CozeError): CozeError => {
    close();
    return error;
  };

  /** Stops handing out events, once, however the stream ended; lets go of the stream if it is here. */
  const close = (): void => {
    if (closed) return;
    closed = true;
    queue = parser.pairs = [];
    head = 0;
    release();
  };

  /** Closes the connection and detaches from the stream's signals. */
  const release = (): void => {
    if (!source) return;
    clearTimeout(timer);
    source.controller.abort();
    source.controller.signal.removeEventListener('abort', onAbort);
    source.options.signal?.removeEventListener('abort', onUserAbort);
    reader?.releaseLock();
    source.options.onClose?.();
  };

  const iterator: AsyncIterableIterator<T> = {
    next,
    /** Stops reading and closes the connection: what breaking out of `for await` calls. */
    return: () => {
      close();
      return Promise.resolve(DONE);
    },
    throw: (error?: unknown) => {
      close();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** An SSEParser that queues each event's name and data, without an object per event. */
class QueueParser extends SSEParser {
  /** The iterator's queue itself: scanLines and emit() both add to it, in stream order. */
  override pairs: string[] = [];

  constructor() {
    super(() => undefined);
  }

  /** The events scanLines read are queued already. */
  protected override scanned(): void {}

  protected override emit(event: string, data: string): void {
    this.pairs.push(event, data);
  }
}

function errorFromEvent(data: unknown, headers: Headers) {
  const code = typeof data === 'object' && data !== null ? (data as { code?: unknown }).code : undefined;
  const status = typeof code === 'number' && code >= 400 && code <= 599 ? code : 500;
  const requestId = headers.get('x-request-id');
  return errorFromResponse(status, JSON.stringify(data), requestId ? { 'x-request-id': requestId } : {}, undefined);
}
