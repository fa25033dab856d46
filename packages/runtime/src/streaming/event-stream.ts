import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  CozeError,
  errorFromResponse,
} from '../errors/index.js';
import { SSEParser, type ServerSentEvent } from './sse-parser.js';

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

const TIMEOUT = Symbol('idle timeout');

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

  /** Closes the connection without reading further. */
  close(): void {
    this.controller.abort();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.consumed) throw new CozeError('This stream was already iterated; a stream can be read once.');
    this.consumed = true;
    const { response, controller } = this;
    const endEvent = this.options.endEvent ?? 'done';
    const errorEvent = this.options.errorEvent ?? 'error';
    const userSignal = this.options.signal;
    const body = response.body;
    if (!body) throw new APIConnectionError('The stream response has no body.');
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const ready: ServerSentEvent[] = [];
    const parser = new SSEParser((event) => ready.push(event));
    const idle = this.options.idleTimeout;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Node's fetch leaves a read pending forever when it is aborted after the whole body arrived;
    // cancelling the reader settles that read.
    controller.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
    let count = 0;
    let ended = false;
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        if (controller.signal.aborted) throw this.readFailure(undefined, count, userSignal);
        // The idle timer runs only while waiting for the server, not while the caller handles an event.
        if (idle !== undefined) timer = setTimeout(() => controller.abort(TIMEOUT), idle);
        try {
          chunk = await reader.read();
        } catch (error) {
          throw this.readFailure(error, count, userSignal);
        } finally {
          clearTimeout(timer);
        }
        if (controller.signal.aborted) throw this.readFailure(undefined, count, userSignal);
        if (chunk.done) {
          parser.feed(decoder.decode());
          parser.end();
        } else {
          parser.feed(decoder.decode(chunk.value, { stream: true }));
        }
        for (let i = 0; i < ready.length; i++) {
          const raw = ready[i]!;
          if (raw.event === endEvent) {
            ended = true;
            return;
          }
          const data = parseData(raw);
          if (raw.event === errorEvent) throw errorFromEvent(data, response.headers);
          count++;
          yield { event: raw.event, data } as T;
          // Events already received are not handed out after the caller aborted.
          if (userSignal?.aborted) throw new APIUserAbortError(undefined, { cause: userSignal.reason });
        }
        ready.length = 0;
        if (chunk.done) break;
      }
      if (!ended) {
        throw new APIConnectionError(
          `The stream ended after ${count} event(s) without its '${endEvent}' marker: the connection was cut off.`,
        );
      }
    } finally {
      controller.abort();
      reader.releaseLock();
      this.options.onClose?.();
    }
  }

  private readFailure(error: unknown, count: number, userSignal: AbortSignal | undefined): CozeError {
    if (userSignal?.aborted) return new APIUserAbortError(undefined, { cause: userSignal.reason });
    if (this.controller.signal.reason === TIMEOUT) {
      return new APITimeoutError(
        `No stream data for ${this.options.idleTimeout} ms after ${count} event(s): gave up waiting.`,
      );
    }
    return new APIConnectionError(`The stream broke off after ${count} event(s).`, { cause: error });
  }
}

function parseData(raw: ServerSentEvent): unknown {
  try {
    return JSON.parse(raw.data);
  } catch (error) {
    throw new StreamParseError(raw.event, raw.data, { cause: error });
  }
}

function errorFromEvent(data: unknown, headers: Headers) {
  const code = typeof data === 'object' && data !== null ? (data as { code?: unknown }).code : undefined;
  const status = typeof code === 'number' && code >= 400 && code <= 599 ? code : 500;
  const requestId = headers.get('x-request-id');
  return errorFromResponse(status, JSON.stringify(data), requestId ? { 'x-request-id': requestId } : {}, undefined);
}
