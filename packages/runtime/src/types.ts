import type { APIPromise, CursorPage } from './api-promise.js';
import type { ApiKey } from './auth.js';
import type { LogLevel, Logger } from './log.js';
import type { RateLimitOptions } from './rate-limit/index.js';
import type { EventStreamOptions } from './streaming/index.js';
import type { Hooks } from './transport.js';

export type ResponseStyle = 'data' | 'fields';

/** Options every call accepts as its last argument. */
export interface RequestOptions {
  /** Cancels the call: the request, its retries, backoff sleeps and its wait for a rate-limit token. */
  signal?: AbortSignal;
  /** Milliseconds per attempt (for streams: the longest wait between events). At most 2^31 − 1. */
  timeout?: number;
  /** Retries after the first attempt: a whole number ≥ 0. */
  maxRetries?: number;
  /** The largest body read whole for this call, in bytes after decompression. */
  maxResponseBytes?: number;
  /** Extra headers for this call (undefined values are left out). */
  headers?: Record<string, unknown>;
  /** The `Idempotency-Key` of this logical call (POST, PATCH, DELETE); by default one is made up and reused on retries. */
  idempotencyKey?: string;
}

/** Validates an operation's input against the contract; throws RequestValidationError. */
export type RequestValidator = (request: {
  method: string;
  url: string;
  body?: unknown;
  path?: Record<string, unknown> | undefined;
  query?: Record<string, unknown> | undefined;
  headers?: Record<string, unknown> | undefined;
}) => void;

/** The runtime's own settings, with their defaults. */
export interface RuntimeOptions {
  /** Bearer token, or a (sync or async) function returning one, asked before every attempt. */
  apiKey?: ApiKey;
  /**
   * Milliseconds per attempt: it bounds every attempt, whatever the transport does. At most
   * 2 147 483 647 (2^31 − 1, about 24.8 days, the longest a timer can wait); there is no unlimited
   * timeout, since an answer that never comes would hang the caller. @default 30000
   */
  timeout?: number;
  /** Retries after the first attempt, for connection failures, timeouts, 408, 409, 429 and 5xx. @default 2 */
  maxRetries?: number;
  /**
   * The largest response body read whole (JSON answers, error bodies, `client.fetch` downloads), in
   * bytes counted after decompression. A larger body stops the read at once and throws
   * ResponseTooLargeError, which is not retried. Streams are not counted (their events are).
   * @default 33554432 (32 MiB)
   * @example new CozeAPI({ maxResponseBytes: 128 * 1024 * 1024 })
   */
  maxResponseBytes?: number;
  /**
   * The proxy of the built-in Node transport (Node, Bun, Deno): an `http://[user:password@]host:port`
   * URL that every request goes through (https targets through a CONNECT tunnel), or `false` for
   * none. By default the environment decides, as curl and httpx read it: `HTTPS_PROXY` for https
   * URLs, `HTTP_PROXY` for http ones, `NO_PROXY` for hosts reached directly (lower-case names too).
   * Not available with a custom `fetch` or `fetchOptions`: configure the proxy there (e.g. an undici
   * `ProxyAgent` as `fetchOptions.dispatcher`).
   * @default from the environment
   * @example new CozeAPI({ proxy: 'http://proxy.internal:3128' })
   */
  proxy?: string | false;
  /**
   * Extra options for every `fetch` call, such as undici's `dispatcher` (a proxy agent, custom TLS)
   * or `credentials`; setting it sends every request through `fetch` instead of node:http. The
   * runtime's own options (method, headers, body, signal, redirect) cannot be overridden.
   * @example import { ProxyAgent } from 'undici';
   * new CozeAPI({ fetchOptions: { dispatcher: new ProxyAgent('http://proxy.internal:3128') } })
   */
  fetchOptions?: RequestInit & Record<string, unknown>;
  /** The client's token bucket; `false` turns it off. @default { requestsPerSecond: 10, burst: 10 } */
  rateLimit?: RateLimitOptions | false;
  /** The fetch implementation. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** Allow a plain-http base URL on a host that is not loopback. @default false */
  allowInsecureBaseURL?: boolean;
  /**
   * Observers for tracing and metrics, per attempt (`onRequest`, `onResponse` with the response's
   * headers and request id; a redirect the client follows is a request and a response of its own)
   * and per retry (`onRetry`); they see redacted headers.
   */
  hooks?: Hooks;
  /**
   * What the client logs: `'error'` a line per failed call, `'warn'` also per call that needed
   * retries, `'info'` a line per call (method, path, status, elapsed time, attempts, request id),
   * `'debug'` also every attempt with its headers and body (cut at 2,000 characters), every retry
   * with its reason and wait, and every wait for a rate-limit token. The token is redacted from
   * every line. @default 'off'
   */
  logLevel?: LogLevel;
  /**
   * Where log lines go: `console`, or a logger with `error`, `warn`, `info` and `debug` methods, such
   * as pino's or winston's (each gets one string; its own level filters too). @default console
   */
  logger?: Logger;
  /** What every log line starts with, e.g. `[my-sdk]`. @default '' */
  logName?: string;
  /** Where the API key came from, e.g. `the MY_API_KEY environment variable`: a 401's message names it (never the key). */
  apiKeySource?: string;
  /**
   * The path every operation's URL starts with, such as `/v1`. A 404 from a base URL whose path
   * does not end with it says so and suggests the base URL with it.
   */
  basePath?: string;
  /** Validates input before anything is sent (the generated client supplies it). */
  validate?: RequestValidator;
}

export interface ClientOptions {
  baseUrl?: string;
  responseStyle?: ResponseStyle;
  throwOnError?: boolean;
}

export interface Config<T extends ClientOptions = ClientOptions> extends RuntimeOptions {
  baseUrl?: T['baseUrl'];
  responseStyle?: ResponseStyle;
  throwOnError?: T['throwOnError'];
}

/** The shape of an operation's input as the generated types describe it. */
export interface TDataShape {
  body?: unknown;
  headers?: unknown;
  path?: unknown;
  query?: unknown;
  url: string;
}

/** The options argument of a generated method. */
export type Options<
  TData extends TDataShape = TDataShape,
  _ThrowOnError extends boolean = boolean,
  _TResponse = unknown,
> = RequestOptions & ([TData] extends [never] ? unknown : Omit<TData, 'url'>);

/** What a generated method hands to the client. */
export interface RequestConfig extends RequestOptions {
  url: string;
  method?: string;
  body?: unknown;
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  security?: ReadonlyArray<{ type: string; scheme?: string; in?: string; name?: string }>;
  responseStyle?: ResponseStyle;
  throwOnError?: boolean;
  meta?: Record<string, unknown>;
  client?: unknown;
  /** Read the response as server-sent events: the data is an EventStream. */
  sse?: EventStreamOptions;
  /**
   * How a successful answer's body is read. `json`: the operation promises JSON, so an empty body, or
   * one that is not JSON, is an UnexpectedResponseError rather than data its type says it cannot be.
   * `auto` (the default): JSON when the Content-Type says so, other text as it is, nothing as undefined.
   */
  parseAs?: 'auto' | 'json';
}

/** An APIPromise, which is also async-iterable over the items when the data is a cursor page. */
export type ResultPromise<T> =
  T extends CursorPage<infer Item> ? APIPromise<T> & AsyncIterable<Item> : APIPromise<T>;

type SuccessData<TData> = TData extends Record<string, unknown> ? TData[keyof TData] : TData;

export type RequestResult<
  TData = unknown,
  _TError = unknown,
  _ThrowOnError extends boolean = boolean,
  _TResponseStyle extends ResponseStyle = 'data',
> = ResultPromise<SuccessData<TData>>;

export type MethodFn = <
  TData = unknown,
  TError = unknown,
  ThrowOnError extends boolean = boolean,
  TResponseStyle extends ResponseStyle = 'data',
>(
  options: RequestConfig,
) => RequestResult<TData, TError, ThrowOnError, TResponseStyle>;

/** The client the generated bindings call: one method per HTTP verb. */
export interface Client {
  get: MethodFn;
  post: MethodFn;
  put: MethodFn;
  patch: MethodFn;
  delete: MethodFn;
  head: MethodFn;
  options: MethodFn;
  request: MethodFn;
  /** A fetch-compatible function with the runtime's policies (for openapi-fetch and raw calls). */
  fetch: typeof fetch;
  getConfig: () => Config;
  setConfig: (config: Config) => Config;
  buildUrl: (options: Pick<RequestConfig, 'url' | 'path' | 'query'>) => string;
  /**
   * A client with some settings changed (timeout, retries, headers, hooks, logging, validation)
   * that shares this one's rate-limit bucket and connections. Changing what those belong to
   * (apiKey, baseUrl, rateLimit, fetch, fetchOptions, proxy, allowInsecureBaseURL) throws.
   */
  derive: (update: Config) => Client;
}
