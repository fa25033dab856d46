import { CozeError, type APIPromise, type EventStream, type WithResponse } from '@coze/runtime';
import type { Chat, ChatDoneEvent, ChatErrorEvent, ChatStreamEvent } from './gen/hey-api/types.gen.js';

/** The events a streamed chat yields: its end marker ends the loop and its error event is thrown. */
export type ChatEvent = Exclude<ChatStreamEvent, ChatDoneEvent | ChatErrorEvent>;

/**
 * A streamed chat. Iterate its typed events with `for await`, or use a helper: `textDeltas()` for
 * the text as it arrives, `finalChat()` for the completed chat. It can be consumed once.
 *
 * @example
 * for await (const text of coze.chat.stream({ messages }).textDeltas()) process.stdout.write(text);
 */
export class ChatStream implements AsyncIterable<ChatEvent> {
  readonly #opened: APIPromise<EventStream<ChatEvent>>;

  constructor(opened: APIPromise<EventStream<ChatEvent>>) {
    this.#opened = opened;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ChatEvent> {
    yield* await this.#opened;
  }

  /** The reply's text, piece by piece, as it arrives. */
  async *textDeltas(): AsyncIterable<string> {
    for await (const event of this) {
      if (event.event === 'chat.message.delta') yield event.data.delta;
    }
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

  /** Closes the connection; a loop over the stream ends. */
  async close(): Promise<void> {
    (await this.#opened).close();
  }
}
