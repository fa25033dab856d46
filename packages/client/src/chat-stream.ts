import { CozeError, EventStream, type APIPromise, type WithResponse } from '@coze/runtime';
import type { Chat, ChatDoneEvent, ChatErrorEvent, ChatStreamEvent } from './gen/hey-api/types.gen.js';

/** The events a streamed chat yields: its end marker ends the loop and its error event is thrown. */
export type ChatEvent = Exclude<ChatStreamEvent, ChatDoneEvent | ChatErrorEvent>;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A streamed chat. Iterate its typed events with `for await`, or use a helper: `textDeltas()` for
 * the text as it arrives, `finalChat()` for the completed chat. It can be consumed once. The
 * request is sent at once; when it fails (a 401, a 429 after the retries, a reset), the error is
 * thrown where the stream is read, however much later.
 *
 * @example
 * for await (const text of coze.chat.stream({ messages }).textDeltas()) process.stdout.write(text);
 */
export class ChatStream implements AsyncIterable<ChatEvent> {
  readonly #opened: APIPromise<EventStream<ChatEvent>>;
  /** What readers wait for: the stream, or, once close() stopped the request before it opened, a closed one. */
  readonly #readable: Promise<EventStream<ChatEvent>>;
  /** Stops the request while it is still opening (the call's signal). */
  readonly #closer: AbortController | undefined;
  #stream: EventStream<ChatEvent> | undefined;
  #closed = false;

  /** @param closer the AbortController whose signal the request was sent with, for close() to stop it before it opens */
  constructor(opened: APIPromise<EventStream<ChatEvent>>, closer?: AbortController) {
    this.#opened = opened;
    this.#closer = closer;
    this.#readable = opened.then(
      (stream) => (this.#stream = stream),
      (error: unknown) => {
        if (this.#closed) return closedStream();
        throw error;
      },
    );
    // The caller may start reading after the request failed: the failure waits for it there (every
    // reader below goes through #readable) instead of being an unhandled rejection that ends the process.
    this.#readable.catch(() => undefined);
  }

  /**
   * The stream's own iterator: it waits for the stream to open, then reads it with nothing in between. Leaving it
   * before the stream opened (a `break`, `return()`) stops the request, as close() does.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<ChatEvent> {
    const events = EventStream.iterate(this.#readable);
    const leave = events.return!.bind(events);
    events.return = (value?: unknown) => {
      if (!this.#stream) void this.close();
      return leave(value);
    };
    return events;
  }

  /** The reply's text, piece by piece, as it arrives. */
  textDeltas(): AsyncIterableIterator<string> {
    const events = this[Symbol.asyncIterator]();
    const step = (result: IteratorResult<ChatEvent>): IteratorResult<string> | Promise<IteratorResult<string>> => {
      if (result.done) return DONE;
      const event = result.value;
      return event.event === 'chat.message.delta' ? { done: false, value: event.data.delta } : events.next().then(step);
    };
    const deltas: AsyncIterableIterator<string> = {
      next: () => events.next().then(step),
      return: () => events.return!().then(() => DONE),
      [Symbol.asyncIterator]: () => deltas,
    };
    return deltas;
  }

  /** Reads the whole stream and resolves to the completed chat (the same object `chat.create` returns). */
  async finalChat(): Promise<Chat> {
    let chat: Chat | undefined;
    for await (const event of this) {
      if (event.event === 'chat.completed') chat = event.data;
    }
    if (!chat) throw new CozeError("The stream ended without a 'chat.completed' event.");
    return chat;
  }

  /** The HTTP response the stream arrives on (status, headers, request id), once it has opened. */
  withResponse(): Promise<WithResponse<EventStream<ChatEvent>>> {
    return this.#opened.withResponse();
  }

  /**
   * Closes the connection, or stops the request if the stream has not opened yet; a loop over the stream ends
   * quietly either way. A stream that failed to open has nothing to close.
   */
  async close(): Promise<void> {
    if (!this.#stream) {
      this.#closed = true;
      this.#closer?.abort(new CozeError('The stream was closed before it opened.'));
    }
    const stream = await this.#opened.then(undefined, () => undefined);
    stream?.close();
  }
}

/** A stream that is over before it began: what readers get once close() stopped the request that was opening it. */
function closedStream(): EventStream<ChatEvent> {
  const stream = new EventStream<ChatEvent>(new Response('', { headers: { 'content-type': 'text/event-stream' } }), new AbortController(), {});
  stream.close();
  return stream;
}
