/**
 * The EventStream handle: what a call that streams returns, small enough for every bundle. The code
 * that reads the events (event-stream.ts: the iterator, the SSE parser) is loaded when a stream is
 * first read, so that an app that never streams does not ship it (3.4 kB of gzip, with the SSE parser,
 * in a browser bundle that splits on dynamic imports; a bundler that does not split inlines it).
 */
import { CozeError } from '../errors/index.js';
import type { eventIterator } from './event-stream.js';

/** Abort reason of close(): the iterator ends quietly for it. */
export const CLOSED = Symbol('closed by the caller');

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
  /**
   * The longest wait for the next event, in ms: a timeout between events, not a total. Comments
   * (keep-alives) and stray bytes do not reset it; the time the caller spends on an event does not count.
   */
  idleTimeout?: number;
  /**
   * The most characters one event may hold; a larger one (a line that never ends) fails the stream
   * with StreamParseError and closes the connection. @default 8388608 (8 Mi)
   */
  maxEventSize?: number;
}

export interface StreamControls extends EventStreamOptions {
  /** The caller's signal: aborting it ends the stream with APIUserAbortError (close() ends it quietly). */
  signal?: AbortSignal | undefined;
  /** Called once the stream is finished with, however it ended. */
  onClose?: () => void;
  /**
   * Replaces the request's token in what an error quotes of the stream (an error event, a malformed
   * one, a body that is not a stream): a function, so that no field holds the token.
   */
  redact?: ((text: string) => string) | undefined;
}

/**
 * The events of one `text/event-stream` response, typed as `T`. Iterate it once with `for await`;
 * breaking out of the loop, `close()` or aborting the signal closes the connection at once. Each
 * event is yielded as soon as its bytes arrive, and the events that arrived before a connection
 * broke are all yielded before its error. An error event (its APIError), a malformed or oversized
 * frame (StreamParseError), a response that is not an event stream (UnexpectedResponseError), a
 * dropped connection or a stream that ends without its end marker (APIConnectionError) is thrown
 * as a typed error.
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
    return iteratorOf<T>(() => Promise.resolve(opened).then((stream) => stream.claim()));
  }

  /** Closes the connection without reading further; a loop over the stream ends quietly. */
  close(): void {
    this.controller.abort(CLOSED);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return iteratorOf<T>(() => this.claim());
  }

  /** What an iterator reads; only the first one to ask gets it. */
  private claim(): Source {
    if (this.consumed) throw new CozeError('This stream was already iterated; a stream can be read once.');
    this.consumed = true;
    return { response: this.response, controller: this.controller, options: this.options };
  }
}

/** What an iterator reads: the response, the connection's controller and the stream's settings. */
export interface Source {
  response: Response;
  controller: AbortController;
  options: StreamControls;
}

type MakeIterator = typeof eventIterator;

/** The iterator's code once loaded; until then, the load in flight (undefined again if it failed). */
let loaded: MakeIterator | undefined;
let loading: Promise<MakeIterator> | undefined;

function load(): Promise<MakeIterator> {
  loading ??= import('./event-stream.js').then(
    (module) => (loaded = module.eventIterator),
    (error: unknown) => {
      // A chunk that failed to load (a browser gone offline) is tried again by the next stream.
      loading = undefined;
      throw new CozeError(`The code that reads event streams could not be loaded: ${String(error)}`, { cause: error });
    },
  );
  return loading;
}

/**
 * The events of `claim`'s stream. Once the reading code is loaded this is that iterator itself, with
 * nothing in between; before, a stand-in whose calls wait for the load and then go to it, in order.
 */
function iteratorOf<T extends StreamEvent>(claim: () => Source | PromiseLike<Source>): AsyncIterableIterator<T> {
  // Stryker disable next-line ConditionalExpression: a stand-in over loaded code hands out the same events, a few microtasks later
  if (loaded) return loaded<T>(claim);
  let real: AsyncIterableIterator<T> | undefined;
  const ready = (): Promise<AsyncIterableIterator<T>> =>
    load().then(
      (make) => (real ??= make<T>(claim)),
      (error: unknown) => {
        abandon(claim);
        throw error;
      },
    );
  /** A call on the real iterator: at once when it exists, after the load before. */
  const forward = (call: (events: AsyncIterableIterator<T>) => Promise<IteratorResult<T>>) => (real ? call(real) : ready().then(call));
  const standIn: AsyncIterableIterator<T> = {
    next: () => forward((events) => events.next()),
    return: (value?: unknown) => forward((events) => events.return!(value)),
    throw: (error?: unknown) => forward((events) => events.throw!(error)),
    [Symbol.asyncIterator]: () => standIn,
  };
  return standIn;
}

/**
 * A stream that will not be read (its code failed to load, or its iterator was ended before reading):
 * its connection is closed and its call let go, as reading to the end would.
 */
export function abandon(claim: () => Source | PromiseLike<Source>): void {
  let claimed: Source | PromiseLike<Source>;
  try {
    claimed = claim();
  } catch {
    return; // read by another iterator, which closes it
  }
  void Promise.resolve(claimed).then(
    ({ controller, options }) => {
      controller.abort(CLOSED);
      options.onClose?.();
    },
    () => undefined,
  );
}
