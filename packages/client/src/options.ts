import {
  APIPromise,
  CozeError,
  createClient,
  createConfig,
  detectPlatform,
  rejectUnknownOptions,
  type ApiKey,
  type Client,
  type MethodFn,
  type RequestConfig,
  type RequestOptions,
  type RuntimeOptions,
} from '@coze/runtime';
import { client as generatedClient } from './gen/hey-api/@coze/runtime.gen.js';
import { identityHeaders } from './identity.js';
import { validateRequest } from './validation.js';

/** Options of `new CozeAPI()` and `createFetchClient()`. */
export interface CozeAPIOptions extends Omit<RuntimeOptions, 'validate' | 'apiKey'> {
  /**
   * The bearer token, or a sync or async function returning one (asked before every attempt, for
   * rotating tokens). In a browser, pass a function that fetches a short-lived token from your
   * backend: a string is refused there unless `dangerouslyAllowBrowser` is set.
   * @default process.env.COZE_API_KEY
   */
  apiKey?: ApiKey;
  /** @default process.env.COZE_BASE_URL, else the spec's server, https://api.coze.cn/v1 */
  baseURL?: string;
  /** Check input against the API contract before sending. @default true */
  validateRequests?: boolean;
  /**
   * Allow a static string `apiKey` in a browser. The token then ships to every visitor of the page,
   * who can use it with all its permissions: only for pages whose every visitor may hold it.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean;
}

// Every option, checked by the compiler against CozeAPIOptions in both directions.
const OPTION_NAMES = Object.keys({
  apiKey: true,
  baseURL: true,
  validateRequests: true,
  dangerouslyAllowBrowser: true,
  timeout: true,
  maxRetries: true,
  rateLimit: true,
  fetch: true,
  defaultHeaders: true,
  allowInsecureBaseURL: true,
  hooks: true,
  maxResponseBytes: true,
  proxy: true,
  fetchOptions: true,
} satisfies Record<keyof CozeAPIOptions, true>);

// What a caller may pass as a call's last argument, and what the generated bindings add to it.
const CALL_OPTION_NAMES = Object.keys({
  signal: true,
  timeout: true,
  maxRetries: true,
  headers: true,
  idempotencyKey: true,
  maxResponseBytes: true,
} satisfies Record<keyof RequestOptions, true>);
const BINDING_KEYS = new Set(
  Object.keys({
    url: true,
    method: true,
    body: true,
    path: true,
    query: true,
    security: true,
    responseStyle: true,
    throwOnError: true,
    meta: true,
    client: true,
    sse: true,
  } satisfies Record<Exclude<keyof RequestConfig, keyof RequestOptions>, true>),
);

const BROWSER_KEY_REFUSED =
  'A string `apiKey` in a browser would ship your token to every visitor of the page. Pass `apiKey` as an ' +
  'async function that fetches a short-lived token from your backend, or set `dangerouslyAllowBrowser: true` ' +
  'if every visitor of this page may hold the token.';

function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === '' ? undefined : value;
}

/**
 * A runtime client with this SDK's defaults: the spec's server, the environment's token, validation,
 * the SDK's identity header. Misspelt options and a browser-exposed token fail here, before any request.
 */
export function createRuntimeClient(options: CozeAPIOptions): Client {
  rejectUnknownOptions(options, OPTION_NAMES, 'the Coze client');
  const { baseURL, validateRequests, dangerouslyAllowBrowser, defaultHeaders, ...runtime } = options;
  const apiKey = options.apiKey === '' ? undefined : (options.apiKey ?? env('COZE_API_KEY'));
  if (apiKey === undefined) {
    throw new CozeError('No API key: pass `apiKey` to the client or set the COZE_API_KEY environment variable.');
  }
  if (typeof apiKey === 'string' && dangerouslyAllowBrowser !== true && detectPlatform().browser) {
    throw new CozeError(BROWSER_KEY_REFUSED);
  }
  const client = createClient(
    createConfig({
      ...runtime,
      apiKey,
      baseUrl: baseURL ?? env('COZE_BASE_URL') ?? generatedClient.getConfig().baseUrl,
      // The caller's headers win, User-Agent included.
      defaultHeaders: { ...identityHeaders(), ...defaultHeaders },
      ...(validateRequests === false ? {} : { validate: validateRequest }),
    }),
  );
  return withCheckedCallOptions(client);
}

/**
 * Throws on a misspelt name among a call's options (its last argument), such as `timeOut`: ignored, it
 * would leave the call with a default the caller meant to change.
 *
 * @param also names a method takes beyond the common request options
 */
export function checkCallOptions(options: object, also: readonly string[] = []): void {
  const given: Record<string, true> = {};
  for (const key in options) if (!BINDING_KEYS.has(key)) given[key] = true;
  rejectUnknownOptions(given, also.length ? [...CALL_OPTION_NAMES, ...also] : CALL_OPTION_NAMES, 'a request');
}

/** The client, with every call's options checked before anything is sent; a misspelt one rejects the call. */
function withCheckedCallOptions(client: Client): Client {
  const checked = (method: MethodFn): MethodFn =>
    ((config: RequestConfig) => {
      try {
        checkCallOptions(config);
      } catch (error) {
        return new APIPromise(Promise.reject(error));
      }
      return method(config);
    }) as MethodFn;
  return {
    ...client,
    get: checked(client.get),
    post: checked(client.post),
    put: checked(client.put),
    patch: checked(client.patch),
    delete: checked(client.delete),
    head: checked(client.head),
    options: checked(client.options),
    request: checked(client.request),
  };
}
