/**
 * Reading an event stream: the iterator behind `for await` over an EventStream (stream.ts), loaded
 * when a stream is first read.
 */
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  CozeError,
  StreamParseError,
  UnexpectedResponseError,
  errorFromResponse,
} from '../errors/index.js';
import { parseCause } from '../redact.js';
import { pushBodyOf, type PushBody } from './push-body.js';
import { SSEParser } from './sse-parser.js';
import { CLOSED, abandon, type Source, type StreamEvent } from './stream.js';

/** Abort reasons the iterator gives its connection, to tell why it stopped. */
const TIMEOUT = Symbol('idle timeout');
const FAILED = Symbol('the stream failed');
const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });
/** Queued in place of data that is not JSON: taking it fails the stream. */
const NOT_JSON = Symbol('not JSON');
/** How many bytes reading may run ahead (unparsed) of a consumer that still has events to take. */
const READ_AHEAD_BYTES = 1024 * 1024;
/** How much of a body that is not an event stream is read to say what it was. */
const SNIPPET_CHARS = 512;

/**
 * The iterator behind `for await`, written by hand rather than as an async generator: an event
 * already parsed is handed out with one resolved promise, without a generator's resumption and its
 * extra microtask turns, which cost more per event than parsing it. Its state lives in this
 * closure, not in fields: it minifies to a fraction of a class.
 *
 * Reading runs ahead of the consumer (up to READ_AHEAD_BYTES while events wait to be taken), so
 * the events that arrived before a connection broke are all handed out before the error: a web
 * stream that errors drops the chunks it holds. The chunks read ahead wait as bytes, and are
 * decoded and parsed one at a time as the consumer empties the queue: parsed events hold several
 * times their size in strings and objects that each garbage collection copies (measured on a body
 * that arrives faster than it is read: a tenth of the stream's time), and a chunk parsed just
 * before its events are taken is still in the CPU's cache.
 * The idle timer runs while the consumer waits for an event, and only an event stops it: comments
 * and stray bytes do not keep a stream alive.
 */
export function eventIterator<T extends StreamEvent>(claim: () => Source | PromiseLike<Source>): AsyncIterableIterator<T> {
  let source: Source | undefined;
  // Stryker disable next-line StringLiteral: open() sets both before the first event can be read
  let endEvent = 'done';
  // Stryker disable next-line StringLiteral: open() sets both before the first event can be read
  let errorEvent = 'error';
  let hide = (text: string): string => text;
  let parser: QueueParser | undefined;
  const decoder = new TextDecoder();
  /** Parsed events not handed out yet, as name and data pairs from `head` on (the data decoded). */
  let queue: unknown[] = [];
  let head = 0;
  /** Events handed out. */
  let count = 0;
  /** Locks the body; the chunks come through it, or through `push` when the transport offers that. */
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let push: PushBody | undefined;
  /** Why the first NOT_JSON in the queue is there. */
  let malformed: StreamParseError | undefined;
  /** The response is not an event stream: its first characters, to say what it was. */
  let snippet: string | undefined;
  /** Chunks read while events waited for the consumer, not parsed yet; never any while the queue is empty. */
  let unparsed: Uint8Array[] = [];
  /** Their bytes. */
  let ahead = 0;
  // Stryker disable next-line BooleanLiteral: open() starts reading (and sets it) unless the stream is over already
  let reading = false;
  /** What comes after the queued events: the body's end or a broken connection, told with the events handed out. */
  let ending: ((handedOut: number) => CozeError) | undefined;
  /** The caller's close(), its signal or the idle timer stopped the stream: no event is handed out after it. */
  let stopped: CozeError | typeof CLOSED | undefined;
  /** Set once the stream is finished with: ended, failed, returned or closed. */
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The next() waiting for an event. */
  let waiter: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | undefined;
  /** The next() in flight; a next() called before it settles waits its turn. */
  let pending: Promise<IteratorResult<T>> | undefined;
  const settled = (): void => {
    pending = undefined;
  };

  const ready = (): boolean => head < queue.length || closed || stopped !== undefined || ending !== undefined;

  const next = (): Promise<IteratorResult<T>> => {
    // The common case on a path of its own, small enough for the compiler to keep it fast (measured: a
    // tenth of the CPU a stream costs): an ordinary event with JSON data is queued and nothing else is going on.
    // (A closed stream's queue is empty.) Off, the path below hands out the same event.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: `pending` is set only while the queue is empty, or within the task that hands its event out, before a caller can call again
    if (head < queue.length && pending === undefined && stopped === undefined) {
      const event = queue[head] as string;
      // Stryker disable next-line ConditionalExpression,BlockStatement: off, the path below hands out the same event
      if (event !== endEvent && event !== errorEvent && queue[head + 1] !== NOT_JSON) {
        return Promise.resolve(handOut(event, shift()));
      }
    }
    if (pending) return pending.then(next, next);
    try {
      if (ready()) return Promise.resolve(take());
      if (!source) {
        const claimed = claim();
        // Stryker disable next-line ConditionalExpression: awaiting a source that is here already opens it a microtask later; whatever the caller does in between, close() included, ends the same
        if ('then' in claimed) return track(opening(claimed));
        open(claimed);
        if (ready()) return Promise.resolve(take());
      }
    } catch (error) {
      close();
      return Promise.reject(error);
    }
    return track(wait());
  };

  const track = (promise: Promise<IteratorResult<T>>): Promise<IteratorResult<T>> => {
    pending = promise;
    promise.then(settled, settled);
    return promise;
  };

  /** The first next() of a stream that is still opening: waits for it, then for its first event. */
  const opening = async (claimed: PromiseLike<Source>): Promise<IteratorResult<T>> => {
    let opened: Source;
    try {
      opened = await claimed;
    } catch (error) {
      close();
      throw error;
    }
    open(opened);
    return ready() ? take() : wait();
  };

  const open = (opened: Source): void => {
    source = opened;
    const { options, response } = opened;
    endEvent = options.endEvent ?? 'done';
    errorEvent = options.errorEvent ?? 'error';
    if (options.redact) hide = options.redact;
    // return() while the stream was opening: it is closed as soon as it is here.
    if (closed) return release();
    const body = response.body;
    if (!body) throw fail(new APIConnectionError('The stream response has no body.'));
    parser = new QueueParser(options.maxEventSize, decode);
    queue = parser.pairs;
    if (!isEventStream(response.headers.get('content-type'))) snippet = '';
    push = pushBodyOf(body);
    reader = body.getReader();
    const { signal } = opened.controller;
    const userSignal = options.signal;
    if (userSignal?.aborted) onUserAbort();
    else userSignal?.addEventListener('abort', onUserAbort, { once: true });
    if (signal.aborted) return onAbort();
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal fires 'abort' once: `once` only lets go of the listener when it does
    signal.addEventListener('abort', onAbort, { once: true });
    if (push) startPush();
    else read();
  };

  /** Waits for the next event; the idle timer runs meanwhile. */
  const wait = (): Promise<IteratorResult<T>> =>
    new Promise((resolve, reject) => {
      waiter = { resolve, reject };
      const idle = source!.options.idleTimeout;
      if (idle !== undefined) timer = setTimeout(() => source!.controller.abort(TIMEOUT), idle);
    });

  /** Hands the waiting next() what is ready for it, if anything is. */
  const wake = (): void => {
    const current = waiter;
    if (!current || !ready()) return;
    waiter = undefined;
    clearTimeout(timer);
    try {
      current.resolve(take());
    } catch (error) {
      current.reject(error);
    }
  };

  /**
   * Whether to read on: not once the stream is over, nor while READ_AHEAD_BYTES wait for the consumer
   * (bytes wait only while events do: the queue is never empty while `ahead` is more than 0).
   */
  const wanted = (): boolean =>
    ending === undefined &&
    // Stryker disable next-line EqualityOperator: a byte more or less of read-ahead
    ahead < READ_AHEAD_BYTES &&
    !closed &&
    // Stryker disable next-line ConditionalExpression: close() and the caller's abort also abort the connection, so the next read ends the loop either way
    stopped === undefined;

  /** Reads (again) chunks into the queue until the body ends, fails or runs READ_AHEAD_BYTES ahead of the consumer. */
  const read = (): void => {
    // Stryker disable next-line BooleanLiteral: it only keeps a second reader from starting: two read the same chunks in turn, in order (resume() on a flowing body does nothing)
    reading = true;
    // Stryker disable next-line ConditionalExpression: the web stream reads the same node stream the push form does: the same chunks, through more steps
    if (push) push.resume();
    else void pump();
  };

  /** Reading through the web stream: one chunk per read(). */
  const pump = async (): Promise<void> => {
    while (wanted()) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader!.read();
      } catch (error) {
        brokeOff(error);
        break;
      }
      if (chunk.done) {
        ended();
        break;
      }
      accept(chunk.value);
    }
    reading = false;
    wake();
  };

  /** Reading the pushed chunks: the same steps, with a pause where pump() would stop asking. */
  const startPush = (): void => {
    // Stryker disable next-line BooleanLiteral: it only keeps read() from resuming a body that flows (which does nothing)
    reading = true;
    push!.start(
      (bytes) => {
        accept(bytes);
        if (wanted()) return;
        reading = false;
        push!.pause();
      },
      // The body is over: `ending` is set, so nothing reads again (no `reading = false`).
      () => {
        ended();
        wake();
      },
      (error) => {
        brokeOff(error);
        wake();
      },
    );
  };

  /** A chunk of the body: parsed into the queue (the waiting next() woken), or left for later while events wait. */
  const accept = (bytes: Uint8Array): void => {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a stopped or closed stream hands out nothing from its queue: parsing more only costs time
    if (closed || stopped !== undefined) return;
    // Stryker disable next-line ConditionalExpression: equivalent when it is never true: every chunk is then parsed as it comes (only slower, and holding more)
    if (head < queue.length) {
      unparsed.push(bytes);
      ahead += bytes.byteLength;
      return;
    }
    parseChunk(bytes);
    wake();
  };

  /** Decodes a chunk and parses its events into the queue; the stream fails if they are malformed. */
  const parseChunk = (bytes: Uint8Array): void => {
    const text = decoder.decode(bytes, { stream: true });
    if (snippet !== undefined) {
      snippet += text;
      if (snippet.length >= SNIPPET_CHARS) stop(notAnEventStream());
      return;
    }
    try {
      parser!.feed(text);
    } catch (error) {
      // Stryker disable next-line StringLiteral,ObjectLiteral: the parser throws StreamParseError only; this wraps what no input can make it throw
      stop(error instanceof CozeError ? error : new StreamParseError('The stream could not be parsed.', { cause: error }));
    }
  };

  /** The queue is empty: parses the chunks read ahead until it holds events again or none is left. */
  const parseAhead = (): void => {
    let next = 0;
    while (head === queue.length && next < unparsed.length) {
      const bytes = unparsed[next++]!;
      ahead -= bytes.byteLength;
      parseChunk(bytes);
    }
    unparsed.splice(0, next);
  };

  /**
   * The body is complete: what follows the queued events is the end marker's absence, or what the body was instead.
   * An ending already set stays: a parse error (stop()) comes before the abort that ends the body.
   */
  const ended = (): void => {
    ending ??= snippet === undefined ? endedEarly : () => notAnEventStream();
  };

  /** The body broke off: the queued events, then the error (unless the stream failed first: stop()). */
  const brokeOff = (cause: unknown): void => {
    ending ??= snippet === undefined ? brokenOff(cause) : () => notAnEventStream();
  };

  /** Fails the stream after the queued events, closing the connection now; what was read ahead is dropped. */
  const stop = (error: CozeError): void => {
    ending = () => error;
    unparsed = [];
    source!.controller.abort(FAILED);
  };

  const notAnEventStream = (): CozeError =>
    new UnexpectedResponseError('a text/event-stream response', source!.response, hide(snippet!).slice(0, SNIPPET_CHARS));

  const endedEarly = (handedOut: number): CozeError =>
    new APIConnectionError(
      `The stream ended after ${handedOut} event(s) without its '${endEvent}' marker: the connection was cut off.`,
    );

  const brokenOff =
    (cause: unknown) =>
    (handedOut: number): CozeError =>
      new APIConnectionError(`The stream broke off after ${handedOut} event(s).`, { cause });

  /** The next queued event as an iterator result; throws (and closes) for an error or a cut-off stream. */
  const take = (): IteratorResult<T> => {
    if (closed) return DONE;
    if (stopped !== undefined) {
      if (stopped !== CLOSED) throw fail(stopped);
      close();
      return DONE;
    }
    if (head === queue.length) throw fail(ending!(count));
    const event = queue[head] as string;
    const data = shift();
    if (event === endEvent) {
      close();
      return DONE;
    }
    if (data === NOT_JSON) throw fail(malformed!);
    if (event === errorEvent) throw fail(errorFromEvent(data, source!.response.headers, hide));
    return handOut(event, data);
  };

  /** The data of the event at `head`, which leaves the queue. */
  const shift = (): unknown => {
    const data = queue[head + 1];
    head += 2;
    if (head === queue.length) {
      queue = parser!.pairs = [];
      head = 0;
      parseAhead();
      // Reading had stopped to let the consumer catch up: it goes on once all it read is parsed.
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: reading again sooner, twice or after the end reads the same chunks in the same order; only a single chunk of READ_AHEAD_BYTES could tell (socket reads are 64 KiB at most)
      if (!reading && ahead === 0 && ending === undefined) read();
    }
    return data;
  };

  /**
   * An event's data as the queue holds it: decoded from JSON as the event is read, while its text
   * is still in the CPU's cache (measured: a twentieth of a stream's time, against decoding it when
   * it is taken). Data that is not JSON is queued as NOT_JSON.
   */
  const decode = (event: string, text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      malformed ??= notJSON(event, text, error, hide);
      return NOT_JSON;
    }
  };

  /** An ordinary event (neither the end marker nor an error) as an iterator result. */
  const handOut = (event: string, data: unknown): IteratorResult<T> => {
    count++;
    return { done: false, value: { event, data } as T };
  };

  /** The connection was aborted: say why, unless the stream is already over or failed on its own. */
  const onAbort = (): void => {
    const { controller, options } = source!;
    const reason: unknown = controller.signal.reason;
    // Once: the signal fires once, and only here is `stopped` set.
    // Stryker disable next-line ConditionalExpression: after close(), take() hands out nothing whatever `stopped` says
    if (!closed && reason !== FAILED) {
      const userSignal = options.signal;
      if (reason === CLOSED) stopped = CLOSED;
      else if (userSignal?.aborted) stopped = new APIUserAbortError(undefined, { cause: userSignal.reason });
      else if (reason === TIMEOUT) {
        stopped = new APITimeoutError(`No stream event for ${options.idleTimeout} ms after ${count} event(s): gave up waiting.`);
      } else stopped = new APIConnectionError(`The stream was aborted after ${count} event(s).`, { cause: reason });
    }
    // Node's fetch leaves a read pending forever when it is aborted after the whole body arrived;
    // cancelling the reader settles that read.
    void reader!.cancel().catch(() => undefined);
    wake();
  };
  const onUserAbort = (): void => source!.controller.abort();

  const fail = (error: CozeError): CozeError => {
    close();
    return error;
  };

  /** Stops handing out events, once, however the stream ended; lets go of the stream if it is here. */
  const close = (): void => {
    if (closed) return;
    closed = true;
    // Stryker disable next-line ArrayDeclaration: a closed stream hands out nothing from its queue; emptying it lets the events go
    queue = [];
    // Stryker disable next-line ConditionalExpression: a closed stream hands out nothing from its queue; emptying it lets the events go
    if (parser) parser.pairs = queue;
    head = 0;
    release();
    const current = waiter;
    waiter = undefined;
    current?.resolve(DONE);
  };

  /** Closes the connection and detaches from the stream's signals. */
  const release = (): void => {
    clearTimeout(timer);
    if (!source) return;
    // Its abort fires onAbort, which was added `once`: no listener is left on it.
    source.controller.abort();
    source.options.signal?.removeEventListener('abort', onUserAbort);
    reader?.releaseLock();
    source.options.onClose?.();
  };

  /**
   * return() and throw(): the iterator is done, and so is its stream. Before the first next(), the
   * stream is claimed all the same, to close it: the caller let go of it, and a connection left open
   * would hold its socket (and its call's rate-limit slot) until the stream is collected.
   */
  const letGo = (): void => {
    // Stryker disable next-line ConditionalExpression: a stream claimed already refuses a second claim, which abandon ignores; the check spares making that error
    if (!source) abandon(claim);
    close();
  };

  const iterator: AsyncIterableIterator<T> = {
    next,
    /** Stops reading and closes the connection: what breaking out of `for await` calls. */
    return: () => {
      letGo();
      return Promise.resolve(DONE);
    },
    throw: (error?: unknown) => {
      letGo();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** Whether a Content-Type names an event stream (`text/event-stream`, parameters allowed). */
function isEventStream(contentType: string | null): boolean {
  return /^\s*text\/event-stream\s*(;|$)/i.test(contentType ?? '');
}

/** An SSEParser that queues each event's name and data, without an object per event. */
class QueueParser extends SSEParser {
  /** The iterator's queue itself: scanLines and emit() both add to it, in stream order. */
  override pairs: unknown[] = [];

  constructor(maxEventSize: number | undefined, decode: (event: string, data: string) => unknown) {
    super(() => undefined, { maxEventSize });
    this.decode = decode;
  }

  /** The events scanLines read are queued already. */
  protected override scanned(): void {}

  protected override emit(event: string, data: string): void {
    this.pairs.push(event, this.decode(event, data));
  }
}

function errorFromEvent(data: unknown, headers: Headers, hide: (text: string) => string) {
  // JSON data is an object, an array, a string, a number, a boolean or null: only null has no properties.
  const code = (data as { code?: unknown } | null)?.code;
  const status = typeof code === 'number' && code >= 400 && code <= 599 ? code : 500;
  const requestId = headers.get('x-request-id');
  return errorFromResponse(status, hide(JSON.stringify(data)), requestId ? { 'x-request-id': requestId } : {}, undefined);
}

function notJSON(event: string, data: string, error: unknown, hide: (text: string) => string): StreamParseError {
  const shown = hide(data);
  const snippet = shown.length > 120 ? `${shown.slice(0, 120)}…` : shown;
  return new StreamParseError(`Malformed '${event}' event: its data is not JSON (${JSON.stringify(snippet)})`, {
    event,
    cause: parseCause(error, data, shown),
  });
}
