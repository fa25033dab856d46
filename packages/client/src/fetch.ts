import * as openapiFetch from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import type { paths } from './gen/paths.gen.js';
import { createClient } from '@coze/runtime';
import { createRuntimeClient, type CozeAPIOptions } from './options.js';

export type { paths } from './gen/paths.gen.js';
export type CozeFetchClient = Client<paths, 'application/json'>;

// openapi-fetch exports its factory only as `default`; from our CommonJS build, Node's interop hands
// over the whole module as `default`, so the factory is one level further down.
type Factory = typeof openapiFetch.default;
const interop = openapiFetch.default as Factory | { default: Factory };
const createOpenApiFetch: Factory = typeof interop === 'function' ? interop : interop.default;

/**
 * The Request openapi-fetch builds for each call, except that it does not follow the caller's
 * signal: a Request made with a signal adds a listener to it that only garbage collection removes
 * (one more per call on a long-lived signal). It keeps the signal for the runtime's fetch, which
 * listens only while the call runs.
 */
class CallRequest extends Request {
  constructor(input: RequestInfo | URL, init: RequestInit = {}) {
    const { signal, ...rest } = init;
    super(input, rest);
    if (signal) Object.defineProperty(this, 'signal', { value: signal });
  }
}

/**
 * An openapi-fetch client typed by the spec's `paths`, on the same runtime as `CozeAPI`: auth, rate
 * limiting, retries, timeouts. Calls return `{ data, error, response }` as openapi-fetch does.
 * To stream a chat, send `stream: true` with `Accept: text/event-stream` and `parseAs: 'stream'`;
 * `response.body` is then the raw event stream.
 *
 * @example
 * import { createFetchClient } from '@coze/client/fetch';
 * const client = createFetchClient({ apiKey: process.env.COZE_API_KEY });
 * const { data, error } = await client.POST('/chat', { body: { messages: [{ role: 'user', content: '你好' }] } });
 */
export function createFetchClient(options: CozeAPIOptions = {}): CozeFetchClient {
  const runtime = createRuntimeClient({ ...options, validateRequests: false }, createClient);
  const { baseUrl, defaultHeaders } = runtime.getConfig();
  // The runtime's fetch sends what it is given: the SDK's identity header comes in through openapi-fetch.
  return createOpenApiFetch<paths, 'application/json'>({
    baseUrl,
    fetch: runtime.fetch,
    headers: defaultHeaders,
    Request: CallRequest,
  });
}
