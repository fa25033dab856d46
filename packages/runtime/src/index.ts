export { createCallClient, createClient, createConfig } from './client.js';
export { buildClientParams, type Field, type Fields, type FieldsConfig, type ClientParams } from './params.js';
export { APIPromise, type CursorPage, type WithResponse } from './api-promise.js';
export type { ApiKey } from './auth.js';
export * from './errors/index.js';
export {
  RateLimiter,
  MemoryRateLimitStore,
  type MemoryRateLimitStoreOptions,
  type RateLimitOptions,
  type RateLimitStore,
} from './rate-limit/index.js';
export { EventStream, type EventStreamOptions, type StreamEvent } from './streaming/index.js';
// The parser itself is `@coze/runtime/sse` (see sse.ts); its event type stays here for the code that names it.
export type { ServerSentEvent } from './streaming/sse-parser.js';
export { backoffDelay, parseRetryAfter, isRetryableStatus, MAX_RETRY_AFTER_MS } from './retry.js';
export { redactHeaders } from './redact.js';
export { detectPlatform, userAgent, type Platform } from './platform.js';
export { closestName, rejectUnknownOptions, unknownOptions, unknownOptionsMessage } from './unknown-options.js';
export { DEFAULT_MAX_RESPONSE_BYTES } from './body.js';
export { MAX_TIMEOUT_MS } from './options.js';
export { MAX_REDIRECTS } from './redirects.js';
export type { Hooks, RequestInfo, ResponseInfo, RetryInfo } from './transport.js';
export { LOG_LEVELS, LOG_BODY_LIMIT, checkLogging, type LogLevel, type Logger } from './log.js';
export type {
  Client,
  ClientOptions,
  Config,
  MethodFn,
  Options,
  RequestConfig,
  RequestOptions,
  RequestResult,
  RequestValidator,
  ResponseStyle,
  ResultPromise,
  RuntimeOptions,
  TDataShape,
} from './types.js';
