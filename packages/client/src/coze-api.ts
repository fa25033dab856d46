import type { APIPromise, EventStream, RequestOptions } from '@coze/runtime';
import { ChatStream, type ChatEvent } from './chat-stream.js';
import { ChatResource, CozeSdk } from './gen/hey-api/sdk.gen.js';
import type { ChatCreateParams } from './gen/hey-api/types.gen.js';
import { createRuntimeClient, type CozeAPIOptions } from './options.js';

/** The parameters of `chat.stream`: those of `chat.create`, without `stream`. */
export type ChatStreamParams = Omit<ChatCreateParams, 'stream'>;

export interface ChatStreamOptions extends RequestOptions {
  /** The longest wait between two events, in ms. @default the client's timeout (30 000) */
  idleTimeout?: number;
}

/** `coze.chat`: the generated operations, plus `stream()`. */
export class ChatAPI extends ChatResource {
  /**
   * Creates a chat whose reply streams as server-sent events (`stream: true`). Retries happen only
   * before the stream opens; the rate limiter applies when it opens.
   *
   * @example
   * const stream = coze.chat.stream({ messages: [{ role: 'user', content: '你好' }] });
   * for await (const text of stream.textDeltas()) process.stdout.write(text);
   */
  stream(params: ChatStreamParams, options: ChatStreamOptions = {}): ChatStream {
    const { idleTimeout, ...rest } = options;
    const opened = this.create(
      { ...params, stream: true },
      { ...rest, sse: { endEvent: 'done', errorEvent: 'error', idleTimeout } } as RequestOptions,
    ) as unknown as APIPromise<EventStream<ChatEvent>>;
    return new ChatStream(opened);
  }
}

/**
 * The Coze API client. Its resources and methods come from the spec's operationIds
 * (`chat.create` → `coze.chat.create()`); each method takes one flat object of parameters and
 * resolves to the response data, with auth, rate limiting (10 requests/s), retries with backoff,
 * 30 s timeouts and typed errors.
 *
 * @example
 * import { CozeAPI } from '@coze/client';
 * const coze = new CozeAPI({ apiKey: process.env.COZE_API_KEY });
 * const chat = await coze.chat.create({ messages: [{ role: 'user', content: '你好' }] });
 * console.log(chat.content);
 */
export class CozeAPI extends CozeSdk {
  #chat: ChatAPI | undefined;

  constructor(options: CozeAPIOptions = {}) {
    super({ client: createRuntimeClient(options) });
  }

  override get chat(): ChatAPI {
    return (this.#chat ??= new ChatAPI({ client: this.client }));
  }
}
