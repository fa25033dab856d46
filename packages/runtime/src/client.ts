import { APIPromise, Answer, type WithResponse } from './api-promise.js';
import { checkApiKey } from './auth.js';
import { checkBaseUrl } from './base-url.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './body.js';
import { CozeError, UnexpectedResponseError, errorFromResponse } from './errors/index.js';
import { checkHeaders } from './headers.js';
import { parseCause } from './redact.js';
import { checkLogging, createLog, redact } from './log.js';
import { changesState, idempotencyKey } from './idempotency.js';
import { MemoryRateLimitStore, RateLimiter, type RateLimitOptions } from './rate-limit/index.js';
import type { ResponseHead } from './response-head.js';
import { EventStream } from './streaming/index.js';
import { send, type OutgoingRequest, type TransportSettings } from './transport.js';
import type { Client, ClientOptions, Config, MethodFn, RequestConfig } from './types.js';
import { buildUrl } from './url.js';
import { PARAMETER_ERROR, type ClientParams } from './params.js';
import { createRuntimeFetch } from './runtime-fetch.js';
import { checkCallLimits, checkClientLimits } from './options.js';
import { OWN_FETCH_OPTIONS, fetchWire, type Wire } from './wire.js';

/** Fills in the defaults of a client configuration. */
export function createConfig<T extends ClientOptions = ClientOptions>(
  override: Config<ClientOptions & T> = {},
): Config<Required<ClientOptions> & T> {
  return { responseStyle: 'data', throwOnError: true, ...override } as Config<Required<ClientOptions> & T>;
}

let makeDefaultWire: ((proxy: string | false | undefined) => Wire) | undefined;

/**
 * Lets the Node entry give clients without a custom `fetch` or `fetchOptions` its node:http
 * transport (faster than fetch, and it honours proxies), given the client's `proxy` option.
 */
export function setDefaultWire(factory: (proxy: string | false | undefined) => Wire): void {
  makeDefaultWire = factory;
}

interface State {
  config: Config;
  baseUrl: string;
  transport: TransportSettings;
  defaultHeaders: Record<string, string>;
  /** The fetch-compatible form of this transport, made once per configuration (when the client has one). */
  fetch: typeof fetch;
  /** What a 404 adds when the base URL lacks the API's base path; undefined when it has it. */
  notFoundHint: string | undefined;
}

/** What a derived client shares with its parent: one rate-limit bucket and one connection pool. */
type Shared = Pick<TransportSettings, 'wire' | 'limiter'>;

/**
 * Creates the client the generated bindings run on. It knows no API path: the bindings pass each
 * operation's method, URL template, parameters and security, and the client adds auth, rate
 * limiting, retries, timeouts, validation and typed errors.
 */
export function createClient(config: Config = {}): Client {
  return clientOf(resolve(config, undefined, createRuntimeFetch), createRuntimeFetch);
}

/**
 * {@link createClient} without the fetch-compatible form: its `fetch` rejects. For clients that only
 * make calls through their methods (`CozeAPI`), so that an app's bundle leaves that code out.
 *
 * @example
 * const client = createCallClient({ baseUrl: 'https://api.coze.cn/v1', apiKey });
 * const chat = await client.post({ url: '/chat', body, security: [{ scheme: 'bearer', type: 'http' }] });
 */
export function createCallClient(config: Config = {}): Client {
  return clientOf(resolve(config));
}

/** Makes a client's `fetch` from its transport settings. */
type FetchFactory = (transport: TransportSettings) => typeof fetch;

function clientOf(initial: State, makeFetch?: FetchFactory): Client {
  let state = initial;

  function call(method: string, options: RequestConfig): APIPromise<unknown> {
    const page = (cursor: string | undefined): APIPromise<unknown> => {
      // Stryker disable next-line ConditionalExpression: a `cursor: undefined` is left out of the URL by buildUrl and read as absent by the validators
      const query = cursor === undefined ? options.query : { ...options.query, cursor };
      return new APIPromise(execute(state, method, options, query), page);
    };
    return page(undefined);
  }

  const verb = (method: string) => ((options: RequestConfig) => call(method, options)) as MethodFn;

  const client: Client = {
    get: verb('GET'),
    post: verb('POST'),
    put: verb('PUT'),
    patch: verb('PATCH'),
    delete: verb('DELETE'),
    head: verb('HEAD'),
    options: verb('OPTIONS'),
    request: ((options: RequestConfig) => call((options.method ?? 'GET').toUpperCase(), options)) as MethodFn,
    // Through `state`, so that setConfig also reaches a fetch handed out before it.
    fetch: ((input, init) => state.fetch(input, init)) as typeof fetch,
    getConfig: () => state.config,
    setConfig: (update) => {
      state = resolve({ ...state.config, ...update }, undefined, makeFetch);
      return state.config;
    },
    buildUrl: (options) => buildUrl(state.baseUrl, options.url, options.path, options.query),
    derive: (update) => {
      for (const name of SHARED_SETTINGS) {
        if (name in update && update[name] !== state.config[name]) {
          throw new CozeError(
            `\`${name}\` cannot change in a derived client: it shares its parent's rate-limit bucket and connections. ` +
              'Create a separate client for that.',
          );
        }
      }
      const { wire, limiter } = state.transport;
      return clientOf(resolve({ ...state.config, ...update }, { wire, limiter }, makeFetch), makeFetch);
    },
  };
  return client;
}

/**
 * How long after a burst the default bucket starts refilling (see MemoryRateLimitStoreOptions): more
 * than a new connection's set-up on loopback and nearby hosts, a third of a second over 300 calls.
 */
const REFILL_ALLOWANCE_MS = 100;

/** What a derived client cannot change: its parent's bucket and connections belong to one key on one server. */
const SHARED_SETTINGS = ['apiKey', 'baseUrl', 'rateLimit', 'fetch', 'fetchOptions', 'proxy', 'allowInsecureBaseURL'] as const;

function resolve(config: Config, shared?: Shared, makeFetch?: FetchFactory): State {
  if (config.fetch === undefined && typeof globalThis.fetch !== 'function') {
    throw new CozeError('No fetch: pass `fetch` (globalThis.fetch is missing).');
  }
  checkClientLimits(config);
  if (typeof config.apiKey === 'string') checkApiKey(config.apiKey);
  const defaultHeaders = lowerCaseHeaders(config.defaultHeaders);
  checkHeaders(defaultHeaders, 'defaultHeaders');
  const baseUrl = config.baseUrl ? checkBaseUrl(config.baseUrl, config.allowInsecureBaseURL) : '';
  checkLogging(config.logLevel, config.logger);
  const transport: TransportSettings = {
    wire: shared ? shared.wire : chooseWire(config),
    apiKey: config.apiKey,
    timeout: config.timeout ?? 30_000,
    maxRetries: config.maxRetries ?? 2,
    maxResponseBytes: config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    limiter: shared ? shared.limiter : config.rateLimit === false ? undefined : defaultLimiter(config.rateLimit),
    hooks: config.hooks,
    log: createLog(config.logLevel, config.logger, config.logName ?? '', typeof config.apiKey === 'string' ? config.apiKey : undefined),
    origin: baseUrl ? new URL(baseUrl).origin : undefined,
    allowInsecure: config.allowInsecureBaseURL === true,
  };
  return {
    config,
    baseUrl,
    defaultHeaders,
    transport,
    fetch: makeFetch ? makeFetch(transport) : noFetch,
    notFoundHint: missingBasePath(baseUrl, config.basePath),
  };
}

/** The `fetch` of a client made by createCallClient. */
const noFetch: typeof fetch = () =>
  Promise.reject(new CozeError('This client has no fetch form (it was made by createCallClient): use createClient.'));

/**
 * The sentence a 404 adds when the base URL's path does not end with the API's base path (`/v1`):
 * every operation then misses the API, and the fix is the base URL, not the operation.
 */
function missingBasePath(baseUrl: string, basePath: string | undefined): string | undefined {
  if (!baseUrl || !basePath) return undefined;
  const wanted = basePath.replace(/\/+$/, '');
  const url = new URL(baseUrl);
  // Stryker disable next-line Regex: checkBaseUrl already took every trailing slash off the base URL
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(wanted)) return undefined;
  // Another version (`/v2`) is replaced; a prefix of a gateway (`/coze`) is kept.
  const suggested = `${url.origin}${/\/v\d+$/.test(path) ? path.replace(/\/v\d+$/, '') : path}${wanted}`;
  return `The base URL ${baseUrl} lacks the API's base path ${wanted}: did you mean ${suggested}?`;
}

/** A client's limiter; without a store of the caller's, its bucket allows for the first request's delivery. */
function defaultLimiter(options: RateLimitOptions = {}): RateLimiter {
  // Not an object (`rateLimit: 5`): the limiter refuses it, where a copy would have hidden it.
  if (typeof options !== 'object' || options === null || options.store) return new RateLimiter(options);
  return new RateLimiter({ ...options, store: new MemoryRateLimitStore({ refillAllowanceMs: REFILL_ALLOWANCE_MS }) });
}

/** node:http in Node unless the caller brought a fetch or fetch options; fetch everywhere else. */
function chooseWire(config: Config): Wire {
  const { fetchOptions, proxy } = config;
  for (const name of OWN_FETCH_OPTIONS) {
    if (fetchOptions && name in fetchOptions) throw new CozeError(`fetchOptions.${name} cannot be set: the runtime sets it on every request.`);
  }
  const custom = config.fetch !== undefined || fetchOptions !== undefined;
  if (!custom && makeDefaultWire) return makeDefaultWire(proxy);
  if (proxy !== undefined && proxy !== false) {
    throw new CozeError(
      custom
        ? '`proxy` is for the built-in Node transport: with a custom fetch or fetchOptions, give the proxy to the fetch (e.g. an undici dispatcher).'
        : '`proxy` needs the node:http transport (Node and Bun). In Deno, set HTTPS_PROXY or HTTP_PROXY (its fetch reads them), or pass a `fetch` that uses Deno.createHttpClient({ proxy }).',
    );
  }
  // The default looks globalThis.fetch up on every call, with the global as `this`: browsers and
  // workerd throw "Illegal invocation" when fetch runs with any other `this`.
  return fetchWire(config.fetch ?? ((input, init) => globalThis.fetch(input, init)), fetchOptions);
}

async function execute(
  state: State,
  method: string,
  options: RequestConfig,
  query: Record<string, unknown> | undefined,
): Promise<WithResponse<unknown> | Answer<unknown>> {
  // A generated method's parameters that could not be placed (unknown keys): rejected here, inside the call's promise.
  const parameterError = (options as ClientParams)[PARAMETER_ERROR];
  if (parameterError) throw parameterError;
  state.config.validate?.({
    method,
    url: options.url,
    body: options.body,
    path: options.path,
    query,
    headers: options.headers,
  });
  const { sse } = options;
  if (
    // Stryker disable next-line ConditionalExpression: only spares the check; checkCallLimits accepts a call with none of these set
    options.timeout !== undefined ||
    options.maxRetries !== undefined ||
    options.maxResponseBytes !== undefined ||
    sse?.idleTimeout !== undefined ||
    sse?.maxEventSize !== undefined
  ) {
    checkCallLimits({ ...options, idleTimeout: sse?.idleTimeout, maxEventSize: sse?.maxEventSize });
  }
  // The client's own headers were checked once, when it was made: only the call's are checked here.
  const callHeaders: Record<string, string> = {};
  for (const name in options.headers) {
    const value = options.headers[name];
    if (value !== undefined && value !== null) callHeaders[name.toLowerCase()] = String(value);
  }
  if (options.idempotencyKey !== undefined && changesState(method)) callHeaders['idempotency-key'] = options.idempotencyKey;
  checkHeaders(callHeaders);
  // Object.assign, not a spread: V8 gives a spread copy a map of its own, and each header added to it
  // below then cost about half a microsecond.
  const headers: Record<string, string> = Object.assign({}, state.defaultHeaders, callHeaders);
  if (options.sse) headers.accept = 'text/event-stream';
  else headers.accept ??= 'application/json';
  if (changesState(method)) headers['idempotency-key'] ??= idempotencyKey();
  const request: OutgoingRequest = {
    method,
    url: buildUrl(state.baseUrl, options.url, options.path, query),
    headers,
    body: serializeBody(options.body, headers),
    auth: options.security !== undefined && options.security.length > 0,
    // Stryker disable next-line BooleanLiteral: the transport would check the same headers again, with the same outcome
    headersChecked: true,
  };
  const delivered = await send(state.transport, request, {
    signal: options.signal,
    timeout: options.timeout,
    maxRetries: options.maxRetries,
    maxResponseBytes: options.maxResponseBytes,
    readBody: !options.sse,
  });
  const { response, text } = delivered;
  const requestId = response.get('x-request-id') ?? undefined;
  if (!response.ok) {
    const { status } = response;
    const hint =
      status === 401 && state.config.apiKeySource
        ? `Check the API key: it came from ${state.config.apiKeySource} (the key is not shown).`
        : status === 404
          ? state.notFoundHint
          : undefined;
    // Stryker disable next-line StringLiteral: an error status always comes with its text (the body, or a note of why it is missing)
    throw errorFromResponse(status, text ?? '', response.toObject(), delivered.retryAfter, {
      attempts: delivered.attempts,
      elapsedMs: delivered.elapsedMs,
      hint,
      bodyError: delivered.bodyError,
    });
  }
  // Stryker disable next-line LogicalOperator,ConditionalExpression: a successful stream answer never has its text read, any other answer always has
  if (options.sse && text === undefined) {
    const opened = response.toResponse();
    const { attempt, secret } = delivered;
    const stream = new EventStream(opened, attempt.controller, {
      ...options.sse,
      idleTimeout: options.sse.idleTimeout ?? options.timeout ?? state.transport.timeout,
      signal: options.signal,
      redact: secret === undefined ? undefined : (text: string) => redact(text, secret),
      onClose: () => attempt.release(),
    });
    return { data: stream, response: opened, requestId };
  }
  // Stryker disable next-line StringLiteral: a call that is not a stream always has its answer's text
  return new Answer(parseBody(response, text ?? '', headers.accept, options.parseAs === 'json', delivered.secret), response, requestId);
}

function serializeBody(body: unknown, headers: Record<string, string>): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(body);
}

/**
 * The body as data: JSON parsed, other text as it is (or, when the operation promises JSON, an
 * UnexpectedResponseError). An HTML page in answer to a call that asked for JSON is never the API's
 * data — it is a website at the base URL, or a proxy's login or error page — so it is an
 * UnexpectedResponseError too, not a string handed on as if it were the answer.
 */
function parseBody(response: ResponseHead, text: string, accept: string | undefined, promisesJson: boolean, secret = ''): unknown {
  if (text === '') {
    if (!promisesJson) return undefined;
    // The operation's data would be undefined, which its type says it cannot be.
    throw new UnexpectedResponseError(PROMISED, response.toResponse(), '');
  }
  // Stryker disable next-line StringLiteral: any stand-in without `json` or an HTML type is read as text, as the empty string is
  const type = response.get('content-type') ?? '';
  const saysJson = type.includes('json');
  // Stryker disable next-line OptionalChaining: execute() always sets an Accept header
  if (!saysJson && HTML.test(type) && accept?.includes('json')) {
    throw new UnexpectedResponseError(`a JSON response (an HTML page means the base URL is a website or a proxy's page, not the API)`, response.toResponse(), redact(text, secret).slice(0, 512));
  }
  if (!saysJson && !promisesJson) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!saysJson) throw new UnexpectedResponseError(PROMISED, response.toResponse(), redact(text, secret).slice(0, 512));
    throw new CozeError(`The ${response.status} response is not the JSON it claims to be.`, { cause: parseCause(error, text, redact(text, secret)) });
  }
}

const PROMISED = 'the JSON body the operation promises';

const HTML = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;

function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers) result[name.toLowerCase()] = headers[name]!;
  return result;
}
