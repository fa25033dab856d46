import { APIPromise, RequestValidationError, type Client, type EventStream, type RequestOptions } from '@coze/runtime';
import { callOptionsError, checkedOptions } from './call-options.js';
import { ChatStream, type ChatEvent } from './chat-stream.js';
import { ChatResource, CozeSdk } from './gen/hey-api/sdk.gen.js';
import type { Chat, ChatCreateParams } from './gen/hey-api/types.gen.js';
import { createRuntimeClient, deriveRuntimeClient, type CozeAPIDerivedOptions, type CozeAPIOptions } from './options.js';

/** The parameters of `chat.stream`: those of `chat.create` (whose `stream` switch the spec leaves to this method). */
export type ChatStreamParams = ChatCreateParams;

export interface ChatStreamOptions extends RequestOptions {
  /** The longest wait between two events, in ms. @default the client's timeout (30 000) */
  idleTimeout?: number;
  /**
   * The most characters an unfinished event may hold (a line that never ends, data lines with no blank
   * line): beyond it the stream fails with StreamParseError and the connection closes. @default 8388608 (8 Mi)
   */
  maxEventSize?: number;
}

/** The runtime client a CozeAPI made by withOptions() is built on: a key no caller can write. */
const ADOPT = Symbol('runtime client');

/** `coze.chat`: the generated operations, plus `stream()`. */
export class ChatAPI extends ChatResource {
  /**
   * Sends the conversation's messages to a model and resolves to its reply, at once. For a reply
   * that streams as it is written, call `chat.stream()`.
   *
   * @example
   * const chat = await coze.chat.create({ messages: [{ role: 'user', content: '你好' }] });
   * console.log(chat.content);
   */
  override create(parameters: ChatCreateParams, options?: RequestOptions): APIPromise<Chat> {
    // Plain JavaScript can still pass it; the answer would be raw event-stream text, not a Chat.
    if ((parameters as { stream?: unknown } | undefined)?.stream === true) {
      const issue = { field: 'stream', rule: 'stream', message: 'chat.create() does not stream: call chat.stream() for a streamed reply' };
      return new APIPromise<Chat>(Promise.reject(new RequestValidationError([issue])));
    }
    return super.create(parameters, options);
  }

  /**
   * Creates a chat whose reply streams as server-sent events (`stream: true`). Retries happen only
   * before the stream opens; the rate limiter applies when it opens.
   *
   * @example
   * const stream = coze.chat.stream({ messages: [{ role: 'user', content: '你好' }] });
   * for await (const text of stream.textDeltas()) process.stdout.write(text);
   */
  stream(params: ChatStreamParams, options: ChatStreamOptions = {}): ChatStream {
    const error = callOptionsError(options ?? {}, ['idleTimeout', 'maxEventSize']);
    if (error) return new ChatStream(new APIPromise(Promise.reject(error)));
    const { idleTimeout, maxEventSize, ...rest } = options ?? {};
    // The stream's close() stops the request while it is opening: the call goes with a signal of its own too.
    const closer = new AbortController();
    // With the caller's signal too, where the runtime can join two (AbortSignal.any: Node 20.3+, Bun, Deno, browsers, workerd).
    const signal = rest.signal ? (AbortSignal.any?.([rest.signal, closer.signal]) ?? rest.signal) : closer.signal;
    // `sse` is no caller's option (callOptions refuses it): marked as checked, it passes as this method's own.
    const opened = super.create(
      { ...params, stream: true } as ChatCreateParams,
      checkedOptions({ ...rest, signal, sse: { endEvent: 'done', errorEvent: 'error', idleTimeout, maxEventSize } }) as RequestOptions,
    ) as unknown as APIPromise<EventStream<ChatEvent>>;
    return new ChatStream(opened, closer);
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
    super({ client: (options as { [ADOPT]?: Client })[ADOPT] ?? createRuntimeClient(options) });
  }

  /**
   * A client with other defaults for some calls (a longer timeout for one job, more retries, extra
   * headers, its own hooks or log level) that shares this client's rate-limit bucket and its
   * connections: calls through both count against one quota, as the server counts them. This
   * client is unchanged. Where calls go and whose quota they spend (`apiKey`, `baseURL`,
   * `rateLimit`, `fetch`, `fetchOptions`, `proxy`, …) cannot change: create a new CozeAPI for that.
   *
   * @example
   * const coze = new CozeAPI();
   * const patient = coze.withOptions({ timeout: 120_000, maxRetries: 5, defaultHeaders: { 'x-job': 'nightly' } });
   * await patient.workflow.run({ workflow_id, inputs }); // same bucket as coze's calls
   */
  withOptions(options: CozeAPIDerivedOptions): CozeAPI {
    return new CozeAPI({ [ADOPT]: deriveRuntimeClient(this.client, options) } as CozeAPIOptions);
  }

  override get chat(): ChatAPI {
    return (this.#chat ??= new ChatAPI({ client: this.client }));
  }
}
