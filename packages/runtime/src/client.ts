import { APIPromise, type WithResponse } from './api-promise.js';
import { checkApiKey } from './auth.js';
import { checkBaseUrl } from './base-url.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './body.js';
import { CozeError, errorFromResponse } from './errors/index.js';
import { checkHeaders } from './headers.js';
import { changesState, idempotencyKey } from './idempotency.js';
import { RateLimiter } from './rate-limit/index.js';
import { headersToObject } from './redact.js';
import { EventStream } from './streaming/index.js';
import { send, type OutgoingRequest, type TransportSettings } from './transport.js';
import type { Client, ClientOptions, Config, MethodFn, RequestConfig } from './types.js';
import { buildUrl } from './url.js';
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
  /** The fetch-compatible form of this transport, made once per configuration. */
  fetch: typeof fetch;
}

/**
 * Creates the client the generated bindings run on. It knows no API path: the bindings pass each
 * operation's method, URL template, parameters and security, and the client adds auth, rate
 * limiting, retries, timeouts, validation and typed errors.
 */
export function createClient(config: Config = {}): Client {
  let state = resolve(config);

  function call(method: string, options: RequestConfig): APIPromise<unknown> {
    const page = (cursor: string | undefined): APIPromise<unknown> => {
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
      state = resolve({ ...state.config, ...update });
      return state.config;
    },
    buildUrl: (options) => buildUrl(state.baseUrl, options.url, options.path, options.query),
  };
  return client;
}

function resolve(config: Config): State {
  if (config.fetch === undefined && typeof globalThis.fetch !== 'function') {
    throw new CozeError('No fetch: pass `fetch` (globalThis.fetch is missing).');
  }
  checkClientLimits(config);
  if (typeof config.apiKey === 'string') checkApiKey(config.apiKey);
  const defaultHeaders = lowerCaseHeaders(config.defaultHeaders);
  checkHeaders(defaultHeaders, 'defaultHeaders');
  const baseUrl = config.baseUrl ? checkBaseUrl(config.baseUrl, config.allowInsecureBaseURL) : '';
  const transport: TransportSettings = {
    wire: chooseWire(config),
    apiKey: config.apiKey,
    timeout: config.timeout ?? 30_000,
    maxRetries: config.maxRetries ?? 2,
    maxResponseBytes: config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    limiter: config.rateLimit === false ? undefined : new RateLimiter(config.rateLimit ?? {}),
    hooks: config.hooks,
    origin: baseUrl ? new URL(baseUrl).origin : undefined,
    allowInsecure: config.allowInsecureBaseURL === true,
  };
  return { config, baseUrl, defaultHeaders, transport, fetch: createRuntimeFetch(transport) };
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
        : '`proxy` needs the Node transport (Node, Bun, Deno).',
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
): Promise<WithResponse<unknown>> {
  state.config.validate?.({
    method,
    url: options.url,
    body: options.body,
    path: options.path,
    query,
    headers: options.headers,
  });
  if (options.timeout !== undefined || options.maxRetries !== undefined || options.maxResponseBytes !== undefined || options.sse?.idleTimeout !== undefined) {
    checkCallLimits({ ...options, idleTimeout: options.sse?.idleTimeout });
  }
  const headers = { ...state.defaultHeaders };
  for (const name in options.headers) {
    const value = options.headers[name];
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  if (options.sse) headers.accept = 'text/event-stream';
  else headers.accept ??= 'application/json';
  if (changesState(method)) {
    headers['idempotency-key'] = options.idempotencyKey ?? headers['idempotency-key'] ?? idempotencyKey();
  }
  const request: OutgoingRequest = {
    method,
    url: buildUrl(state.baseUrl, options.url, options.path, query),
    headers,
    body: serializeBody(options.body, headers),
    auth: options.security !== undefined && options.security.length > 0,
  };
  const delivered = await send(state.transport, request, {
    signal: options.signal,
    timeout: options.timeout,
    maxRetries: options.maxRetries,
    maxResponseBytes: options.maxResponseBytes,
    readBody: !options.sse,
  });
  const { response, text } = delivered;
  const requestId = response.headers.get('x-request-id') ?? undefined;
  if (!response.ok) {
    throw errorFromResponse(response.status, text ?? '', headersToObject(response.headers), delivered.retryAfter);
  }
  if (options.sse && text === undefined) {
    const stream = new EventStream(response, delivered.controller, {
      ...options.sse,
      idleTimeout: options.sse.idleTimeout ?? options.timeout ?? state.transport.timeout,
      signal: options.signal,
      onClose: delivered.release,
    });
    return { data: stream, response, requestId };
  }
  return { data: parseBody(response, text ?? ''), response, requestId };
}

function serializeBody(body: unknown, headers: Record<string, string>): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(body);
}

function parseBody(response: Response, text: string): unknown {
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CozeError(`The ${response.status} response is not the JSON it claims to be.`, { cause: error });
  }
}

function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers) result[name.toLowerCase()] = headers[name]!;
  return result;
}
