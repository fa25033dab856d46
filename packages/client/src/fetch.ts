import * as openapiFetch from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import type { paths } from './gen/paths.gen.js';
import { createRuntimeClient, type CozeAPIOptions } from './options.js';

export type { paths } from './gen/paths.gen.js';
export type CozeFetchClient = Client<paths, 'application/json'>;

// openapi-fetch exports its factory only as `default`; from our CommonJS build, Node's interop hands
// over the whole module as `default`, so the factory is one level further down.
type Factory = typeof openapiFetch.default;
const interop = openapiFetch.default as Factory | { default: Factory };
const createOpenApiFetch: Factory = typeof interop === 'function' ? interop : interop.default;

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
  const runtime = createRuntimeClient({ ...options, validateRequests: false });
  const { baseUrl, defaultHeaders } = runtime.getConfig();
  // The runtime's fetch sends what it is given: the SDK's identity header comes in through openapi-fetch.
  return createOpenApiFetch<paths, 'application/json'>({ baseUrl, fetch: runtime.fetch, headers: defaultHeaders });
}
