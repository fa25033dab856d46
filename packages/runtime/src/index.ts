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
export { EventStream, SSEParser, type EventStreamOptions, type ServerSentEvent, type StreamEvent } from './streaming/index.js';
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
