export { CozeAPI, ChatAPI, type ChatStreamOptions, type ChatStreamParams } from './coze-api.js';
export { VERSION } from './identity.js';
export { ChatStream, type ChatEvent } from './chat-stream.js';
export type { CozeAPIDerivedOptions, CozeAPIOptions } from './options.js';
export type * from './gen/hey-api/types.gen.js';
export {
  APIConnectionError,
  APIError,
  APIPromise,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  CozeError,
  EventStream,
  InternalServerError,
  MemoryRateLimitStore,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  RequestValidationError,
  ResponseTooLargeError,
  StreamParseError,
  UnexpectedResponseError,
  type ApiKey,
  type Hooks,
  type LogLevel,
  type Logger,
  type RateLimitOptions,
  type RateLimitStore,
  type RequestOptions,
  type ResponseInfo,
  type RetryInfo,
  type ValidationIssue,
  type WithResponse,
} from '@coze/runtime';
