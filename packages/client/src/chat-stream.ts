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

  constructor(opened: APIPromise<EventStream<ChatEvent>>) {
    this.#opened = opened;
    // The caller may start reading after the request failed: the failure waits for it there (every
    // reader below goes through #opened) instead of being an unhandled rejection that ends the process.
    opened.withResponse().catch(() => undefined);
  }

  /** The stream's own iterator: it waits for the stream to open, then reads it with nothing in between. */
  [Symbol.asyncIterator](): AsyncIterableIterator<ChatEvent> {
    return EventStream.iterate(this.#opened);
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

  /** Closes the connection; a loop over the stream ends quietly. A stream that failed to open has nothing to close. */
  async close(): Promise<void> {
    const stream = await this.#opened.then(undefined, () => undefined);
    stream?.close();
  }
}
